"""Training the local model from weighted examples.

The default training set is the public data (banking77 and Hadoop), the taxonomy's
definition phrases and the hand-written generic tickets; the team's corrected tickets
are added with a larger weight so that the model follows the team where they disagree.

The priority head learns from labels re-derived from the definitions
(``definition_labels``), from paraphrases of the definitions, and reads the cue features
(``cues``) beside the embedding. Both heads then get an abstention threshold chosen on
the dev set (``abstention``), which is never trained on.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from support_desk.triage.local.abstention import (
    CATEGORY_POLICY,
    PRIORITY_POLICY,
    AbstentionPolicy,
    choose_threshold,
)
from support_desk.triage.local.cues import CUES_ID
from support_desk.triage.local.definition_labels import definition_priority
from support_desk.triage.local.embedding_cache import EmbeddingCache, ProgressCallback
from support_desk.triage.local.encoder import SentenceEncoder, shared_encoder
from support_desk.triage.local.examples import Example, read_examples_csv
from support_desk.triage.local.model import LinearHead, TriageModel, head_inputs
from support_desk.triage.local.prototypes import definition_examples, priority_paraphrase_examples
from support_desk.triage.local.public_data import public_examples

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GENERIC_EXAMPLES_PATH = DATA_DIR / "generic_train.csv"
# Held out from training: hyperparameters and abstention thresholds are chosen on it.
DEV_EXAMPLES_PATH = DATA_DIR / "dev_triage.csv"

# A team correction counts as much as this many public examples. Chosen by the
# fitness-club adaptation test (see backend/tests/triage_local): enough that a few dozen
# corrections move the decision boundary for the team's own vocabulary.
TEAM_WEIGHT = 20.0
# Inverse regularisation strength of the logistic regressions (chosen in bench/triage).
C_CATEGORY = 0.3
C_PRIORITY = 0.1
CALIBRATION_FRACTION = 0.2
# Priority recipe, chosen on the dev set (bench/triage/priority_compare.py, RESULTS.md).
PRIORITY_CUE_SCALE = 1.0
# Public sources whose (re-derived) priorities the priority head learns from. banking77's
# priorities are a function of its intent, not of what a text says, and teach little.
PRIORITY_PUBLIC_SOURCES = frozenset({"gitbugs_hadoop"})
RELABEL_PRIORITIES = True


def new_version() -> str:
    """A sortable, unique version name: UTC time to the microsecond plus a random suffix."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def base_examples(data_dir: Path | None = None, *, include_generic: bool = True) -> list[Example]:
    """The shipped model's training set: every source given the same total weight.

    Sources: banking77, Hadoop, the taxonomy's definition phrases and (unless
    ``include_generic`` is false) the hand-written generic tickets. Balancing them is
    what makes the model generalise: the public sources are large but describe one
    business each, and left unbalanced they teach banking77's reading of "general"
    (card deliveries, exchange rates) to every helpdesk (see bench/triage/RESULTS.md).
    """
    sources: list[list[Example]] = [*_by_source(public_examples(data_dir)), definition_examples()]
    if include_generic:
        sources.append(read_examples_csv(GENERIC_EXAMPLES_PATH, source="generic"))
    budget = sum(len(s) for s in sources) / len(sources)
    examples = [
        _reweighted(_public_priority(e), e.weight * budget / len(source))
        for source in sources
        for e in source
    ]
    # The paraphrases count as one more source for the priority head; appended last so the
    # category head's examples and weights are exactly what they were without them.
    paraphrases = priority_paraphrase_examples()
    return examples + [_reweighted(e, budget / len(paraphrases)) for e in paraphrases]


def _public_priority(example: Example) -> Example:
    """A public example's priority re-derived from the definitions, or dropped for sources
    the priority head does not learn from."""
    if example.source not in {"banking77", "gitbugs_hadoop"}:
        return example
    if example.source not in PRIORITY_PUBLIC_SOURCES:
        if example.category is None:
            return example
        priority = None
    elif RELABEL_PRIORITIES:
        priority = definition_priority(example.text, example.priority)
    else:
        priority = example.priority
    return Example(example.text, example.category, priority, example.weight, example.source)


def _by_source(examples: list[Example]) -> list[list[Example]]:
    groups: dict[str, list[Example]] = {}
    for example in examples:
        groups.setdefault(example.source, []).append(example)
    return list(groups.values())


def team_examples(examples: Iterable[Example], weight: float = TEAM_WEIGHT) -> list[Example]:
    """The team's corrected tickets, each weighted ``weight`` times its own weight."""
    return [_reweighted(e, e.weight * weight, source=e.source or "team") for e in examples]


def _reweighted(example: Example, weight: float, source: str | None = None) -> Example:
    return Example(example.text, example.category, example.priority, weight, source or example.source)


def train_model(
    examples: Iterable[Example],
    *,
    encoder: SentenceEncoder | None = None,
    cache: EmbeddingCache | None = None,
    progress: ProgressCallback | None = None,
    version: str | None = None,
    calibrate: bool = True,
    dev: Sequence[Example] | None = None,
) -> TriageModel:
    """Train both heads on ``examples`` (their ``weight`` is the sample weight).

    ``progress`` is called with the number of texts embedded so far in each step.
    ``dev`` (default: the packaged dev set) chooses the abstention thresholds; pass an
    empty sequence for a model that never abstains.
    """
    examples = list(examples)
    encoder = encoder or shared_encoder()
    cache = cache or EmbeddingCache(None)
    texts = [e.text for e in examples]
    dev = read_examples_csv(DEV_EXAMPLES_PATH, source="dev") if dev is None else list(dev)
    vectors = cache.embed(texts, encoder, progress)
    dev_vectors = cache.embed([e.text for e in dev], encoder)
    cache.save()
    weights = np.array([e.weight for e in examples], dtype=np.float64)
    heads = {}
    for field, c, cue_scale in (("category", C_CATEGORY, 0.0), ("priority", C_PRIORITY, PRIORITY_CUE_SCALE)):
        labels = [getattr(e, field) for e in examples]
        keep = np.array([label is not None for label in labels])
        head_labels = np.array([label for label in labels if label is not None], dtype=object)
        inputs = head_inputs(vectors[keep], [t for t, k in zip(texts, keep, strict=True) if k], cue_scale)
        head = fit_head(inputs, head_labels, weights[keep], c, calibrate=calibrate)
        heads[field] = replace(head, cue_scale=cue_scale)
    heads = {
        field: _with_threshold(head, field, dev, dev_vectors, policy)
        for (field, head), policy in zip(heads.items(), (CATEGORY_POLICY, PRIORITY_POLICY), strict=True)
    }
    meta = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "training_examples": dict(Counter(e.source for e in examples)),
        "priority_cues": CUES_ID,
        "dev_examples": len(dev),
    }
    return TriageModel(heads["category"], heads["priority"], version or new_version(), meta, encoder)


def _with_threshold(
    head: LinearHead, field: str, dev: Sequence[Example], dev_vectors: np.ndarray, policy: AbstentionPolicy
) -> LinearHead:
    """``head`` with the abstention threshold that ``policy`` chooses on the dev examples."""
    rows = [i for i, e in enumerate(dev) if getattr(e, field) is not None]
    if not rows:
        return replace(head, abstain_below=0.0)
    texts = [dev[i].text for i in rows]
    proba = head.probabilities(head.inputs(dev_vectors[rows], texts))
    predicted = np.array(head.classes, dtype=object)[proba.argmax(axis=1)]
    correct = predicted == np.array([getattr(dev[i], field) for i in rows], dtype=object)
    return replace(head, abstain_below=choose_threshold(proba.max(axis=1), correct, policy))


def fit_head(
    x: np.ndarray, y: np.ndarray, weights: np.ndarray, c: float, *, calibrate: bool = True
) -> LinearHead:
    """Fit a class-balanced logistic regression and, optionally, its temperature.

    The temperature is fitted on a held-out fifth (so that the probabilities mean what
    they say on unseen texts) and the final weights on all the data.
    """
    temperature = 1.0
    if calibrate:
        train, held_out = _stratified_split(y, CALIBRATION_FRACTION)
        if len(held_out) and len(set(y[train])) == len(set(y)):
            probe = _logistic_regression(x[train], y[train], weights[train], c)
            temperature = fit_temperature(probe, x[held_out], y[held_out], weights[held_out])
    head = _logistic_regression(x, y, weights, c)
    return LinearHead(head.classes, head.coef, head.intercept, temperature)


def _logistic_regression(x: np.ndarray, y: np.ndarray, weights: np.ndarray, c: float) -> LinearHead:
    from sklearn.linear_model import LogisticRegression

    # Class-balanced: the sources' label mixes say nothing about a real helpdesk's mix.
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(x, y, sample_weight=weights)
    return LinearHead(tuple(str(c) for c in model.classes_), model.coef_.copy(), model.intercept_.copy())


def fit_temperature(head: LinearHead, x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> float:
    """The softmax temperature minimising the weighted log-loss on ``x``, ``y`` (grid search)."""
    index = {label: i for i, label in enumerate(head.classes)}
    targets = np.array([index[label] for label in y])
    best, best_loss = 1.0, np.inf
    for temperature in np.exp(np.linspace(np.log(0.2), np.log(5.0), 81)):
        scaled = LinearHead(head.classes, head.coef, head.intercept, float(temperature))
        p = scaled.probabilities(x)[np.arange(len(targets)), targets]
        loss = float(-(weights * np.log(np.maximum(p, 1e-12))).sum() / weights.sum())
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


def _stratified_split(y: np.ndarray, fraction: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    train: list[int] = []
    held_out: list[int] = []
    for label in sorted(set(y)):
        members = rng.permutation(np.flatnonzero(y == label))
        cut = round(len(members) * fraction) if len(members) >= 5 else 0
        held_out.extend(members[:cut])
        train.extend(members[cut:])
    return np.array(sorted(train), dtype=int), np.array(sorted(held_out), dtype=int)


def predict_labels(
    model: TriageModel, vectors: np.ndarray, texts: Sequence[str]
) -> tuple[Sequence[str], Sequence[str]]:
    """Category and priority labels for precomputed vectors (used by the benches)."""
    predictions = model.predict_vectors(vectors, texts)
    return [p.category for p in predictions], [p.priority for p in predictions]

"""Compare priority-head recipes on the dev set (never on the evaluation sets).

    PYTHONPATH=backend python bench/triage/priority_compare.py [--cache-dir DIR]

Every variant trains the priority head on the source-balanced base set as the product
does, fits its temperature on a held-out fifth, and is scored on
``triage/data/dev_triage.csv``: macro-F1, accuracy, calibration error, and the coverage
and precision at the threshold the product would choose on that same dev set.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from support_desk.triage.local.abstention import choose_threshold
from support_desk.triage.local.cues import cue_matrix
from support_desk.triage.local.definition_labels import definition_priority
from support_desk.triage.local.embedding_cache import EmbeddingCache
from support_desk.triage.local.encoder import SentenceEncoder
from support_desk.triage.local.evaluation import expected_calibration_error
from support_desk.triage.local.examples import Example, read_examples_csv
from support_desk.triage.local.keyword_baseline import keyword_priority
from support_desk.triage.local.prototypes import definition_examples, priority_paraphrase_examples
from support_desk.triage.local.public_data import public_examples
from support_desk.triage.local.training import DATA_DIR, GENERIC_EXAMPLES_PATH, fit_head

DEV = DATA_DIR / "dev_triage.csv"


def sources(*, relabel: bool, paraphrases: bool, public: tuple[str, ...]) -> list[list[Example]]:
    groups: dict[str, list[Example]] = {}
    for e in public_examples():
        if e.source in public:
            priority = definition_priority(e.text, e.priority) if relabel else e.priority
            groups.setdefault(e.source, []).append(Example(e.text, None, priority, source=e.source))
    groups["taxonomy"] = [e for e in definition_examples() if e.priority]
    if paraphrases:
        groups["taxonomy"] += priority_paraphrase_examples()
    groups["generic"] = read_examples_csv(GENERIC_EXAMPLES_PATH, source="generic")
    return list(groups.values())


def balanced(groups: list[list[Example]]) -> list[Example]:
    budget = sum(len(g) for g in groups) / len(groups)
    return [Example(e.text, None, e.priority, budget / len(g), e.source) for g in groups for e in g]


def features(vectors: np.ndarray, texts: list[str], cue_scale: float, embeddings: bool = True) -> np.ndarray:
    parts = [vectors] if embeddings else []
    if cue_scale:
        parts.append(cue_matrix(texts) * cue_scale)
    return np.hstack(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache-dir", type=Path, default=Path("var/triage-model"))
    parser.add_argument("--relabel", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--paraphrases", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--cue-scale", type=float, nargs="+", default=[0.0, 0.5, 1.0, 2.0])
    parser.add_argument("--c", type=float, nargs="+", default=[0.1, 0.3, 1.0])
    parser.add_argument("--public", nargs="+", default=["banking77+gitbugs_hadoop", "gitbugs_hadoop"])
    args = parser.parse_args()
    cache = EmbeddingCache.in_directory(args.cache_dir)
    encoder = SentenceEncoder(threads=2)
    dev = read_examples_csv(DEV)
    dev_texts = [e.text for e in dev]
    dev_truth = np.array([e.priority for e in dev], dtype=object)
    dev_vectors = cache.embed(dev_texts, encoder)

    base = [str(keyword_priority(t)) for t in dev_texts]
    print(f"keyword baseline: dev F1 {f1_score(dev_truth, base, average='macro'):.3f}")
    print("| variant | dev F1 | dev acc | ECE | threshold | coverage | precision |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    grid = itertools.product(
        map(bool, args.relabel),
        map(bool, args.paraphrases),
        args.cue_scale,
        args.c,
        [tuple(p.split("+")) for p in args.public],
    )
    for relabel, paraphrases, cue_scale, c, public in grid:
        examples = balanced(sources(relabel=relabel, paraphrases=paraphrases, public=public))
        texts = [e.text for e in examples]
        x = features(cache.embed(texts, encoder), texts, cue_scale)
        y = np.array([e.priority for e in examples], dtype=object)
        w = np.array([e.weight for e in examples])
        head = fit_head(x, y, w, c)
        proba = head.probabilities(features(dev_vectors, dev_texts, cue_scale))
        predicted = np.array(head.classes, dtype=object)[proba.argmax(1)]
        confidence = proba.max(1)
        correct = predicted == dev_truth
        threshold = choose_threshold(confidence, correct)
        kept = confidence >= threshold
        name = (
            f"{'relabelled' if relabel else 'source labels'}, {'+para' if paraphrases else 'defs'}, "
            f"cues x{cue_scale}, C={c}, {'+'.join(p[:4] for p in public)}"
        )
        f1 = f1_score(dev_truth, predicted, average="macro")
        print(
            f"| {name} | {f1:.3f} | {accuracy_score(dev_truth, predicted):.3f} "
            f"| {expected_calibration_error(correct, confidence):.3f} | {threshold:.2f} | {kept.mean():.2f} "
            f"| {correct[kept].mean() if kept.any() else float('nan'):.3f} |",
            flush=True,
        )
    cache.save()


if __name__ == "__main__":
    main()

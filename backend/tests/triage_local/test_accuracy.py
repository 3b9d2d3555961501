"""Accuracy floors of the shipped model, and learning from a new domain's corrections."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sklearn.metrics import accuracy_score, f1_score

from support_desk.triage.local.embedding_cache import EmbeddingCache
from support_desk.triage.local.encoder import SentenceEncoder
from support_desk.triage.local.examples import Example, read_examples_csv
from support_desk.triage.local.model import TriageModel
from support_desk.triage.local.store import load_packaged_model
from support_desk.triage.local.training import (
    GENERIC_EXAMPLES_PATH,
    base_examples,
    team_examples,
    train_model,
)

from .conftest import DATA_DIR

OOD_EVAL_PATH = GENERIC_EXAMPLES_PATH.with_name("ood_eval.csv")
# Measured for the shipped model: category macro-F1 0.791, priority macro-F1 0.676
# (0.545 before the cue features and re-derived priority labels).
# The floors leave room for a retrain's small differences, not for a real regression.
OOD_CATEGORY_FLOOR = 0.75
OOD_PRIORITY_FLOOR = 0.60


def _macro_f1(model: TriageModel, examples: list[Example], field: str) -> float:
    predicted = [getattr(p, field) for p in model.predict_many([e.text for e in examples])]
    return float(f1_score([getattr(e, field) for e in examples], predicted, average="macro"))


def test_shipped_model_holds_its_out_of_domain_floor() -> None:
    examples = read_examples_csv(OOD_EVAL_PATH)
    model = load_packaged_model()
    assert _macro_f1(model, examples, "category") >= OOD_CATEGORY_FLOOR
    assert _macro_f1(model, examples, "priority") >= OOD_PRIORITY_FLOOR


def _fitness_split() -> tuple[list[Example], list[Example]]:
    """Per category, the first 8 fitness-club tickets are corrections, the other 8 held out."""
    corrections, held_out = [], []
    for category in ("billing", "technical", "account", "general"):
        rows = [e for e in read_examples_csv(DATA_DIR / "fitness_club.csv") if e.category == category]
        corrections += rows[:8]
        held_out += rows[8:]
    return corrections, held_out


def _small_base(data_dir: Path | None) -> list[Example]:
    """A fixed ~1,000-text sample of the base set, so the test trains in seconds."""
    base = base_examples(data_dir)
    rng = random.Random(7)
    small = [e for e in base if e.source not in {"banking77", "gitbugs_hadoop"} or rng.random() < 0.08]
    return small


@pytest.mark.slow
def test_a_few_dozen_corrections_raise_accuracy_on_their_domain(
    encoder: SentenceEncoder, public_data_dir: Path | None
) -> None:
    corrections, held_out = _fitness_split()
    base = _small_base(public_data_dir)
    cache = EmbeddingCache(None)  # shared by both trainings: the base is embedded once
    before = train_model(base, encoder=encoder, cache=cache)
    after = train_model(base + team_examples(corrections), encoder=encoder, cache=cache)

    truth = [e.category for e in held_out]
    acc_before = accuracy_score(truth, [p.category for p in before.predict_many([e.text for e in held_out])])
    acc_after = accuracy_score(truth, [p.category for p in after.predict_many([e.text for e in held_out])])
    # Measured: 0.844 -> 0.875 (27 -> 28 of 32). The base model already reads this domain
    # well, so the gain is one ticket; the test guards that corrections help, not by how much.
    assert acc_after > acc_before

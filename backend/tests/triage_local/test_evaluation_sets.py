"""Floors on every evaluation set: the shipped model beats the keyword baseline, meets the
priority targets at full coverage and at its abstention threshold, and keeps its category."""

from __future__ import annotations

import re

import pytest

from support_desk.triage.local.evaluation import EVALUATION_SETS, EvaluationResult, evaluate
from support_desk.triage.local.examples import read_examples_csv
from support_desk.triage.local.prototypes import priority_paraphrase_examples
from support_desk.triage.local.store import load_packaged_model
from support_desk.triage.local.training import DEV_EXAMPLES_PATH, base_examples

# Measured for the shipped model (bench/triage/RESULTS.md): priority macro-F1 0.698 / 0.666 /
# 0.671 / 0.676 on support requests / tracker issues / incidents / ood_eval. The floors are
# the targets, a little under what was measured.
PRIORITY_F1_FLOOR = 0.60
PRECISION_AT_THRESHOLD_FLOOR = 0.65
COVERAGE_AT_THRESHOLD_FLOOR = 0.70
# Category macro-F1 on ood_eval.csv before this model: 0.791.
OOD_CATEGORY_FLOOR = 0.79


@pytest.fixture(scope="module")
def results() -> dict[str, EvaluationResult]:
    model = load_packaged_model()
    return {
        name: evaluate(model, read_examples_csv(path), timing_samples=0, name=name)
        for name, path in EVALUATION_SETS.items()
    }


@pytest.mark.parametrize("name", list(EVALUATION_SETS))
def test_priority_macro_f1_holds_its_floor_at_full_coverage(results, name: str) -> None:
    assert results[name].priority.macro_f1 >= PRIORITY_F1_FLOOR


@pytest.mark.parametrize("name", list(EVALUATION_SETS))
def test_priority_beats_the_keyword_baseline(results, name: str) -> None:
    result = results[name]
    assert result.baseline_priority is not None
    assert result.priority.macro_f1 > result.baseline_priority.macro_f1
    assert result.priority.accuracy > result.baseline_priority.accuracy


@pytest.mark.parametrize("name", list(EVALUATION_SETS))
def test_priority_abstention_keeps_most_texts_and_is_right_when_it_speaks(results, name: str) -> None:
    at = results[name].priority.at_threshold
    assert at.coverage >= COVERAGE_AT_THRESHOLD_FLOOR
    assert at.precision >= PRECISION_AT_THRESHOLD_FLOOR


@pytest.mark.parametrize("name", list(EVALUATION_SETS))
def test_category_abstention_makes_suggestions_more_precise(results, name: str) -> None:
    category = results[name].category
    assert category.at_threshold.precision >= category.accuracy


def test_category_holds_on_the_original_evaluation_set(results) -> None:
    assert results["ood_eval"].category.macro_f1 >= OOD_CATEGORY_FLOOR


def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_no_evaluation_text_is_trained_on_or_used_to_choose_thresholds(public_data_dir) -> None:
    used = {_normalised(e.text) for e in base_examples(public_data_dir) + priority_paraphrase_examples()}
    used |= {_normalised(e.text) for e in read_examples_csv(DEV_EXAMPLES_PATH)}
    for name, path in EVALUATION_SETS.items():
        overlap = {_normalised(e.text) for e in read_examples_csv(path)} & used
        assert not overlap, f"{name} shares texts with training or dev: {sorted(overlap)[:3]}"

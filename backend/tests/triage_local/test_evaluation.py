"""Metrics and the plain-text report."""

from __future__ import annotations

import pytest

from support_desk.triage.local.evaluation import evaluate, expected_calibration_error, score_head
from support_desk.triage.local.examples import Example
from support_desk.triage.local.store import load_packaged_model
from support_desk.triage.taxonomy import CATEGORY_VALUES


def test_score_head_counts() -> None:
    truth = ["billing", "billing", "technical", "account"]
    predicted = ["billing", "technical", "technical", "account"]
    head = score_head(truth, predicted, [0.9, 0.6, 0.8, 0.7], CATEGORY_VALUES)
    assert head.accuracy == pytest.approx(0.75)
    assert head.per_class["billing"].recall == pytest.approx(0.5)
    assert head.per_class["technical"].precision == pytest.approx(0.5)
    # "general" is absent from the truth, so it is left out of the macro average.
    assert head.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 1.0) / 3)
    assert head.confusion[0] == [1, 1, 0, 0]


def test_calibration_error_of_perfectly_calibrated_bins_is_zero() -> None:
    assert expected_calibration_error([True, False], [0.5, 0.5]) == pytest.approx(0.0)
    assert expected_calibration_error([True, True], [0.5, 0.5]) == pytest.approx(0.5)


def test_evaluate_returns_report_and_latency() -> None:
    examples = [
        Example("I was charged twice for my subscription", "billing", "high"),
        Example("The app crashes when I open settings", "technical", "medium"),
    ]
    result = evaluate(load_packaged_model(), examples)
    assert result.category.count == 2
    assert result.median_latency_ms > 0
    assert "macro-F1" in result.report
    assert "confusion" in result.report

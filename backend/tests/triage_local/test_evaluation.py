"""Metrics and the plain-text report."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from support_desk.triage.llm import LLMClassifier, LLMConfig
from support_desk.triage.local.evaluation import evaluate, expected_calibration_error, score_head
from support_desk.triage.local.examples import Example
from support_desk.triage.local.store import load_packaged_model
from support_desk.triage.taxonomy import CATEGORY_VALUES
from tests.fakes.fake_llm_server import FakeLLMServer


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


def _small_set(tmp_path: Path) -> Path:
    path = tmp_path / "small_set.csv"
    path.write_text(
        "text,category,priority\n"
        '"The whole site is down for all customers",technical,critical\n'
        '"Typo on the pricing page",general,low\n'
        '"How do I change my password?",account,low\n'
        '"I was charged twice this month",billing,high\n',
        encoding="utf-8",
    )
    return path


def test_evaluate_command_reports_thresholds_and_the_baseline_per_set(tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "triage", "evaluate", "--data", str(_small_set(tmp_path)), "--model-dir", str(tmp_path), stdout=out
    )
    report = out.getvalue()
    assert "evaluation set: small_set" in report
    assert "at the abstention threshold" in report
    assert "keyword baseline" in report
    assert "| small_set | 4 |" in report


def test_evaluate_command_scores_the_language_model_through_the_fake_provider(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeLLMServer(mode="smart") as fake:
        classifier = LLMClassifier(LLMConfig(base_url=fake.base_url, model="fake-model", timeout_seconds=2))
        monkeypatch.setattr("support_desk.triage.llm.get_llm_classifier", lambda: classifier)
        out = StringIO()
        call_command(
            "triage",
            "evaluate",
            "--data",
            str(_small_set(tmp_path)),
            "--model-dir",
            str(tmp_path),
            "--language-model",
            stdout=out,
        )
        classifier.close()
    assert "language model fake-model" in out.getvalue()
    assert "small_set: category macro-F1" in out.getvalue()
    assert len(fake.requests) == 4

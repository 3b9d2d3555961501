"""The language model's suggestions go through the same scoring, against the fake provider.

Plumbing only: the fake answers from keywords, so its figures say nothing about a real model.
"""

from __future__ import annotations

import pytest

from support_desk.triage.llm import LLMClassifier, LLMConfig
from support_desk.triage.local.evaluation import EVALUATION_SETS, evaluate_suggester, score_suggestions
from support_desk.triage.local.examples import read_examples_csv
from support_desk.triage.taxonomy import PRIORITY_VALUES
from tests.fakes.fake_llm_server import FakeLLMServer, answer


def test_no_answer_lowers_coverage_and_counts_as_wrong_in_f1() -> None:
    scores = score_suggestions(
        ["high", "low", "low", "medium"], ["high", None, "low", "low"], PRIORITY_VALUES
    )
    assert scores.coverage == pytest.approx(0.75)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.count == 4
    assert 0.0 < scores.macro_f1 < 1.0


def test_language_model_priorities_outside_the_taxonomy_count_as_no_answer() -> None:
    examples = read_examples_csv(EVALUATION_SETS["incidents"])[:12]
    with FakeLLMServer(mode="smart") as fake:
        classifier = LLMClassifier(LLMConfig(base_url=fake.base_url, model="fake-model", timeout_seconds=2))
        # The first answer names a priority the taxonomy does not have; the rest come from keywords.
        fake.enqueue(answer("technical", "urgent"))

        def suggest(text: str) -> tuple[str, str] | None:
            suggestion = classifier.classify(text)
            return None if suggestion is None else (suggestion.category, suggestion.priority)

        scores = evaluate_suggester(suggest, examples)
        classifier.close()
    assert len(fake.requests) == len(examples)
    assert scores["priority"].coverage == pytest.approx(11 / 12)
    assert scores["category"].coverage == pytest.approx(11 / 12)
    assert 0.0 <= scores["priority"].precision <= 1.0

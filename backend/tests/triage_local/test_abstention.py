"""Abstention: thresholds chosen on held-out data, no label below them, and tickets that fall back
to the defaults while their stored suggestion says the model abstained."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from support_desk.tickets.models import Ticket, TicketEvent
from support_desk.triage.local.abstention import AbstentionPolicy, choose_threshold, coverage_precision
from support_desk.triage.local.model import META_FILE, TriageModel
from support_desk.triage.local.store import load_packaged_model
from support_desk.triage.taxonomy import DEFAULT_PRIORITY

OUTAGE = "Our whole site is down for every customer since this morning"


def test_threshold_is_the_lowest_that_reaches_the_target_precision() -> None:
    confidence = [0.9, 0.8, 0.7, 0.6, 0.5]
    correct = [True, True, True, False, False]
    threshold = choose_threshold(
        confidence, correct, AbstentionPolicy(target_precision=1.0, min_coverage=0.5)
    )
    assert threshold == pytest.approx(0.7)
    kept = coverage_precision(confidence, correct, threshold)
    assert (kept.coverage, kept.precision) == (pytest.approx(0.6), pytest.approx(1.0))


def test_threshold_never_keeps_fewer_than_the_minimum_coverage() -> None:
    confidence = [0.9, 0.8, 0.7, 0.6]
    correct = [False, True, True, True]
    threshold = choose_threshold(
        confidence, correct, AbstentionPolicy(target_precision=0.99, min_coverage=0.75)
    )
    assert coverage_precision(confidence, correct, threshold).coverage == pytest.approx(0.75)


def test_no_abstention_when_every_suggestion_is_precise_enough() -> None:
    policy = AbstentionPolicy(target_precision=0.8, min_coverage=0.5)
    assert choose_threshold([0.9, 0.4], [True, True], policy) == 0.0
    assert choose_threshold([], [], policy) == 0.0


def _abstaining_on_priority() -> TriageModel:
    model = load_packaged_model()
    # No calibrated probability reaches 1.01: the priority head always abstains, the
    # category head never does.
    return TriageModel(
        replace(model.category_head, abstain_below=0.0),
        replace(model.priority_head, abstain_below=1.01),
        model.version,
        model.meta,
    )


def test_below_its_threshold_a_head_suggests_nothing_but_keeps_its_confidence() -> None:
    prediction = _abstaining_on_priority().predict(OUTAGE)
    assert prediction.suggested_priority is None
    assert prediction.priority is not None
    assert 0.0 < prediction.priority_confidence < 1.01
    assert prediction.suggested_category == prediction.category


def test_the_shipped_model_abstains_below_thresholds_chosen_on_the_dev_set() -> None:
    model = load_packaged_model()
    assert model.meta["dev_examples"] > 0
    assert 0.0 < model.priority_head.abstain_below < 1.0
    assert 0.0 < model.category_head.abstain_below < 1.0
    assert model.priority_head.cue_scale > 0


def test_a_saved_model_keeps_its_cue_features_and_thresholds(tmp_path: Path) -> None:
    model = load_packaged_model()
    model.save(tmp_path)
    loaded = TriageModel.load(tmp_path)
    assert loaded.priority_head.cue_scale == model.priority_head.cue_scale
    assert loaded.priority_head.abstain_below == pytest.approx(model.priority_head.abstain_below)
    assert loaded.predict(OUTAGE).priority_scores == pytest.approx(model.predict(OUTAGE).priority_scores)


def test_a_model_trained_on_other_cue_features_is_refused(tmp_path: Path) -> None:
    load_packaged_model().save(tmp_path)
    meta = json.loads((tmp_path / META_FILE).read_text())
    meta["cues"]["id"] = "priority-cues-v0"
    (tmp_path / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="cue features"):
        TriageModel.load(tmp_path)


def test_a_format_1_model_still_loads_and_never_abstains(tmp_path: Path) -> None:
    model = load_packaged_model()
    embedding_only = replace(model.priority_head, coef=model.priority_head.coef[:, :384], cue_scale=0.0)
    TriageModel(model.category_head, embedding_only, "old-version").save(tmp_path)
    meta = json.loads((tmp_path / META_FILE).read_text())
    meta["format"] = 1
    meta.pop("cues")
    for head in meta["heads"].values():
        head.pop("cue_scale")
        head.pop("abstain_below")
    (tmp_path / META_FILE).write_text(json.dumps(meta))
    prediction = TriageModel.load(tmp_path).predict(OUTAGE)
    assert prediction.suggested_priority == prediction.priority
    assert prediction.suggested_category == prediction.category


class _FixedProvider:
    def __init__(self, model: TriageModel) -> None:
        self.model = model

    def get(self) -> TriageModel:
        return self.model


@pytest.fixture
def abstaining_local_model(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL", "GROQ_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    settings.TRIAGE_PROVIDER = "local"
    provider = _FixedProvider(_abstaining_on_priority())
    monkeypatch.setattr("support_desk.triage.local.default_provider", lambda: provider)


@pytest.mark.django_db
def test_classify_returns_a_null_priority_when_the_local_model_abstains(
    api_client: APIClient, abstaining_local_model: None
) -> None:
    response = api_client.post("/api/tickets/classify/", {"description": OUTAGE}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        "suggested_category",
        "suggested_priority",
        "llm_available",
        "source",
        "confidence",
        "priority_confidence",
    }
    assert body["source"] == "local"
    assert body["suggested_priority"] is None
    assert body["suggested_category"] == "technical"
    assert 0.0 < body["priority_confidence"] < 1.0


@pytest.mark.django_db
def test_a_ticket_without_labels_gets_the_default_priority_and_records_the_abstention(
    api_client: APIClient, abstaining_local_model: None
) -> None:
    body = {"title": "Site down", "description": OUTAGE}
    response = api_client.post("/api/tickets/", body, format="json")
    assert response.status_code == 201, response.content
    stored = Ticket.objects.get(pk=response.json()["id"])
    assert stored.priority == DEFAULT_PRIORITY
    assert stored.priority_source == "default"
    assert (stored.category, stored.category_source) == ("technical", "suggestion")
    assert (stored.suggestion_source, stored.suggested_priority) == ("local", None)
    event = TicketEvent.objects.get(ticket=stored, kind="triage_suggested")
    assert event.data["priority"] is None
    assert 0.0 < event.data["priority_confidence"] < 1.0

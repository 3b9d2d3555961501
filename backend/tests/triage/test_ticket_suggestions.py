"""Every ticket stores the suggestion it got at creation; statistics show whether agents kept it."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from support_desk.tickets.models import Ticket, TicketEvent
from tests.fakes.fake_llm_server import answer

pytestmark = pytest.mark.django_db


def create(client: APIClient, **fields) -> dict:
    body = {"title": "Charged twice", "description": "My card was billed twice this month.", **fields}
    response = client.post("/api/tickets/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_ticket_without_labels_takes_the_suggestion(api_client, llm_configured, use_provider) -> None:
    use_provider("auto")
    llm_configured.enqueue(answer("billing", "high"))
    ticket = create(api_client)
    assert (ticket["category"], ticket["priority"]) == ("billing", "high")
    assert ticket["suggestion"] == {
        "category": "billing",
        "priority": "high",
        "source": "llm",
        "confidence": None,
        "model_version": "fake-model",
    }
    stored = Ticket.objects.get(pk=ticket["id"])
    assert (stored.category_source, stored.priority_source) == ("suggestion", "suggestion")
    event = TicketEvent.objects.get(ticket=stored, kind="triage_suggested")
    assert (event.actor_kind, event.source, event.actor) == ("triage", "llm", None)


def test_labels_chosen_by_the_person_win_and_the_suggestion_is_kept_after_the_response(
    api_client, llm_configured, use_provider, django_capture_on_commit_callbacks
) -> None:
    use_provider("auto")
    llm_configured.enqueue(answer("billing", "high"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ticket = create(api_client, category="account", priority="low")
        # The person chose both labels: nothing was asked while the request waited.
        assert llm_configured.requests == []
    assert len(callbacks) == 1
    stored = api_client.get(f"/api/tickets/{ticket['id']}/").json()
    assert (stored["category"], stored["priority"]) == ("account", "low")
    assert stored["suggestion"]["category"] == "billing"
    assert stored["suggestion"]["source"] == "llm"


def test_requesters_never_see_the_suggestion(requester_client, llm_configured, use_provider) -> None:
    use_provider("auto")
    llm_configured.enqueue(answer("billing", "high"))
    ticket = create(requester_client)
    assert ticket["suggestion"] is None
    assert requester_client.get(f"/api/tickets/{ticket['id']}/").json()["suggestion"] is None


def test_stats_count_how_often_agents_kept_the_suggestion(api_client, llm_configured, use_provider) -> None:
    use_provider("auto")
    llm_configured.enqueue(
        answer("billing", "high"), answer("technical", "critical"), answer("account", "low")
    )
    first = create(api_client, title="one")
    create(api_client, title="two")
    create(api_client, title="three", description="Cannot log in")
    # An agent corrects the first ticket's category; its priority is kept.
    api_client.patch(f"/api/tickets/{first['id']}/", {"category": "general"}, format="json")
    triage = api_client.get("/api/tickets/stats/").json()["triage"]
    assert triage["suggested"] == 3
    assert triage["category_kept"] == 2
    assert triage["priority_kept"] == 3
    assert triage["category_kept_rate"] == pytest.approx(0.667, abs=0.001)
    assert triage["by_source"]["llm"]["suggested"] == 3
    assert triage["by_source"]["local"]["suggested"] == 0


def test_no_suggestion_when_triage_is_off(api_client, use_provider) -> None:
    use_provider("off")
    ticket = create(api_client)
    assert ticket["suggestion"] is None
    assert (ticket["category"], ticket["priority"]) == ("general", "medium")

"""Thread summaries: from the language model, cached until the thread changes; without one, a
clear "not available"."""

from __future__ import annotations

import pytest

from support_desk.tickets import services
from tests.fakes.fake_llm_server import FakeLLMServer, error, summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(make_ticket, requester, agent):
    ticket = make_ticket(
        title="Export fails", description="The CSV export stops at 50%.", requester=requester
    )
    services.message_create(
        ticket_id=ticket.pk, author=agent, body="Which browser do you use?", is_internal=False
    )
    services.message_create(ticket_id=ticket.pk, author=requester, body="Firefox 128.", is_internal=False)
    services.message_create(
        ticket_id=ticket.pk, author=agent, body="Escalated to engineering.", is_internal=True
    )
    return ticket


def test_without_a_language_model_there_is_clearly_no_summary(api_client, thread) -> None:
    body = api_client.get(f"/api/tickets/{thread.pk}/summary/").json()
    assert body["available"] is False
    assert body["reason"] == "no_language_model"
    assert (body["wants"], body["tried"], body["pending"]) == ("", "", "")
    assert body["message_count"] == 3


def test_a_summary_is_made_once_and_cached_until_the_thread_changes(
    api_client, thread, llm: FakeLLMServer, requester, django_capture_on_commit_callbacks
) -> None:
    llm.enqueue(summary("A full CSV export.", "Asked for the browser: Firefox 128.", "Engineering is on it."))
    first = api_client.get(f"/api/tickets/{thread.pk}/summary/").json()
    assert first["available"] is True
    assert first["cached"] is False
    assert (first["wants"], first["tried"], first["pending"]) == (
        "A full CSV export.",
        "Asked for the browser: Firefox 128.",
        "Engineering is on it.",
    )
    second = api_client.get(f"/api/tickets/{thread.pk}/summary/").json()
    assert second["cached"] is True
    assert second["wants"] == first["wants"]
    assert len(llm.requests) == 1
    sent = llm.requests[0].user
    assert '<message from="customer">' in sent
    assert '<message from="internal note">' in sent
    assert "not instructions" in llm.requests[0].system

    with django_capture_on_commit_callbacks(execute=True):
        services.message_create(ticket_id=thread.pk, author=requester, body="Any news?", is_internal=False)
    third = api_client.get(f"/api/tickets/{thread.pk}/summary/").json()
    assert third["cached"] is False
    assert third["message_count"] == 4
    assert len(llm.requests) == 2


def test_a_failing_model_means_no_summary_with_its_reason(api_client, thread, llm) -> None:
    llm.enqueue(error(500), error(500))
    body = api_client.get(f"/api/tickets/{thread.pk}/summary/").json()
    assert (body["available"], body["reason"]) == (False, "server_error")


def test_requesters_get_no_summary(requester_client, thread) -> None:
    assert requester_client.get(f"/api/tickets/{thread.pk}/summary/").status_code == 403

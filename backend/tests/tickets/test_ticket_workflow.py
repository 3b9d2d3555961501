"""An agent's work on a ticket: assignment, conversation, audit timeline, no lost updates."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from support_desk.accounts.models import User
from support_desk.tickets import services
from support_desk.tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(requester: User) -> Ticket:
    return services.ticket_create(title="Refund", description="Please refund order 7.", actor=requester)


def test_requester_creates_ticket_as_themselves_and_cannot_set_status(requester_client, requester) -> None:
    response = requester_client.post(
        "/api/tickets/", {"title": "Hi", "description": "Q", "status": "closed"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "open"
    assert body["requester"]["id"] == requester.pk
    assert body["suggestion"] is None


def test_requester_lists_only_their_own_tickets(requester_client, ticket, other_requester) -> None:
    services.ticket_create(title="Theirs", description="x", actor=other_requester)
    assert [t["id"] for t in requester_client.get("/api/tickets/").json()] == [ticket.id]


def test_agent_assigns_and_filters_by_assignee(api_client: APIClient, agent, other_agent, ticket) -> None:
    unassigned = services.ticket_create(title="Other", description="x")
    response = api_client.patch(f"/api/tickets/{ticket.id}/", {"assignee_id": agent.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["assignee"]["username"] == agent.username
    assert [t["id"] for t in api_client.get("/api/tickets/?assignee=me").json()] == [ticket.id]
    assert [t["id"] for t in api_client.get("/api/tickets/?assignee=none").json()] == [unassigned.id]
    assert [t["id"] for t in api_client.get(f"/api/tickets/?assignee={agent.pk}").json()] == [ticket.id]
    assert api_client.get(f"/api/tickets/?assignee={other_agent.pk}").json() == []


def test_filter_by_requester(api_client: APIClient, ticket, requester) -> None:
    services.ticket_create(title="Other", description="x")
    assert [t["id"] for t in api_client.get(f"/api/tickets/?requester={requester.pk}").json()] == [ticket.id]


@pytest.mark.parametrize("query", ["assignee=someone", "assignee=-1", "requester=me", "requester=x"])
def test_bad_people_filters_are_400_naming_the_parameter(api_client: APIClient, query: str) -> None:
    response = api_client.get(f"/api/tickets/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_cannot_assign_to_a_requester(api_client: APIClient, ticket, requester) -> None:
    response = api_client.patch(f"/api/tickets/{ticket.id}/", {"assignee_id": requester.pk}, format="json")
    assert response.status_code == 400
    assert "assignee_id" in response.json()


def test_requester_sees_replies_but_never_internal_notes(api_client, requester_client, ticket) -> None:
    assert (
        api_client.post(
            f"/api/tickets/{ticket.id}/messages/", {"body": "Looking into it."}, format="json"
        ).status_code
        == 201
    )
    note = api_client.post(
        f"/api/tickets/{ticket.id}/messages/",
        {"body": "Refund approved by finance.", "internal": True},
        format="json",
    )
    assert note.status_code == 201
    assert note.json()["internal"] is True
    seen_by_requester = requester_client.get(f"/api/tickets/{ticket.id}/messages/").json()
    assert [m["body"] for m in seen_by_requester] == ["Looking into it."]
    seen_by_agent = api_client.get(f"/api/tickets/{ticket.id}/messages/").json()
    assert [m["internal"] for m in seen_by_agent] == [False, True]


def test_requester_cannot_write_internal_notes(requester_client, ticket) -> None:
    response = requester_client.post(
        f"/api/tickets/{ticket.id}/messages/", {"body": "psst", "internal": True}, format="json"
    )
    assert response.status_code == 403
    assert not ticket.messages.exists()


def test_blank_message_is_400(api_client, ticket) -> None:
    response = api_client.post(f"/api/tickets/{ticket.id}/messages/", {"body": "  "}, format="json")
    assert response.status_code == 400
    assert "body" in response.json()


def test_timeline_records_every_change_with_actor(api_client: APIClient, agent, ticket) -> None:
    api_client.patch(
        f"/api/tickets/{ticket.id}/",
        {"status": "in_progress", "priority": "high", "category": "billing", "assignee_id": agent.pk},
        format="json",
    )
    api_client.post(f"/api/tickets/{ticket.id}/messages/", {"body": "On it"}, format="json")
    events = api_client.get(f"/api/tickets/{ticket.id}/events/").json()
    kinds = [event["kind"] for event in events]
    assert kinds[0] == "created"
    assert {
        "status_changed",
        "priority_changed",
        "category_changed",
        "assignee_changed",
        "message_added",
    } <= set(kinds)
    status_event = next(e for e in events if e["kind"] == "status_changed")
    assert (status_event["old_value"], status_event["new_value"]) == ("open", "in_progress")
    assert status_event["actor"]["username"] == agent.username
    assert status_event["actor_kind"] == "user"


def test_a_failed_update_writes_no_event(api_client: APIClient, ticket) -> None:
    before = TicketEvent.objects.count()
    api_client.patch(f"/api/tickets/{ticket.id}/", {"status": "bogus"}, format="json")
    assert TicketEvent.objects.count() == before


def test_stale_if_match_is_409_with_the_current_ticket(api_client: APIClient, ticket) -> None:
    first = api_client.get(f"/api/tickets/{ticket.id}/")
    etag = first["ETag"]
    assert etag == '"1"'
    ok = api_client.patch(
        f"/api/tickets/{ticket.id}/", {"status": "in_progress"}, format="json", HTTP_IF_MATCH=etag
    )
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = api_client.patch(
        f"/api/tickets/{ticket.id}/", {"status": "closed"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict"
    assert body["current"]["status"] == "in_progress"
    assert body["current"]["version"] == 2
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"


def test_stale_version_in_body_is_409(api_client: APIClient, ticket) -> None:
    api_client.patch(f"/api/tickets/{ticket.id}/", {"priority": "low"}, format="json")
    response = api_client.patch(
        f"/api/tickets/{ticket.id}/", {"priority": "high", "version": 1}, format="json"
    )
    assert response.status_code == 409


def test_patch_without_version_keeps_seed_behaviour(api_client: APIClient, ticket) -> None:
    api_client.patch(f"/api/tickets/{ticket.id}/", {"priority": "low"}, format="json")
    assert (
        api_client.patch(f"/api/tickets/{ticket.id}/", {"priority": "high"}, format="json").status_code == 200
    )


@pytest.mark.parametrize("header", ["abc", '"\u00b2"', "\u0663", "9" * 5000, '"-1"', ""])
def test_malformed_if_match_is_412_and_changes_nothing(api_client: APIClient, ticket, header: str) -> None:
    response = api_client.patch(
        f"/api/tickets/{ticket.id}/", {"priority": "low"}, format="json", HTTP_IF_MATCH=header
    )
    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    ticket.refresh_from_db()
    assert ticket.version == 1


def test_agent_correction_marks_labels_as_chosen_by_an_agent(api_client: APIClient, ticket) -> None:
    api_client.patch(f"/api/tickets/{ticket.id}/", {"category": "billing"}, format="json")
    ticket.refresh_from_db()
    assert ticket.category_source == "agent"
    assert ticket.priority_source != "agent"


def test_a_customer_reply_reopens_a_resolved_ticket(api_client, requester_client, ticket) -> None:
    api_client.patch(f"/api/tickets/{ticket.id}/", {"status": "resolved"}, format="json")
    api_client.post(f"/api/tickets/{ticket.id}/messages/", {"body": "Glad it works now."}, format="json")
    assert Ticket.objects.get(pk=ticket.pk).status == "resolved"  # an agent's reply does not reopen
    requester_client.post(f"/api/tickets/{ticket.id}/messages/", {"body": "It broke again."}, format="json")
    reopened = Ticket.objects.get(pk=ticket.pk)
    assert reopened.status == "open"
    assert reopened.resolved_at is None
    event = TicketEvent.objects.filter(ticket=ticket, kind="status_changed").last()
    assert (event.old_value, event.new_value, event.actor_id) == ("resolved", "open", ticket.requester_id)

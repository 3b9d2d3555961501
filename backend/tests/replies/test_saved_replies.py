"""Saved replies: shared (admins manage them) and personal, placeholders filled per ticket, and
sending one posts the reply and applies its actions through the ticket services."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from support_desk.accounts.models import User
from support_desk.tickets import services
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

BODY = "Hi {{ requester.name }}, ticket {{ticket.number}} is with me. — {{ agent.name }}"


@pytest.fixture
def admin(admin_user: User) -> APIClient:
    return token_client(admin_user)


def test_agents_keep_their_own_replies_and_see_the_shared_ones(
    api_client: APIClient, admin: APIClient, other_agent: User
) -> None:
    assert (
        api_client.post("/api/saved-replies/", {"title": "Mine", "body": "x"}, format="json").status_code
        == 201
    )
    assert (
        admin.post(
            "/api/saved-replies/", {"title": "Team", "body": "y", "shared": True}, format="json"
        ).status_code
        == 201
    )
    titles = lambda client: [r["title"] for r in client.get("/api/saved-replies/").json()]  # noqa: E731
    assert titles(api_client) == ["Mine", "Team"]
    assert titles(token_client(other_agent)) == ["Team"]


def test_only_admins_manage_shared_replies(api_client: APIClient, admin: APIClient) -> None:
    refused = api_client.post(
        "/api/saved-replies/", {"title": "T", "body": "y", "shared": True}, format="json"
    )
    assert refused.status_code == 403
    shared = admin.post(
        "/api/saved-replies/", {"title": "T", "body": "y", "shared": True}, format="json"
    ).json()
    assert (
        api_client.patch(f"/api/saved-replies/{shared['id']}/", {"title": "Z"}, format="json").status_code
        == 403
    )
    assert api_client.delete(f"/api/saved-replies/{shared['id']}/").status_code == 403
    assert (
        admin.patch(f"/api/saved-replies/{shared['id']}/", {"title": "Z"}, format="json").json()["title"]
        == "Z"
    )
    assert admin.delete(f"/api/saved-replies/{shared['id']}/").status_code == 204


def test_another_agents_personal_reply_is_not_found(api_client: APIClient, other_agent: User) -> None:
    theirs = (
        token_client(other_agent)
        .post("/api/saved-replies/", {"title": "T", "body": "y"}, format="json")
        .json()
    )
    assert (
        api_client.patch(f"/api/saved-replies/{theirs['id']}/", {"title": "Z"}, format="json").status_code
        == 404
    )


def test_unknown_placeholders_are_refused(api_client: APIClient) -> None:
    response = api_client.post(
        "/api/saved-replies/", {"title": "T", "body": "Hi {{ customer.name }}"}, format="json"
    )
    assert response.status_code == 400
    assert "customer.name" in response.json()["detail"]


def test_the_preview_fills_the_placeholders(api_client: APIClient, agent: User, requester: User) -> None:
    User.objects.filter(pk=requester.pk).update(first_name="Maria", last_name="Keller")
    User.objects.filter(pk=agent.pk).update(first_name="Alex")
    ticket = services.ticket_create(title="Hi", description="d", actor=requester)
    reply = api_client.post("/api/saved-replies/", {"title": "Hello", "body": BODY}, format="json").json()
    body = api_client.post(
        f"/api/saved-replies/{reply['id']}/preview/", {"ticket_id": ticket.pk}, format="json"
    ).json()
    assert body == {"body": f"Hi Maria Keller, ticket {ticket.pk} is with me. — Alex"}


def test_sending_a_reply_applies_its_actions(
    api_client: APIClient, agent: User, other_agent: User, requester
) -> None:
    ticket = services.ticket_create(title="Need info", description="d", actor=requester)
    reply = api_client.post(
        "/api/saved-replies/",
        {
            "title": "Ask for logs",
            "body": "Could you send the logs, {{ requester.name }}?",
            "set_status": "pending",
            "set_priority": "high",
            "set_assignee_id": other_agent.pk,
            "add_tags": ["Needs logs"],
        },
        format="json",
    ).json()
    sent = api_client.post(
        f"/api/saved-replies/{reply['id']}/send/",
        {"ticket_id": ticket.pk, "body": "Edited text"},
        format="json",
    )
    assert sent.status_code == 201
    body = sent.json()
    assert body["message"]["body"] == "Edited text"
    assert (body["ticket"]["status"], body["ticket"]["priority"], body["ticket"]["tags"]) == (
        "pending",
        "high",
        ["needs logs"],
    )
    assert body["ticket"]["assignee"]["id"] == other_agent.pk
    kinds = [e["kind"] for e in api_client.get(f"/api/tickets/{ticket.pk}/events/").json()]
    assert kinds[-5:] == [
        "message_added",
        "tag_added",
        "status_changed",
        "priority_changed",
        "assignee_changed",
    ]


def test_requesters_have_no_saved_replies(requester_client: APIClient) -> None:
    assert requester_client.get("/api/saved-replies/").status_code == 403

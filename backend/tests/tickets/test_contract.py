"""The seed's API contract, example by example: a seed client keeps working unchanged."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from support_desk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

TICKET_FIELDS = {"id", "title", "description", "category", "priority", "status", "created_at"}


def test_create_ticket_returns_201_with_the_created_ticket(api_client: APIClient) -> None:
    response = api_client.post(
        "/api/tickets/",
        {
            "title": "Charged twice",
            "description": "My card was billed twice.",
            "category": "billing",
            "priority": "high",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body.keys() >= TICKET_FIELDS
    assert body["title"] == "Charged twice"
    assert body["category"] == "billing"
    assert body["priority"] == "high"
    assert body["status"] == "open"
    assert Ticket.objects.filter(pk=body["id"]).exists()


def test_create_ticket_defaults_to_general_medium_open(api_client: APIClient) -> None:
    response = api_client.post("/api/tickets/", {"title": "Hi", "description": "A question."}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["category"], body["priority"], body["status"]) == ("general", "medium", "open")
    assert body["resolved_at"] is None
    assert body["updated_at"]


def test_list_is_a_json_array_newest_first(api_client: APIClient, make_ticket) -> None:
    first = make_ticket(title="first")
    second = make_ticket(title="second")
    response = api_client.get("/api/tickets/")
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list)
    assert [ticket["id"] for ticket in body] == [second.id, first.id]
    assert body[0].keys() >= TICKET_FIELDS


def test_patch_changes_status_and_returns_the_ticket(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    response = api_client.patch(f"/api/tickets/{ticket.id}/", {"status": "in_progress"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"


def test_patch_can_change_any_writable_field(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    changes = {"title": "New title", "description": "New text", "category": "account", "priority": "low"}
    response = api_client.patch(f"/api/tickets/{ticket.id}/", changes, format="json")
    assert response.status_code == 200
    assert {key: response.json()[key] for key in changes} == changes


def test_patch_ignores_read_only_fields(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    response = api_client.patch(
        f"/api/tickets/{ticket.id}/", {"id": 999, "created_at": "2000-01-01T00:00:00Z"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["id"] == ticket.id
    assert response.json()["created_at"].startswith(str(ticket.created_at.year))


def test_patch_unknown_ticket_is_404_with_seed_message(api_client: APIClient, db: None) -> None:
    response = api_client.patch("/api/tickets/999999/", {"status": "closed"}, format="json")
    assert response.status_code == 404
    assert response.json()["detail"] == "Ticket not found."


def test_get_single_ticket(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket(title="Single")
    response = api_client.get(f"/api/tickets/{ticket.id}/")
    assert response.status_code == 200
    assert response.json()["title"] == "Single"


def test_seed_filter_example_combines_with_and(api_client: APIClient, make_ticket) -> None:
    match = make_ticket(
        title="App crash", description="It crashes on start", category="technical", priority="critical"
    )
    make_ticket(title="App crash", description="It crashes", category="technical", priority="low")
    make_ticket(title="Billing crash", description="crash", category="billing", priority="critical")
    make_ticket(title="Slow", description="slow page", category="technical", priority="critical")
    response = api_client.get("/api/tickets/?category=technical&priority=critical&search=crash")
    assert [ticket["id"] for ticket in response.json()] == [match.id]


def test_stats_has_every_seed_key_and_every_choice(api_client: APIClient, db: None) -> None:
    body = api_client.get("/api/tickets/stats/").json()
    assert body["total_tickets"] == 0
    assert body["open_tickets"] == 0
    assert body["avg_tickets_per_day"] == 0.0
    assert body["priority_breakdown"] == {"low": 0, "medium": 0, "high": 0, "critical": 0}
    assert body["category_breakdown"] == {"billing": 0, "technical": 0, "account": 0, "general": 0}
    assert body["status_breakdown"] == {"open": 0, "in_progress": 0, "pending": 0, "resolved": 0, "closed": 0}
    assert body["avg_resolution_hours"] is None
    assert body["median_resolution_hours"] is None


def test_classify_without_any_provider_returns_nulls(api_client: APIClient, settings) -> None:
    response = api_client.post(
        "/api/tickets/classify/", {"description": "I was charged twice for my subscription"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert {"suggested_category", "suggested_priority", "llm_available"} <= body.keys()
    assert body["llm_available"] is False


@pytest.mark.parametrize(
    "payload", [{}, {"description": ""}, {"description": "   "}, {"description": "x" * 5001}]
)
def test_classify_rejects_missing_blank_or_long_description(api_client: APIClient, payload) -> None:
    response = api_client.post("/api/tickets/classify/", payload, format="json")
    assert response.status_code == 400
    assert "description" in response.json()

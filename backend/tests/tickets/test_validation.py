"""Bad input to create and update is a 400 naming the field, and nothing is written."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from support_desk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Cannot pay",
    "description": "The card form fails.",
    "category": "billing",
    "priority": "high",
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": ""}, "description"),
        ({"description": "  \n "}, "description"),
        ({"description": None}, "description"),
        ({"category": "sales"}, "category"),
        ({"priority": "urgent"}, "priority"),
        ({"status": "done"}, "status"),
        ({"title": "nul \x00 byte"}, "title"),
    ],
)
def test_create_with_invalid_field_is_400_and_creates_nothing(api_client: APIClient, change, field) -> None:
    payload = {key: value for key, value in {**VALID, **change}.items() if value is not None}
    response = api_client.post("/api/tickets/", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body
    assert isinstance(body[field], list)
    assert all(isinstance(message, str) for message in body[field])
    assert Ticket.objects.count() == 0


def test_title_of_exactly_200_characters_is_accepted(api_client: APIClient) -> None:
    response = api_client.post("/api/tickets/", {**VALID, "title": "x" * 200}, format="json")
    assert response.status_code == 201


def test_malformed_json_is_400_parse_error_and_creates_nothing(api_client: APIClient) -> None:
    response = api_client.post("/api/tickets/", '{"title": "x", ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert Ticket.objects.count() == 0


def test_invalid_utf8_body_is_400(api_client: APIClient) -> None:
    response = api_client.post("/api/tickets/", b'{"title": "\xff\xfe"}', content_type="application/json")
    assert response.status_code == 400
    assert Ticket.objects.count() == 0


def test_json_array_body_is_400(api_client: APIClient) -> None:
    response = api_client.post("/api/tickets/", [VALID], format="json")
    assert response.status_code == 400
    assert Ticket.objects.count() == 0


def test_patch_with_invalid_status_is_400_and_changes_nothing(api_client: APIClient, make_ticket) -> None:
    ticket = make_ticket()
    response = api_client.patch(
        f"/api/tickets/{ticket.id}/", {"status": "nope", "title": "ok"}, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()
    ticket.refresh_from_db()
    assert ticket.title == "Cannot log in"


def test_html_and_sql_looking_text_is_stored_verbatim(api_client: APIClient) -> None:
    text = "<script>alert(1)</script>'; DROP TABLE tickets_ticket; --"
    response = api_client.post("/api/tickets/", {"title": text[:200], "description": text}, format="json")
    assert response.status_code == 201
    stored = Ticket.objects.get(pk=response.json()["id"])
    assert stored.description == text
    assert api_client.get(f"/api/tickets/{stored.id}/").json()["description"] == text

"""One JSON error shape across /api/; no HTML and no stack trace ever."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str)
    assert body["detail"]


def test_unknown_api_path_is_json_404(api_client: APIClient) -> None:
    assert_error(api_client.get("/api/nope/"), 404, "not_found")
    assert_error(api_client.get("/api/tickets/abc/"), 404, "not_found")


def test_unknown_ticket_is_404_not_found(api_client: APIClient) -> None:
    response = api_client.get("/api/tickets/424242/")
    assert_error(response, 404, "not_found")
    assert response.json()["detail"] == "Ticket not found."


def test_wrong_method_is_json_405(api_client: APIClient) -> None:
    assert_error(api_client.delete("/api/tickets/stats/"), 405, "method_not_allowed")
    assert_error(api_client.put("/api/tickets/", {}, format="json"), 405, "method_not_allowed")


def test_unsupported_media_type_is_json_415(api_client: APIClient) -> None:
    response = api_client.post("/api/tickets/", "title=x", content_type="application/x-www-form-urlencoded")
    assert_error(response, 415, "unsupported_media_type")


def test_malformed_json_is_json_400(api_client: APIClient) -> None:
    response = api_client.post("/api/tickets/classify/", "{nope", content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_body_over_the_size_limit_is_413(api_client: APIClient, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"title": "x", "description": "' + "y" * 2000 + '"}'
    response = api_client.post("/api/tickets/", body, content_type="application/json")
    assert_error(response, 413, "request_too_large")


def test_deeply_nested_json_is_a_clear_400(api_client: APIClient) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = api_client.post("/api/tickets/", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")

"""Cross-origin calls to the API: only from the origins in CORS_ALLOWED_ORIGINS.

That none is allowed by default is checked with the production settings in test_production_settings.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

ALLOWED = "https://partner.example.com"


@pytest.fixture(autouse=True)
def _allowed_origin(settings: Any) -> None:
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED]


def preflight(origin: str, path: str = "/api/tickets/") -> Any:
    return Client().options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


def test_a_listed_origin_may_call_the_api() -> None:
    response = preflight(ALLOWED)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_any_other_origin_gets_no_cors_headers() -> None:
    response = preflight("https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in response


def test_only_the_api_is_cross_origin() -> None:
    assert "Access-Control-Allow-Origin" not in preflight(ALLOWED, "/admin/login/")


@pytest.mark.django_db
def test_browsers_may_read_the_paging_and_request_id_headers() -> None:
    api = Client().get("/api/taxonomy/", headers={"Origin": ALLOWED})
    exposed = {h.strip().lower() for h in api["Access-Control-Expose-Headers"].split(",")}
    assert {"link", "x-request-id", "retry-after"} <= exposed

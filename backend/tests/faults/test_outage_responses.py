"""A lost database connection is a clean 503 wherever it is raised (test-client level).

The end-to-end outage is in test_db_outage.py; these pin the two paths outside DRF's exception
handler: a plain Django view, and middleware (where Django turns the error into a 500 response
before any outer middleware sees it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from support_desk.core import db_outage


class _RaisesInMiddleware:
    """Stands for session or authentication middleware losing its database connection."""

    error: Exception = OperationalError("connection to server failed: Connection refused")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raise self.error


@pytest.fixture
def failing_middleware(settings: Any) -> type[_RaisesInMiddleware]:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}._RaisesInMiddleware"]
    settings.DEBUG = False
    return _RaisesInMiddleware


def _client() -> Client:
    # Like a real server: an unhandled error becomes the 500 handler's answer, not a test failure.
    return Client(raise_request_exception=False)


def assert_outage(response: Any, *, json_body: bool) -> None:
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    if json_body:
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": db_outage.OUTAGE_DETAIL, "code": "service_unavailable"}
    else:
        assert response["Content-Type"].startswith("text/plain")


def test_error_in_middleware_under_api_is_json_503(failing_middleware: type[_RaisesInMiddleware]) -> None:
    response = _client().get("/api/tickets/", HTTP_X_REQUEST_ID="mw-1")
    assert_outage(response, json_body=True)
    assert response["X-Request-ID"] == "mw-1"


def test_error_in_middleware_elsewhere_is_plain_503(failing_middleware: type[_RaisesInMiddleware]) -> None:
    assert_outage(_client().get("/admin/login/"), json_body=False)


def test_other_errors_in_middleware_stay_500(
    failing_middleware: type[_RaisesInMiddleware], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a lost connection is an outage; an integrity error is a bug and must look like one."""
    monkeypatch.setattr(failing_middleware, "error", IntegrityError("duplicate key"))
    response = _client().get("/api/tickets/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"


def _plain_view(request: HttpRequest) -> HttpResponse:
    raise OperationalError("server closed the connection unexpectedly")


# This module is also the URLconf of the next test. It has no handler500 of its own, so a 503
# can only come from DatabaseOutageMiddleware.process_exception.
urlpatterns = [path("api/plain/", _plain_view), path("plain/", _plain_view)]


@pytest.mark.parametrize(("url", "json_body"), [("/api/plain/", True), ("/plain/", False)])
def test_error_in_a_plain_django_view_is_503(settings: Any, url: str, json_body: bool) -> None:
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    assert_outage(_client().get(url), json_body=json_body)


def test_readyz_reports_the_database_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr("support_desk.core.health.MigrationExecutor", refuse)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] is False
    assert Client().get("/healthz").status_code == 200

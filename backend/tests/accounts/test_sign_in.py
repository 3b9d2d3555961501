"""Sign-in: bearer tokens for integrations, sessions with CSRF for the web app, throttling."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from support_desk.accounts.models import ApiToken, Role, User
from support_desk.accounts.services import user_ensure
from support_desk.accounts.tokens import token_digest

pytestmark = pytest.mark.django_db


def run_create_token(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_create_api_token_creates_user_with_role_and_prints_token_last() -> None:
    lines = run_create_token("integration-bot", "--role", "agent")
    token = lines[-1]
    user = User.objects.get(username="integration-bot")
    assert user.role == Role.AGENT
    assert token.startswith("sd_")
    assert " " not in token
    stored = ApiToken.objects.get(user=user)
    assert stored.digest == token_digest(token)
    assert token not in (stored.digest, stored.prefix)  # only a digest is stored


def test_token_signs_in_and_revoked_token_is_401() -> None:
    token = run_create_token("bot", "--role", "agent")[-1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/tickets/").status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    response = client.get("/api/tickets/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer sd_unknown", "Bearer not-ours"])
def test_bad_bearer_credentials_are_401(header: str) -> None:
    response = APIClient().get("/api/tickets/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_no_credentials_is_401_json() -> None:
    response = APIClient().get("/api/tickets/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def session_client() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.get("/api/auth/session/")
    return client, client.cookies["csrftoken"].value


def test_session_login_needs_csrf_token() -> None:
    user_ensure(username="maria", role=Role.REQUESTER, password="a-long-password-1")
    client, _ = session_client()
    response = client.post(
        "/api/auth/login/",
        {"username": "maria", "password": "a-long-password-1"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_session_login_then_api_then_logout() -> None:
    user_ensure(username="maria", role=Role.REQUESTER, password="a-long-password-1")
    client, csrf = session_client()
    response = client.post(
        "/api/auth/login/",
        {"username": "maria", "password": "a-long-password-1"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200
    assert response.json()["role"] == "requester"
    assert client.get("/api/auth/session/").json()["username"] == "maria"
    csrf = client.cookies["csrftoken"].value  # rotated at login
    # Writes with a session need the CSRF header.
    body = {"title": "Hi", "description": "Question"}
    assert client.post("/api/tickets/", body, content_type="application/json").status_code == 403
    created = client.post("/api/tickets/", body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert created.status_code == 201
    logout = client.post("/api/auth/logout/", content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert logout.status_code == 204
    assert client.get("/api/auth/session/").status_code == 401


def test_wrong_password_is_400_and_login_is_throttled_with_retry_after(settings) -> None:
    settings.AXES_FAILURE_LIMIT = 100  # the lockout has tests of its own; this one is the throttle
    user_ensure(username="maria", role=Role.REQUESTER, password="a-long-password-1")
    client, csrf = session_client()
    statuses = []
    for _ in range(12):
        response = client.post(
            "/api/auth/login/",
            {"username": "maria", "password": "guess"},
            content_type="application/json",
            HTTP_X_CSRFTOKEN=csrf,
        )
        statuses.append(response.status_code)
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"


def test_classify_is_throttled_per_user(api_client: APIClient, requester_client: APIClient) -> None:
    body = {"description": "My invoice shows the wrong amount this month."}
    statuses = [api_client.post("/api/tickets/classify/", body, format="json").status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    # Another user has a budget of their own.
    assert requester_client.post("/api/tickets/classify/", body, format="json").status_code == 200

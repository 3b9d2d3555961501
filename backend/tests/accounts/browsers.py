"""A browser for the sign-in tests: Django's test client with CSRF enforced, its own address
and user agent, and the authenticator app's codes computed from the secret it was shown."""

from __future__ import annotations

import json
from base64 import b32decode
from typing import Any

from django.test import Client
from django.test.client import Client as DjangoClient
from django_otp.oath import totp

PASSWORD = "a-long-password-1"


class Browser:
    def __init__(self, *, address: str = "203.0.113.5", user_agent: str = "Firefox/140 (test)") -> None:
        self.client: DjangoClient = Client(
            enforce_csrf_checks=True, REMOTE_ADDR=address, HTTP_USER_AGENT=user_agent
        )

    def csrf(self) -> str:
        if "csrftoken" not in self.client.cookies:
            self.client.get("/api/auth/session/")
        return str(self.client.cookies["csrftoken"].value)

    def get(self, path: str) -> Any:
        return self.client.get(path)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            path, json.dumps(body or {}), content_type="application/json", HTTP_X_CSRFTOKEN=self.csrf()
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(path, HTTP_X_CSRFTOKEN=self.csrf())

    def login(self, username: str, password: str = PASSWORD) -> Any:
        return self.post("/api/auth/login/", {"username": username, "password": password})


def code_from_secret(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows now (or `steps_ahead` periods of 30 s later)."""
    return f"{totp(b32decode(secret), step=30, t0=0, digits=6, drift=steps_ahead):06d}"


def enable_two_factor(browser: Browser) -> tuple[str, list[str]]:
    """Set up the authenticator through the web app's calls; returns (secret, recovery codes)."""
    setup = browser.post("/api/auth/two-factor/setup/")
    assert setup.status_code == 201, setup.content
    secret = setup.json()["secret"]
    confirmed = browser.post("/api/auth/two-factor/confirm/", {"code": code_from_secret(secret)})
    assert confirmed.status_code == 200, confirmed.content
    return secret, confirmed.json()["recovery_codes"]

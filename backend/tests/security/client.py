"""Browser-like sign-in over real HTTP: cookies, the CSRF token and the Referer an HTTPS form
post needs (the server runs behind a TLS proxy, as deployed)."""

from __future__ import annotations

import json
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from tests.faults.server import Reply, Server


class BrowserSession:
    def __init__(self, server: Server, *, forwarded_for: str | None = None) -> None:
        self.server = server
        self.cookies: dict[str, str] = {}
        self.forwarded_for = forwarded_for

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Referer": f"https://127.0.0.1:{self.server.port}/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        if self.forwarded_for is not None:
            headers["X-Forwarded-For"] = self.forwarded_for
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, body: bytes | None = None, **headers: str) -> Reply:
        reply = self.server.request(method, path, body, self._headers(headers))
        for name, value in reply.raw_headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return reply

    def api_login(self, username: str, password: str) -> Reply:
        if "csrftoken" not in self.cookies:
            self.request("GET", "/api/auth/session/")
        return self.request(
            "POST",
            "/api/auth/login/",
            json.dumps({"username": username, "password": password}).encode(),
            **{"Content-Type": "application/json", "X-CSRFToken": self.cookies["csrftoken"]},
        )

    def admin_login(self, username: str, password: str) -> Reply:
        page = self.request("GET", "/admin/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert match, page.body[:500]
        form = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": match.group(1).decode(),
            "next": "/admin/",
        }
        return self.request(
            "POST",
            "/admin/login/",
            urlencode(form).encode(),
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )

"""A real OpenID Connect provider for the single sign-on tests, and a browser that goes through it.

The provider is the npm package oidc-provider (pinned in provider/package.json, installed by
`make install` with `npm ci`), run by node on a loopback port with our own small configuration
(provider/server.mjs): one client whose redirect URI is the test server's callback, and the
accounts below. Its own sign-in and consent pages are filled in over HTTP with cookies, as a
browser would.
"""

from __future__ import annotations

import json
import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from joserfc.jwk import RSAKey

from support_desk.core.process_commands import stop_process
from support_desk.sso import provider as sso_provider
from tests.faults.server import unused_port

PROVIDER_DIR = Path(__file__).parent / "provider"
CLIENT_ID = "support-desk"
CLIENT_SECRET = "test-client-secret-0123456789abcdef"  # a value of the test provider only
SCOPES = ["openid", "email", "profile", "roles"]
AGENT = "support-desk-agent"
ADMIN = "support-desk-admin"

# The provider's accounts: the login typed on its sign-in page is the subject (`sub`).
ACCOUNTS: dict[str, dict[str, Any]] = {
    "alex-at-idp": {
        "email": "alex@corp.test",
        "email_verified": True,
        "given_name": "Alex",
        "family_name": "Rivera",
        "preferred_username": "alex",
        "roles": [AGENT, "wiki-editor"],
    },
    "ada-at-idp": {
        "email": "ada@corp.test",
        "email_verified": True,
        "preferred_username": "ada",
        "roles": [ADMIN],
    },
    "carl-at-idp": {"email": "carl@corp.test", "email_verified": True, "roles": ["wiki-editor"]},
    # Claims an existing person's address; the provider does not vouch for it.
    "mallory-at-idp": {"email": "sam@corp.test", "email_verified": False, "roles": [AGENT]},
    # The same address, vouched for.
    "sam-at-idp": {"email": "sam@corp.test", "email_verified": True, "roles": [AGENT]},
}


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen[bytes]
    log: Path
    # The provider's private signing key, for tests that sign ID tokens as it would.
    signing_key: RSAKey

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oidc-provider exited: {log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"oidc-provider did not listen within 30 s: {log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def oidc_provider(
    django_db_setup: None, live_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Provider]:
    # The test database first, so it is torn down after the server that connects to it.
    node = shutil.which("node")
    if node is None or not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(
            "The single sign-on tests need node and the test provider's packages: run `make install` "
            f"(or `npm ci` in {PROVIDER_DIR})."
        )
    log = tmp_path_factory.mktemp("oidc-provider") / "provider.log"
    signing_key = RSAKey.generate_key(
        2048, parameters={"kid": "test-signing-key", "alg": "RS256", "use": "sig"}
    )
    base_env = {
        "PATH": str(Path(node).parent),
        "PROVIDER_CLIENT_ID": CLIENT_ID,
        "PROVIDER_CLIENT_SECRET": CLIENT_SECRET,
        "PROVIDER_REDIRECT_URI": f"{live_server.url}/api/auth/oidc/callback/",
        "PROVIDER_ACCOUNTS": json.dumps(ACCOUNTS),
        "PROVIDER_SIGNING_KEY": json.dumps(signing_key.as_dict(private=True)),
    }
    # A port free a moment ago may be taken before node binds it: then try another.
    for attempt in range(3):
        port = unused_port()
        issuer = f"http://127.0.0.1:{port}"
        env = {**base_env, "PROVIDER_PORT": str(port), "PROVIDER_ISSUER": issuer}
        with log.open("wb") as out:
            process = subprocess.Popen(
                [node, "server.mjs"], cwd=PROVIDER_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        try:
            _wait_until_listening(port, process, log)
            break
        except RuntimeError:
            stop_process(process, grace_seconds=5)
            if attempt == 2:
                raise
    try:
        yield Provider(issuer=issuer, process=process, log=log, signing_key=signing_key)
    finally:
        stop_process(process, grace_seconds=5)


@pytest.fixture
def oidc(oidc_provider: Provider, live_server: Any, settings: Any) -> Iterator[Provider]:
    """Support Desk configured for the test provider, as the README tells an admin to."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_SCOPES = SCOPES
    settings.OIDC_ROLE_CLAIM = "roles"
    settings.OIDC_ADMIN_VALUES = [ADMIN]
    settings.OIDC_AGENT_VALUES = [AGENT]
    settings.OIDC_ALLOW_CUSTOMERS = False
    settings.OIDC_LINK_VERIFIED_EMAIL = True
    settings.OIDC_BUTTON_LABEL = "Corp SSO"
    settings.PUBLIC_BASE_URL = live_server.url
    sso_provider.forget_cached()
    yield oidc_provider
    sso_provider.forget_cached()


class _Forms(HTMLParser):
    """The forms of a page: action, method and the named inputs' values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": attributes.get("action", ""),
                    "method": attributes.get("method", "get"),
                    "fields": {},
                }
            )
        elif tag == "input" and self.forms and attributes.get("name"):
            self.forms[-1]["fields"][attributes["name"]] = attributes.get("value", "")


class Browser:
    """A person's browser: one cookie jar for our server and the provider, redirects followed by
    hand so a test can stop at, look at or change any step."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()

    def get(self, path_or_url: str, **kwargs: Any) -> requests.Response:
        return self.http.get(urljoin(self.base_url, path_or_url), allow_redirects=False, timeout=15, **kwargs)

    def start(self, *, next_path: str | None = None) -> str:
        """Press the button: returns the provider's authorization URL our server sent us to."""
        reply = self.get("/api/auth/oidc/start/", params={} if next_path is None else {"next": next_path})
        assert reply.status_code == 302, (reply.status_code, reply.text[:300])
        return str(reply.headers["Location"])

    def through_provider(self, authorization_url: str, *, login: str) -> str:
        """Sign in at the provider as `login` and consent; returns the callback URL it sends the
        browser back to (not yet followed)."""
        url = authorization_url
        callback = urljoin(self.base_url, "/api/auth/oidc/callback/")
        for _ in range(20):
            if url.startswith(callback):
                return url
            reply = self.http.get(url, allow_redirects=False, timeout=15)
            while reply.status_code == 200 and "<form" in reply.text:
                reply = self._submit(reply, login=login)
            if reply.status_code not in (302, 303):
                raise AssertionError(f"the provider answered {reply.status_code}: {reply.text[:500]}")
            url = urljoin(reply.url, reply.headers["Location"])
        raise AssertionError("the provider never sent the browser back")

    def _submit(self, page: requests.Response, *, login: str) -> requests.Response:
        parser = _Forms()
        parser.feed(page.text)
        form = parser.forms[0]
        fields = dict(form["fields"])
        if "login" in fields:
            fields.update(login=login, password="any password")
        return self.http.post(
            urljoin(page.url, form["action"]), data=fields, allow_redirects=False, timeout=15
        )

    def sign_in(self, *, login: str, next_path: str | None = None) -> requests.Response:
        """The whole journey; returns our callback's answer (a redirect into the web app)."""
        return self.get(self.through_provider(self.start(next_path=next_path), login=login))

    def session(self) -> requests.Response:
        return self.get("/api/auth/session/")


@pytest.fixture
def browser(live_server: Any) -> Iterator[Browser]:
    yield from _browser(live_server)


@pytest.fixture
def other_browser(live_server: Any) -> Iterator[Browser]:
    """Someone else's browser (an attacker's, or the same person's on another machine)."""
    yield from _browser(live_server)


def _browser(live_server: Any) -> Iterator[Browser]:
    browser = Browser(live_server.url)
    yield browser
    # Closing the kept-alive connections ends the server threads and their database connections.
    browser.http.close()


@pytest.fixture(autouse=True)
def _sso_logs_at_info(caplog: pytest.LogCaptureFixture) -> None:
    """Every sign-in path runs with its log lines on, as deployed (the test settings drop INFO)."""
    caplog.set_level(logging.INFO, logger="support_desk.sso")

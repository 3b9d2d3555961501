"""Two-factor sign-in and sessions against the real server (gunicorn with production settings on
PostgreSQL, behind the TLS proxy the browser session pretends to pass through): the code step,
a replayed code, the lockout counting wrong codes, API tokens, and ending another browser's
session."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.accounts.browsers import code_from_secret
from tests.faults.server import Reply
from tests.security.client import BrowserSession
from tests.security.conftest import PASSWORD, SecurityStack, security_stack

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served() -> Iterator[SecurityStack]:
    # Behind one proxy, so the lockout test's address (and its lock) is its own.
    with security_stack(LOGIN_FAILURE_LIMIT="5", TRUSTED_PROXY_COUNT="1") as stack:
        yield stack


def post(browser: BrowserSession, path: str, body: dict[str, Any] | None = None) -> Reply:
    return browser.request(
        "POST",
        path,
        json.dumps(body or {}).encode(),
        **{"Content-Type": "application/json", "X-CSRFToken": browser.cookies["csrftoken"]},
    )


def test_a_staff_sign_in_asks_for_the_code_refuses_replays_and_locks_on_wrong_codes(
    served: SecurityStack,
) -> None:
    setup_browser = BrowserSession(served.server)
    signed_in = setup_browser.api_login("carla", PASSWORD)
    assert signed_in.status == 200
    assert signed_in.json()["second_factor"] is None
    secret = post(setup_browser, "/api/auth/two-factor/setup/").json()["secret"]
    confirm_code = code_from_secret(secret)
    confirmed = post(setup_browser, "/api/auth/two-factor/confirm/", {"code": confirm_code})
    assert confirmed.status == 200
    assert len(confirmed.json()["recovery_codes"]) == 10

    browser = BrowserSession(served.server, forwarded_for="198.51.100.50")
    waiting = browser.api_login("carla", PASSWORD)
    assert waiting.status == 202
    assert waiting.json()["second_factor"] == "verify"
    assert browser.request("GET", "/api/tickets/").status == 401
    # The code that confirmed the set-up was used; it does not sign in again.
    assert post(browser, "/api/auth/login/verify/", {"code": confirm_code}).status == 400
    statuses = [
        post(browser, "/api/auth/login/verify/", {"code": f"{guess:06d}"}).status for guess in range(4)
    ]
    # With the replay, five wrong codes: the fifth locked the account.
    assert statuses == [400, 400, 400, 429]
    locked = post(browser, "/api/auth/login/verify/", {"code": code_from_secret(secret, steps_ahead=1)})
    assert locked.status == 429
    assert "Too many failed sign-in attempts" in locked.json()["detail"]
    # The account is locked, from any address.
    assert (
        BrowserSession(served.server, forwarded_for="198.51.100.51").api_login("carla", PASSWORD).status
        == 429
    )
    # An integration's token is not asked for a code, and not locked out.
    token = {"Authorization": f"Bearer {served.tokens['carla']}"}
    assert served.server.request("GET", "/api/tickets/", None, token).status == 200
    # The worker that locked the account may write its line a moment after answering.
    deadline = time.monotonic() + 10
    while "sign-in locked out" not in served.log() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "sign-in locked out" in served.log(), [
        line for line in served.log().splitlines() if "lock" in line.lower() or "verify" in line
    ]


def test_signing_in_to_ones_own_account_between_guesses_does_not_reset_the_lock(
    served: SecurityStack,
) -> None:
    setup_browser = BrowserSession(served.server)
    assert setup_browser.api_login("emil", PASSWORD).status == 200
    secret = post(setup_browser, "/api/auth/two-factor/setup/").json()["secret"]
    confirmed = post(setup_browser, "/api/auth/two-factor/confirm/", {"code": code_from_secret(secret)})
    assert confirmed.status == 200

    # Someone with emil's password guesses codes from one address, and signs in to an account of
    # their own (bruno's) from the same address before the limit.
    guesser = BrowserSession(served.server, forwarded_for="198.51.100.60")
    assert guesser.api_login("emil", PASSWORD).status == 202
    statuses = [
        post(guesser, "/api/auth/login/verify/", {"code": f"{guess:06d}"}).status for guess in range(4)
    ]
    assert statuses == [400] * 4
    own = BrowserSession(served.server, forwarded_for="198.51.100.60").api_login("bruno", PASSWORD)
    assert own.status == 200

    assert post(guesser, "/api/auth/login/verify/", {"code": "000004"}).status == 429
    assert (
        BrowserSession(served.server, forwarded_for="198.51.100.61").api_login("emil", PASSWORD).status == 429
    )


def test_an_api_token_beside_a_session_cookie_cannot_turn_on_two_factor_sign_in(
    served: SecurityStack,
) -> None:
    browser = BrowserSession(served.server)
    assert browser.api_login("bruno", PASSWORD).status == 200
    setup = browser.request(
        "POST",
        "/api/auth/two-factor/setup/",
        b"{}",
        **{
            "Content-Type": "application/json",
            "X-CSRFToken": browser.cookies["csrftoken"],
            **_bearer(served, "dora"),
        },
    )
    assert setup.status == 403
    assert BrowserSession(served.server).api_login("dora", PASSWORD).json()["second_factor"] is None


def test_a_person_ends_another_of_their_sessions_and_nobody_else_can(served: SecurityStack) -> None:
    laptop, phone, stranger = (BrowserSession(served.server) for _ in range(3))
    assert laptop.api_login("alice", PASSWORD).status == 200
    assert phone.api_login("alice", PASSWORD).status == 200
    assert stranger.api_login("bruno", PASSWORD).status == 200

    rows = laptop.request("GET", "/api/auth/sessions/").json()
    assert sorted(row["current"] for row in rows) == [False, True]
    phone_row = next(row for row in rows if not row["current"])
    assert phone_row["ip_address"] == "127.0.0.1"

    stranger_try = stranger.request("DELETE", f"/api/auth/sessions/{phone_row['id']}/", **_csrf(stranger))
    assert stranger_try.status == 404
    assert phone.request("GET", "/api/tickets/").status == 200

    ended = laptop.request("DELETE", f"/api/auth/sessions/{phone_row['id']}/", **_csrf(laptop))
    assert ended.status == 204
    assert phone.request("GET", "/api/tickets/").status == 401
    assert laptop.request("GET", "/api/tickets/").status == 200
    events = served.server.request(
        "GET", "/api/auth/security-events/?kind=session_ended", None, _bearer(served, "dora")
    ).json()
    assert [(event["username"], event["detail"]["how"]) for event in events] == [("alice", "ended")]


def _csrf(browser: BrowserSession) -> dict[str, str]:
    return {"X-CSRFToken": browser.cookies["csrftoken"]}


def _bearer(served: SecurityStack, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {served.tokens[username]}"}

"""The hostile-input probe's findings, each replayed against the real server (gunicorn with
production settings on PostgreSQL), where the behaviour lives: throttles keyed on the real
address, sign-in lockouts for the API and the admin, strict integers, typed fields, the create
throttle, and the security headers."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest

from tests.faults.server import Reply
from tests.security.client import BrowserSession
from tests.security.conftest import PASSWORD, SecurityStack, security_stack

pytestmark = pytest.mark.slow


def bearer(stack: SecurityStack, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.tokens[username]}"}


def assert_json_error(reply: Reply, status: int) -> dict:
    assert reply.status == status, (reply.status, reply.body[:300])
    assert reply.content_type.startswith("application/json")
    body: dict = reply.json()
    return body


# --- throttles keyed on the real client address -----------------------------------------


@pytest.fixture(scope="module")
def tuned() -> Iterator[SecurityStack]:
    """Lockouts off, so what is measured is the sign-in throttle (10 a minute per address), and
    low create budgets, so the create throttle shows within a few requests."""
    with security_stack(
        LOGIN_FAILURE_LIMIT="1000", THROTTLE_CREATE_RATE="5/min", THROTTLE_STAFF_CREATE_RATE="8/min"
    ) as served:
        yield served


@pytest.fixture(scope="module")
def behind_one_proxy() -> Iterator[SecurityStack]:
    with security_stack(TRUSTED_PROXY_COUNT="1", LOGIN_FAILURE_LIMIT="5") as served:
        yield served


def test_a_new_forwarded_for_per_attempt_does_not_escape_the_sign_in_throttle(
    tuned: SecurityStack,
) -> None:
    statuses = [
        BrowserSession(tuned.server, forwarded_for=f"203.0.113.{attempt}").api_login("alice", "wrong").status
        for attempt in range(12)
    ]
    # With no trusted proxy the header is ignored: every attempt is the same client.
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]


def test_behind_a_trusted_proxy_the_address_it_reports_is_the_client(
    behind_one_proxy: SecurityStack,
) -> None:
    server = behind_one_proxy.server

    def attempt(forwarded_for: str) -> int:
        return (
            BrowserSession(server, forwarded_for=forwarded_for)
            .api_login(f"nobody-{forwarded_for}", "x")
            .status
        )

    # The proxy appends the peer it saw; whatever the client wrote before that is ignored, so
    # these failures all count against 198.51.100.7: the fifth locks it out.
    assert [attempt(f"10.9.9.{n}, 198.51.100.7") for n in range(5)] == [400] * 4 + [429]
    assert attempt("10.9.9.77, 198.51.100.7") == 429
    # Another real client is unaffected.
    assert attempt("10.9.9.1, 198.51.100.8") == 400


# --- lockouts, per account and per address, API and admin alike ---------------------------


def test_an_account_locks_after_five_wrong_passwords_even_from_many_addresses(
    behind_one_proxy: SecurityStack,
) -> None:
    server = behind_one_proxy.server
    statuses = [
        BrowserSession(server, forwarded_for=f"192.0.2.{attempt}").api_login("bruno", "guess").status
        for attempt in range(5)
    ]
    assert statuses == [400] * 4 + [429]  # the fifth failure locks the account
    locked = BrowserSession(server, forwarded_for="192.0.2.99").api_login("bruno", PASSWORD)
    body = assert_json_error(locked, 429)
    assert body["code"] == "throttled"
    assert "Too many failed sign-in attempts" in body["detail"]
    assert int(locked.headers["retry-after"]) > 60
    log = behind_one_proxy.log()
    assert "sign-in locked out" in log
    assert '"username": "bruno"' in log


def test_an_address_locks_after_five_wrong_passwords_for_different_accounts(stack: SecurityStack) -> None:
    browser = BrowserSession(stack.server)
    statuses = [browser.api_login(f"guess-{index}", "guess").status for index in range(5)]
    assert statuses == [400] * 4 + [429]
    # Now even a real account with the right password is refused from this address.
    assert_json_error(BrowserSession(stack.server).api_login("carla", PASSWORD), 429)


def test_the_admin_sign_in_locks_out_too(behind_one_proxy: SecurityStack) -> None:
    server = behind_one_proxy.server

    def attempt(password: str, address: str) -> Reply:
        return BrowserSession(server, forwarded_for=address).admin_login("dora", password)

    assert attempt(PASSWORD, "198.18.0.1").status == 302  # the right password works at first
    for index in range(4):
        reply = attempt("wrong-password", f"198.18.1.{index}")
        assert reply.status == 200  # the form again, with its error
        assert b"<title>Error: Log in" in reply.body
    assert attempt("wrong-password", "198.18.1.9").status == 429  # the fifth failure locks it
    locked = attempt(PASSWORD, "198.18.2.1")
    assert locked.status == 429
    assert b"Too many failed sign-in attempts" in locked.body


# --- strict integers and typed fields ------------------------------------------------------


def nested_cursor(depth: int) -> str:
    return base64.urlsafe_b64encode(("[" * depth + "]" * depth).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "query",
    [
        "page_size=%C2%B2",
        "assignee=%C2%B2",
        "requester=%C2%B2",
        "requester=" + "9" * 40,
        # Deep enough to exhaust the JSON decoder's recursion, short enough for a request line.
        "cursor=" + nested_cursor(1500),
    ],
)
def test_malformed_numbers_in_the_query_are_400_not_500(stack: SecurityStack, query: str) -> None:
    reply = stack.server.request("GET", f"/api/tickets/?{query}", headers=bearer(stack, "carla"))
    body = assert_json_error(reply, 400)
    assert set(body) & {"page_size", "assignee", "requester", "cursor"}
    assert "Traceback" not in stack.log()


@pytest.mark.parametrize("if_match", ['"\u00b2"', "\u0663", "9" * 5000])
def test_a_malformed_if_match_is_412_not_500(stack: SecurityStack, if_match: str) -> None:
    # Sent as UTF-8 bytes, as a client would; http.client writes header strings as Latin-1.
    if_match = if_match.encode().decode("latin-1")
    created = stack.server.post_json(
        "/api/tickets/", {"title": "If-Match probe", "description": "d"}, bearer(stack, "carla")
    )
    assert created.status == 201
    reply = stack.server.request(
        "PATCH",
        f"/api/tickets/{created.json()['id']}/",
        json.dumps({"priority": "low"}).encode(),
        {**bearer(stack, "carla"), "Content-Type": "application/json", "If-Match": if_match},
    )
    assert assert_json_error(reply, 412)["code"] == "precondition_failed"
    assert "Traceback" not in stack.log()


def test_an_id_too_long_for_any_column_is_404(stack: SecurityStack) -> None:
    reply = stack.server.request("GET", "/api/tickets/" + "9" * 30 + "/", headers=bearer(stack, "carla"))
    assert assert_json_error(reply, 404)["code"] == "not_found"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"assignee_id": 1.5}, "assignee_id"),
        ({"assignee_id": True}, "assignee_id"),
        ({"assignee_id": "1"}, "assignee_id"),
        ({"title": 123}, "title"),
        ({"description": ["a", "b"]}, "description"),
        ({"version": 1.0}, "version"),
    ],
)
def test_values_of_the_wrong_type_are_refused_naming_the_field(
    stack: SecurityStack, payload: dict, field: str
) -> None:
    created = stack.server.post_json(
        "/api/tickets/", {"title": "Typed", "description": "d"}, bearer(stack, "carla")
    )
    ticket_id = created.json()["id"]
    reply = stack.server.request(
        "PATCH",
        f"/api/tickets/{ticket_id}/",
        json.dumps(payload).encode(),
        {**bearer(stack, "carla"), "Content-Type": "application/json"},
    )
    body = assert_json_error(reply, 400)
    assert field in body, body
    after = stack.server.request("GET", f"/api/tickets/{ticket_id}/", headers=bearer(stack, "carla")).json()
    assert after["assignee"] is None
    assert after["version"] == 1


# --- the create throttle -------------------------------------------------------------------


def test_customers_and_agents_each_have_a_create_budget(tuned: SecurityStack) -> None:
    def create(username: str) -> int:
        return tuned.server.post_json(
            "/api/tickets/", {"title": "Flood", "description": "again"}, bearer(tuned, username)
        ).status

    assert [create("alice") for _ in range(6)] == [201] * 5 + [429]
    assert create("bruno") == 201  # per user, not shared
    assert [create("carla") for _ in range(9)] == [201] * 8 + [429]
    # Reading is not limited by it.
    listed = tuned.server.request("GET", "/api/tickets/", headers=bearer(tuned, "alice"))
    assert listed.status == 200


# --- headers -------------------------------------------------------------------------------


def test_pages_carry_a_content_security_policy(stack: SecurityStack) -> None:
    for path in ("/", "/tickets/12", "/admin/login/", "/api/docs/"):
        reply = stack.server.request("GET", path)
        assert reply.content_type.startswith("text/html"), path
        policy = reply.headers["content-security-policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'", path
        assert directives["frame-ancestors"] == "'none'", path
        assert directives["object-src"] == "'none'", path
    # JSON runs no script: the API's answers go without the header (and its cost).
    api = stack.server.request("GET", "/api/tickets/", headers=bearer(stack, "carla"))
    assert "content-security-policy" not in api.headers


def test_signed_in_api_answers_are_not_stored_by_caches(stack: SecurityStack) -> None:
    signed_in = stack.server.request("GET", "/api/tickets/", headers=bearer(stack, "carla"))
    assert "no-store" in signed_in.headers["cache-control"]
    anonymous = stack.server.request("GET", "/api/tickets/")
    assert anonymous.status == 401
    assert "no-store" not in anonymous.headers.get("cache-control", "")

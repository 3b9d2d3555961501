"""Hostile requests against the real server (gunicorn, production settings, PostgreSQL).

The test client skips the HTTP parser, the WSGI layer and the worker model; these go through
all of them. Every hostile request must get a clear 4xx JSON answer and leave nothing
half-written: the tickets table is counted before and after.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest

from tests.faults.conftest import Stack
from tests.faults.server import Reply

pytestmark = pytest.mark.slow

TICKETS = "/api/tickets/"
LIMIT = 1_048_576  # MAX_REQUEST_BYTES's default, which the server runs with


def assert_clear_4xx(reply: Reply, status: int, code: str | None = None) -> None:
    assert reply.status == status, (reply.status, reply.body[:300])
    assert reply.content_type.startswith("application/json"), reply.content_type
    body = reply.json()
    assert isinstance(body, dict)
    assert body, "an error must say what was wrong"
    if code is not None:
        assert body["code"] == code, body
        assert isinstance(body["detail"], str)
        assert body["detail"]
    assert reply.headers.get("x-request-id"), "every answer carries its request id"


def ticket_json(description: str = "The export button does nothing.") -> bytes:
    return json.dumps({"title": f"hostile {uuid.uuid4().hex[:8]}", "description": description}).encode()


def chunked(body: bytes, chunk_size: int = 64 * 1024) -> bytes:
    """`body` in HTTP/1.1 chunked transfer coding."""
    out = bytearray()
    for start in range(0, len(body), chunk_size):
        piece = body[start : start + chunk_size]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return bytes(out + b"0\r\n\r\n")


def raw_post(stack: Stack, body: bytes, *, chunked_body: bool) -> bytes:
    headers = {"Host": "127.0.0.1", "Content-Type": "application/json", "Connection": "close"}
    headers.update(stack.server.headers())
    if chunked_body:
        headers["Transfer-Encoding"] = "chunked"
        payload = chunked(body)
    else:
        headers["Content-Length"] = str(len(body))
        payload = body
    head = "".join(f"{key}: {value}\r\n" for key, value in headers.items())
    return f"POST {TICKETS} HTTP/1.1\r\n{head}\r\n".encode() + payload


@pytest.fixture
def unchanged(stack: Stack) -> Iterator[None]:
    """Asserts the test wrote no ticket."""
    before = stack.ticket_count()
    yield
    assert stack.ticket_count() == before, "a refused request must not write anything"


def test_the_server_accepts_a_normal_ticket(stack: Stack) -> None:
    """The baseline: the same path, headers and credentials do work for a sane request."""
    before = stack.ticket_count()
    reply = stack.server.request("POST", TICKETS, ticket_json(), {"Content-Type": "application/json"})
    assert reply.status == 201, reply.body[:300]
    assert stack.ticket_count() == before + 1


@pytest.mark.usefixtures("unchanged")
def test_a_body_over_the_limit_is_413(stack: Stack) -> None:
    body = ticket_json("x" * (LIMIT + 1000))
    assert_clear_4xx(
        stack.server.send_raw(raw_post(stack, body, chunked_body=False)), 413, "request_too_large"
    )


@pytest.mark.usefixtures("unchanged")
def test_a_chunked_body_over_the_limit_is_413(stack: Stack) -> None:
    """No Content-Length to compare with the limit: the body is counted as it arrives."""
    body = ticket_json("x" * (LIMIT * 2))
    assert_clear_4xx(
        stack.server.send_raw(raw_post(stack, body, chunked_body=True)), 413, "request_too_large"
    )


def test_a_chunked_body_under_the_limit_is_read_whole(stack: Stack) -> None:
    """Without buffering, Django would read a chunked body as empty (a confusing 400)."""
    before = stack.ticket_count()
    body = ticket_json("y" * 5000)
    reply = stack.server.send_raw(raw_post(stack, body, chunked_body=True))
    assert reply.status == 201, reply.body[:300]
    assert reply.json()["description"] == "y" * 5000
    assert stack.ticket_count() == before + 1


@pytest.mark.usefixtures("unchanged")
def test_deeply_nested_json_is_400(stack: Stack) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    reply = stack.server.request("POST", TICKETS, body, {"Content-Type": "application/json"})
    assert_clear_4xx(reply, 400, "parse_error")


@pytest.mark.usefixtures("unchanged")
def test_invalid_utf8_is_400(stack: Stack) -> None:
    body = b'{"title": "caf\xe9 \xff\xfe", "description": "\xc3\x28 broken"}'
    reply = stack.server.request("POST", TICKETS, body, {"Content-Type": "application/json; charset=utf-8"})
    assert_clear_4xx(reply, 400, "parse_error")


@pytest.mark.usefixtures("unchanged")
def test_invalid_utf8_in_the_query_string_is_not_a_server_error(stack: Stack) -> None:
    reply = stack.server.request("GET", f"{TICKETS}?search=%ff%fe%c3%28&status=%ff")
    assert reply.status < 500
    assert reply.content_type.startswith("application/json")


@pytest.mark.usefixtures("unchanged")
def test_a_nul_character_is_400_not_a_database_error(stack: Stack) -> None:
    """PostgreSQL cannot store NUL in text; it must be refused before it gets that far."""
    body = json.dumps({"title": "nul \u0000 inside", "description": "text"}).encode()
    reply = stack.server.request("POST", TICKETS, body, {"Content-Type": "application/json"})
    assert_clear_4xx(reply, 400)
    assert "title" in reply.json()


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("payload", [b"[]", b'"a string"', b"null", b"{nope", b""])
def test_json_that_is_not_a_ticket_is_400(stack: Stack, payload: bytes) -> None:
    reply = stack.server.request("POST", TICKETS, payload, {"Content-Type": "application/json"})
    assert_clear_4xx(reply, 400)


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
    ],
)
def test_a_wrong_content_type_is_415(stack: Stack, content_type: str) -> None:
    reply = stack.server.request("POST", TICKETS, ticket_json(), {"Content-Type": content_type})
    assert_clear_4xx(reply, 415, "unsupported_media_type")


@pytest.mark.usefixtures("unchanged")
def test_json_sent_as_a_file_upload_is_a_clear_400(stack: Stack) -> None:
    """multipart/form-data is accepted (tickets with files); JSON mislabelled as it has no fields."""
    reply = stack.server.request(
        "POST", TICKETS, ticket_json(), {"Content-Type": "multipart/form-data; boundary=xyz"}
    )
    assert_clear_4xx(reply, 400)


SQL_TITLE = "Robert'); DROP TABLE tickets_ticket;--"
SQL_AND_HTML_DESCRIPTION = (
    "' OR 1=1 -- ; SELECT * FROM accounts_user; <script>alert('x')</script> "
    '<img src=x onerror="alert(1)"> &lt;b&gt; {{ 7*7 }} ${7*7} %s %(name)s \\x00 \u202e'
)


def test_sql_and_html_looking_text_is_stored_and_returned_verbatim(stack: Stack) -> None:
    before = stack.ticket_count()
    payload = {"title": SQL_TITLE, "description": SQL_AND_HTML_DESCRIPTION}
    created = stack.server.post_json(TICKETS, payload)
    assert created.status == 201, created.body[:300]
    assert created.content_type.startswith("application/json")
    body = created.json()
    assert (body["title"], body["description"]) == (SQL_TITLE, SQL_AND_HTML_DESCRIPTION)

    fetched = stack.server.request("GET", f"{TICKETS}{body['id']}/")
    assert fetched.status == 200
    assert fetched.content_type.startswith("application/json")
    assert (fetched.json()["title"], fetched.json()["description"]) == (SQL_TITLE, SQL_AND_HTML_DESCRIPTION)

    with stack.cluster.connect() as conn:
        row = conn.execute(
            "SELECT title, description FROM tickets_ticket WHERE id = %s", [body["id"]]
        ).fetchone()
    assert row == (SQL_TITLE, SQL_AND_HTML_DESCRIPTION)
    assert stack.ticket_count() == before + 1  # and the table is still there


def test_sql_looking_search_is_just_text(stack: Stack) -> None:
    before = stack.ticket_count()
    for term in ["' OR 1=1 --", "'; DROP TABLE tickets_ticket; --", "%' AND '%'='", "\\", "!!&&||"]:
        reply = stack.server.request("GET", f"{TICKETS}?search={_quote(term)}")
        assert reply.status == 200, (term, reply.body[:300])
        assert isinstance(reply.json(), list)
    assert stack.ticket_count() == before


def test_hostile_requests_are_logged_as_json_with_their_request_id(stack: Stack) -> None:
    request_id = f"hostile-{uuid.uuid4().hex}"
    reply = stack.server.request(
        "POST", TICKETS, b"{nope", {"Content-Type": "application/json", "X-Request-ID": request_id}
    )
    assert reply.status == 400
    assert reply.headers["x-request-id"] == request_id
    access = [
        entry
        for entry in map(_json_or_none, stack.server.log_lines())
        if entry and entry.get("logger") == "support_desk.access" and entry.get("request_id") == request_id
    ]
    assert len(access) == 1, "one access line per request"
    assert {key: access[0][key] for key in ("method", "path", "status")} == {
        "method": "POST",
        "path": TICKETS,
        "status": 400,
    }
    assert isinstance(access[0]["duration_ms"], float | int)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _json_or_none(line: str) -> dict[str, object] | None:
    try:
        loaded = json.loads(line)
    except ValueError:
        return None
    return loaded if isinstance(loaded, dict) else None

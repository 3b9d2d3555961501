"""Request ids on responses and log records; the JSON log format."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator

import pytest
from django.test import Client

from support_desk.core.logging import JsonFormatter, logging_config
from support_desk.core.request_id import RequestIdFilter, clean_request_id, get_request_id


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Every record, as the production handler formats it (JSON, with the request-id filter)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def entries(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("abc-123_X.y", "abc-123_X.y"),
        ("  padded  ", "padded"),
        ("a" * 64, "a" * 64),
        ("a" * 65, None),
        ("", None),
        ("has space", None),
        ("new\nline", None),
        ('quote"', None),
        ("ünïcode", None),
        (None, None),
    ],
)
def test_only_sane_client_ids_are_kept(raw: str | None, expected: str | None) -> None:
    assert clean_request_id(raw) == expected


def test_a_sane_request_id_is_echoed() -> None:
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="client-id.1")
    assert response["X-Request-ID"] == "client-id.1"


@pytest.mark.parametrize("raw", [None, "x" * 65, "bad id", "<script>"])
def test_an_absent_or_insane_request_id_is_replaced(raw: str | None) -> None:
    headers = {} if raw is None else {"X-Request-ID": raw}
    first = Client().get("/healthz", headers=headers)["X-Request-ID"]
    second = Client().get("/healthz", headers=headers)["X-Request-ID"]
    assert clean_request_id(first) == first
    assert len(first) == 32
    assert first != second
    assert first != raw


def test_the_id_is_gone_after_the_request() -> None:
    Client().get("/healthz", HTTP_X_REQUEST_ID="finished")
    assert get_request_id() is None


def test_one_access_line_per_request(captured: io.StringIO) -> None:
    Client().get("/healthz", HTTP_X_REQUEST_ID="access-1")
    access = [e for e in entries(captured) if e["logger"] == "support_desk.access"]
    assert len(access) == 1
    line = access[0]
    assert {k: line[k] for k in ("method", "path", "status", "request_id", "level")} == {
        "method": "GET",
        "path": "/healthz",
        "status": 200,
        "request_id": "access-1",
        "level": "INFO",
    }
    assert isinstance(line["duration_ms"], float | int)
    assert line["duration_ms"] >= 0


@pytest.mark.django_db
def test_every_log_record_of_a_request_carries_its_id(captured: io.StringIO) -> None:
    """Django's own 4xx warning is written after the middleware has finished; it still has the id."""
    Client().get("/api/nope/", HTTP_X_REQUEST_ID="not-found-1")
    lines = [e for e in entries(captured) if e["logger"] in {"django.request", "support_desk.access"}]
    assert {e["logger"] for e in lines} == {"django.request", "support_desk.access"}
    assert {e["request_id"] for e in lines} == {"not-found-1"}


def test_records_outside_a_request_say_so(captured: io.StringIO) -> None:
    logging.getLogger("support_desk.test").warning("no request here")
    assert entries(captured)[-1]["request_id"] == "-"


def test_json_lines_hold_extras_and_tracebacks(captured: io.StringIO) -> None:
    logger = logging.getLogger("support_desk.test")
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("it failed: %s", "details", extra={"ticket_id": 7, "odd": object()})
    entry = entries(captured)[-1]
    assert entry["message"] == "it failed: details"
    assert entry["level"] == "ERROR"
    assert entry["ticket_id"] == 7
    assert str(entry["odd"]).startswith("<object object")
    assert "ValueError: boom" in str(entry["exc_info"])
    assert str(entry["timestamp"]).endswith("+00:00")


def test_a_hostile_message_stays_one_line(captured: io.StringIO) -> None:
    logging.getLogger("support_desk.test").warning('forged\n{"level": "INFO"}')
    assert len(captured.getvalue().splitlines()) == 1


def test_logging_config_builds_both_formats(capsys: pytest.CaptureFixture[str]) -> None:
    """Each format writes one line per record to stderr, with the request id and the extras."""
    from django.conf import settings

    try:
        for log_format in ("json", "plain"):
            logging.config.dictConfig(logging_config(log_format, "INFO"))
            logging.getLogger("support_desk.probe").info("ticket created", extra={"ticket_id": 42})
            logging.getLogger("support_desk.probe").debug("below the level")
            lines = capsys.readouterr().err.splitlines()
            assert len(lines) == 1, lines
            if log_format == "json":
                entry = json.loads(lines[0])
                assert entry["message"] == "ticket created"
                assert entry["ticket_id"] == 42
                assert entry["level"] == "INFO"
                assert "request_id" in entry
            else:
                assert lines[0].endswith("INFO support_desk.probe [-] ticket created"), lines[0]
    finally:
        logging.config.dictConfig(settings.LOGGING)  # back to the suite's own

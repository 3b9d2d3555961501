"""A request id on every request: in the `X-Request-ID` header, in every log line, in one access line.

The id comes from the client (or the proxy in front) when it is a sane token, so one id follows a
request across services; otherwise a fresh one is made. It lives in a context variable, so each
thread of a gunicorn worker (and each asyncio task) sees only its own request's id, and a
`logging.Filter` copies it onto every record, whichever library logged it.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponseBase

REQUEST_ID_HEADER = "X-Request-ID"
# What a log record carries when it is not tied to a request (start-up, management commands).
NO_REQUEST_ID = "-"
MAX_REQUEST_ID_LENGTH = 64
# Letters, digits, dot, underscore and hyphen only: anything else could forge log lines or headers.
_SANE_REQUEST_ID = re.compile(rf"[A-Za-z0-9._-]{{1,{MAX_REQUEST_ID_LENGTH}}}")

# The middleware stores the id it settled on here, where `request.headers` also finds it.
_META_KEY = "HTTP_X_REQUEST_ID"

_current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

access_logger = logging.getLogger("support_desk.access")


def get_request_id() -> str | None:
    """The id of the request being served in this context, if any."""
    return _current_request_id.get()


def clean_request_id(raw: str | None) -> str | None:
    """The client's id when it is a sane token (at most 64 of [A-Za-z0-9._-]), else None."""
    if raw is None:
        return None
    raw = raw.strip()
    return raw if _SANE_REQUEST_ID.fullmatch(raw) else None


def new_request_id() -> str:
    """A fresh, unguessable id (32 hex digits)."""
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record, so formatters can always refer to it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _current_request_id.get() or _id_of_logged_request(record) or NO_REQUEST_ID
        return True


def _id_of_logged_request(record: logging.LogRecord) -> str | None:
    """The id of the request a record names in `extra={"request": ...}`.

    Django logs a 4xx or 5xx answer (`django.request`) after the middleware chain has returned,
    when the context variable is already reset; the request itself still carries the id.
    """
    request = getattr(record, "request", None)
    if isinstance(request, HttpRequest):
        return clean_request_id(request.META.get(_META_KEY))
    return None


class RequestIdMiddleware:
    """Assigns the request id, echoes it in the response and writes one access-log line.

    It goes first in MIDDLEWARE so that redirects, refusals and errors produced by later
    middleware are logged and tagged too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = clean_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
        request.META[_META_KEY] = request_id
        token = _current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 2)
            access_logger.info(
                "%s %s %s %.2fms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            _current_request_id.reset(token)

"""A database outage is a clean, retryable 503 under /api/, wherever the error is raised.

Inside DRF views the API's exception handler already maps `DatabaseError` to a 503. Two other
places can raise it:

* plain Django views (and DRF views' error paths that bypass the handler): caught by
  `DatabaseOutageMiddleware.process_exception`;
* other middleware (loading or saving a session, resolving `request.user`): Django turns an
  exception raised in middleware into a response at that layer, so no outer middleware ever sees
  it. It reaches the 500 handler instead, which `server_error` replaces: it looks at the exception
  being handled and answers 503 when it is a database error.

Nothing here keeps state: once PostgreSQL answers again, the next request's connection (checked
by CONN_HEALTH_CHECKS) simply works.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

from support_desk.core.errors import ErrorCode, error_body
from support_desk.core.exception_handler import OUTAGE_DETAIL, OUTAGE_ERRORS, RETRY_AFTER_SECONDS
from support_desk.core.http_errors import internal_error

logger = logging.getLogger(__name__)

# The errors a lost or refused connection raises. Integrity and programming errors are bugs or
# conflicts, not outages, and keep their own handling.


def outage_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, a short text elsewhere (the web app's pages)."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(OUTAGE_DETAIL, ErrorCode.SERVICE_UNAVAILABLE), status=503)
    else:
        response = HttpResponse(OUTAGE_DETAIL, content_type="text/plain; charset=utf-8", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseOutageMiddleware:
    """Turns a lost database connection escaping any view into the 503 answer, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        # The same story for every request while it lasts: one line each, no traceback.
        logger.error(
            "database unavailable",
            extra={"error_kind": type(exception).__name__, "error": str(exception)[:200]},
        )
        return outage_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """The site's 500 handler: a database error raised in middleware is an outage (503), not a bug.

    Django calls the 500 handler while it is handling the exception, so `sys.exc_info()` is it.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OUTAGE_ERRORS):
        return outage_response(request)
    return internal_error(request)

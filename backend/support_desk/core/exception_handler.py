"""One JSON error shape for every failure under /api/."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from support_desk.core.errors import ApplicationError, ErrorCode, error_body

# Errors that mean the database cannot be reached (not bugs such as integrity errors).
OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
OUTAGE_DETAIL = "The service is temporarily unavailable. Please retry."

logger = logging.getLogger(__name__)

_DRF_CODES: dict[type[exceptions.APIException], ErrorCode] = {
    exceptions.ParseError: ErrorCode.PARSE_ERROR,
    exceptions.NotFound: ErrorCode.NOT_FOUND,
    exceptions.MethodNotAllowed: ErrorCode.METHOD_NOT_ALLOWED,
    exceptions.UnsupportedMediaType: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    exceptions.NotAcceptable: ErrorCode.NOT_ACCEPTABLE,
    exceptions.NotAuthenticated: ErrorCode.NOT_AUTHENTICATED,
    exceptions.AuthenticationFailed: ErrorCode.NOT_AUTHENTICATED,
    exceptions.PermissionDenied: ErrorCode.PERMISSION_DENIED,
    exceptions.Throttled: ErrorCode.THROTTLED,
}

_CODE_VALUES = frozenset(code.value for code in ErrorCode)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, reshaped so every error has the same JSON form."""
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.detail, exc.code), status=exc.status_code)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            error_body("The request body is too large.", ErrorCode.REQUEST_TOO_LARGE),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, OUTAGE_ERRORS):
        # A lost database is the same story for every request: one line each, no traceback.
        logger.error(
            "database unavailable", extra={"error_kind": type(exc).__name__, "error": str(exc)[:200]}
        )
        return Response(
            error_body(OUTAGE_DETAIL, ErrorCode.SERVICE_UNAVAILABLE),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        # The seed's validation shape: {"field": ["message", ...]}.
        if not isinstance(response.data, dict):
            response.data = {"non_field_errors": response.data}
        return response
    if isinstance(exc, exceptions.APIException):
        code = _DRF_CODES.get(type(exc))
        if code is None:
            # `str in ErrorCode` raises TypeError before Python 3.12: compare with the values.
            code = ErrorCode(exc.default_code) if exc.default_code in _CODE_VALUES else ErrorCode.INVALID
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        response.data = error_body(str(detail), code)
    return response

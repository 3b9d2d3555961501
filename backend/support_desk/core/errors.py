"""The application's error codes and its one domain error type.

Services raise `ApplicationError`; the API's exception handler turns it (and
every DRF/Django error) into one JSON shape: `{"detail": ..., "code": ...}`, or
`{"<field>": ["message"]}` for validation errors, as the seed's clients expect.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    PARSE_ERROR = "parse_error"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    NOT_ACCEPTABLE = "not_acceptable"
    INVALID = "invalid"
    CONFLICT = "conflict"
    PRECONDITION_FAILED = "precondition_failed"
    REQUEST_TOO_LARGE = "request_too_large"
    NOT_AUTHENTICATED = "not_authenticated"
    PERMISSION_DENIED = "permission_denied"
    # A staff sign-in that still owes its second factor: the code, or setting one up first.
    SECOND_FACTOR_REQUIRED = "second_factor_required"
    SECOND_FACTOR_SETUP_REQUIRED = "second_factor_setup_required"
    THROTTLED = "throttled"
    SERVICE_UNAVAILABLE = "service_unavailable"
    SERVER_ERROR = "server_error"


class ApplicationError(Exception):
    """A domain error with an HTTP status, a stable code and a human message."""

    status_code = 400

    def __init__(self, detail: str, *, code: ErrorCode = ErrorCode.INVALID, status_code: int | None = None):
        super().__init__(detail)
        self.detail = detail
        self.code = code
        if status_code is not None:
            self.status_code = status_code


class NotFoundError(ApplicationError):
    status_code = 404

    def __init__(self, detail: str = "Not found."):
        super().__init__(detail, code=ErrorCode.NOT_FOUND)


def error_body(detail: str, code: ErrorCode | str) -> dict[str, str]:
    """The non-validation error shape used across the API."""
    return {"detail": detail, "code": str(code)}

"""OpenAPI post-processing shared by every domain."""

from __future__ import annotations

from typing import Any


def mark_response_fields_required(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Responses always carry every field (null where empty), so say so in the schema.

    Without this, fields that are optional on input (they have defaults) look optional in
    responses too, and generated clients must guard against their absence.
    """
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") or component.get("type") != "object" or "properties" not in component:
            continue
        component["required"] = sorted(
            prop for prop, spec in component["properties"].items() if not spec.get("writeOnly")
        )
    return result


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error but a validation error (a 409 also carries `current`, the ticket now).",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail", "code"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Messages per field (or parameter) that was not accepted.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
_ERROR = {"$ref": "#/components/schemas/Error"}
_BAD_REQUEST = {"anyOf": [{"$ref": "#/components/schemas/ValidationError"}, _ERROR]}
# Statuses that only some operations can return.
_THROTTLED_OPERATIONS = frozenset(
    {
        ("/api/tickets/classify/", "post"),
        ("/api/auth/login/", "post"),
        ("/api/tickets/", "post"),
        ("/api/public/tickets/", "post"),
        ("/api/public/ratings/", "post"),
        ("/api/auth/magic-link/", "post"),
        ("/api/auth/magic-link/sign-in/", "post"),
        ("/api/auth/oidc/start/", "get"),
        ("/api/auth/oidc/callback/", "get"),
    }
)
_PUBLIC_PATHS = ("/api/schema/", "/api/docs/", "/api/redoc/")


def _error_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Add the API's error answers to every operation, in the one JSON shape they all share."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["ValidationError"] = VALIDATION_ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        if path.startswith(_PUBLIC_PATHS):
            continue
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            errors: dict[str, dict[str, Any]] = {
                "400": _error_response("Invalid input (per field) or a malformed request.", _BAD_REQUEST),
                "401": _error_response("No or invalid credentials.", _ERROR),
                "403": _error_response("Not allowed for this role, or a missing CSRF token.", _ERROR),
                "503": _error_response("The database is unreachable; retry after `Retry-After`.", _ERROR),
            }
            if "{" in path:
                errors["404"] = _error_response("Not found (or not visible to you).", _ERROR)
            # An error a view declares itself (such as 404 for a feature that is off) has the shape too.
            for status, declared in responses.items():
                if status.startswith("4") and status not in errors and "content" not in declared:
                    errors[status] = _error_response(declared.get("description", ""), _ERROR)
            if "requestBody" in operation:
                errors["413"] = _error_response("The request body is too large.", _ERROR)
                errors["415"] = _error_response("The body is not JSON.", _ERROR)
            if method == "patch":
                errors["409"] = _error_response("The ticket changed since the version you edited.", _ERROR)
                errors["412"] = _error_response("`If-Match` is not one of the ticket's ETags.", _ERROR)
            if (path, method) in _THROTTLED_OPERATIONS:
                errors["429"] = _error_response(
                    "Too many requests (or, on sign-in, a locked account or address); retry after"
                    " `Retry-After`.",
                    _ERROR,
                )
            for status, response in errors.items():
                if "content" not in responses.get(status, {}):
                    responses[status] = {
                        **response,
                        **responses.get(status, {}),
                        "content": response["content"],
                    }
    return result

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

"""Strict parsing of what clients send: integers are ASCII digits of bounded length, ids are
JSON integers, text is a JSON string. Python's own conversions are too forgiving for an API:
`int("²")` raises where `"²".isdigit()` said yes, `int("9" * 5000)` is slow and overflows
every database column, and DRF turns `1.5` into the id 1 and `123` into the text "123".
"""

from __future__ import annotations

import re
from typing import Any

from django.http import QueryDict
from rest_framework import serializers

# Every id and counter fits a signed 64-bit column: 18 digits always do.
MAX_INT_DIGITS = 18
_DIGITS = re.compile(rf"[0-9]{{1,{MAX_INT_DIGITS}}}")


def parse_whole_number(raw: str | None) -> int | None:
    """`raw` as a non-negative integer when it is 1 to 18 ASCII digits, otherwise None."""
    if raw is None or not _DIGITS.fullmatch(raw):
        return None
    return int(raw)


class IdConverter:
    """`<id:name>` in URL patterns (registered by the core app): like `<int:...>`, but bounded,
    so a 30-digit id is a 404 rather than a database error."""

    regex = rf"[0-9]{{1,{MAX_INT_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def _from_form(field: serializers.Field[Any, Any, Any, Any]) -> bool:
    """Form and multipart bodies carry every value as text; JSON bodies carry types."""
    root = field.root
    return isinstance(getattr(root, "initial_data", None), QueryDict)


class StrictCharField(serializers.CharField):
    """Text that must arrive as text: a number or a list is refused, not turned into a string."""

    default_error_messages = {"not_a_string": "Must be a string."}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer (not a boolean, a float or a string); in form bodies, ASCII digits."""

    def to_internal_value(self, data: Any) -> int:
        return super().to_internal_value(strict_integer(self, data))


def strict_integer(field: serializers.Field[Any, Any, Any, Any], data: Any) -> int:
    """`data` as an int, or the field's "not_an_integer" validation error."""
    if isinstance(data, int) and not isinstance(data, bool) and abs(data) < 10**MAX_INT_DIGITS:
        return data
    if isinstance(data, str) and _from_form(field):
        parsed = parse_whole_number(data)
        if parsed is not None:
            return parsed
    raise serializers.ValidationError("Must be a whole number.", code="not_an_integer")


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An object chosen by its id, which must be an integer: `1.5` is refused, never user 1."""

    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(strict_integer(self, data))


class FlatListField(serializers.ListField):
    """A list whose items' errors come back as plain messages (`Item 2: Must be a string.`), so
    every validation error keeps the API's one shape: a list of strings per field."""

    def run_child_validation(self, data: list[Any]) -> list[Any]:
        result = []
        messages: list[str] = []
        for index, item in enumerate(data):
            try:
                result.append(self.child.run_validation(item))
            except serializers.ValidationError as error:
                details = error.detail if isinstance(error.detail, list) else [error.detail]
                messages.extend(f"Item {index + 1}: {message}" for message in details)
        if messages:
            raise serializers.ValidationError(messages)
        return result

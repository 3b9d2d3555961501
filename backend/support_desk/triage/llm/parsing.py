"""Tolerant parsing of the model's answer, strictly validated against the taxonomy.

Models wrap JSON in Markdown fences, add a sentence before or after it, or capitalise
keys and values. All of that is accepted; a label outside the taxonomy is not.
"""

from __future__ import annotations

import json
import re
from typing import Any

from support_desk.triage.llm.errors import FailureKind, LLMFailure
from support_desk.triage.taxonomy import CATEGORY_VALUES, PRIORITY_VALUES

_FENCE_RE = re.compile(r"```[A-Za-z0-9_-]*\s*(.*?)```", re.DOTALL)
_MAX_DETAIL = 120


def _normalise_key(key: object) -> str:
    return re.sub(r"[\s_-]+", "", str(key)).lower()


def _json_objects(content: str) -> list[dict[str, Any]]:
    """Every JSON object that can be decoded starting at some ``{`` in ``content``, in order."""
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    index = content.find("{")
    while index != -1:
        try:
            value, end = decoder.raw_decode(content, index)
        except json.JSONDecodeError:
            index = content.find("{", index + 1)
            continue
        if isinstance(value, dict):
            found.append(value)
            index = content.find("{", end)
        else:
            index = content.find("{", index + 1)
    return found


def json_candidates(content: str) -> list[dict[str, Any]]:
    """Every JSON object in a model's answer, fenced ones first."""
    # Fenced blocks first: when a model explains itself, the fenced object is the answer.
    fenced = [obj for block in _FENCE_RE.findall(content) for obj in _json_objects(block)]
    return fenced + _json_objects(content)


def _label(value: object, allowed: tuple[str, ...], field: str) -> str:
    if not isinstance(value, str):
        raise LLMFailure(FailureKind.INVALID_LABEL, f"{field} is not a string: {value!r}"[:_MAX_DETAIL])
    label = value.strip().strip(".").strip().lower()
    if label not in allowed:
        raise LLMFailure(FailureKind.INVALID_LABEL, f"{field} {value!r} is not in the taxonomy"[:_MAX_DETAIL])
    return label


def parse_suggestion(content: str | None) -> tuple[str, str]:
    """Return ``(category, priority)`` from the model's message content.

    Raises ``LLMFailure`` of kind ``unparseable`` when no JSON object with both fields is
    found, and ``invalid_label`` when a field's value is not a taxonomy label.
    """
    if not content or not content.strip():
        raise LLMFailure(FailureKind.UNPARSEABLE, "empty answer")
    for candidate in json_candidates(content):
        fields = {_normalise_key(key): value for key, value in candidate.items()}
        if "category" in fields and "priority" in fields:
            return (
                _label(fields["category"], CATEGORY_VALUES, "category"),
                _label(fields["priority"], PRIORITY_VALUES, "priority"),
            )
    raise LLMFailure(FailureKind.UNPARSEABLE, f"no JSON object with category and priority: {content[:60]!r}")

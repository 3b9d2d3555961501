"""The triage taxonomy: every category and priority, with its definition.

This module is the single source of the labels. The ticket model's choices, the
API schema, the language-model prompt, the output validator, the local model and
the web app (through the OpenAPI schema) all read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    BILLING = "billing"
    TECHNICAL = "technical"
    ACCOUNT = "account"
    GENERAL = "general"


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True)
class Label:
    value: str
    title: str
    definition: str


CATEGORY_LABELS: tuple[Label, ...] = (
    Label(Category.BILLING, "Billing", "payment issues, invoices, subscriptions, refunds, charges"),
    Label(
        Category.TECHNICAL,
        "Technical",
        "bugs, errors, crashes, performance problems, integration failures",
    ),
    Label(
        Category.ACCOUNT,
        "Account",
        "login issues, password reset, profile changes, access permissions",
    ),
    Label(
        Category.GENERAL,
        "General",
        "feature requests, general questions, feedback, anything else",
    ),
)

PRIORITY_LABELS: tuple[Label, ...] = (
    Label(
        Priority.CRITICAL,
        "Critical",
        "system completely down, data loss, security breach, blocking all users",
    ),
    Label(
        Priority.HIGH,
        "High",
        "major feature broken, significant portion of users affected, no workaround",
    ),
    Label(
        Priority.MEDIUM,
        "Medium",
        "partial functionality affected, workaround exists, moderate impact",
    ),
    Label(
        Priority.LOW,
        "Low",
        "minor cosmetic issues, general questions, feature requests, low urgency",
    ),
)


class SuggestionSource(StrEnum):
    """Who made a suggestion: the language model or the local model."""

    LLM = "llm"
    LOCAL = "local"

    @property
    def display_name(self) -> str:
        return _SOURCE_DISPLAY_NAMES[self]


_SOURCE_DISPLAY_NAMES = {SuggestionSource.LLM: "Language model", SuggestionSource.LOCAL: "Local model"}

TRIAGE_SOURCES: tuple[str, ...] = tuple(str(source) for source in SuggestionSource)
TRIAGE_SOURCE_CHOICES: list[tuple[str, str]] = [
    (str(source), source.display_name) for source in SuggestionSource
]

DEFAULT_CATEGORY = Category.GENERAL
DEFAULT_PRIORITY = Priority.MEDIUM

CATEGORY_VALUES: tuple[str, ...] = tuple(str(label.value) for label in CATEGORY_LABELS)
PRIORITY_VALUES: tuple[str, ...] = tuple(str(label.value) for label in PRIORITY_LABELS)


def category_choices() -> list[tuple[str, str]]:
    """Choices for model and serializer fields, in the taxonomy's order."""
    return [(str(label.value), label.title) for label in CATEGORY_LABELS]


def priority_choices() -> list[tuple[str, str]]:
    """Choices for model and serializer fields, most urgent last (low → critical)."""
    return [(str(label.value), label.title) for label in reversed(PRIORITY_LABELS)]


# Import paths for the API schema's enum names (drf-spectacular ENUM_NAME_OVERRIDES).
CATEGORY_CHOICES: list[tuple[str, str]] = category_choices()
PRIORITY_CHOICES: list[tuple[str, str]] = priority_choices()

"""The triage engine: one entry point that turns ticket text into a suggestion."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    category: str | None
    priority: str | None
    source: str | None  # "llm", "local" or None when no suggestion was made
    confidence: float | None
    model_version: str | None = None

    @property
    def llm_available(self) -> bool:
        return self.source == "llm"


NO_SUGGESTION = Suggestion(category=None, priority=None, source=None, confidence=None)


def classify_text(text: str) -> Suggestion:
    """Suggest a category and priority for `text`; never raises for provider failures."""
    return NO_SUGGESTION


def suggest_for_ticket(*, title: str, description: str) -> Suggestion:
    """The suggestion a new ticket gets at creation."""
    return classify_text(f"{title}\n\n{description}")

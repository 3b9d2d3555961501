"""The triage engine: one entry point that turns ticket text into a suggestion.

`TRIAGE_PROVIDER` chooses who answers:
- `auto` (default): the language model when one is configured and healthy, otherwise
  (or when it fails) the local model;
- `llm`: only the language model; `local`: only the local model; `off`: no suggestions.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings

from support_desk.triage.llm import LLMSuggestion, get_llm_classifier
from support_desk.triage.local.examples import ticket_text
from support_desk.triage.taxonomy import SuggestionSource

logger = logging.getLogger(__name__)


class TriageProvider(StrEnum):
    AUTO = "auto"
    LLM = "llm"
    LOCAL = "local"
    OFF = "off"


@dataclass(frozen=True)
class Suggestion:
    # None when no suggestion was made (source None) or the local model abstained on it.
    category: str | None
    priority: str | None
    source: SuggestionSource | None  # None when no suggestion was made
    confidence: float | None  # the category's calibrated probability (local model only)
    model_version: str | None = None
    priority_confidence: float | None = None

    @property
    def llm_available(self) -> bool:
        """The seed's flag: true only when the language model answered."""
        return self.source == SuggestionSource.LLM

    def as_event_data(self) -> dict[str, object]:
        """What the audit timeline records of a suggestion.

        A label the local model abstained on is None beside the source, with the confidence
        it fell short with: the record says "no suggestion", not "no classifier".
        """
        return {
            "category": self.category,
            "priority": self.priority,
            "confidence": self.confidence,
            "priority_confidence": self.priority_confidence,
            "model_version": self.model_version,
        }


def suggestion_from_llm(answer: LLMSuggestion) -> Suggestion:
    """The language model's answer as a suggestion (it gives no calibrated confidence)."""
    return Suggestion(
        category=answer.category,
        priority=answer.priority,
        source=SuggestionSource.LLM,
        confidence=None,
        model_version=answer.model,
    )


NO_SUGGESTION = Suggestion(category=None, priority=None, source=None, confidence=None)

_local_failure_logged = threading.Event()


def configured_provider() -> TriageProvider:
    return TriageProvider(settings.TRIAGE_PROVIDER)


def triage_enabled() -> bool:
    return configured_provider() != TriageProvider.OFF


def language_model_second_opinion_wanted() -> bool:
    """Whether a ticket triaged without the language model should be asked about again later.

    Only with a real worker: in-process (eager) jobs run in the request and would make it wait
    for the provider's deadline and retries.
    """
    return (
        settings.TRIAGE_RECHECK_AFTER_CREATE
        and not settings.CELERY_TASK_ALWAYS_EAGER
        and configured_provider() in (TriageProvider.AUTO, TriageProvider.LLM)
        and get_llm_classifier().configured
    )


def _ask_language_model(text: str) -> Suggestion | None:
    answer = get_llm_classifier().classify(text)
    if answer is None:
        return None  # the client has logged the failure with its kind
    return suggestion_from_llm(answer)


def _ask_local_model(text: str) -> Suggestion | None:
    try:
        from support_desk.triage.local import default_provider

        prediction = default_provider().get().predict(text)
    except Exception:
        # A missing or broken model must not break ticket creation; say so once, loudly.
        if not _local_failure_logged.is_set():
            _local_failure_logged.set()
            logger.exception("local triage model unavailable", extra={"failure_kind": "local_model"})
        return None
    # Below a head's calibrated threshold the model abstains: the label is None, and its
    # confidence is kept so the stored suggestion shows how unsure it was.
    return Suggestion(
        category=prediction.suggested_category,
        priority=prediction.suggested_priority,
        source=SuggestionSource.LOCAL,
        confidence=round(prediction.category_confidence, 4),
        model_version=prediction.model_version,
        priority_confidence=round(prediction.priority_confidence, 4),
    )


def warm_up() -> None:
    """Load what the configured provider needs, so the first suggestion is as fast as the rest."""
    provider = configured_provider()
    if provider in (TriageProvider.AUTO, TriageProvider.LOCAL):
        _ask_local_model("warm up")
    if provider in (TriageProvider.AUTO, TriageProvider.LLM) and get_llm_classifier().configured:
        get_llm_classifier().warm_up()


def classify_text(text: str) -> Suggestion:
    """Suggest a category and priority for `text`. Never raises for provider failures and
    never waits longer than the language model's deadline."""
    provider = configured_provider()
    if provider == TriageProvider.OFF:
        return NO_SUGGESTION
    if provider in (TriageProvider.AUTO, TriageProvider.LLM):
        llm = get_llm_classifier()
        if llm.configured and (provider == TriageProvider.LLM or llm.healthy):
            answer = _ask_language_model(text)
            if answer is not None:
                return answer
        if provider == TriageProvider.LLM:
            return NO_SUGGESTION
    return _ask_local_model(text) or NO_SUGGESTION


def suggest_for_ticket(*, title: str, description: str) -> Suggestion:
    """The suggestion for a ticket's title and description (the text shape the model trains on)."""
    return classify_text(ticket_text(title, description))


def ask_language_model_about_ticket(*, title: str, description: str) -> Suggestion | None:
    """The language model's opinion alone (for a second opinion after another source answered);
    None when it did not answer this time."""
    return _ask_language_model(ticket_text(title, description))

"""Where tickets meet the triage engine after the request: a ticket that got no suggestion at
creation gets one in the background, and one the language model did not see gets its second
opinion. Triage itself knows nothing of tickets; this module joins the two."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.dispatch import receiver

from support_desk.core.jobs import RecordedTask
from support_desk.tickets import services
from support_desk.tickets.models import Ticket
from support_desk.tickets.signals import ticket_created
from support_desk.triage.engine import (
    ask_language_model_about_ticket,
    language_model_second_opinion_wanted,
    suggest_for_ticket,
    triage_enabled,
)
from support_desk.triage.llm import get_llm_classifier
from support_desk.triage.taxonomy import SuggestionSource

logger = logging.getLogger(__name__)


class LanguageModelUnavailable(Exception):
    """The provider did not answer this time; the job is retried with backoff."""


def _wants_background_triage(ticket: Ticket) -> bool:
    if ticket.suggestion_source is None:
        return triage_enabled()
    return ticket.suggestion_source != SuggestionSource.LLM and language_model_second_opinion_wanted()


@receiver(ticket_created, dispatch_uid="tickets.triage_after_create")
def _triage_after_create(sender: Any, *, ticket: Ticket, **kwargs: Any) -> None:
    if not _wants_background_triage(ticket):
        return
    try:
        triage_ticket.delay(ticket.pk)
    except Exception:
        # The ticket is saved; a broker outage only costs the suggestion.
        logger.exception("could not queue the ticket's triage", extra={"ticket_id": ticket.pk})


@shared_task(base=RecordedTask, name="triage.triage_ticket")
def triage_ticket(ticket_id: int) -> str:
    """Give a ticket its suggestion after creation, and the language model's opinion when the
    first one came from elsewhere. Idempotent: a ticket the language model triaged is done."""
    ticket = Ticket.objects.filter(pk=ticket_id).only("title", "description", "suggestion_source").first()
    if ticket is None:
        return "ticket gone"
    if ticket.suggestion_source == SuggestionSource.LLM:
        return "already triaged by the language model"
    if ticket.suggestion_source is None:
        first = suggest_for_ticket(title=ticket.title, description=ticket.description)
        if first.source:
            services.ticket_record_suggestion(ticket_id=ticket_id, suggestion=first)
        if first.source == SuggestionSource.LLM:
            return "triaged by the language model"
    if not language_model_second_opinion_wanted():
        return "triaged without the language model"
    answer = ask_language_model_about_ticket(title=ticket.title, description=ticket.description)
    if answer is None:
        raise LanguageModelUnavailable(str(get_llm_classifier().last_failure_kind))
    services.ticket_record_suggestion(ticket_id=ticket_id, suggestion=answer)
    return "triaged by the language model"

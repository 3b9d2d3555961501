"""Background triage work: recheck a new ticket with the language model; retrain the local model."""

from __future__ import annotations

import logging

from celery import shared_task

from support_desk.core.jobs import RecordedTask
from support_desk.triage.engine import Suggestion, language_model_second_opinion_wanted, suggest_for_ticket
from support_desk.triage.llm import get_llm_classifier

logger = logging.getLogger(__name__)


class LanguageModelUnavailable(Exception):
    """The provider did not answer this time; the job is retried with backoff."""


@shared_task(base=RecordedTask, name="triage.triage_ticket")
def triage_ticket(ticket_id: int) -> str:
    """Give a ticket its suggestion after creation, and the language model's opinion when the
    first one came from elsewhere. Idempotent: a ticket the language model triaged is done."""
    from support_desk.tickets import services
    from support_desk.tickets.models import Ticket
    from support_desk.triage.local.examples import ticket_text

    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is None:
        return "ticket gone"
    if ticket.suggestion_source == "llm":
        return "already triaged by the language model"
    if ticket.suggestion_source is None:
        first = suggest_for_ticket(title=ticket.title, description=ticket.description)
        if first.source:
            services.ticket_record_suggestion(ticket_id=ticket_id, suggestion=first)
        if first.source == "llm":
            return "triaged by the language model"
    if not language_model_second_opinion_wanted():
        return "triaged without the language model"
    llm = get_llm_classifier()
    answer = llm.classify(ticket_text(ticket.title, ticket.description))
    if answer is None:
        raise LanguageModelUnavailable(str(llm.last_failure_kind))
    services.ticket_record_suggestion(
        ticket_id=ticket_id,
        suggestion=Suggestion(
            category=answer.category,
            priority=answer.priority,
            source="llm",
            confidence=None,
            model_version=answer.model,
        ),
    )
    return "triaged by the language model"


@shared_task(base=RecordedTask, name="triage.retrain_local_model", max_retries=2)
def retrain_local_model() -> str:
    """Retrain the local model on the public data plus the team's corrections."""
    from support_desk.triage.local.pipeline import train_and_publish
    from support_desk.triage.local.store import configured_model_dir
    from support_desk.triage.team_examples import training_examples_from_db

    team = list(training_examples_from_db())
    model = train_and_publish(configured_model_dir(), team)
    logger.info("local triage model retrained", extra={"version": model.version, "team_examples": len(team)})
    return model.version

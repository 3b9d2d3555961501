"""Summaries of long threads by the language model, cached until the thread changes.

Without a language model there is no summary: a clear "not available" is better than a weak
imitation (the first and last messages say little about what was tried).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from support_desk.assist.models import ThreadSummary
from support_desk.assist.personal_data import ticket_people_identifiers
from support_desk.assist.prompts import ThreadMessage, parse_summary, summary_messages
from support_desk.tickets.models import Ticket, TicketMessage
from support_desk.triage.llm import get_llm_classifier
from support_desk.triage.llm.errors import LLMFailure

SUMMARY_MAX_TOKENS = 400
NO_LANGUAGE_MODEL = "no_language_model"


@dataclass(frozen=True)
class SummaryResult:
    available: bool
    reason: str | None = None
    wants: str = ""
    tried: str = ""
    pending: str = ""
    cached: bool = False
    generated_at: datetime | None = None
    message_count: int = 0


def _sender(message: TicketMessage) -> str:
    if message.is_internal:
        return "internal note"
    return "agent" if message.author is not None and message.author.is_agent else "customer"


def thread_sha1(ticket: Ticket, messages: list[TicketMessage]) -> str:
    """What the summary depends on: the ticket's text and every message, in order."""
    digest = hashlib.sha1(usedforsecurity=False)
    for part in (ticket.title, ticket.description, *(f"{m.pk}:{m.is_internal}:{m.body}" for m in messages)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def summary_get(*, ticket: Ticket) -> SummaryResult:
    """The thread's summary: cached while the thread is unchanged, else asked for now."""
    llm = get_llm_classifier()
    messages = list(ticket.messages.select_related("author").order_by("created_at", "id"))
    if not llm.configured:
        return SummaryResult(available=False, reason=NO_LANGUAGE_MODEL, message_count=len(messages))
    sha1 = thread_sha1(ticket, messages)
    cached = ThreadSummary.objects.filter(ticket=ticket, thread_sha1=sha1).first()
    if cached is not None:
        return SummaryResult(
            available=True,
            wants=cached.wants,
            tried=cached.tried,
            pending=cached.pending,
            cached=True,
            generated_at=cached.created_at,
            message_count=len(messages),
        )
    try:
        answer = llm.complete(
            messages=summary_messages(
                title=ticket.title,
                description=ticket.description,
                thread=[ThreadMessage(_sender(m), m.body) for m in messages],
                identifiers=ticket_people_identifiers(ticket),
            ),
            parse=parse_summary,
            purpose="summary",
            timeout_seconds=settings.ASSIST_LLM_TIMEOUT_SECONDS,
            max_tokens=SUMMARY_MAX_TOKENS,
        )
    except LLMFailure as failure:
        return SummaryResult(available=False, reason=failure.kind.value, message_count=len(messages))
    stored, _ = ThreadSummary.objects.update_or_create(
        ticket=ticket,
        defaults={
            "thread_sha1": sha1,
            "wants": answer.wants,
            "tried": answer.tried,
            "pending": answer.pending,
            "model": llm.config.effective_model,
            "created_at": timezone.now(),
        },
    )
    return SummaryResult(
        available=True,
        wants=stored.wants,
        tried=stored.tried,
        pending=stored.pending,
        generated_at=stored.created_at,
        message_count=len(messages),
    )


def summary_forget(*, ticket_id: int) -> None:
    """Drop a cached summary whose thread changed (the hash would miss it anyway)."""
    ThreadSummary.objects.filter(ticket_id=ticket_id).delete()

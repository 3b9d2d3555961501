"""Reply drafts grounded in the team's own past answers, and what agents did with them.

With a language model configured, it writes the draft from the public agent replies of the
most similar resolved tickets and must cite the ones it used (or say that none fits); any
failure (timeout, refusal, a 5xx, garbage, a citation of a ticket it was not given, the
breaker open) falls back to retrieval, logged with its kind. Without one, the draft is the
best-matching past reply itself, adapted only by placeholders: the requester's name and the
ticket number.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rapidfuzz.distance import Levenshtein

from support_desk.accounts.models import User
from support_desk.assist.models import DraftOutcome, DraftSource, ReplyDraft
from support_desk.assist.prompts import PastReply, draft_answer_parser, draft_messages
from support_desk.assist.selectors import SimilarTicket, pending_draft, public_agent_replies, similar_tickets
from support_desk.core.errors import ApplicationError, ErrorCode, NotFoundError
from support_desk.tickets.models import Ticket, TicketMessage
from support_desk.triage.llm import get_llm_classifier
from support_desk.triage.llm.errors import LLMFailure

logger = logging.getLogger(__name__)

# Past tickets whose replies the language model is given.
DRAFT_SOURCES = 3
DRAFT_MAX_TOKENS = 700


@dataclass(frozen=True)
class Grounding:
    similar: SimilarTicket
    reply: TicketMessage


def _groundings(ticket: Ticket) -> list[Grounding]:
    """The most similar resolved tickets that have a public agent reply, with their latest one."""
    found = similar_tickets(ticket=ticket, limit=DRAFT_SOURCES, resolved_only=True, answered_only=True)
    found = [item for item in found if item.score >= settings.ASSIST_DRAFT_MIN_SIMILARITY]
    replies: dict[int, TicketMessage] = {}
    for message in (
        public_agent_replies()
        .filter(ticket_id__in=[item.id for item in found])
        .select_related("ticket__requester")
        .order_by("created_at", "id")
    ):
        replies[message.ticket_id] = message  # the latest one wins
    return [Grounding(similar=item, reply=replies[item.id]) for item in found if item.id in replies]


def _names(user: User | None) -> list[str]:
    if user is None:
        return []
    full = f"{user.first_name} {user.last_name}".strip()
    return [name for name in (full, user.first_name, user.username) if name]


def adapt_past_reply(*, reply: str, past: Ticket, ticket: Ticket) -> str:
    """A past reply for the new ticket: only the requester's name and the ticket number change."""
    adapted = re.sub(rf"#{past.pk}\b", f"#{ticket.pk}", reply)
    new_name = _names(ticket.requester)[1:2] or _names(ticket.requester)[:1]
    for name in _names(past.requester):
        if new_name:
            adapted = re.sub(rf"\b{re.escape(name)}\b", new_name[0], adapted)
    return adapted


def _supersede_pending(ticket: Ticket, actor: User) -> None:
    ReplyDraft.objects.filter(ticket=ticket, author=actor, outcome=DraftOutcome.PENDING).update(
        outcome=DraftOutcome.DISCARDED, decided_at=timezone.now()
    )


def draft_create(*, ticket: Ticket, actor: User) -> ReplyDraft:
    """A new draft for the agent (earlier undecided drafts of theirs on the ticket are discarded)."""
    groundings = _groundings(ticket)
    draft = ReplyDraft(ticket=ticket, author=actor)
    llm = get_llm_classifier()
    if llm.configured and groundings:
        given = {item.similar.id for item in groundings}
        try:
            answer = llm.complete(
                messages=draft_messages(
                    title=ticket.title,
                    description=ticket.description,
                    past=[
                        PastReply(item.similar.id, item.similar.title, item.reply.body) for item in groundings
                    ],
                ),
                parse=draft_answer_parser(given=given, current=ticket.pk),
                purpose="draft",
                timeout_seconds=settings.ASSIST_LLM_TIMEOUT_SECONDS,
                max_tokens=DRAFT_MAX_TOKENS,
            )
        except LLMFailure as failure:
            draft.fallback_reason = failure.kind.value
        else:
            if answer.none_fits:
                draft.source = DraftSource.NONE
                draft.fallback_reason = "none_fits"
            else:
                draft.source = DraftSource.LLM
                draft.body = answer.reply
                draft.source_ticket_ids = answer.cited
    if not draft.source:
        if groundings:
            best = groundings[0]
            draft.source = DraftSource.RETRIEVAL
            draft.body = adapt_past_reply(reply=best.reply.body, past=best.reply.ticket, ticket=ticket)
            draft.source_ticket_ids = [best.similar.id]
        else:
            draft.source = DraftSource.NONE
            draft.fallback_reason = draft.fallback_reason or "nothing_similar"
    with transaction.atomic():
        _supersede_pending(ticket, actor)
        draft.save()
    logger.info(
        "reply draft offered",
        extra={"ticket_id": ticket.pk, "source": draft.source, "fallback_reason": draft.fallback_reason},
    )
    return draft


def draft_record_sent(*, message: TicketMessage) -> ReplyDraft | None:
    """When an agent sends a public reply, their pending draft on the ticket was sent: unchanged,
    or edited by how much (the normalised edit distance)."""
    if message.is_internal or message.author_id is None:
        return None
    draft = pending_draft(ticket_id=message.ticket_id, author_id=message.author_id)
    if draft is None or draft.created_at > message.created_at:
        return None
    ratio = Levenshtein.normalized_distance(draft.body.strip(), message.body.strip())
    draft.outcome = DraftOutcome.SENT_UNCHANGED if ratio == 0 else DraftOutcome.EDITED
    draft.edit_ratio = round(ratio, 4)
    draft.message = message
    draft.decided_at = timezone.now()
    draft.save(update_fields=["outcome", "edit_ratio", "message", "decided_at"])
    return draft


def draft_discard(*, ticket: Ticket, draft_id: int) -> ReplyDraft:
    """The agent dismissed the draft without sending it."""
    with transaction.atomic():
        draft = ReplyDraft.objects.select_for_update().filter(pk=draft_id, ticket=ticket).first()
        if draft is None:
            raise NotFoundError("Draft not found.")
        if draft.outcome != DraftOutcome.PENDING:
            raise ApplicationError(
                f"This draft was already {draft.get_outcome_display().lower()}.",
                code=ErrorCode.CONFLICT,
                status_code=409,
            )
        draft.outcome = DraftOutcome.DISCARDED
        draft.decided_at = timezone.now()
        draft.save(update_fields=["outcome", "decided_at"])
    return draft

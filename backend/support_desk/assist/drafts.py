"""Reply drafts grounded in the team's own past answers, and what agents did with them.

With a language model configured, it writes the draft from the public agent replies of the
most similar resolved tickets and must cite the ones it used (or say that none fits); any
failure (timeout, refusal, a 5xx, garbage, a citation of a ticket it was not given, the
breaker open) falls back to retrieval, logged with its kind. Without one, the draft is the
best-matching past reply itself, adapted only by placeholders: the requester's name and the
ticket number.

A past reply is reused for another customer only as `personal_data.reusable_text` leaves it:
the team's words, with the other customer's particulars (names, addresses, codes, numbers)
replaced by placeholders; a reply that cannot be made safe is not used, by either path.
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
from support_desk.assist.personal_data import greet, reusable_text, ticket_people_identifiers
from support_desk.assist.prompts import PastReply, draft_answer_parser, draft_messages
from support_desk.assist.selectors import SimilarTicket, pending_draft, public_agent_replies, similar_tickets
from support_desk.core.errors import ApplicationError, ErrorCode, NotFoundError
from support_desk.tickets.models import Ticket, TicketMessage
from support_desk.triage.llm import get_llm_classifier
from support_desk.triage.llm.errors import LLMFailure
from support_desk.triage.redaction import redact_identifiers

logger = logging.getLogger(__name__)

# Past tickets whose replies the language model is given.
DRAFT_SOURCES = 3
DRAFT_MAX_TOKENS = 700


ONLY_PERSONAL = "only_personal"


@dataclass(frozen=True)
class Grounding:
    similar: SimilarTicket
    reply: TicketMessage
    # The reply and the ticket's title as they may be shown for another customer.
    text: str
    title: str


def _groundings(ticket: Ticket) -> tuple[list[Grounding], int]:
    """The most similar resolved tickets that have a public agent reply, with their latest one
    made fit to reuse; and how many had to be left out because it could not be."""
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
    groundings: list[Grounding] = []
    unsafe = 0
    for item in found:
        if item.id not in replies:
            continue
        reply = replies[item.id]
        text = reusable_text(reply.body, source=reply.ticket)
        if text is None:
            unsafe += 1
            continue
        title = reusable_text(item.title, source=reply.ticket) or ""
        groundings.append(Grounding(similar=item, reply=reply, text=text, title=title))
    return groundings, unsafe


def _greeting_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.first_name or user.get_full_name()


def adapt_past_reply(*, text: str, past: Ticket, ticket: Ticket) -> str:
    """A past reply, already made fit to reuse, for the new ticket: the greeting names its
    requester and the ticket number is the new one."""
    adapted = re.sub(rf"#{past.pk}\b", f"#{ticket.pk}", text)
    return greet(adapted, name=_greeting_name(ticket.requester))


def _without_source_people(text: str, groundings: list[Grounding], ticket: Ticket) -> str:
    """The model saw only redacted sources; should a source's person still appear in its draft
    (named in the new ticket, say: "as with Tom Baker"), they are taken out of it too."""
    own = set(ticket_people_identifiers(ticket))
    for item in groundings:
        others = [name for name in ticket_people_identifiers(item.reply.ticket) if name not in own]
        text = redact_identifiers(text, others)
    return text


def _supersede_pending(ticket: Ticket, actor: User) -> None:
    ReplyDraft.objects.filter(ticket=ticket, author=actor, outcome=DraftOutcome.PENDING).update(
        outcome=DraftOutcome.DISCARDED, decided_at=timezone.now()
    )


def draft_create(*, ticket: Ticket, actor: User) -> ReplyDraft:
    """A new draft for the agent (earlier undecided drafts of theirs on the ticket are discarded)."""
    groundings, unsafe = _groundings(ticket)
    draft = ReplyDraft(ticket=ticket, author=actor)
    llm = get_llm_classifier()
    if llm.configured and groundings:
        given = {item.similar.id for item in groundings}
        try:
            answer = llm.complete(
                messages=draft_messages(
                    title=ticket.title,
                    description=ticket.description,
                    past=[PastReply(item.similar.id, item.title, item.text) for item in groundings],
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
                draft.body = greet(
                    _without_source_people(answer.reply, groundings, ticket),
                    name=_greeting_name(ticket.requester),
                )
                draft.source_ticket_ids = answer.cited
    if not draft.source:
        if groundings:
            best = groundings[0]
            draft.source = DraftSource.RETRIEVAL
            draft.body = adapt_past_reply(text=best.text, past=best.reply.ticket, ticket=ticket)
            draft.source_ticket_ids = [best.similar.id]
        else:
            draft.source = DraftSource.NONE
            draft.fallback_reason = draft.fallback_reason or (ONLY_PERSONAL if unsafe else "nothing_similar")
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

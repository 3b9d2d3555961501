"""What happens to a ticket's text after it is saved: its embedding, its language, and
whether it is part of a burst. Called by the background job and by the backfill."""

from __future__ import annotations

import logging

import numpy as np

from support_desk.assist.clock import Clock, system_clock
from support_desk.assist.embeddings import embed_texts, embedding_store, text_sha1
from support_desk.assist.incidents import incident_consider_ticket
from support_desk.assist.models import TicketEmbedding
from support_desk.tickets import services as ticket_services
from support_desk.tickets.models import Ticket
from support_desk.triage.language import detect_language
from support_desk.triage.local.examples import ticket_text

logger = logging.getLogger(__name__)


def tickets_needing_embedding(ticket_ids: list[int]) -> list[Ticket]:
    """Those of the tickets whose text has no embedding yet, or changed since."""
    tickets = list(Ticket.objects.filter(pk__in=ticket_ids).only("id", "title", "description", "language"))
    stored = dict(
        TicketEmbedding.objects.filter(ticket_id__in=ticket_ids).values_list("ticket_id", "text_sha1")
    )
    return [t for t in tickets if stored.get(t.pk) != text_sha1(t.title, t.description)]


def embed_tickets(tickets: list[Ticket]) -> int:
    """Embed and store the tickets' texts (one encoder batch), and detect their language."""
    if not tickets:
        return 0
    texts = [ticket_text(t.title, t.description) for t in tickets]
    vectors: np.ndarray = embed_texts(texts)
    for ticket, text, vector in zip(tickets, texts, vectors, strict=True):
        embedding_store(ticket_id=ticket.pk, vector=vector, sha1=text_sha1(ticket.title, ticket.description))
        language = detect_language(text)
        if language != ticket.language:
            ticket_services.ticket_set_language(ticket_id=ticket.pk, language=language)
    return len(tickets)


def process_ticket_text(*, ticket_id: int, clock: Clock = system_clock) -> str:
    """Embed the ticket if its text is new, then see whether it belongs to an incident."""
    pending = tickets_needing_embedding([ticket_id])
    embedded = embed_tickets(pending)
    incident = incident_consider_ticket(ticket_id=ticket_id, clock=clock)
    outcome = "embedded" if embedded else "text unchanged"
    return f"{outcome}; incident {incident.pk}" if incident else outcome

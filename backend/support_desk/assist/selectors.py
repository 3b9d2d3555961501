"""Reads of assistance: similar tickets, incidents, draft statistics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from support_desk.accounts.models import STAFF_ROLES
from support_desk.assist.embeddings import ticket_vector
from support_desk.assist.models import DraftOutcome, DraftSource, Incident, IncidentTicket, ReplyDraft
from support_desk.assist.similarity_index import similarity_index
from support_desk.tickets.enums import RESOLVED_STATUSES
from support_desk.tickets.models import Ticket, TicketMessage

MAX_SIMILAR = 20
# The index is asked for more than wanted: later tickets and deleted ones are dropped after.
OVERFETCH = 4
MAX_CANDIDATES = 400


@dataclass(frozen=True)
class SimilarTicket:
    id: int
    title: str
    status: str
    created_at: datetime
    score: float
    has_public_agent_reply: bool


def public_agent_replies(ticket_ref: Any = None) -> QuerySet[TicketMessage]:
    """Public replies written by agents (or admins), optionally of one ticket (an OuterRef)."""
    replies = TicketMessage.objects.filter(is_internal=False, author__role__in=STAFF_ROLES)
    return replies if ticket_ref is None else replies.filter(ticket=ticket_ref)


def similar_tickets(
    *, ticket: Ticket, limit: int = 5, resolved_only: bool = False, answered_only: bool = False
) -> list[SimilarTicket]:
    """The tickets created before `ticket` that read most like it, most similar first."""
    return similar_to_vector(
        ticket_vector(ticket),
        before=ticket.created_at,
        exclude={ticket.pk},
        limit=limit,
        resolved_only=resolved_only,
        answered_only=answered_only,
    )


def similar_to_vector(
    vector: np.ndarray,
    *,
    before: datetime | None,
    exclude: Iterable[int] = (),
    limit: int,
    resolved_only: bool = False,
    answered_only: bool = False,
) -> list[SimilarTicket]:
    excluded = set(exclude)
    wanted = max(1, min(limit, MAX_SIMILAR))
    k = wanted * OVERFETCH + len(excluded)
    while True:
        hits = [(tid, score) for tid, score in similarity_index().search(vector, k) if tid not in excluded]
        found = _describe(hits, before=before, resolved_only=resolved_only, answered_only=answered_only)
        if len(found) >= wanted or len(hits) + len(excluded) < k or k >= MAX_CANDIDATES:
            return found[:wanted]
        k = min(k * OVERFETCH, MAX_CANDIDATES)


def _describe(
    hits: list[tuple[int, float]], *, before: datetime | None, resolved_only: bool, answered_only: bool
) -> list[SimilarTicket]:
    scores = dict(hits)
    tickets = Ticket.objects.filter(pk__in=scores).annotate(
        has_public_agent_reply=Exists(public_agent_replies(OuterRef("pk")))
    )
    if before is not None:
        tickets = tickets.filter(created_at__lt=before)
    if resolved_only:
        tickets = tickets.filter(status__in=RESOLVED_STATUSES)
    if answered_only:
        tickets = tickets.filter(has_public_agent_reply=True)
    rows = tickets.values("id", "title", "status", "created_at", "has_public_agent_reply")
    found = [SimilarTicket(score=round(scores[row["id"]], 4), **row) for row in rows]
    found.sort(key=lambda item: (-item.score, -item.id))
    return found


def incidents(*, status: str | None = None) -> QuerySet[Incident]:
    """Incidents, the most recently active first."""
    queryset = Incident.objects.order_by("-last_seen", "-id")
    return queryset.filter(status=status) if status else queryset


def tickets_of_incidents(incident_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each incident's tickets (id, title, status, created_at), oldest first, in one query."""
    found: dict[int, list[dict[str, Any]]] = {incident_id: [] for incident_id in incident_ids}
    rows = (
        IncidentTicket.objects.filter(incident_id__in=incident_ids)
        .order_by("ticket__created_at", "ticket_id")
        .values_list("incident_id", "ticket_id", "ticket__title", "ticket__status", "ticket__created_at")
    )
    for incident_id, ticket_id, title, status, created_at in rows:
        found[incident_id].append(
            {"id": ticket_id, "title": title, "status": status, "created_at": created_at}
        )
    return found


def incident_tickets(incident: Incident) -> list[dict[str, Any]]:
    return tickets_of_incidents([incident.pk])[incident.pk]


@dataclass(frozen=True)
class DraftOutcomes:
    offered: int
    sent_unchanged: int
    edited: int
    discarded: int
    pending: int
    sent_unchanged_rate: float | None
    edited_rate: float | None
    discarded_rate: float | None
    mean_edit_ratio: float | None


def _outcomes(counts: dict[str, int], ratio_sum: float) -> DraftOutcomes:
    decided = sum(counts.get(outcome, 0) for outcome in DECIDED)

    def rate(outcome: str) -> float | None:
        return round(counts.get(outcome, 0) / decided, 4) if decided else None

    edited = counts.get(DraftOutcome.EDITED, 0)
    sent = edited + counts.get(DraftOutcome.SENT_UNCHANGED, 0)
    return DraftOutcomes(
        offered=sum(counts.values()),
        sent_unchanged=counts.get(DraftOutcome.SENT_UNCHANGED, 0),
        edited=edited,
        discarded=counts.get(DraftOutcome.DISCARDED, 0),
        pending=counts.get(DraftOutcome.PENDING, 0),
        sent_unchanged_rate=rate(DraftOutcome.SENT_UNCHANGED),
        edited_rate=rate(DraftOutcome.EDITED),
        discarded_rate=rate(DraftOutcome.DISCARDED),
        mean_edit_ratio=round(ratio_sum / sent, 4) if sent else None,
    )


DECIDED = (DraftOutcome.SENT_UNCHANGED, DraftOutcome.EDITED, DraftOutcome.DISCARDED)
# Drafts that offered something; "none" (nothing fitted) is counted apart.
MEASURED_SOURCES = (DraftSource.LLM, DraftSource.RETRIEVAL)


def draft_stats() -> dict[str, Any]:
    """How often each source's drafts were sent unchanged, edited (and how much) or discarded.

    One grouped read of the drafts table (an index on source and outcome): drafts are a few
    per reply, far fewer than tickets, so no separate counters are kept.
    """
    rows = ReplyDraft.objects.values("source", "outcome").annotate(n=Count("id"), ratio=Sum("edit_ratio"))
    counts: dict[str, dict[str, int]] = {}
    ratios: dict[str, float] = {}
    for row in rows:
        counts.setdefault(row["source"], {})[row["outcome"]] = row["n"]
        ratios[row["source"]] = ratios.get(row["source"], 0.0) + float(row["ratio"] or 0.0)
    by_source = {
        source: _outcomes(counts.get(source, {}), ratios.get(source, 0.0)) for source in MEASURED_SOURCES
    }
    total_counts: dict[str, int] = {}
    for source in MEASURED_SOURCES:
        for outcome, n in counts.get(source, {}).items():
            total_counts[outcome] = total_counts.get(outcome, 0) + n
    total = _outcomes(total_counts, sum(ratios.get(source, 0.0) for source in MEASURED_SOURCES))
    return {
        "total": total,
        "by_source": by_source,
        "no_draft": sum(counts.get(DraftSource.NONE, {}).values()),
    }


def pending_draft(*, ticket_id: int, author_id: int) -> ReplyDraft | None:
    return (
        ReplyDraft.objects.filter(ticket_id=ticket_id, author_id=author_id, outcome=DraftOutcome.PENDING)
        .exclude(source=DraftSource.NONE)
        .order_by("-created_at", "-id")
        .first()
    )

"""Incidents: many similar tickets within a short window, grouped so agents see one problem.

A new ticket joins an open incident when it reads like one of its tickets and the incident
was active within the window; otherwise, when at least `ASSIST_INCIDENT_MIN_TICKETS` tickets
of the last `ASSIST_INCIDENT_WINDOW_MINUTES` (this one included) are at least
`ASSIST_INCIDENT_SIMILARITY` alike (cosine of their embeddings), they become a new incident
and the agents are told once. The window is read from an injectable clock.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db import transaction

from support_desk.accounts.models import User
from support_desk.assist.clock import Clock, system_clock
from support_desk.assist.embeddings import vector_from_bytes
from support_desk.assist.models import Incident, IncidentStatus, IncidentTicket, TicketEmbedding
from support_desk.core.deadlocks import retry_on_deadlock
from support_desk.core.errors import NotFoundError
from support_desk.core.locks import transaction_lock
from support_desk.tickets import services as ticket_services
from support_desk.tickets.counters import counter_batch
from support_desk.tickets.enums import RESOLVED_STATUSES, Status
from support_desk.tickets.models import Ticket

logger = logging.getLogger(__name__)

# Any constant: every grouping takes this transaction-scoped lock on PostgreSQL, so two
# workers grouping two tickets of the same burst cannot both open an incident.
_GROUPING_LOCK_KEY = 0x1C1D_E417


def _central_title(rows: list[tuple[int, str]], vectors: dict[int, np.ndarray]) -> str:
    """The title of the ticket most like all the others: it says best what they share."""
    ids = [ticket_id for ticket_id, _ in rows]
    matrix = np.vstack([vectors[ticket_id] for ticket_id in ids])
    centrality = (matrix @ matrix.T).sum(axis=1)
    titles = dict(rows)
    return titles[ids[int(np.argmax(centrality))]][:200]


def incident_consider_ticket(*, ticket_id: int, clock: Clock = system_clock) -> Incident | None:
    """Put the ticket in an incident when it is part of a burst; the incident, or None."""
    now = clock()
    window = timedelta(minutes=settings.ASSIST_INCIDENT_WINDOW_MINUTES)
    threshold = settings.ASSIST_INCIDENT_SIMILARITY
    with transaction.atomic():
        transaction_lock(_GROUPING_LOCK_KEY)
        ticket = Ticket.objects.filter(pk=ticket_id).values("id", "created_at").first()
        if ticket is None or not (now - window <= ticket["created_at"] <= now):
            return None
        if IncidentTicket.objects.filter(ticket_id=ticket_id).exists():
            return None
        recent = list(
            TicketEmbedding.objects.filter(
                ticket__created_at__gte=now - window, ticket__created_at__lte=now, ticket__duplicate_of=None
            ).values_list("ticket_id", "vector")
        )
        vectors = {tid: vector_from_bytes(raw) for tid, raw in recent}
        own = vectors.get(ticket_id)
        if own is None:
            return None  # not embedded yet; its embedding job groups it
        alike = [
            tid for tid, vector in vectors.items() if tid != ticket_id and float(vector @ own) >= threshold
        ]
        joined = _join_open_incident(ticket_id, ticket["created_at"], alike, now - window)
        if joined is not None:
            return joined
        grouped = set(IncidentTicket.objects.filter(ticket_id__in=alike).values_list("ticket_id", flat=True))
        members = [ticket_id, *(tid for tid in alike if tid not in grouped)]
        if len(members) < settings.ASSIST_INCIDENT_MIN_TICKETS:
            return None
        rows = list(
            Ticket.objects.filter(pk__in=members)
            .order_by("created_at", "id")
            .values_list("id", "title", "created_at")
        )
        incident = Incident.objects.create(
            title=_central_title([(tid, title) for tid, title, _ in rows], vectors),
            first_seen=rows[0][2],
            last_seen=rows[-1][2],
            created_at=now,
            notified_at=now,
        )
        IncidentTicket.objects.bulk_create(
            [IncidentTicket(incident=incident, ticket_id=tid, added_at=now) for tid, _, _ in rows]
        )
        incident_id = incident.pk
        transaction.on_commit(lambda: _queue_notice(incident_id))
    logger.info("incident opened", extra={"incident_id": incident.pk, "tickets": len(rows)})
    return incident


def _join_open_incident(
    ticket_id: int, created_at: datetime, alike: list[int], active_since: datetime
) -> Incident | None:
    counts = Counter(
        IncidentTicket.objects.filter(
            ticket_id__in=alike, incident__status=IncidentStatus.OPEN, incident__last_seen__gte=active_since
        ).values_list("incident_id", flat=True)
    )
    if not counts:
        return None
    incident = Incident.objects.select_for_update().get(pk=counts.most_common(1)[0][0])
    IncidentTicket.objects.create(incident=incident, ticket_id=ticket_id)
    incident.last_seen = max(incident.last_seen, created_at)
    incident.first_seen = min(incident.first_seen, created_at)
    incident.save(update_fields=["last_seen", "first_seen"])
    return incident


def _queue_notice(incident_id: int) -> None:
    from support_desk.assist.tasks import send_incident_notice

    try:
        send_incident_notice.delay(incident_id)
    except Exception:
        logger.exception("could not queue the incident notice", extra={"incident_id": incident_id})


@dataclass
class IncidentReply:
    incident: Incident
    replied: list[int] = field(default_factory=list)
    resolved: list[int] = field(default_factory=list)


@retry_on_deadlock
def incident_reply_all(*, incident_id: int, actor: User, body: str, resolve: bool) -> IncidentReply:
    """Reply to every ticket of the incident, each through the normal message service (its
    timeline and mail), and with `resolve` resolve them and the incident together."""
    with transaction.atomic(), counter_batch():
        incident = Incident.objects.select_for_update().filter(pk=incident_id).first()
        if incident is None:
            raise NotFoundError("Incident not found.")
        result = IncidentReply(incident=incident)
        ticket_ids = list(incident.members.order_by("ticket_id").values_list("ticket_id", flat=True))
        # Every ticket locked first, in id order, before any reply writes (see counter_batch).
        list(Ticket.objects.select_for_update().filter(pk__in=ticket_ids).order_by("pk").values_list("pk"))
        for ticket_id in ticket_ids:
            ticket_services.message_create(ticket_id=ticket_id, author=actor, body=body, is_internal=False)
            result.replied.append(ticket_id)
            if resolve:
                ticket = Ticket.objects.only("status").get(pk=ticket_id)
                if ticket.status not in RESOLVED_STATUSES:
                    ticket_services.ticket_update(
                        ticket_id=ticket_id, changes={"status": Status.RESOLVED}, actor=actor
                    )
                    result.resolved.append(ticket_id)
        if resolve and incident.status != IncidentStatus.RESOLVED:
            incident.status = IncidentStatus.RESOLVED
            incident.resolved_at = system_clock()
            incident.resolved_by = actor
            incident.save(update_fields=["status", "resolved_at", "resolved_by"])
    logger.info(
        "incident answered",
        extra={"incident_id": incident_id, "replied": len(result.replied), "resolved": len(result.resolved)},
    )
    return result

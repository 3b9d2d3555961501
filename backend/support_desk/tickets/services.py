"""Every write to tickets: each keeps the statistics counters in the same transaction."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from support_desk.core.errors import NotFoundError
from support_desk.tickets import counters
from support_desk.tickets.enums import RESOLVED_STATUSES, Status
from support_desk.tickets.models import Ticket
from support_desk.triage.taxonomy import DEFAULT_CATEGORY, DEFAULT_PRIORITY

UPDATABLE_FIELDS = frozenset({"title", "description", "category", "priority", "status"})


def _counted_state(ticket: Ticket) -> counters.CountedState:
    return counters.CountedState(
        status=ticket.status,
        category=ticket.category,
        priority=ticket.priority,
        created_at=ticket.created_at,
        resolution_seconds=ticket.resolution_seconds,
    )


def resolution_seconds_between(created_at: datetime, resolved_at: datetime) -> int:
    return max(0, int((resolved_at - created_at).total_seconds()))


def _apply_resolution(ticket: Ticket, now: datetime) -> None:
    """Set `resolved_at` on entering a resolved state; clear it on reopening."""
    if ticket.status in RESOLVED_STATUSES:
        if ticket.resolved_at is None:
            ticket.resolved_at = now
            ticket.resolution_seconds = resolution_seconds_between(ticket.created_at, now)
    else:
        ticket.resolved_at = None
        ticket.resolution_seconds = None


def ticket_create(
    *,
    title: str,
    description: str,
    category: str | None = None,
    priority: str | None = None,
    status: str | None = None,
    created_at: datetime | None = None,
) -> Ticket:
    """Create a ticket (defaults: general, medium, open)."""
    now = timezone.now()
    ticket = Ticket(
        title=title,
        description=description,
        category=category or DEFAULT_CATEGORY,
        priority=priority or DEFAULT_PRIORITY,
        status=status or Status.OPEN,
        created_at=created_at or now,
        updated_at=now,
    )
    _apply_resolution(ticket, now)
    with transaction.atomic():
        ticket.save(force_insert=True)
        counters.apply_deltas(counters.deltas_between(None, _counted_state(ticket)))
    return ticket


def ticket_update(*, ticket_id: int, changes: Mapping[str, Any]) -> Ticket:
    """Apply a partial update. The row is locked so concurrent writers see each other's changes."""
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
        if ticket is None:
            raise NotFoundError("Ticket not found.")
        before = _counted_state(ticket)
        changed = [field for field, value in changes.items() if getattr(ticket, field) != value]
        if not changed:
            return ticket
        for field in changed:
            setattr(ticket, field, changes[field])
        now = timezone.now()
        ticket.updated_at = now
        _apply_resolution(ticket, now)
        ticket.save(
            update_fields=[*changed, "updated_at", "resolved_at", "resolution_seconds"],
        )
        counters.apply_deltas(counters.deltas_between(before, _counted_state(ticket)))
    return ticket


def ticket_delete(*, ticket_id: int) -> None:
    """Delete a ticket and take it out of the statistics."""
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
        if ticket is None:
            raise NotFoundError("Ticket not found.")
        before = _counted_state(ticket)
        ticket.delete()
        counters.apply_deltas(counters.deltas_between(before, None))


def stats_rebuild(*, using: str = "default") -> dict[str, int]:
    """Recompute every counter from the ticket table (after a bulk load, or to repair)."""
    totals: Counter[str] = Counter()
    with transaction.atomic(using=using):
        tickets = Ticket.objects.using(using).order_by()
        totals[counters.TOTAL] = tickets.count()
        for field in ("status", "category", "priority"):
            for row in tickets.values(field).annotate(n=Count("id")):
                totals[f"{field}:{row[field]}"] = row["n"]
        resolved = tickets.filter(resolution_seconds__isnull=False).aggregate(
            n=Count("id"), seconds=Sum("resolution_seconds")
        )
        totals[counters.RESOLVED_COUNT] = resolved["n"] or 0
        totals[counters.RESOLVED_SECONDS] = resolved["seconds"] or 0
        # A fresh random epoch, so no median memoised before the rebuild is reused.
        totals[counters.RESOLVED_CHANGES] = secrets.randbelow(2**31) + 1
        for row in tickets.annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("id")):
            totals[f"{counters.DAY_PREFIX}{row['day'].isoformat()}"] = row["n"]
        counters.replace_all(totals.items(), using=using)
    return dict(totals)

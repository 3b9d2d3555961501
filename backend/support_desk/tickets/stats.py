"""Statistics: read from the running counters (tickets/counters.py), never by scanning tickets,
and rebuilt from the ticket table when the counters need repair.

The median resolution time is exact: the duration buckets say which bucket holds the middle
rank, and only that bucket's slice of the duration index is read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate

from support_desk.tickets import counters
from support_desk.tickets.durations import bucket_range, resolution_bucket
from support_desk.tickets.enums import Status
from support_desk.tickets.models import Ticket
from support_desk.triage.taxonomy import CATEGORY_VALUES, PRIORITY_VALUES, TRIAGE_SOURCES


@dataclass(frozen=True)
class TriageKeptStats:
    suggested: int
    category_kept: int
    priority_kept: int
    category_kept_rate: float | None
    priority_kept_rate: float | None


@dataclass(frozen=True)
class TicketStats:
    total_tickets: int
    open_tickets: int
    avg_tickets_per_day: float
    priority_breakdown: dict[str, int]
    category_breakdown: dict[str, int]
    status_breakdown: dict[str, int]
    avg_resolution_hours: float | None
    median_resolution_hours: float | None
    triage: dict[str, object]


def _nth_resolution_seconds(rank: int, totals: dict[str, int]) -> int | None:
    """The duration at 0-based `rank` in sorted order. The bucket counts say which bucket
    holds that rank, so only that bucket's slice of the duration index is read."""
    below = 0
    buckets = sorted(
        (int(key.removeprefix(counters.RESOLVED_BUCKET_PREFIX)), count)
        for key, count in totals.items()
        if key.startswith(counters.RESOLVED_BUCKET_PREFIX) and count > 0
    )
    for index, count in buckets:
        if rank < below + count:
            lower, upper = bucket_range(index)
            durations = Ticket.objects.filter(resolution_seconds__gte=lower)
            if upper is not None:
                durations = durations.filter(resolution_seconds__lt=upper)
            offset = rank - below
            return (
                durations.order_by("resolution_seconds")
                .values_list("resolution_seconds", flat=True)[offset : offset + 1]
                .first()
            )
        below += count
    return None


def _median_resolution_seconds(resolved_count: int, totals: dict[str, int]) -> float | None:
    """The exact median of the stored durations (the mean of the middle two for an even count)."""
    if resolved_count <= 0:
        return None
    half = resolved_count // 2
    middle = [half] if resolved_count % 2 else [half - 1, half]
    values = [_nth_resolution_seconds(rank, totals) for rank in middle]
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def _kept_stats(suggested: int, category_kept: int, priority_kept: int) -> TriageKeptStats:
    return TriageKeptStats(
        suggested=suggested,
        category_kept=category_kept,
        priority_kept=priority_kept,
        category_kept_rate=round(category_kept / suggested, 3) if suggested else None,
        priority_kept_rate=round(priority_kept / suggested, 3) if suggested else None,
    )


def _triage_stats(totals: dict[str, int]) -> dict[str, object]:
    """How many tickets had a suggestion, and how often the final labels kept it."""
    by_source = {}
    for source in TRIAGE_SOURCES:
        prefix = f"{counters.TRIAGE_PREFIX}{source}:"
        by_source[source] = _kept_stats(
            totals.get(prefix + "suggested", 0),
            totals.get(prefix + "category_kept", 0),
            totals.get(prefix + "priority_kept", 0),
        )
    overall = _kept_stats(
        sum(stats.suggested for stats in by_source.values()),
        sum(stats.category_kept for stats in by_source.values()),
        sum(stats.priority_kept for stats in by_source.values()),
    )
    return {**asdict(overall), "by_source": {source: asdict(stats) for source, stats in by_source.items()}}


def ticket_stats() -> TicketStats:
    """Statistics from the running counters: a few hundred rows at most, never the ticket table."""
    totals = counters.read_totals()
    total = totals.get(counters.TOTAL, 0)
    days_with_tickets = sum(
        1 for key, value in totals.items() if key.startswith(counters.DAY_PREFIX) and value > 0
    )
    resolved_count = totals.get(counters.RESOLVED_COUNT, 0)
    resolved_seconds = totals.get(counters.RESOLVED_SECONDS, 0)

    median_seconds = _median_resolution_seconds(resolved_count, totals)

    return TicketStats(
        total_tickets=total,
        open_tickets=totals.get(f"status:{Status.OPEN}", 0),
        avg_tickets_per_day=round(total / days_with_tickets, 1) if days_with_tickets else 0.0,
        priority_breakdown={value: totals.get(f"priority:{value}", 0) for value in PRIORITY_VALUES[::-1]},
        category_breakdown={value: totals.get(f"category:{value}", 0) for value in CATEGORY_VALUES},
        status_breakdown={value: totals.get(f"status:{value}", 0) for value in Status.values},
        avg_resolution_hours=_hours(resolved_seconds / resolved_count) if resolved_count else None,
        median_resolution_hours=_hours(median_seconds),
        triage=_triage_stats(totals),
    )


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
        resolved_tickets = tickets.filter(resolution_seconds__isnull=False)
        for seconds in resolved_tickets.values_list("resolution_seconds", flat=True).iterator(
            chunk_size=10_000
        ):
            if seconds is not None:
                totals[f"{counters.RESOLVED_BUCKET_PREFIX}{resolution_bucket(seconds)}"] += 1
        for row in tickets.annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("id")):
            totals[f"{counters.DAY_PREFIX}{row['day'].isoformat()}"] = row["n"]
        triage_rows = (
            tickets.filter(suggestion_source__isnull=False)
            .values("suggestion_source")
            .annotate(
                n=Count("id"),
                category_kept=Count("id", filter=Q(category=F("suggested_category"))),
                priority_kept=Count("id", filter=Q(priority=F("suggested_priority"))),
            )
        )
        for row in triage_rows:
            prefix = f"{counters.TRIAGE_PREFIX}{row['suggestion_source']}:"
            totals[prefix + "suggested"] = row["n"]
            totals[prefix + "category_kept"] = row["category_kept"]
            totals[prefix + "priority_kept"] = row["priority_kept"]
        counters.replace_all(totals.items(), using=using)
    return dict(totals)

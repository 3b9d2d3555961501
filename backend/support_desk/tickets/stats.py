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
    category_abstained: int
    priority_abstained: int


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


_KEPT_COUNTERS = ("suggested", "category_kept", "priority_kept", "category_abstained", "priority_abstained")


def _rate(kept: int, made: int) -> float | None:
    return round(kept / made, 3) if made else None


def _kept_stats(counts: dict[str, int]) -> TriageKeptStats:
    """Kept rates are over the suggestions actually made: an abstention is neither kept nor
    changed, and is counted apart."""
    suggested = counts["suggested"]
    return TriageKeptStats(
        suggested=suggested,
        category_kept=counts["category_kept"],
        priority_kept=counts["priority_kept"],
        category_kept_rate=_rate(counts["category_kept"], suggested - counts["category_abstained"]),
        priority_kept_rate=_rate(counts["priority_kept"], suggested - counts["priority_abstained"]),
        category_abstained=counts["category_abstained"],
        priority_abstained=counts["priority_abstained"],
    )


def _triage_stats(totals: dict[str, int]) -> dict[str, object]:
    """How many tickets had a suggestion, and how often the final labels kept it."""
    per_source = {
        source: {name: totals.get(f"{counters.TRIAGE_PREFIX}{source}:{name}", 0) for name in _KEPT_COUNTERS}
        for source in TRIAGE_SOURCES
    }
    overall = {name: sum(counts[name] for counts in per_source.values()) for name in _KEPT_COUNTERS}
    return {
        **asdict(_kept_stats(overall)),
        "by_source": {source: asdict(_kept_stats(counts)) for source, counts in per_source.items()},
    }


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
                category_abstained=Count("id", filter=Q(suggested_category__isnull=True)),
                priority_abstained=Count("id", filter=Q(suggested_priority__isnull=True)),
            )
        )
        for row in triage_rows:
            prefix = f"{counters.TRIAGE_PREFIX}{row['suggestion_source']}:"
            totals[prefix + "suggested"] = row["n"]
            for name in ("category_kept", "priority_kept", "category_abstained", "priority_abstained"):
                totals[prefix + name] = row[name]
        counters.replace_all(totals.items(), using=using)
    return dict(totals)

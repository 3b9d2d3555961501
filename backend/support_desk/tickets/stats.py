"""Statistics: read from the running counters (tickets/counters.py), never by scanning tickets,
and rebuilt from the ticket table when the counters need repair.

The median resolution time is exact: the duration buckets say which bucket holds the middle
rank, and only that bucket's slice of the duration index is read.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from support_desk.accounts.models import User
from support_desk.sla.clocks import TARGETS, Target, targets_bits
from support_desk.tickets import counters
from support_desk.tickets.durations import bucket_range, resolution_bucket
from support_desk.tickets.enums import RESOLVED_STATUSES, EventKind, Status
from support_desk.tickets.models import SatisfactionSurvey, Ticket, TicketEvent
from support_desk.tickets.satisfaction import survey_state
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
    first_response: dict[str, object]
    sla: dict[str, object]
    backlog: dict[str, object]
    satisfaction: dict[str, object]


BREACH_DAYS = 30
SATISFACTION_DAYS = 30
# The open backlog's age groups: (name, fewest whole days old, most days old or None).
BACKLOG_AGES = (
    ("today", 0, 0),
    ("1_to_2_days", 1, 2),
    ("3_to_6_days", 3, 6),
    ("7_to_29_days", 7, 29),
    ("30_days_or_more", 30, None),
)


def _first_response_stats(totals: dict[str, int]) -> dict[str, object]:
    """Time from creation to an agent's first public reply: exact median and 90th percentile."""
    count = totals.get(counters.FIRST_RESPONSE_COUNT, 0)
    seconds = totals.get(counters.FIRST_RESPONSE_SECONDS, 0)
    p90 = _percentile_seconds(0.9, count, totals, FIRST_RESPONSE)
    return {
        "count": count,
        "avg_hours": _hours(seconds / count) if count else None,
        "median_hours": _hours(_median_seconds(count, totals, FIRST_RESPONSE)),
        "p90_hours": _hours(p90),
    }


def _sla_stats(totals: dict[str, int], today: date) -> dict[str, object]:
    """Targets met and breached per target and priority, and breaches per day (last 30 days)."""
    attainment: dict[str, dict[str, dict[str, object]]] = {}
    for target in TARGETS:
        attainment[target.value] = {}
        for priority in PRIORITY_VALUES[::-1]:
            met = totals.get(counters.sla_key(target.value, priority, "met"), 0)
            breached = totals.get(counters.sla_key(target.value, priority, "breached"), 0)
            attainment[target.value][priority] = {
                "met": met,
                "breached": breached,
                "attainment": _rate(met, met + breached),
            }
    days = [today - timedelta(days=offset) for offset in range(BREACH_DAYS - 1, -1, -1)]
    per_day = [
        {
            "date": day.isoformat(),
            "breaches": totals.get(f"{counters.SLA_BREACH_DAY_PREFIX}{day.isoformat()}", 0),
        }
        for day in days
    ]
    return {"attainment": attainment, "breaches_per_day": per_day}


def _backlog_stats(totals: dict[str, int], today: date) -> dict[str, object]:
    """How old the unresolved tickets are, from the per-creation-day counters."""
    ages: dict[str, int] = {name: 0 for name, _, _ in BACKLOG_AGES}
    unresolved = 0
    oldest: date | None = None
    for key, count in totals.items():
        if not key.startswith(counters.OPEN_DAY_PREFIX) or count <= 0:
            continue
        day = date.fromisoformat(key.removeprefix(counters.OPEN_DAY_PREFIX))
        age = max(0, (today - day).days)
        unresolved += count
        oldest = day if oldest is None or day < oldest else oldest
        for name, fewest, most in BACKLOG_AGES:
            if age >= fewest and (most is None or age <= most):
                ages[name] += count
                break
    return {
        "unresolved": unresolved,
        "by_age": ages,
        "oldest_created_on": oldest.isoformat() if oldest else None,
    }


def _satisfaction_figures(totals: dict[str, int], prefix: str) -> dict[str, object]:
    """Surveys asked, answers, the share of good answers and the response rate of one group."""
    asked = totals.get(prefix + "asked", 0)
    good = totals.get(prefix + "good", 0)
    bad = totals.get(prefix + "bad", 0)
    return {
        "asked": asked,
        "ratings": good + bad,
        "good": good,
        "bad": bad,
        "share_good": _rate(good, good + bad),
        "response_rate": _rate(good + bad, asked),
    }


def _satisfaction_stats(totals: dict[str, int], today: date) -> dict[str, object]:
    """Customer satisfaction from the survey counters: overall, per agent who resolved, per
    category at resolution, and per UTC day of resolution (the last 30 days) for a trend."""
    agent_ids = sorted(
        {
            key.removeprefix(counters.CSAT_AGENT_PREFIX).rpartition(":")[0]
            for key, value in totals.items()
            if key.startswith(counters.CSAT_AGENT_PREFIX) and value > 0
        }
    )
    names = _agent_names([int(agent) for agent in agent_ids if agent.isdigit()])
    by_agent = [
        {
            "agent_id": int(agent) if agent.isdigit() else None,
            "name": names.get(int(agent), f"#{agent}") if agent.isdigit() else "Unassigned",
            **_satisfaction_figures(totals, f"{counters.CSAT_AGENT_PREFIX}{agent}:"),
        }
        for agent in agent_ids
    ]
    days = [today - timedelta(days=offset) for offset in range(SATISFACTION_DAYS - 1, -1, -1)]
    return {
        **_satisfaction_figures(totals, counters.CSAT_PREFIX),
        "by_agent": by_agent,
        "by_category": {
            category: _satisfaction_figures(totals, f"{counters.CSAT_CATEGORY_PREFIX}{category}:")
            for category in CATEGORY_VALUES
        },
        "per_day": [
            {
                "date": day.isoformat(),
                **_satisfaction_figures(totals, f"{counters.CSAT_DAY_PREFIX}{day.isoformat()}:"),
            }
            for day in days
        ],
    }


def _agent_names(agent_ids: list[int]) -> dict[int, str]:
    """The display names of the agents with surveys: one small query (a team, not the tickets)."""
    if not agent_ids:
        return {}
    return {user.pk: user.display_name for user in User.objects.filter(pk__in=agent_ids)}


@dataclass(frozen=True)
class Durations:
    """A bucketed duration column: its counters' bucket prefix and the indexed column."""

    bucket_prefix: str
    column: str


RESOLUTION = Durations(counters.RESOLVED_BUCKET_PREFIX, "resolution_seconds")
FIRST_RESPONSE = Durations(counters.FIRST_RESPONSE_BUCKET_PREFIX, "first_response_seconds")


def _nth_duration(rank: int, totals: dict[str, int], durations: Durations = RESOLUTION) -> int | None:
    """The duration at 0-based `rank` in sorted order. The bucket counts say which bucket
    holds that rank, so only that bucket's slice of the duration index is read."""
    below = 0
    buckets = sorted(
        (int(key.removeprefix(durations.bucket_prefix)), count)
        for key, count in totals.items()
        if key.startswith(durations.bucket_prefix) and count > 0
    )
    for index, count in buckets:
        if rank < below + count:
            lower, upper = bucket_range(index)
            column = durations.column
            rows = Ticket.objects.filter(**{f"{column}__gte": lower})
            if upper is not None:
                rows = rows.filter(**{f"{column}__lt": upper})
            offset = rank - below
            value: int | None = (
                rows.order_by(column).values_list(column, flat=True)[offset : offset + 1].first()
            )
            return value
        below += count
    return None


def _median_seconds(count: int, totals: dict[str, int], durations: Durations = RESOLUTION) -> float | None:
    """The exact median of the stored durations (the mean of the middle two for an even count)."""
    if count <= 0:
        return None
    half = count // 2
    middle = [half] if count % 2 else [half - 1, half]
    values = [_nth_duration(rank, totals, durations) for rank in middle]
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def _percentile_seconds(
    fraction: float, count: int, totals: dict[str, int], durations: Durations
) -> int | None:
    """The nearest-rank percentile: the smallest duration with `fraction` of them at or below it."""
    if count <= 0:
        return None
    return _nth_duration(max(0, math.ceil(fraction * count) - 1), totals, durations)


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


def ticket_stats(*, now: datetime | None = None) -> TicketStats:
    """Statistics from the running counters: a few hundred rows at most, never the ticket table."""
    totals = counters.read_totals()
    today = (now or timezone.now()).astimezone(UTC).date()
    total = totals.get(counters.TOTAL, 0)
    days_with_tickets = sum(
        1 for key, value in totals.items() if key.startswith(counters.DAY_PREFIX) and value > 0
    )
    resolved_count = totals.get(counters.RESOLVED_COUNT, 0)
    resolved_seconds = totals.get(counters.RESOLVED_SECONDS, 0)

    median_seconds = _median_seconds(resolved_count, totals)

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
        first_response=_first_response_stats(totals),
        sla=_sla_stats(totals, today),
        backlog=_backlog_stats(totals, today),
        satisfaction=_satisfaction_stats(totals, today),
    )


def _rebuild_service_levels(tickets: QuerySet[Ticket], totals: Counter[str], *, using: str) -> None:
    """The backlog, first-response and service-level counters, from the ticket columns (and the
    timeline, for next-response breaches by day)."""
    unresolved = tickets.exclude(status__in=RESOLVED_STATUSES)
    for row in unresolved.annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("id")):
        totals[f"{counters.OPEN_DAY_PREFIX}{row['day'].isoformat()}"] = row["n"]
    responded = tickets.filter(first_response_seconds__isnull=False)
    first = responded.aggregate(n=Count("id"), seconds=Sum("first_response_seconds"))
    totals[counters.FIRST_RESPONSE_COUNT] = first["n"] or 0
    totals[counters.FIRST_RESPONSE_SECONDS] = first["seconds"] or 0
    for seconds in responded.values_list("first_response_seconds", flat=True).iterator(chunk_size=10_000):
        if seconds is not None:
            totals[f"{counters.FIRST_RESPONSE_BUCKET_PREFIX}{resolution_bucket(seconds)}"] += 1
    flagged = tickets.annotate(
        first_breached=F("sla_breached").bitand(targets_bits([Target.FIRST_RESPONSE])),
        resolution_breached=F("sla_breached").bitand(targets_bits([Target.RESOLUTION])),
    )
    outcomes = flagged.values("priority").annotate(
        first_met=Count(
            "id",
            filter=Q(first_response_at__isnull=False, first_response_due_at__isnull=False, first_breached=0),
        ),
        first_late=Count("id", filter=~Q(first_breached=0)),
        resolution_met=Count(
            "id",
            filter=Q(status__in=RESOLVED_STATUSES, resolution_due_at__isnull=False, resolution_breached=0),
        ),
        resolution_late=Count("id", filter=~Q(resolution_breached=0)),
        next_met=Sum("next_responses_met"),
        next_late=Sum("next_responses_breached"),
    )
    for row in outcomes:
        for target, met, late in (
            ("first_response", row["first_met"], row["first_late"]),
            ("resolution", row["resolution_met"], row["resolution_late"]),
            ("next_response", row["next_met"] or 0, row["next_late"] or 0),
        ):
            totals[counters.sla_key(target, row["priority"], "met")] += met
            totals[counters.sla_key(target, row["priority"], "breached")] += late
    for due_column, breached in (
        ("first_response_due_at", "first_breached"),
        ("resolution_due_at", "resolution_breached"),
    ):
        late_days = (
            flagged.exclude(**{breached: 0})
            .annotate(day=TruncDate(due_column))
            .values("day")
            .annotate(n=Count("id"))
        )
        for row in late_days:
            totals[f"{counters.SLA_BREACH_DAY_PREFIX}{row['day'].isoformat()}"] += row["n"]
    next_breaches = TicketEvent.objects.using(using).filter(
        kind=EventKind.SLA_BREACHED, new_value=Target.NEXT_RESPONSE.value
    )
    for data in next_breaches.values_list("data", flat=True).iterator(chunk_size=10_000):
        due = datetime.fromisoformat(data["due"])
        totals[counters.breach_day_key(due)] += 1


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
        _rebuild_service_levels(tickets, totals, using=using)
        for survey in SatisfactionSurvey.objects.using(using).iterator(chunk_size=10_000):
            totals.update(counters.survey_deltas(None, survey_state(survey)))
        counters.replace_all(totals.items(), using=using)
    return dict(totals)

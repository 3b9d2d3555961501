"""Every read of tickets and their statistics."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from support_desk.accounts.models import User
from support_desk.core.errors import NotFoundError
from support_desk.tickets import counters
from support_desk.tickets.durations import bucket_range
from support_desk.tickets.enums import Status
from support_desk.tickets.models import Ticket, TicketEvent, TicketMessage
from support_desk.triage.taxonomy import CATEGORY_VALUES, PRIORITY_VALUES, TRIAGE_SOURCES

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_SEARCH_WORDS = 12


def search_words(text: str) -> list[str]:
    """The words of a search query, lower-cased; punctuation separates words."""
    return [word.lower() for word in _WORD.findall(text)][:MAX_SEARCH_WORDS]


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    """Agents see every ticket; requesters only their own."""
    tickets = Ticket.objects.select_related("requester", "assignee")
    return tickets if user.is_agent else tickets.filter(requester=user)


def ticket_get(*, ticket_id: int, user: User) -> Ticket:
    """A ticket the user may see; another requester's ticket is 'not found', never 'forbidden'."""
    ticket = tickets_visible_to(user).filter(pk=ticket_id).first()
    if ticket is None:
        raise NotFoundError("Ticket not found.")
    return ticket


def ticket_messages(*, ticket: Ticket, user: User) -> QuerySet[TicketMessage]:
    """The conversation; internal notes only for agents."""
    messages = ticket.messages.select_related("author").order_by("created_at", "id")
    return messages if user.is_agent else messages.filter(is_internal=False)


def ticket_events(*, ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("actor").order_by("created_at", "id")


def ticket_search(queryset: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """Tickets whose title or description has words starting with every word of `text`.

    PostgreSQL answers from the GIN index on the generated `search_vector`; other
    databases use a word-boundary regular expression (same meaning, no index).
    """
    words = search_words(text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # Words are \w+ only, so they cannot carry tsquery operators.
        tsquery = " & ".join(f"{word}:*" for word in words)
        table = Ticket._meta.db_table
        return queryset.filter(
            RawSQL(  # noqa: S611 - the query text is a parameter
                f'"{table}"."search_vector" @@ to_tsquery(\'simple\', %s)',
                (tsquery,),
                output_field=BooleanField(),
            )
        )
    for word in words:
        pattern = r"\b" + re.escape(word)
        queryset = queryset.filter(Q(title__iregex=pattern) | Q(description__iregex=pattern))
    return queryset


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

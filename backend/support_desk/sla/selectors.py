"""Reading policies and business hours as the engine's plain values."""

from __future__ import annotations

import time as time_module
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet

from support_desk.sla.calendar import BusinessCalendar, weekly_hours
from support_desk.sla.clocks import Targets
from support_desk.sla.models import BusinessHours, ClosedDay, OpeningHours, SlaPolicy


@dataclass(frozen=True)
class ResolvedPolicy:
    """A policy as the engine uses it: its targets and the calendar they count in."""

    id: int
    name: str
    targets: Targets
    calendar: BusinessCalendar


AROUND_THE_CLOCK = BusinessCalendar.around_the_clock()
# Calendars by their whole content: one that is read again unchanged keeps the days it has
# already worked out (the time-zone arithmetic), so a page of tickets costs lookups, not math.
_CALENDARS: dict[tuple[object, ...], BusinessCalendar] = {}
MAX_CACHED_CALENDARS = 64


def calendar_of(hours: BusinessHours | None) -> BusinessCalendar:
    """The calendar of stored business hours (prefetched opening hours and closed days)."""
    if hours is None:
        return AROUND_THE_CLOCK
    return _calendar(
        hours.time_zone,
        tuple(sorted((row.weekday, row.opens, row.closes) for row in hours.opening_hours.all())),
        hours.holiday_country.upper(),
        hours.holiday_subdivision.upper(),
        frozenset(day.date for day in hours.closed_days.all()),
    )


def _calendar(
    zone: str,
    rows: tuple[tuple[int, time, time], ...],
    country: str,
    subdivision: str,
    closed: frozenset[date],
) -> BusinessCalendar:
    """The calendar with this content, the same object each time it is asked for again."""
    key = (zone, rows, country, subdivision, closed)
    calendar = _CALENDARS.get(key)
    if calendar is None:
        if len(_CALENDARS) >= MAX_CACHED_CALENDARS:
            _CALENDARS.clear()
        calendar = _CALENDARS[key] = BusinessCalendar(
            zone=ZoneInfo(zone),
            weekly=weekly_hours(rows) if rows else None,
            country=country,
            subdivision=subdivision,
            closed_dates=closed,
        )
    return calendar


def _resolved(policy: SlaPolicy) -> ResolvedPolicy:
    return ResolvedPolicy(
        id=policy.pk,
        name=policy.name,
        targets=Targets(
            first_response=policy.first_response_minutes,
            next_response=policy.next_response_minutes,
            resolution=policy.resolution_minutes,
        ),
        calendar=calendar_of(policy.business_hours),
    )


def _policies(using: str = "default") -> QuerySet[SlaPolicy]:
    return (
        SlaPolicy.objects.using(using)
        .select_related("business_hours")
        .prefetch_related(
            Prefetch("business_hours__opening_hours", queryset=OpeningHours.objects.using(using)),
            Prefetch("business_hours__closed_days", queryset=ClosedDay.objects.using(using)),
        )
    )


def policy_for(*, priority: str, category: str) -> ResolvedPolicy | None:
    """The policy for a ticket: the one for its priority and category, else the one for its
    priority and every category, else none."""
    candidates = [p for p in _policies().filter(priority=priority, category__in=[category, ""])]
    candidates.sort(key=lambda policy: policy.category == "")
    return _resolved(candidates[0]) if candidates else None


@dataclass
class PolicyCache:
    """Policies as the ticket list shows them, kept for `ttl_seconds` per process.

    Only the display uses them (the policy's name, the calendar that counts the minutes left);
    every write reads the policy afresh, and the due times live on the tickets. So an admin's
    change shows in the list within the TTL, and a page costs no policy queries most of the time.
    """

    ttl_seconds: float = 30.0
    clock: Callable[[], float] = time_module.monotonic
    _entries: dict[int, tuple[float, ResolvedPolicy | None]] = field(default_factory=dict)

    def get(self, ids: Iterable[int]) -> dict[int, ResolvedPolicy]:
        now = self.clock()
        wanted = set(ids)
        fresh = {i: self._entries[i] for i in wanted if i in self._entries and self._entries[i][0] > now}
        missing = wanted - set(fresh)
        if missing:
            loaded = _load_policies(missing)
            for policy_id in missing:
                self._entries[policy_id] = (now + self.ttl_seconds, loaded.get(policy_id))
                fresh[policy_id] = self._entries[policy_id]
        return {policy_id: policy for policy_id, (_, policy) in fresh.items() if policy is not None}

    def clear(self) -> None:
        self._entries.clear()


display_policies = PolicyCache()


def policies_by_id(ids: Iterable[int], *, fresh: bool = False) -> dict[int, ResolvedPolicy]:
    """The policies named by these ids: from the display cache, or (`fresh`) from the database."""
    return _load_policies(set(ids)) if fresh else display_policies.get(ids)


def _load_policies(wanted: set[int]) -> dict[int, ResolvedPolicy]:
    """Policies in three small queries of plain values (no model instances, no prefetch)."""
    if not wanted:
        return {}
    policies = list(
        SlaPolicy.objects.filter(pk__in=wanted).values(
            "id",
            "name",
            "first_response_minutes",
            "next_response_minutes",
            "resolution_minutes",
            "business_hours_id",
            "business_hours__time_zone",
            "business_hours__holiday_country",
            "business_hours__holiday_subdivision",
        )
    )
    hours_ids = {row["business_hours_id"] for row in policies if row["business_hours_id"]}
    opening: dict[int, list[tuple[int, time, time]]] = {}
    closed: dict[int, set[date]] = {}
    if hours_ids:
        for hours_id, weekday, opens, closes in OpeningHours.objects.filter(
            business_hours_id__in=hours_ids
        ).values_list("business_hours_id", "weekday", "opens", "closes"):
            opening.setdefault(hours_id, []).append((weekday, opens, closes))
        for hours_id, day in ClosedDay.objects.filter(business_hours_id__in=hours_ids).values_list(
            "business_hours_id", "date"
        ):
            closed.setdefault(hours_id, set()).add(day)
    resolved = {}
    for row in policies:
        hours_id = row["business_hours_id"]
        calendar = (
            _calendar(
                row["business_hours__time_zone"],
                tuple(sorted(opening.get(hours_id, []))),
                row["business_hours__holiday_country"].upper(),
                row["business_hours__holiday_subdivision"].upper(),
                frozenset(closed.get(hours_id, set())),
            )
            if hours_id
            else AROUND_THE_CLOCK
        )
        resolved[row["id"]] = ResolvedPolicy(
            id=row["id"],
            name=row["name"],
            targets=Targets(
                first_response=row["first_response_minutes"],
                next_response=row["next_response_minutes"],
                resolution=row["resolution_minutes"],
            ),
            calendar=calendar,
        )
    return resolved


@dataclass(frozen=True)
class PolicyTable:
    """Every policy in memory, for work on many tickets at once (loading demo data)."""

    by_key: dict[tuple[str, str], ResolvedPolicy]

    def policy_for(self, *, priority: str, category: str) -> ResolvedPolicy | None:
        return self.by_key.get((priority, category)) or self.by_key.get((priority, ""))


def policy_table(*, using: str = "default") -> PolicyTable:
    return PolicyTable({(policy.priority, policy.category): _resolved(policy) for policy in _policies(using)})

"""Reading policies and business hours as the engine's plain values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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


def calendar_of(hours: BusinessHours | None) -> BusinessCalendar:
    """The calendar of stored business hours (prefetched opening hours and closed days)."""
    if hours is None:
        return BusinessCalendar.around_the_clock()
    rows = [(row.weekday, row.opens, row.closes) for row in hours.opening_hours.all()]
    return BusinessCalendar(
        zone=ZoneInfo(hours.time_zone),
        weekly=weekly_hours(rows) if rows else None,
        country=hours.holiday_country.upper(),
        subdivision=hours.holiday_subdivision.upper(),
        closed_dates=frozenset(day.date for day in hours.closed_days.all()),
    )


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


def policies_by_id(ids: Iterable[int]) -> dict[int, ResolvedPolicy]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {policy.pk: _resolved(policy) for policy in _policies().filter(pk__in=wanted)}


@dataclass(frozen=True)
class PolicyTable:
    """Every policy in memory, for work on many tickets at once (loading demo data)."""

    by_key: dict[tuple[str, str], ResolvedPolicy]

    def policy_for(self, *, priority: str, category: str) -> ResolvedPolicy | None:
        return self.by_key.get((priority, category)) or self.by_key.get((priority, ""))


def policy_table(*, using: str = "default") -> PolicyTable:
    return PolicyTable({(policy.priority, policy.category): _resolved(policy) for policy in _policies(using)})

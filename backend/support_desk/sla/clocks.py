"""A ticket's service-level clocks, as pure functions: no database, no Django.

Three targets run on a ticket: the first response (until an agent's first public reply),
the next response (from a customer's reply until an agent answers it) and the resolution
(until the ticket is resolved). Each is a number of business minutes from the policy that
matches the ticket's priority (and category). Clocks stop while the ticket waits on the
customer (`pending`) or is resolved, and resume where they were when it comes back: every
running due time moves later by the business time spent stopped.

`SlaClocks` is what the ticket stores (due times, when the clocks stopped, which warnings
and breaches were recorded); the functions below are its transitions. The tickets domain
calls them on every relevant write and keeps the result in indexed columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from support_desk.sla.calendar import BusinessCalendar

# A warning is recorded once this share of a target's business time has passed.
WARNING_FRACTION = 0.8


class Target(StrEnum):
    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    RESOLUTION = "resolution"


TARGETS: tuple[Target, ...] = tuple(Target)


class Alert(StrEnum):
    WARNING = "warning"
    BREACH = "breach"


@dataclass(frozen=True)
class Targets:
    """A policy's targets in business minutes; None: the policy sets no such target."""

    first_response: int | None = None
    next_response: int | None = None
    resolution: int | None = None

    def minutes(self, target: Target) -> int | None:
        minutes: int | None = getattr(self, target.value)
        return minutes


NO_TARGETS = Targets()


@dataclass(frozen=True)
class SlaClocks:
    """The stored state of a ticket's clocks. A due time is None when its target is not set
    (or, for the next response, when no customer reply awaits an answer)."""

    first_response_due: datetime | None = None
    next_response_due: datetime | None = None
    resolution_due: datetime | None = None
    first_response_at: datetime | None = None
    resolved: bool = False
    # Since when every clock has stood still (pending or resolved); None while they run.
    paused_at: datetime | None = None
    warned: frozenset[Target] = frozenset()
    breached: frozenset[Target] = frozenset()
    next_response_met: int = 0
    next_response_breached: int = 0

    def due(self, target: Target) -> datetime | None:
        due: datetime | None = getattr(self, f"{target.value}_due")
        return due

    def running(self, target: Target) -> bool:
        """Whether the target still counts (it may be paused): set, and not yet reached."""
        if self.due(target) is None:
            return False
        if target == Target.FIRST_RESPONSE:
            return self.first_response_at is None
        if target == Target.RESOLUTION:
            return not self.resolved
        return True

    def running_targets(self) -> list[Target]:
        return [target for target in TARGETS if self.running(target)]

    def clock_time(self, now: datetime) -> datetime:
        """The moment the clocks show: when they stopped, or now."""
        return self.paused_at if self.paused_at is not None and self.paused_at <= now else now

    def next_due(self) -> datetime | None:
        """The earliest running due time, or None while stopped or with nothing running."""
        if self.paused_at is not None:
            return None
        dues = [self.due(target) for target in self.running_targets()]
        return min((due for due in dues if due is not None), default=None)

    def breached_now(self, target: Target, now: datetime) -> bool:
        """Recorded as breached, or running and past its due time."""
        if target in self.breached:
            return True
        due = self.due(target)
        return self.running(target) and due is not None and due < self.clock_time(now)


def _with_due(clocks: SlaClocks, target: Target, due: datetime | None) -> SlaClocks:
    if target == Target.FIRST_RESPONSE:
        return replace(clocks, first_response_due=due)
    if target == Target.NEXT_RESPONSE:
        return replace(clocks, next_response_due=due)
    return replace(clocks, resolution_due=due)


def start(*, created_at: datetime, targets: Targets, calendar: BusinessCalendar) -> SlaClocks:
    """The clocks of a new ticket: first response and resolution start counting at creation."""
    clocks = SlaClocks()
    for target in (Target.FIRST_RESPONSE, Target.RESOLUTION):
        minutes = targets.minutes(target)
        if minutes is not None:
            clocks = _with_due(clocks, target, calendar.add(created_at, minutes * 60))
    return clocks


def pause(clocks: SlaClocks, *, at: datetime) -> SlaClocks:
    """Stop every clock (the ticket waits on the customer, or is resolved)."""
    return clocks if clocks.paused_at is not None else replace(clocks, paused_at=at)


def resume(clocks: SlaClocks, *, at: datetime, calendar: BusinessCalendar) -> SlaClocks:
    """Start the clocks again: each running due time moves by the business time stopped."""
    if clocks.paused_at is None:
        return clocks
    stopped = calendar.seconds_between(clocks.paused_at, at)
    resumed = replace(clocks, paused_at=None)
    for target in resumed.running_targets():
        due = resumed.due(target)
        if due is not None and stopped > 0:
            resumed = _with_due(resumed, target, calendar.add(due, stopped))
    return resumed


def _finish(clocks: SlaClocks, target: Target, *, at: datetime) -> SlaClocks:
    """Record a target's outcome when it is reached: breached when it came too late."""
    due = clocks.due(target)
    if due is not None and due < clocks.clock_time(at) and target not in clocks.breached:
        return replace(clocks, breached=clocks.breached | {target})
    return clocks


def resolve(clocks: SlaClocks, *, at: datetime) -> SlaClocks:
    """The ticket is resolved: its resolution target is reached and every clock stops."""
    if clocks.resolved:
        return clocks
    finished = _finish(clocks, Target.RESOLUTION, at=at)
    return pause(replace(finished, resolved=True), at=at)


def reopen(clocks: SlaClocks, *, at: datetime, calendar: BusinessCalendar) -> SlaClocks:
    """A resolved ticket is open again: the resolution target runs on from where it stopped
    (its breach, if it had one, stays recorded)."""
    return resume(replace(clocks, resolved=False), at=at, calendar=calendar)


def agent_replied(clocks: SlaClocks, *, at: datetime) -> SlaClocks:
    """An agent's public reply: the first one meets the first response; a later one answers
    the customer's waiting reply (the next response), counted as met or breached."""
    if clocks.first_response_at is None:
        return replace(_finish(clocks, Target.FIRST_RESPONSE, at=at), first_response_at=at)
    if clocks.next_response_due is None:
        return clocks
    late = Target.NEXT_RESPONSE in _finish(clocks, Target.NEXT_RESPONSE, at=at).breached
    return replace(
        clocks,
        next_response_due=None,
        warned=clocks.warned - {Target.NEXT_RESPONSE},
        breached=clocks.breached - {Target.NEXT_RESPONSE},
        next_response_met=clocks.next_response_met + (0 if late else 1),
        next_response_breached=clocks.next_response_breached + (1 if late else 0),
    )


def customer_replied(
    clocks: SlaClocks, *, at: datetime, targets: Targets, calendar: BusinessCalendar
) -> SlaClocks:
    """A customer's reply after the first response starts the next-response clock (unless
    one already runs: the customer is still waiting for the earlier answer)."""
    minutes = targets.minutes(Target.NEXT_RESPONSE)
    if clocks.first_response_at is None or clocks.next_response_due is not None or minutes is None:
        return clocks
    return replace(clocks, next_response_due=calendar.add(clocks.clock_time(at), minutes * 60))


def retarget(
    clocks: SlaClocks,
    *,
    old: Targets,
    new: Targets,
    created_at: datetime,
    now: datetime,
    calendar: BusinessCalendar,
) -> SlaClocks:
    """New targets for a ticket whose priority (or category) changed. A running target keeps
    the business time it has used: its due time moves by the difference between the targets.
    A target the old policy did not set counts from the ticket's creation."""
    result = clocks
    for target in TARGETS:
        if target == Target.NEXT_RESPONSE and clocks.next_response_due is None:
            continue
        if not clocks.running(target) and clocks.due(target) is not None:
            continue  # already reached: its outcome stands
        before, after = old.minutes(target), new.minutes(target)
        due = clocks.due(target)
        if after is None:
            new_due = None
        elif due is None or before is None:
            if target == Target.FIRST_RESPONSE and clocks.first_response_at is not None:
                continue
            if target == Target.RESOLUTION and clocks.resolved:
                continue
            new_due = calendar.add(created_at, after * 60)
        else:
            new_due = calendar.add(due, (after - before) * 60)
        result = _with_due(result, target, new_due)
        if new_due is None or new_due > result.clock_time(now):
            result = replace(result, warned=result.warned - {target}, breached=result.breached - {target})
    return result


def warning_moment(
    clocks: SlaClocks, target: Target, *, targets: Targets, calendar: BusinessCalendar
) -> datetime | None:
    """When the target's warning falls due: with a fifth of its business time left."""
    due, minutes = clocks.due(target), targets.minutes(target)
    if due is None or minutes is None:
        return None
    return calendar.add(due, -minutes * 60 * (1 - WARNING_FRACTION))


def next_check(clocks: SlaClocks, *, targets: Targets, calendar: BusinessCalendar) -> datetime | None:
    """The next moment a warning or a breach is to be recorded (None: nothing to watch)."""
    if clocks.paused_at is not None:
        return None
    moments: list[datetime] = []
    for target in clocks.running_targets():
        if target in clocks.breached:
            continue
        due = clocks.due(target)
        if due is not None:
            moments.append(due)
        if target not in clocks.warned:
            warn = warning_moment(clocks, target, targets=targets, calendar=calendar)
            if warn is not None:
                moments.append(warn)
    return min(moments, default=None)


@dataclass(frozen=True)
class RaisedAlert:
    target: Target
    alert: Alert
    due: datetime


def raise_alerts(
    clocks: SlaClocks, *, now: datetime, targets: Targets, calendar: BusinessCalendar
) -> tuple[SlaClocks, list[RaisedAlert]]:
    """The warnings and breaches that have fallen due by `now`, and the clocks that record
    them. A target already past its due time gets its breach only, not a late warning."""
    if clocks.paused_at is not None:
        return clocks, []
    raised: list[RaisedAlert] = []
    result = clocks
    for target in clocks.running_targets():
        due = clocks.due(target)
        if due is None or target in clocks.breached:
            continue
        if due <= now:
            raised.append(RaisedAlert(target, Alert.BREACH, due))
            result = replace(result, warned=result.warned | {target}, breached=result.breached | {target})
            continue
        warn = warning_moment(clocks, target, targets=targets, calendar=calendar)
        if target not in clocks.warned and warn is not None and warn <= now:
            raised.append(RaisedAlert(target, Alert.WARNING, due))
            result = replace(result, warned=result.warned | {target})
    return result, raised


@dataclass(frozen=True)
class TargetState:
    """One target as the API shows it."""

    due: datetime
    breached: bool
    remaining_minutes: int
    state: str  # running | paused | done


def target_state(
    clocks: SlaClocks, target: Target, *, now: datetime, calendar: BusinessCalendar
) -> TargetState | None:
    """Due time, breach and the business minutes left (negative: overdue) of one target."""
    due = clocks.due(target)
    if due is None:
        return None
    if not clocks.running(target):
        state = "done"
        moment = clocks.first_response_at if target == Target.FIRST_RESPONSE else clocks.paused_at
        moment = moment or now
    elif clocks.paused_at is not None:
        state, moment = "paused", clocks.paused_at
    else:
        state, moment = "running", now
    remaining = calendar.seconds_between(moment, due)
    breached = target in clocks.breached or (state != "done" and remaining < 0)
    return TargetState(due=due, breached=breached, remaining_minutes=int(remaining // 60), state=state)


def targets_bits(targets: Iterable[Target]) -> int:
    """A set of targets as a small integer (one bit each), for storage."""
    return sum(1 << TARGETS.index(target) for target in set(targets))


def bits_targets(bits: int) -> frozenset[Target]:
    return frozenset(target for index, target in enumerate(TARGETS) if bits & (1 << index))

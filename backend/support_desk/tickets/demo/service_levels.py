"""Demo service levels: an office calendar with German public holidays, a policy per priority,
and the clocks of every demo ticket computed as the services would have kept them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from support_desk.sla import clocks as engine
from support_desk.sla.calendar import BusinessCalendar
from support_desk.sla.clocks import NO_TARGETS, SlaClocks
from support_desk.sla.models import BusinessHours, OpeningHours, SlaPolicy
from support_desk.sla.selectors import PolicyTable, policy_table
from support_desk.tickets.enums import RESOLVED_STATUSES, Status

# (priority, first response, next response, resolution) in business minutes; critical counts
# around the clock, the others in office hours.
DEMO_POLICIES = (
    ("critical", 30, 60, 4 * 60),
    ("high", 60, 2 * 60, 8 * 60),
    ("medium", 4 * 60, 8 * 60, 3 * 10 * 60),
    ("low", 8 * 60, 16 * 60, 5 * 10 * 60),
)
# Median minutes to the first agent reply, by priority.
FIRST_REPLY_MINUTES = {"critical": 20.0, "high": 50.0, "medium": 150.0, "low": 300.0}
AROUND_THE_CLOCK = BusinessCalendar.around_the_clock()


def demo_service_levels_ensure(*, using: str) -> PolicyTable:
    """The demo's business hours and policies (created once), as the engine's table."""
    if not SlaPolicy.objects.using(using).exists():
        office, _ = BusinessHours.objects.using(using).get_or_create(
            name="Support office", defaults={"time_zone": "Europe/Berlin", "holiday_country": "DE"}
        )
        OpeningHours.objects.using(using).bulk_create(
            [
                OpeningHours(business_hours=office, weekday=day, opens=time(8), closes=time(18))
                for day in range(5)
            ]
        )
        for priority, first, following, resolution in DEMO_POLICIES:
            SlaPolicy.objects.using(using).create(
                name=f"{priority.title()} priority",
                priority=priority,
                business_hours=None if priority == "critical" else office,
                first_response_minutes=first,
                next_response_minutes=following,
                resolution_minutes=resolution,
            )
    return policy_table(using=using)


@dataclass(frozen=True)
class DemoClocks:
    """The service-level columns of one demo ticket."""

    sla_policy_id: int | None
    first_response_at: datetime | None
    first_response_seconds: int | None
    first_response_due_at: datetime | None
    next_response_due_at: datetime | None
    resolution_due_at: datetime | None
    sla_paused_at: datetime | None
    sla_due_at: datetime | None
    sla_check_at: datetime | None
    sla_warned: int
    sla_breached: int
    next_responses_met: int
    next_responses_breached: int


def demo_clocks(
    rng: random.Random,
    policies: PolicyTable | None,
    *,
    priority: str,
    category: str,
    status: str,
    created_at: datetime,
    resolved_at: datetime | None,
    assigned: bool,
    now: datetime,
) -> DemoClocks:
    """The clocks of a demo ticket: an assigned one got its first reply after a while (late, now
    and then), a resolved one stopped, and whatever fell due by `now` is recorded."""
    policy = policies.policy_for(priority=priority, category=category) if policies else None
    targets = policy.targets if policy else NO_TARGETS
    calendar = policy.calendar if policy else AROUND_THE_CLOCK
    clocks: SlaClocks = engine.start(created_at=created_at, targets=targets, calendar=calendar)
    stop = resolved_at or now
    if assigned:
        replied = created_at + timedelta(minutes=rng.expovariate(1 / FIRST_REPLY_MINUTES[priority]))
        if replied < stop:
            clocks = engine.agent_replied(clocks, at=replied)
    if status in RESOLVED_STATUSES and resolved_at is not None:
        clocks = engine.resolve(clocks, at=resolved_at)
    elif status == Status.PENDING:
        clocks = engine.pause(clocks, at=max(created_at, now - timedelta(hours=rng.uniform(1, 48))))
    clocks, _ = engine.raise_alerts(clocks, now=now, targets=targets, calendar=calendar)
    first_at = clocks.first_response_at
    return DemoClocks(
        sla_policy_id=policy.id if policy else None,
        first_response_at=first_at,
        first_response_seconds=None if first_at is None else int((first_at - created_at).total_seconds()),
        first_response_due_at=clocks.first_response_due,
        next_response_due_at=clocks.next_response_due,
        resolution_due_at=clocks.resolution_due,
        sla_paused_at=clocks.paused_at,
        sla_due_at=clocks.next_due(),
        sla_check_at=engine.next_check(clocks, targets=targets, calendar=calendar),
        sla_warned=engine.targets_bits(clocks.warned),
        sla_breached=engine.targets_bits(clocks.breached),
        next_responses_met=0,
        next_responses_breached=0,
    )

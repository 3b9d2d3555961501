"""Where tickets meet the service-level engine (support_desk/sla, a library that knows
nothing of tickets): the ticket's columns to and from the engine's clocks, and the clock
changes each write brings. tickets/services.py calls these inside its transactions, so the
indexed due times and the counters are always those of the committed ticket."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from support_desk.sla import clocks as engine
from support_desk.sla.calendar import BusinessCalendar
from support_desk.sla.clocks import NO_TARGETS, RaisedAlert, SlaClocks, Target, Targets
from support_desk.sla.selectors import ResolvedPolicy, policies_by_id, policy_for
from support_desk.tickets.enums import RESOLVED_STATUSES, Status
from support_desk.tickets.models import Ticket

# The columns these functions write, for `save(update_fields=...)`.
SLA_COLUMNS = (
    "sla_policy",
    "first_response_at",
    "first_response_seconds",
    "first_response_due_at",
    "next_response_due_at",
    "resolution_due_at",
    "sla_paused_at",
    "sla_due_at",
    "sla_check_at",
    "sla_warned",
    "sla_breached",
    "next_responses_met",
    "next_responses_breached",
)
AROUND_THE_CLOCK = BusinessCalendar.around_the_clock()


def clocks_of(ticket: Ticket) -> SlaClocks:
    return SlaClocks(
        first_response_due=ticket.first_response_due_at,
        next_response_due=ticket.next_response_due_at,
        resolution_due=ticket.resolution_due_at,
        first_response_at=ticket.first_response_at,
        resolved=ticket.status in RESOLVED_STATUSES,
        paused_at=ticket.sla_paused_at,
        warned=engine.bits_targets(ticket.sla_warned),
        breached=engine.bits_targets(ticket.sla_breached),
        next_response_met=ticket.next_responses_met,
        next_response_breached=ticket.next_responses_breached,
    )


def _targets(policy: ResolvedPolicy | None) -> Targets:
    return policy.targets if policy else NO_TARGETS


def _calendar(policy: ResolvedPolicy | None) -> BusinessCalendar:
    return policy.calendar if policy else AROUND_THE_CLOCK


def store(ticket: Ticket, clocks: SlaClocks, policy: ResolvedPolicy | None) -> None:
    """Write the clocks into the ticket's columns, with the derived next due time and the
    moment the watch must look at the ticket again."""
    ticket.sla_policy_id = policy.id if policy else None
    ticket.first_response_due_at = clocks.first_response_due
    ticket.next_response_due_at = clocks.next_response_due
    ticket.resolution_due_at = clocks.resolution_due
    ticket.first_response_at = clocks.first_response_at
    ticket.first_response_seconds = (
        None
        if clocks.first_response_at is None
        else max(0, int((clocks.first_response_at - ticket.created_at).total_seconds()))
    )
    ticket.sla_paused_at = clocks.paused_at
    ticket.sla_due_at = clocks.next_due()
    ticket.sla_check_at = engine.next_check(clocks, targets=_targets(policy), calendar=_calendar(policy))
    ticket.sla_warned = engine.targets_bits(clocks.warned)
    ticket.sla_breached = engine.targets_bits(clocks.breached)
    ticket.next_responses_met = clocks.next_response_met
    ticket.next_responses_breached = clocks.next_response_breached


def policy_of(ticket: Ticket, *, fresh: bool = True) -> ResolvedPolicy | None:
    """The ticket's policy: read afresh for a write, or from the display cache for a read."""
    if ticket.sla_policy_id is None:
        return None
    return policies_by_id([ticket.sla_policy_id], fresh=fresh).get(ticket.sla_policy_id)


@dataclass
class ClockChange:
    """What a write did to the clocks: breaches it found (a late reply or resolution)."""

    breaches: list[RaisedAlert] = field(default_factory=list)


def _late(before: SlaClocks, after: SlaClocks) -> list[RaisedAlert]:
    """Breaches a write itself discovered: a target reached after its due time that the
    watch had not recorded yet."""
    found = []
    for target in engine.TARGETS:
        due = before.due(target)
        if due is None or target in before.breached:
            continue
        if target in after.breached or (
            target == Target.NEXT_RESPONSE and after.next_response_breached > before.next_response_breached
        ):
            found.append(RaisedAlert(target, engine.Alert.BREACH, due))
    return found


def on_create(ticket: Ticket) -> ClockChange:
    """Pick the policy of a new ticket and start its clocks (stopped when it is created as
    pending or resolved)."""
    policy = policy_for(priority=ticket.priority, category=ticket.category)
    clocks = engine.start(created_at=ticket.created_at, targets=_targets(policy), calendar=_calendar(policy))
    if ticket.status in RESOLVED_STATUSES:
        clocks = engine.resolve(clocks, at=ticket.resolved_at or ticket.created_at)
    elif ticket.status == Status.PENDING:
        clocks = engine.pause(clocks, at=ticket.created_at)
    store(ticket, clocks, policy)
    return ClockChange()


def _status_change(
    clocks: SlaClocks, *, old: str, new: str, now: datetime, calendar: BusinessCalendar
) -> SlaClocks:
    was_resolved, is_resolved = old in RESOLVED_STATUSES, new in RESOLVED_STATUSES
    if is_resolved and not was_resolved:
        return engine.resolve(clocks, at=now)
    if was_resolved and not is_resolved:
        clocks = engine.reopen(clocks, at=now, calendar=calendar)
        return engine.pause(clocks, at=now) if new == Status.PENDING else clocks
    if new == Status.PENDING and old != Status.PENDING:
        return engine.pause(clocks, at=now)
    if old == Status.PENDING and new != Status.PENDING and not is_resolved:
        return engine.resume(clocks, at=now, calendar=calendar)
    return clocks


def on_update(ticket: Ticket, changed: Iterable[str], *, old_status: str, now: datetime) -> ClockChange:
    """The clocks after a change of status (stop, resume, resolve, reopen) or of priority or
    category (new targets from the matching policy, keeping the business time used)."""
    changed = set(changed)
    if not changed & {"status", "priority", "category"}:
        return ClockChange()
    policy = policy_of(ticket)
    before = replace(clocks_of(ticket), resolved=old_status in RESOLVED_STATUSES)
    clocks = before
    if "status" in changed:
        clocks = _status_change(
            clocks, old=old_status, new=ticket.status, now=now, calendar=_calendar(policy)
        )
    if changed & {"priority", "category"}:
        new_policy = policy_for(priority=ticket.priority, category=ticket.category)
        if new_policy != policy:
            clocks = engine.retarget(
                clocks,
                old=_targets(policy),
                new=_targets(new_policy),
                created_at=ticket.created_at,
                now=now,
                calendar=_calendar(new_policy),
            )
            policy = new_policy
    store(ticket, clocks, policy)
    return ClockChange(breaches=_late(before, clocks))


def on_public_reply(ticket: Ticket, *, by_agent: bool, at: datetime) -> ClockChange:
    """An agent's reply meets the first (or next) response; a customer's starts the next."""
    policy = policy_of(ticket)
    before = clocks_of(ticket)
    if by_agent:
        clocks = engine.agent_replied(before, at=at)
    else:
        clocks = engine.customer_replied(before, at=at, targets=_targets(policy), calendar=_calendar(policy))
    store(ticket, clocks, policy)
    return ClockChange(breaches=_late(before, clocks))


def raise_alerts(ticket: Ticket, *, now: datetime) -> list[RaisedAlert]:
    """Warnings and breaches that have fallen due; the ticket's columns record them."""
    policy = policy_of(ticket)
    clocks, raised = engine.raise_alerts(
        clocks_of(ticket), now=now, targets=_targets(policy), calendar=_calendar(policy)
    )
    store(ticket, clocks, policy)
    return raised


# --- How the API shows a ticket's service levels -------------------------------------------


def sla_view(clocks: SlaClocks, policy: ResolvedPolicy | None, *, now: datetime) -> dict[str, Any]:
    """The `sla` object of a ticket: each target's due time, breach and business minutes left."""
    calendar = _calendar(policy)
    view: dict[str, Any] = {"policy": policy.name if policy else None, "paused": clocks.paused_at is not None}
    for target in engine.TARGETS:
        state = engine.target_state(clocks, target, now=now, calendar=calendar)
        view[target.value] = None if state is None else state.__dict__.copy()
    return view


SLA_VIEW_COLUMNS = (
    "status",
    "sla_policy_id",
    "first_response_at",
    "first_response_due_at",
    "next_response_due_at",
    "resolution_due_at",
    "sla_paused_at",
    "sla_warned",
    "sla_breached",
    "next_responses_met",
    "next_responses_breached",
)


def clocks_from_row(row: dict[str, Any]) -> SlaClocks:
    """The clocks of a ticket read with `values(*SLA_VIEW_COLUMNS)` (the list's fast path)."""
    return SlaClocks(
        first_response_due=row["first_response_due_at"],
        next_response_due=row["next_response_due_at"],
        resolution_due=row["resolution_due_at"],
        first_response_at=row["first_response_at"],
        resolved=row["status"] in RESOLVED_STATUSES,
        paused_at=row["sla_paused_at"],
        warned=engine.bits_targets(row["sla_warned"]),
        breached=engine.bits_targets(row["sla_breached"]),
        next_response_met=row["next_responses_met"],
        next_response_breached=row["next_responses_breached"],
    )

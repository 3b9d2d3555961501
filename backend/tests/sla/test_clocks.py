"""A ticket's service-level clocks: start, pause while pending, resume, reopen after resolution,
new targets on a priority change, warnings at 80% and breaches."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from support_desk.sla import clocks as engine
from support_desk.sla.calendar import BusinessCalendar, weekly_hours
from support_desk.sla.clocks import Alert, Target, Targets

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessCalendar(zone=BERLIN, weekly=weekly_hours((d, time(9), time(17)) for d in range(5)))
TARGETS = Targets(first_response=60, next_response=120, resolution=8 * 60)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2025 in Berlin (the 3rd is a Monday)."""
    return datetime(2025, 3, day, hour, minute, tzinfo=BERLIN)


def started(created: datetime) -> engine.SlaClocks:
    return engine.start(created_at=created, targets=TARGETS, calendar=OFFICE)


def test_a_new_ticket_gets_first_response_and_resolution_due_times() -> None:
    clocks = started(at(4, 10))
    assert clocks.first_response_due == at(4, 11)
    assert clocks.resolution_due == at(5, 10)
    assert clocks.next_response_due is None
    assert clocks.next_due() == at(4, 11)


def test_a_ticket_created_on_saturday_is_due_an_hour_after_monday_opens() -> None:
    assert started(at(8, 14)).first_response_due == at(10, 10)


def test_pending_stops_the_clocks_and_resuming_moves_due_times_by_the_business_time_waited() -> None:
    clocks = engine.pause(started(at(4, 10)), at=at(4, 10, 30))
    assert clocks.next_due() is None
    # Waiting from Tuesday 10:30 to Wednesday 10:30 is a whole business day (8 hours).
    resumed = engine.resume(clocks, at=at(5, 10, 30), calendar=OFFICE)
    assert resumed.first_response_due == at(5, 11)
    assert resumed.resolution_due == at(6, 10)


def test_a_pause_over_the_weekend_costs_only_its_business_hours() -> None:
    paused = engine.pause(started(at(7, 16)), at=at(7, 16, 30))  # Friday
    resumed = engine.resume(paused, at=at(10, 9, 0), calendar=OFFICE)  # Monday at opening
    # Half an hour of Friday was waited: the first response moves from Monday 09:00 to 09:30.
    assert resumed.first_response_due == at(10, 9, 30)


def test_remaining_minutes_stand_still_while_paused() -> None:
    paused = engine.pause(started(at(4, 10)), at=at(4, 10, 20))
    state = engine.target_state(paused, Target.FIRST_RESPONSE, now=at(6, 15), calendar=OFFICE)
    assert state is not None
    assert (state.remaining_minutes, state.state, state.breached) == (40, "paused", False)


def test_the_first_agent_reply_meets_the_first_response() -> None:
    replied = engine.agent_replied(started(at(4, 10)), at=at(4, 10, 45))
    assert replied.first_response_at == at(4, 10, 45)
    assert Target.FIRST_RESPONSE not in replied.breached
    state = engine.target_state(replied, Target.FIRST_RESPONSE, now=at(6, 9), calendar=OFFICE)
    assert state is not None
    assert (state.state, state.breached, state.remaining_minutes) == ("done", False, 15)
    assert replied.next_due() == at(5, 10)


def test_a_late_first_reply_is_a_breach() -> None:
    replied = engine.agent_replied(started(at(4, 10)), at=at(4, 12))
    assert Target.FIRST_RESPONSE in replied.breached


def test_a_customer_reply_starts_the_next_response_and_the_agent_answer_counts_it() -> None:
    clocks = engine.agent_replied(started(at(4, 10)), at=at(4, 10, 15))
    clocks = engine.customer_replied(clocks, at=at(4, 16), targets=TARGETS, calendar=OFFICE)
    assert clocks.next_response_due == at(5, 10)  # two business hours: one today, one tomorrow
    # A second customer reply does not restart the clock: they are still waiting.
    again = engine.customer_replied(clocks, at=at(5, 9, 30), targets=TARGETS, calendar=OFFICE)
    assert again.next_response_due == at(5, 10)
    answered = engine.agent_replied(again, at=at(5, 9, 45))
    assert (answered.next_response_due, answered.next_response_met, answered.next_response_breached) == (
        None,
        1,
        0,
    )
    late = engine.agent_replied(again, at=at(5, 11))
    assert (late.next_response_met, late.next_response_breached) == (0, 1)


def test_resolving_stops_the_clocks_and_reopening_resumes_the_resolution_target() -> None:
    clocks = engine.agent_replied(started(at(4, 10)), at=at(4, 10, 15))
    resolved = engine.resolve(clocks, at=at(4, 12))
    assert resolved.next_due() is None
    assert Target.RESOLUTION not in resolved.breached
    # Reopened the next morning at 12:00: a business day later, so the due moves a day.
    reopened = engine.reopen(resolved, at=at(5, 12), calendar=OFFICE)
    assert reopened.resolution_due == at(6, 10)
    assert reopened.next_due() == at(6, 10)


def test_resolving_after_the_due_time_is_a_breach_that_survives_reopening() -> None:
    resolved = engine.resolve(started(at(4, 10)), at=at(5, 11))
    assert Target.RESOLUTION in resolved.breached
    reopened = engine.reopen(resolved, at=at(5, 12), calendar=OFFICE)
    assert Target.RESOLUTION in reopened.breached


def test_a_priority_change_keeps_the_business_time_used() -> None:
    clocks = started(at(4, 10))
    urgent = Targets(first_response=30, next_response=60, resolution=4 * 60)
    changed = engine.retarget(
        clocks, old=TARGETS, new=urgent, created_at=at(4, 10), now=at(4, 10, 10), calendar=OFFICE
    )
    assert changed.first_response_due == at(4, 10, 30)
    assert changed.resolution_due == at(4, 14)


def test_a_priority_change_to_a_policy_without_a_target_drops_it() -> None:
    changed = engine.retarget(
        started(at(4, 10)),
        old=TARGETS,
        new=Targets(resolution=60),
        created_at=at(4, 10),
        now=at(4, 10),
        calendar=OFFICE,
    )
    assert changed.first_response_due is None
    assert changed.resolution_due == at(4, 11)


def test_a_ticket_without_a_policy_gains_targets_from_its_creation() -> None:
    changed = engine.retarget(
        engine.SlaClocks(),
        old=engine.NO_TARGETS,
        new=TARGETS,
        created_at=at(4, 10),
        now=at(4, 10, 30),
        calendar=OFFICE,
    )
    assert changed.first_response_due == at(4, 11)


def test_a_longer_target_lifts_a_breach_that_no_longer_applies() -> None:
    clocks, _ = engine.raise_alerts(started(at(4, 10)), now=at(4, 11, 5), targets=TARGETS, calendar=OFFICE)
    assert Target.FIRST_RESPONSE in clocks.breached
    relaxed = Targets(first_response=4 * 60, next_response=120, resolution=8 * 60)
    changed = engine.retarget(
        clocks, old=TARGETS, new=relaxed, created_at=at(4, 10), now=at(4, 11, 5), calendar=OFFICE
    )
    assert Target.FIRST_RESPONSE not in changed.breached


def test_warnings_at_80_percent_then_breaches_each_once() -> None:
    clocks = started(at(4, 10))
    assert engine.next_check(clocks, targets=TARGETS, calendar=OFFICE) == at(4, 10, 48)
    clocks, raised = engine.raise_alerts(clocks, now=at(4, 10, 47), targets=TARGETS, calendar=OFFICE)
    assert raised == []
    clocks, raised = engine.raise_alerts(clocks, now=at(4, 10, 48), targets=TARGETS, calendar=OFFICE)
    assert [(r.target, r.alert) for r in raised] == [(Target.FIRST_RESPONSE, Alert.WARNING)]
    assert engine.next_check(clocks, targets=TARGETS, calendar=OFFICE) == at(4, 11)
    clocks, raised = engine.raise_alerts(clocks, now=at(4, 11), targets=TARGETS, calendar=OFFICE)
    assert [(r.target, r.alert) for r in raised] == [(Target.FIRST_RESPONSE, Alert.BREACH)]
    _, raised = engine.raise_alerts(clocks, now=at(4, 11, 30), targets=TARGETS, calendar=OFFICE)
    assert raised == []


def test_a_target_found_past_due_gets_its_breach_without_a_late_warning() -> None:
    _, raised = engine.raise_alerts(started(at(4, 10)), now=at(4, 12), targets=TARGETS, calendar=OFFICE)
    assert [(r.target, r.alert) for r in raised] == [(Target.FIRST_RESPONSE, Alert.BREACH)]


def test_nothing_is_raised_while_paused() -> None:
    paused = engine.pause(started(at(4, 10)), at=at(4, 10, 5))
    assert engine.next_check(paused, targets=TARGETS, calendar=OFFICE) is None
    assert engine.raise_alerts(paused, now=at(9, 12), targets=TARGETS, calendar=OFFICE)[1] == []


def test_target_bits_round_trip() -> None:
    targets = {Target.FIRST_RESPONSE, Target.RESOLUTION}
    assert engine.bits_targets(engine.targets_bits(targets)) == targets

"""Business time: opening hours in a time zone, weekends, holidays and daylight-saving days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from support_desk.sla.calendar import BusinessCalendar, CalendarNeverOpens, supported_country, weekly_hours

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NINE_TO_FIVE = weekly_hours((day, time(9), time(17)) for day in range(5))


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def office(zone: ZoneInfo = BERLIN, **kwargs: object) -> BusinessCalendar:
    return BusinessCalendar(zone=zone, weekly=NINE_TO_FIVE, **kwargs)  # type: ignore[arg-type]


def test_minutes_inside_one_working_day() -> None:
    assert office().add(berlin(2025, 3, 4, 10), 90 * 60) == berlin(2025, 3, 4, 11, 30)


def test_a_target_that_outlasts_the_day_continues_next_morning() -> None:
    # Tuesday 16:00 + 2 business hours: one hour today, one tomorrow from 09:00.
    assert office().add(berlin(2025, 3, 4, 16), 2 * 3600) == berlin(2025, 3, 5, 10)


def test_a_target_running_out_at_closing_time_is_due_at_closing_time() -> None:
    assert office().add(berlin(2025, 3, 4, 9), 8 * 3600) == berlin(2025, 3, 4, 17)


def test_weekends_do_not_count() -> None:
    # Friday 16:00 + 2 hours: Friday's last hour, then Monday 09:00-10:00.
    assert office().add(berlin(2025, 3, 7, 16), 2 * 3600) == berlin(2025, 3, 10, 10)
    assert office().seconds_between(berlin(2025, 3, 7, 16), berlin(2025, 3, 10, 10)) == 2 * 3600


def test_a_ticket_created_at_night_starts_counting_when_the_team_opens() -> None:
    assert office().add(berlin(2025, 3, 4, 22, 30), 30 * 60) == berlin(2025, 3, 5, 9, 30)
    assert office().add(berlin(2025, 3, 8, 12), 60 * 60) == berlin(2025, 3, 10, 10)  # a Saturday


def test_public_holidays_of_the_country_are_closed() -> None:
    # Good Friday and Easter Monday 2025 are public holidays in Germany.
    german = office(country="DE")
    assert german.add(berlin(2025, 4, 17, 16), 2 * 3600) == berlin(2025, 4, 22, 10)
    assert office().add(berlin(2025, 4, 17, 16), 2 * 3600) == berlin(2025, 4, 18, 10)


def test_a_subdivision_adds_its_own_holidays() -> None:
    # Epiphany (6 January) is a holiday in Bavaria, not in Berlin.
    assert office(country="DE", subdivision="BY").is_closed_day(date(2025, 1, 6))
    assert not office(country="DE", subdivision="BE").is_closed_day(date(2025, 1, 6))


def test_the_teams_own_closed_days_count_too() -> None:
    offsite = office(closed_dates=frozenset({date(2025, 3, 5)}))
    assert offsite.add(berlin(2025, 3, 4, 16), 2 * 3600) == berlin(2025, 3, 6, 10)


def test_opening_hours_are_local_time_on_both_sides_of_a_daylight_saving_change() -> None:
    # Europe switched to summer time on Sunday 30 March 2025: 09:00 is 08:00 UTC before, 07:00 after.
    friday_close = office().add(berlin(2025, 3, 28, 16), 3600)
    monday = office().add(berlin(2025, 3, 28, 16), 2 * 3600)
    assert friday_close.astimezone(UTC) == datetime(2025, 3, 28, 16, tzinfo=UTC)
    assert monday.astimezone(UTC) == datetime(2025, 3, 31, 8, tzinfo=UTC)  # 10:00 summer time


def test_a_day_that_spans_the_change_is_an_hour_shorter_in_real_time() -> None:
    around_the_clock_local = BusinessCalendar(zone=BERLIN, weekly={6: [(time(0), time(0))]})
    sunday = date(2025, 3, 30)
    start = datetime.combine(sunday, time(0), tzinfo=BERLIN)
    end = datetime.combine(date(2025, 3, 31), time(0), tzinfo=BERLIN)
    assert around_the_clock_local.seconds_between(start, end) == 23 * 3600


def test_a_new_york_office_is_measured_in_new_york() -> None:
    # 16:00 in New York is 21:00 UTC in winter: one hour left that day.
    start = datetime(2025, 1, 14, 21, tzinfo=UTC)
    assert office(NEW_YORK).add(start, 2 * 3600) == datetime(2025, 1, 15, 15, tzinfo=UTC)


def test_negative_durations_go_back_in_business_time() -> None:
    assert office().add(berlin(2025, 3, 10, 10), -2 * 3600) == berlin(2025, 3, 7, 16)
    assert office().seconds_between(berlin(2025, 3, 10, 10), berlin(2025, 3, 7, 16)) == -2 * 3600


def test_without_opening_hours_the_clock_runs_around_the_clock() -> None:
    calendar = BusinessCalendar.around_the_clock()
    assert calendar.add(berlin(2025, 3, 8, 12), 3600) == berlin(2025, 3, 8, 13)


def test_a_split_day_counts_only_its_open_intervals() -> None:
    lunch_break = BusinessCalendar(zone=BERLIN, weekly={1: [(time(9), time(12)), (time(13), time(17))]})
    assert lunch_break.add(berlin(2025, 3, 4, 11), 2 * 3600) == berlin(2025, 3, 4, 14)


def test_a_calendar_that_never_opens_is_an_error_not_a_hang() -> None:
    closed = BusinessCalendar(zone=BERLIN, weekly={})
    with pytest.raises(CalendarNeverOpens):
        closed.add(berlin(2025, 3, 4, 10), 60)


def test_unknown_countries_are_recognised() -> None:
    assert supported_country("DE")
    assert not supported_country("XX")


def test_long_spans_add_up_day_by_day_as_the_interval_walk_does() -> None:
    calendar = office(country="DE", closed_dates=frozenset({date(2025, 5, 2)}))
    start = berlin(2025, 3, 28, 16, 30)
    for days in (1, 2, 9, 45, 120):
        end = calendar.add(start, days * 3 * 3600 + 600)
        assert calendar.seconds_between(start, end) == days * 3 * 3600 + 600


def test_long_spans_count_the_same_as_a_walk_over_their_days() -> None:
    """Spans of months (the list shows overdue tickets' remaining time) are summed from running
    totals; they must equal counting each day's opening hours one by one, across daylight-saving
    changes and public holidays, whichever span is asked first."""
    import random

    calendar = office(country="DE", closed_dates=frozenset({date(2026, 6, 1)}))
    reference = office(country="DE", closed_dates=frozenset({date(2026, 6, 1)}))

    def walked(start: datetime, end: datetime) -> float:
        first, last = reference._local_day(start), reference._local_day(end)
        if first == last:
            return reference._overlap(first, start, end)
        total = reference._overlap(first, start, end) + reference._overlap(last, start, end)
        day = date.fromordinal(first.toordinal() + 1)
        while day < last:
            total += reference._day_seconds(day)
            day = date.fromordinal(day.toordinal() + 1)
        return total

    chance = random.Random(7)
    base = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
    for _ in range(300):
        start = datetime.fromtimestamp(base + chance.uniform(0, 400 * 86400), tz=UTC)
        end = datetime.fromtimestamp(start.timestamp() + chance.uniform(0, 200 * 86400), tz=UTC)
        # Equal up to the order the floating-point additions are made in.
        assert calendar.seconds_between(start, end) == pytest.approx(walked(start, end), abs=1e-6)
        assert calendar.seconds_between(end, start) == pytest.approx(-walked(start, end), abs=1e-6)

"""Business time: when a support team is at work, and how much of that time lies between two
moments. Plain Python (no Django), so the engine, the demo loader and the tests share it.

A calendar is a time zone, opening hours per weekday (local wall-clock times) and the days
it is closed (a country's public holidays from the `holidays` package, plus the team's own
dates). Durations are measured in real elapsed time, so an opening interval that spans a
daylight-saving change is an hour shorter or longer, as it is for the people working it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holiday_data

# A calendar that never opens would make every search run forever; ten years of closed days
# means the calendar is misconfigured.
MAX_CLOSED_DAYS = 3660
ONE_DAY = timedelta(days=1)

# (opens, closes) in local time; `closes` of 00:00 means midnight at the end of the day.
OpeningInterval = tuple[time, time]


class CalendarNeverOpens(ValueError):
    """The calendar has no opening hours left to count (every day closed for years)."""


@functools.lru_cache(maxsize=256)
def public_holidays(country: str, subdivision: str, year: int) -> frozenset[date]:
    """A country's (and optionally a subdivision's) public holidays in one year, from the data
    shipped with the `holidays` package (nothing is downloaded)."""
    found = holiday_data.country_holidays(country, subdiv=subdivision or None, years=year)
    return frozenset(found.keys())


def supported_country(country: str, subdivision: str = "") -> bool:
    """Whether the `holidays` package knows the country (and the subdivision, when given)."""
    try:
        public_holidays(country, subdivision, 2000)
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening hours in a time zone, minus closed days. `weekly` maps a weekday (Monday 0) to
    its opening intervals; `weekly=None` means open around the clock, every day."""

    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    weekly: Mapping[int, Sequence[OpeningInterval]] | None = None
    country: str = ""
    subdivision: str = ""
    closed_dates: frozenset[date] = frozenset()
    # Each day's intervals, computed once per calendar (time-zone arithmetic is the slow part).
    _days: dict[date, list[tuple[datetime, datetime]]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    _day_totals: dict[date, float] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # Running sums of whole days' business seconds from `_prefix_start`: a span of months costs
    # two lookups instead of a walk over its days (the list shows such spans on every page).
    _prefix: list[float] = field(default_factory=lambda: [0.0], compare=False, hash=False, repr=False)
    _prefix_start: list[date] = field(default_factory=list, compare=False, hash=False, repr=False)
    _prefix_lock: threading.Lock = field(
        default_factory=threading.Lock, compare=False, hash=False, repr=False
    )

    @classmethod
    def around_the_clock(cls) -> BusinessCalendar:
        return cls()

    @property
    def always_open(self) -> bool:
        return self.weekly is None

    def is_closed_day(self, day: date) -> bool:
        if day in self.closed_dates:
            return True
        return bool(self.country) and day in public_holidays(self.country, self.subdivision, day.year)

    def _intervals_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's opening intervals as UTC moments (empty on a closed day)."""
        cached = self._days.get(day)
        if cached is None:
            cached = self._days[day] = self._compute_intervals(day)
        return cached

    def _compute_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        assert self.weekly is not None
        if self.is_closed_day(day):
            return []
        intervals = []
        for opens, closes in self.weekly.get(day.weekday(), ()):
            start = datetime.combine(day, opens, tzinfo=self.zone).astimezone(UTC)
            end_day = day + ONE_DAY if closes == time(0) else day
            end = datetime.combine(end_day, closes, tzinfo=self.zone).astimezone(UTC)
            if end > start:
                intervals.append((start, end))
        return intervals

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def intervals_after(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Opening intervals, in order, that end after `moment` (the first may have begun)."""
        day = self._local_day(moment) - ONE_DAY
        closed_run = 0
        while closed_run < MAX_CLOSED_DAYS:
            found = False
            for start, end in self._intervals_on(day):
                if end > moment:
                    found = True
                    yield start, end
            closed_run = 0 if found else closed_run + 1
            day += ONE_DAY
        raise CalendarNeverOpens("no opening hours in the next ten years")

    def intervals_before(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Opening intervals, latest first, that begin before `moment`."""
        day = self._local_day(moment) + ONE_DAY
        closed_run = 0
        while closed_run < MAX_CLOSED_DAYS:
            found = False
            for start, end in reversed(self._intervals_on(day)):
                if start < moment:
                    found = True
                    yield start, end
            closed_run = 0 if found else closed_run + 1
            day -= ONE_DAY
        raise CalendarNeverOpens("no opening hours in the last ten years")

    def add(self, moment: datetime, seconds: float) -> datetime:
        """The moment `seconds` of business time after `moment` (before it, when negative).

        A target that runs out exactly at closing time is due at closing time; a ticket that
        arrives while the team is away starts counting when it next opens.
        """
        if self.always_open:
            return moment + timedelta(seconds=seconds)
        remaining = timedelta(seconds=abs(seconds))
        if seconds >= 0:
            for start, end in self.intervals_after(moment):
                begin = max(start, moment)
                if remaining <= end - begin:
                    return (begin + remaining).astimezone(moment.tzinfo)
                remaining -= end - begin
        else:
            for start, end in self.intervals_before(moment):
                finish = min(end, moment)
                if remaining <= finish - start:
                    return (finish - remaining).astimezone(moment.tzinfo)
                remaining -= finish - start
        raise AssertionError("unreachable: the interval iterators end by raising")

    def _day_seconds(self, day: date) -> float:
        """The business seconds of a whole local day (cached)."""
        total = self._day_totals.get(day)
        if total is None:
            total = self._day_totals[day] = sum(
                (end - start).total_seconds() for start, end in self._intervals_on(day)
            )
        return total

    def _overlap(self, day: date, start: datetime, end: datetime) -> float:
        """Business seconds of one local day that fall between `start` and `end`."""
        total = 0.0
        for opens, closes in self._intervals_on(day):
            if closes > start and opens < end:
                total += (min(closes, end) - max(opens, start)).total_seconds()
        return total

    def seconds_between(self, start: datetime, end: datetime) -> float:
        """Business seconds from `start` to `end`; negative when `end` comes first.

        Every opening interval lies within its local day, so the days strictly between the
        first and the last count whole: a long span costs one cached sum per day.
        """
        if end < start:
            return -self.seconds_between(end, start)
        if self.always_open:
            return (end - start).total_seconds()
        first, last = self._local_day(start), self._local_day(end)
        if first == last:
            return self._overlap(first, start, end)
        whole = self._whole_days(first + ONE_DAY, last)
        return self._overlap(first, start, end) + self._overlap(last, start, end) + whole

    def _whole_days(self, first: date, last: date) -> float:
        """Business seconds of the whole local days from `first` up to (not including) `last`."""
        if last <= first:
            return 0.0
        with self._prefix_lock:
            if not self._prefix_start or first < self._prefix_start[0]:
                # Start a year before the earliest day asked for, so earlier spans rarely restart it.
                self._prefix_start[:] = [first - timedelta(days=366)]
                self._prefix[:] = [0.0]
            origin = self._prefix_start[0]
            sums = self._prefix
            needed = (last - origin).days
            while len(sums) <= needed:
                sums.append(sums[-1] + self._day_seconds(origin + timedelta(days=len(sums) - 1)))
            return sums[needed] - sums[(first - origin).days]


def weekly_hours(rows: Iterable[tuple[int, time, time]]) -> dict[int, list[OpeningInterval]]:
    """Opening intervals grouped by weekday and sorted, from (weekday, opens, closes) rows."""
    weekly: dict[int, list[OpeningInterval]] = {}
    for weekday, opens, closes in rows:
        weekly.setdefault(weekday, []).append((opens, closes))
    return {weekday: sorted(intervals) for weekday, intervals in weekly.items()}

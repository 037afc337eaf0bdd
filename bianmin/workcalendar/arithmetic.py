"""Working-day arithmetic of the 行政许可法 (第82条: limits count working days, statutory holidays
excluded). Pure: the ``WorkCalendar`` is built from plain data (see ``selectors.load_calendar``)
and nothing here touches the database.

Counting rule (DESIGN §3): the start day is not counted; a limit of n ends on the n-th working day
after the start date. A working day is a Monday–Friday that is not a rest day of the schedule, or
a Saturday/Sunday that the schedule makes an adjusted working day (调休上班).

Speed: each year is turned once into a sorted tuple of its working days' ordinals, so adding n
days is a bisect plus an index, not a walk day by day.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from bianmin.workcalendar.statutory import statutory_holidays


@dataclass(frozen=True)
class YearSchedule:
    """One year's exceptions to the Monday–Friday week: rest days and adjusted working days."""

    year: int
    rest_days: frozenset[date] = frozenset()
    work_days: frozenset[date] = frozenset()
    official: bool = True


T = TypeVar("T", date, int)


class Provisional:
    """For results that may rest on a year whose official schedule is not yet known."""

    provisional_years: tuple[int, ...]

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def reason(self) -> str:
        if not self.provisional_years:
            return ""
        years = "、".join(f"{y}年" for y in self.provisional_years)
        return (
            f"{years}节假日安排尚未录入(国务院办公厅通知发布后由县管委会录入),暂按双休日和法定节假日计算,结果为暂定。"
        )


@dataclass(frozen=True)
class Counted(Provisional, Generic[T]):
    value: T
    provisional_years: tuple[int, ...] = ()


@dataclass
class _Year:
    schedule: YearSchedule
    ordinals: tuple[int, ...] = field(default=())


class WorkCalendar:
    """Working days from per-year schedules; unknown years fall back to the statutory holidays."""

    def __init__(self, schedules: Mapping[int, YearSchedule]) -> None:
        self._schedules = dict(schedules)
        self._years: dict[int, _Year] = {}
        self._unofficial_spans: dict[tuple[int, int], tuple[int, ...]] = {}

    def schedule(self, year: int) -> YearSchedule:
        """The year's schedule; a year without an official one gets the statutory holidays added."""
        return self._year(year).schedule

    def is_configured(self, year: int) -> bool:
        known = self._schedules.get(year)
        return known is not None and known.official

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is None:
            schedule = self._schedules.get(year) or YearSchedule(year=year, official=False)
            if not schedule.official:
                statutory = frozenset(statutory_holidays(year))
                schedule = YearSchedule(year, schedule.rest_days | statutory, schedule.work_days, official=False)
            start, end = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            ordinals = tuple(n for n in range(start, end + 1) if _is_working(date.fromordinal(n), schedule))
            cached = self._years[year] = _Year(schedule, ordinals)
        return cached

    def is_working_day(self, day: date) -> bool:
        return _is_working(day, self._year(day.year).schedule)

    def add_working_days(self, start: date, n: int) -> Counted[date]:
        """The n-th working day after ``start`` (n ≥ 0; n = 0 gives ``start`` itself)."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return Counted(start, self._unofficial(start.year, start.year))
        year = start.year
        index = bisect_right(self._year(year).ordinals, start.toordinal())
        remaining = n
        while True:
            ordinals = self._year(year).ordinals
            available = len(ordinals) - index
            if remaining <= available:
                result = date.fromordinal(ordinals[index + remaining - 1])
                return Counted(result, self._unofficial(start.year, year))
            remaining -= available
            year += 1
            index = 0

    def working_days_between(self, start: date, end: date) -> Counted[int]:
        """How many working days fall after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            counted = self.working_days_between(end, start)
            return Counted(-counted.value, counted.provisional_years)
        total = 0
        for year in range(start.year, end.year + 1):
            ordinals = self._year(year).ordinals
            low = bisect_right(ordinals, start.toordinal()) if year == start.year else 0
            high = bisect_right(ordinals, end.toordinal()) if year == end.year else len(ordinals)
            total += high - low
        return Counted(total, self._unofficial(start.year, end.year))

    def next_working_day_on_or_after(self, day: date) -> date:
        year = day.year
        ordinals = self._year(year).ordinals
        index = bisect_left(ordinals, day.toordinal())
        while index >= len(ordinals):
            year += 1
            ordinals, index = self._year(year).ordinals, 0
        return date.fromordinal(ordinals[index])

    def _unofficial(self, first: int, last: int) -> tuple[int, ...]:
        span = self._unofficial_spans.get((first, last))
        if span is None:
            span = tuple(y for y in range(first, last + 1) if not self.is_configured(y))
            self._unofficial_spans[(first, last)] = span
        return span


def _is_working(day: date, schedule: YearSchedule) -> bool:
    if day in schedule.work_days:
        return True
    if day in schedule.rest_days:
        return False
    return day.weekday() < 5

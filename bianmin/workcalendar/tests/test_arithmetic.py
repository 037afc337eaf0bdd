"""Working-day arithmetic against the official schedules (chinesecalendar data, 2004–2026)."""

from datetime import date, timedelta
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bianmin.workcalendar import package
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.statutory import statutory_holidays


@cache
def official() -> WorkCalendar:
    return WorkCalendar({year: package.schedule_of(year) for year in package.known_years()})


D = date.fromisoformat

# (start, n, expected, provisional years) — the start day is never counted (行政许可法 第82条).
ADD_CASES = [
    # National Day 2025: 10-01..10-08 rest; 09-28 (Sun) and 10-11 (Sat) are adjusted working days.
    ("2025-09-30", 5, "2025-10-14", ()),  # 10-09, 10-10, 10-11 (Sat, worked), 10-13, 10-14
    ("2025-09-26", 1, "2025-09-28", ()),  # Friday + 1 lands on the adjusted Sunday
    ("2025-09-27", 1, "2025-09-28", ()),  # a limit that starts on a rest day (Saturday)
    ("2025-10-01", 1, "2025-10-09", ()),  # starts on a holiday: 10-02..10-08 are rest too
    ("2025-10-10", 1, "2025-10-11", ()),  # Friday + 1 is the adjusted Saturday
    # National Day 2026: 10-01..10-07 rest, 10-10 (Sat) worked. chinesecalendar's find_workday(1,
    # 10-01) says 10-09 (it counts from the first working day on or after); the law says 10-08.
    ("2026-10-01", 1, "2026-10-08", ()),
    ("2026-10-08", 2, "2026-10-10", ()),  # 10-09, then the adjusted Saturday
    # Spring Festival 2026: 02-15..02-23 rest; 02-14 (Sat) and 02-28 (Sat) worked.
    ("2026-02-13", 1, "2026-02-14", ()),
    ("2026-02-14", 1, "2026-02-24", ()),
    ("2026-02-13", 3, "2026-02-25", ()),
    ("2026-02-26", 2, "2026-02-28", ()),
    # New Year into 2027, whose schedule is not published: weekends + statutory holidays, provisional.
    ("2026-12-30", 1, "2026-12-31", ()),
    ("2026-12-30", 3, "2027-01-05", (2027,)),  # 12-31, (01-01 元旦, weekend), 01-04, 01-05
    ("2027-02-03", 2, "2027-02-09", (2027,)),  # 02-04; 02-05 除夕..02-08 初三 statutory; 02-09
    ("2026-06-15", 0, "2026-06-15", ()),  # n = 0 is the start day itself
    ("2025-12-31", 248, "2026-12-31", ()),  # a whole year: 2026 has 248 working days
]


@pytest.mark.parametrize(("start", "n", "expected", "years"), ADD_CASES)
def test_it_adds_working_days(start, n, expected, years):
    result = official().add_working_days(D(start), n)
    assert result.value == D(expected)
    assert result.provisional_years == years
    assert ("暂定" in result.reason) is bool(years)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2025-09-30", "2025-10-14", 5),
        ("2025-10-14", "2025-09-30", -5),
        ("2025-10-01", "2025-10-08", 0),  # the whole holiday
        ("2025-12-31", "2026-12-31", 248),  # working days of 2026 (State Council arrangement)
        ("2026-06-15", "2026-06-15", 0),
    ],
)
def test_it_counts_working_days_between(start, end, count):
    assert official().working_days_between(D(start), D(end)).value == count


def test_it_knows_rest_and_adjusted_days():
    calendar = official()
    assert not calendar.is_working_day(D("2025-10-08"))
    assert calendar.is_working_day(D("2025-10-11"))  # Saturday, adjusted
    assert not calendar.is_working_day(D("2025-10-12"))  # Sunday
    assert calendar.is_configured(2026) and not calendar.is_configured(2027)


def test_it_lists_the_statutory_holidays_of_the_2024_revision():
    days = statutory_holidays(2027)
    assert len(days) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3
    assert days[D("2027-02-05")] == "春节"  # 除夕 (lunar 2026-12-29, the last day of that year)
    assert days[D("2027-02-08")] == "春节"  # 正月初三
    assert days[D("2027-04-05")] == "清明节"
    assert days[D("2027-06-09")] == "端午节"
    assert days[D("2027-09-15")] == "中秋节"


def test_it_matches_the_official_schedule_where_the_law_fixes_the_day():
    # In a published year, every statutory day the law names is a rest day of the official schedule.
    calendar = official()
    for year in (2025, 2026):
        for day in statutory_holidays(year):
            assert not calendar.is_working_day(day), day


def _walk(calendar: WorkCalendar, start: date, n: int) -> date:
    """The definition, day by day: the oracle for the fast version."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        counted += calendar.is_working_day(day)
    return day


starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2027, 12, 31))
lengths = st.integers(min_value=0, max_value=400)


@settings(max_examples=300, deadline=None)
@given(starts, lengths)
def test_it_agrees_with_counting_day_by_day(start, n):
    assert official().add_working_days(start, n).value == _walk(official(), start, n)


@settings(max_examples=300, deadline=None)
@given(starts, lengths)
def test_it_is_monotone_and_inverse_and_lands_on_working_days(start, n):
    calendar = official()
    result = calendar.add_working_days(start, n).value
    assert calendar.add_working_days(start, n + 1).value > result
    assert calendar.working_days_between(start, result).value == n
    if n > 0:
        assert calendar.is_working_day(result)


def test_it_refuses_a_negative_count():
    with pytest.raises(ValueError):
        official().add_working_days(D("2026-01-05"), -1)

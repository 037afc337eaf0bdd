"""The pure rules of the monthly report: deadline, on time or late, light colour, reminder rounds."""

from datetime import date

import pytest

from bianmin.cases.ledgers import Month
from bianmin.cases.tests.helpers import at
from bianmin.reports import rules
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.package import known_years, schedule_of


@pytest.fixture(scope="module")
def calendar():
    return WorkCalendar({year: schedule_of(year) for year in known_years()})


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (Month(2026, 10), date(2026, 11, 5)),  # Thursday
        (Month(2026, 12), date(2027, 1, 5)),  # across the year
        (Month(2026, 3), date(2026, 4, 5)),  # a Sunday in the 清明 holiday: it stays there by default
    ],
)
def test_it_sets_the_deadline_on_the_5th_of_the_next_month(month, expected):
    assert rules.due_date(month) == expected


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (Month(2026, 3), date(2026, 4, 7)),  # 4-5 Sunday and 清明 (4-4..6): the next working day
        (Month(2026, 9), date(2026, 10, 8)),  # National Day holiday 10-1..7
        (Month(2026, 10), date(2026, 11, 5)),  # a working day stays
    ],
)
def test_it_moves_the_deadline_to_a_working_day_when_the_county_says_so(calendar, month, expected):
    assert rules.due_date(month, calendar=calendar) == expected


def test_it_takes_another_due_day_and_caps_it_at_the_end_of_the_month():
    assert rules.due_date(Month(2026, 10), due_day=10) == date(2026, 11, 10)
    assert rules.due_date(Month(2027, 1), due_day=31) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("submitted", "on_time"),
    [
        (at(11, 5, 23, minute=59, second=59), True),  # 23:59:59 on the 5th, Asia/Shanghai
        (at(11, 6, 0), False),  # 00:00:00 on the 6th
        (at(11, 5, 23, minute=59, second=59).replace(microsecond=999_999), True),
        (at(11, 1, 9), True),
    ],
)
def test_it_decides_on_time_by_the_day_in_china(submitted, on_time):
    assert rules.is_on_time(submitted, date(2026, 11, 5)) is on_time


def test_it_decides_on_time_in_china_whatever_the_zone_of_the_moment():
    from datetime import UTC

    assert rules.is_on_time(at(11, 5, 23, minute=59, second=59).astimezone(UTC), date(2026, 11, 5))
    assert not rules.is_on_time(at(11, 6, 0).astimezone(UTC), date(2026, 11, 5))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 2), None),  # too early
        (date(2026, 11, 3), "yellow"),  # two days before the deadline day
        (date(2026, 11, 5), "yellow"),  # the deadline day itself
        (date(2026, 11, 6), "red"),  # after it
    ],
)
def test_it_colours_an_unsubmitted_report(today, expected):
    assert rules.colour(deadline=date(2026, 11, 5), today=today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 1), 1),
        (date(2026, 11, 2), 1),  # the 1st's round (already sent, or a missed run catching up)
        (date(2026, 11, 3), 3),
        (date(2026, 11, 5), 3),
        (date(2026, 11, 6), None),  # the deadline has passed: the red light takes over
    ],
)
def test_it_knows_which_reminder_round_is_due(today, expected):
    assert rules.reminder_round(today=today, deadline=date(2026, 11, 5)) == expected


def test_it_places_a_month_in_its_standing():
    deadline = date(2026, 11, 5)
    october = Month(2026, 10)
    assert rules.standing(month=october, today=date(2026, 11, 4), deadline=deadline, on_time=None) == rules.DUE
    assert rules.standing(month=october, today=date(2026, 11, 6), deadline=deadline, on_time=None) == rules.MISSING
    assert rules.standing(month=october, today=date(2026, 11, 6), deadline=deadline, on_time=True) == rules.ON_TIME
    assert rules.standing(month=october, today=date(2026, 11, 6), deadline=deadline, on_time=False) == rules.LATE
    assert rules.standing(month=october, today=date(2026, 10, 20), deadline=deadline, on_time=None) == rules.OPEN


def test_it_asks_for_a_summary_and_a_reason_to_resubmit():
    assert rules.submit_errors(summary="", reason="", resubmission=False) == {
        "summary": "请填写本月工作总结(不少于 10 个字)。"
    }
    assert set(rules.submit_errors(summary="本月共收件一百件,全部按时办结。", reason="", resubmission=True)) == {
        "reason"
    }
    assert (
        rules.submit_errors(summary="本月共收件一百件,全部按时办结。", reason="更正办件数据", resubmission=True) == {}
    )


def test_it_lists_the_months_between_and_scores_them():
    assert list(rules.months_between(Month(2025, 11), Month(2026, 2))) == [
        Month(2025, 11),
        Month(2025, 12),
        Month(2026, 1),
        Month(2026, 2),
    ]
    assert list(rules.months_between(Month(2026, 2), Month(2026, 1))) == []
    assert rules.assessment_points(12) == 6.0  # 附件 材料上报: 6 points a year

"""Pure rules of supervision, from commented tables (DESIGN §4: pure modules tested from tables)."""

from datetime import date, timedelta

import pytest

from bianmin.supervision import rules
from bianmin.supervision.tests.helpers import china
from bianmin.workcalendar.arithmetic import WorkCalendar, YearSchedule

# 2025 National Day / Mid-autumn: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
OCTOBER_2025 = WorkCalendar(
    {
        2025: YearSchedule(
            year=2025,
            rest_days=frozenset(date(2025, 10, d) for d in range(1, 9)),
            work_days=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
            official=True,
        )
    }
)


@pytest.mark.parametrize(
    ("rated_on", "days", "deadline"),
    [
        # Monday + 5 working days = next Monday (the day of the review is not counted).
        (date(2025, 9, 15), 5, date(2025, 9, 22)),
        # Friday before the holiday: Sun 28 (worked), Mon 29, Tue 30, then Thu 9, Fri 10 October.
        (date(2025, 9, 26), 5, date(2025, 10, 10)),
        # ... and Saturday 11 October (worked) is the 6th.
        (date(2025, 9, 26), 6, date(2025, 10, 11)),
        # A review on a holiday counts from the next working day.
        (date(2025, 10, 3), 1, date(2025, 10, 9)),
        # A county that allows 3 working days.
        (date(2025, 9, 26), 3, date(2025, 9, 30)),
    ],
)
def test_it_counts_the_rectification_deadline_in_working_days(rated_on, days, deadline):
    result = rules.rectification_deadline(OCTOBER_2025, rated_on, days)
    assert result.value == deadline
    assert not result.provisional


def test_it_marks_a_deadline_in_an_unconfigured_year_provisional():
    result = rules.rectification_deadline(OCTOBER_2025, date(2025, 12, 30), 5)
    assert result.value.year == 2026 and result.provisional


def test_it_refuses_a_deadline_of_no_days():
    with pytest.raises(ValueError):
        rules.rectification_deadline(OCTOBER_2025, date(2025, 9, 15), 0)


ALL = {"overall": 5, "efficiency": 5, "attitude": 5, "guide_accuracy": 5}


@pytest.mark.parametrize(
    ("scores", "comment", "errors"),
    [
        (ALL, "", set()),  # a good review needs no comment
        (ALL | {"overall": 3}, "", set()),  # 基本满意 is not a bad review
        (ALL | {"overall": 2}, "", {"comment"}),  # 不满意 needs a reason
        (ALL | {"overall": 1}, "   ", {"comment"}),  # blanks are no reason
        (ALL | {"overall": 1}, "窗口人员态度生硬", set()),
        (ALL | {"attitude": 1}, "", set()),  # only the overall score makes a review bad
        (ALL | {"efficiency": 0}, "", {"efficiency"}),
        (ALL | {"guide_accuracy": 6}, "", {"guide_accuracy"}),
        (ALL | {"overall": None}, "", {"overall"}),
        (ALL, "很" * 501, {"comment"}),
    ],
)
def test_it_checks_a_review(scores, comment, errors):
    assert set(rules.rating_errors(scores, comment)) == errors


def test_it_requires_a_reason_in_chinese():
    message = rules.rating_errors(ALL | {"overall": 2}, "")["comment"]
    assert "原因" in message


@pytest.mark.parametrize(
    ("counts", "share"),
    [
        ({}, None),
        ({5: 3, 4: 1}, 100.0),
        ({5: 1, 3: 1, 2: 1, 1: 1}, 50.0),
        ({1: 3}, 0.0),
        ({5: 2, 1: 1}, 66.7),
    ],
)
def test_it_computes_the_good_share(counts, share):
    assert rules.good_share(counts) == share


@pytest.mark.parametrize(
    ("deadline", "closed", "today", "overdue"),
    [
        (date(2025, 9, 22), False, date(2025, 9, 22), False),  # the deadline day itself is still in time
        (date(2025, 9, 22), False, date(2025, 9, 23), True),
        (date(2025, 9, 22), True, date(2025, 9, 30), False),  # closed is never overdue
    ],
)
def test_it_flags_overdue_rectifications(deadline, closed, today, overdue):
    assert rules.is_overdue(deadline=deadline, closed=closed, today=today) is overdue


def test_it_needs_call_back_finding_and_action_to_close():
    rated, now = china(2025, 9, 15), china(2025, 9, 17)
    errors = rules.close_errors(callback_at=None, callback_note="", finding="", action="", rated_at=rated, now=now)
    assert set(errors) == {"callback_at", "callback_note", "finding", "action"}
    ok = rules.close_errors(
        callback_at=china(2025, 9, 16),
        callback_note="群众说明了情况",
        finding="属实",
        action="批评教育",
        rated_at=rated,
        now=now,
    )
    assert ok == {}
    later = rules.close_errors(
        callback_at=now + timedelta(hours=1), callback_note="x", finding="x", action="x", rated_at=rated, now=now
    )
    assert set(later) == {"callback_at"}
    earlier = rules.close_errors(
        callback_at=rated - timedelta(days=1), callback_note="x", finding="x", action="x", rated_at=rated, now=now
    )
    assert set(earlier) == {"callback_at"}


def test_it_draws_unambiguous_query_codes():
    codes = {rules.new_query_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert rules.is_code_shaped(code)
        assert not set(code) & set("01OIL")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("abcd efgh", "ABCDEFGH"), ("ABCD-EFGH", "ABCDEFGH"), (" 2345 6789 ", "23456789")],
)
def test_it_normalizes_typed_codes(typed, code):
    assert rules.normalize_code(typed) == code


@pytest.mark.parametrize(
    ("content", "ok"),
    [("太短了", False), ("窗口工作人员中午提前离岗,让群众等了一个小时。", True), ("字" * 2001, False)],
)
def test_it_checks_complaint_content_length(content, ok):
    assert (rules.content_error(content) is None) is ok

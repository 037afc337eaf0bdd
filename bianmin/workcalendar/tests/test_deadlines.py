from datetime import UTC, datetime

import pytest

from bianmin.workcalendar.deadlines import CHINA, Light, immediate_due, light, promised_due
from bianmin.workcalendar.tests.test_arithmetic import D, official


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CHINA)


@pytest.mark.parametrize(
    ("accepted", "limit", "suspensions", "extensions", "due"),
    [
        # 承诺件 of 5 working days accepted before National Day 2025.
        ("2025-09-30 10:00", 5, [], [], "2025-10-14 23:59:59"),
        # Suspended (公示) from 09-29 to 10-09: covers 09-30 and 10-09, so 2 days are added
        # (the holiday in between adds nothing).
        ("2025-09-26 09:00", 5, [("2025-09-29", "2025-10-09")], [], "2025-10-13 23:59:59"),
        # Extended by 2 working days after the Spring Festival 2026 limit of 3 (02-25).
        ("2026-02-13 15:00", 3, [], [2], "2026-02-27 23:59:59"),
        # Accepted on a Sunday: the Sunday is not counted either.
        ("2026-03-01 10:00", 1, [], [], "2026-03-02 23:59:59"),
    ],
)
def test_it_computes_the_due_moment_of_a_promised_case(accepted, limit, suspensions, extensions, due):
    result = promised_due(
        accepted_at=at(accepted),
        limit_days=limit,
        calendar=official(),
        suspensions=[(D(a), D(b)) for a, b in suspensions],
        extensions=extensions,
    )
    assert result.moment == at(due)
    assert not result.provisional


def test_it_counts_from_the_acceptance_date_in_china():
    # 23:30 UTC on 03-02 is 07:30 on 03-03 in Beijing: the acceptance day is 03-03.
    accepted = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert promised_due(accepted_at=accepted, limit_days=1, calendar=official()).moment == at("2026-03-04 23:59:59")


def test_it_marks_a_due_date_in_an_unpublished_year_provisional():
    result = promised_due(accepted_at=at("2026-12-28 10:00"), limit_days=5, calendar=official())
    assert result.moment == at("2027-01-05 23:59:59")
    assert result.provisional_years == (2027,)
    assert "2027年节假日安排尚未录入" in result.reason


@pytest.mark.parametrize(
    ("accepted", "due"),
    [
        ("2025-10-10 09:00", "2025-10-10 23:59:59"),  # a working day, in office hours: same day
        ("2025-10-10 18:00", "2025-10-11 23:59:59"),  # after closing: the next (adjusted) working day
        ("2025-10-01 10:00", "2025-10-09 23:59:59"),  # on a holiday: the first working day after it
        ("2025-10-11 10:00", "2025-10-11 23:59:59"),  # an adjusted Saturday is a working day
    ],
)
def test_it_computes_the_due_moment_of_an_immediate_case(accepted, due):
    assert immediate_due(accepted_at=at(accepted), calendar=official()).moment == at(due)


def test_it_refuses_impossible_limits():
    with pytest.raises(ValueError):
        promised_due(accepted_at=at("2026-03-02 10:00"), limit_days=0, calendar=official())
    with pytest.raises(ValueError):
        promised_due(
            accepted_at=at("2026-03-02 10:00"),
            limit_days=3,
            calendar=official(),
            suspensions=[(D("2026-03-05"), D("2026-03-04"))],
        )


DUE = at("2025-10-14 23:59:59")


@pytest.mark.parametrize(
    ("now", "options", "expected"),
    [
        ("2025-10-15 00:00", {}, Light.RED),  # overdue
        ("2025-10-14 16:00", {}, Light.YELLOW),  # due today
        ("2025-10-13 10:00", {}, Light.YELLOW),  # one working day left
        ("2025-10-11 10:00", {}, Light.NORMAL),  # 10-13 and 10-14 left
        ("2025-10-11 10:00", {"yellow_days": 2}, Light.YELLOW),
        ("2025-10-09 10:00", {"yellow_share": 0.5}, Light.NORMAL),  # 1 of 5 days used
        ("2025-10-10 10:00", {"yellow_share": 0.4}, Light.YELLOW),  # 2 of 5 days used
    ],
)
def test_it_sets_the_electronic_monitoring_light(now, options, expected):
    result = light(due=DUE, now=at(now), calendar=official(), accepted_at=at("2025-09-30 10:00"), **options)
    assert result is expected

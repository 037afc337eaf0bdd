"""The pure rules of daily management, from tables (one commented row per case)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bianmin.operations import rules
from bianmin.workcalendar.arithmetic import WorkCalendar, YearSchedule

TZ = ZoneInfo("Asia/Shanghai")
START, END, CUTOFF = time(8, 30), time(17, 30), time(9, 30)


@pytest.mark.parametrize(
    ("signed_in", "late"),
    [
        (time(8, 0), False),  # early bird
        (time(8, 30), False),  # on the minute
        (time(8, 30, 59), False),  # still the start minute
        (time(8, 31), True),  # one minute late
        (time(14, 0), True),  # afternoon
    ],
)
def test_it_decides_late(signed_in, late):
    assert rules.is_late(signed_in, START) is late


@pytest.mark.parametrize(
    ("signed_out", "early"),
    [
        (time(17, 30), False),  # on time
        (time(18, 45), False),  # overtime
        (time(17, 29, 59), True),  # one second short: the minute 17:29
        (time(12, 0), True),  # left at lunch
    ],
)
def test_it_decides_early_leave(signed_out, early):
    assert rules.left_early(signed_out, END) is early


TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("day", "clock", "working", "signed_in", "on_leave", "absent"),
    [
        (TODAY, time(9, 0), True, False, False, False),  # before the cut-off: not yet
        (TODAY, time(9, 30), True, False, False, False),  # at the cut-off minute: not yet
        (TODAY, time(9, 31), True, False, False, True),  # past the cut-off, nobody, no leave
        (TODAY, time(10, 0), True, True, False, False),  # signed in
        (TODAY, time(10, 0), True, False, True, False),  # on leave
        (TODAY, time(10, 0), False, False, False, False),  # not a working day
        (TODAY - timedelta(days=1), time(8, 0), True, False, False, True),  # a past day: whatever the hour
        (TODAY + timedelta(days=1), time(23, 0), True, False, False, False),  # a future day never
    ],
)
def test_it_decides_absence_without_leave(day, clock, working, signed_in, on_leave, absent):
    assert (
        rules.absent_without_leave(
            day=day,
            today=TODAY,
            clock=clock,
            cutoff=CUTOFF,
            working_day=working,
            signed_in=signed_in,
            on_leave=on_leave,
        )
        is absent
    )


@pytest.mark.parametrize(
    ("signed_in", "signed_out", "on_leave", "state"),
    [
        (True, False, False, rules.PostState.ON_POST),
        (True, False, True, rules.PostState.ON_POST),  # working despite a leave starting later
        (True, True, False, rules.PostState.SIGNED_OUT),
        (True, True, True, rules.PostState.ON_LEAVE),  # left for an afternoon leave
        (False, False, True, rules.PostState.ON_LEAVE),
        (False, False, False, rules.PostState.NOT_SIGNED_IN),
    ],
)
def test_it_decides_the_post_state(signed_in, signed_out, on_leave, state):
    assert rules.post_state(signed_in=signed_in, signed_out=signed_out, on_leave=on_leave) == state


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=TZ)


def test_it_ends_a_leave_at_an_early_return_but_never_later_than_planned():
    assert rules.effective_end(ends_at=at(27, 17), returned_at=None) == at(27, 17)
    assert rules.effective_end(ends_at=at(27, 17), returned_at=at(25, 9)) == at(25, 9)  # back early
    assert rules.effective_end(ends_at=at(27, 17), returned_at=at(30, 9)) == at(27, 17)  # back late


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((at(24, 8), at(24, 12)), (at(24, 12), at(24, 17)), False),  # morning then afternoon: touching only
        ((at(24, 8), at(24, 13)), (at(24, 12), at(24, 17)), True),
        ((at(23, 8), at(27, 17)), (at(25, 8), at(25, 12)), True),  # inside
        ((at(23, 8), at(23, 17)), (at(25, 8), at(25, 12)), False),
    ],
)
def test_it_detects_overlapping_periods(a, b, overlap):
    assert rules.overlaps(*a, *b) is overlap
    assert rules.overlaps(*b, *a) is overlap


def test_it_checks_the_leave_period():
    assert rules.leave_period_error(at(24, 9), at(24, 9)) == "结束时间必须晚于开始时间。"
    assert rules.leave_period_error(at(24, 9), at(24, 8)) == "结束时间必须晚于开始时间。"
    assert rules.leave_period_error(at(24, 9), at(24, 9) + timedelta(days=400)) == "请假时间不能超过一年。"
    assert rules.leave_period_error(at(24, 9), at(25, 9)) is None


CLERK_A = rules.Person(staff_id=2, role="clerk", centre_id=10)
DIRECTOR_A = rules.Person(staff_id=1, role="centre_director", centre_id=10)
DEPUTY_A = rules.Person(staff_id=3, role="centre_director", centre_id=10)
DIRECTOR_B = rules.Person(staff_id=4, role="centre_director", centre_id=20)
ADMIN = rules.Person(staff_id=5, role="county_admin", centre_id=None)
INSPECTOR = rules.Person(staff_id=6, role="inspector", centre_id=None)


@pytest.mark.parametrize(
    ("actor", "applicant", "decides"),
    [
        (DIRECTOR_A, CLERK_A, True),  # the director of the person's centre
        (DEPUTY_A, CLERK_A, True),  # the full-time deputy too
        (DIRECTOR_B, CLERK_A, False),  # another centre's director
        (CLERK_A, CLERK_A, False),  # nobody decides their own leave
        (DIRECTOR_A, DIRECTOR_A, False),  # not even a director
        (DEPUTY_A, DIRECTOR_A, True),  # a director's leave: another director-role person of the centre
        (ADMIN, DIRECTOR_A, True),  # or the county admin
        (INSPECTOR, CLERK_A, False),  # inspectors change nothing here
        (CLERK_A, DIRECTOR_A, False),  # a clerk does not approve the boss
    ],
)
def test_it_decides_who_may_decide_a_leave(actor, applicant, decides):
    assert rules.may_decide_leave(actor=actor, applicant_id=applicant.staff_id, leave_centre_id=10) is decides


def test_it_counts_the_staff_change_deadline_in_working_days():
    calendar = WorkCalendar({2026: YearSchedule(year=2026, official=True)})  # weekends only
    # Effective Friday 2026-11-20: five working days later is Friday 2026-11-27.
    deadline = rules.staff_change_deadline(calendar, date(2026, 11, 20), 5).value
    assert deadline == date(2026, 11, 27)
    assert rules.reported_on_time(reported_on=date(2026, 11, 27), deadline=deadline)
    assert not rules.reported_on_time(reported_on=date(2026, 11, 30), deadline=deadline)
    assert rules.reported_on_time(reported_on=date(2026, 11, 10), deadline=deadline)  # reported in advance


@pytest.mark.parametrize(
    ("kind", "from_post", "to_post", "errors"),
    [
        ("joined", "", "民政窗口", {}),
        ("joined", "", "", {"to_post": "请填写新岗位。"}),
        ("left", "民政窗口", "", {}),
        ("left", "", "", {"from_post": "请填写原岗位。"}),
        ("post", "民政窗口", "综合窗口", {}),
        ("post", "民政窗口", "民政窗口", {"to_post": "新岗位与原岗位相同。"}),
    ],
)
def test_it_checks_the_posts_of_a_staff_change(kind, from_post, to_post, errors):
    assert rules.staff_change_errors(kind=kind, from_post=from_post, to_post=to_post) == errors


def test_it_parses_office_hours():
    assert rules.parse_clock("08:30") == time(8, 30)
    assert rules.parse_clock(" 9 ") == time(9, 0)

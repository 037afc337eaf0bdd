"""The demo daily management: seeded once on the demo county (without cases) for the module, at a
fixed Tuesday morning, inside a transaction rolled back at the end; each test runs in a savepoint."""

from collections import Counter
from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from bianmin.demo.seed import seed_demo
from bianmin.demo.seed_operations import seed_operations
from bianmin.operations import selectors_attendance, selectors_records
from bianmin.operations.models import Attendance, CentreLog, Leave, LeaveStatus, Patrol, StaffChange
from bianmin.org.models import Centre
from bianmin.workcalendar.selectors import load_calendar

pytestmark = pytest.mark.django_db

CHINA = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=CHINA)  # a Tuesday, past the sign-in cut-off
TODAY = NOW.date()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_calendar", stdout=StringIO())
        seed_demo()
        counts = seed_operations(now=NOW)
        yield counts
        transaction.set_rollback(True)


def test_it_seeds_each_kind_once(seeded):
    assert seeded == {
        "attendance": Attendance.objects.count(),
        "leaves": Leave.objects.count(),
        "logs": CentreLog.objects.count(),
        "patrols": Patrol.objects.count(),
        "staff_changes": StaffChange.objects.count(),
    }
    assert seeded["attendance"] > 5000 and seeded["logs"] > 500 and seeded["patrols"] > 400
    assert seed_operations(now=NOW) == dict.fromkeys(seeded, 0)


def test_attendance_is_on_working_days_in_office_hours_and_never_on_leave(seeded):
    calendar = load_calendar()
    days = set(Attendance.objects.values_list("day", flat=True))
    assert all(calendar.is_working_day(day) for day in days) and max(days) == TODAY
    assert min(days) >= TODAY - timedelta(days=60)
    late = early = 0
    for signed_in, signed_out in Attendance.objects.values_list("signed_in_at", "signed_out_at"):
        local_in = signed_in.astimezone(CHINA).time()
        assert time(7, 45) <= local_in <= time(9, 30)
        late += local_in >= time(8, 31)
        if signed_out:
            assert signed_out > signed_in
            early += signed_out.astimezone(CHINA).time() < time(17, 30)
    total = Attendance.objects.count()
    assert 0.02 < late / total < 0.12 and 0.01 < early / total < 0.1  # mostly on time
    for leave in Leave.objects.filter(status__in=[LeaveStatus.APPROVED, LeaveStatus.RETURNED]):
        first, last = leave.starts_at.astimezone(CHINA).date(), leave.ends_at.astimezone(CHINA).date()
        assert not Attendance.objects.filter(staff=leave.staff, day__gte=first, day__lte=last).exists()


def test_leaves_are_mostly_approved_and_returned_some_refused_some_pending(seeded):
    states = Counter(Leave.objects.values_list("status", flat=True))
    assert states[LeaveStatus.RETURNED] >= 16 and states[LeaveStatus.REFUSED] >= 1
    assert states[LeaveStatus.REQUESTED] >= 1
    for leave in Leave.objects.exclude(status=LeaveStatus.REQUESTED):
        assert leave.decided_by_id != leave.staff_id  # nobody decided their own


def test_today_has_absences_in_some_centres_and_leaves_with_stand_ins(seeded):
    absent = selectors_attendance.absences(day=TODAY, now=NOW)
    assert 2 <= len({a.centre_id for a in absent}) <= 3
    assert selectors_attendance.absences(day=TODAY, now=NOW.replace(hour=9, minute=0)) == []  # before the cut-off
    away = selectors_attendance.on_leave_staff_ids(at=NOW)
    assert len(away) >= 3
    for leave in Leave.objects.filter(staff_id__in=away, status=LeaveStatus.APPROVED):
        assert leave.stand_in is not None
        cover = Attendance.objects.get(staff=leave.stand_in, day=TODAY)
        assert cover.signed_in_at is not None  # the stand-in is at work
    # Yesterday (and earlier) everyone is accounted for but a handful.
    assert len(selectors_attendance.absences(day=TODAY - timedelta(days=1), now=NOW)) < 10


def test_logs_are_missing_in_a_few_centres_in_the_last_two_weeks(seeded):
    yesterday = TODAY - timedelta(days=1)
    missing = selectors_records.missing_logs(since=TODAY - timedelta(days=14), until=yesterday)
    assert 3 <= len({centre_id for centre_id, _ in missing}) <= 4
    assert 6 <= len(missing) <= 16
    older = selectors_records.missing_logs(since=TODAY - timedelta(days=58), until=TODAY - timedelta(days=15))
    assert older == []
    calendar = load_calendar()
    assert all(calendar.is_working_day(day) for day in CentreLog.objects.values_list("day", flat=True))
    with pytest.raises(IntegrityError), transaction.atomic():
        log = CentreLog.objects.first()
        CentreLog.objects.create(
            centre=log.centre, day=log.day, written_by=log.written_by, written_at=NOW, updated_at=NOW
        )


def test_patrols_find_some_problems_and_one_is_annulled(seeded):
    assert Patrol.objects.filter(found_problem=True).exclude(corrections="").count() >= 20
    assert not Patrol.objects.filter(found_problem=True, corrections="").exists()
    (annulled,) = Patrol.objects.annulled()
    assert annulled.annul_reason and annulled.annulled_by_id
    assert Patrol.objects.filter(patrolled_at__gt=NOW).count() == 0
    centres = Centre.objects.filter(is_active=True).count()
    assert Patrol.objects.values("centre").distinct().count() == centres


def test_staff_changes_one_late_one_unacknowledged(seeded):
    changes = selectors_records.with_timeliness(StaffChange.objects.all())
    assert len(changes) == 3
    assert sum(1 for c in changes if not c.on_time) == 1
    assert sum(1 for c in changes if c.acknowledged_at is None) == 1

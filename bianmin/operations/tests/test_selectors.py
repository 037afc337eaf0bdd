"""The functions the electronic monitoring dashboard calls: ``absences`` (旷岗), ``missing_logs`` and
``on_leave_staff_ids``, with their rules and a query count independent of the number of centres."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.core.roles import Role
from bianmin.operations import selectors_attendance, selectors_records, services
from bianmin.operations.selectors_attendance import Absence
from bianmin.operations.tests.conftest import SUNDAY, TUESDAY, on
from bianmin.org.models import AgencyPoint
from bianmin.org.tests import factories

pytestmark = pytest.mark.django_db


def names(rows) -> set[str]:
    return {row.staff_name for row in rows}


def test_absences_are_the_expected_people_without_sign_in_or_leave(county, deputy_a, director_b):
    services.attendance_sign_in(staff=county.clerk_a, at=on(TUESDAY, 8, 50))  # late, but there
    leave = services.leave_request(
        actor=county.agent_a1,
        staff=county.agent_a1,
        kind="sick",
        starts_at=on(TUESDAY, 8, 30),
        ends_at=on(TUESDAY, 12),
        reason="看病",
        at=on(TUESDAY - timedelta(days=1), 9),
    )
    services.leave_approve(leave=leave, actor=county.director_a, at=on(TUESDAY - timedelta(days=1), 10))
    rows = selectors_attendance.absences(day=TUESDAY, now=on(TUESDAY, 10))
    # Not the centres' 主任 (director_a, director_b head the centres part-time); the deputy is expected.
    assert names(rows) == {"deputy_a", "clerk_b", "agent_b1"}
    deputy = next(row for row in rows if row.staff_name == "deputy_a")
    assert deputy == Absence(deputy_a.pk, "deputy_a", county.centre_a.pk, None, TUESDAY)
    agent = next(row for row in rows if row.staff_name == "agent_b1")
    assert agent.centre_id == county.centre_b.pk and agent.agency_point_id == county.point_b1.pk
    only_a = selectors_attendance.absences(day=TUESDAY, now=on(TUESDAY, 10), centre_ids=[county.centre_a.pk])
    assert names(only_a) == {"deputy_a"}


def test_no_absences_before_the_cut_off_on_a_rest_day_or_in_the_future(county):
    assert selectors_attendance.absences(day=TUESDAY, now=on(TUESDAY, 9, 30)) == []
    assert names(selectors_attendance.absences(day=TUESDAY, now=on(TUESDAY, 9, 31))) == {
        "clerk_a",
        "clerk_b",
        "agent_a1",
        "agent_b1",
    }
    assert selectors_attendance.absences(day=SUNDAY, now=on(TUESDAY, 10)) == []
    assert selectors_attendance.absences(day=TUESDAY + timedelta(days=1), now=on(TUESDAY, 10)) == []
    # A past day counts whatever the hour now.
    assert len(selectors_attendance.absences(day=TUESDAY - timedelta(days=1), now=on(TUESDAY, 8))) == 4


def test_a_returned_leave_covers_the_days_until_the_return(county):
    monday = TUESDAY - timedelta(days=1)
    leave = services.leave_request(
        actor=county.clerk_a,
        staff=county.clerk_a,
        kind="annual",
        starts_at=on(monday, 8, 30),
        ends_at=on(TUESDAY + timedelta(days=2), 17, 30),
        reason="年休",
        at=on(monday - timedelta(days=3), 9),
    )
    services.leave_approve(leave=leave, actor=county.director_a, at=on(monday - timedelta(days=3), 10))
    services.leave_return(leave=leave, actor=county.clerk_a, at=on(TUESDAY, 12))  # back Tuesday noon
    wednesday = TUESDAY + timedelta(days=1)
    assert "clerk_a" not in names(selectors_attendance.absences(day=monday, now=on(wednesday, 10)))
    assert "clerk_a" not in names(selectors_attendance.absences(day=TUESDAY, now=on(wednesday, 10)))
    assert "clerk_a" in names(selectors_attendance.absences(day=wednesday, now=on(wednesday, 10)))


def test_pending_or_refused_leave_does_not_excuse(county):
    leave = services.leave_request(
        actor=county.clerk_a,
        staff=county.clerk_a,
        kind="personal",
        starts_at=on(TUESDAY, 8, 30),
        ends_at=on(TUESDAY, 17, 30),
        reason="私事",
        at=on(TUESDAY, 7),
    )
    assert "clerk_a" in names(selectors_attendance.absences(day=TUESDAY, now=on(TUESDAY, 10)))
    services.leave_refuse(leave=leave, actor=county.director_a, note="人手不足", at=on(TUESDAY, 8))
    assert "clerk_a" in names(selectors_attendance.absences(day=TUESDAY, now=on(TUESDAY, 10)))


def test_inactive_people_points_and_centres_are_not_expected(county):
    county.clerk_b.is_active = False
    county.clerk_b.save()
    AgencyPoint.objects.filter(pk=county.point_a1.pk).update(is_active=False)
    assert names(selectors_attendance.absences(day=TUESDAY, now=on(TUESDAY, 10))) == {"clerk_a", "agent_b1"}
    county.centre_a.is_active = False
    county.centre_a.save()
    assert names(selectors_attendance.absences(day=TUESDAY, now=on(TUESDAY, 10))) == {"agent_b1"}


def test_absences_take_the_same_queries_for_two_centres_or_ten(county):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors_attendance.absences(day=TUESDAY, now=on(TUESDAY, 10))
        return len(ctx.captured_queries)

    selectors_attendance.absences(day=TUESDAY, now=on(TUESDAY, 10))  # warm the calendar cache
    before = count()
    for i in range(8):
        centre = factories.CentreFactory(township=factories.RegionFactory(parent=county.county))
        factories.StaffFactory(centre=centre, role=Role.CLERK, name=f"员{i}")
    assert count() == before <= 6


def test_missing_logs_take_the_same_queries_for_more_centres(county):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors_records.missing_logs(since=TUESDAY - timedelta(days=14), until=TUESDAY)
        return len(ctx.captured_queries)

    count()
    before = count()
    for _ in range(5):
        factories.CentreFactory(township=factories.RegionFactory(parent=county.county))
    assert count() == before <= 5


def test_on_leave_staff_ids_is_one_query(county):
    with CaptureQueriesContext(connection) as ctx:
        assert selectors_attendance.on_leave_staff_ids(at=on(TUESDAY, 10)) == set()
    assert len(ctx.captured_queries) == 1

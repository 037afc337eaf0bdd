"""Every list page runs a constant number of queries, with one row or many."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianmin.operations import services, services_records
from bianmin.operations.tests.conftest import TUESDAY, on

pytestmark = pytest.mark.django_db

LISTS = [
    "operations:attendance_list",
    "operations:attendance_summary",
    "operations:leave_list",
    "operations:log_list",
    "operations:patrol_list",
    "operations:staff_change_list",
    "operations:on_post",
    "operations:today",
]


def add_rows(county, deputy, start: int, n: int) -> None:
    for i in range(start, start + n):
        day = TUESDAY - timedelta(days=i)
        for staff in (county.clerk_a, deputy, county.agent_a1):
            services.attendance_sign_in(staff=staff, at=on(day, 8, 40))
            services.attendance_sign_out(staff=staff, at=on(day, 17, 0))
        leave = services.leave_request(
            actor=county.clerk_a,
            staff=county.clerk_a,
            kind="personal",
            starts_at=on(day, 18),
            ends_at=on(day, 20),
            reason="加班调休",
            stand_in=deputy,
            at=on(day, 9),
        )
        services.leave_approve(leave=leave, actor=county.director_a, at=on(day, 10))
        if day.weekday() < 5 and i > 1:
            services_records.centre_log_create(
                actor=deputy,
                centre=county.centre_a,
                day=day,
                values={"staff_expected": 3, "staff_present": 3},
                at=on(TUESDAY, 18),
            )
        patrol = services_records.patrol_record(
            actor=deputy,
            centre=county.centre_a,
            patrolled_at=on(day, 10),
            findings="秩序良好",
            window=county.window_a,
            staff=county.clerk_a,
            at=on(TUESDAY, 11),
        )
        if i % 2 == 0:  # some annulled (hidden by default), the first one shown
            services_records.patrol_annul(patrol=patrol, actor=county.director_a, reason="重复登记")
        services_records.staff_change_report(
            actor=deputy,
            centre=county.centre_a,
            kind="post",
            staff=county.clerk_a,
            from_post="民政",
            to_post="综合",
            effective_on=date(2026, 11, 2) + timedelta(days=i),
            at=on(TUESDAY, 11),
        )


def count_queries(client, url) -> int:
    client.get(url)  # warm-up (calendar cache, session)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("login", ["director_a", "county_admin"])
def test_it_lists_with_a_constant_number_of_queries(client, county, deputy_a, clock, name, login):
    if login == "county_admin" and name == "operations:today":
        return  # county roles do not sign in (redirected)
    clock(on(TUESDAY, 18, 30))
    client.force_login(county.director_a.user if login == "director_a" else county.users["county_admin"])
    url = reverse(name)
    add_rows(county, deputy_a, 1, 1)
    one = count_queries(client, url)
    add_rows(county, deputy_a, 2, 6)
    many = count_queries(client, url)
    assert one == many
    assert many <= 20


def test_the_post_board_of_a_centre_is_constant(client, county, deputy_a, clock):
    clock(on(TUESDAY, 10))
    client.force_login(county.users["county_admin"])
    url = reverse("operations:on_post") + f"?centre={county.centre_a.pk}"
    one = count_queries(client, url)
    add_rows(county, deputy_a, 0, 1)
    from bianmin.org.tests.factories import StaffFactory, WindowFactory

    for i in range(4):
        WindowFactory(centre=county.centre_a, number=10 + i).staff.add(StaffFactory(centre=county.centre_a))
    assert count_queries(client, url) == one

"""The public centre page shows who is on approved leave right now, and who stands in (四(二) 工作人员
去向栏; issue #7 point 1: absent staff shown on the post board as on leave) — only "请假", never the
kind of leave or its reason; a stand-in is named only when on the post board too."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bianmin.core.roles import Role
from bianmin.operations import services
from bianmin.org.tests import factories

pytestmark = pytest.mark.django_db

REASON = "住院检查胃病"


def leave_now(county, staff, *, stand_in=None, approve=True, director=None):
    now = timezone.now()
    leave = services.leave_request(
        actor=staff,
        staff=staff,
        kind="sick",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=6),
        reason=REASON,
        stand_in=stand_in,
        at=now - timedelta(hours=2),
    )
    if approve:
        services.leave_approve(leave=leave, actor=director or county.director_a, at=now - timedelta(hours=2))
    return leave


def page(client, county) -> str:
    response = client.get(reverse("portal:centre", args=[county.centre_a.pk]))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, start: str, end: str) -> str:
    return html.split(f'id="{start}"')[1].split(f'id="{end}"')[0]


def test_it_marks_staff_on_leave_with_the_stand_in(client, county):
    helper = factories.StaffFactory(centre=county.centre_a, name="顶岗员", post="综合窗口")
    leave_now(county, county.clerk_a, stand_in=helper)
    leave_now(county, county.agent_a1)
    html = page(client, county)
    board = section(html, "board", "points")
    assert 'clerk_a <span class="on-leave">请假</span>' in board and "请假期间由 顶岗员 顶岗" in board
    windows = section(html, "windows", "board")
    assert '<span class="on-leave">请假</span> 顶岗员顶岗' in windows
    points = section(html, "points", "items")
    assert 'agent_a1(代办员) <span class="on-leave">请假</span>' in points
    assert REASON not in html and "病假" not in html


def test_pending_returned_and_other_centres_leaves_are_not_shown(client, county):
    leave_now(county, county.clerk_a, approve=False)
    returned = leave_now(county, county.agent_a1)
    services.leave_return(leave=returned, actor=county.agent_a1)
    director_b = factories.staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b)
    leave_now(county, county.clerk_b, director=director_b)
    assert 'class="on-leave"' not in page(client, county)


def test_a_stand_in_off_the_board_is_not_named(client, county):
    hidden = factories.StaffFactory(centre=county.centre_a, name="不公示者", on_post_board=False)
    leave_now(county, county.clerk_a, stand_in=hidden)
    html = page(client, county)
    assert '<span class="on-leave">请假</span>' in html and "不公示者" not in html


def test_leaves_do_not_add_queries(client, county):
    url = reverse("portal:centre", args=[county.centre_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    before = len(ctx.captured_queries)
    for i in range(3):
        person = factories.StaffFactory(centre=county.centre_a, name=f"请假员{i}")
        county.window_a.staff.add(person)
        leave_now(county, person, stand_in=county.clerk_a)
    factories.staff_with_login("deputy", Role.CENTRE_DIRECTOR, centre=county.centre_a)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) == before

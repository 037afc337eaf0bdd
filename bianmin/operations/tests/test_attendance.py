"""考勤 (plan 四(一)4(4)): one sign-in and one sign-out a day, late and early shown, 补录 by the
director with a reason, 在岗情况 per window, the register and its export."""

from datetime import time, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bianmin.core.errors import ApplicationError
from bianmin.operations import selectors_attendance, selectors_on_post, services
from bianmin.operations.models import Attendance, AttendanceSource
from bianmin.operations.tests.conftest import TUESDAY, on

pytestmark = pytest.mark.django_db


def test_it_signs_in_once_a_day(county):
    record = services.attendance_sign_in(staff=county.clerk_a, at=on(TUESDAY, 8, 20))
    assert record.day == TUESDAY and record.window == county.window_a  # their first window by default
    assert record.centre == county.centre_a and record.source == AttendanceSource.SELF
    with pytest.raises(ApplicationError, match="08:20 已经签到,不能重复签到"):
        services.attendance_sign_in(staff=county.clerk_a, at=on(TUESDAY, 8, 40))
    assert Attendance.objects.count() == 1
    # The next day is a new day.
    services.attendance_sign_in(staff=county.clerk_a, at=on(TUESDAY + timedelta(days=1), 8, 25))
    assert Attendance.objects.count() == 2


def test_it_refuses_a_sign_out_before_the_sign_in(county):
    with pytest.raises(ApplicationError, match="还没有签到,不能签退"):
        services.attendance_sign_out(staff=county.clerk_a, at=on(TUESDAY, 17, 40))
    services.attendance_sign_in(staff=county.clerk_a, at=on(TUESDAY, 8, 20))
    record = services.attendance_sign_out(staff=county.clerk_a, at=on(TUESDAY, 17, 40))
    assert record.signed_out_at == on(TUESDAY, 17, 40)
    with pytest.raises(ApplicationError, match="17:40 已经签退"):
        services.attendance_sign_out(staff=county.clerk_a, at=on(TUESDAY, 17, 50))


def test_it_marks_late_and_early(county):
    services.attendance_sign_in(staff=county.clerk_a, at=on(TUESDAY, 8, 45))
    record = services.attendance_sign_out(staff=county.clerk_a, at=on(TUESDAY, 16, 0))
    (row,) = selectors_attendance.with_flags([record])
    assert row.late and row.early
    services.attendance_sign_in(staff=county.clerk_b, at=on(TUESDAY, 8, 30))
    record = services.attendance_sign_out(staff=county.clerk_b, at=on(TUESDAY, 17, 30))
    (row,) = selectors_attendance.with_flags([record])
    assert not row.late and not row.early


def test_it_lets_an_agent_sign_in_for_the_point_of_the_centre(county):
    record = services.attendance_sign_in(staff=county.agent_a1, at=on(TUESDAY, 8, 10))
    assert record.agency_point == county.point_a1 and record.centre == county.centre_a and record.window is None


def test_it_takes_another_window_of_the_centre_for_a_stand_in_only(county):
    from bianmin.org.tests.factories import WindowFactory

    other = WindowFactory(centre=county.centre_a, number=2, name="社保窗口")
    record = services.attendance_sign_in(staff=county.clerk_a, window=other, at=on(TUESDAY, 8, 10))
    assert record.window == other
    with pytest.raises(ApplicationError, match="只能选择本中心在用的窗口"):
        services.attendance_sign_in(staff=county.clerk_b, window=other, at=on(TUESDAY, 8, 10))


def test_county_roles_do_not_sign_in(county, admin_staff):
    with pytest.raises(ApplicationError, match="只有在岗的中心和代办点工作人员需要签到"):
        services.attendance_sign_in(staff=admin_staff, at=on(TUESDAY, 8, 10))


# --- 补录 --------------------------------------------------------------------------------------


def test_the_director_enters_a_past_day_with_a_reason(county):
    record = services.attendance_enter(
        actor=county.director_a,
        staff=county.clerk_a,
        day=TUESDAY,
        signed_in=time(8, 20),
        signed_out=time(17, 35),
        note="忘记签到,经核实已按时到岗",
        at=on(TUESDAY + timedelta(days=1), 9),
    )
    assert record.source == AttendanceSource.ENTERED and record.recorded_by == county.director_a
    assert record.signed_in_at == on(TUESDAY, 8, 20)
    # A correction of the same day updates the one row.
    services.attendance_enter(
        actor=county.director_a,
        staff=county.clerk_a,
        day=TUESDAY,
        signed_in=time(8, 50),
        note="更正:实际 8:50 到岗",
        at=on(TUESDAY + timedelta(days=1), 9),
    )
    record = Attendance.objects.get()
    assert record.signed_in_at == on(TUESDAY, 8, 50) and record.signed_out_at is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"note": ""}, "请填写补录原因"),
        ({"day": TUESDAY + timedelta(days=2)}, "不能补录今后的考勤"),
        ({"signed_in": time(18), "signed_out": time(17)}, "签退时间必须晚于签到时间"),
    ],
)
def test_it_refuses_a_bad_entry(county, overrides, message):
    values = {
        "actor": county.director_a,
        "staff": county.clerk_a,
        "day": TUESDAY,
        "signed_in": time(8, 20),
        "signed_out": None,
        "note": "忘记签到,已核实",
        "at": on(TUESDAY + timedelta(days=1), 9),
    } | overrides
    with pytest.raises(ApplicationError, match=message):
        services.attendance_enter(**values)


def test_only_the_persons_director_enters_and_never_for_themselves(county, director_b, deputy_a):
    at = on(TUESDAY + timedelta(days=1), 9)
    kwargs = {"day": TUESDAY, "signed_in": time(8, 20), "note": "忘记签到,已核实", "at": at}
    with pytest.raises(ApplicationError, match="只有该人员所在中心的主任或县管委会"):
        services.attendance_enter(actor=director_b, staff=county.clerk_a, **kwargs)
    with pytest.raises(ApplicationError, match="只有该人员所在中心的主任或县管委会"):
        services.attendance_enter(actor=county.clerk_a, staff=county.clerk_a, **kwargs)
    with pytest.raises(ApplicationError, match="不能为自己补录考勤"):
        services.attendance_enter(actor=deputy_a, staff=deputy_a, **kwargs)
    services.attendance_enter(actor=county.director_a, staff=deputy_a, **kwargs)
    services.attendance_enter(actor=county.director_a, staff=county.agent_a1, **kwargs)  # the point's people too


# --- pages ------------------------------------------------------------------------------------


def test_it_signs_in_and_out_on_the_today_page(client, county, clock):
    client.force_login(county.clerk_a.user)
    clock(on(TUESDAY, 8, 41))
    page = client.get(reverse("operations:today"))
    assert page.status_code == 200 and "签到" in page.content.decode()
    response = client.post(reverse("operations:sign_in"), {"window": county.window_a.pk}, follow=True)
    html = response.content.decode()
    assert "签到成功(08:41)" in html and "记为迟到" in html
    response = client.post(reverse("operations:sign_in"), {}, follow=True)
    assert "已经签到,不能重复签到" in response.content.decode()
    clock(on(TUESDAY, 17, 31))
    response = client.post(reverse("operations:sign_out"), follow=True)
    assert "签退成功(17:31)" in response.content.decode()
    record = Attendance.objects.get()
    assert record.signed_in_at == on(TUESDAY, 8, 41) and record.signed_out_at == on(TUESDAY, 17, 31)


def test_the_today_page_refuses_get_on_sign_in(client, county):
    client.force_login(county.clerk_a.user)
    assert client.get(reverse("operations:sign_in")).status_code == 405


def test_county_roles_land_on_the_post_page(as_county_admin):
    response = as_county_admin.get(reverse("operations:home"))
    assert response.status_code == 302 and response.url == reverse("operations:on_post")
    assert as_county_admin.get(reverse("operations:today")).url == reverse("operations:on_post")


def test_the_on_post_page_shows_each_window_and_the_leave_with_its_stand_in(client, county, deputy_a, clock):
    now = clock(on(TUESDAY, 10, 0))
    services.attendance_sign_in(staff=deputy_a, at=on(TUESDAY, 8, 20))
    leave = services.leave_request(
        actor=county.clerk_a,
        staff=county.clerk_a,
        kind="sick",
        starts_at=on(TUESDAY, 8, 30),
        ends_at=on(TUESDAY, 17, 30),
        reason="感冒发烧",
        stand_in=deputy_a,
        at=on(TUESDAY, 7, 50),
    )
    services.leave_approve(leave=leave, actor=county.director_a, at=on(TUESDAY, 8, 0))
    board = selectors_on_post.centre_now(county.centre_a, now=now)
    (window,) = board.windows
    (person,) = window.people
    assert person.staff == county.clerk_a and person.state == "on_leave" and person.leave.stand_in == deputy_a
    assert not window.staffed
    states = {p.staff.name: p.state for p in board.managers}
    assert states == {"director_a": "not_signed_in", "deputy_a": "on_post"}
    client.force_login(county.director_a.user)
    html = client.get(reverse("operations:on_post")).content.decode()
    assert "1号 民政窗口" in html and "顶岗:deputy_a" in html and "无人在岗" in html


def test_the_county_sees_the_summary_and_picks_a_centre(as_county_admin, county, clock):
    now = clock(on(TUESDAY, 10, 0))
    services.attendance_sign_in(staff=county.clerk_a, at=on(TUESDAY, 8, 20))
    rows = {row.centre.pk: row for row in selectors_on_post.county_now(now=now)}
    a, b = rows[county.centre_a.pk], rows[county.centre_b.pk]
    # Centre A: clerk_a and agent_a1 expected (director_a heads the centre part-time).
    assert (a.expected, a.on_post, a.not_signed_in) == (2, 1, 1)
    assert (b.expected, b.on_post, b.not_signed_in) == (2, 0, 2)
    html = as_county_admin.get(reverse("operations:on_post")).content.decode()
    assert "全县各中心" in html and county.centre_b.name in html
    html = as_county_admin.get(reverse("operations:on_post"), {"centre": county.centre_a.pk}).content.decode()
    assert 'id="board"' in html and "clerk_a" in html


def test_clerks_and_agents_do_not_see_the_post_page(client, county):
    for person in (county.clerk_a, county.agent_a1):
        client.force_login(person.user)
        assert client.get(reverse("operations:on_post")).status_code == 403


def test_the_director_enters_through_the_page(client, county, clock):
    clock(on(TUESDAY, 10, 0))
    client.force_login(county.director_a.user)
    url = reverse("operations:attendance_enter")
    page = client.get(url, {"staff": county.clerk_a.pk, "day": "2026-11-23"})
    assert page.status_code == 200
    data = {"staff": county.clerk_a.pk, "day": "2026-11-23", "signed_in": "08:25", "signed_out": "", "note": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    response = client.post(url, data | {"note": "外出办事,返回后补录"})
    assert response.status_code == 302
    assert Attendance.objects.get().source == AttendanceSource.ENTERED
    client.force_login(county.clerk_a.user)
    assert client.get(url).status_code == 403


def test_the_register_shows_own_rows_to_a_clerk_and_the_centre_to_the_director(client, county, deputy_a):
    for staff in (county.clerk_a, deputy_a, county.agent_a1, county.clerk_b):
        services.attendance_sign_in(staff=staff, at=on(TUESDAY, 8, 40))
    url = reverse("operations:attendance_list")
    client.force_login(county.clerk_a.user)
    html = client.get(url).content.decode()
    assert "clerk_a" in html and "deputy_a" not in html and "clerk_b" not in html
    client.force_login(county.director_a.user)
    html = client.get(url).content.decode()
    assert "clerk_a" in html and "deputy_a" in html and "agent_a1" in html and "clerk_b" not in html
    html = client.get(url, {"state": "late"}).content.decode()
    assert "迟到" in html


def test_it_exports_the_register_with_the_filters(client, county, deputy_a):
    services.attendance_sign_in(staff=county.clerk_a, at=on(TUESDAY, 8, 45))
    services.attendance_sign_in(staff=deputy_a, at=on(TUESDAY, 8, 10))
    services.attendance_sign_in(staff=county.clerk_b, at=on(TUESDAY, 8, 10))
    client.force_login(county.director_a.user)
    response = client.get(reverse("operations:attendance_export"), {"state": "late"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[3], r[7]) for r in rows] == [("clerk_a", "是")]
    assert "情况:迟到" in sheet["A1"].value


def test_the_monthly_summary_counts_days(county, clock):
    now = clock(on(TUESDAY, 18, 0))
    monday = TUESDAY - timedelta(days=1)
    services.attendance_sign_in(staff=county.clerk_a, at=on(monday, 8, 45))
    services.attendance_sign_out(staff=county.clerk_a, at=on(monday, 16, 0))
    leave = services.leave_request(
        actor=county.clerk_a,
        staff=county.clerk_a,
        kind="personal",
        starts_at=on(TUESDAY, 8, 30),
        ends_at=on(TUESDAY, 17, 30),
        reason="家中有事",
        at=on(monday, 10),
    )
    services.leave_approve(leave=leave, actor=county.director_a, at=on(monday, 11))
    (row,) = selectors_attendance.monthly_summary([county.clerk_a], first=TUESDAY.replace(day=1), last=TUESDAY, now=now)
    # November 2026 up to Tuesday the 24th: 17 working days; one present (late, early), one on leave.
    assert (row.present, row.late, row.early, row.leave_days) == (1, 1, 1, 1)
    assert row.absent == 15 and monday not in row.absent_days and TUESDAY not in row.absent_days
    (head,) = selectors_attendance.monthly_summary(
        [county.director_a], first=TUESDAY.replace(day=1), last=TUESDAY, now=now
    )
    assert head.absent == 0  # the township leader who heads the centre part-time is not expected


def test_the_summary_page_and_export(client, county, clock):
    clock(on(TUESDAY, 18, 0))
    client.force_login(county.director_a.user)
    html = client.get(reverse("operations:attendance_summary")).content.decode()
    assert "考勤月度汇总" in html and "clerk_a" in html and "agent_a1" in html and "clerk_b" not in html
    response = client.get(reverse("operations:attendance_summary_export"), {"month": "2026-11"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert {r[2] for r in rows} == {"director_a", "clerk_a", "agent_a1"}


def test_the_staff_page_shows_today_to_the_director_only(client, county, clock):
    clock(on(TUESDAY, 10, 0))
    services.attendance_sign_in(staff=county.clerk_a, at=on(TUESDAY, 8, 45))
    url = reverse("org:staff_detail", args=[county.clerk_a.pk])
    client.force_login(county.director_a.user)
    html = client.get(url).content.decode()
    assert "今日考勤" in html and "签到 08:45" in html and "迟到" in html
    other = county.agent_a1
    client.force_login(other.user)
    response = client.get(reverse("org:staff_detail", args=[other.pk]))
    assert "今日考勤" in response.content.decode()  # their own
    client.force_login(county.clerk_b.user)
    assert client.get(url).status_code == 404  # another centre's person


def test_the_dashboard_link_to_one_persons_day_explains_an_absence(client, county, clock):
    clock(on(TUESDAY, 10, 0))
    client.force_login(county.director_a.user)
    url = reverse("operations:attendance_list")
    html = client.get(url, {"staff": county.clerk_a.pk, "day": TUESDAY.isoformat()}).content.decode()
    assert "clerk_a 2026-11-24 没有签到记录,也没有经批准的请假(旷岗)" in html and "核实后补录" in html
    services.attendance_sign_in(staff=county.clerk_a, at=on(TUESDAY, 9, 50))
    html = client.get(url, {"staff": county.clerk_a.pk, "day": TUESDAY.isoformat()}).content.decode()
    assert "没有签到记录" not in html and "09:50" in html

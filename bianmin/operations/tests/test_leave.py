"""请销假 (plan 四(一)4(4); 附件 "严格执行请销假制度"): request by the person or entered by the director,
decision by the director of the person's centre (nobody decides their own), withdraw while pending,
销假 once approved, no overlapping leaves, conditional updates on (status, version)."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bianmin.core.errors import ApplicationError
from bianmin.operations import selectors_attendance, services
from bianmin.operations.models import Leave, LeaveStatus
from bianmin.operations.tests.conftest import TUESDAY, on

pytestmark = pytest.mark.django_db

WED = TUESDAY + timedelta(days=1)


def ask(staff, *, actor=None, start=None, end=None, **kw) -> Leave:
    values = {
        "actor": actor or staff,
        "staff": staff,
        "kind": "personal",
        "starts_at": start or on(WED, 8, 30),
        "ends_at": end or on(WED, 17, 30),
        "reason": "家中有事",
        "at": on(TUESDAY, 9),
    } | kw
    return services.leave_request(**values)


def test_a_clerk_requests_and_the_director_approves(county):
    leave = ask(county.clerk_a, stand_in=county.agent_a1)
    assert leave.status == LeaveStatus.REQUESTED and leave.centre == county.centre_a
    assert leave.requested_by == county.clerk_a
    leave = services.leave_approve(leave=leave, actor=county.director_a, note="同意", at=on(TUESDAY, 10))
    assert leave.status == LeaveStatus.APPROVED and leave.decided_by == county.director_a and leave.version == 1
    assert selectors_attendance.on_leave_staff_ids(at=on(WED, 10)) == {county.clerk_a.pk}
    assert selectors_attendance.on_leave_staff_ids(at=on(WED, 18)) == set()
    assert selectors_attendance.on_leave_staff_ids(at=on(WED, 10), staff_ids=[county.clerk_b.pk]) == set()
    leave = services.leave_return(leave=leave, actor=county.clerk_a, at=on(WED, 15))
    assert leave.status == LeaveStatus.RETURNED and leave.returned_at == on(WED, 15)
    assert selectors_attendance.on_leave_staff_ids(at=on(WED, 16)) == set()


def test_nobody_decides_their_own_leave(county, deputy_a, admin_staff, director_b):
    own = ask(county.director_a)
    with pytest.raises(ApplicationError, match="不能审批自己的请假"):
        services.leave_approve(leave=own, actor=county.director_a)
    with pytest.raises(ApplicationError, match="只有请假人所在中心的主任或县管委会才能审批"):
        services.leave_approve(leave=own, actor=director_b)
    with pytest.raises(ApplicationError, match="只有请假人所在中心的主任或县管委会才能审批"):
        services.leave_approve(leave=own, actor=county.clerk_a)
    assert services.leave_approve(leave=own, actor=deputy_a).status == LeaveStatus.APPROVED
    deputy_leave = ask(deputy_a, start=on(WED + timedelta(days=1), 8, 30), end=on(WED + timedelta(days=1), 17, 30))
    assert services.leave_refuse(leave=deputy_leave, actor=admin_staff, note="当天有督查").status == "refused"


def test_an_agents_leave_goes_to_the_director_of_the_points_centre(county, director_b):
    leave = ask(county.agent_a1)
    assert leave.centre == county.centre_a and leave.agency_point == county.point_a1
    with pytest.raises(ApplicationError):
        services.leave_approve(leave=leave, actor=director_b)
    assert services.leave_approve(leave=leave, actor=county.director_a).status == LeaveStatus.APPROVED


def test_the_director_enters_a_leave_for_a_person_of_the_centre_only(county):
    leave = ask(county.clerk_a, actor=county.director_a)
    assert leave.requested_by == county.director_a and leave.staff == county.clerk_a
    with pytest.raises(ApplicationError, match="只有该人员所在中心的主任或县管委会才能代为请假"):
        ask(county.clerk_b, actor=county.director_a)
    with pytest.raises(ApplicationError, match="代为请假"):
        ask(county.clerk_b, actor=county.clerk_a)


def test_overlapping_pending_or_approved_leaves_are_refused(county):
    first = ask(county.clerk_a)
    with pytest.raises(ApplicationError, match="时间重叠"):
        ask(county.clerk_a, start=on(WED, 14), end=on(WED + timedelta(days=1), 12))
    ask(county.clerk_b, start=on(WED, 14), end=on(WED, 17))  # someone else may
    services.leave_withdraw(leave=first, actor=county.clerk_a)
    second = ask(county.clerk_a, start=on(WED, 14), end=on(WED, 17))  # withdrawn ones do not block
    services.leave_approve(leave=second, actor=county.director_a)
    services.leave_return(leave=second, actor=county.clerk_a, at=on(WED, 15))
    ask(county.clerk_a, start=on(WED, 16), end=on(WED, 17, 30))  # after the early return


def test_a_refusal_needs_a_reason_and_decisions_happen_once(county, deputy_a):
    leave = ask(county.clerk_a)
    with pytest.raises(ApplicationError, match="请填写不予批准的理由"):
        services.leave_refuse(leave=leave, actor=county.director_a, note="")
    seen = leave.version
    services.leave_approve(leave=leave, actor=county.director_a, seen_version=seen)
    stale = Leave.objects.get(pk=leave.pk)
    stale.status, stale.version = LeaveStatus.REQUESTED, seen  # a page opened before the approval
    with pytest.raises(ApplicationError, match="已被他人处理"):
        services._change_leave(stale, expected=LeaveStatus.REQUESTED, seen_version=seen, status="refused")
    with pytest.raises(ApplicationError, match="当前为“已批准”,不能再审批"):
        services.leave_refuse(leave=leave, actor=deputy_a, note="不同意")


def test_withdraw_only_while_pending_and_only_by_the_person_or_the_filer(county):
    leave = ask(county.clerk_a)
    with pytest.raises(ApplicationError, match="只有请假人本人或填报人可以撤回"):
        services.leave_withdraw(leave=leave, actor=county.director_a)
    leave = services.leave_withdraw(leave=leave, actor=county.clerk_a, at=on(TUESDAY, 11))
    assert leave.status == LeaveStatus.WITHDRAWN and leave.decided_by == county.clerk_a
    with pytest.raises(ApplicationError, match="不能撤回"):
        services.leave_withdraw(leave=leave, actor=county.clerk_a)


def test_return_only_once_approved_by_the_person_or_their_director(county, director_b):
    leave = ask(county.clerk_a)
    with pytest.raises(ApplicationError, match="只有已批准的请假可以销假"):
        services.leave_return(leave=leave, actor=county.clerk_a)
    services.leave_approve(leave=leave, actor=county.director_a)
    with pytest.raises(ApplicationError, match="才能销假"):
        services.leave_return(leave=leave, actor=director_b)
    returned = services.leave_return(leave=leave, actor=county.director_a)
    assert returned.status == LeaveStatus.RETURNED and returned.returned_by == county.director_a


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "holiday"}, "请选择请假类别"),
        ({"reason": ""}, "请填写请假事由"),
        ({"end": on(WED, 8, 0)}, "结束时间必须晚于开始时间"),
    ],
)
def test_it_refuses_a_bad_request(county, overrides, message):
    with pytest.raises(ApplicationError, match=message):
        ask(county.clerk_a, **overrides)


def test_the_stand_in_is_another_active_person_of_the_centre(county):
    with pytest.raises(ApplicationError, match="顶岗人员不能是请假人本人"):
        ask(county.clerk_a, stand_in=county.clerk_a)
    with pytest.raises(ApplicationError, match="顶岗人员应为本中心或其代办点在岗的工作人员"):
        ask(county.clerk_a, stand_in=county.clerk_b)


def test_a_replayed_request_is_answered_once(county):
    first = ask(county.clerk_a, request_key="k-1")
    assert ask(county.clerk_a, request_key="k-1") == first
    assert Leave.objects.count() == 1


# --- pages ------------------------------------------------------------------------------------


def form(county, **overrides):
    return {
        "request_key": "key-1",
        "staff": county.clerk_a.pk,
        "kind": "sick",
        "starts_at": "2026-11-25T08:30",
        "ends_at": "2026-11-25T17:30",
        "reason": "看病",
        "stand_in": "",
    } | overrides


def test_the_clerk_requests_and_the_director_decides_on_the_pages(client, county):
    client.force_login(county.clerk_a.user)
    assert client.get(reverse("operations:leave_new")).status_code == 200
    response = client.post(reverse("operations:leave_new"), form(county))
    leave = Leave.objects.get()
    assert response.status_code == 302 and response.url == leave.get_absolute_url()
    # A clerk cannot file for someone else: the choice is themselves only.
    response = client.post(reverse("operations:leave_new"), form(county, request_key="k2", staff=county.clerk_b.pk))
    assert response.status_code == 200 and Leave.objects.count() == 1
    detail = client.get(leave.get_absolute_url()).content.decode()
    assert "撤回申请" in detail and "批准" not in detail.replace("不予批准的理由", "")
    response = client.post(leave.get_absolute_url(), {"op": "approve", "version": 0})
    assert response.status_code == 403
    client.force_login(county.director_a.user)
    response = client.post(leave.get_absolute_url(), {"op": "refuse", "version": 0, "note": ""})
    assert "请填写不予批准的理由" in response.content.decode()
    response = client.post(leave.get_absolute_url(), {"op": "approve", "version": 0, "note": "注意身体"})
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.APPROVED
    # The same page acted on twice: the second is refused.
    response = client.post(leave.get_absolute_url(), {"op": "return", "version": 0})
    assert "已被他人处理" in response.content.decode()
    detail = client.get(leave.get_absolute_url()).content.decode()
    assert "director_a<strong>批准</strong>:注意身体" in detail


def test_another_centre_cannot_read_or_act_on_a_leave(client, county, director_b):
    leave = ask(county.clerk_a)
    for person in (county.clerk_b, director_b, county.agent_a1):
        client.force_login(person.user)
        assert client.get(leave.get_absolute_url()).status_code == 404
        assert client.post(leave.get_absolute_url(), {"op": "approve", "version": 0}).status_code == 404
        assert "clerk_a" not in client.get(reverse("operations:leave_list")).content.decode()


def test_the_inspector_reads_but_cannot_decide(client, county):
    leave = ask(county.clerk_a)
    client.force_login(county.users["inspector"])
    assert client.get(leave.get_absolute_url()).status_code == 200
    assert client.post(leave.get_absolute_url(), {"op": "approve", "version": 0}).status_code == 403
    assert client.get(reverse("operations:leave_new")).status_code == 403


def test_it_lists_and_exports_with_filters(client, county):
    ask(county.clerk_a)
    ask(county.agent_a1, kind="sick")
    ask(county.clerk_b)
    client.force_login(county.director_a.user)
    html = client.get(reverse("operations:leave_list"), {"kind": "sick"}).content.decode()
    assert "agent_a1" in html and "clerk_a" not in html.split("<tbody>")[1]
    response = client.get(reverse("operations:leave_export"), {"status": "requested"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert sorted(r[2] for r in rows) == ["agent_a1", "clerk_a"]

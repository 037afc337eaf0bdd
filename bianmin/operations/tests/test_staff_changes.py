"""人员调整报备 (plan 四(一)1(2) 如发生人员调整须及时报备): the director reports, on time within N working
days of the effective date, the county admin acknowledges; annulled with a reason, never deleted."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bianmin.core.errors import ApplicationError
from bianmin.operations import selectors_records, services_records
from bianmin.operations.models import StaffChange
from bianmin.operations.tests.conftest import TUESDAY, on

pytestmark = pytest.mark.django_db


def report(county, effective_on=date(2026, 11, 20), actor=None, **kw) -> StaffChange:
    values = {
        "actor": actor or county.director_a,
        "centre": county.centre_a,
        "kind": "post",
        "staff": county.clerk_a,
        "from_post": "民政窗口",
        "to_post": "综合窗口",
        "effective_on": effective_on,
        "at": on(TUESDAY, 10),
    } | kw
    return services_records.staff_change_report(**values)


def test_on_time_within_the_working_days(county):
    on_time = report(county, effective_on=date(2026, 11, 20))  # Fri → deadline Fri 27th
    late = report(county, effective_on=date(2026, 11, 13))  # Fri → deadline Fri 20th
    on_time, late = selectors_records.with_timeliness([on_time, late])
    assert on_time.on_time and on_time.deadline == date(2026, 11, 27)
    assert not late.on_time and late.name == "clerk_a"


def test_only_the_centres_director_role_staff_report(county, director_b, admin_staff):
    for actor in (county.clerk_a, director_b, admin_staff):
        with pytest.raises(ApplicationError, match="才能报备人员调整"):
            report(county, actor=actor)
    with pytest.raises(ApplicationError, match="只能选择本中心或其代办点的人员"):
        report(county, staff=county.clerk_b)
    with pytest.raises(ApplicationError, match="请填写新岗位"):
        report(county, kind="joined", staff=None, name="新来的", to_post="")
    joined = report(county, kind="joined", staff=None, name="新来的", from_post="", to_post="社保窗口")
    assert joined.name == "新来的" and joined.staff is None


def test_the_county_admin_acknowledges_once(county, admin_staff, inspector_staff):
    change = report(county)
    with pytest.raises(ApplicationError, match="只有县管委会可以确认"):
        services_records.staff_change_acknowledge(change=change, actor=inspector_staff)
    with pytest.raises(ApplicationError, match="只有县管委会可以确认"):
        services_records.staff_change_acknowledge(change=change, actor=county.director_a)
    change = services_records.staff_change_acknowledge(change=change, actor=admin_staff, at=on(TUESDAY, 15))
    assert change.acknowledged_by == admin_staff
    with pytest.raises(ApplicationError, match="已确认或已作废"):
        services_records.staff_change_acknowledge(change=change, actor=admin_staff)


def test_it_is_annulled_with_a_reason_never_deleted(county, director_b):
    change = report(county)
    with pytest.raises(ApplicationError, match="不能删除"):
        change.delete()
    with pytest.raises(ApplicationError, match="不能删除"):
        StaffChange.objects.filter(pk=change.pk).delete()
    with pytest.raises(ApplicationError, match="只有报备人、本中心主任或县管委会"):
        services_records.staff_change_annul(change=change, actor=director_b, reason="不是我中心的")
    services_records.staff_change_annul(change=change, actor=county.director_a, reason="岗位调整取消")
    change.refresh_from_db()
    assert change.annul_reason == "岗位调整取消" and change.is_annulled
    with pytest.raises(ApplicationError, match="已被作废"):
        services_records.staff_change_annul(change=change, actor=county.director_a, reason="再作废一次")


def test_a_replayed_report_is_answered_once(county):
    first = report(county, request_key="r-1")
    assert report(county, request_key="r-1") == first and StaffChange.objects.count() == 1


# --- pages ------------------------------------------------------------------------------------


def test_the_director_reports_and_the_county_acknowledges_on_the_pages(client, county, clock):
    clock(on(TUESDAY, 10))
    client.force_login(county.director_a.user)
    data = {
        "request_key": "k-1",
        "kind": "left",
        "staff": county.clerk_a.pk,
        "name": "",
        "from_post": "民政窗口",
        "to_post": "",
        "effective_on": "2026-11-02",
        "reason": "调乡政府办",
    }
    response = client.post(reverse("operations:staff_change_new"), data, follow=True)
    assert "记为逾期报备" in response.content.decode()
    change = StaffChange.objects.get()
    client.force_login(county.users["inspector"])
    url = reverse("operations:staff_change_detail", args=[change.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"op": "acknowledge"}).status_code == 403
    client.force_login(county.users["county_admin"])
    html = client.get(reverse("operations:staff_change_list"), {"acknowledged": "no"}).content.decode()
    assert "逾期报备" in html and "待确认" in html
    assert client.post(url, {"op": "acknowledge"}).status_code == 302
    change.refresh_from_db()
    assert change.acknowledged_at is not None


def test_other_centres_and_clerks_cannot_read(client, county, director_b):
    change = report(county)
    url = reverse("operations:staff_change_detail", args=[change.pk])
    client.force_login(director_b.user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"op": "annul", "reason": "越权作废试试"}).status_code == 404
    assert "clerk_a" not in client.get(reverse("operations:staff_change_list")).content.decode()
    for person in (county.clerk_a, county.agent_a1):
        client.force_login(person.user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("operations:staff_change_new")).status_code == 403


def test_it_filters_by_timeliness_and_exports(client, county):
    report(county, effective_on=date(2026, 11, 20))
    report(county, effective_on=date(2026, 11, 13), staff=county.agent_a1, from_post="代办员", to_post="负责人")
    client.force_login(county.director_a.user)
    html = client.get(reverse("operations:staff_change_list"), {"timeliness": "late"}).content.decode()
    assert "agent_a1" in html and "clerk_a" not in html.split("<tbody>")[1]
    response = client.get(reverse("operations:staff_change_export"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert sorted((r[1], r[8]) for r in rows) == [("agent_a1", "逾期报备"), ("clerk_a", "及时报备")]

"""The register list (投诉举报登记簿): its filters, the deadline lights (red 逾期, yellow 今日/明日到期),
the .xlsx export (phones masked, names only for who may see identities), scoping and query counts."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bianmin.core.roles import Role
from bianmin.supervision import selectors, services_complaints
from bianmin.supervision.models import Complaint
from bianmin.supervision.tests.helpers import china
from bianmin.workcalendar import services as calendar_services
from bianmin.workcalendar.selectors import load_calendar

pytestmark = pytest.mark.django_db

LIST = reverse("supervision:complaint_list")
EXPORT = reverse("supervision:complaint_export")
CONTENT = "窗口工作人员办事拖拉,材料齐全却让下周再来。"
FOUND = (
    "调阅当日大厅监控,询问当事人和同窗口工作人员,核对办件记录,"
    "查明群众所述材料齐全而未予受理的情况属实,已责令当事人作出书面检查。"
)


@pytest.fixture(autouse=True)
def calendar(db):
    calendar_services.seed_from_package()


def submit(county, centre=None, **kw):
    values = {"centre": centre or county.centre_a, "category": "efficiency", "content": CONTENT} | kw
    return services_complaints.complaint_submit(**values)


def register(county, actor=None, **kw):
    values = {
        "actor": actor or county.users[Role.COUNTY_ADMIN].staff,
        "centre": county.centre_a,
        "channel": "hotline",
        "external_ref": "YS-12345-0001",
        "category": "attitude",
        "content": CONTENT,
        "received_at": timezone.now() - timedelta(hours=3),
    } | kw
    return services_complaints.complaint_register(**values)


def close(complaint, actor, verdict="unsubstantiated"):
    services_complaints.complaint_investigate(complaint=complaint, actor=actor, investigation=FOUND)
    services_complaints.complaint_verify(complaint=complaint, actor=actor, verdict=verdict)
    return services_complaints.complaint_respond(complaint=complaint, actor=actor, reply="已核查并答复。", close=True)


def shown(client, **params) -> set[int]:
    html = client.get(LIST, params).content.decode()
    return {c.pk for c in Complaint.objects.all() if c.get_absolute_url() in html}


def set_deadline(complaint, deadline):
    Complaint.objects.filter(pk=complaint.pk).update(deadline=deadline)


# --- filters -------------------------------------------------------------------------------------


def test_it_filters_the_register(client, county):
    portal = submit(county)
    hotline = register(county)
    other_centre = submit(county, centre=county.centre_b, category="fees")
    found = close(
        register(county, channel="media", external_ref="《窗口排长队》", category="quality"),
        county.director_a,
        "substantiated",
    )
    client.force_login(county.users[Role.COUNTY_ADMIN])
    assert shown(client) == {portal.pk, hotline.pk, other_centre.pk, found.pk}
    assert shown(client, centre=county.centre_b.pk) == {other_centre.pk}
    assert shown(client, status="open") == {portal.pk, hotline.pk, other_centre.pk}
    assert shown(client, status="closed") == {found.pk}
    assert shown(client, channel="hotline") == {hotline.pk}
    assert shown(client, category="fees") == {other_centre.pk}
    assert shown(client, verdict="substantiated") == {found.pk}
    assert shown(client, verdict="none") == {portal.pk, hotline.pk, other_centre.pk}


def test_it_filters_by_date_received(client, county):
    old = submit(county, at=china(2026, 8, 3))
    recent = submit(county, at=china(2026, 9, 15))
    client.force_login(county.director_a.user)
    assert shown(client, since="2026-09-01") == {recent.pk}
    assert shown(client, until="2026-08-03") == {old.pk}
    assert shown(client, since="2026-08-01", until="2026-09-30") == {old.pk, recent.pk}
    assert (
        "结束日期不能早于开始日期" in client.get(LIST, {"since": "2026-09-02", "until": "2026-09-01"}).content.decode()
    )


def test_it_filters_overdue_and_assigned_to_me(client, county):
    late, mine, other = submit(county), submit(county), submit(county)
    set_deadline(late, timezone.localdate() - timedelta(days=1))
    services_complaints.complaint_assign(complaint=mine, actor=county.director_a, assignee=county.clerk_a)
    services_complaints.complaint_assign(complaint=other, actor=county.director_a, assignee=county.director_a)
    client.force_login(county.clerk_a.user)
    assert shown(client, overdue="on") == {late.pk}
    assert shown(client, mine="on") == {mine.pk}
    assert shown(client) == {late.pk, mine.pk, other.pk}  # a clerk reads the whole centre's register


# --- lights --------------------------------------------------------------------------------------


def test_it_lights_the_deadlines(client, county):
    today = timezone.localdate()
    following = selectors.next_working_day(today)
    overdue, due_today, due_next, later, closed = (submit(county) for _ in range(5))
    set_deadline(overdue, today - timedelta(days=1))
    set_deadline(due_today, today)
    set_deadline(due_next, following)
    set_deadline(later, following + timedelta(days=7))
    close(closed, county.director_a)
    set_deadline(closed, today - timedelta(days=3))
    rows = {c.pk: c.light for c in selectors.with_complaint_lights(Complaint.objects.all(), today)}
    assert rows[overdue.pk].colour == "red" and rows[overdue.pk].label == "逾期"
    assert rows[due_today.pk].colour == "yellow" and rows[due_today.pk].label == "今日到期"
    assert rows[due_next.pk].colour == "yellow"
    assert rows[later.pk] is None and rows[closed.pk] is None
    client.force_login(county.director_a.user)
    html = client.get(LIST).content.decode()
    assert "逾期" in html and "今日到期" in html and "table-danger" in html


@pytest.mark.parametrize(
    ("today", "deadline", "label"),
    [
        (china(2025, 11, 19).date(), china(2025, 11, 20).date(), "明日到期"),  # Wednesday → Thursday
        (china(2025, 11, 21).date(), china(2025, 11, 24).date(), "11月24日到期"),  # Friday → Monday
        (china(2025, 9, 26).date(), china(2025, 9, 28).date(), "9月28日到期"),  # → adjusted working Sunday
    ],
)
def test_it_names_the_next_working_day(county, today, deadline, label):
    light = selectors.deadline_light(
        deadline=deadline, closed=False, today=today, next_day=selectors.next_working_day(today, load_calendar())
    )
    assert light is not None and (light.colour, light.label) == ("yellow", label)


# --- export --------------------------------------------------------------------------------------


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("投诉举报登记簿")
    return rows[1], rows[2:]


def test_it_exports_the_register_with_masked_phones(client, county):
    named = register(county, name="李四", phone="13812345678")
    anonymous = submit(county)
    client.force_login(county.director_a.user)
    header, rows = rows_of(client.get(EXPORT))
    column = {name: index for index, name in enumerate(header)}
    by_code = {row[column["查询码"]]: row for row in rows}
    assert set(by_code) == {named.code, anonymous.code}
    row = by_code[named.code]
    assert row[column["投诉人"]] == "李四" and row[column["联系电话"]] == "138****5678"
    assert row[column["来源"]] == "12345热线" and row[column["来源编号"]] == "YS-12345-0001"
    assert row[column["办理期限"]].date() == named.deadline and row[column["是否逾期"]] == "否"
    assert by_code[anonymous.code][column["投诉人"]] == "匿名"
    assert b"13812345678" not in client.get(EXPORT).content


def test_it_exports_without_identities_for_clerks_and_keeps_the_filters(client, county):
    named = register(county, name="李四", phone="13812345678", category="fees")
    submit(county)
    submit(county, centre=county.centre_b)
    client.force_login(county.clerk_a.user)
    header, rows = rows_of(client.get(EXPORT, {"category": "fees"}))
    column = {name: index for index, name in enumerate(header)}
    assert [row[column["查询码"]] for row in rows] == [named.code]
    assert rows[0][column["投诉人"]] == "实名" and rows[0][column["联系电话"]] in ("", None)
    assert "李四" not in str(rows) and "5678" not in str(rows)


def test_it_scopes_the_export(client, county):
    a = submit(county)
    b = submit(county, centre=county.centre_b)
    client.force_login(county.clerk_b.user)
    _header, rows = rows_of(client.get(EXPORT))
    assert [row[0] for row in rows] == [b.code] and a.code not in str(rows)


def test_it_refuses_the_register_to_agents(client, county):
    client.force_login(county.agent_a1.user)
    for page in (LIST, EXPORT, reverse("supervision:complaint_register")):
        assert client.get(page).status_code == 403


def test_it_offers_registration_to_those_who_may_register(client, county):
    link = reverse("supervision:complaint_register")
    for user, offered in (
        (county.users[Role.COUNTY_ADMIN], True),
        (county.users[Role.INSPECTOR], True),
        (county.director_a.user, True),
        (county.clerk_a.user, False),
    ):
        client.force_login(user)
        assert (link in client.get(LIST).content.decode()) == offered


# --- query counts --------------------------------------------------------------------------------


def add_rows(county, n):
    for i in range(n):
        complaint = register(county, name="王五" if i % 2 else "", phone="13900001111" if i % 2 else "")
        services_complaints.complaint_assign(
            complaint=complaint, actor=county.users[Role.COUNTY_ADMIN].staff, assignee=county.clerk_a
        )
        if i % 3 == 0:
            close(complaint, county.director_a, "substantiated" if i % 2 else "unsubstantiated")
        submit(county, staff=county.clerk_a)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("login", ["director_a", "county_admin", "clerk_a"])
@pytest.mark.parametrize("page", [LIST, EXPORT, LIST + "?overdue=on&mine=on&status=open"])
def test_it_lists_and_exports_with_a_constant_number_of_queries(client, county, login, page):
    user = {
        "director_a": county.director_a.user,
        "county_admin": county.users[Role.COUNTY_ADMIN],
        "clerk_a": county.clerk_a.user,
    }[login]
    client.force_login(user)
    add_rows(county, 1)
    one = count(client, page)
    add_rows(county, 6)
    many = count(client, page)
    assert one == many <= 12

"""Redistricting (issue #14 point 2): a township renamed, re-coded, converted to a 街道 or merged
keeps its centre, points, staff and cases, and reports before and after the change stay right."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bianmin.adoption import redistrict
from bianmin.adoption.models import ChangeKind, UnitChange
from bianmin.cases.months import Month
from bianmin.cases.tests.helpers import listed_item, register_on
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.models import AgencyPoint, Region, Staff
from bianmin.reports import selectors as report_selectors
from bianmin.reports import services as report_services
from bianmin.reports.compile import compile_figures
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")
COUNTY = report_selectors.Scope(role=Role.COUNTY_ADMIN)


def admin(county):
    return county.users[Role.COUNTY_ADMIN]


def convert(county, **kw):
    """甲镇 (361123101) becomes 甲街道 (361123001) on 1 June 2026."""
    values = {"new_name": "甲街道", "new_code": "361123001", "new_kind": "street", "effective_on": date(2026, 6, 1)}
    return redistrict.township_change(township=county.centre_a.township, actor=admin(county), **(values | kw))


def test_a_town_becomes_a_street_keeping_everything(county):
    case_item = listed_item(county)
    case = register_on(county, case_item, datetime(2026, 3, 10, 9, tzinfo=CHINA))
    outcome = convert(county, document="赣府字〔2026〕8号")

    township = Region.objects.get(pk=county.centre_a.township.pk)
    assert (township.name, township.code, township.kind) == ("甲街道", "361123001", "street")
    county.centre_a.refresh_from_db()
    assert county.centre_a.name == "甲街道便民服务中心"
    assert outcome.change.kind == ChangeKind.CONVERT and outcome.change.old_centre_name == "甲镇便民服务中心"
    # Villages follow the new code; their old codes are kept in their own records.
    assert outcome.villages_recoded == 3
    assert Region.objects.get(name="一村").code == "361123001201"
    assert UnitChange.objects.get(region__name="一村").old_code == "361123101201"
    # Points, staff and cases stay attached (same primary keys).
    assert AgencyPoint.objects.get(pk=county.point_a1.pk).centre_id == county.centre_a.pk
    assert Staff.objects.get(pk=county.clerk_a.pk).centre_id == county.centre_a.pk
    case.refresh_from_db()
    assert case.centre_id == county.centre_a.pk and case.receipt_number.startswith("361123101-")
    # A case received after the change carries the new code.
    later = register_on(county, case_item, datetime(2026, 6, 3, 9, tzinfo=CHINA))
    assert later.receipt_number.startswith("361123001-2026-")


def test_reports_of_months_before_the_change_keep_the_old_name(county, as_county_admin):
    calendar_services.seed_from_package()
    register_on(county, listed_item(county), datetime(2026, 3, 10, 9, tzinfo=CHINA))
    march = report_services.report_submit(
        centre=county.centre_a,
        month=Month(2026, 3),
        actor=county.director_a,
        summary="三月份中心运行正常,办件按时办结。",
        at=datetime(2026, 4, 2, 9, tzinfo=CHINA),
    )
    convert(county)
    county.centre_a.refresh_from_db()
    # The frozen version, the live compilation of an old month and the pages all say 甲镇.
    assert march.figures["centre_name"] == "甲镇便民服务中心"
    assert compile_figures(county.centre_a, Month(2026, 4)).centre_name == "甲镇便民服务中心"
    assert compile_figures(county.centre_a, Month(2026, 6)).centre_name == "甲街道便民服务中心"
    names = {c.pk: c.name for c in report_selectors.centres_in(COUNTY, Month(2026, 3))}
    assert names[county.centre_a.pk] == "甲镇便民服务中心"
    page = as_county_admin.get(reverse("reports:detail", args=[county.centre_a.pk, "2026-03"]))
    heading = page.content.decode().split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "甲镇便民服务中心" in heading


def test_a_merge_moves_villages_points_and_staff_and_keeps_old_months(county):
    calendar_services.seed_from_package()
    item = listed_item(county)
    case_b = register_on(county, item, datetime(2026, 3, 10, 9, tzinfo=CHINA), actor=county.clerk_b)
    outcome = redistrict.township_merge(
        absorbed=county.centre_b.township,
        into=county.centre_a.township,
        effective_on=date(2026, 5, 1),
        actor=admin(county),
    )
    assert (outcome.villages_moved, outcome.points_moved, outcome.staff_moved) == (1, 1, 1)
    county.centre_b.refresh_from_db()
    assert county.centre_b.is_active is False
    assert AgencyPoint.objects.get(pk=county.point_b1.pk).centre_id == county.centre_a.pk
    assert Staff.objects.get(pk=county.clerk_b.pk).centre_id == county.centre_a.pk
    case_b.refresh_from_db()
    assert case_b.centre_id == county.centre_b.pk  # history stays where it was made
    # March: both centres are in the county table (乙乡 still worked); June: only 甲镇.
    march = [c.pk for c in report_selectors.centres_in(COUNTY, Month(2026, 3))]
    june = [c.pk for c in report_selectors.centres_in(COUNTY, Month(2026, 6))]
    assert march == [county.centre_a.pk, county.centre_b.pk] and june == [county.centre_a.pk]
    assert compile_figures(county.centre_b, Month(2026, 3)).totals.received == 1
    table = report_selectors.county_month(
        report_selectors.centres_in(COUNTY, Month(2026, 3)), Month(2026, 3), now=datetime(2026, 6, 2, tzinfo=CHINA)
    )
    assert table["totals"].received == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"new_code": "36112300"}, "9位数字"),
        ({"new_code": "360000001"}, "本县代码361123开头"),
        ({"new_code": "361123201"}, "已被其他区划使用"),
        ({"new_name": "甲镇", "new_code": "361123101", "new_kind": "town"}, "都没有变化"),
        ({"new_name": " "}, "请填写新名称"),
    ],
)
def test_a_wrong_change_is_refused_and_nothing_changes(county, changes, message):
    with pytest.raises(ApplicationError, match=message):
        convert(county, **changes)
    assert Region.objects.get(pk=county.centre_a.township.pk).name == "甲镇"
    assert not UnitChange.objects.exists()


def test_the_page_registers_a_change_for_the_county_admin_only(county, client):
    client.force_login(county.clerk_a.user)
    assert client.get(reverse("adoption:redistricting")).status_code == 403
    client.force_login(admin(county))
    data = {
        "op": "change",
        "c-township": county.centre_a.township.pk,
        "c-new_name": "甲街道",
        "c-new_code": "361123001",
        "c-new_kind": "street",
        "c-effective_on": "2026-06-01",
    }
    response = client.post(reverse("adoption:redistricting"), data, follow=True)
    assert "甲镇已调整为甲街道" in response.content.decode()
    assert "甲镇(361123101)" in response.content.decode()

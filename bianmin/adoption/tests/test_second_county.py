"""Issue #14, done when: from an empty database a second, invented county (青石县: 3 townships and
a 街道, 10 villages) is imported from the template workbook, a case runs through it and its monthly
report is produced; re-importing an edited workbook updates in place and retires, never deletes."""

from datetime import datetime
from io import BytesIO, StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import load_workbook

from bianmin.adoption import org_import, setup
from bianmin.adoption import workbook as wbk
from bianmin.adoption.models import ChangeKind, PasswordFlag, UnitChange
from bianmin.adoption.tests import qingshi
from bianmin.cases import services as case_services
from bianmin.cases.models import Case
from bianmin.cases.months import Month
from bianmin.cases.tests.helpers import ALL_RECEIVED, applicant
from bianmin.catalogue import excel as catalogue_excel
from bianmin.catalogue import services as catalogue_services
from bianmin.catalogue.models import ServiceItem
from bianmin.org.models import AgencyPoint, Authorization, Centre, Region, RegionLevel, Staff, Window
from bianmin.reports import services as report_services
from bianmin.reports.compile import compile_figures
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def qingshi_county():
    county = setup.county_setup(code=qingshi.CODE, name=qingshi.NAME).county
    result = org_import.import_org(qingshi.upload(qingshi.workbook()), county=county)
    assert result.errors == []
    return county, result


def catalogue_workbook() -> bytes:
    """The catalogue template with one item (民政, 承诺件, 3 working days) and its two materials."""
    wb = load_workbook(BytesIO(catalogue_excel.export_workbook([])))
    items, materials = wb[catalogue_excel.ITEMS_SHEET], wb[catalogue_excel.MATERIALS_SHEET]
    row = dict.fromkeys([c.header for c in catalogue_excel.ITEM_COLUMNS], None) | {
        "事项编码": "QS-MZ-001",
        "事项名称": "临时救助",
        "业务条线": "民政",
        "事项类型": "行政给付",
        "实施主体": "民政所",
        "办件类型": "承诺件",
        "法定时限(工作日)": 20,
        "承诺时限(工作日)": 3,
        "是否收费": "不收费",
        "办理流程": "申请\n审批",
    }
    items.append(list(row.values()))
    materials.append(["QS-MZ-001", 1, "居民身份证", "原件", 1, "是", "否", ""])
    materials.append(["QS-MZ-001", 2, "户口簿", "复印件", 1, "是", "否", ""])
    stream = BytesIO()
    wb.save(stream)
    return stream.getvalue()


def test_it_builds_the_county_from_the_template_workbook(qingshi_county):
    county, result = qingshi_county
    townships = Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP)
    assert sorted(townships.values_list("kind", flat=True)) == ["street", "town", "town", "xiang"]
    assert Region.objects.filter(parent__in=townships, level=RegionLevel.VILLAGE).count() == 10
    assert Centre.objects.filter(township__parent=county).count() == 4
    street = Centre.objects.get(township__code="369901001")
    assert street.name == "城关街道便民服务中心" and street.director.name == "城关主任"
    assert street.deputy.position == "专职副主任"
    assert Window.objects.filter(centre=street).count() == 6
    assert AgencyPoint.objects.get(village__code="369901101202").head.name == "上坊村书记"
    authorization = Authorization.objects.get(department__name="城关街道民政所")
    assert [w.number for w in authorization.windows.all()] == [1]
    assert result.counts[wbk.STAFF]["created"] == 50
    # Logins for the rows with a 登录名, each to be changed at first login.
    assert {a.username for a in result.accounts} >= {"qs_admin", "qs_director1", "qs_clerk11", "qs_agent4"}
    clerk = get_user_model().objects.get(username="qs_clerk11")
    assert clerk.check_password(next(a.password for a in result.accounts if a.username == "qs_clerk11"))
    assert PasswordFlag.objects.get(user=clerk).must_change
    assert clerk.groups.get().name == "窗口工作人员"


def test_a_case_runs_through_it_and_its_monthly_report_is_produced(qingshi_county):
    county, _ = qingshi_county
    calendar_services.seed_from_package()
    result = catalogue_excel.import_workbook(qingshi.upload(catalogue_workbook(), "目录.xlsx"), actor=None)
    assert result.errors == [] and result.created == ["QS-MZ-001"]
    centre = Centre.objects.get(township__code="369901101")  # 石门镇
    window = Window.objects.get(centre=centre, number=1)
    catalogue_services.centre_list_set(centre=centre, entries=[(ServiceItem.objects.get(code="QS-MZ-001"), window)])
    clerk = Staff.objects.get(user__username="qs_clerk21")
    materials = {1: ALL_RECEIVED[1], 2: ALL_RECEIVED[2]}
    received = datetime(2026, 3, 9, 9, 30, tzinfo=CHINA)
    case = case_services.case_register(
        actor=clerk,
        item=ServiceItem.objects.get(code="QS-MZ-001"),
        applicant=applicant(),
        materials=materials,
        at=received,
    )
    assert case.receipt_number == "369901101-2026-000001"
    case_services.case_accept(case=case, actor=clerk, at=received)
    case.refresh_from_db()
    case_services.case_complete(case=case, actor=clerk, result="approved", at=datetime(2026, 3, 11, 10, tzinfo=CHINA))
    case.refresh_from_db()
    assert case.status == "completed"

    figures = compile_figures(centre, Month(2026, 3), now=datetime(2026, 4, 2, 9, tzinfo=CHINA))
    assert figures.centre_name == "石门镇便民服务中心"
    assert (figures.totals.received, figures.totals.completed, figures.totals.on_time) == (1, 1, 1)
    director = Staff.objects.get(user__username="qs_director2")
    version = report_services.report_submit(
        centre=centre,
        month=Month(2026, 3),
        actor=director,
        summary="本月中心运行正常,全部办件按时办结。",
        at=datetime(2026, 4, 3, 9, tzinfo=CHINA),
    )
    assert version.on_time and version.figures["totals"]["received"] == 1
    assert Case.objects.filter(centre__township__parent=county).count() == 1


def test_reimporting_an_edited_workbook_updates_in_place_and_retires(qingshi_county):
    county, _ = qingshi_county
    data = qingshi.rows()
    data[wbk.CENTRES][1][6] = 260  # 石门镇's hall grows to 示范型
    gone_village = "369901201202"  # 杏花村: its point and people leave the workbook
    data[wbk.POINTS] = [r for r in data[wbk.POINTS] if r[0] != gone_village]
    data[wbk.STAFF] = [r for r in data[wbk.STAFF] if r[3] != gone_village]
    data[wbk.AUTHORIZATIONS] = [r for r in data[wbk.AUTHORIZATIONS] if r[1] != "桃溪乡农业站"]
    point = AgencyPoint.objects.get(village__code=gone_village)
    before = Staff.objects.count()

    result = org_import.import_org(qingshi.upload(qingshi.workbook(data)), county=county)

    assert result.errors == []
    assert result.counts[wbk.CENTRES] == {"created": 0, "updated": 1, "unchanged": 3, "retired": 0}
    assert result.counts[wbk.POINTS] == {"created": 0, "updated": 0, "unchanged": 9, "retired": 1}
    assert result.counts[wbk.STAFF]["retired"] == 2
    assert result.counts[wbk.AUTHORIZATIONS]["retired"] == 1
    assert Centre.objects.get(township__code="369901101").hall_area == 260
    point.refresh_from_db()
    assert point.is_active is False  # retired, not deleted
    assert Staff.objects.count() == before and Staff.objects.filter(agency_point=point, is_active=False).count() == 2
    assert Authorization.objects.get(department__name="桃溪乡农业站").revoked_on is not None


def test_a_township_missing_from_the_workbook_is_retired_with_a_record(qingshi_county):
    county, _ = qingshi_county
    data = qingshi.rows()
    gone = "369901201"
    data[wbk.TOWNSHIPS] = [r for r in data[wbk.TOWNSHIPS] if r[0] != gone]
    data[wbk.VILLAGES] = [r for r in data[wbk.VILLAGES] if r[3] != gone]
    data[wbk.CENTRES] = [r for r in data[wbk.CENTRES] if r[0] != gone]
    data[wbk.WINDOWS] = [r for r in data[wbk.WINDOWS] if r[0] != gone]
    data[wbk.POINTS] = [r for r in data[wbk.POINTS] if not r[0].startswith(gone)]
    data[wbk.STAFF] = [r for r in data[wbk.STAFF] if not r[3].startswith(gone)]
    data[wbk.DEPARTMENTS] = [r for r in data[wbk.DEPARTMENTS] if r[0] != gone]
    data[wbk.AUTHORIZATIONS] = [r for r in data[wbk.AUTHORIZATIONS] if r[0] != gone]

    result = org_import.import_org(qingshi.upload(qingshi.workbook(data)), county=county)

    assert result.errors == []
    assert result.counts[wbk.TOWNSHIPS]["retired"] == 1 and result.counts[wbk.CENTRES]["retired"] == 1
    assert Region.objects.get(code=gone).is_active is False
    assert Centre.objects.get(township__code=gone).is_active is False
    assert UnitChange.objects.get(region__code=gone).kind == ChangeKind.RETIRE


def test_it_exports_the_county_and_reimports_the_export_unchanged(qingshi_county):
    county, _ = qingshi_county
    result = org_import.import_org(qingshi.upload(wbk.build_workbook(county)), county=county)
    assert result.errors == []
    assert all(c["created"] == c["updated"] == c["retired"] == 0 for c in result.counts.values()), result.counts
    assert result.accounts == []


def test_the_command_sets_up_a_county_from_files(tmp_path):
    org, catalogue = tmp_path / "org.xlsx", tmp_path / "catalogue.xlsx"
    org.write_bytes(qingshi.workbook())
    catalogue.write_bytes(catalogue_workbook())
    out = StringIO()
    call_command(
        "setup_county", code=qingshi.CODE, name=qingshi.NAME, org=str(org), catalogue=str(catalogue), stdout=out
    )
    text = out.getvalue()
    assert "1. 本县:青石县(369901)" in text
    assert "工作人员:新建 50" in text and "新账号 qs_admin" in text
    assert "3. 事项目录已导入:新建 1" in text
    assert "[✓] 考核评分细则" in text and "[✓] 组织机构工作簿" in text
    # A second run with the same files changes nothing and opens no account.
    out = StringIO()
    call_command("setup_county", org=str(org), stdout=out)
    assert "工作人员:新建 0,更新 0,未变 50" in out.getvalue() and "新账号" not in out.getvalue()

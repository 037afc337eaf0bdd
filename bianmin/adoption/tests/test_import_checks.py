"""The organisation workbook is checked whole before anything is written: every problem is named by
sheet, row, column and a Chinese reason (phones masked), and nothing is saved."""

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from bianmin.adoption import org_import, setup
from bianmin.adoption import workbook as wbk
from bianmin.adoption.models import PasswordFlag
from bianmin.adoption.tests import qingshi
from bianmin.demo.seed import seed_demo
from bianmin.org.models import Region, Staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return setup.county_setup(code=qingshi.CODE, name=qingshi.NAME).county


def errors_of(data, county) -> list[tuple]:
    result = org_import.import_org(qingshi.upload(qingshi.workbook(data)), county=county)
    return [(e.sheet, e.row, e.column, e.reason) for e in result.errors]


def test_every_bad_row_is_reported_and_nothing_is_written(county):
    data = qingshi.rows()
    data[wbk.TOWNSHIPS][1][0] = "36990110"  # 8 digits
    data[wbk.TOWNSHIPS][2][2] = "区"  # not 镇/乡/街道
    data[wbk.CENTRES][0][6] = "二百"  # hall area
    data[wbk.WINDOWS][0][4] = "不存在的条线"
    data[wbk.STAFF][6][2] = "所长"  # no such role
    data[wbk.AUTHORIZATIONS][0][3] = "2026年13月1日"
    data[wbk.AUTHORIZATIONS][1][3] = "下周一"
    errors = errors_of(data, county)
    cells = {(sheet, row, column) for sheet, row, column, _ in errors}
    assert {
        (wbk.TOWNSHIPS, 3, "区划代码"),
        (wbk.TOWNSHIPS, 4, "类型"),
        (wbk.CENTRES, 2, "大厅面积(㎡)"),
        (wbk.WINDOWS, 2, "业务条线"),
        (wbk.STAFF, 8, "角色"),
        (wbk.AUTHORIZATIONS, 2, "签署日期"),
        (wbk.AUTHORIZATIONS, 3, "签署日期"),
    } <= cells
    reasons = " ".join(reason for *_, reason in errors)
    assert "应为日期(如 2026-01-31),不能是“下周一”" in reasons
    assert "应为9位数字的区划代码" in reasons and "应为以下之一:镇、乡、街道" in reasons
    assert Region.objects.filter(level="township").count() == 0 and Staff.objects.count() == 0


def test_references_between_sheets_are_checked_once_every_cell_is_right(county):
    data = qingshi.rows()
    data[wbk.VILLAGES][0][3] = "369901999"  # no such township
    data[wbk.STAFF][5][1] = data[wbk.STAFF][4][1]  # the same phone twice
    data[wbk.CENTRES][0][7] = qingshi.phone(9999)  # a director not in the staff sheet
    data[wbk.WINDOWS][1][6] = qingshi.phone(2011)  # a village agent at a centre window
    data[wbk.POINTS][0][0] = "369901001109"  # a village not in the village sheet
    data[wbk.AUTHORIZATIONS][0][9] = "1、9"  # window 9 does not exist
    data[wbk.STAFF][0][3] = "369901001"  # a county admin with a unit
    errors = errors_of(data, county)
    reasons = [reason for *_, reason in errors]
    assert (wbk.VILLAGES, 2, "所属乡镇(街道)代码") in {e[:3] for e in errors}
    assert any("139****1111重复(与第6行相同)" in r for r in reasons)  # masked, never in full
    assert not any(qingshi.phone(1111) in r for r in reasons)
    assert any("139****9999不在“工作人员”工作表中" in r for r in reasons)
    assert any("不是本单位的相应人员" in r for r in reasons)
    assert any("369901001109不在“村社区”工作表中" in r for r in reasons)
    assert any("本中心没有9号窗口" in r for r in reasons)
    assert any("县管委会、督查员不属于某个中心或代办点" in r for r in reasons)


def test_a_file_that_is_not_the_template_is_refused_plainly(county):
    assert (
        org_import.import_org(qingshi.upload(b"not a workbook"), county=county)
        .errors[0]
        .reason.startswith("文件不是有效")
    )
    wb = load_workbook(BytesIO(qingshi.workbook()))
    del wb[wbk.POINTS]
    wb[wbk.STAFF]["A1"] = "名字"
    stream = BytesIO()
    wb.save(stream)
    reasons = [e.reason for e in org_import.import_org(qingshi.upload(stream.getvalue()), county=county).errors]
    assert "缺少工作表“代办点”。" in reasons and any("缺少列:姓名" in r for r in reasons)


def test_a_person_marked_not_at_work_loses_the_login(county):
    org_import.import_org(qingshi.upload(qingshi.workbook()), county=county)
    data = qingshi.rows()
    row = next(r for r in data[wbk.STAFF] if r[6] == "qs_clerk11")
    row[7] = "否"
    result = org_import.import_org(qingshi.upload(qingshi.workbook(data)), county=county)
    assert result.errors == [] and result.disabled_logins == 1
    assert get_user_model().objects.get(username="qs_clerk11").is_active is False
    assert Staff.objects.get(user__username="qs_clerk11").is_active is False


def test_the_importing_admin_cannot_retire_themselves(county, client):
    org_import.import_org(qingshi.upload(qingshi.workbook()), county=county)
    admin = get_user_model().objects.get(username="qs_admin")
    data = qingshi.rows()
    data[wbk.STAFF] = [r for r in data[wbk.STAFF] if r[6] != "qs_admin"]
    result = org_import.import_org(qingshi.upload(qingshi.workbook(data)), county=county, actor=admin)
    assert "没有您本人" in result.errors[0].reason
    assert Staff.objects.get(user=admin).is_active


def test_the_page_imports_for_the_county_admin_and_shows_the_new_logins(county, client):
    org_import.import_org(qingshi.upload(qingshi.workbook()), county=county)
    admin = get_user_model().objects.get(username="qs_admin")
    PasswordFlag.objects.update(must_change=False)  # these two have changed their first password
    client.force_login(admin)
    data = qingshi.rows()
    data[wbk.STAFF].append(["新来的", qingshi.phone(1777), "窗口工作人员", "369901001", "综合窗口", "", "qs_new", "是"])
    response = client.post(reverse("adoption:org_import"), {"file": qingshi.upload(qingshi.workbook(data))})
    html = response.content.decode()
    assert "导入完成" in html and "qs_new" in html and "初始密码只在此显示一次" in html
    client.force_login(Staff.objects.get(user__username="qs_clerk11").user)
    assert client.get(reverse("adoption:org_import")).status_code == 403


def test_the_yushan_demo_exports_and_reimports_unchanged():
    seed_demo()
    county = setup.current_county()
    result = org_import.import_org(qingshi.upload(wbk.build_workbook(county)), county=county)
    assert result.errors == []
    changed = {sheet: c for sheet, c in result.counts.items() if c["created"] or c["updated"] or c["retired"]}
    assert changed == {}

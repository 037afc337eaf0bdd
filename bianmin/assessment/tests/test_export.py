"""The assessment on paper: the year's ranking and a centre's sheet as .xlsx and A4 print pages."""

from datetime import datetime
from decimal import Decimal
from io import BytesIO
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bianmin.assessment import rubric_2018, services
from bianmin.assessment.models import Score, ScoreSheet
from bianmin.assessment.services_rubric import rubric_load_default
from bianmin.core.roles import Role
from bianmin.org.tests.factories import CentreFactory, RegionFactory

# Marked so that tests reaching the database only through getfixturevalue run before transactional
# tests (which flush the migrations' reference data).
pytestmark = pytest.mark.django_db

CHINA = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, tzinfo=CHINA)
NOTE = "现场核实:大厅部分区域改作仓库,按标准型计分"
REASON = "复核发现投诉件不属实,恢复扣分"
TITLE_2026 = "玉山县乡镇(街道)便民服务中心2026年度工作考核结果"


def _at(year):
    return datetime(year, 12, 30, 10, tzinfo=CHINA) if year < 2026 else NOW


def _score_all(assessment, actor):
    for score in Score.objects.filter(sheet__assessment=assessment, value__isnull=True).select_related("item"):
        services.score_set(score=score, value=score.item.points, note="", actor=actor, at=_at(assessment.year))


def _open(year, admin, *, publish=False):
    assessment = services.assessment_open(year=year, actor=admin, at=_at(year))
    if publish:
        _score_all(assessment, admin)
        assessment = services.assessment_publish(assessment=assessment, actor=admin, at=_at(year))
    return assessment


@pytest.fixture
def admin(county):
    return county.users[Role.COUNTY_ADMIN].staff


@pytest.fixture
def years(county, admin):
    """2025 scored and published; 2026 open, centre A's hall area changed by hand with a note."""
    rubric_load_default()
    last = _open(2025, admin, publish=True)
    this = _open(2026, admin)
    hall = Score.objects.get(sheet__assessment=this, sheet__centre=county.centre_a, item__source="hall_class")
    services.score_set(score=hall, value=Decimal("1.5"), note=NOTE, actor=admin, at=NOW)
    return last, this


def _sheet(assessment, centre) -> ScoreSheet:
    return ScoreSheet.objects.exclude(status="superseded").get(assessment=assessment, centre=centre)


def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def _row_of(rows, centre_name):
    return next(row for row in rows if centre_name in row)


def _number(value: Decimal):
    return float(value)


# --- the year ------------------------------------------------------------------------------------


def test_it_exports_the_ranking_with_sections_totals_and_last_year(as_county_admin, county, years):
    last, this = years
    response = as_county_admin.get(reverse("assessment:year_xlsx", args=[2026]))
    assert response.status_code == 200
    assert f"{TITLE_2026}.xlsx" in unquote(response["Content-Disposition"])
    wb = load_workbook(BytesIO(response.content))
    ws = wb["考核结果"]
    assert ws["A1"].value == TITLE_2026
    assert "状态:评分中,结果未发布" in ws["A2"].value and "导出时间:" in ws["A2"].value
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    rows = _rows(ws)
    assert rows[2] == (
        "名次",
        "乡镇(街道)",
        "中心",
        "服务人员到位(10)",
        "服务设施到位(15)",
        "服务事项到位(20)",
        "服务制度到位(45)",
        "运行监督情况(10)",
        "基础分(100)",
        "加分(20)",
        "总分",
        "上年总分",
        "增减",
        "状态",
    )
    for centre in (county.centre_a, county.centre_b):
        sheet, before = _sheet(this, centre), _sheet(last, centre)
        row = _row_of(rows, centre.name)
        assert row[1] == centre.township.name
        assert row[8:13] == (
            _number(sheet.base),
            _number(sheet.bonus),
            _number(sheet.total),
            _number(before.total),
            _number(sheet.total - before.total) if sheet.complete else None,  # no change while half-scored
        )
        assert row[13] == "评分中"
        assert sum(row[3:8]) == pytest.approx(float(sheet.base))
    places = [row[0] for row in rows[3:] if isinstance(row[0], int)]
    assert places == sorted(places) and len(places) == 2


def test_it_exports_every_centre_by_indicator_on_a_second_sheet(as_county_admin, county, years):
    _last, this = years
    response = as_county_admin.get(reverse("assessment:year_xlsx", args=[2026]))
    ws = load_workbook(BytesIO(response.content))["指标得分"]
    rows = _rows(ws)
    header = rows[2]
    titles = [
        f"{sec.title}·{ind.title}({ind.max_points.normalize():f})"
        for sec in rubric_2018.SECTIONS
        for ind in sec.indicators
    ]
    assert list(header[2:-3]) == titles
    assert "服务设施到位·服务场所固定(5)" in header
    sheet = _sheet(this, county.centre_a)
    row = _row_of(rows, county.centre_a.name)
    place = header.index("服务设施到位·服务场所固定(5)")
    hall_indicator = Score.objects.get(sheet=sheet, item__source="hall_class").item.indicator_id
    assert row[place] == _number(Decimal(sheet.results[str(hall_indicator)]["points"]))
    assert row[-1] == _number(sheet.total)


def test_it_prints_the_ranking_on_a4_landscape_with_the_open_note(as_county_admin, county, years):
    response = as_county_admin.get(reverse("assessment:year_print", args=[2026]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "size: A4 landscape" in html
    assert "玉山县乡镇(街道)便民服务中心 2026 年度工作考核结果" in html
    assert "评分中,结果未发布" in html and 'class="watermark"' in html
    assert county.centre_a.name in html and county.centre_b.name in html
    assert "制表:" in html and "日期:" in html and "县行政服务中心管委会(盖章)" in html
    published = as_county_admin.get(reverse("assessment:year_print", args=[2025])).content.decode()
    assert "评分中,结果未发布" not in published and "已发布" in published


def test_it_shows_a_correction_with_its_reason_under_the_ranking(as_county_admin, county, years, admin):
    last, _this = years
    published = _sheet(last, county.centre_b)
    draft = services.sheet_correct(sheet=published, reason=REASON, actor=admin, at=NOW)
    services.sheet_publish(sheet=draft, actor=admin, at=NOW)
    html = as_county_admin.get(reverse("assessment:year_print", args=[2025])).content.decode()
    assert "(第2版)" in html and REASON in html
    rows = _rows(
        load_workbook(BytesIO(as_county_admin.get(reverse("assessment:year_xlsx", args=[2025])).content))["考核结果"]
    )
    assert any(REASON in str(row[0]) for row in rows)
    sheet_html = as_county_admin.get(reverse("assessment:sheet_print", args=[draft.pk])).content.decode()
    assert "第2版(更正)" in sheet_html and f"更正理由:{REASON}" in sheet_html


def test_it_keeps_the_year_export_queries_constant_for_2_and_6_centres(as_county_admin, county, admin):
    rubric_load_default()
    _open(2023, admin)
    _open(2024, admin)
    for number in range(4):
        CentreFactory(township=RegionFactory(code=f"36112330{number}", name=f"丙{number}镇", parent=county.county))
    _open(2025, admin)
    counts = {}
    for year in (2024, 2025):
        with CaptureQueriesContext(connection) as queries:
            response = as_county_admin.get(reverse("assessment:year_xlsx", args=[year]))
        assert response.status_code == 200
        counts[year] = len(queries)
    assert counts[2024] == counts[2025] <= 10
    rows = _rows(load_workbook(BytesIO(response.content))["考核结果"])
    assert sum(1 for row in rows[3:] if isinstance(row[0], int)) == 6


# --- one centre's sheet -------------------------------------------------------------------------


def test_it_prints_a_sheet_like_the_rubric_table_with_totals_and_signatures(as_county_admin, county, years):
    _last, this = years
    sheet = _sheet(this, county.centre_a)
    response = as_county_admin.get(reverse("assessment:sheet_print", args=[sheet.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "size: A4 portrait" in html
    for header in ("考核内容", "考核指标及评分标准", "分值", "得分", "备注"):
        assert f'<th scope="col">{header}</th>' in html
    for section in rubric_2018.SECTIONS:
        assert section.title in html
        for indicator in section.indicators:
            assert indicator.title in html
    assert f"{county.centre_a.name}2026年度工作考核评分表" in html
    assert "【人工调整】自动评分2分" in html and NOTE in html
    assert "基础分" in html and "加分" in html and "总分" in html and "上年总分" in html
    assert "考核人(签字)" in html and "被考核单位负责人(签字)" in html and "日期:" in html
    assert "评分中,结果未发布" in html  # a draft sheet
    assert admin_name(county) not in html  # no staff names on paper


def admin_name(county) -> str:
    return county.users[Role.COUNTY_ADMIN].staff.name


def test_it_exports_a_sheet_as_the_same_table(as_inspector, county, years):
    last, this = years
    sheet = _sheet(this, county.centre_a)
    response = as_inspector.get(reverse("assessment:sheet_xlsx", args=[sheet.pk]))
    assert response.status_code == 200
    assert f"{county.centre_a.name}2026年度工作考核评分表.xlsx" in unquote(response["Content-Disposition"])
    ws = load_workbook(BytesIO(response.content))["评分表"]
    assert ws.page_setup.orientation == "portrait"
    rows = _rows(ws)
    assert rows[0][0] == f"{county.centre_a.name}2026年度工作考核评分表"
    assert rows[2] == ("考核内容", "考核指标及评分标准", "分值", "得分", "备注")
    hall = next(row for row in rows if str(row[1]).startswith("1、有服务场所"))
    assert hall[2:4] == ("2分", "1.5分") and hall[4].startswith("【人工调整】") and NOTE in hall[4]
    place = next(row for row in rows if row[1] == "服务场所固定(5分)")
    assert place[2] == "5分"
    assert str(rows[3][0]).startswith("服务人员到位")
    assert any(rng.min_col == 1 and rng.min_row == 4 for rng in ws.merged_cells.ranges)
    texts = [str(row[1]) for row in rows]
    for section in rubric_2018.SECTIONS:
        for indicator in section.indicators:
            assert f"{indicator.title}({indicator.max_points.normalize():f}分)" in texts
    total = next(row for row in rows if row[0] == "总分")
    assert total[3] == f"{sheet.total.normalize():f}"
    previous = next(row for row in rows if row[0] == "上年总分")
    assert previous[3] == f"{_sheet(last, county.centre_a).total.normalize():f}"


def test_it_renders_the_sheet_as_pdf(as_county_admin, county, years):
    _last, this = years
    response = as_county_admin.get(reverse("assessment:sheet_pdf", args=[_sheet(this, county.centre_b).pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert ".pdf" in unquote(response["Content-Disposition"])


# --- who may --------------------------------------------------------------------------------------


def test_it_gives_a_director_only_their_own_published_row_and_sheet(as_director_a, county, years):
    last, this = years
    response = as_director_a.get(reverse("assessment:year_xlsx", args=[2025]))
    assert response.status_code == 200
    rows = _rows(load_workbook(BytesIO(response.content))["考核结果"])
    assert any(county.centre_a.name in row for row in rows)
    assert not any(county.centre_b.name in row for row in rows)
    detail = _rows(load_workbook(BytesIO(response.content))["指标得分"])
    assert not any(county.centre_b.name in row for row in detail)
    html = as_director_a.get(reverse("assessment:year_print", args=[2025])).content.decode()
    assert county.centre_a.name in html and county.centre_b.name not in html
    own = _sheet(last, county.centre_a)
    assert as_director_a.get(reverse("assessment:sheet_print", args=[own.pk])).status_code == 200
    assert as_director_a.get(reverse("assessment:sheet_xlsx", args=[own.pk])).status_code == 200
    other = _sheet(last, county.centre_b)
    draft = _sheet(this, county.centre_a)
    for url in (
        reverse("assessment:sheet_print", args=[other.pk]),
        reverse("assessment:sheet_xlsx", args=[other.pk]),
        reverse("assessment:sheet_print", args=[draft.pk]),  # not published yet
        reverse("assessment:year_xlsx", args=[2026]),
        reverse("assessment:year_print", args=[2026]),
    ):
        assert as_director_a.get(url).status_code == 404, url


@pytest.mark.parametrize("client_name", ["as_clerk_a", "as_agent_a1"])
def test_it_refuses_clerks_and_agents(request, county, years, client_name):
    client = request.getfixturevalue(client_name)
    _last, this = years
    sheet = _sheet(this, county.centre_a)
    for url in (
        reverse("assessment:year_xlsx", args=[2026]),
        reverse("assessment:year_print", args=[2026]),
        reverse("assessment:sheet_print", args=[sheet.pk]),
        reverse("assessment:sheet_xlsx", args=[sheet.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_it_sends_anonymous_visitors_to_log_in_and_404s_unknown_years(client, as_county_admin, years):
    assert as_county_admin.get(reverse("assessment:year_print", args=[2019])).status_code == 404
    assert as_county_admin.get(reverse("assessment:sheet_print", args=[999999])).status_code == 404
    client.logout()
    response = client.get(reverse("assessment:year_xlsx", args=[2026]))
    assert response.status_code == 302 and "login" in response["Location"]

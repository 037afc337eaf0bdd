"""Exports of the monthly reports: the centre's report and the county summary as printable .xlsx,
and the A4 print pages."""

import shutil
import subprocess
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bianmin.cases.ledgers import Month
from bianmin.cases.tests.helpers import at, march_cases
from bianmin.reports import services

pytestmark = pytest.mark.django_db

SUMMARY = "本月共收件九件,窗口服务总体平稳,一件超期正在督办。"


@pytest.fixture
def march(county):
    return march_cases(county)


def cells(ws) -> list[str]:
    return [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def test_it_exports_a_centres_report_laid_out_for_a4(as_clerk_a, county, march):
    services.report_submit(
        centre=county.centre_a, month=Month(2026, 3), actor=county.director_a, summary=SUMMARY, at=at(4, 3, 10)
    )
    response = as_clerk_a.get(reverse("reports:report_xlsx", args=[county.centre_a.pk, "2026-03"]))
    assert response.status_code == 200
    assert "甲镇便民服务中心2026年3月信息报送表.xlsx" in unquote(response["Content-Disposition"])
    ws = load_workbook(BytesIO(response.content))["月报"]
    text = cells(ws)
    assert ws["A1"].value == "甲镇便民服务中心2026年3月信息报送表"
    assert any("第1版" in t and "按时报送" in t for t in text)
    assert "一、办件总体情况(本月收件的办件)" in text and SUMMARY in text
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    # The totals row of the overall figures: 收件 9.
    header = next(r for r in ws.iter_rows() if r[1].value == "收件")
    assert ws.cell(header[1].row + 1, 2).value == 9
    assert "张三" not in text


def test_it_exports_the_live_figures_of_an_unsubmitted_report(as_director_a, county, march):
    response = as_director_a.get(reverse("reports:report_xlsx", args=[county.centre_a.pk, "2026-03"]))
    text = cells(load_workbook(BytesIO(response.content))["月报"])
    assert any("尚未报送" in t for t in text)


def test_it_exports_the_county_summary_with_totals(as_county_admin, county, march):
    services.report_submit(
        centre=county.centre_a, month=Month(2026, 3), actor=county.director_a, summary=SUMMARY, at=at(4, 7, 10)
    )
    response = as_county_admin.get(reverse("reports:county_xlsx"), {"month": "2026-03"})
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    ws = wb["汇总"]
    assert ws.page_setup.orientation == "landscape"
    rows = [r for r in ws.iter_rows(values_only=True)]
    a = next(r for r in rows if r[1] == "甲镇便民服务中心")
    b = next(r for r in rows if r[1] == "乙乡便民服务中心")
    total = next(r for r in rows if r[1] == "合计")
    assert a[2:6] == ("逾期报送", "2026-04-07 10:00", "报送数据", 9)
    assert b[2] == "逾期未报送" and b[4] == "系统实时" and b[5] == 1
    assert total[5] == 10
    year = wb["本年累计"]
    assert any(r[1] == "甲镇便民服务中心" and r[2] == 10 for r in year.iter_rows(values_only=True))


def test_it_prints_the_report_and_the_county_summary_on_a4(client, as_county_admin, county, march):
    response = as_county_admin.get(reverse("reports:report_print", args=[county.centre_a.pk, "2026-03"]))
    html = response.content.decode()
    assert response.status_code == 200 and "size: A4 portrait" in html
    assert "甲镇便民服务中心2026年3月信息报送表" in html and "中心主任(签字)" in html
    response = as_county_admin.get(reverse("reports:county_print"), {"month": "2026-03"})
    html = response.content.decode()
    assert response.status_code == 200 and "size: A4 landscape" in html and "全县合计" in html


def test_it_renders_the_print_page_as_a_pdf(as_county_admin, county, march):
    response = as_county_admin.get(reverse("reports:report_pdf", args=[county.centre_a.pk, "2026-03"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_it_opens_in_libreoffice(as_county_admin, county, march, tmp_path):
    response = as_county_admin.get(reverse("reports:report_xlsx", args=[county.centre_a.pk, "2026-03"]))
    source = tmp_path / "report.xlsx"
    source.write_bytes(response.content)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")

"""Issue #8 in real Chromium: the centre's director opens last month's report, reads the figures
compiled from the ledger, writes the summary and submits; the report is frozen (a case registered
afterwards does not change it). The county admin sees which centres are on time, late or missing,
with the charts drawn, and downloads the county summary as .xlsx — converted to PDF by LibreOffice
when it is installed, and to PNG for a person to look at (test-artifacts/)."""

import shutil
import subprocess
from datetime import datetime, time

import pytest
from django.utils import timezone

from bianmin.cases import services as case_services
from bianmin.cases.ledgers import Month
from bianmin.cases.tests.helpers import ALL_RECEIVED, applicant, listed_item
from bianmin.core.roles import Role
from bianmin.e2e.conftest import ARTIFACTS
from bianmin.org.tests.factories import PASSWORD
from bianmin.reports.models import MonthlyReportVersion
from bianmin.workcalendar import services as calendar_services
from bianmin.workcalendar.deadlines import CHINA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "本月共收件三件,已办结一件,其余两件正在办理,窗口服务总体平稳。"


def last_month() -> Month:
    return Month.of(timezone.localdate()).previous()


def moment(month: Month, day: int, hour: int = 10) -> datetime:
    return datetime.combine(datetime(month.year, month.month, day).date(), time(hour), tzinfo=CHINA)


def register(county, item, when, actor=None):
    return case_services.case_register(
        actor=actor or county.clerk_a, item=item, applicant=applicant(), materials=ALL_RECEIVED, at=when
    )


def to_png(source, name: str) -> None:
    """xlsx → PDF (LibreOffice) → PNG of page 1, beside the screenshots."""
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        return
    out = ARTIFACTS / "lo"
    subprocess.run(  # noqa: S603 - fixed arguments, files written by this test
        [
            soffice,
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out / (source.stem + ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run([pdftoppm, "-r", "80", "-png", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / name)], check=True)  # noqa: S603


def test_it_submits_last_months_report_and_the_county_sees_who_is_late(journey, county):
    calendar_services.seed_from_package()
    item = listed_item(county)
    month = last_month()
    done = register(county, item, moment(month, 10))
    case_services.case_accept(case=done, actor=county.clerk_a, at=moment(month, 10, 11))
    case_services.case_complete(case=done, actor=county.clerk_a, result="approved", at=moment(month, 11))
    register(county, item, moment(month, 12))
    register(county, item, moment(month, 13))
    register(county, item, moment(month, 14), actor=county.clerk_b)  # centre B reports nothing
    page = journey.page

    journey.login(county.director_a.user.username, PASSWORD)
    journey.goto("/reports/")
    row = page.locator("tbody tr", has_text=month.label)
    row.get_by_role("link", name="审核报送").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=f"{county.centre_a.name} {month.label}信息报送").is_visible()
    overall = page.locator("table.overall tbody tr").first
    assert overall.locator("td").first.inner_text() == "3"
    page.get_by_label("本月工作总结").fill(SUMMARY)
    page.get_by_label("存在问题").fill("两件承诺件仍在办理。")
    page.get_by_role("button", name="报送").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("数据已冻结为第1版").is_visible()
    assert page.locator("p", has_text=SUMMARY).is_visible()
    journey.screenshot("reports-1-director-submitted")
    journey.assert_clean()

    register(county, item, moment(month, 20))  # registered late: the submitted report keeps 3
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("table.overall tbody tr").first.locator("td").first.inner_text() == "3"
    assert MonthlyReportVersion.objects.count() == 1

    journey.login(county.users[Role.COUNTY_ADMIN].username, PASSWORD)
    journey.goto(f"/reports/county/?month={month.param}")
    a = page.locator("#county-table tbody tr", has_text=county.centre_a.name)
    b = page.locator("#county-table tbody tr", has_text=county.centre_b.name)
    assert "报送" in a.locator("td").first.inner_text()
    assert "未报送" in b.locator("td").first.inner_text() or "待报送" in b.locator("td").first.inner_text()
    assert page.locator("#report-mom-chart canvas").count() == 1
    assert page.locator("#report-yoy-chart canvas").count() == 1
    assert page.locator("#report-centre-chart canvas").count() == 1
    journey.screenshot("reports-2-county-table")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出Excel").click()
    saved = ARTIFACTS / "reports-county.xlsx"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"PK")
    # Chromium reports a navigation that became a download as a failed request: that one is expected.
    journey.failures[:] = [f for f in journey.failures if f != f"failed {download.value.url}"]
    to_png(saved, "reports-3-county-xlsx")

    journey.goto(f"/reports/centre/{county.centre_a.pk}/{month.param}/print/")
    assert page.get_by_role("heading", name=f"{county.centre_a.name}{month.label}信息报送表").is_visible()
    journey.screenshot("reports-4-print")
    journey.assert_clean()

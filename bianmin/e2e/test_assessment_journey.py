"""Issue #9 in real Chromium: the county admin opens this year's assessment, reads the automatic
items with their evidence, an inspector scores on-site items on the sheet (htmx, totals updated in
place), the county admin publishes the year and prints a centre's score sheet; the centre's
director then sees their own published sheet. Screenshots go to test-artifacts/."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bianmin.assessment import services
from bianmin.assessment.models import Score, ScoreSheet, SheetStatus
from bianmin.assessment.services_rubric import rubric_load_default
from bianmin.core.roles import Role
from bianmin.org.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_opens_scores_publishes_and_prints_the_years_assessment(journey, county):
    rubric_load_default()
    year = timezone.localdate().year
    admin = county.users[Role.COUNTY_ADMIN]
    page = journey.page

    journey.login(admin.username, PASSWORD)
    journey.goto("/assessment/")
    page.get_by_label("考核年度").select_option(str(year))
    page.get_by_role("button", name="启动考核并自动评分").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(f"{year}年度考核已启动").is_visible()
    ranking = page.locator("#ranking tbody tr")
    assert ranking.count() == 2
    assert page.locator("#assessment-total-chart canvas").count() == 1

    # Centre A's sheet: the hall (210㎡) is scored 示范型 from the records, with its evidence.
    page.locator("#ranking").get_by_role("link", name=county.centre_a.name).first.click()
    page.wait_for_load_state("networkidle")
    hall = page.locator(".score-item", has_text="有服务场所")
    assert "示范型" in hall.inner_text()
    assert hall.locator(".badge", has_text="自动").is_visible()
    coverage = page.locator(".score-item", has_text="实现村居便民服务代办点全覆盖")
    coverage.locator("summary").click()
    assert coverage.get_by_text("三村").is_visible()  # the village without an agency point
    journey.screenshot("assessment-1-sheet-auto")

    # An on-site item scored through the page: the total moves without a reload.
    sheet = ScoreSheet.objects.get(assessment__year=year, centre=county.centre_a)
    before = page.locator("#sheet-summary").inner_text()
    item = page.locator(".score-item", has_text="将便民服务工作纳入党委政府工作的重要议事日程")
    item.get_by_label("得分").fill("1.5")
    item.get_by_label("评分说明").fill("有专题研究,记录不够详细。")
    with page.expect_response(lambda r: "/assessment/score/" in r.url):
        item.get_by_role("button", name="保存").click()
    saved = page.locator(".score-item", has_text="将便民服务工作纳入")
    expect(saved.get_by_text("1.5分").first).to_be_visible()  # waits for htmx to settle
    assert page.locator("#sheet-summary").inner_text() != before
    # Changing an automatic value without a note is refused on the item, in Chinese.
    plate = page.locator(".score-item", has_text="有便民服务中心牌子")
    plate.get_by_label("得分").fill("0" if plate.get_by_label("得分").input_value() != "0" else "1")
    with page.expect_response(lambda r: "/assessment/score/" in r.url):
        plate.get_by_role("button", name="保存").click()
    assert page.get_by_text("调整自动评分结果时,请在评分说明中写明理由。").is_visible()
    journey.screenshot("assessment-2-sheet-scored")

    # The remaining on-site items are scored (through the service, as the inspectors would one by one).
    inspector = county.users[Role.INSPECTOR].staff
    for score in Score.objects.filter(sheet__assessment__year=year, value__isnull=True).select_related("item"):
        services.score_set(score=score, value=score.item.points, note="", actor=inspector)

    journey.goto(f"/assessment/{year}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布考核结果").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(f"{year}年度考核结果已发布").is_visible()
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED
    assert sheet.results and sheet.total > Decimal("0")
    journey.screenshot("assessment-3-ranking-published")

    journey.goto(f"/assessment/sheet/{sheet.pk}/print/")
    assert page.get_by_text("考核内容").first.is_visible()
    assert page.get_by_text("服务事项到位").first.is_visible()
    journey.screenshot("assessment-4-sheet-print")
    journey.assert_clean()

    journey.login(county.director_a.user.username, PASSWORD)
    journey.goto(f"/assessment/{year}/")
    rows = page.locator("#ranking tbody tr")
    assert rows.count() == 1 and county.centre_a.name in rows.first.inner_text()
    journey.screenshot("assessment-5-director")
    journey.assert_clean()

"""Issue #6 journeys in real Chromium: a resident on a phone finds a guide by pinyin; an applicant
scans the QR code of a notice, sees the progress and rates the service badly, and the
rectification appears on the centre director's dashboard."""

import re

import pytest

from bianmin.cases import services
from bianmin.cases.tests.helpers import handling_case, listed_item
from bianmin.org.tests.factories import PASSWORD
from bianmin.workcalendar import services as calendar_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    from bianmin.e2e.conftest import Journey

    yield Journey(page, live_server.url)
    context.close()


def test_a_resident_finds_a_guide_by_pinyin_on_a_phone(phone, county):
    listed_item(county)
    page = phone.page
    phone.goto("/public/guides/")
    page.locator("#guide-q").fill("dibao")  # one input event: no superseded requests to abort
    link = page.get_by_role("link", name=re.compile("最低生活保障"))
    link.first.wait_for()
    phone.screenshot("portal-1-phone-guide-search")
    link.first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=re.compile("最低生活保障")).first.is_visible()
    assert page.get_by_text("申请材料").first.is_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, "the guide page must not scroll sideways on a phone"
    phone.screenshot("portal-2-phone-guide")
    phone.assert_clean()


def test_an_applicant_rates_badly_from_the_qr_and_the_director_sees_the_rectification(phone, journey, county):
    calendar_services.seed_from_package()
    item = listed_item(county)
    case = handling_case(county, item)
    services.case_complete(case=case, actor=county.clerk_a, result="approved")
    qr_url = case.notices.get(kind="promise").data["progress_url"]
    path = "/" + qr_url.split("/", 3)[3]  # the QR's address on this test server

    page = phone.page
    phone.goto(path)
    assert page.get_by_text("已办结").first.is_visible()
    assert page.get_by_text("张*").first.is_visible()
    phone.screenshot("portal-3-progress-from-qr")
    page.get_by_role("link", name="去评价").click()
    page.wait_for_load_state("networkidle")
    # The five levels are big buttons (labels of hidden radios): 0 = 非常满意 … 4 = 非常不满意.
    for name, level in (("overall", 4), ("efficiency", 2), ("attitude", 4), ("guide_accuracy", 2)):
        page.locator(f"label[for=id_{name}_{level}]").click()
    page.locator("textarea").first.fill("窗口人员态度生硬,让我跑了两趟")
    phone.screenshot("portal-4-rating-form")
    page.get_by_role("button", name=re.compile("提交")).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(re.compile("感谢|已收到")).first.is_visible()
    phone.assert_clean()

    journey.login("director_a", PASSWORD)
    desk = journey.page
    assert desk.get_by_text(re.compile("整改")).first.is_visible()
    assert desk.get_by_text(case.receipt_number).first.is_visible()
    journey.screenshot("portal-5-director-dashboard-rectification")
    journey.assert_clean()

"""Issue #6 points 5 and 6 in real Chromium: the hall's touch kiosk returns to its start page after
idle and keeps residents out of the staff pages; the hall display screen rotates its notices and
refreshes its data in place, without piling up nodes."""

import re

import pytest
from django.utils import timezone

from bianmin.cases import services as case_services
from bianmin.cases.tests.helpers import listed_item, received_case
from bianmin.org.tests.factories import PASSWORD
from bianmin.portal import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICES = [
    (
        "policy",
        "城乡居民医保开始缴费",
        "2027年度城乡居民基本医疗保险个人缴费标准为每人每年400元,\n请于12月31日前到村代办点或中心医保窗口缴纳。",
    ),
    ("news", "中心推行“一窗受理、集成服务”", "即日起,综合窗口统一收件,群众办事只进一扇门、只排一次队。"),
    ("jobs", "春风行动专场招聘会", "2月20日上午9时在中心广场举办,30余家企业提供岗位500余个。\n报名电话:0793-2212345。"),
]


def publish(county, kind: str, title: str, body: str):
    return services.notice_create(
        actor=county.clerk_a,
        centre=county.centre_a,
        changes={"kind": kind, "title": title, "body": body, "publish_on": timezone.localdate()},
    )


def test_it_returns_the_kiosk_to_its_start_page_after_idle(journey, county):
    listed_item(county)
    page = journey.page
    pk = county.centre_a.pk
    home = f"/kiosk/{pk}/"

    journey.goto(f"{home}?idle=3")
    assert page.get_by_role("heading", name=county.centre_a.name).is_visible()
    for label in ("办事指南", "办件进度查询", "评价", "中心介绍"):
        tile = page.locator(".tile", has_text=label).first
        box = tile.bounding_box()
        assert box["height"] >= 64 and box["width"] >= 64  # big touch targets
    journey.screenshot("screens-1-kiosk-home")

    # 办事指南 → business lines of this centre.
    page.locator(".tile", has_text="办事指南").click()
    page.wait_for_url(re.compile(rf"/kiosk/{pk}/guides/\?idle=3$"))
    assert page.locator(".tile-line", has_text="民政").is_visible()

    # A staff link put on the page (as if a guide's text held one) is ignored.
    page.evaluate(
        """() => { const a = document.createElement('a'); a.href = '/login/'; a.id = 'staff-link';
                   a.textContent = '工作人员登录'; document.querySelector('main').appendChild(a); }"""
    )
    page.locator("#staff-link").click()
    assert page.get_by_text("触摸查询机上不能打开这个页面").is_visible()
    assert "/login/" not in page.url
    journey.screenshot("screens-2-kiosk-guides-refused-link")

    # Touching the screen keeps the page; 3 s without input returns to the start page.
    for _ in range(4):
        page.wait_for_timeout(1000)
        page.mouse.click(5, 300)
    assert "/guides/" in page.url
    page.wait_for_selector(".kiosk-notice:not([hidden])", timeout=5000)
    assert "秒后返回首页" in page.locator(".kiosk-notice").inner_text()
    journey.screenshot("screens-3-kiosk-countdown")
    page.wait_for_url(re.compile(rf"{home}$"), timeout=6000)
    page.wait_for_load_state("networkidle")
    assert page.locator(".tile", has_text="办件进度查询").is_visible()
    journey.screenshot("screens-4-kiosk-back-home")

    # Links into the public portal carry the kiosk mode (?kiosk=<centre>) to the next page.
    seen = []
    page.route(
        "**/public/guides/**",
        lambda route: (seen.append(route.request.url), route.fulfill(body="<p>ok</p>", content_type="text/html")),
    )
    page.locator("#kiosk-q").fill("dibao")
    page.locator(".kiosk-search button").click()
    page.wait_for_load_state("networkidle")
    assert seen and "q=dibao" in seen[-1] and f"kiosk={pk}" in seen[-1] and f"centre={pk}" in seen[-1]
    journey.goto(home)
    page.route(
        "**/public/centres/**",
        lambda route: (seen.append(route.request.url), route.fulfill(body="<p>ok</p>", content_type="text/html")),
    )
    page.evaluate(
        """() => { const a = document.createElement('a'); a.href = '/public/centres/'; a.id = 'plain';
                   a.target = '_blank'; a.textContent = '全部中心'; document.querySelector('main').appendChild(a); }"""
    )
    page.locator("#plain").click()
    page.wait_for_load_state("networkidle")
    assert seen[-1].endswith(f"/public/centres/?kiosk={pk}")  # same window, kiosk mode kept
    assert len(page.context.pages) == 1
    journey.assert_clean()


def test_it_rotates_the_display_and_refreshes_it_in_place(journey, county):
    for kind, title, body in NOTICES:
        publish(county, kind, title, body)
    county.centre_a.opening_hours = "周一至周五 8:30—12:00,14:30—17:30"
    county.centre_a.service_phone = "0793-2212345"
    county.centre_a.save()
    item = listed_item(county)
    case = received_case(county, item)
    case_services.case_accept(case=case, actor=county.clerk_a)
    page = journey.page
    page.set_viewport_size({"width": 1920, "height": 1080})

    journey.goto(f"/display/{county.centre_a.pk}/?rotate=2&refresh=3")
    current = page.locator(".notice.is-current .notice-title")
    first = current.inner_text()
    assert first == NOTICES[0][1]
    assert page.locator('[data-figure="accepted_today"] dd').inner_text().startswith("1")
    journey.screenshot("screens-5-display")

    # The visible notice changes after the rotation interval, one at a time.
    page.wait_for_function(
        "t => document.querySelector('.notice.is-current .notice-title').textContent !== t", arg=first, timeout=5000
    )
    assert current.inner_text() == NOTICES[1][1]
    assert page.locator(".notice.is-current").count() == 1 and page.locator(".notice-index").inner_text() == "2"
    journey.screenshot("screens-6-display-rotated")

    # The data refreshes in place: new data appears, the page is not reloaded and nothing piles up.
    page.evaluate("() => { window.__sameDocument = true; }")
    page.wait_for_function("() => Number(document.body.dataset.refreshed || 0) >= 1", timeout=8000)
    nodes = page.evaluate("() => document.getElementsByTagName('*').length")
    timers = page.evaluate("() => JSON.stringify(window.bianminDisplay.timers)")
    publish(county, "other", "元旦假期办公安排", "1月1日休息,1月2日起正常上班。")
    completed = received_case(county, item)
    case_services.case_accept(case=completed, actor=county.clerk_a, complete_now=False)
    page.wait_for_function(
        "() => document.querySelector('[data-figure=accepted_today] dd').textContent.startsWith('2')", timeout=8000
    )
    assert page.locator(".notice-title", has_text="元旦假期办公安排").count() == 1
    assert page.evaluate("() => window.__sameDocument") is True  # never a page reload
    grown = page.evaluate("() => document.getElementsByTagName('*').length")
    one_notice = page.evaluate("() => document.querySelector('.notice').getElementsByTagName('*').length + 1")
    assert grown == nodes + one_notice  # exactly the new notice's nodes, the old block is gone
    refreshed = page.evaluate("() => Number(document.body.dataset.refreshed)")
    page.wait_for_function(f"() => Number(document.body.dataset.refreshed) >= {refreshed + 2}", timeout=12000)
    assert page.evaluate("() => document.getElementsByTagName('*').length") == grown
    assert page.locator("#display-data").count() == 1
    assert page.evaluate("() => JSON.stringify(window.bianminDisplay.timers)") == timers  # no new timers
    clock = page.locator("#clock-time").inner_text()
    assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", clock)
    journey.screenshot("screens-7-display-refreshed")
    journey.assert_clean()


def test_it_lets_the_director_publish_a_notice_that_the_display_shows(journey, county):
    page = journey.page
    journey.login("director_a", PASSWORD)
    journey.goto("/hall-notices/")
    page.get_by_role("link", name="发布公告").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("类别").select_option(label="惠民政策")
    page.get_by_label("标题").fill("高龄津贴发放通知")
    page.get_by_label("正文").fill("80周岁以上老人高龄津贴已于本月发放,请到村代办点核对。")
    today = timezone.localdate()
    page.get_by_label("截止日期").fill(today.replace(year=today.year - 1).isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("截止日期不能早于发布日期。").is_visible()
    journey.screenshot("screens-8-notice-form-error")
    page.get_by_label("截止日期").fill("")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("公告已保存").is_visible()
    assert page.get_by_role("cell", name="展示中").is_visible()
    journey.screenshot("screens-9-notice-list")

    journey.goto(f"/display/{county.centre_a.pk}/")
    assert page.locator(".notice.is-current .notice-title").inner_text() == "高龄津贴发放通知"
    assert "director_a" not in page.content()
    journey.assert_clean()

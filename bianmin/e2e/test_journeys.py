import pytest

from bianmin.org.tests.factories import PASSWORD
from bianmin.workcalendar.tests.test_calendar_data import NOTICE_2027

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _bootstrap_is_applied(page) -> bool:
    # Bootstrap's .card sets display:flex and a border radius; unstyled it would be a plain block.
    return page.evaluate(
        "() => { const c = document.querySelector('.card');"
        " return !!c && getComputedStyle(c).display === 'flex' && getComputedStyle(c).borderRadius !== '0px'; }"
    )


def test_it_takes_a_centre_director_from_login_to_the_dashboard(journey, county):
    journey.login("director_a", PASSWORD)
    page = journey.page
    assert page.url == journey.base_url + "/"
    assert page.get_by_role("heading", name="甲镇便民服务中心").is_visible()
    assert page.get_by_text("标准化对照").is_visible()
    assert page.get_by_role("link", name="1号窗口 民政窗口").is_visible()
    assert _bootstrap_is_applied(page)
    assert page.evaluate("() => document.fonts.check('16px bootstrap-icons')")
    shot = journey.screenshot("director-dashboard")
    assert shot.stat().st_size > 10_000
    journey.assert_clean()


def test_it_draws_the_county_dashboard_chart_offline(journey, county):
    journey.login("county_admin", PASSWORD)
    page = journey.page
    assert page.get_by_role("heading", name="全县便民服务中心概况").is_visible()
    page.wait_for_selector("#hall-class-chart canvas")
    assert page.get_by_role("link", name="乙乡便民服务中心").is_visible()
    journey.screenshot("county-dashboard")
    journey.assert_clean()


def test_it_shows_a_locked_out_user_the_chinese_lockout_page(journey, county):
    for _ in range(5):
        journey.login("clerk_b", "wrong-password")
    assert (
        journey.page.get_by_text("用户名或密码不正确").is_visible()
        or journey.page.get_by_text("登录已被暂时锁定").is_visible()
    )
    journey.failures.clear()  # the 429 of the lockout is expected
    journey.login("clerk_b", PASSWORD)
    assert journey.page.get_by_role("heading", name="登录已被暂时锁定").is_visible()
    journey.screenshot("lockout")
    assert journey.offline_violations == []


def test_it_lets_a_director_fix_a_window_and_see_the_change(journey, county):
    journey.login("director_a", PASSWORD)
    journey.goto(f"/org/windows/{county.window_a.pk}/edit/")
    page = journey.page
    page.get_by_label("窗口名称(吊牌)").fill("民政事务窗口")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("窗口已保存。").is_visible()
    assert page.get_by_role("heading", name="1号窗口 民政事务窗口").is_visible()
    journey.assert_clean()


def test_it_lets_the_county_admin_enter_next_years_schedule(journey, county):
    journey.login("county_admin", PASSWORD)
    journey.goto("/calendar/2027/")
    page = journey.page
    assert page.get_by_text("未录入,按法定节假日暂定").is_visible()
    page.get_by_label("依据(通知名称和文号)").fill("国务院办公厅关于2027年部分节假日安排的通知")
    page.get_by_label("放假和调休安排").fill(NOTICE_2027)
    page.get_by_role("button", name="保存2027年安排").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("2027年节假日安排已保存(共 31 天)").is_visible()
    assert page.get_by_text("已录入官方安排").is_visible()
    assert page.locator("td.cal-adjusted").count() == 2
    journey.screenshot("calendar-2027")
    journey.assert_clean()


def test_it_finds_a_guide_by_pinyin_initials_while_typing(journey, county):
    from bianmin.catalogue.tests.helpers import published_item

    published_item()
    journey.login("clerk_a", PASSWORD)
    journey.goto("/catalogue/search/")
    page = journey.page
    page.get_by_label("事项名称、俗称或拼音").press_sequentially("zdshbz", delay=30)
    page.get_by_role("link", name="最低生活保障").wait_for()  # swapped in by htmx, no page load
    page.get_by_role("link", name="最低生活保障").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="最低生活保障").is_visible()
    assert page.get_by_text("依据、流程、材料、时限、收费均已公开").is_visible()
    journey.screenshot("guide-found-by-pinyin")
    journey.assert_clean()

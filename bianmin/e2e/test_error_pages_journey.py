"""The database-down answers as a person sees them in Chromium (bianmin/core/error_pages.py).

The server side is tested against a real server with its database cut off
(bianmin/core/tests/test_database_down.py); here the browser's side: the 503 page reads well on a
desk and on a phone, and an htmx request answered 503 shows its one-line notice at the top of the
page (htmx itself swaps nothing on an error) — the answer is the one the server gives, served to the
page by Playwright's routing.
"""

import re

import pytest
from django.template.loader import render_to_string

from bianmin.core.error_pages import HTMX_MESSAGE, RETRY_AFTER_SECONDS
from bianmin.org.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_search_answered_503_tells_the_clerk_instead_of_doing_nothing(journey, county):
    page = journey.page
    journey.login("clerk_a", PASSWORD)
    journey.goto("/cases/new/")
    page.route(
        re.compile(r".*/cases/new/\?q=.*"),
        lambda route: route.fulfill(
            status=503,
            body=HTMX_MESSAGE,
            headers={"Content-Type": "text/plain; charset=utf-8", "Retry-After": str(RETRY_AFTER_SECONDS)},
        ),
    )
    page.get_by_label("查找事项").fill("dibao")
    alert = page.get_by_role("alert").filter(has_text=HTMX_MESSAGE)
    alert.wait_for(state="visible")
    journey.screenshot("error-htmx-503-notice")
    alert.click()  # a click closes it
    alert.wait_for(state="detached")
    assert journey.offline_violations == []


@pytest.mark.parametrize(("width", "name"), [(1366, "desk"), (390, "phone")])
def test_the_503_page_reads_well_on_a_desk_and_a_phone(journey, width, name):
    page = journey.page
    page.set_viewport_size({"width": width, "height": 800})
    context = {"retry_seconds": 30, "auto_retry": False, "submitted": True, "home": "/"}
    page.set_content(render_to_string("503.html", context))
    assert page.get_by_role("heading", name="系统暂时无法使用,正在恢复中").is_visible()
    assert page.get_by_text("您刚才提交的内容可能没有保存").is_visible()
    assert page.get_by_role("link", name="返回首页").is_visible()
    no_overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_overflow, "the page scrolls sideways"
    journey.screenshot(f"error-503-{name}")
    assert journey.offline_violations == [] and journey.failures == []

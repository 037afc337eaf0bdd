"""Issue #7 point 3 in real Chromium: the county admin opens the electronic monitoring dashboard,
sees the red light of an overdue case in its centre's row and the trend charts drawn, follows the
count to the case; the centre's director sees the same light on the centre version."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bianmin.cases import services as case_services
from bianmin.cases.tests.helpers import listed_item, received_case
from bianmin.core.roles import Role
from bianmin.org.tests.factories import PASSWORD
from bianmin.workcalendar import services as calendar_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_the_red_light_of_an_overdue_case_and_leads_to_it(journey, county):
    calendar_services.seed_from_package()
    item = listed_item(county)
    past = timezone.now() - timedelta(days=40)
    case = case_services.case_accept(case=received_case(county, item, at=past), actor=county.clerk_a, at=past)
    page = journey.page

    journey.login(county.users[Role.COUNTY_ADMIN].username, PASSWORD)
    journey.goto("/monitoring/")
    row = page.locator("tbody tr", has_text=county.centre_a.name)
    red = row.locator("a.badge.text-bg-danger").first
    assert red.is_visible()
    assert page.locator("#monitor-trend-chart canvas").count() >= 1  # ECharts drew the charts
    assert page.locator("#monitor-heat-chart canvas").count() >= 1
    journey.screenshot("monitoring-1-county-dashboard")

    page.locator(f"tbody tr:has-text('{county.centre_a.name}') a.badge.text-bg-danger[href*='kind=case']").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=case.receipt_number, exact=False).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/cases/{case.pk}/")
    journey.assert_clean()

    journey.login(county.director_a.user.username, PASSWORD)
    journey.goto("/monitoring/")
    assert page.get_by_role("heading", name=f"{county.centre_a.name} · 电子监察").is_visible()
    assert page.get_by_role("link", name=case.receipt_number, exact=False).first.is_visible()
    assert county.centre_b.name not in page.content()
    journey.screenshot("monitoring-2-centre-dashboard")
    journey.assert_clean()

"""The report pages: who sees and does what (scoping), the director's submit on the page, the county
table, and the query counts of the lists."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bianmin.cases.ledgers import Month
from bianmin.cases.tests.helpers import at, listed_item, march_cases, register_on
from bianmin.core.roles import Role
from bianmin.org.tests.factories import CentreFactory, staff_with_login
from bianmin.reports import services
from bianmin.reports.models import MonthlyReport, MonthlyReportVersion

pytestmark = pytest.mark.django_db

MARCH = "2026-03"
SUMMARY = "本月共收件九件,窗口服务总体平稳,一件超期正在督办。"


@pytest.fixture
def march(county):
    return march_cases(county)


def detail_url(county, month=MARCH, centre=None):
    return reverse("reports:detail", args=[(centre or county.centre_a).pk, month])


def test_it_requires_login(client, county):
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_sends_each_role_to_its_reports(client, county):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    assert client.get(reverse("reports:index"))["Location"] == reverse("reports:county")
    client.force_login(county.clerk_a.user)
    assert client.get(reverse("reports:index"))["Location"] == reverse("reports:centre", args=[county.centre_a.pk])
    client.force_login(county.agent_a1.user)
    assert client.get(reverse("reports:index")).status_code == 403


def test_it_shows_the_director_the_live_figures_and_the_form(as_director_a, county, march):
    response = as_director_a.get(detail_url(county))
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲镇便民服务中心 2026年3月信息报送" in html and "尚未报送" in html
    assert response.context["figures"].totals.received == 9
    assert response.context["form"] is not None and "报送" in html
    assert "张三" not in html  # figures only, no applicant


def test_it_submits_from_the_page_and_shows_the_frozen_version(as_director_a, county, march):
    page = as_director_a.get(detail_url(county))
    form = page.context["form"]
    response = as_director_a.post(
        detail_url(county),
        {
            "op": "submit",
            "request_key": form.initial["request_key"],
            "version": 0,
            "summary": SUMMARY,
            "problems": "",
            "measures": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    version = MonthlyReportVersion.objects.get()
    assert version.submitted_by == county.director_a and version.on_time is False  # submitted in November
    html = response.content.decode()
    assert "已报送,数据已冻结为第1版" in html and "第1版" in html and "逾期报送" in html
    assert response.context["shown"] == version and response.context["form"].resubmission


def test_it_shows_what_is_missing_when_submitting_without_a_summary(as_director_a, county, march):
    response = as_director_a.post(
        detail_url(county), {"op": "submit", "request_key": "k", "version": 0, "summary": "好"}
    )
    assert response.status_code == 200
    assert "请填写本月工作总结" in response.content.decode()
    assert not MonthlyReportVersion.objects.exists()


def test_it_saves_a_draft_from_the_page(as_director_a, county, march):
    response = as_director_a.post(
        detail_url(county), {"op": "save", "request_key": "k", "version": 0, "summary": "先写一半"}
    )
    assert response.status_code == 302
    report = MonthlyReport.objects.get()
    assert report.summary == "先写一半" and not report.is_submitted


def test_it_lets_the_clerk_read_but_not_submit(as_clerk_a, county, march):
    response = as_clerk_a.get(detail_url(county))
    assert response.status_code == 200 and response.context["form"] is None
    response = as_clerk_a.post(
        detail_url(county), {"op": "submit", "summary": SUMMARY, "version": 0, "request_key": "k"}
    )
    assert response.status_code == 403
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("role", [Role.COUNTY_ADMIN, Role.INSPECTOR])
def test_it_lets_the_county_read_every_centre_but_not_submit(client, county, march, role):
    client.force_login(county.users[role])
    for centre in (county.centre_a, county.centre_b):
        response = client.get(detail_url(county, centre=centre))
        assert response.status_code == 200 and response.context["form"] is None
    assert client.get(reverse("reports:centre", args=[county.centre_b.pk])).status_code == 200
    response = client.post(detail_url(county), {"op": "submit", "summary": SUMMARY, "version": 0, "request_key": "k"})
    assert response.status_code == 403


def test_it_hides_another_centres_report(client, county, march):
    director_b = staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b)
    for user in (director_b.user, county.clerk_b.user):
        client.force_login(user)
        assert client.get(detail_url(county)).status_code == 404
        assert client.get(reverse("reports:centre", args=[county.centre_a.pk])).status_code == 404
        assert client.get(reverse("reports:report_xlsx", args=[county.centre_a.pk, MARCH])).status_code == 404
        assert client.get(reverse("reports:report_print", args=[county.centre_a.pk, MARCH])).status_code == 404
        response = client.post(detail_url(county), {"op": "submit", "summary": SUMMARY, "version": 0})
        assert response.status_code == 404
    assert not MonthlyReport.objects.exists()


def test_it_refuses_agents(as_agent_a1, county, march):
    assert as_agent_a1.get(detail_url(county)).status_code == 403
    assert as_agent_a1.get(reverse("reports:county")).status_code == 403
    assert as_agent_a1.get(reverse("reports:report_xlsx", args=[county.centre_a.pk, MARCH])).status_code == 403


def test_it_keeps_the_county_table_for_county_roles(client, county, march):
    for user in (county.director_a.user, county.clerk_a.user):
        client.force_login(user)
        assert client.get(reverse("reports:county")).status_code == 403
        assert client.get(reverse("reports:county_xlsx")).status_code == 403


def test_it_answers_404_for_a_malformed_or_future_month(as_director_a, county):
    assert as_director_a.get(detail_url(county, month="2026-13")).status_code == 404
    assert as_director_a.get(detail_url(county, month="abc")).status_code == 404
    future = Month.of(timezone.localdate()).next().param
    assert as_director_a.get(detail_url(county, month=future)).status_code == 404
    assert as_director_a.get(detail_url(county) + "?version=7").status_code == 404


def _submitted_months(county, months, *, late=()):
    """Reports of centre A for ``months`` (each needs a case so the centre has a first month)."""
    for index, month in enumerate(months):
        when = at(month.month % 12 + 1, 3 if month not in late else 9, 10, year=month.year + (month.month == 12))
        services.report_submit(
            centre=county.centre_a,
            month=month,
            actor=county.director_a,
            summary=SUMMARY,
            at=when,
            request_key=f"m{index}",
        )


def test_it_lists_a_centres_months_in_a_fixed_number_of_queries(as_director_a, county, django_assert_max_num_queries):
    item = listed_item(county)
    register_on(county, item, at(1, 12, year=2026))
    months = [Month(2026, n) for n in range(1, 8)]
    _submitted_months(county, months, late=[Month(2026, 4)])
    url = reverse("reports:centre", args=[county.centre_a.pk])
    with django_assert_max_num_queries(12):
        response = as_director_a.get(url, {"year": 2026})
    assert response.status_code == 200
    lines = response.context["lines"]
    today = timezone.localdate()
    assert len(lines) == today.month if today.year == 2026 else 12
    by_month = {line.month: line.standing.key for line in lines}
    assert by_month[Month(2026, 3)] == "on_time" and by_month[Month(2026, 4)] == "late"
    assert by_month[Month(2026, 8)] == "missing"
    assert response.context["points"] == 3.0  # six months on time × 0.5


def test_it_shows_the_county_table_in_a_fixed_number_of_queries(as_county_admin, county, django_assert_max_num_queries):
    item = listed_item(county)
    for _ in range(4):
        CentreFactory()
    register_on(county, item, at(2, 12))
    register_on(county, item, at(3, 12))
    register_on(county, item, at(3, 13), actor=county.clerk_b)
    _submitted_months(county, [Month(2026, 2), Month(2026, 3)])
    # A fixed number of queries for the table (whatever the number of centres and cases) plus one per
    # month of the charts (12 months on month, and January of last year up to them year on year),
    # plus 2 for redistricting: centres merged away after the month, and the names in force then.
    with django_assert_max_num_queries(12 + 15 + 2):
        response = as_county_admin.get(reverse("reports:county"), {"month": MARCH})
    assert response.status_code == 200
    lines = {line.centre.pk: line for line in response.context["table"]["lines"]}
    assert len(lines) == 6
    a, b = lines[county.centre_a.pk], lines[county.centre_b.pk]
    assert a.line.standing.key == "on_time" and a.frozen and a.figures.received == 1
    assert b.line.standing.key == "missing" and not b.frozen and b.figures.received == 1
    assert response.context["table"]["totals"].received == 2
    assert a.year_on_time == 2 and a.year_points == 1.0
    charts = response.context["charts"]
    assert charts["mom"]["months"][-1] == MARCH and charts["mom"]["received"][-2:] == [1, 2]
    assert charts["yoy"]["this"][:4] == [0, 1, 2, None] and charts["yoy"]["last"] == [0] * 12
    assert sum(charts["centres"]["received"]) == 2 and len(charts["centres"]["names"]) == 6
    html = response.content.decode()
    assert 'id="report-chart-data"' in html and "echarts.min.js" in html and "reports.js" in html


def test_it_shows_a_frozen_version_after_the_cases_change(as_director_a, county, march):
    services.report_submit(
        centre=county.centre_a, month=Month(2026, 3), actor=county.director_a, summary=SUMMARY, at=at(4, 3)
    )
    register_on(county, march.item, at(3, 31, 16))
    response = as_director_a.get(detail_url(county))
    assert response.context["figures"].totals.received == 9  # the frozen figures, not 10


def test_it_shows_a_frozen_report_with_its_versions_in_a_fixed_number_of_queries(
    as_county_admin, county, march, django_assert_max_num_queries
):
    month = Month(2026, 3)
    services.report_submit(centre=county.centre_a, month=month, actor=county.director_a, summary=SUMMARY, at=at(4, 3))
    for n in range(2, 5):
        services.report_submit(
            centre=county.centre_a,
            month=month,
            actor=county.director_a,
            summary=SUMMARY,
            reason=f"第{n}次更正数据",
            at=at(4, 3 + n),
        )
    with django_assert_max_num_queries(10):
        response = as_county_admin.get(detail_url(county))
    assert [v.number for v in response.context["versions"]] == [1, 2, 3, 4]
    assert response.context["shown"].number == 4
    older = as_county_admin.get(detail_url(county), {"version": 1})
    assert older.context["shown"].number == 1 and "查看最新一版" in older.content.decode()

"""The years and a year's ranking: who sees what, opening a year, re-reading the records, publishing."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianmin.assessment import services
from bianmin.assessment.models import Assessment, AssessmentStatus, ScoreSheet, SheetStatus
from bianmin.assessment.services_rubric import rubric_load_default
from bianmin.assessment.tests.test_views_sheets_helpers import (
    NOW,
    freeze,
    open_and_publish,
    score_everything,
)
from bianmin.core.roles import Role
from bianmin.org.tests.factories import CentreFactory, staff_with_login

# Marked so that tests reaching the database only through getfixturevalue run before transactional
# tests (which flush the migrations' reference data).
pytestmark = pytest.mark.django_db

INDEX = reverse("assessment:index")
OPEN = reverse("assessment:year_open")


def year_url(year, name="year"):
    return reverse(f"assessment:{name}", args=[year])


@pytest.fixture
def admin(county):
    return county.users[Role.COUNTY_ADMIN].staff


@pytest.fixture
def clock(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def years(county, admin, clock):
    rubric_load_default()
    last = open_and_publish(2025, admin)
    this = services.assessment_open(year=2026, actor=admin, at=NOW)
    return last, this


# --- index ----------------------------------------------------------------------------------------


def test_it_lists_the_years_with_their_progress_and_offers_the_admin_to_open_one(as_county_admin, years):
    response = as_county_admin.get(INDEX)
    assert response.status_code == 200
    assert [a.year for a in response.context["assessments"]] == [2026, 2025]
    this, last = response.context["assessments"]
    assert (last.centres, last.complete_sheets) == (2, 2)
    assert this.centres == 2 and this.complete_sheets < 2
    assert [year for year, _rubric in response.context["open_choices"]] == [2024, 2023]
    html = response.content.decode()
    assert "启动考核并自动评分" in html and "2 / 2" in html


def test_it_shows_an_inspector_the_years_without_the_open_form(as_inspector, years):
    response = as_inspector.get(INDEX)
    assert response.status_code == 200
    assert len(response.context["assessments"]) == 2
    assert "open_form" not in response.context
    assert "启动考核" not in response.content.decode()


def test_it_shows_a_director_only_the_published_years_with_their_own_total(as_director_a, years, county):
    last, _this = years
    response = as_director_a.get(INDEX)
    assert response.status_code == 200
    assert [a.year for a in response.context["assessments"]] == [2025]
    own = last.sheets.get(centre=county.centre_a)
    assert response.context["assessments"][0].own_sheet == own
    assert reverse("assessment:sheet", args=[own.pk]) in response.content.decode()


@pytest.mark.parametrize("who", ["as_clerk_a", "as_clerk_b", "as_agent_a1"])
def test_it_refuses_clerks_and_agents_everywhere(request, years, who, county):
    client = request.getfixturevalue(who)
    last, _this = years
    sheet = last.sheets.get(centre=county.centre_a)
    for url in (INDEX, year_url(2025), year_url(2026), reverse("assessment:sheet", args=[sheet.pk])):
        assert client.get(url).status_code == 403, url
    assert client.post(OPEN, {"year": 2024}).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login(client, years):
    for url in (INDEX, year_url(2026), OPEN):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_it_opens_a_year_through_the_page(as_county_admin, county, clock):
    rubric_load_default()
    page = as_county_admin.get(INDEX)
    assert [year for year, _r in page.context["open_choices"]] == [2026, 2025, 2024, 2023]
    response = as_county_admin.post(OPEN, {"year": 2026})
    assert response.status_code == 302 and response["Location"] == year_url(2026)
    assessment = Assessment.objects.get(year=2026)
    assert assessment.sheets.count() == 2 and assessment.auto_scored_at == NOW
    shown = as_county_admin.get(response["Location"])
    assert "2026年度考核已启动" in shown.content.decode()


def test_it_shows_a_year_without_a_rubric_and_does_not_open_it(as_county_admin, county, clock):
    response = as_county_admin.get(INDEX)
    assert "没有适用的已发布考核细则" in response.content.decode()
    assert not response.context["can_open"]
    refused = as_county_admin.post(OPEN, {"year": 2026})
    assert refused.status_code == 400 and not Assessment.objects.exists()


def test_it_refuses_to_open_a_year_twice_or_for_an_inspector(as_county_admin, years, client, county):
    refused = as_county_admin.post(OPEN, {"year": 2026})
    assert refused.status_code == 400
    assert Assessment.objects.filter(year=2026).count() == 1
    client.force_login(county.users[Role.INSPECTOR])
    assert client.post(OPEN, {"year": 2024}).status_code == 403
    assert not Assessment.objects.filter(year=2024).exists()


# --- a year's ranking -----------------------------------------------------------------------------


def test_it_ranks_every_centre_with_sections_and_last_year(as_county_admin, years, county):
    response = as_county_admin.get(year_url(2026))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert {row.sheet.centre for row in rows} == {county.centre_a, county.centre_b}
    assert [s.title for s in response.context["sections"]][-1] == "加分项目"
    assert all(len(row.sections) == 6 for row in rows)
    assert all(row.previous != "—" and row.items > row.scored for row in rows)
    assert sum(Decimal(p) for p, _negative in rows[0].sections) == rows[0].sheet.total
    html = response.content.decode()
    for text in (
        "名次",
        "乡镇(街道)",
        "基础分",
        "加分",
        "总分",
        "上年总分",
        "增减",
        "已评",
        "重新读取数据自动评分",
        "发布考核结果",
    ):
        assert text in html, text
    assert "assessment-total-chart" in html and "vendor/echarts/echarts.min.js" in html
    assert "尚未评分完毕" in html


def test_it_lets_an_inspector_read_and_rescore_but_not_publish(as_inspector, years):
    _last, this = years
    response = as_inspector.get(year_url(2026))
    assert response.status_code == 200
    html = response.content.decode()
    assert "重新读取数据自动评分" in html and year_url(2026, "year_publish") not in html
    rescored = as_inspector.post(year_url(2026, "year_autoscore"))
    assert rescored.status_code == 302
    assert as_inspector.post(year_url(2026, "year_publish")).status_code == 403
    this.refresh_from_db()
    assert this.status == AssessmentStatus.OPEN


def test_it_shows_a_director_their_own_row_of_a_published_year_only(as_director_a, years, county):
    assert as_director_a.get(year_url(2026)).status_code == 404
    response = as_director_a.get(year_url(2025))
    assert response.status_code == 200
    assert [row.sheet.centre for row in response.context["rows"]] == [county.centre_a]
    html = response.content.decode()
    assert "本中心名次" in html and "assessment-total-chart" not in html
    assert year_url(2025, "year_autoscore") not in html
    assert as_director_a.post(year_url(2025, "year_autoscore")).status_code == 403
    assert as_director_a.get(year_url(2019)).status_code == 404


def test_it_answers_404_for_a_year_never_opened(as_county_admin, years):
    assert as_county_admin.get(year_url(2019)).status_code == 404
    assert as_county_admin.get(reverse("assessment:year", args=[2026])).status_code == 200


def test_it_refuses_to_publish_while_incomplete_and_then_publishes(as_county_admin, years, admin, county):
    _last, this = years
    response = as_county_admin.post(year_url(2026, "year_publish"), follow=True)
    html = response.content.decode()
    assert "尚有评分项未评分" in html and county.centre_a.name in html
    this.refresh_from_db()
    assert this.status == AssessmentStatus.OPEN
    assert not ScoreSheet.objects.filter(assessment=this, status=SheetStatus.PUBLISHED).exists()

    score_everything(this, admin)
    response = as_county_admin.post(year_url(2026, "year_publish"), follow=True)
    this.refresh_from_db()
    assert this.status == AssessmentStatus.PUBLISHED and this.published_by == admin
    html = response.content.decode()
    assert "考核结果已于" in html and "重新读取数据自动评分" not in html
    assert ScoreSheet.objects.filter(assessment=this, status=SheetStatus.PUBLISHED).count() == 2


def test_it_rescores_the_automatic_items_from_the_page(as_county_admin, years, monkeypatch):
    _last, this = years
    Assessment.objects.filter(pk=this.pk).update(auto_scored_at=None)
    response = as_county_admin.post(year_url(2026, "year_autoscore"), follow=True)
    assert "已按系统记录重新评分 2 张评分表" in response.content.decode()
    this.refresh_from_db()
    assert this.auto_scored_at == NOW


def _year_page_queries(client, year: int, centres: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(year_url(year))
    assert response.status_code == 200 and len(response.context["rows"]) == centres
    assert response.context["ranking"].previous is not None
    return len(captured)


def test_it_keeps_the_year_page_queries_constant_from_two_to_six_centres(client, county, admin, clock):
    rubric_load_default()
    client.force_login(county.users[Role.COUNTY_ADMIN])
    open_and_publish(2025, admin)
    services.assessment_open(year=2026, actor=admin, at=NOW)
    with_two = _year_page_queries(client, 2026, 2)
    for _ in range(4):
        CentreFactory()
    open_and_publish(2023, admin)
    services.assessment_open(year=2024, actor=admin, at=NOW)
    with_six = _year_page_queries(client, 2024, 6)
    assert with_two == with_six <= 12


def test_it_shows_director_b_nothing_of_centre_a(client, years, county):
    director_b = staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b)
    client.force_login(director_b.user)
    response = client.get(year_url(2025))
    assert [row.sheet.centre for row in response.context["rows"]] == [county.centre_b]
    sheet_a = years[0].sheets.get(centre=county.centre_a)
    assert client.get(reverse("assessment:sheet", args=[sheet_a.pk])).status_code == 404

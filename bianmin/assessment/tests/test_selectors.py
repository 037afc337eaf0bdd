"""Who reads which sheet, the ranking with last year's totals, and the sheet's breakdown."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from bianmin.assessment import breakdown, selectors, services
from bianmin.assessment.models import Score
from bianmin.assessment.services_rubric import rubric_load_default
from bianmin.core.roles import Role
from bianmin.org.tests.factories import staff_with_login

CHINA = ZoneInfo("Asia/Shanghai")


def _open_and_publish(year, admin):
    at = datetime(year, 12, 30, 10, tzinfo=CHINA) if year < 2026 else datetime(2026, 11, 20, 10, tzinfo=CHINA)
    assessment = services.assessment_open(year=year, actor=admin, at=at)
    for score in Score.objects.filter(sheet__assessment=assessment, value__isnull=True).select_related("item"):
        services.score_set(score=score, value=score.item.points, note="", actor=admin, at=at)
    return services.assessment_publish(assessment=assessment, actor=admin, at=at)


@pytest.fixture
def years(county):
    rubric_load_default()
    admin = county.users[Role.COUNTY_ADMIN].staff
    last = _open_and_publish(2025, admin)
    this = services.assessment_open(year=2026, actor=admin, at=datetime(2026, 11, 20, 10, tzinfo=CHINA))
    return last, this


def test_it_ranks_every_centre_with_last_years_total_for_county_roles(years, county):
    last, this = years
    result = selectors.ranking(county.users[Role.INSPECTOR], this)
    assert result.of == 2 and result.previous == last
    assert {row.sheet.centre for row in result.rows} == {county.centre_a, county.centre_b}
    assert [row.place for row in result.rows] == sorted(row.place for row in result.rows)
    assert all(row.previous is not None for row in result.rows)


def test_it_shows_a_director_only_their_own_published_sheet(years, county):
    last, this = years
    director = county.director_a.user
    assert list(selectors.assessments_for(director)) == [last]
    rows = selectors.ranking(director, last).rows
    assert [row.sheet.centre for row in rows] == [county.centre_a]
    assert selectors.ranking(director, this).rows == []  # not published yet
    sheet_b = last.sheets.get(centre=county.centre_b)
    with pytest.raises(Http404):
        selectors.get_sheet(director, sheet_b.pk)
    draft_a = this.sheets.get(centre=county.centre_a)
    with pytest.raises(Http404):
        selectors.get_sheet(director, draft_a.pk)
    director_b = staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b)
    with pytest.raises(Http404):
        selectors.get_sheet(director_b.user, last.sheets.get(centre=county.centre_a).pk)


@pytest.mark.parametrize("who", ["clerk_a", "agent_a1"])
def test_it_refuses_clerks_and_agents(years, county, who):
    with pytest.raises(PermissionDenied):
        selectors.assessments_for(getattr(county, who).user)


def test_it_breaks_a_sheet_down_like_the_rubric_with_last_years_points(years, county, django_assert_max_num_queries):
    _last, this = years
    sheet = this.sheets.get(centre=county.centre_a)
    with django_assert_max_num_queries(10):
        result = breakdown.sheet_breakdown(sheet)
    titles = [row.section.title for row in result.sections]
    assert titles == ["服务人员到位", "服务设施到位", "服务事项到位", "服务制度到位", "运行监督情况", "加分项目"]
    assert (result.base_max, result.bonus_max) == (Decimal("100"), Decimal("20"))
    assert result.previous_sheet is not None
    assert sum(row.points for row in result.sections) == sheet.total
    leadership = result.sections[0].indicators[0]
    assert leadership.previous == Decimal("5")  # fully scored last year
    assert leadership.items[0].value == "未评分" and leadership.items[0].standard == "2分"
    assert result.unscored > 0

"""The standardization progress pages per role, the plan form, the print summary and query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bianmin.assessment.models import SheetStatus, StandardTarget
from bianmin.core.roles import Role
from bianmin.org.tests.factories import staff_with_login

from .test_progress_helpers import add_centres, cover_every_village, publish_total, standardize

# Marked so that tests reaching the database only through getfixturevalue run before transactional
# tests (which flush the migrations' reference data).
pytestmark = pytest.mark.django_db

COUNTY_URL = reverse("assessment:progress")
PRINT_URL = reverse("assessment:progress_print")


def centre_url(centre):
    return reverse("assessment:progress_centre", args=[centre.pk])


def target_url(centre):
    return reverse("assessment:progress_target", args=[centre.pk])


def point_target_url(point):
    return reverse("assessment:progress_point_target", args=[point.pk])


# --- the county view -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["as_county_admin", "as_inspector"])
def test_it_shows_the_county_view_to_county_roles(request, county, who):
    client = request.getfixturevalue(who)
    response = client.get(COUNTY_URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert county.centre_a.name in text and county.centre_b.name in text
    s = response.context["summary"]
    # Neither centre is standardized: A lacks four mandatory windows and a deputy, B much more.
    assert (s.centres, s.standardized) == (2, 0)
    assert (s.villages, s.covered) == (4, 3)  # A: 一村, 二村 with points, 三村 without; B: 乙一村
    assert (s.points, s.points_ok) == (3, 2)  # A1 and B1 have an agent and ≥30㎡; A2 is 25㎡ without staff
    assert "尚无已发布的年度考核" in text
    assert 'id="progress-chart"' in text and "progress-chart-data" in text and "echarts.min.js" in text
    assert response.context["chart"]["centres"] == ["甲镇", "乙乡"]


def test_it_counts_standardized_centres_and_names_a_candidate(as_county_admin, county):
    standardize(county.centre_a)
    cover_every_village(county.centre_a)
    admin = county.users[Role.COUNTY_ADMIN].staff
    publish_total(county.centre_a, 2018, "91.5", actor=admin)
    publish_total(county.centre_b, 2018, "95", actor=admin)
    response = as_county_admin.get(COUNTY_URL)
    s = response.context["summary"]
    assert s.standardized == 1
    assert [p.centre for p in s.candidates] == [county.centre_a]
    assert response.context["rows"][0].centre == county.centre_a  # standardized first
    assert "2018年度 91.5 分" in response.content.decode()
    printed = as_county_admin.get(PRINT_URL).content.decode()
    assert f"{county.centre_a.name}(2018年度 91.5 分)" in printed and "★" in printed


def test_it_reads_only_published_sheets_and_the_latest_year_for_candidates(as_county_admin, county):
    standardize(county.centre_a)
    cover_every_village(county.centre_a)
    admin = county.users[Role.COUNTY_ADMIN].staff
    publish_total(county.centre_a, 2018, "95", actor=admin)
    publish_total(county.centre_a, 2019, "99", status=SheetStatus.DRAFT, actor=admin)  # not published: ignored
    p = next(p for p in as_county_admin.get(COUNTY_URL).context["rows"] if p.centre == county.centre_a)
    assert (p.published_year, p.published_total) == (2018, 95) and p.candidacy.is_candidate
    publish_total(county.centre_a, 2020, "80", actor=admin)  # a newer published year, below the floor
    p = next(p for p in as_county_admin.get(COUNTY_URL).context["rows"] if p.centre == county.centre_a)
    assert (p.published_year, p.published_total) == (2020, 80) and not p.candidacy.is_candidate
    assert p.candidacy.awaits_score


def test_it_lists_centres_meeting_all_but_the_score_when_nothing_is_published(as_county_admin, county):
    standardize(county.centre_a)
    cover_every_village(county.centre_a)
    response = as_county_admin.get(COUNTY_URL)
    assert [p.centre for p in response.context["summary"].awaiting_score] == [county.centre_a]
    assert response.context["summary"].candidates == []


@pytest.mark.parametrize(("order", "first"), [("gaps", "centre_b"), ("standard", "centre_a"), ("code", "centre_a")])
def test_it_sorts_the_table(as_county_admin, county, order, first):
    standardize(county.centre_a)
    rows = as_county_admin.get(COUNTY_URL, {"order": order}).context["rows"]
    assert rows[0].centre == getattr(county, first)


def test_it_shows_the_goal_countdown(as_county_admin, settings):
    settings.STANDARDIZATION_GOAL_DATE = "2000-01-01"
    response = as_county_admin.get(COUNTY_URL)
    assert "已到期" in response.content.decode() and response.context["summary"].goal_missed
    goal = timezone.localdate() + timedelta(days=10)
    settings.STANDARDIZATION_GOAL_DATE = goal.isoformat()
    assert "剩余 10 天" in as_county_admin.get(COUNTY_URL).content.decode()


def test_it_sends_centre_staff_to_their_centres_page(as_director_a, county):
    response = as_director_a.get(COUNTY_URL)
    assert response.status_code == 302 and response.url == centre_url(county.centre_a)


def test_it_sends_a_clerk_to_their_centres_page(as_clerk_a, county):
    assert as_clerk_a.get(COUNTY_URL).url == centre_url(county.centre_a)


def test_it_refuses_agents_and_accounts_without_a_role(as_agent_a1, county, client, django_user_model):
    assert as_agent_a1.get(COUNTY_URL).status_code == 403
    assert as_agent_a1.get(centre_url(county.centre_a)).status_code == 403
    assert as_agent_a1.get(PRINT_URL).status_code == 403
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get(COUNTY_URL).status_code == 403


def test_it_asks_anonymous_visitors_to_log_in(client, county):
    assert client.get(COUNTY_URL).status_code == 302


def test_it_reads_the_county_view_in_the_same_queries_for_2_and_6_centres(
    as_county_admin, county, django_assert_max_num_queries
):
    """No N+1: centres with windows and coverage, mandatory lines, points, targets and published
    sheets are one query each (plus the session, the user and their scope)."""
    admin = county.users[Role.COUNTY_ADMIN].staff
    StandardTarget.objects.create(
        centre=county.centre_a,
        code="deputy",
        target_date=timezone.localdate(),
        updated_by=admin,
        updated_at=timezone.now(),
    )
    with CaptureQueriesContext(connection) as two:
        assert as_county_admin.get(COUNTY_URL).status_code == 200
    new = add_centres(county.county, 4)
    for centre in new:
        publish_total(centre, 2018, "90", actor=admin)
        StandardTarget.objects.create(
            centre=centre, code="deputy", target_date=timezone.localdate(), updated_by=admin, updated_at=timezone.now()
        )
    with CaptureQueriesContext(connection) as six:
        response = as_county_admin.get(COUNTY_URL)
    assert len(response.context["rows"]) == 6
    assert len(six) == len(two) <= 10, [q["sql"] for q in six.captured_queries]
    with django_assert_max_num_queries(len(two)):
        assert as_county_admin.get(PRINT_URL).status_code == 200


def test_it_reads_a_centres_page_in_a_fixed_number_of_queries(as_county_admin, county, django_assert_max_num_queries):
    add_centres(county.county, 3)
    with django_assert_max_num_queries(12):
        assert as_county_admin.get(centre_url(county.centre_a)).status_code == 200


# --- the print summary -----------------------------------------------------------------------------


def test_it_prints_the_county_summary(as_inspector, county):
    response = as_inspector.get(PRINT_URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "全县便民服务中心标准化建设进度汇总表" in text and "size: A4 landscape" in text
    assert county.centre_a.name in text and "未达标的必达项" in text and "尚无已发布的年度考核" in text
    assert "专职副主任(未制定计划)" in text


def test_it_keeps_the_print_summary_for_county_roles(as_director_a):
    assert as_director_a.get(PRINT_URL).status_code == 403


# --- one centre's page ----------------------------------------------------------------------------


def test_it_shows_a_director_their_centres_checklist_with_plan_links(as_director_a, county):
    StandardTarget.objects.create(
        centre=county.centre_a,
        code="deputy",
        status="building",
        target_date=timezone.localdate() - timedelta(days=1),
        note="从党政班子中确定人选",
        updated_by=county.director_a,
        updated_at=timezone.now(),
    )
    response = as_director_a.get(centre_url(county.centre_a))
    assert response.status_code == 200
    text = response.content.decode()
    page = response.context["page"]
    assert page.can_plan
    rows = {row.item.code: row for row in page.progress.rows}
    assert rows["hall_area"].met and not rows["deputy"].met and rows["deputy"].overdue
    assert rows["line:民政"].met and not rows["line:卫计"].met
    assert "已逾期" in text and "从党政班子中确定人选" in text
    assert f"{target_url(county.centre_a)}?code=line%3A%E5%8D%AB%E8%AE%A1" in text  # line:卫计
    assert [v.name for v in page.villages_without_point] == ["三村"]
    assert [pp.point for pp in page.progress.points] == [county.point_a1, county.point_a2]
    assert point_target_url(county.point_a2) in text


def test_it_hides_other_centres_from_a_director(as_director_a, county):
    assert as_director_a.get(centre_url(county.centre_b)).status_code == 404
    assert as_director_a.get(target_url(county.centre_b)).status_code == 404
    assert as_director_a.get(point_target_url(county.point_b1)).status_code == 404


def test_it_lets_a_clerk_read_their_own_centre_only_and_not_plan(as_clerk_a, county):
    response = as_clerk_a.get(centre_url(county.centre_a))
    assert response.status_code == 200 and not response.context["page"].can_plan
    assert target_url(county.centre_a) not in response.content.decode()
    assert as_clerk_a.get(centre_url(county.centre_b)).status_code == 404
    assert as_clerk_a.get(target_url(county.centre_a)).status_code == 403
    assert as_clerk_a.post(target_url(county.centre_a), {"code": "deputy"}).status_code == 403


def test_it_lets_inspectors_read_every_centre_but_not_plan(as_inspector, county):
    response = as_inspector.get(centre_url(county.centre_b))
    assert response.status_code == 200 and not response.context["page"].can_plan
    assert as_inspector.get(target_url(county.centre_b)).status_code == 403


# --- the plan form ---------------------------------------------------------------------------------


def test_it_saves_a_plan_from_the_form(as_director_a, county):
    form = as_director_a.get(target_url(county.centre_a), {"code": "deputy"})
    assert form.status_code == 200 and form.context["form"]["code"].value() == "deputy"
    when = timezone.localdate() + timedelta(days=30)
    response = as_director_a.post(
        target_url(county.centre_a),
        {"code": "deputy", "status": "planned", "target_date": when.isoformat(), "note": "党委会研究确定"},
    )
    assert response.status_code == 302 and response.url == centre_url(county.centre_a) + "#checklist"
    target = StandardTarget.objects.get()
    assert (target.centre, target.target_date, target.note) == (county.centre_a, when, "党委会研究确定")
    edit = as_director_a.get(target_url(county.centre_a), {"code": "deputy"})
    assert edit.context["form"]["note"].value() == "党委会研究确定"


def test_it_shows_a_refusal_on_the_form_and_saves_nothing(as_director_a, county):
    past = timezone.localdate() - timedelta(days=1)
    response = as_director_a.post(
        target_url(county.centre_a), {"code": "deputy", "status": "planned", "target_date": past.isoformat()}
    )
    assert response.status_code == 200
    assert "目标日期不能早于今天" in response.content.decode()
    response = as_director_a.post(
        target_url(county.centre_a), {"code": "hall_area", "status": "planned", "target_date": ""}
    )
    assert "按记录已经达标,无需制定计划" in response.content.decode()
    assert not StandardTarget.objects.exists()


def test_it_saves_a_point_plan_and_returns_to_the_point(as_director_a, county):
    when = timezone.localdate() + timedelta(days=60)
    response = as_director_a.post(
        point_target_url(county.point_a2), {"code": "area", "status": "building", "target_date": when.isoformat()}
    )
    pk = county.point_a2.pk
    assert response.url == centre_url(county.centre_a) + f"?point={pk}#point-{pk}"
    assert StandardTarget.objects.get().agency_point == county.point_a2
    page = as_director_a.get(response.url)
    assert "建设中" in page.content.decode()


def test_it_lets_the_county_admin_plan_for_any_centre(as_county_admin, county):
    when = timezone.localdate() + timedelta(days=90)
    response = as_county_admin.post(
        target_url(county.centre_b), {"code": "hall_area", "status": "planned", "target_date": when.isoformat()}
    )
    assert response.status_code == 302
    assert StandardTarget.objects.get().centre == county.centre_b


def test_it_lets_director_b_plan_for_centre_b_only(client, county):
    director_b = staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b)
    client.force_login(director_b.user)
    data = {
        "code": "deputy",
        "status": "planned",
        "target_date": (timezone.localdate() + timedelta(days=9)).isoformat(),
    }
    assert client.post(target_url(county.centre_a), data).status_code == 404
    assert client.post(target_url(county.centre_b), data).status_code == 302
    assert list(StandardTarget.objects.values_list("centre_id", flat=True)) == [county.centre_b.pk]

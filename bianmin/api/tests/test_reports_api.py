"""Monthly reports and assessments through the API: the pages' readers, the director's submission."""

import pytest

from bianmin.api.tests.helpers import get, post, token_for
from bianmin.reports.models import MonthlyReport

pytestmark = pytest.mark.django_db
SUMMARY = "本月共受理办件若干件,按时办结,无超期办件,咨询和代办工作正常开展,群众评价良好。"


def test_the_director_submits_last_month_and_the_figures_freeze(client, county, settings):
    settings.REPORTS_FIRST_MONTH = "2026-01"
    url = f"/api/v1/reports/centres/{county.centre_a.pk}/2026-01"
    clerk = token_for(county.clerk_a.user)
    assert get(client, url, clerk).status_code == 200
    assert post(client, url + "/submit", {"summary": SUMMARY}, clerk).status_code == 403
    response = post(client, url + "/submit", {"summary": SUMMARY}, token_for(county.director_a.user))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["frozen"] and body["versions"][0]["number"] == 1 and body["standing"] in ("on_time", "late")
    assert MonthlyReport.objects.get(centre=county.centre_a).is_submitted
    again = post(client, url + "/submit", {"summary": SUMMARY}, token_for(county.director_a.user))
    assert again.status_code == 422 and "理由" in again.json()["message"]


def test_reports_are_scoped_and_closed_to_agents(client, county, settings):
    settings.REPORTS_FIRST_MONTH = "2026-01"
    assert (
        get(client, f"/api/v1/reports/centres/{county.centre_b.pk}", token_for(county.clerk_a.user)).status_code == 404
    )
    assert (
        get(client, f"/api/v1/reports/centres/{county.centre_a.pk}", token_for(county.agent_a1.user)).status_code == 403
    )
    months = get(client, f"/api/v1/reports/centres/{county.centre_a.pk}?year=2026", token_for(county.clerk_a.user))
    assert months.status_code == 200 and months.json()[-1]["month"] == "2026-01"


def test_assessments_are_for_county_roles_and_directors(client, county):
    assert get(client, "/api/v1/assessments", token_for(county.users["inspector"])).json() == []
    assert get(client, "/api/v1/assessments", token_for(county.clerk_a.user)).status_code == 403
    assert get(client, "/api/v1/assessments/2025/ranking", token_for(county.users["inspector"])).status_code == 404


def test_the_calendar_counts_statutory_working_days(client, county):
    from bianmin.workcalendar import services as calendar_services

    calendar_services.seed_from_package()
    body = client.get("/api/v1/calendar/add?start=2025-09-30&days=5").json()
    assert body["result"] == "2025-10-14" and not body["provisional"]
    assert client.get("/api/v1/calendar/between?start=2025-09-30&end=2025-10-14").json()["working_days"] == 5
    year = client.get("/api/v1/calendar/years/2026").json()
    assert year["official"] and year["working_days"] == 248
    kinds = {d["date"]: d["kind"] for d in year["days"]}
    assert kinds["2026-02-14"] == "work" and kinds["2026-10-01"] == "rest"  # 调休上班, National Day
    provisional = client.get("/api/v1/calendar/add?start=2027-09-30&days=5").json()
    assert provisional["provisional"] and "暂定" in provisional["note"]

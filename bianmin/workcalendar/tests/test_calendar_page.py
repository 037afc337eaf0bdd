from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from bianmin.workcalendar import services
from bianmin.workcalendar.models import CalendarDay, CalendarYear
from bianmin.workcalendar.notice import parse_notice
from bianmin.workcalendar.tests.test_calendar_data import NOTICE_2027

# Marked so that tests reaching the database only through getfixturevalue run before transactional
# tests (which flush the migrations' reference data).
pytestmark = pytest.mark.django_db

ACTORS = ["as_inspector", "as_director_a", "as_clerk_a", "as_clerk_b", "as_agent_a1"]
PAGES = [
    ("get", "workcalendar:current", []),
    ("get", "workcalendar:year", [2026]),
    ("post", "workcalendar:configure", [2027]),
    ("post", "workcalendar:local_day", [2027]),
    ("post", "workcalendar:day_delete", [2026, "2026-10-01"]),
]


@pytest.fixture
def seeded(county):
    services.seed_from_package()


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "name", "args"), PAGES)
def test_it_refuses_the_calendar_to_everyone_but_the_county_admin(request, seeded, actor, method, name, args):
    client = request.getfixturevalue(actor)
    data = {"source": "通知", "text": "2027-01-01 放假 元旦", "date": "2027-03-01", "kind": "rest", "name": "x"}
    response = getattr(client, method)(reverse(name, args=args), data)
    assert response.status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert CalendarDay.objects.filter(date=date(2026, 10, 1)).exists()


def test_it_sends_anonymous_users_to_the_login(client, seeded):
    assert client.get(reverse("workcalendar:current")).url.startswith("/login/")


def test_it_shows_a_year_as_month_grids(as_county_admin, seeded):
    page = as_county_admin.get(reverse("workcalendar:year", args=[2026])).content.decode()
    assert "2026年工作日历" in page and "已录入官方安排" in page and "全年工作日 248 天" in page
    assert page.count('<table class="table table-sm cal') == 12
    assert 'title="10月1日 国庆节"' in page
    assert "2026-02-15 至 2026-02-23 放假 春节" in page  # the notice form shows the year as entered


def test_it_marks_an_unpublished_year_provisional(as_county_admin, seeded):
    page = as_county_admin.get(reverse("workcalendar:year", args=[2027])).content.decode()
    assert "未录入,按法定节假日暂定" in page
    assert 'title="2月5日 春节"' in page  # 除夕 from the lunar calendar


def test_it_enters_a_year_from_the_notice(as_county_admin, seeded):
    text = NOTICE_2027
    response = as_county_admin.post(
        reverse("workcalendar:configure", args=[2027]), {"source": "国办发明电〔2026〕9号", "text": text}
    )
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕9号"
    assert CalendarDay.objects.filter(date__year=2027).count() == 31
    assert "2027年节假日安排已保存(共 31 天)" in as_county_admin.get(response.url).content.decode()


def test_it_explains_a_missing_statutory_holiday(as_county_admin, seeded):
    text = "2027-01-01 放假 元旦"
    response = as_county_admin.post(reverse("workcalendar:configure", args=[2027]), {"source": "通知", "text": text})
    page = response.content.decode()
    assert "录入的安排缺少法定节假日" in page and "2027-02-05 春节" in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_it_shows_notice_errors_by_line_and_saves_nothing(as_county_admin, seeded):
    text = "2027-01-01 放假 元旦\n2027-02-30 放假 春节"
    response = as_county_admin.post(reverse("workcalendar:configure", args=[2027]), {"source": "通知", "text": text})
    page = response.content.decode()
    assert response.status_code == 200 and "第2行:日期无效。" in page
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_it_adds_and_removes_a_local_exception(as_county_admin, seeded):
    url = reverse("workcalendar:local_day", args=[2026])
    response = as_county_admin.post(url, {"date": "2026-07-01", "kind": "rest", "name": "县庆"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=date(2026, 7, 1)).is_local
    response = as_county_admin.post(url, {"date": "2026-07-02", "kind": "work", "name": "加班"})
    assert "周一至周五本来就是工作日" in response.content.decode()
    response = as_county_admin.post(url, {"date": "2025-07-02", "kind": "rest", "name": "x"})
    assert "请选择2026年内的日期" in response.content.decode()
    as_county_admin.post(reverse("workcalendar:day_delete", args=[2026, "2026-07-01"]))
    assert not CalendarDay.objects.filter(date=date(2026, 7, 1)).exists()


@pytest.mark.parametrize("year", [1999, 2101, 99999])
def test_it_answers_404_for_years_out_of_range(as_county_admin, seeded, year):
    assert as_county_admin.get(f"/calendar/{year}/").status_code == 404


@pytest.mark.parametrize(
    ("today", "warned"),
    [
        (date(2026, 9, 30), False),  # before October: too early to expect the notice
        (date(2026, 10, 1), True),  # 2027 not entered yet
    ],
)
def test_it_warns_the_county_admin_about_next_year_from_october(as_county_admin, seeded, today, warned):
    with mock.patch("bianmin.core.views.timezone.localdate", return_value=today):
        page = as_county_admin.get("/").content.decode()
    assert ("2027年的节假日安排尚未录入" in page) is warned


def test_it_stops_warning_once_next_year_is_entered(as_county_admin, seeded):
    services.year_configure(year=2027, source="通知", entries=parse_notice(NOTICE_2027, 2027)[0])
    with mock.patch("bianmin.core.views.timezone.localdate", return_value=date(2026, 11, 24)):
        page = as_county_admin.get("/").content.decode()
    assert "节假日安排尚未录入" not in page


def test_it_does_not_warn_the_inspector(as_inspector, seeded):
    with mock.patch("bianmin.core.views.timezone.localdate", return_value=date(2026, 11, 24)):
        assert "节假日安排尚未录入" not in as_inspector.get("/").content.decode()

"""The hall display screen (/display/<centre>/, plan 四(一)2(3) 电子显示屏): no login, the centre's
current notices and today's figures, refreshed through /display/<centre>/data/."""

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bianmin.cases import services as case_services
from bianmin.cases.tests.helpers import ID_1, PHONE, applicant, handling_case, listed_item, received_case
from bianmin.portal import services
from bianmin.portal.figures import TodayFigures, centre_figures, summarise

pytestmark = pytest.mark.django_db


def display_url(centre) -> str:
    return reverse("screens:display", args=[centre.pk])


def data_url(centre) -> str:
    return reverse("screens:display_data", args=[centre.pk])


def notice(county, title: str, *, centre=None, actor=None, **changes):
    values = {"kind": "policy", "title": title, "body": f"{title}的正文。", "publish_on": timezone.localdate()}
    values.update(changes)
    return services.notice_create(actor=actor or county.clerk_a, centre=centre or county.centre_a, changes=values)


def titles(response) -> list[str]:
    return re.findall(r'<h2 class="notice-title">([^<]*)</h2>', response.content.decode())


def at(day: int, hour: int, month: int = 11) -> datetime:
    return timezone.make_aware(datetime(2026, month, day, hour, 0))


# --- notices ---------------------------------------------------------------------------------------


def test_it_shows_only_the_centres_current_notices(client, county):
    today = timezone.localdate()
    notice(county, "今天发布", kind="news")
    notice(county, "上月发布长期有效", publish_on=today - timedelta(days=40))
    notice(county, "今天是最后一天", publish_on=today - timedelta(days=3), expire_on=today, kind="jobs")
    notice(county, "明天才发布", publish_on=today + timedelta(days=1))
    notice(county, "昨天已到期", publish_on=today - timedelta(days=5), expire_on=today - timedelta(days=1))
    notice(county, "已停用", is_active=False)
    notice(county, "乙乡的公告", centre=county.centre_b, actor=county.clerk_b)
    for url in (display_url(county.centre_a), data_url(county.centre_a)):
        response = client.get(url)
        assert response.status_code == 200
        assert titles(response) == ["上月发布长期有效", "今天是最后一天", "今天发布"]  # oldest first
        html = response.content.decode()
        for hidden in ("明天才发布", "昨天已到期", "已停用", "乙乡的公告"):
            assert hidden not in html
        assert len(re.findall(r'<article class="notice[^"]* is-current', html)) == 1  # one at a time
        assert "就业招聘" in html and "工作动态" in html


def test_it_welcomes_when_there_is_no_notice(client, county):
    county.centre_a.commitments = "一次告知、限时办结"
    county.centre_a.save()
    html = client.get(display_url(county.centre_a)).content.decode()
    assert f"欢迎来到{county.centre_a.name}" in html and "一次告知、限时办结" in html


def test_it_answers_404_for_unknown_or_closed_centres(client, county):
    for url in (reverse("screens:display", args=[99999]), reverse("screens:display_data", args=[99999])):
        assert client.get(url).status_code == 404
    county.centre_b.is_active = False
    county.centre_b.save()
    assert client.get(display_url(county.centre_b)).status_code == 404
    assert client.get(data_url(county.centre_b)).status_code == 404


# --- the page itself -------------------------------------------------------------------------------


def test_it_is_a_self_refreshing_page_without_reload_loops(client, county):
    html = client.get(display_url(county.centre_a)).content.decode()
    assert county.centre_a.name in html and 'id="clock-time"' in html
    assert 'data-rotate="12"' in html and 'data-refresh="60"' in html
    assert f'data-data-url="{data_url(county.centre_a)}"' in html
    assert "/static/bianmin/display.js" in html
    # The only page reload is the fallback for screens without JavaScript, every 5 minutes.
    assert re.findall(r"http-equiv=\"refresh\"[^>]*", html) == ['http-equiv="refresh" content="300"']
    assert re.search(r"<noscript><meta http-equiv=\"refresh\" content=\"300\"></noscript>", html)
    # No external resources: everything is served locally (the hall may be on an intranet).
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert 'id="display-data"' in html and html.count('id="display-data"') == 1


@pytest.mark.parametrize(
    ("query", "rotate", "refresh"), [("?rotate=1&refresh=5", 1, 5), ("?rotate=0", 1, 60), ("?rotate=x", 12, 60)]
)
def test_it_takes_test_speeds_from_the_query(client, county, query, rotate, refresh):
    html = client.get(display_url(county.centre_a) + query).content.decode()
    assert f'data-rotate="{rotate}"' in html and f'data-refresh="{refresh}"' in html


def test_it_serves_the_data_fragment_uncached(client, county):
    notice(county, "公告一")
    response = client.get(data_url(county.centre_a))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = response.content.decode()
    assert html.strip().startswith('<div id="display-data"')
    assert "<html" not in html and "今日受理" in html and "公告一" in html
    assert re.search(r'data-server-time="\d{13}"', html)
    assert client.post(data_url(county.centre_a)).status_code == 405


# --- figures ---------------------------------------------------------------------------------------


def test_it_summarises_the_counts():
    figures = summarise(datetime(2026, 11, 20).date(), {"completed_month": 3, "on_time_month": 2, "open_cases": None})
    assert (figures.accepted_today, figures.open_cases, figures.on_time_rate_label) == (0, 0, "66.6%")
    # Rounded down: one late case in a thousand is not 100%.
    assert summarise(figures.day, {"completed_month": 1000, "on_time_month": 999}).on_time_rate_label == "99.9%"
    assert summarise(figures.day, {"completed_month": 4, "on_time_month": 4}).on_time_rate_label == "100%"
    assert summarise(figures.day, {}).on_time_rate is None and summarise(figures.day, {}).on_time_rate_label == "—"


def test_it_counts_todays_figures_of_one_centre(county):
    """Centre A on Friday 20 November 2026 at 15:00 (promised limit: 15 working days)."""
    item = listed_item(county)
    clerk = county.clerk_a

    def accepted(day, hour=9, month=11):
        case = received_case(county, item, at=at(day, hour, month))
        case_services.case_accept(case=case, actor=clerk, at=at(day, hour, month))
        return case

    # Accepted today and completed today, on time.
    today_case = accepted(20)
    case_services.case_complete(case=today_case, actor=clerk, result="approved", at=at(20, 11))
    # Accepted in October, completed this month after its due date: late.
    late = accepted(9, month=10)
    case_services.case_complete(case=late, actor=clerk, result="refused", note="不符合条件", at=at(5, 10))
    # Completed last month: not in this month's rate.
    old = accepted(8, month=10)
    case_services.case_complete(case=old, actor=clerk, result="approved", at=at(12, 10, month=10))
    # Running and overdue (red), running and in time, suspended past its old due date.
    accepted(20, month=10)
    accepted(19)
    paused = accepted(21, month=10)
    case_services.case_suspend(case=paused, actor=clerk, kind="expert", reason="专家评审", at=at(22, 9, month=10))
    # Received today but not accepted; centre B's case accepted today; both outside the counts.
    received_case(county, item, at=at(20, 10))
    other = received_case(county, item, actor=county.clerk_b, at=at(20, 9))
    case_services.case_accept(case=other, actor=county.clerk_b, at=at(20, 9))

    with CaptureQueriesContext(connection) as queries:
        figures = centre_figures(county.centre_a.pk, now=at(20, 15))
    assert len(queries) == 1
    assert figures == TodayFigures(
        day=at(20, 15).date(),
        accepted_today=1,
        completed_today=1,
        completed_month=2,
        on_time_month=1,
        open_cases=3,
        red_cases=1,
    )
    assert figures.on_time_rate_label == "50%"
    assert centre_figures(county.centre_b.pk, now=at(20, 15)).accepted_today == 1


def test_it_shows_the_figures_on_the_screen(client, county):
    item = listed_item(county)
    case = received_case(county, item)
    case_services.case_accept(case=case, actor=county.clerk_a)
    case_services.case_complete(case=case, actor=county.clerk_a, result="approved")
    long_ago = timezone.now() - timedelta(days=60)
    overdue = received_case(county, item, at=long_ago)
    case_services.case_accept(case=overdue, actor=county.clerk_a, at=long_ago)  # long overdue: red
    html = client.get(data_url(county.centre_a)).content.decode()

    def figure(key):
        block = re.search(rf'data-figure="{key}"><dt>[^<]*</dt><dd>([^<]*)', html)
        return block.group(1)

    assert (figure("accepted_today"), figure("completed_today"), figure("on_time_rate")) == ("1", "1", "100%")
    assert (figure("open_cases"), figure("red_cases")) == ("1", "1")
    assert 'class="figure is-alarm" data-figure="red_cases"' in html


def test_it_shows_no_personal_data_or_staff_names(client, county):
    item = listed_item(county)
    case_services.case_register(
        actor=county.clerk_a,
        item=item,
        applicant=applicant(name="王秀英", address="一村3组"),
        materials={1: ("received", ""), 2: ("received", ""), 3: ("received", "")},
    )
    notice(county, "招聘公告", actor=county.director_a)
    for url in (display_url(county.centre_a), data_url(county.centre_a)):
        html = client.get(url).content.decode()
        for private in (
            "王秀英",
            "一村3组",
            ID_1,
            ID_1[-4:] + "<",
            PHONE,
            PHONE[-4:],
            "director_a",
            "clerk_a",
            "最低生活保障",
        ):
            assert private not in html, private
        assert "receipt" not in html


def test_it_answers_the_data_in_constant_queries(client, county):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(data_url(county.centre_a)).status_code == 200
        return len(ctx)

    empty = count()
    assert empty <= 3  # the centre, the figures (one aggregate), the notices
    item = listed_item(county)
    for i in range(4):
        notice(county, f"公告{i}")
        handling_case(county, item)
    assert count() == empty

"""The queue's figures (waiting and handling time per line, window and hour; tickets per day; 过号率;
appointments), where they are shown (centre dashboard, figures page, monthly report) and the
electronic-monitoring light for a wait over the limit."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from bianmin.cases.ledgers import Month
from bianmin.hallqueue import figures as queue_figures
from bianmin.hallqueue import services
from bianmin.hallqueue.lights import queue_lights
from bianmin.hallqueue.selectors_figures import long_wait_days, period_figures, today_summary
from bianmin.hallqueue.tests.helpers import at, build_hall
from bianmin.monitoring.lights import Colour, Kind
from bianmin.monitoring.sources import Moment
from bianmin.reports import compile as compiler
from bianmin.reports import figures as report_figures
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db
MARCH_10, MARCH_11 = (2026, 3, 10), (2026, 3, 11)


@pytest.fixture
def hall(county):
    return build_hall(county)


def serve(hall, clerk, window, *, take_at, call_at, finish_at=None, line=None, priority="", day=MARCH_10):
    services.ticket_take(line=line or hall.line_a, priority=priority, at=at(*take_at, day=day))
    ticket = services.ticket_call_next(window=window, actor=clerk, at=at(*call_at, day=day))
    if finish_at is None:
        return services.ticket_no_show(ticket=ticket, window=window, actor=clerk, at=at(*call_at, 30, day=day))
    return services.ticket_finish(ticket=ticket, window=window, actor=clerk, at=at(*finish_at, day=day))


@pytest.fixture
def two_days(county, hall):
    """March 10: A at window 1 waits 10 min and takes 5; A at window 3 waits 40 (over the limit) and
    takes 15; B at window 2 is called after 2 min and does not come. March 11: one B, 4 + 6 min."""
    serve(hall, county.clerk_a, hall.window_1, take_at=(9, 0), call_at=(9, 10), finish_at=(9, 15))
    serve(hall, hall.clerk_3, hall.window_3, take_at=(10, 5), call_at=(10, 45), finish_at=(11, 0), priority="elderly")
    serve(hall, hall.clerk_2, hall.window_2, take_at=(10, 20), call_at=(10, 22), line=hall.line_b)
    serve(
        hall,
        hall.clerk_2,
        hall.window_2,
        take_at=(14, 0),
        call_at=(14, 4),
        finish_at=(14, 10),
        line=hall.line_b,
        day=MARCH_11,
    )


def test_it_adds_up_the_period_by_line_window_hour_and_day(county, two_days):
    q = period_figures(county.centre_a.pk, date(2026, 3, 1), date(2026, 3, 31))
    t = q.totals
    assert (t.tickets, t.called, t.served, t.no_show, t.over_limit, q.priority) == (4, 4, 3, 1, 1, 1)
    assert t.avg_wait == pytest.approx((10 + 40 + 2 + 4) / 4) and t.wait_max == 40 * 60
    assert t.avg_handle == pytest.approx((5 + 15 + 6) / 3)
    assert t.no_show_percent == "25.0%"
    assert [(r.label, r.tickets, r.no_show) for r in q.by_line] == [("A 民政", 2, 0), ("B 劳动保障", 2, 1)]
    assert [(r.label, r.served) for r in q.by_window] == [
        ("1号窗口 民政窗口", 1),
        ("2号窗口 劳动保障窗口", 1),
        ("3号窗口 综合窗口", 1),
    ]
    assert [(r.label, r.tickets) for r in q.by_hour] == [("09:00-10:00", 1), ("10:00-11:00", 2), ("14:00-15:00", 1)]
    assert [(r.key, r.tickets) for r in q.by_day] == [("2026-03-10", 3), ("2026-03-11", 1)]
    assert q.by_line[0].avg_wait_label == "25.0 分钟" and q.by_line[1].avg_handle_label == "6.0 分钟"


def test_the_figures_read_in_two_queries_and_survive_json(county, two_days, django_assert_num_queries):
    with django_assert_num_queries(2):
        q = period_figures(county.centre_a.pk, date(2026, 3, 1), date(2026, 3, 31))
    assert queue_figures.from_json(queue_figures.to_json(q)) == q
    assert queue_figures.from_json(None) == queue_figures.QueueFigures()


def test_the_monthly_report_carries_the_queue_as_extra_figures(county, two_days):
    figures = compiler.compile_figures(county.centre_a, Month(2026, 3))
    assert figures.queue.totals.tickets == 4 and figures.queue.by_line[1].no_show == 1
    assert report_figures.from_json(report_figures.to_json(figures)) == figures
    older = report_figures.to_json(figures)
    del older["queue"]  # a report submitted before the queue existed
    assert report_figures.from_json(older).queue.is_empty


def test_the_report_page_and_print_show_the_queue_section(as_director_a, county, two_days):
    page = as_director_a.get(reverse("reports:detail", args=[county.centre_a.pk, "2026-03"])).content.decode()
    assert "七、排队叫号与预约" in page and "取号 4 个" in page and "过号率 25.0%" in page


def test_today_on_the_centre_dashboard(as_director_a, county, hall):
    services.ticket_take(line=hall.line_a)
    page = as_director_a.get(reverse("home")).content.decode()
    assert "今日排队叫号" in page and "正在等候" in page


def test_today_summary_knows_who_waits_longest(county, hall):
    services.ticket_take(line=hall.line_a, at=at(9, 0))
    services.ticket_take(line=hall.line_a, at=at(9, 20))
    summary = today_summary(county.centre_a.pk, date(*MARCH_10), at(9, 41))
    assert (summary.waiting, summary.longest_wait_minutes, summary.is_over_limit) == (2, 41, True)


@override_settings(QUEUE_WAIT_LIMIT_MINUTES=30, QUEUE_WAIT_YELLOW_MINUTES=20)
def test_the_monitoring_flags_a_wait_over_the_limit(county, hall):
    calendar_services.seed_from_package()
    services.ticket_take(line=hall.line_a, at=at(9, 0))
    services.ticket_take(line=hall.line_b, at=at(9, 5))

    def lights(hour, minute):
        return {(lt.key, lt.colour, lt.title) for lt in queue_lights(Moment.at(at(hour, minute)))}

    assert lights(9, 19) == set()
    day = "2026-03-10"
    a, b = hall.line_a.pk, hall.line_b.pk
    assert lights(9, 21) == {(f"queue:{county.centre_a.pk}:{a}:{day}", Colour.YELLOW, "民政:有群众已等候 21 分钟")}
    assert lights(9, 31) == {
        (f"queue:{county.centre_a.pk}:{a}:{day}", Colour.RED, "民政:今天 1 人等候超过30分钟,最长 31 分钟"),
        (f"queue:{county.centre_a.pk}:{b}:{day}", Colour.YELLOW, "劳动保障:有群众已等候 26 分钟"),
    }
    # Called after 45 minutes: the line stays red for the day (the wait happened).
    services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 45))
    red = [lt for lt in queue_lights(Moment.at(at(16, 0))) if lt.colour == Colour.RED]
    assert [(lt.kind, lt.title) for lt in red] == [
        (Kind.QUEUE, "民政:今天 1 人等候超过30分钟,最长 45 分钟"),
        (Kind.QUEUE, "劳动保障:今天 1 人等候超过30分钟,最长 415 分钟"),
    ]
    assert queue_lights(Moment.at(at(9, 0, day=MARCH_11))) == []  # a new day
    assert queue_lights(Moment.at(at(16, 0), centre_ids=[county.centre_b.pk])) == []
    assert long_wait_days([county.centre_a.pk], date(2026, 3, 1), date(2026, 3, 31)) == [
        (county.centre_a.pk, date(2026, 3, 10))
    ]


def test_the_monitoring_dashboard_has_the_queue_kind(as_county_admin, county, hall):
    page = as_county_admin.get(reverse("monitoring:dashboard")).content.decode()
    assert "排队等候超时" in page


def test_the_figures_page_chooses_a_range_and_a_centre(as_inspector, county, two_days):
    url = reverse("hallqueue:figures") + f"?centre={county.centre_a.pk}&from=2026-03-01&to=2026-03-31"
    page = as_inspector.get(url).content.decode()
    assert "排队叫号统计" in page and "queue-chart-data" in page and "10:00-11:00" in page
    swapped = as_inspector.get(url.replace("from=2026-03-01&to=2026-03-31", "from=2026-04-01&to=2026-03-31"))
    assert "开始日期晚于结束日期" in swapped.content.decode()
    long = as_inspector.get(url.replace("from=2026-03-01", "from=2025-01-01")).content.decode()
    assert "一次最多统计92天" in long


def test_the_figures_page_of_another_centre_is_out_of_a_clerks_reach(as_clerk_b, county, two_days):
    page = as_clerk_b.get(
        reverse("hallqueue:figures") + f"?centre={county.centre_a.pk}&from=2026-03-01"
    ).content.decode()
    assert county.centre_b.name in page and "取号(其中" in page
    assert county.centre_a.name not in page


def test_timing_labels_for_empty_groups():
    empty = queue_figures.Timing()
    assert (empty.avg_wait_label, empty.avg_handle_label, empty.max_wait_label, empty.no_show_percent) == (
        "—",
        "—",
        "—",
        "—",
    )
    assert queue_figures.Appointments(checked_in=3, no_show=1).no_show_percent == "25.0%"


def test_the_report_xlsx_has_the_queue_section(as_director_a, county, two_days):
    from io import BytesIO

    from openpyxl import load_workbook

    response = as_director_a.get(reverse("reports:report_xlsx", args=[county.centre_a.pk, "2026-03"]))
    text = [
        str(v) for row in load_workbook(BytesIO(response.content))["月报"].iter_rows(values_only=True) for v in row if v
    ]
    assert "七、排队叫号与预约" in text and "八、本月工作总结" in text
    assert "按取号业务" in text and "B 劳动保障" in text and "25.0%" in text

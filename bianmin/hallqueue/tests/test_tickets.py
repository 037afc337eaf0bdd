"""Taking a number and every window action on it: numbering, priority order, transfers, 过号重排,
the case link, the day's close, and that one centre's clerk cannot touch another centre's queue."""

from datetime import date

import pytest

from bianmin.cases.tests.helpers import listed_item, received_case
from bianmin.core.errors import ApplicationError
from bianmin.hallqueue import services
from bianmin.hallqueue.models import Ticket, TicketEvent, TicketSource
from bianmin.hallqueue.tests.helpers import at, build_hall
from bianmin.hallqueue.workflow import TicketStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(county):
    return build_hall(county)


def take(line, minute, hour=9, **kw):
    return services.ticket_take(line=line, at=at(hour, minute), **kw)


def test_it_numbers_each_line_of_each_centre_from_one_every_day(county, hall):
    a1, a2 = take(hall.line_a, 0), take(hall.line_a, 1)
    b1 = take(hall.line_b, 2)
    other_centre = take(hall.line_in_b, 3)
    tomorrow = services.ticket_take(line=hall.line_a, at=at(9, 0, day=(2026, 3, 11)))
    assert [a1.number, a2.number, b1.number, other_centre.number, tomorrow.number] == [
        "A001",
        "A002",
        "B001",
        "A001",
        "A001",
    ]
    assert a1.day == date(2026, 3, 10) and a1.hour == 9 and a1.status == TicketStatus.WAITING
    assert len(a1.token) >= 16 and a1.token != a2.token


def test_it_stops_at_the_daily_limit_with_a_clear_message(hall):
    hall.line_a.daily_limit = 2
    hall.line_a.save()
    take(hall.line_a, 0), take(hall.line_a, 1)
    with pytest.raises(ApplicationError, match="今天“民政”的号已取完\\(每日限 2 个\\)"):
        take(hall.line_a, 2)
    assert Ticket.objects.count() == 2


def test_a_kiosk_ticket_can_be_green_channel_but_not_an_appointment(hall):
    assert take(hall.line_a, 0, priority="elderly").is_priority
    with pytest.raises(ApplicationError, match="预约号只能凭预约码签到取得"):
        take(hall.line_a, 1, priority="appointment")
    with pytest.raises(ApplicationError, match="请选择有效的优先类别"):
        take(hall.line_a, 1, priority="vip")


def test_a_clerk_takes_a_number_for_someone_only_at_their_own_centre(county, hall):
    ticket = take(hall.line_a, 0, source=TicketSource.STAFF, actor=county.clerk_a, priority="disabled")
    assert ticket.issued_by == county.clerk_a and ticket.source == "staff"
    with pytest.raises(ApplicationError, match="只有本中心窗口工作人员"):
        take(hall.line_a, 1, source=TicketSource.STAFF, actor=county.clerk_b)


def test_priority_tickets_are_called_first_then_the_rest_in_order(county, hall):
    ordinary_1, ordinary_2 = take(hall.line_a, 0), take(hall.line_a, 1)
    elderly = take(hall.line_a, 5, priority="elderly")
    called = []
    for minute in (10, 11, 12):
        ticket = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, minute))
        called.append(ticket.number)
        services.ticket_finish(ticket=ticket, window=hall.window_1, actor=county.clerk_a, at=at(9, minute, 30))
    assert called == [elderly.number, ordinary_1.number, ordinary_2.number]
    with pytest.raises(ApplicationError, match="当前没有等候的号"):
        services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 20))


def test_a_window_calls_only_the_lines_it_serves(county, hall):
    labour = take(hall.line_b, 0)
    civil = take(hall.line_a, 1)
    assert services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 5)) == civil
    # Window 3 (综合窗口) serves both lines: it gets the labour ticket.
    assert services.ticket_call_next(window=hall.window_3, actor=hall.clerk_3, at=at(9, 5)) == labour


def test_it_measures_the_wait_to_the_first_call_and_the_handling_time(county, hall):
    ticket = take(hall.line_a, 0)
    ticket = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 12))
    ticket = services.ticket_recall(ticket=ticket, window=hall.window_1, actor=county.clerk_a, at=at(9, 13))
    ticket = services.ticket_start(ticket=ticket, window=hall.window_1, actor=county.clerk_a, at=at(9, 14))
    ticket = services.ticket_finish(ticket=ticket, window=hall.window_1, actor=county.clerk_a, at=at(9, 21, 30))
    assert (ticket.status, ticket.calls, ticket.wait_seconds, ticket.handle_seconds) == ("done", 2, 12 * 60, 450)
    actions = list(ticket.events.values_list("action", flat=True))
    assert actions == ["take", "call", "recall", "start", "finish"]


def test_a_finish_without_start_counts_the_handling_from_the_call(county, hall):
    take(hall.line_a, 0)
    ticket = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 5))
    ticket = services.ticket_finish(ticket=ticket, window=hall.window_1, actor=county.clerk_a, at=at(9, 8))
    assert ticket.handle_seconds == 180 and ticket.started_at == at(9, 5)


def test_a_window_must_finish_its_ticket_before_calling_the_next(county, hall):
    first, _ = take(hall.line_a, 0), take(hall.line_a, 1)
    services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 5))
    with pytest.raises(ApplicationError, match=f"1号窗口正在办理 {first.number} 号"):
        services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 6))


def test_a_transferred_ticket_is_called_first_by_its_new_window_only(county, hall):
    first = take(hall.line_a, 0)
    elderly = take(hall.line_a, 1, priority="elderly")
    called = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 2))
    assert called == elderly
    moved = services.ticket_transfer(
        ticket=called, window=hall.window_1, to_window=hall.window_2, actor=county.clerk_a, at=at(9, 3)
    )
    assert (moved.status, moved.target_window, moved.window, moved.transfers) == ("waiting", hall.window_2, None, 1)
    # Window 3 serves line A but the transfer named window 2: window 3 gets the ordinary ticket.
    assert services.ticket_call_next(window=hall.window_3, actor=hall.clerk_3, at=at(9, 4)) == first
    # Window 2 does not serve line A, but calls the ticket transferred to it before its own line.
    take(hall.line_b, 2)
    again = services.ticket_call_next(window=hall.window_2, actor=hall.clerk_2, at=at(9, 5))
    assert again == elderly and again.calls == 2 and again.wait_seconds == 60  # the wait counts once


def test_a_no_show_who_comes_back_queues_again_at_the_back(county, hall):
    early, later = take(hall.line_a, 0), take(hall.line_a, 1)
    called = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 2))
    assert called == early
    services.ticket_no_show(ticket=called, window=hall.window_1, actor=county.clerk_a, at=at(9, 4))
    services.ticket_requeue(ticket=Ticket.objects.get(pk=early.pk), actor=county.clerk_a, at=at(9, 6))
    assert services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 7)) == later


def test_a_stale_screen_gets_taken_by_someone_else(county, hall):
    take(hall.line_a, 0)
    called = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 1))
    stale = Ticket.objects.get(pk=called.pk)
    services.ticket_recall(ticket=called, window=hall.window_1, actor=county.clerk_a, at=at(9, 2))
    with pytest.raises(ApplicationError, match="已被他人处理"):
        services.ticket_no_show(ticket=stale, window=hall.window_1, actor=county.clerk_a, at=at(9, 3))


def test_actions_are_refused_at_another_window_and_by_another_centre(county, hall):
    take(hall.line_a, 0)
    called = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 1))
    with pytest.raises(ApplicationError, match="不在3号窗口办理"):
        services.ticket_finish(ticket=called, window=hall.window_3, actor=hall.clerk_3, at=at(9, 2))
    with pytest.raises(ApplicationError, match="只有本中心窗口工作人员"):
        services.ticket_call_next(window=hall.window_1, actor=county.clerk_b, at=at(9, 2))
    with pytest.raises(ApplicationError, match="只有本中心窗口工作人员"):
        services.ticket_cancel(ticket=called, actor=county.agent_a1)
    with pytest.raises(ApplicationError, match="该号当前为“已叫号”,不能取消"):
        services.ticket_cancel(ticket=called, actor=county.clerk_a)


def test_it_links_the_case_opened_for_the_ticket(county, hall):
    take(hall.line_a, 0)
    ticket = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 1))
    case = received_case(county, listed_item(county))
    linked = services.ticket_link_case(ticket=ticket, case=case, actor=county.clerk_a)
    assert linked.case == case and linked.status == "called"
    assert TicketEvent.objects.filter(ticket=ticket, action="open_case", note=case.receipt_number).exists()
    other = received_case(county, case.item, actor=county.clerk_b)
    with pytest.raises(ApplicationError, match="不属于同一中心"):
        services.ticket_link_case(ticket=linked, case=other, actor=county.clerk_a)


def test_the_day_close_leaves_nothing_open(county, hall):
    waiting, *_ = (take(hall.line_a, m) for m in range(4))
    services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 10))  # waiting → called (A001)
    first = Ticket.objects.get(pk=waiting.pk)
    services.ticket_start(ticket=first, window=hall.window_1, actor=county.clerk_a, at=at(9, 11))
    services.ticket_call_next(window=hall.window_3, actor=hall.clerk_3, at=at(9, 12))  # A002 called
    counts = services.tickets_close_day(before=date(2026, 3, 11), at=at(18, 0))
    assert counts == {"waiting": 2, "called": 1, "serving": 1}
    states = dict(Ticket.objects.values_list("number", "status"))
    assert states == {"A001": "done", "A002": "no_show", "A003": "expired", "A004": "expired"}
    assert Ticket.objects.get(number="A001").handle_seconds is None  # unknown, not invented
    assert services.tickets_close_day(before=date(2026, 3, 11)) == {"waiting": 0, "called": 0, "serving": 0}


def test_calling_costs_the_same_queries_for_a_short_or_a_long_queue(county, hall):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            ticket = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(11, 0))
        services.ticket_finish(ticket=ticket, window=hall.window_1, actor=county.clerk_a, at=at(11, 0))
        return len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]])

    take(hall.line_a, 0)
    short = cost()
    for minute in range(1, 41):
        take(hall.line_a, minute, priority="elderly" if minute % 5 == 0 else "")
    assert cost() == short == 4  # candidates, the conditional update, the ticket, its event


def test_the_day_close_command_reports_what_it_closed(county, hall):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    yesterday = timezone.now() - timezone.timedelta(days=1)
    services.ticket_take(line=hall.line_a, at=yesterday)
    out = StringIO()
    call_command("queue_close_day", stdout=out)
    assert "当日未叫号 1 个" in out.getvalue() and "预约失约 0 个" in out.getvalue()
    assert Ticket.objects.get().status == "expired"


def test_the_announcements_are_made_in_advance_for_a_centre(county, hall, settings, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from bianmin.hallqueue import audio

    settings.QUEUE_AUDIO_DIR = tmp_path
    if audio.engine() is None:
        pytest.fail("未找到 espeak-ng:请安装 Debian 的 espeak-ng 软件包(.ci/run 会自动安装)。")
    out = StringIO()
    call_command("queue_audio", centre=county.centre_a.pk, upto=2, stdout=out)
    # Line A: windows 1 and 3; line B: windows 2 and 3 — two numbers each.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "A001-1.wav",
        "A001-3.wav",
        "A002-1.wav",
        "A002-3.wav",
        "B001-2.wav",
        "B001-3.wav",
        "B002-2.wav",
        "B002-3.wav",
    ]
    assert "已生成 8 个" in out.getvalue()
    with pytest.raises(CommandError, match="没有在用的取号业务"):
        call_command("queue_audio", centre=99999, upto=2, stdout=StringIO())

"""The clerk's window screen and the centre's queue pages: calling through the screen (htmx and
plain forms), a stale screen refused, 代取号 with its receipt, 过号重排, and scoping — one centre's
clerk neither reads nor works another centre's queue; county roles read only; agents have none."""

import pytest
from django.urls import reverse

from bianmin.hallqueue import services
from bianmin.hallqueue.models import Ticket
from bianmin.hallqueue.tests.helpers import build_hall

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def hall(county):
    return build_hall(county)


def act(client, window, action, **data):
    return client.post(reverse("hallqueue:act", args=[window.pk, action]), data, **HTMX)


def current(ticket):
    fresh = Ticket.objects.get(pk=ticket.pk)
    return {"ticket": fresh.pk, "version": fresh.version}


def test_a_clerk_calls_starts_and_finishes_from_the_screen(as_clerk_a, county, hall):
    first = services.ticket_take(line=hall.line_a)
    services.ticket_take(line=hall.line_b)  # window 1 does not serve 劳动保障
    page = as_clerk_a.get(reverse("hallqueue:window", args=[hall.window_1.pk])).content.decode()
    assert "本窗口当前空闲" in page and "叫号(下一位)" in page
    called = act(as_clerk_a, hall.window_1, "call").content.decode()
    assert 'id="window-panels"' in called and first.number in called and "重呼" in called
    act(as_clerk_a, hall.window_1, "start", **current(first))
    done = act(as_clerk_a, hall.window_1, "finish", **current(first)).content.decode()
    assert "本窗口当前空闲" in done and "今日本窗口已办结 <b>1</b> 人" in done
    assert Ticket.objects.get(pk=first.pk).status == "done"


def test_without_javascript_the_forms_post_and_come_back(as_clerk_a, county, hall):
    services.ticket_take(line=hall.line_a)
    response = as_clerk_a.post(reverse("hallqueue:act", args=[hall.window_1.pk, "call"]))
    assert response.status_code == 302 and response["Location"] == reverse("hallqueue:window", args=[hall.window_1.pk])
    empty = as_clerk_a.post(reverse("hallqueue:act", args=[hall.window_3.pk, "call"]), follow=True)
    assert "当前没有等候的号" in empty.content.decode()


def test_a_stale_screen_is_told_someone_else_acted(as_clerk_a, county, hall):
    ticket = services.ticket_take(line=hall.line_a)
    act(as_clerk_a, hall.window_1, "call")
    seen = current(ticket)
    act(as_clerk_a, hall.window_1, "recall", **seen)
    response = act(as_clerk_a, hall.window_1, "no_show", **seen).content.decode()
    assert "已被他人处理" in response
    assert Ticket.objects.get(pk=ticket.pk).status == "called"


def test_transfer_and_finish_and_call_next(as_clerk_a, county, hall):
    first, second = services.ticket_take(line=hall.line_a), services.ticket_take(line=hall.line_a)
    act(as_clerk_a, hall.window_1, "call")
    refused = act(as_clerk_a, hall.window_1, "transfer", **current(first), to_window="").content.decode()
    assert "请选择要转至的窗口" in refused
    act(as_clerk_a, hall.window_1, "transfer", **current(first), to_window=hall.window_2.pk, note="社保问题")
    assert Ticket.objects.get(pk=first.pk).target_window == hall.window_2
    act(as_clerk_a, hall.window_1, "call")
    page = act(as_clerk_a, hall.window_1, "finish_next", **current(second)).content.decode()
    assert "当前没有等候的号" in page  # finished; nobody left for window 1 (the first went to window 2)
    assert Ticket.objects.get(pk=second.pk).status == "done"


def test_the_waiting_list_refreshes_as_a_fragment(as_clerk_a, county, hall):
    services.ticket_take(line=hall.line_a)
    services.ticket_take(line=hall.line_a, priority="pregnant")
    part = as_clerk_a.get(reverse("hallqueue:window", args=[hall.window_1.pk]) + "?part=waiting", **HTMX)
    html = part.content.decode()
    assert html.lstrip().startswith("<section") and 'hx-trigger="every 5s"' in html
    assert '等候 <b class="fs-5 waiting-count">2</b> 人' in html
    assert html.index("A002(孕妇及怀抱婴儿者)") < html.index("A001")  # priority first


def test_a_clerk_takes_a_number_for_someone_and_prints_it(as_clerk_a, county, hall):
    response = as_clerk_a.post(reverse("hallqueue:issue"), {"line": hall.line_b.pk, "priority": "disabled"})
    ticket = Ticket.objects.get()
    assert (ticket.number, ticket.source, ticket.issued_by) == ("B001", "staff", county.clerk_a)
    assert response["Location"] == reverse("hallqueue:ticket_print", args=[ticket.pk]) + "?print=1"
    receipt = as_clerk_a.get(response["Location"]).content.decode()
    assert "B001" in receipt and "残疾人(绿色通道)" in receipt and 'data-autoprint="1"' in receipt


def test_a_no_show_is_queued_again_from_the_overview(as_clerk_a, county, hall):
    ticket = services.ticket_take(line=hall.line_a)
    called = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a)
    services.ticket_no_show(ticket=called, window=hall.window_1, actor=county.clerk_a)
    overview = as_clerk_a.get(reverse("hallqueue:overview")).content.decode()
    assert "今日过号" in overview and "重新排队" in overview
    as_clerk_a.post(reverse("hallqueue:ticket_act", args=[ticket.pk, "requeue"]), {"next": "/queue/"})
    assert Ticket.objects.get(pk=ticket.pk).status == "waiting"


def test_another_centres_clerk_cannot_see_or_work_this_queue(as_clerk_b, county, hall):
    ticket = services.ticket_take(line=hall.line_a)
    assert as_clerk_b.get(reverse("hallqueue:window", args=[hall.window_1.pk])).status_code == 404
    assert as_clerk_b.post(reverse("hallqueue:act", args=[hall.window_1.pk, "call"])).status_code == 404
    assert as_clerk_b.get(reverse("hallqueue:ticket_print", args=[ticket.pk])).status_code == 404
    assert as_clerk_b.post(reverse("hallqueue:ticket_act", args=[ticket.pk, "cancel"])).status_code == 404
    assert as_clerk_b.get(reverse("hallqueue:line_edit", args=[hall.line_a.pk])).status_code == 404
    # Their own overview shows their own centre only, whatever ?centre= says.
    page = as_clerk_b.get(reverse("hallqueue:overview") + f"?centre={county.centre_a.pk}").content.decode()
    assert county.centre_b.name in page and county.centre_a.name not in page and ticket.number not in page
    assert Ticket.objects.get(pk=ticket.pk).status == "waiting"


def test_county_roles_read_every_centre_but_cannot_call(as_inspector, county, hall):
    services.ticket_take(line=hall.line_a)
    page = as_inspector.get(reverse("hallqueue:overview") + f"?centre={county.centre_a.pk}").content.decode()
    assert county.centre_a.name in page and "A001" in page and "代取号" not in page
    screen = as_inspector.get(reverse("hallqueue:window", args=[hall.window_1.pk])).content.decode()
    assert "您的角色只能查看排队叫号情况" in screen and "叫号(下一位)" not in screen
    assert as_inspector.post(reverse("hallqueue:act", args=[hall.window_1.pk, "call"])).status_code == 403
    assert as_inspector.post(reverse("hallqueue:issue"), {"line": hall.line_a.pk}).status_code == 403


def test_agents_have_no_hall_queue(as_agent_a1, county, hall):
    assert as_agent_a1.get(reverse("hallqueue:overview")).status_code == 403
    assert as_agent_a1.get(reverse("hallqueue:window", args=[hall.window_1.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, county, hall):
    response = client.get(reverse("hallqueue:window", args=[hall.window_1.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_overview_reads_in_a_fixed_number_of_queries(as_director_a, county, hall, django_assert_max_num_queries):
    for n in range(12):
        ticket = services.ticket_take(
            line=hall.line_a if n % 2 else hall.line_b, priority="elderly" if n % 5 == 0 else ""
        )
        if n < 4:
            window = hall.window_1 if ticket.line == hall.line_a else hall.window_2
            called = services.ticket_call_next(
                window=window, actor=county.clerk_a if window == hall.window_1 else hall.clerk_2
            )
            if n < 2:
                services.ticket_no_show(
                    ticket=called, window=window, actor=county.clerk_a if window == hall.window_1 else hall.clerk_2
                )
    services.ticket_transfer(
        ticket=Ticket.objects.filter(status="called").first(),
        window=Ticket.objects.filter(status="called").first().window,
        to_window=hall.window_3,
        actor=county.director_a,
    )
    with django_assert_max_num_queries(20):
        response = as_director_a.get(reverse("hallqueue:overview"))
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        assert as_director_a.get(reverse("hallqueue:window", args=[hall.window_3.pk])).status_code == 200


def test_the_appointment_list_reads_in_a_fixed_number_of_queries(
    as_director_a, county, hall, django_assert_max_num_queries
):
    from datetime import time

    from django.utils import timezone

    from bianmin.hallqueue.models import Appointment

    day = timezone.localdate()
    for n in range(8):
        booking = Appointment.objects.create(
            centre=county.centre_a,
            line=hall.line_a if n % 2 else hall.line_b,
            day=day,
            slot_start=time(9 + n % 3, 0),
            slot_end=time(10 + n % 3, 0),
            code=f"5000000{n}",
            name=f"居民{n}号",
            phone=f"1390000{n:04d}",
            booked_at=timezone.now(),
        )
        if n % 3 == 0:
            booking.ticket = services.ticket_take(line=booking.line)
            booking.status = "checked_in"
            booking.save()
    with django_assert_max_num_queries(8):
        page = as_director_a.get(reverse("hallqueue:appointments") + f"?day={day.isoformat()}").content.decode()
    assert page.count("居*") == 8 and "13900000001" not in page and "139****0001" in page

"""Setting up a centre's lines (director and county admin only) and opening a case from a ticket:
the intake keeps to the ticket's business line and the case is recorded on the ticket."""

import pytest
from django.urls import reverse

from bianmin.cases.models import Case
from bianmin.cases.tests.helpers import listed_item
from bianmin.cases.tests.test_views import intake_data
from bianmin.core.errors import ApplicationError
from bianmin.hallqueue import services, services_setup
from bianmin.hallqueue.models import QueueLine
from bianmin.hallqueue.tests.helpers import build_hall
from bianmin.org.models import BusinessLine, WindowKind
from bianmin.org.tests.factories import WindowFactory

pytestmark = pytest.mark.django_db


def test_lines_are_proposed_from_the_centres_windows(county):
    labour = BusinessLine.objects.get(name="劳动保障")
    WindowFactory(centre=county.centre_a, number=2, business_line=labour, name="劳动保障窗口")
    WindowFactory(centre=county.centre_a, number=3, kind=WindowKind.COMPREHENSIVE, business_line=None, name="综合窗口")
    WindowFactory(centre=county.centre_a, number=4, kind=WindowKind.GUIDANCE, business_line=None, name="咨询导办")
    lines = services_setup.queue_lines_from_windows(actor=county.director_a, centre=county.centre_a)
    made = [(ln.prefix, ln.name, sorted(w.number for w in ln.windows.all())) for ln in lines]
    assert made == [("A", "民政", [1]), ("B", "劳动保障", [2]), ("C", "综合业务", [3])]
    with pytest.raises(ApplicationError, match="本中心已设置取号业务"):
        services_setup.queue_lines_from_windows(actor=county.director_a, centre=county.centre_a)


def test_only_the_director_or_the_county_admin_configures(as_clerk_a, county):
    response = as_clerk_a.post(reverse("hallqueue:lines_from_windows"), {"centre": county.centre_a.pk})
    assert response.status_code == 403 and not QueueLine.objects.exists()
    assert as_clerk_a.get(reverse("hallqueue:line_new")).status_code == 403


def test_a_director_edits_a_line_with_clear_errors(as_director_a, county):
    build_hall(county)
    line = QueueLine.objects.get(centre=county.centre_a, prefix="B")
    url = reverse("hallqueue:line_edit", args=[line.pk])
    data = {
        "name": "社保医保",
        "prefix": "a",
        "daily_limit": 200,
        "slot_capacity": 3,
        "sort_order": 20,
        "is_active": "on",
    }
    taken = as_director_a.post(url, {**data, "windows": [county.window_a.pk]}).content.decode()
    assert "本中心已有取号业务使用字头 A" in taken
    bad = as_director_a.post(url, {**data, "prefix": "o", "windows": [county.window_a.pk]}).content.decode()
    assert "不用 I、O" in bad
    none = as_director_a.post(url, {**data, "prefix": "s"}).content.decode()
    assert "请至少选择一个叫号窗口" in none
    other_centre = as_director_a.post(url, {**data, "prefix": "s", "windows": [county.window_b.pk]})
    assert other_centre.status_code == 200  # not one of the choices: the form refuses it
    saved = as_director_a.post(url, {**data, "prefix": "s", "windows": [county.window_a.pk]})
    assert saved.status_code == 302
    line.refresh_from_db()
    assert (line.name, line.prefix, line.daily_limit, [w.pk for w in line.windows.all()]) == (
        "社保医保",
        "S",
        200,
        [county.window_a.pk],
    )


def test_the_county_admin_adds_a_line_to_any_centre(as_county_admin, county):
    url = reverse("hallqueue:line_new") + f"?centre={county.centre_b.pk}"
    data = {
        "centre": county.centre_b.pk,
        "name": "民政",
        "prefix": "A",
        "daily_limit": 0,
        "slot_capacity": 2,
        "sort_order": 10,
        "is_active": "on",
        "windows": [county.window_b.pk],
    }
    assert as_county_admin.post(url, data).status_code == 302
    assert QueueLine.objects.get().centre == county.centre_b


def test_a_case_opened_from_a_ticket_is_recorded_on_it(as_clerk_a, county):
    hall = build_hall(county)
    item = listed_item(county)
    services.ticket_take(line=hall.line_a)
    ticket = services.ticket_call_next(window=hall.window_1, actor=county.clerk_a)
    screen = as_clerk_a.get(reverse("hallqueue:window", args=[hall.window_1.pk])).content.decode()
    intake_url = reverse("cases:intake") + f"?ticket={ticket.pk}"
    assert intake_url.replace("&", "&amp;") in screen or intake_url in screen
    pick = as_clerk_a.get(intake_url).content.decode()
    assert f"排队号 <b>{ticket.number}</b>" in pick and "只列出“民政”条线的事项" in pick
    assert reverse("cases:intake_form", args=[item.pk]) + f"?ticket={ticket.pk}" in pick
    form_url = reverse("cases:intake_form", args=[item.pk]) + f"?ticket={ticket.pk}"
    assert f"排队号 <b>{ticket.number}</b>" in as_clerk_a.get(form_url).content.decode()
    as_clerk_a.post(form_url, intake_data(key="ticket-intake-1"))
    case = Case.objects.get()
    ticket.refresh_from_db()
    assert ticket.case == case and ticket.status == "called"
    assert case.receipt_number in as_clerk_a.get(reverse("hallqueue:window", args=[hall.window_1.pk])).content.decode()


def test_another_centres_ticket_cannot_be_used_for_an_intake(as_clerk_b, county):
    hall = build_hall(county)
    ticket = services.ticket_take(line=hall.line_a)
    assert as_clerk_b.get(reverse("cases:intake") + f"?ticket={ticket.pk}").status_code == 404

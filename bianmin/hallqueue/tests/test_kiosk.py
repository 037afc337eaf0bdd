"""Taking a number at the kiosk (no login): the lines with who waits, 普通 and 绿色通道 tickets, the
printable receipt with its QR code, check-in with a booking code, throttling, and kiosk mode."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bianmin.core.throttle import THROTTLED_MESSAGE
from bianmin.hallqueue import services
from bianmin.hallqueue.models import Appointment, Ticket
from bianmin.hallqueue.tests.helpers import build_hall
from bianmin.hallqueue.views_kiosk import TAKES_PER_MINUTE

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(county):
    return build_hall(county)


def test_the_kiosk_home_offers_taking_a_number_only_where_the_queue_is_set_up(client, county, hall):
    home_a = client.get(reverse("screens:kiosk", args=[county.centre_a.pk])).content.decode()
    assert reverse("queue_screens:lines", args=[county.centre_a.pk]) in home_a and "预约签到" in home_a
    hall.line_in_b.delete()
    home_b = client.get(reverse("screens:kiosk", args=[county.centre_b.pk])).content.decode()
    assert "queue" not in home_b and "预约签到" not in home_b


def test_it_lists_the_lines_with_how_many_wait(client, county, hall):
    services.ticket_take(line=hall.line_a)
    services.ticket_take(line=hall.line_a)
    page = client.get(reverse("queue_screens:lines", args=[county.centre_a.pk])).content.decode()
    assert re.search(r"民政</span><span class=\"tile-hint\">当前等候 <b>2</b> 人", page)
    assert re.search(r"劳动保障</span><span class=\"tile-hint\">当前等候 <b>0</b> 人", page)


def test_a_green_channel_ticket_is_printed_with_its_place_and_qr_code(client, county, hall):
    services.ticket_take(line=hall.line_a)
    url = reverse("queue_screens:take", args=[county.centre_a.pk, hall.line_a.pk])
    page = client.get(url).content.decode()
    for label in ("普通取号", "老年人", "残疾人", "孕妇及怀抱婴儿者", "军人、消防救援人员"):
        assert label in page
    response = client.post(url, {"priority": "elderly"})
    ticket = Ticket.objects.get(number="A002")
    assert ticket.priority == "elderly" and ticket.source == "kiosk"
    assert response.status_code == 302
    assert response["Location"] == reverse("queue_screens:ticket", args=[county.centre_a.pk, ticket.token]) + "?print=1"
    receipt = client.get(response["Location"]).content.decode()
    assert "A002" in receipt and "老年人(绿色通道)" in receipt
    assert "您前面还有 <b>0</b> 人等候" in receipt  # priority goes ahead of A001
    assert 'data-autoprint="1"' in receipt and "data:image/png;base64," in receipt
    assert "size: 80mm" in receipt


@override_settings(QUEUE_RECEIPT_WIDTH_MM=58)
def test_the_receipt_fits_a_58_mm_roll_when_configured(client, county, hall):
    ticket = services.ticket_take(line=hall.line_a)
    page = client.get(reverse("queue_screens:ticket", args=[county.centre_a.pk, ticket.token])).content.decode()
    assert "size: 58mm" in page and ".receipt { width: 58mm;" in page and 'data-autoprint="0"' in page


def test_a_ticket_page_is_only_shown_at_its_own_centre(client, county, hall):
    ticket = services.ticket_take(line=hall.line_a)
    assert client.get(reverse("queue_screens:ticket", args=[county.centre_b.pk, ticket.token])).status_code == 404
    assert client.get(reverse("queue_screens:take", args=[county.centre_b.pk, hall.line_a.pk])).status_code == 404
    assert client.get(reverse("queue_screens:ticket", args=[county.centre_a.pk, "nope"])).status_code == 404


def test_a_bad_choice_or_a_closed_line_is_refused_in_chinese(client, county, hall):
    url = reverse("queue_screens:take", args=[county.centre_a.pk, hall.line_a.pk])
    assert "预约号只能凭预约码签到取得" in client.post(url, {"priority": "appointment"}).content.decode()
    assert "请选择有效的优先类别" in client.post(url, {"priority": "vip"}).content.decode()
    hall.line_a.daily_limit = 1
    hall.line_a.save()
    client.post(url, {"priority": ""})
    assert "今天“民政”的号已取完" in client.post(url, {"priority": ""}).content.decode()
    hall.line_a.is_active = False
    hall.line_a.save()
    assert client.get(url).status_code == 404
    assert Ticket.objects.count() == 1


def test_taking_numbers_is_throttled_per_client(client, county, hall):
    url = reverse("queue_screens:take", args=[county.centre_a.pk, hall.line_a.pk])
    for _ in range(TAKES_PER_MINUTE):
        assert client.post(url, {"priority": ""}).status_code == 302
    refused = client.post(url, {"priority": ""})
    assert refused.status_code == 429
    assert THROTTLED_MESSAGE.format(limit=TAKES_PER_MINUTE) in refused.content.decode()
    assert Ticket.objects.count() == TAKES_PER_MINUTE


def test_a_booking_code_checks_in_at_the_kiosk(client, county, hall):
    now = timezone.localtime()
    booking = Appointment.objects.create(
        centre=county.centre_a,
        line=hall.line_a,
        day=now.date(),
        slot_start=(now - timezone.timedelta(minutes=10)).time(),
        slot_end=(now + timezone.timedelta(minutes=50)).time(),
        code="20261234",
        name="王小明",
        phone="13900000001",
        booked_at=now,
    )
    if booking.slot_end < booking.slot_start:
        pytest.skip("too close to midnight for a slot around now")
    url = reverse("queue_screens:checkin", args=[county.centre_a.pk])
    assert "8位预约码" in client.get(url).content.decode()
    wrong = client.post(url, {"code": "1111 2222"})
    assert "预约码不正确" in wrong.content.decode()
    response = client.post(url, {"code": "2026 1234"})
    booking.refresh_from_db()
    assert booking.status == "checked_in" and booking.ticket.priority == "appointment"
    receipt = client.get(response["Location"]).content.decode()
    assert booking.ticket.number in receipt and "预约" in receipt
    assert "王小明" not in receipt and "13900000001" not in receipt

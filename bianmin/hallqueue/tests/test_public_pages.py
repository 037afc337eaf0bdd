"""Public queue pages (no login): the phone page of a ticket, booking an appointment, looking it up
and cancelling it — and no public page ever shows a resident's name or phone."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bianmin.hallqueue import services
from bianmin.hallqueue.models import Appointment
from bianmin.hallqueue.services_appointments import appointment_book, bookable_days
from bianmin.hallqueue.tests.helpers import build_hall
from bianmin.hallqueue.views_public import BOOKINGS_PER_MINUTE
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db

NAME, PHONE = "欧阳娜娜", "13912345678"


@pytest.fixture
def hall(county):
    calendar_services.seed_from_package()
    return build_hall(county)


def next_day(today=None):
    days = [d for d in bookable_days(timezone.localdate()) if d > timezone.localdate()]
    if not days:
        pytest.skip("no working day ahead in the holiday tables")
    return days[0]


def test_the_phone_page_follows_the_ticket(client, county, hall):
    services.ticket_take(line=hall.line_a)
    mine = services.ticket_take(line=hall.line_a)
    url = reverse("queue_public:ticket", args=[mine.token])
    page = client.get(url).content.decode()
    assert mine.number in page and '您前面还有 <b class="text-danger">1</b> 人' in page
    assert 'hx-trigger="every 10s"' in page and "htmx" in page
    services.ticket_call_next(window=hall.window_1, actor=county.clerk_a)
    called = services.ticket_call_next(window=hall.window_3, actor=hall.clerk_3)
    assert called == mine
    status = client.get(reverse("queue_public:ticket_status", args=[mine.token])).content.decode()
    assert "请到 3 号窗口办理" in status and "已叫到您的号" in status
    assert client.get(reverse("queue_public:ticket", args=["not-a-token"])).status_code == 404


@override_settings(QUEUE_APPOINTMENT_DAYS=14)
def test_a_resident_books_sees_the_code_and_cancels(client, county, hall):
    day = next_day()
    url = reverse("queue_public:book")
    assert county.centre_a.name in client.get(url).content.decode()
    form_page = client.get(url + f"?centre={county.centre_a.pk}&line={hall.line_a.pk}").content.decode()
    assert f'value="{day.isoformat()}|0930"' in form_page and "余 2" in form_page
    response = client.post(
        url + f"?centre={county.centre_a.pk}&line={hall.line_a.pk}",
        {"choice": f"{day.isoformat()}|0930", "name": NAME, "phone": PHONE},
    )
    booking = Appointment.objects.get()
    assert response["Location"] == reverse("queue_public:booking") + f"?code={booking.code}"
    shown = client.get(response["Location"]).content.decode()
    assert booking.code in shown and "欧***" in shown and "139****5678" in shown
    assert NAME not in shown and PHONE not in shown
    # Another browser needs the phone's last 4 digits too.
    from django.test import Client

    stranger = Client()
    assert "未查询到预约" in stranger.get(reverse("queue_public:booking") + f"?code={booking.code}").content.decode()
    assert (
        booking.code
        in stranger.get(reverse("queue_public:booking") + f"?code={booking.code}&phone4=5678").content.decode()
    )
    cancelled = stranger.post(reverse("queue_public:booking"), {"code": booking.code, "phone4": "5678", "cancel": "1"})
    assert "预约已取消" in cancelled.content.decode()
    booking.refresh_from_db()
    assert booking.status == "cancelled"


@override_settings(QUEUE_APPOINTMENT_DAYS=14)
def test_a_full_slot_and_bad_input_are_explained_and_nothing_is_saved(client, county, hall):
    day = next_day()
    hall.line_a.slot_capacity = 1
    hall.line_a.save()
    appointment_book(line=hall.line_a, day=day, slot_key="0930", name="张三", phone="13900000001")
    url = reverse("queue_public:book") + f"?centre={county.centre_a.pk}&line={hall.line_a.pk}"
    assert "约满" in client.get(url).content.decode()
    full = client.post(url, {"choice": f"{day.isoformat()}|0930", "name": NAME, "phone": PHONE})
    assert "该时段已约满" in full.content.decode()
    bad = client.post(url, {"choice": f"{day.isoformat()}|1030", "name": NAME, "phone": "12345"})
    assert "请输入11位手机号码" in bad.content.decode()
    nothing = client.post(url, {"name": NAME, "phone": PHONE})
    assert "请选择预约日期和时段" in nothing.content.decode()
    assert Appointment.objects.count() == 1


@override_settings(QUEUE_APPOINTMENT_DAYS=14)
def test_booking_is_throttled(client, county, hall):
    url = reverse("queue_public:book") + f"?centre={county.centre_a.pk}&line={hall.line_a.pk}"
    for _ in range(BOOKINGS_PER_MINUTE):
        client.post(url, {"name": NAME, "phone": PHONE})
    assert client.post(url, {"name": NAME, "phone": PHONE}).status_code == 429


@override_settings(QUEUE_APPOINTMENT_DAYS=14)
def test_no_public_queue_page_shows_a_name_or_a_phone(client, county, hall, settings, tmp_path):
    settings.QUEUE_AUDIO_DIR = tmp_path
    day = next_day()
    booking = appointment_book(line=hall.line_a, day=day, slot_key="0930", name=NAME, phone=PHONE)
    now = timezone.localtime()
    today = Appointment.objects.create(
        centre=county.centre_a,
        line=hall.line_a,
        day=now.date(),
        slot_start=(now - timedelta(minutes=5)).time(),
        slot_end=(now + timedelta(minutes=55)).time(),
        code="31415926",
        name=NAME,
        phone="13987654321",
        booked_at=now,
    )
    client.post(reverse("queue_screens:checkin", args=[county.centre_a.pk]), {"code": today.code})
    today.refresh_from_db()
    ticket = today.ticket or services.ticket_take(line=hall.line_a)
    services.ticket_call_next(window=hall.window_1, actor=county.clerk_a)
    centre = county.centre_a.pk
    pages = [
        reverse("screens:kiosk", args=[centre]),
        reverse("queue_screens:lines", args=[centre]),
        reverse("queue_screens:take", args=[centre, hall.line_a.pk]),
        reverse("queue_screens:ticket", args=[centre, ticket.token]),
        reverse("queue_screens:checkin", args=[centre]),
        reverse("screens:display", args=[centre]),
        reverse("queue_screens:calls", args=[centre]) + "?after=0",
        reverse("queue_public:ticket", args=[ticket.token]),
        reverse("queue_public:book") + f"?centre={centre}&line={hall.line_a.pk}",
        reverse("queue_public:booking") + f"?code={booking.code}&phone4={PHONE[-4:]}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for secret in (NAME, PHONE, "13987654321", "王小明"):
            assert secret not in page, f"{secret} shown on {url}"
    lookup = client.get(pages[-1]).content.decode()
    assert "欧***" in lookup and re.search(r"139\*{4}5678", lookup)  # the lookup did find it, masked

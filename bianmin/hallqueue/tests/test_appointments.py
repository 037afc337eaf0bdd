"""Appointments (预约): booking working days only, capacity per slot and line, one booking per phone,
cancelling gives the place back, checking in at the kiosk gives a priority ticket at the booked time,
and bookings not checked in are recorded as 失约."""

from datetime import date, time

import pytest
from django.test import override_settings

from bianmin.core.errors import ApplicationError
from bianmin.hallqueue import services
from bianmin.hallqueue.models import Appointment, SlotCounter
from bianmin.hallqueue.services_appointments import (
    FULL,
    NOT_FOUND,
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointments_mark_missed,
)
from bianmin.hallqueue.tests.helpers import at, build_hall
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 3, 10)
MONDAY_BEFORE = (2026, 3, 9)


@pytest.fixture
def hall(county):
    calendar_services.seed_from_package()
    hall = build_hall(county)
    hall.line_a.slot_capacity = 2
    hall.line_a.save()
    return hall


def book(hall, phone="13900000001", name="王小明", day=TUESDAY, slot="0930", when=None, line=None):
    return appointment_book(
        line=line or hall.line_a,
        day=day,
        slot_key=slot,
        name=name,
        phone=phone,
        at=when or at(16, 0, day=MONDAY_BEFORE),
    )


def test_it_books_a_slot_with_an_eight_digit_code(hall):
    booking = book(hall, phone="139 0000 0001", name="  王 小明 ")
    assert len(booking.code) == 8 and booking.code.isdigit()
    assert (booking.name, booking.phone, booking.status) == ("王 小明", "13900000001", "booked")
    assert (booking.slot_start, booking.slot_end) == (time(9, 30), time(10, 30))
    assert SlotCounter.objects.get(line=hall.line_a, day=TUESDAY, slot_start=time(9, 30)).booked == 1


def test_a_full_slot_refuses_the_next_booking_and_a_cancel_frees_a_place(hall):
    first = book(hall, phone="13900000001")
    book(hall, phone="13900000002")
    with pytest.raises(ApplicationError, match=FULL):
        book(hall, phone="13900000003")
    assert book(hall, phone="13900000003", slot="1030").slot_start == time(10, 30)  # another slot has room
    appointment_cancel(appointment=first, at=at(17, 0, day=MONDAY_BEFORE))
    assert book(hall, phone="13900000004").status == "booked"
    assert Appointment.objects.filter(status="booked", slot_start=time(9, 30)).count() == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"day": date(2026, 3, 14)}, "只能预约今天起7天内的工作日"),  # a Saturday
        ({"day": date(2026, 3, 30)}, "只能预约今天起7天内的工作日"),  # beyond the horizon
        ({"slot": "0900"}, "请选择预约时段"),
        ({"phone": "0793-2212345"}, "请输入11位手机号码"),
        ({"phone": "1390000000"}, "请输入11位手机号码"),
        ({"name": ""}, "请填写姓名"),
        ({"name": "王2"}, "不含数字"),
        ({"when": at(9, 30)}, "09:30-10:30 时段已开始,不能再预约"),
    ],
)
def test_bad_bookings_get_a_clear_reason_and_nothing_is_saved(hall, kwargs, message):
    with pytest.raises(ApplicationError, match=message):
        book(hall, **kwargs)
    assert not Appointment.objects.exists() and not SlotCounter.objects.filter(booked__gt=0).exists()


def test_one_phone_books_a_line_once_a_day(hall):
    book(hall)
    with pytest.raises(ApplicationError, match="该手机号已预约当天的这项业务"):
        book(hall, slot="1430")
    assert book(hall, line=hall.line_b).line == hall.line_b  # another line is fine


def test_a_line_with_no_capacity_takes_no_bookings(hall):
    hall.line_b.slot_capacity = 0
    hall.line_b.save()
    with pytest.raises(ApplicationError, match="“劳动保障”暂不开放预约"):
        book(hall, line=hall.line_b)


def test_checking_in_gives_a_priority_ticket_from_the_booked_time(county, hall):
    booking = book(hall)
    early = services.ticket_take(line=hall.line_a, at=at(9, 10))
    ticket = appointment_check_in(centre=county.centre_a, code=booking.code, at=at(9, 15))
    booking.refresh_from_db()
    assert (booking.status, booking.ticket, ticket.priority, ticket.source) == (
        "checked_in",
        ticket,
        "appointment",
        "appointment",
    )
    assert ticket.ready_at == at(9, 30) and ticket.number == "A002"
    # Before 9:30 the appointment waits as an ordinary ticket: the earlier one goes first …
    assert services.ticket_call_next(window=hall.window_1, actor=county.clerk_a, at=at(9, 20)) == early
    # … after 9:30 it goes ahead of those who came before it.
    later = services.ticket_take(line=hall.line_a, at=at(9, 12))
    assert later.number == "A003"
    assert services.ticket_call_next(window=hall.window_3, actor=hall.clerk_3, at=at(9, 31)) == ticket


@pytest.mark.parametrize(
    ("code", "when", "message"),
    [
        ("12345678", at(9, 40), NOT_FOUND),
        ("abc", at(9, 40), NOT_FOUND),
        (None, at(8, 59), "请于 09:00 后再签到"),
        (None, at(10, 31), "预约时段 09:30-10:30 已过"),
    ],
)
def test_a_check_in_is_refused_with_the_reason(county, hall, code, when, message):
    booking = book(hall)
    with pytest.raises(ApplicationError, match=message):
        appointment_check_in(centre=county.centre_a, code=code or booking.code, at=when)
    booking.refresh_from_db()
    assert booking.status == "booked" and booking.ticket is None


def test_a_booking_checks_in_once_and_only_at_its_centre(county, hall):
    booking = book(hall)
    with pytest.raises(ApplicationError, match="该预约是甲镇便民服务中心的"):
        appointment_check_in(centre=county.centre_b, code=booking.code, at=at(9, 40))
    ticket = appointment_check_in(centre=county.centre_a, code=booking.code, at=at(9, 40))
    with pytest.raises(ApplicationError, match=f"该预约已签到,您的号码是 {ticket.number}"):
        appointment_check_in(centre=county.centre_a, code=booking.code, at=at(9, 41))


@override_settings(QUEUE_NO_SHOW_GRACE_MINUTES=15)
def test_bookings_not_checked_in_are_recorded_as_no_shows(county, hall):
    missed = book(hall, phone="13900000001")
    came = book(hall, phone="13900000002")
    afternoon = book(hall, phone="13900000003", slot="1430")
    appointment_check_in(centre=county.centre_a, code=came.code, at=at(9, 35))
    assert appointments_mark_missed(now=at(10, 45)) == 0  # 10:30 + 15 minutes' grace not yet passed
    assert appointments_mark_missed(now=at(10, 46)) == 1
    states = {a.pk: a.status for a in Appointment.objects.all()}
    assert states == {missed.pk: "no_show", came.pk: "checked_in", afternoon.pk: "booked"}
    with pytest.raises(ApplicationError, match="该预约失约"):
        appointment_check_in(centre=county.centre_a, code=missed.code, at=at(10, 50))

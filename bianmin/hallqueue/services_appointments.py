"""Writes of appointments (预约): booking from the public portal, cancelling, checking in at the
kiosk, and recording the no-shows (失约).

Booking takes one place of the slot with a conditional increment of its ``SlotCounter`` below the
line's capacity — on both databases two residents booking the last place at the same moment cannot
both get it — and the booking code (8 digits) is the resident's proof. Name and phone are validated
here and shown masked everywhere public.
"""

from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from bianmin.core.errors import ApplicationError
from bianmin.core.personal import normalize_phone
from bianmin.hallqueue import slots as rules
from bianmin.hallqueue.models import Appointment, AppointmentStatus, QueueLine, SlotCounter, Ticket, TicketSource
from bianmin.hallqueue.numbering import new_booking_code
from bianmin.hallqueue.ordering import Priority
from bianmin.hallqueue.services import TAKEN, ticket_take
from bianmin.org.models import Centre
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.selectors import load_calendar

FULL = "该时段已约满,请选择其他时段。"
NOT_FOUND = "预约码不正确:请核对8位预约码后重新输入。"
NAME_MAX = 30
LIVE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


def configured_slots() -> tuple[rules.Slot, ...]:
    return rules.parse_slots(settings.QUEUE_APPOINTMENT_SLOTS)


def bookable_days(today: date) -> list[date]:
    calendar = load_calendar()
    return rules.bookable_days(today, settings.QUEUE_APPOINTMENT_DAYS, calendar.is_working_day)


def clean_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ApplicationError("请填写姓名。", field="name")
    if len(name) > NAME_MAX or any(ch.isdigit() for ch in name):
        raise ApplicationError(f"姓名应为{NAME_MAX}个字以内,不含数字。", field="name")
    return name


def clean_mobile(value: str) -> str:
    phone = normalize_phone(value)
    if not (len(phone) == 11 and phone.isdigit() and phone[0] == "1" and phone[1] in "3456789"):
        raise ApplicationError("请输入11位手机号码(预约信息只用于核对,不会公开)。", field="phone")
    return phone


def _slot_counter(line: QueueLine, day: date, slot: rules.Slot):
    counter = SlotCounter.objects.filter(line=line, day=day, slot_start=slot.start)
    if not counter.exists():
        SlotCounter.objects.bulk_create([SlotCounter(line=line, day=day, slot_start=slot.start)], ignore_conflicts=True)
    return counter


@transaction.atomic
def appointment_book(
    *, line: QueueLine, day: date, slot_key: str, name: str, phone: str, at: datetime | None = None
) -> Appointment:
    at = at or timezone.now()
    if not line.is_active or not line.centre.is_active or line.slot_capacity == 0:
        raise ApplicationError(f"“{line.name}”暂不开放预约,请现场取号。", field="line")
    slot = rules.find_slot(configured_slots(), slot_key)
    if slot is None:
        raise ApplicationError("请选择预约时段。", field="slot")
    if day not in bookable_days(timezone.localdate(at)):
        raise ApplicationError(
            f"只能预约今天起{settings.QUEUE_APPOINTMENT_DAYS}天内的工作日(节假日、周末不办公)。", field="day"
        )
    if not rules.slot_bookable(day, slot, timezone.localtime(at)):
        raise ApplicationError(f"{slot.label} 时段已开始,不能再预约,请选择以后的时段。", field="slot")
    name, phone = clean_name(name), clean_mobile(phone)
    if Appointment.objects.filter(line=line, day=day, phone=phone, status__in=LIVE).exists():
        raise ApplicationError("该手机号已预约当天的这项业务,如需改时间请先取消原预约。", field="phone")
    if not _slot_counter(line, day, slot).filter(booked__lt=line.slot_capacity).update(booked=F("booked") + 1):
        raise ApplicationError(FULL, field="slot")
    for _ in range(5):  # a code already in use (1 in 10^8 per booking) is drawn again
        try:
            with transaction.atomic():
                return Appointment.objects.create(
                    centre_id=line.centre_id,
                    line=line,
                    day=day,
                    slot_start=slot.start,
                    slot_end=slot.end,
                    code=new_booking_code(),
                    name=name,
                    phone=phone,
                    booked_at=at,
                )
        except IntegrityError:
            if Appointment.objects.filter(line=line, day=day, phone=phone, status__in=LIVE).exists():
                raise ApplicationError("该手机号已预约当天的这项业务。", field="phone") from None
    raise ApplicationError("预约暂时无法完成,请稍后再试。")


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, at: datetime | None = None) -> Appointment:
    """取消: the place goes back to the slot."""
    at = at or timezone.now()
    if appointment.status != AppointmentStatus.BOOKED:
        raise ApplicationError(f"该预约{appointment.get_status_display()},不能取消。")
    done = Appointment.objects.filter(pk=appointment.pk, status=AppointmentStatus.BOOKED).update(
        status=AppointmentStatus.CANCELLED, cancelled_at=at
    )
    if not done:
        raise ApplicationError(TAKEN)
    SlotCounter.objects.filter(
        line_id=appointment.line_id, day=appointment.day, slot_start=appointment.slot_start, booked__gt=0
    ).update(booked=F("booked") - 1)
    appointment.refresh_from_db()
    return appointment


def find_booking(code: str) -> Appointment | None:
    code = code.strip()
    if not (len(code) == 8 and code.isdigit()):
        return None
    return Appointment.objects.select_related("line", "centre", "ticket").filter(code=code).first()


@transaction.atomic
def appointment_check_in(*, centre: Centre, code: str, at: datetime | None = None) -> Ticket:
    """签到 at the kiosk: the booking becomes a ticket called with priority from the slot's start."""
    at = at or timezone.now()
    booking = find_booking(code)
    if booking is None:
        raise ApplicationError(NOT_FOUND, field="code")
    if booking.centre_id != centre.pk:
        raise ApplicationError(f"该预约是{booking.centre.name}的,请到该中心签到。", field="code")
    if booking.status == AppointmentStatus.CHECKED_IN and booking.ticket:
        raise ApplicationError(f"该预约已签到,您的号码是 {booking.ticket.number}。", field="code")
    if booking.status != AppointmentStatus.BOOKED:
        raise ApplicationError(f"该预约{booking.get_status_display()},请现场取号。", field="code")
    slot = rules.Slot(booking.slot_start, booking.slot_end)
    early = settings.QUEUE_CHECKIN_EARLY_MINUTES
    verdict = rules.check_in(booking.day, slot, timezone.localtime(at), early_minutes=early)
    if not verdict.ok:
        raise ApplicationError(verdict.message, field="code")
    ticket = ticket_take(
        line=booking.line,
        priority=Priority.APPOINTMENT,
        source=TicketSource.APPOINTMENT,
        ready_at=verdict.ready_at,
        at=at,
    )
    done = Appointment.objects.filter(pk=booking.pk, status=AppointmentStatus.BOOKED).update(
        status=AppointmentStatus.CHECKED_IN, checked_in_at=at, ticket=ticket
    )
    if not done:
        raise ApplicationError(TAKEN)
    return ticket


@transaction.atomic
def appointments_mark_missed(*, now: datetime | None = None) -> int:
    """失约: bookings not checked in by the end of their slot plus QUEUE_NO_SHOW_GRACE_MINUTES."""
    now = timezone.localtime(now or timezone.now(), CHINA)
    grace = settings.QUEUE_NO_SHOW_GRACE_MINUTES
    booked = Appointment.objects.filter(status=AppointmentStatus.BOOKED, day__lte=now.date())
    missed = [
        pk
        for pk, day, start, end in booked.values_list("pk", "day", "slot_start", "slot_end")
        if rules.missed(day, rules.Slot(start, end), now, grace_minutes=grace)
    ]
    return Appointment.objects.filter(Q(pk__in=missed), status=AppointmentStatus.BOOKED).update(
        status=AppointmentStatus.NO_SHOW, no_show_at=now
    )

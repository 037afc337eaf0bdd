"""Public queue pages (no login), mounted at /public/queue/.

- t/<token>/: the phone page of a ticket (the QR code on the receipt): status, people ahead, the
  window when called; it refreshes itself. Numbers only: a ticket carries no personal data.
- book/: 预约 — choose a centre, a business line, a working day and a slot with room, give a name
  and a mobile number; the 8-digit booking code is the proof. Throttled per client.
- booking/: look a booking up with its code and the phone's last 4 digits (or from the same
  browser right after booking) and cancel it. Name and phone are shown masked.
"""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from bianmin.core import throttle
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.core.personal import mask_phone
from bianmin.hallqueue import selectors
from bianmin.hallqueue.forms import BookingForm
from bianmin.hallqueue.models import Appointment, AppointmentStatus, QueueLine, SlotCounter
from bianmin.hallqueue.services_appointments import (
    appointment_book,
    appointment_cancel,
    bookable_days,
    configured_slots,
    find_booking,
)
from bianmin.hallqueue.slots import slot_bookable
from bianmin.hallqueue.workflow import TicketStatus
from bianmin.org.models import Centre
from bianmin.portal.views_progress import mask_name

BOOKINGS_PER_MINUTE = 5
LOOKUPS_PER_MINUTE = 10
BOOKED = "queue_booked_codes"
WATCH_REFRESH_SECONDS = 10

STATUS_HINTS = {
    TicketStatus.WAITING: "请留意大厅显示屏和语音叫号,过号需重新排队。",
    TicketStatus.CALLED: "已叫到您的号,请马上到窗口办理。",
    TicketStatus.SERVING: "正在为您办理。",
    TicketStatus.DONE: "本次办理已完成,感谢您的耐心等候。",
    TicketStatus.NO_SHOW: "叫号时您不在,已过号。请到导办台或窗口说明,可重新排队。",
    TicketStatus.CANCELLED: "该号已取消。",
    TicketStatus.EXPIRED: "该号当天未办理,已作废。",
}


# --- the phone page of a ticket ------------------------------------------------------------------


def _watch_context(token: str) -> dict:
    ticket = selectors.ticket_by_token(token)
    now = timezone.now()
    return {
        "ticket": ticket,
        "ahead": selectors.ahead_of(ticket, now),
        "hint": STATUS_HINTS.get(ticket.status, ""),
        "is_today": ticket.day == timezone.localdate(now),
        "calls": selectors.recent_calls(ticket.centre_id, ticket.day, limit=3),
        "refresh_seconds": WATCH_REFRESH_SECONDS,
        "now": timezone.localtime(now),
    }


@require_GET
@never_cache
def ticket(request, token: str):
    response = render(request, "hallqueue/public_ticket.html", _watch_context(token))
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@never_cache
def ticket_status(request, token: str):
    """The changing part of the phone page (htmx polls it)."""
    return render(request, "hallqueue/_public_ticket_status.html", _watch_context(token))


# --- booking -----------------------------------------------------------------------------------------


def _booking_centres() -> list[Centre]:
    ids = QueueLine.objects.filter(is_active=True, slot_capacity__gt=0).values("centre_id")
    return list(Centre.objects.filter(is_active=True, pk__in=ids).select_related("township").order_by("township__code"))


def _bookable_lines(centre_id: int):
    return QueueLine.objects.filter(centre_id=centre_id, is_active=True, slot_capacity__gt=0).order_by(
        "sort_order", "prefix"
    )


def _pick(queryset, raw: str):
    return queryset.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 10 else None


def slot_grid(line: QueueLine, days: list[date], now) -> list[tuple[date, list[tuple[object, int, bool]]]]:
    """Per day, per slot: (slot, places left, bookable now). One query for the counters."""
    slots = configured_slots()
    booked = {
        (day, start): n
        for day, start, n in SlotCounter.objects.filter(line=line, day__in=days).values_list(
            "day", "slot_start", "booked"
        )
    }
    return [
        (
            day,
            [
                (slot, max(0, line.slot_capacity - booked.get((day, slot.start), 0)), slot_bookable(day, slot, now))
                for slot in slots
            ],
        )
        for day in days
    ]


@require_http_methods(["GET", "POST"])
@never_cache
def book(request):
    centres = _booking_centres()
    centre = next((c for c in centres if str(c.pk) == request.GET.get("centre", "")), None)
    lines = list(_bookable_lines(centre.pk)) if centre else []
    line = next((ln for ln in lines if str(ln.pk) == request.GET.get("line", "")), None)
    now = timezone.localtime()
    days = bookable_days(now.date())
    form = BookingForm(request.POST or None, days=days, slots=configured_slots())
    status = 200
    if request.method == "POST" and line is not None:
        if not throttle.hit(request, "queue-book", limit=BOOKINGS_PER_MINUTE):
            form.add_error(None, throttle.message(BOOKINGS_PER_MINUTE))
            status = 429
        elif form.is_valid():
            day, slot_key = form.cleaned_data["choice"]
            try:
                booking = appointment_book(
                    line=line,
                    day=day,
                    slot_key=slot_key,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                request.session[BOOKED] = [*request.session.get(BOOKED, []), booking.code][-10:]
                return redirect(reverse("queue_public:booking") + f"?code={booking.code}")
    context = {
        "centres": centres,
        "centre": centre,
        "lines": lines,
        "line": line,
        "grid": slot_grid(line, days, now) if line else [],
        "form": form,
    }
    return render(request, "hallqueue/public_book.html", context, status=status)


def _shown(request, code: str, digits: str) -> Appointment | None:
    """The booking, if the visitor proved they hold it: code + last 4 phone digits, or booked here."""
    booking = find_booking(code)
    if booking is None:
        return None
    if code in request.session.get(BOOKED, []) or (len(digits) == 4 and booking.phone.endswith(digits)):
        return booking
    return None


@require_http_methods(["GET", "POST"])
@never_cache
def booking(request):
    data = request.POST if request.method == "POST" else request.GET
    code = "".join(ch for ch in data.get("code", "") if ch.isdigit())[:8]
    digits = data.get("phone4", "").strip()[:4]
    context = {"code": code, "phone4": digits, "booking": None, "error": ""}
    status = 200
    if code:
        if not throttle.hit(request, "queue-booking", limit=LOOKUPS_PER_MINUTE):
            context["error"], status = throttle.message(LOOKUPS_PER_MINUTE), 429
        elif (found := _shown(request, code, digits)) is None:
            context["error"] = "未查询到预约:请核对8位预约码和预约手机号后4位。"
        else:
            if request.method == "POST" and request.POST.get("cancel") == "1":
                try:
                    found = appointment_cancel(appointment=found)
                    messages.success(request, "预约已取消,名额已释放。")
                except ApplicationError as exc:
                    context["error"] = exc.message
            context.update(
                booking=found,
                masked_name=mask_name(found.name),
                masked_phone=mask_phone(found.phone),
                can_cancel=found.status == AppointmentStatus.BOOKED,
                checkin_opens=found.slot_start,
            )
    response = render(request, "hallqueue/public_booking.html", context, status=status)
    response["Referrer-Policy"] = "no-referrer"
    return response

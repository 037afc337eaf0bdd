"""Taking a number at the hall's touch kiosk (触摸查询机, plan 四(一)2(3)), no login.

/kiosk/<centre>/queue/ the centre's lines with how many wait → a line: 普通取号 or 绿色通道 (老年人、
残疾人、孕妇、军人) → the ticket page, which prints itself on the kiosk's receipt printer (58 or 80 mm,
QUEUE_RECEIPT_WIDTH_MM; Chromium started with --kiosk-printing prints without a dialog) with the
number, the line, how many are ahead and a QR code to follow the queue on a phone.
/kiosk/<centre>/queue/checkin/ a booking code (typed on the screen's keypad or read by a scanner)
becomes a priority ticket. Every POST is throttled per client (a kiosk issues a few a minute).
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from bianmin.catalogue.handbook import qr_png_data_uri
from bianmin.core import throttle
from bianmin.core.errors import ApplicationError
from bianmin.hallqueue import selectors, services
from bianmin.hallqueue.ordering import GREEN_CHANNEL
from bianmin.hallqueue.services_appointments import appointment_check_in
from bianmin.portal.selectors_screens import public_centre
from bianmin.portal.views_kiosk import _context as kiosk_context

TAKES_PER_MINUTE = 20  # one kiosk at the morning rush issues a few a minute
CHECKINS_PER_MINUTE = 10


def watch_url(ticket) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("queue_public:ticket", args=[ticket.token])


def _context(request, centre) -> dict:
    context = kiosk_context(request, centre)
    context["lines_url"] = reverse("queue_screens:lines", args=[centre.pk]) + context["idle_query"]
    return context


@require_GET
@never_cache
def lines(request, centre_pk: int):
    centre = public_centre(centre_pk)
    context = _context(request, centre) | {"lines": selectors.public_lines(centre.pk, timezone.localdate())}
    return render(request, "hallqueue/kiosk_lines.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
def take(request, centre_pk: int, line_pk: int):
    centre = public_centre(centre_pk)
    line = selectors.public_line(centre.pk, line_pk)
    context = _context(request, centre) | {"line": line, "green": GREEN_CHANNEL, "error": ""}
    status = 200
    if request.method == "POST":
        if not throttle.hit(request, "queue-take", limit=TAKES_PER_MINUTE):
            context["error"], status = throttle.message(TAKES_PER_MINUTE), 429
        else:
            try:
                ticket = services.ticket_take(line=line, priority=request.POST.get("priority", "")[:12])
            except ApplicationError as exc:
                context["error"] = exc.message
            else:
                url = reverse("queue_screens:ticket", args=[centre.pk, ticket.token])
                return redirect(f"{url}?print=1" + context["idle_query"].replace("?", "&"))
    return render(request, "hallqueue/kiosk_take.html", context, status=status)


@require_GET
@never_cache
def ticket(request, centre_pk: int, token: str):
    """The ticket on screen and on the receipt (the same page, print CSS)."""
    centre = public_centre(centre_pk)
    found = selectors.ticket_by_token(token)
    if found.centre_id != centre.pk:
        raise Http404("没有这个排队号")
    now = timezone.now()
    context = _context(request, centre) | {
        "ticket": found,
        "ahead": selectors.ahead_of(found, now),
        "qr": qr_png_data_uri(watch_url(found)),
        "width_mm": receipt_width(),
        "autoprint": request.GET.get("print") == "1",
    }
    response = render(request, "hallqueue/kiosk_ticket.html", context)
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    return response


def receipt_width() -> int:
    """58 or 80 mm rolls; anything else is taken as 80 mm."""
    return 58 if int(settings.QUEUE_RECEIPT_WIDTH_MM) == 58 else 80


@require_http_methods(["GET", "POST"])
@never_cache
def checkin(request, centre_pk: int):
    centre = public_centre(centre_pk)
    context = _context(request, centre) | {
        "error": "",
        "code": "",
        "early_minutes": settings.QUEUE_CHECKIN_EARLY_MINUTES,
    }
    status = 200
    if request.method == "POST":
        code = "".join(ch for ch in request.POST.get("code", "") if ch.isdigit())[:8]
        context["code"] = code
        if not throttle.hit(request, "queue-checkin", limit=CHECKINS_PER_MINUTE):
            context["error"], status = throttle.message(CHECKINS_PER_MINUTE), 429
        else:
            try:
                found = appointment_check_in(centre=centre, code=code)
            except ApplicationError as exc:
                context["error"] = exc.message
            else:
                url = reverse("queue_screens:ticket", args=[centre.pk, found.token])
                return redirect(f"{url}?print=1" + context["idle_query"].replace("?", "&"))
    return render(request, "hallqueue/kiosk_checkin.html", context, status=status)

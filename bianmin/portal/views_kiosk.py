"""The hall's touch kiosk (触摸查询机, plan 四(一)2(3); issue #6 point 5): /kiosk/<centre>/, no login.

Full-screen pages with big buttons that lead into the public portal (/public/) with ``?kiosk=<centre>``
so those pages can stay in kiosk mode. kiosk.js returns to the start page after 60 s without a touch
and ignores every link that would leave /public/ or /kiosk/ (no way into the staff pages).
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from bianmin.hallqueue.selectors import has_queue
from bianmin.portal.selectors_screens import kiosk_business_lines, public_centre

IDLE_SECONDS = 60
KIOSK_PARAM = "kiosk"


def _idle(request) -> int:
    """The idle timeout (?idle=2 for tests and demonstrations), clamped to 2 s … 10 min."""
    try:
        value = int(request.GET.get("idle", IDLE_SECONDS))
    except (TypeError, ValueError):
        return IDLE_SECONDS
    return min(max(value, 2), 600)


def kiosk_home_for(request) -> str | None:
    """The kiosk start page when a public page is opened in kiosk mode (``?kiosk=<centre pk>``), else None.

    For the public layout: include ``portal/kiosk_script.html`` with ``kiosk_home`` set to this, so
    kiosk.js keeps the page in kiosk mode. Only the number is used, nothing is looked up.
    """
    value = request.GET.get(KIOSK_PARAM, "")
    if not value.isdigit() or len(value) > 9:
        return None
    return reverse("screens:kiosk", args=[int(value)])


def _public(name: str, centre_pk: int, *args, **query) -> str:
    params = "&".join(f"{key}={value}" for key, value in {**query, KIOSK_PARAM: centre_pk}.items())
    return f"{reverse(name, args=args)}?{params}"


def _context(request, centre) -> dict:
    idle_query = f"?idle={_idle(request)}" if "idle" in request.GET else ""
    queue = has_queue(centre.pk)  # 取号 and 预约签到 (bianmin/hallqueue)
    return {
        "centre": centre,
        "kiosk_home": reverse("screens:kiosk", args=[centre.pk]),
        "idle_seconds": _idle(request),
        # An explicit ?idle= (tests, demonstrations) follows the kiosk's own links.
        "idle_query": idle_query,
        "today": timezone.localdate(),
        "guides_url": _public("portal:guides", centre.pk, centre=centre.pk),
        "progress_url": _public("portal:progress", centre.pk),
        "centre_url": _public("portal:centre", centre.pk, centre.pk),
        "complaint_url": _public("portal:complaint_new", centre.pk, centre=centre.pk),
        "queue_url": reverse("queue_screens:lines", args=[centre.pk]) + idle_query if queue else "",
        "checkin_url": reverse("queue_screens:checkin", args=[centre.pk]) + idle_query if queue else "",
    }


@require_GET
def home(request, centre_pk: int):
    centre = public_centre(centre_pk)
    return render(request, "portal/kiosk_home.html", _context(request, centre))


@require_GET
def guides(request, centre_pk: int):
    """办事指南 by business line: the lines with published guides on this centre's list."""
    centre = public_centre(centre_pk)
    lines = [
        (line, _public("portal:guides", centre.pk, centre=centre.pk, line=line.pk))
        for line in kiosk_business_lines(centre.pk)
    ]
    return render(request, "portal/kiosk_guides.html", {**_context(request, centre), "lines": lines})

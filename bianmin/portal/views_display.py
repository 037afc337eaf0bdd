"""The hall display screen (电子显示屏, plan 四(一)2(3)): /display/<centre>/, no login.

A full-screen page for the hall's TV: the centre's current notices, one at a time, and today's
figures. The page loads once; display.js swaps in /display/<centre>/data/ (an HTML fragment
rendered from the same template) every minute, so nothing piles up in a browser left on for weeks.
Without JavaScript a <noscript> meta refresh reloads the page every 5 minutes instead.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bianmin.catalogue.handbook import qr_png_data_uri
from bianmin.hallqueue.selectors import has_queue
from bianmin.hallqueue.views_display import calls_context
from bianmin.portal.figures import centre_figures
from bianmin.portal.selectors_screens import current_notices, public_centre

ROTATE_SECONDS = 12  # one notice at a time, long enough to read a short paragraph
REFRESH_SECONDS = 60
NOSCRIPT_REFRESH_SECONDS = 300
LONG_BODY = 160  # characters: longer bodies get a smaller type size


def _seconds(request, name: str, default: int, low: int, high: int) -> int:
    """A speed from the query string (?rotate=1 for tests or a busy hall), clamped to a sane range."""
    try:
        value = int(request.GET.get(name, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, low), high)


def _data_context(centre, now) -> dict:
    today = timezone.localtime(now).date()
    notices = list(current_notices(centre.pk, today))
    # Without JavaScript the screen still changes notice at each 5-minute reload.
    current = int(now.timestamp() // NOSCRIPT_REFRESH_SECONDS) % len(notices) if notices else 0
    for index, notice in enumerate(notices):
        notice.is_current = index == current
        notice.is_long = len(notice.body) > LONG_BODY
    return {
        "centre": centre,
        "notices": notices,
        "current_index": current,
        "figures": centre_figures(centre.pk, now=now),
        "server_time_ms": int(now.timestamp() * 1000),
    }


@require_GET
@never_cache
def display(request, centre_pk: int):
    centre = public_centre(centre_pk)
    now = timezone.now()
    progress_url = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("portal:progress")
    context = {
        **_data_context(centre, now),
        "now": timezone.localtime(now),
        "rotate_seconds": _seconds(request, "rotate", ROTATE_SECONDS, 1, 300),
        "refresh_seconds": _seconds(request, "refresh", REFRESH_SECONDS, 1, 3600),
        "noscript_refresh_seconds": NOSCRIPT_REFRESH_SECONDS,
        "progress_qr": qr_png_data_uri(progress_url),
    }
    if has_queue(centre.pk):  # the calling panel of the hall queue (bianmin/hallqueue)
        context |= calls_context(centre, after=None)
    return render(request, "portal/display.html", context)


@require_GET
@never_cache
def data(request, centre_pk: int):
    """The changing part of the display (figures and notices) as an HTML fragment."""
    centre = public_centre(centre_pk)
    return render(request, "portal/display_data.html", _data_context(centre, timezone.now()))

"""The hall display's calling panel and its spoken announcements, no login.

/display/<centre>/calls/?after=<event id> is an HTML fragment: the latest calls (number → window),
who waits per line, and — as data on the fragment — the calls newer than ``after`` for the page to
announce. queue-calls.js polls it every few seconds and swaps it in place (portal/display.html).
/display/<centre>/audio/A023-3.wav is the announcement, synthesized offline (``audio.py``) for calls
that really happened at this centre only, so nobody can fill the disk with arbitrary files.
"""

import json
import logging

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bianmin.hallqueue import audio, selectors, speech
from bianmin.portal.selectors_screens import public_centre

logger = logging.getLogger(__name__)
POLL_SECONDS = 3
AUDIO_MAX_AGE = 7 * 24 * 3600  # the same number at the same window always sounds the same


def calls_context(centre, *, after: int | None) -> dict:
    """The calling panel: shared by the display page (first render) and the fragment."""
    day = timezone.localdate()
    calls = selectors.recent_calls(centre.pk, day, limit=6)
    if after is None:  # the page's first render: nothing to announce, start from the latest call
        announce, last = [], selectors.last_call_id(centre.pk)
    else:
        announce = selectors.calls_after(centre.pk, after)
        last = max([c.event_id for c in announce], default=after)
    return {
        "centre": centre,
        "latest": calls[0] if calls else None,
        "earlier": calls[1:],
        "waiting_lines": [(line, n) for line, n in selectors.public_lines(centre.pk, day)],
        "last_call_id": last,
        "announce_json": json.dumps(
            [
                {
                    "id": c.event_id,
                    "text": speech.announcement_text(c.number, c.window),
                    "audio": reverse("queue_screens:audio", args=[centre.pk, c.number, c.window]),
                }
                for c in announce
            ],
            ensure_ascii=False,
        ),
        "calls_url": reverse("queue_screens:calls", args=[centre.pk]),
        "poll_seconds": POLL_SECONDS,
    }


@require_GET
@never_cache
def calls(request, centre_pk: int):
    centre = public_centre(centre_pk)
    raw = request.GET.get("after", "")
    after = int(raw) if raw.isdigit() and len(raw) < 12 else None
    return render(request, "hallqueue/display_calls.html", calls_context(centre, after=after))


@require_GET
def announcement(request, centre_pk: int, number: str, window: int):
    centre = public_centre(centre_pk)
    if not speech.valid(number, window) or not selectors.was_called(centre.pk, number, window):
        raise Http404("没有这次叫号")
    try:
        path = audio.announcement_file(number, window)
    except audio.SpeechUnavailable as exc:
        # The display falls back to the browser's own voice, or shows the call without sound.
        logger.warning("hall announcement not synthesized: %s", exc)
        return HttpResponse("语音合成不可用", status=503, content_type="text/plain; charset=utf-8")
    response = FileResponse(path.open("rb"), content_type="audio/wav")
    response["Cache-Control"] = f"public, max-age={AUDIO_MAX_AGE}"
    return response

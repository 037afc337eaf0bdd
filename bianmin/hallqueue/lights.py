"""The electronic-monitoring light of the hall queue (五(一) 电子监察, Kind.QUEUE).

Red: today a resident of a line waited longer than QUEUE_WAIT_LIMIT_MINUTES (default 30) — someone
still waiting past it, or called after it; the light stays red for the rest of the day (the wait
happened). Yellow: nobody past the limit yet, but someone has waited QUEUE_WAIT_YELLOW_MINUTES
(default 20). One light per centre, line and day (key ``queue:<centre>:<line>:<day>``), so the
``monitor`` command mails the directors once per line and day, not once per resident.

Registered with ``register_source`` in ``HallqueueConfig.ready``; three queries whatever the number
of centres.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse

from bianmin.hallqueue.models import QueueLine, Ticket
from bianmin.hallqueue.workflow import TicketStatus
from bianmin.monitoring.lights import Colour, Kind, Light
from bianmin.monitoring.sources import Moment


def limits() -> tuple[int, int]:
    """(red, yellow) in minutes; a yellow mark above the limit is the limit."""
    red = int(settings.QUEUE_WAIT_LIMIT_MINUTES)
    return red, min(int(settings.QUEUE_WAIT_YELLOW_MINUTES), red)


def queue_lights(moment: Moment) -> list[Light]:
    red_minutes, yellow_minutes = limits()
    today = moment.in_scope(Ticket.objects.filter(day=moment.today))
    over: dict[tuple[int, int], list[int]] = defaultdict(list)  # (centre, line) → waits in seconds over the limit
    for centre_id, line_id, n, longest in (
        today.filter(wait_seconds__gt=red_minutes * 60)
        .order_by()
        .values("centre_id", "line_id")
        .annotate(n=Count("pk"), longest=Max("wait_seconds"))
        .values_list("centre_id", "line_id", "n", "longest")
    ):
        over[(centre_id, line_id)] += [longest] * n
    yellow: dict[tuple[int, int], int] = {}
    waiting = today.filter(status=TicketStatus.WAITING, first_called_at__isnull=True)
    for centre_id, line_id, ready_at in waiting.filter(
        ready_at__lte=moment.now - timedelta(minutes=yellow_minutes)
    ).values_list("centre_id", "line_id", "ready_at"):
        waited = int((moment.now - ready_at).total_seconds())
        if waited > red_minutes * 60:
            over[(centre_id, line_id)].append(waited)
        else:
            yellow[(centre_id, line_id)] = max(yellow.get((centre_id, line_id), 0), waited)
    keys = set(over) | set(yellow)
    if not keys:
        return []
    names = dict(QueueLine.objects.filter(pk__in={line for _, line in keys}).values_list("pk", "name"))
    lights = []
    for centre_id, line_id in sorted(keys):
        waits = over.get((centre_id, line_id))
        name = names.get(line_id, "")
        if waits:
            colour = Colour.RED
            title = f"{name}:今天 {len(waits)} 人等候超过{red_minutes}分钟,最长 {max(waits) // 60} 分钟"
        else:
            colour = Colour.YELLOW
            title = f"{name}:有群众已等候 {yellow[(centre_id, line_id)] // 60} 分钟"
        lights.append(
            Light(
                kind=Kind.QUEUE,
                colour=colour,
                key=f"queue:{centre_id}:{line_id}:{moment.today.isoformat()}",
                centre_id=centre_id,
                title=title,
                url=reverse("hallqueue:overview") + f"?centre={centre_id}",
                since=moment.today,
            )
        )
    return lights

"""The queue's figures from aggregate queries (not scoped: callers decide whose centre it is).

``period_figures``: a centre's days (a month for the monthly report, a range on the figures page):
totals, by line, by window, by hour of taking and by day, and the appointments — two queries
whatever the number of tickets. ``today_summary``: the centre dashboard's line, with who is
waiting now and the longest current wait.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from bianmin.hallqueue.figures import Appointments, QueueFigures, Timing
from bianmin.hallqueue.models import Appointment, AppointmentStatus, Ticket
from bianmin.hallqueue.workflow import TicketStatus


def limit_seconds() -> int:
    return int(settings.QUEUE_WAIT_LIMIT_MINUTES) * 60


def _aggregates() -> dict:
    return {
        "tickets": Count("pk"),
        "called": Count("pk", filter=Q(first_called_at__isnull=False)),
        "served": Count("pk", filter=Q(status=TicketStatus.DONE)),
        "no_show": Count("pk", filter=Q(status=TicketStatus.NO_SHOW)),
        "wait_total": Sum("wait_seconds"),
        "wait_max": Max("wait_seconds"),
        "handled": Count("handle_seconds"),
        "handle_total": Sum("handle_seconds"),
        "over_limit": Count("pk", filter=Q(wait_seconds__gt=limit_seconds())),
    }


TIMING_FIELDS = (
    "tickets",
    "called",
    "served",
    "no_show",
    "wait_total",
    "wait_max",
    "handled",
    "handle_total",
    "over_limit",
)


def _timing(row: dict, key: str = "", label: str = "") -> Timing:
    return Timing(key=key, label=label, **{name: int(row.get(name) or 0) for name in TIMING_FIELDS})


def tickets_between(centre_ids: list[int], first: date, last: date) -> QuerySet[Ticket]:
    return Ticket.objects.filter(centre_id__in=centre_ids, day__gte=first, day__lte=last).order_by()


def _merge(rows: list[dict], key) -> dict[object, dict]:
    """Sum the grouped rows by ``key(row)`` (wait_max: the largest)."""
    groups: dict[object, dict] = {}
    for row in rows:
        group = groups.setdefault(key(row), dict.fromkeys(TIMING_FIELDS, 0))
        for name in TIMING_FIELDS:
            value = int(row.get(name) or 0)
            group[name] = max(group[name], value) if name == "wait_max" else group[name] + value
    return groups


def period_figures(centre_id: int, first: date, last: date) -> QueueFigures:
    """One centre's queue from ``first`` to ``last`` (both included): one grouped query (line,
    window, day, hour) summed here into totals and each breakdown, and one for the appointments."""
    rows = list(
        tickets_between([centre_id], first, last)
        .values("line_id", "window_id", "day", "hour")
        .annotate(
            **_aggregates(),
            priority=Count("pk", filter=~Q(priority="")),
            line_label=Max("line__prefix"),
            line_name=Max("line__name"),
            line_order=Min("line__sort_order"),
            window_number=Max("window__number"),
            window_name=Max("window__name"),
        )
    )
    totals = _merge(rows, lambda row: None).get(None, {})
    lines = {row["line_id"]: row for row in rows}
    by_line = [
        _timing(group, str(pk), f"{lines[pk]['line_label']} {lines[pk]['line_name']}")
        for pk, group in sorted(
            _merge(rows, lambda row: row["line_id"]).items(),
            key=lambda item: (lines[item[0]]["line_order"], lines[item[0]]["line_label"]),
        )
    ]
    windows = {row["window_id"]: row for row in rows if row["window_id"] is not None}
    by_window = [
        _timing(group, str(pk), f"{windows[pk]['window_number']}号窗口 {windows[pk]['window_name']}")
        for pk, group in sorted(
            _merge([r for r in rows if r["window_id"] is not None], lambda row: row["window_id"]).items(),
            key=lambda item: windows[item[0]]["window_number"],
        )
    ]
    by_hour = [
        _timing(group, str(hour), f"{hour:02d}:00-{hour + 1:02d}:00")
        for hour, group in sorted(_merge(rows, lambda row: row["hour"]).items())
    ]
    by_day = [
        _timing(group, day.isoformat(), f"{day.month}月{day.day}日")
        for day, group in sorted(_merge(rows, lambda row: row["day"]).items())
    ]
    return QueueFigures(
        limit_minutes=int(settings.QUEUE_WAIT_LIMIT_MINUTES),
        totals=_timing(totals),
        priority=sum(int(row["priority"] or 0) for row in rows),
        by_line=by_line,
        by_window=by_window,
        by_hour=by_hour,
        by_day=by_day,
        appointments=appointment_counts(centre_id, first, last),
    )


def appointment_counts(centre_id: int, first: date, last: date) -> Appointments:
    row = Appointment.objects.filter(centre_id=centre_id, day__gte=first, day__lte=last).aggregate(
        booked=Count("pk"),
        checked_in=Count("pk", filter=Q(status=AppointmentStatus.CHECKED_IN)),
        no_show=Count("pk", filter=Q(status=AppointmentStatus.NO_SHOW)),
        cancelled=Count("pk", filter=Q(status=AppointmentStatus.CANCELLED)),
    )
    return Appointments(**{k: int(v or 0) for k, v in row.items()})


@dataclass(frozen=True)
class Today:
    """The centre dashboard's queue line."""

    day: date
    figures: Timing
    waiting: int
    longest_wait_minutes: int | None  # of those waiting now
    limit_minutes: int
    appointments_left: int  # booked for today, not yet checked in

    @property
    def is_over_limit(self) -> bool:
        return self.longest_wait_minutes is not None and self.longest_wait_minutes > self.limit_minutes


def today_summary(centre_id: int, day: date, now: datetime) -> Today:
    qs = Ticket.objects.filter(centre_id=centre_id, day=day).order_by()
    figures = _timing(qs.aggregate(**_aggregates()))
    waiting = qs.filter(status=TicketStatus.WAITING).aggregate(
        n=Count("pk"), oldest=Min("ready_at", filter=Q(first_called_at__isnull=True, ready_at__lte=now))
    )
    oldest = waiting["oldest"]
    return Today(
        day=day,
        figures=figures,
        waiting=waiting["n"],
        longest_wait_minutes=int((now - oldest).total_seconds() // 60) if oldest else None,
        limit_minutes=int(settings.QUEUE_WAIT_LIMIT_MINUTES),
        appointments_left=Appointment.objects.filter(
            centre_id=centre_id, day=day, status=AppointmentStatus.BOOKED
        ).count(),
    )


def long_wait_days(centre_ids: list[int], since: date, until: date) -> list[tuple[int, date]]:
    """(centre, day) once per line and day on which someone waited over the limit (the red queue
    lights that day): for the monitoring dashboard's monthly trend. One query."""
    rows = (
        tickets_between(centre_ids, since, until)
        .filter(wait_seconds__gt=limit_seconds())
        .values_list("centre_id", "line_id", "day")
        .distinct()
    )
    return [(centre_id, day) for centre_id, _, day in rows]

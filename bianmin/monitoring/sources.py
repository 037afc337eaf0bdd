"""Where the lights come from: one collector per kind, each reading its own records (few queries,
whatever the number of centres) and answering plain ``Light`` values.

Collectors are registered in ``SOURCES``; an app that brings a new kind of deadline (the monthly
reports of 信息报送) adds its collector with ``register_source`` in its ``AppConfig.ready``.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from bianmin.monitoring.lights import Colour, Kind, Light, deadline_colour
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.deadlines import end_of
from bianmin.workcalendar.selectors import load_calendar


@dataclass(frozen=True)
class Moment:
    """What every collector needs to know about "now", computed once per dashboard or run."""

    now: datetime
    today: date
    calendar: WorkCalendar
    next_working_day: date  # the first working day after today
    centre_ids: Collection[int] | None  # None: every centre

    @classmethod
    def at(cls, now: datetime | None = None, centre_ids: Collection[int] | None = None) -> "Moment":
        now = now or timezone.now()
        today = timezone.localdate(now)
        calendar = load_calendar()
        following = calendar.next_working_day_on_or_after(today + timedelta(days=1))
        return cls(now=now, today=today, calendar=calendar, next_working_day=following, centre_ids=centre_ids)

    def in_scope(self, qs, field: str = "centre_id"):
        return qs if self.centre_ids is None else qs.filter(**{f"{field}__in": list(self.centre_ids)})

    def local_time(self) -> time:
        return timezone.localtime(self.now).time()


Collector = Callable[[Moment], list[Light]]

_PLACEHOLDER = 987654321


def record_urls(name: str) -> Callable[[int], str]:
    """``pk → reverse(name, args=[pk])`` with one ``reverse`` per call of a collector, not per light
    (a county holds hundreds of running cases; resolving each URL cost more than reading them)."""
    pattern = reverse(name, args=[_PLACEHOLDER])
    return lambda pk: pattern.replace(str(_PLACEHOLDER), str(pk))


SOURCES: list[Collector] = []


def register_source(collector: Collector) -> Collector:
    if collector not in SOURCES:
        SOURCES.append(collector)
    return collector


def collect(moment: Moment) -> list[Light]:
    lights: list[Light] = []
    for collector in SOURCES:
        lights.extend(collector(moment))
    return lights


# --- the collectors of this release ------------------------------------------------------------


@register_source
def case_lights(moment: Moment) -> list[Light]:
    """Running cases past their due time (red) or due within MONITORING_YELLOW_DAYS working days."""
    from bianmin.cases import workflow
    from bianmin.cases.models import Case

    horizon = end_of(moment.calendar.add_working_days(moment.today, settings.MONITORING_YELLOW_DAYS).value)
    rows = moment.in_scope(Case.objects.filter(status__in=workflow.RUNNING_STATES, due_at__lte=horizon)).values_list(
        "pk", "centre_id", "receipt_number", "item_name", "due_at", "handler_id"
    )
    url = record_urls("cases:detail")
    return [
        Light(
            kind=Kind.CASE,
            colour=Colour.RED if due_at < moment.now else Colour.YELLOW,
            key=f"case:{pk}",
            centre_id=centre_id,
            title=f"{number} {item}",
            url=url(pk),
            since=due_at,
            responsible=(handler_id,) if handler_id else (),
        )
        for pk, centre_id, number, item, due_at, handler_id in rows.order_by("due_at")
    ]


@register_source
def rectification_lights(moment: Moment) -> list[Light]:
    from bianmin.supervision.models import Rectification

    rows = moment.in_scope(
        Rectification.objects.filter(status=Rectification.Status.OPEN, deadline__lte=moment.next_working_day)
    ).values_list("pk", "centre_id", "deadline")
    url = record_urls("supervision:rectification_detail")
    lights = []
    for pk, centre_id, deadline in rows.order_by("deadline"):
        colour = deadline_colour(deadline=deadline, today=moment.today, next_working_day=moment.next_working_day)
        if colour:
            lights.append(
                Light(
                    kind=Kind.RECTIFICATION,
                    colour=colour,
                    key=f"rectification:{pk}",
                    centre_id=centre_id,
                    title=f"差评整改(期限 {deadline:%Y-%m-%d})",
                    url=url(pk),
                    since=deadline,
                )
            )
    return lights


@register_source
def complaint_lights(moment: Moment) -> list[Light]:
    from bianmin.supervision.models import Complaint

    rows = moment.in_scope(
        Complaint.objects.exclude(status=Complaint.Status.CLOSED).filter(
            deadline__isnull=False, deadline__lte=moment.next_working_day
        )
    ).values_list("pk", "centre_id", "deadline", "category", "assigned_to_id")
    labels = dict(Complaint._meta.get_field("category").choices or [])
    url = record_urls("supervision:complaint_detail")
    lights = []
    for pk, centre_id, deadline, category, assignee in rows.order_by("deadline"):
        colour = deadline_colour(deadline=deadline, today=moment.today, next_working_day=moment.next_working_day)
        if colour:
            lights.append(
                Light(
                    kind=Kind.COMPLAINT,
                    colour=colour,
                    key=f"complaint:{pk}",
                    centre_id=centre_id,
                    title=f"投诉举报·{labels.get(category, category)}(期限 {deadline:%Y-%m-%d})",
                    url=url(pk),
                    since=deadline,
                    responsible=(assignee,) if assignee else (),
                )
            )
    return lights


@register_source
def inspection_lights(moment: Moment) -> list[Light]:
    """Inspections (督导、明察暗访) that set a rectification deadline and whose 整改情况 is still empty."""
    from bianmin.supervision.models import Inspection

    rows = moment.in_scope(
        Inspection.objects.valid().filter(
            rectification="", rectification_due__isnull=False, rectification_due__lte=moment.next_working_day
        )
    ).values_list("pk", "centre_id", "rectification_due", "kind")
    labels = dict(Inspection._meta.get_field("kind").choices or [])
    url = record_urls("supervision:inspection_detail")
    lights = []
    for pk, centre_id, due, kind in rows.order_by("rectification_due"):
        colour = deadline_colour(deadline=due, today=moment.today, next_working_day=moment.next_working_day)
        if colour:
            lights.append(
                Light(
                    kind=Kind.INSPECTION,
                    colour=colour,
                    key=f"inspection:{pk}",
                    centre_id=centre_id,
                    title=f"{labels.get(kind, kind)}整改(期限 {due:%Y-%m-%d})",
                    url=url(pk),
                    since=due,
                )
            )
    return lights


def log_lookback_days() -> int:
    return int(getattr(settings, "MONITORING_LOG_LOOKBACK_DAYS", 30))


def logs_kept_since(fallback: date) -> date:
    """The day the county started keeping centre logs in this system (its earliest log): days before
    it were kept on paper and are not "missing". ``fallback`` when no centre has written one yet."""
    from django.db.models import Min

    from bianmin.operations.models import CentreLog

    first = CentreLog.objects.aggregate(first=Min("day"))["first"]
    return first if first is not None and first > fallback else fallback


@register_source
def log_lights(moment: Moment) -> list[Light]:
    """Working days of the last MONITORING_LOG_LOOKBACK_DAYS days (since the county started keeping
    logs here) without a centre log are red; today's is yellow once the office has closed
    (WORKDAY_END) and it is still not written."""
    from bianmin.operations.selectors_attendance import office_hours
    from bianmin.operations.selectors_records import missing_logs

    since = logs_kept_since(moment.today - timedelta(days=log_lookback_days()))
    closed = moment.local_time() >= office_hours().end
    until = moment.today if closed else moment.today - timedelta(days=1)
    lights = []
    for centre_id, day in missing_logs(since=since, until=until, centre_ids=moment.centre_ids):
        lights.append(
            Light(
                kind=Kind.LOG,
                colour=Colour.YELLOW if day == moment.today else Colour.RED,
                key=f"log:{centre_id}:{day.isoformat()}",
                centre_id=centre_id,
                title=f"{day:%Y-%m-%d} 未填写运行日志",
                url=reverse("operations:log_list") + f"?centre={centre_id}&month={day:%Y-%m}",
                since=day,
            )
        )
    return lights


@register_source
def absence_lights(moment: Moment) -> list[Light]:
    """People expected at work today with no sign-in by the cut-off and no approved leave."""
    from bianmin.operations.selectors_attendance import absences

    return [
        Light(
            kind=Kind.ABSENCE,
            colour=Colour.RED,
            key=f"absence:{a.staff_id}:{a.day.isoformat()}",
            centre_id=a.centre_id,
            title=f"{a.staff_name} {a.day:%Y-%m-%d} 未签到、无请假",
            url=reverse("operations:attendance_list") + f"?staff={a.staff_id}&day={a.day.isoformat()}",
            since=a.day,
        )
        for a in absences(day=moment.today, now=moment.now, centre_ids=moment.centre_ids)
    ]

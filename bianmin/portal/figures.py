"""Today's figures of a centre for its hall display screen (电子显示屏, plan 四(一)2(3); 限时办结 四(一)4(3)).

Public, so counts only: no names, no case numbers. ``centre_figures`` asks the database for every
count in one aggregate query; ``summarise`` (pure) turns the counts into what the screen shows.

- 今日受理: cases accepted today (local day, Asia/Shanghai).
- 今日办结: cases completed today.
- 本月按时办结率: of the cases completed this month, the share completed by their due moment
  (``completed_at <= due_at``, as ``Case.on_time`` and the monitoring lights define it). Rounded
  down to one decimal, so a single late case never shows as 100%.
- 在办: accepted and not yet decided (办理中, 挂起, 延期审批中).
- 超期(红灯): running cases past their due moment — the red light of 电子监察 (cases/lights.py).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from bianmin.cases.models import Case
from bianmin.cases.workflow import ACCEPTED_OPEN, RUNNING


@dataclass(frozen=True)
class TodayFigures:
    day: date
    accepted_today: int
    completed_today: int
    completed_month: int
    on_time_month: int
    open_cases: int
    red_cases: int

    @property
    def on_time_rate(self) -> float | None:
        """Percent with one decimal, rounded down; None when nothing was completed this month."""
        if self.completed_month <= 0:
            return None
        return (self.on_time_month * 1000 // self.completed_month) / 10

    @property
    def on_time_rate_label(self) -> str:
        rate = self.on_time_rate
        if rate is None:
            return "—"
        return f"{rate:g}%"


def summarise(day: date, counts: Mapping[str, int | None]) -> TodayFigures:
    """The figures from the raw counts of ``centre_figures`` (missing or NULL counts are zero)."""

    def value(key: str) -> int:
        return int(counts.get(key) or 0)

    completed_month = value("completed_month")
    return TodayFigures(
        day=day,
        accepted_today=value("accepted_today"),
        completed_today=value("completed_today"),
        completed_month=completed_month,
        on_time_month=min(value("on_time_month"), completed_month),
        open_cases=value("open_cases"),
        red_cases=value("red_cases"),
    )


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def centre_figures(centre_id: int, *, now: datetime | None = None) -> TodayFigures:
    """Today's figures of one centre (only its own cases), in a single aggregate query."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    day_start, day_end = _local_midnight(today), _local_midnight(today + timedelta(days=1))
    month_start = _local_midnight(today.replace(day=1))
    accepted_today = Q(accepted_at__gte=day_start, accepted_at__lt=day_end)
    completed_today = Q(completed_at__gte=day_start, completed_at__lt=day_end)
    completed_month = Q(completed_at__gte=month_start, completed_at__lt=day_end, due_at__isnull=False)
    open_cases = Q(status__in=[str(s) for s in ACCEPTED_OPEN])
    red = Q(status__in=[str(s) for s in RUNNING], due_at__lt=now)
    counts = (
        Case.objects.filter(centre_id=centre_id)
        # Only the rows any count can use: the (centre, received_at) and (centre, status) indexes help.
        .filter(Q(accepted_at__gte=day_start) | Q(completed_at__gte=month_start) | open_cases)
        .aggregate(
            accepted_today=Count("pk", filter=accepted_today),
            completed_today=Count("pk", filter=completed_today),
            completed_month=Count("pk", filter=completed_month),
            on_time_month=Count("pk", filter=completed_month & Q(completed_at__lte=F("due_at"))),
            open_cases=Count("pk", filter=open_cases),
            red_cases=Count("pk", filter=red),
        )
    )
    return summarise(today, counts)

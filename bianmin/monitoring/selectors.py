"""Reads of the electronic monitoring dashboard (issue #7 point 3): the county version (county admin
and inspectors: every centre) and the centre version (the centre's director-role staff).

The lights are computed from the records at the moment of reading (``sources.collect``), so the
dashboard is never staler than the records; the trends count, per month, the things that went red
(cases completed late or still overdue, rectifications and complaints past their deadline, working
days without a log, absences recorded by the ``monitor`` runs).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.utils import timezone

from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.monitoring.lights import MEANING, Kind, Light, Tally, tally
from bianmin.monitoring.models import Alert, MonitorRun
from bianmin.monitoring.sources import Moment, collect, logs_kept_since
from bianmin.org.models import Centre
from bianmin.org.selectors import require_staff, scope_for

TREND_MONTHS = 12


def monitoring_scope(user) -> Scope:
    require_staff(user)
    scope = scope_for(user)
    if scope.is_countywide or (scope.is_centre and scope.role == Role.CENTRE_DIRECTOR):
        return scope
    raise PermissionDenied("电子监察由县行政服务中心管委会、督查人员和中心主任查看。")


def centres_in(scope: Scope) -> list[Centre]:
    qs = Centre.objects.filter(is_active=True).select_related("township").order_by("township__code")
    if not scope.is_countywide:
        qs = qs.filter(pk=scope.centre_id)
    return list(qs)


@dataclass
class BoardRow:
    centre: Centre
    cells: list[tuple[str, Tally]]  # (kind, counts) in Kind order
    red: int
    yellow: int


def board(centres: list[Centre], lights: list[Light]) -> dict:
    counts = tally(lights)
    empty = Tally()
    rows = []
    for centre in centres:
        cells = [(kind, counts.get((centre.pk, kind), empty)) for kind in Kind.values]
        rows.append(BoardRow(centre, cells, sum(t.red for _, t in cells), sum(t.yellow for _, t in cells)))
    rows.sort(key=lambda r: (-r.red, -r.yellow, r.centre.township.code))
    totals = [
        (kind, label, Tally(sum(dict(r.cells)[kind].red for r in rows), sum(dict(r.cells)[kind].yellow for r in rows)))
        for kind, label in Kind.choices
    ]
    return {
        "rows": rows,
        "totals": totals,
        "red": sum(r.red for r in rows),
        "yellow": sum(r.yellow for r in rows),
        "meaning": [(label, *MEANING[kind]) for kind, label in Kind.choices],
    }


def current_lights(scope: Scope, now: datetime | None = None, centre_ids: list[int] | None = None) -> list[Light]:
    if not scope.is_countywide:
        centre_ids = [scope.centre_id] if scope.centre_id else []
    return collect(Moment.at(now, centre_ids=centre_ids))


def last_run() -> MonitorRun | None:
    return MonitorRun.objects.filter(finished_at__isnull=False).first()


# --- trends ------------------------------------------------------------------------------------


def months_back(today: date, count: int = TREND_MONTHS) -> list[date]:
    """The first days of the last ``count`` months, oldest first, ending with this month."""
    firsts = [today.replace(day=1)]
    while len(firsts) < count:
        firsts.append((firsts[-1] - timedelta(days=1)).replace(day=1))
    return firsts[::-1]


def _month(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return f"{value:%Y-%m}"


def trends(centres: list[Centre], now: datetime | None = None) -> dict:
    """Per month (last 12) and kind, and per centre and month, how many things went red (an
    inspection's rectification counts when it was written after its deadline or not at all)."""
    from bianmin.cases.models import WENT_RED, Case
    from bianmin.cases.months import Month
    from bianmin.hallqueue.selectors_figures import long_wait_days
    from bianmin.operations.selectors_records import missing_logs
    from bianmin.reports.lights import red_by_month
    from bianmin.supervision.models import Complaint, Inspection, Rectification

    now = now or timezone.now()
    today = timezone.localdate(now)
    months = [f"{m:%Y-%m}" for m in months_back(today)]
    start = months_back(today)[0]
    ids = [c.pk for c in centres]
    events: Counter[tuple[str, str, int]] = Counter()  # (month, kind, centre id)

    # Cases: counted by the database, per centre and month of the due moment (one grouped query
    # through the partial index of the cases that went red; a county holds years of them).
    tz = timezone.get_current_timezone()
    bounds = [Month(first.year, first.month).bounds(tz) for first in months_back(today)]
    # COUNT(due_at), not COUNT(id): the partial index holds (centre, due_at), so it answers alone.
    per_month = {f"m{n}": Count("due_at", filter=Q(due_at__gte=s, due_at__lt=e)) for n, (s, e) in enumerate(bounds)}
    late = Case.objects.filter(WENT_RED, centre_id__in=ids, due_at__gte=bounds[0][0], due_at__lt=now)
    for row in late.order_by().values("centre_id").annotate(**per_month):
        for n, month in enumerate(months):
            if row[f"m{n}"]:
                events[(month, Kind.CASE, row["centre_id"])] += row[f"m{n}"]
    for model, kind, closed in (
        (Rectification, Kind.RECTIFICATION, "closed_at"),
        (Complaint, Kind.COMPLAINT, "closed_at"),
    ):
        # Only those that went red (still open, or closed after the deadline day) leave the database.
        late = Q(**{f"{closed}__isnull": True}) | Q(**{f"{closed}__date__gt": F("deadline")})
        for centre_id, deadline in (
            model.objects.filter(late, centre_id__in=ids, deadline__gte=start, deadline__lt=today)
            .order_by()
            .values_list("centre_id", "deadline")
        ):
            events[(_month(deadline), kind, centre_id)] += 1
    for centre_id, due, rectified_at in (
        Inspection.objects.valid()
        .filter(centre_id__in=ids, rectification_due__gte=start, rectification_due__lt=today)
        .values_list("centre_id", "rectification_due", "rectified_at")
    ):
        if rectified_at is None or timezone.localdate(rectified_at) > due:
            events[(_month(due), Kind.INSPECTION, centre_id)] += 1
    for centre_id, day in missing_logs(since=logs_kept_since(start), until=today - timedelta(days=1), centre_ids=ids):
        events[(_month(day), Kind.LOG, centre_id)] += 1
    for centre_id, deadline in red_by_month(ids, since=start, today=today):
        events[(_month(deadline), Kind.REPORT, centre_id)] += 1
    for centre_id, red_since in Alert.objects.filter(
        kind=Kind.ABSENCE, centre_id__in=ids, red_since__date__gte=start
    ).values_list("centre_id", "red_since"):
        events[(_month(red_since), Kind.ABSENCE, centre_id)] += 1
    for centre_id, day in long_wait_days(ids, since=start, until=today):
        events[(_month(day), Kind.QUEUE, centre_id)] += 1

    by_kind: dict[str, list[int]] = {}
    for kind, label in Kind.choices:
        by_kind[label] = [sum(n for (m, k, _), n in events.items() if m == month and k == kind) for month in months]
    per_centre: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for (month, _kind, centre_id), n in events.items():
        per_centre[centre_id][month] += n
    heat = [
        [months.index(month), row, n]
        for row, centre in enumerate(centres)
        for month, n in per_centre[centre.pk].items()
        if month in months
    ]
    return {
        "months": months,
        "by_kind": by_kind,
        "centres": [c.township.name for c in centres],
        "heat": heat,
        "max": max((n for _, _, n in heat), default=0),
    }


def home_summary(user) -> dict:
    """The strip on the home dashboards of the county roles and the directors: red and yellow totals
    per kind, linking to the dashboard. Empty for everyone else."""
    try:
        scope = monitoring_scope(user)
    except PermissionDenied:
        return {}
    counts = board(centres_in(scope), current_lights(scope))
    return {"red": counts["red"], "yellow": counts["yellow"], "kinds": [t for t in counts["totals"] if t[2].total]}

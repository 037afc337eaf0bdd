"""Compiling a month's figures from the records: aggregate queries only, no per-case Python loops
(issue #8 point 4). Not scoped: callers (``selectors``, ``services``, the lights, the bench) decide
whose centre it is.

The case figures are the 统计簿's: the cases *received* in the month, counted with the ledger's own
expressions (``bianmin.cases.ledgers``), as they stand at the moment of compiling — so a report
compiled at the same moment as the ledger shows the same numbers (a test cross-checks them). The
report adds what the ledger does not show: still open at the end of the month, suspended, extended,
by business line and by handling type, and the month's consultations, agency-point work, ratings and
rectifications, complaints, and attendance.

One centre-month costs a fixed number of queries (about 19, two of them the hall queue's) whatever
the number of cases; the county table costs one grouped query per table for all centres together.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from bianmin.adoption import history
from bianmin.cases import ledgers
from bianmin.cases.ledgers import Counts, Month, counts_from
from bianmin.cases.models import Case, CaseEvent, Channel, Consultation, PointRecord, Suspension
from bianmin.cases.workflow import Status
from bianmin.reports import figures as fig
from bianmin.reports.figures import KeyFigures
from bianmin.reports.rules import CHINA, month_start

HANDLING_LABELS = {"immediate": "即办件", "promised": "承诺件"}
# Closed before a decision: no completion time on the case, the moment is the event's.
CLOSED_UNDECIDED = (Status.NOT_ACCEPTED.value, Status.WITHDRAWN.value)


def bounds(month: Month) -> tuple[datetime, datetime]:
    return month.bounds(CHINA)


def month_cases(month: Month, centre_ids: list[int] | None = None) -> QuerySet[Case]:
    """The cases received in ``month`` (the ledger's register), for some or all centres.

    Naming the centres lets SQLite walk the (centre, received_at) index once per centre instead of
    reading the whole table: the county summary always passes them.
    """
    start, end = bounds(month)
    qs = Case.objects.filter(received_at__gte=start, received_at__lt=end)
    return qs if centre_ids is None else qs.filter(centre_id__in=centre_ids)


def extra_expressions(end: datetime) -> dict[str, Count]:
    """The report's additions, as aggregate expressions over the month's cases."""
    closed_before_end = Exists(
        CaseEvent.objects.filter(case=OuterRef("pk"), to_status__in=CLOSED_UNDECIDED, at__lt=end)
    )
    not_completed = Q(completed_at__isnull=True) | Q(completed_at__gte=end)
    closed_undecided = Q(status__in=CLOSED_UNDECIDED) & Q(closed_before_end)
    return {
        "open_at_month_end": Count("pk", filter=not_completed & ~closed_undecided),
        "suspended": Count("pk", filter=Q(Exists(Suspension.objects.filter(case=OuterRef("pk"))))),
        "extended": Count("pk", filter=Q(extended_days__gt=0)),
        "at_points": Count("pk", filter=Q(agency_point__isnull=False)),
    }


def case_expressions(month: Month, now: datetime) -> dict[str, Count]:
    """The 统计簿's counts (``ledgers``' own expressions) plus the report's additions."""
    return {**ledgers.count_expressions(now), **extra_expressions(bounds(month)[1])}


def _extras(row) -> fig.CaseExtras:
    return fig.CaseExtras(**{name: int(row.get(name) or 0) for name in fig.CaseExtras.__dataclass_fields__})


def case_totals(qs: QuerySet[Case], *, month: Month, now: datetime) -> tuple[Counts, fig.CaseExtras]:
    """Totals of the month's cases: one aggregate query."""
    row = qs.order_by().aggregate(**case_expressions(month, now))
    return counts_from(row), _extras(row)


def _rows(rows, *, key: str, label, order=None) -> list[fig.Row]:
    return [
        fig.Row(str(g.key) if g.key is not None else "", g.label, g.counts)
        for g in ledgers.group_rows(rows, key=key, label=label, order=order)
    ]


def _case_groups(qs: QuerySet[Case], now: datetime) -> dict[str, list]:
    grouped = ledgers.grouped
    return {
        "by_handling": _rows(
            grouped(qs, "handling_type", now=now),
            key="handling_type",
            label=lambda r: HANDLING_LABELS.get(r["handling_type"], r["handling_type"] or "—"),
            order=list(HANDLING_LABELS),
        ),
        "by_line": _rows(
            grouped(qs, "item__business_line_id", now=now, name=Max("item__business_line__name")),
            key="item__business_line_id",
            label=lambda r: r.get("name") or "未分类",
        ),
        "by_channel": _rows(
            grouped(qs, "channel", now=now),
            key="channel",
            label=lambda r: ledgers.channel_label(r["channel"]),
            order=Channel.values,
        ),
        "by_item": _rows(
            grouped(qs, "item_id", "item__code", now=now, name=Max("item_name")),
            key="item_id",
            label=lambda r: f"{r['name']}({r['item__code']})",
        ),
        "by_window": _rows(
            grouped(qs, "window_id", "window__number", "window__name", "centre__name", now=now),
            key="window_id",
            label=ledgers.window_label(with_centre=False),
        ),
        "by_status": [
            fig.StatusCount(s.status, s.label, s.count)
            for s in ledgers.status_rows(qs.order_by().values("status").annotate(count=Count("pk")))
        ],
    }


# --- the other records of the month ------------------------------------------------------------


def _clock(value: str) -> time:
    hours, _, minutes = value.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def _points(centre_id: int, month: Month) -> list[fig.PointRow]:
    from bianmin.org.models import AgencyPoint

    start, end = bounds(month)
    first, following = month_start(month), month_start(month.next())
    in_month = {"centre_id": centre_id, "agency_point__isnull": False}
    cases = dict(
        Case.objects.filter(received_at__gte=start, received_at__lt=end, **in_month)
        .order_by()
        .values("agency_point_id")
        .annotate(n=Count("pk"))
        .values_list("agency_point_id", "n")
    )
    asked = dict(
        Consultation.objects.filter(asked_at__gte=start, asked_at__lt=end, **in_month)
        .order_by()
        .values("agency_point_id")
        .annotate(n=Count("pk"))
        .values_list("agency_point_id", "n")
    )
    records: dict[int, dict[str, int]] = defaultdict(dict)
    for point_id, kind, n in (
        PointRecord.objects.filter(agency_point__centre_id=centre_id, happened_on__gte=first, happened_on__lt=following)
        .order_by()
        .values("agency_point_id", "kind")
        .annotate(n=Count("pk"))
        .values_list("agency_point_id", "kind", "n")
    ):
        records[point_id][kind] = n
    active = set(cases) | set(asked) | set(records)
    points = AgencyPoint.objects.filter(Q(centre_id=centre_id) & (Q(is_active=True) | Q(pk__in=active)))
    return [
        fig.PointRow(
            str(pk),
            name,
            cases.get(pk, 0),
            asked.get(pk, 0),
            records[pk].get(PointRecord.Kind.HELP, 0),
            records[pk].get(PointRecord.Kind.MEDIATION, 0),
        )
        for pk, name in points.order_by("village__code", "pk").values_list("pk", "name")
    ]


def _consultations(centre_id: int, month: Month) -> fig.Consultations:
    start, end = bounds(month)
    row = Consultation.objects.filter(centre_id=centre_id, asked_at__gte=start, asked_at__lt=end).aggregate(
        total=Count("pk"),
        at_points=Count("pk", filter=Q(agency_point__isnull=False)),
        closed=Count("pk", filter=Q(state=Consultation.State.CLOSED)),
    )
    return fig.Consultations(**row)


def _ratings(centre_id: int, month: Month) -> fig.Ratings:
    from bianmin.supervision.models import Rating

    start, end = bounds(month)
    rows = (
        Rating.objects.filter(centre_id=centre_id, rated_at__gte=start, rated_at__lt=end)
        .order_by()
        .values("overall")
        .annotate(n=Count("pk"))
        .values_list("overall", "n")
    )
    return fig.Ratings({int(level): n for level, n in rows})


def _rectifications(centre_id: int, month: Month, today: date) -> fig.Rectifications:
    from bianmin.supervision.models import Rectification

    start, end = bounds(month)
    closed = Q(status=Rectification.Status.CLOSED)
    row = Rectification.objects.filter(centre_id=centre_id, opened_at__gte=start, opened_at__lt=end).aggregate(
        opened=Count("pk"),
        closed=Count("pk", filter=closed),
        closed_late=Count("pk", filter=closed & Q(closed_at__date__gt=F("deadline"))),
        open=Count("pk", filter=~closed),
        overdue=Count("pk", filter=~closed & Q(deadline__lt=today)),
    )
    return fig.Rectifications(**row)


def _complaints(centre_id: int, month: Month) -> fig.Complaints:
    from bianmin.supervision.models import Complaint, Verdict

    start, end = bounds(month)
    row = Complaint.objects.filter(centre_id=centre_id, submitted_at__gte=start, submitted_at__lt=end).aggregate(
        received=Count("pk"),
        closed=Count("pk", filter=Q(status=Complaint.Status.CLOSED)),
        substantiated=Count("pk", filter=Q(verdict=Verdict.SUBSTANTIATED)),
        unsubstantiated=Count("pk", filter=Q(verdict=Verdict.UNSUBSTANTIATED)),
        undecided=Count("pk", filter=Q(verdict="")),
    )
    return fig.Complaints(**row)


def _attendance(centre_id: int, month: Month, today: date) -> fig.Attendance:
    """考勤 (the rules of ``operations.rules``: late after the start minute, early before the end)."""
    from bianmin.monitoring.lights import Kind
    from bianmin.monitoring.models import Alert
    from bianmin.operations.models import Attendance, AttendanceSource, Leave, LeaveKind, LeaveStatus

    first, following = month_start(month), month_start(month.next())
    start_clock = _clock(settings.WORKDAY_START)
    # 08:30:59 is on time, 08:31:00 late (operations.rules.is_late compares minutes).
    late_from = (datetime.combine(first, start_clock) + timedelta(minutes=1)).time()
    signed = Q(signed_in_at__isnull=False)
    row = Attendance.objects.filter(centre_id=centre_id, day__gte=first, day__lt=following).aggregate(
        people=Count("staff", distinct=True),
        person_days=Count("pk", filter=signed),
        late=Count("pk", filter=signed & Q(signed_in_at__time__gte=late_from)),
        left_early=Count("pk", filter=Q(signed_out_at__time__lt=_clock(settings.WORKDAY_END))),
        no_sign_out=Count("pk", filter=signed & Q(signed_out_at__isnull=True, day__lt=today)),
        entered=Count("pk", filter=Q(source=AttendanceSource.ENTERED)),
    )
    start, end = bounds(month)
    kinds = dict(LeaveKind.choices)
    leaves = [
        (kinds.get(kind, kind), n)
        for kind, n in Leave.objects.filter(
            centre_id=centre_id,
            starts_at__gte=start,
            starts_at__lt=end,
            status__in=[LeaveStatus.APPROVED, LeaveStatus.RETURNED],
        )
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
        .values_list("kind", "n")
    ]
    absences = Alert.objects.filter(
        kind=Kind.ABSENCE, centre_id=centre_id, red_since__gte=start, red_since__lt=end
    ).count()
    return fig.Attendance(**row, absences=absences, leaves=sum(n for _, n in leaves), leave_by_kind=leaves)


def _queue(centre_id: int, month: Month):
    """排队叫号与预约: the month's tickets and appointments (bianmin/hallqueue, seven queries)."""
    from bianmin.hallqueue.selectors_figures import period_figures

    return period_figures(centre_id, month_start(month), month_start(month.next()) - timedelta(days=1))


def compile_figures(centre, month: Month, *, now: datetime | None = None) -> fig.Figures:
    """Every figure of ``centre``'s report for ``month``, as the records stand at ``now``."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    qs = month_cases(month).filter(centre_id=centre.pk)
    totals, extras = case_totals(qs, month=month, now=now)
    return fig.Figures(
        month=month.param,
        centre_id=centre.pk,
        # The name the centre had that month (a township renamed later keeps its old name here).
        centre_name=history.centre_name_on(centre, history.last_day(month)),
        compiled_at=now,
        totals=totals,
        extras=extras,
        **_case_groups(qs, now),
        consultations=_consultations(centre.pk, month),
        points=_points(centre.pk, month),
        ratings=_ratings(centre.pk, month),
        rectifications=_rectifications(centre.pk, month, today),
        complaints=_complaints(centre.pk, month),
        attendance=_attendance(centre.pk, month, today),
        queue=_queue(centre.pk, month),
    )


# --- the county: every centre at once ------------------------------------------------------------


KEY_CASE_FIELDS = ("received", "accepted", "completed", "on_time", "late", "overdue_open")


def county_case_rows(month: Month, centre_ids: list[int], *, now: datetime) -> dict[int, dict[str, int]]:
    """The month's case totals per centre: one grouped aggregate query (the bench's county summary)."""
    expressions = {name: e for name, e in ledgers.count_expressions(now).items() if name in KEY_CASE_FIELDS}
    end = bounds(month)[1]
    expressions["open_at_month_end"] = extra_expressions(end)["open_at_month_end"]
    rows = month_cases(month, centre_ids).order_by().values("centre_id").annotate(**expressions)
    return {row.pop("centre_id"): row for row in rows}


def _per_centre(qs: QuerySet, **aggregates) -> dict[int, dict[str, int]]:
    return {row.pop("centre_id"): row for row in qs.order_by().values("centre_id").annotate(**aggregates)}


def county_key_figures(month: Month, centre_ids: list[int], *, now: datetime) -> dict[int, KeyFigures]:
    """Each centre's line of the county table, live: four grouped queries for all centres."""
    from bianmin.supervision.models import Complaint, Rating, Verdict

    start, end = bounds(month)
    cases = county_case_rows(month, centre_ids, now=now)
    asked = _per_centre(
        Consultation.objects.filter(centre_id__in=centre_ids, asked_at__gte=start, asked_at__lt=end), n=Count("pk")
    )
    ratings = _per_centre(
        Rating.objects.filter(centre_id__in=centre_ids, rated_at__gte=start, rated_at__lt=end),
        n=Count("pk"),
        bad=Count("pk", filter=Q(overall__lte=2)),
    )
    complaints = _per_centre(
        Complaint.objects.filter(centre_id__in=centre_ids, submitted_at__gte=start, submitted_at__lt=end),
        n=Count("pk"),
        substantiated=Count("pk", filter=Q(verdict=Verdict.SUBSTANTIATED)),
    )
    result = {}
    for pk in centre_ids:
        c = cases.get(pk, {})
        result[pk] = KeyFigures(
            **{name: int(c.get(name) or 0) for name in (*KEY_CASE_FIELDS, "open_at_month_end")},
            consultations=asked.get(pk, {}).get("n", 0),
            ratings=ratings.get(pk, {}).get("n", 0),
            bad_ratings=ratings.get(pk, {}).get("bad", 0),
            complaints=complaints.get(pk, {}).get("n", 0),
            substantiated=complaints.get(pk, {}).get("substantiated", 0),
        )
    return result


@dataclass(frozen=True)
class Span:
    received: int = 0
    completed: int = 0
    on_time: int = 0
    late: int = 0

    @property
    def on_time_percent(self) -> str:
        return ledgers.percent(ledgers.on_time_rate(self.on_time, self.completed))


def _span_expressions() -> dict[str, Count]:
    # COUNT(received_at), never NULL, rather than COUNT(id): every column read is in the index
    # ``case_centre_received`` (centre, received_at, completed_at, due_at), which then answers alone.
    return {
        "received": Count("received_at"),
        "completed": Count("received_at", filter=Q(completed_at__isnull=False)),
        "on_time": Count("received_at", filter=Q(completed_at__isnull=False, completed_at__lte=F("due_at"))),
        "late": Count("received_at", filter=Q(completed_at__isnull=False, completed_at__gt=F("due_at"))),
    }


def add_spans(spans) -> Span:
    spans = list(spans)
    return Span(*(sum(getattr(s, name) for s in spans) for name in ("received", "completed", "on_time", "late")))


def last_twelve(month: Month) -> list[Month]:
    """The 12 months ending with ``month``, oldest first."""
    months = [month]
    while len(months) < 12:
        months.append(months[-1].previous())
    return months[::-1]


def centre_spans(months: list[Month], centre_ids: list[int]) -> dict[str, dict[int, Span]]:
    """Month (``YYYY-MM``) → centre → its cases received that month, with completions: one grouped
    query per month, each read from the index alone (see ``_span_expressions``)."""
    out: dict[str, dict[int, Span]] = {}
    for m in months:
        rows = _received_in(m, centre_ids).values("centre_id").annotate(**_span_expressions())
        out[m.param] = {row.pop("centre_id"): Span(**row) for row in rows}
    return out


def year_to_date(
    month: Month, centre_ids: list[int], spans: dict[str, dict[int, Span]] | None = None
) -> dict[int, Span]:
    """January … ``month`` of its year, per centre: summed from ``spans`` (``centre_spans`` of at
    least those months) when given, else one grouped query (cases received in the span)."""
    if spans is not None:
        months = [Month(month.year, n).param for n in range(1, month.month + 1)]
        return {pk: add_spans(spans[m].get(pk, Span()) for m in months) for pk in centre_ids}
    start = bounds(Month(month.year, 1))[0]
    end = bounds(month)[1]
    rows = (
        Case.objects.filter(centre_id__in=centre_ids, received_at__gte=start, received_at__lt=end)
        .order_by()
        .values("centre_id")
        .annotate(**_span_expressions())
    )
    return {row.pop("centre_id"): Span(**row) for row in rows}


def _received_in(month: Month, centre_ids: list[int]) -> QuerySet[Case]:
    start, end = bounds(month)
    return Case.objects.filter(centre_id__in=centre_ids, received_at__gte=start, received_at__lt=end).order_by()


def monthly_trend(months: list[Month], centre_ids: list[int]) -> dict[str, Span]:
    """Month (``YYYY-MM``) → the county's cases received that month, with completions.

    One aggregate query per month, each an index range per centre. Not one query grouped by
    ``TruncMonth``: on SQLite a time-zone truncation is a Python function called for every row
    (seconds for a county's year of cases), and a CASE over the months' bounds costs the engine a
    comparison per month and row — both measured slower on the benchmark county (docs/performance.md).
    """
    return {m.param: Span(**_received_in(m, centre_ids).aggregate(**_span_expressions())) for m in months}


def monthly_received(months: list[Month], centre_ids: list[int]) -> dict[str, int]:
    """Month → cases received: one query per month that reads the (centre, received_at) index only."""
    return {m.param: _received_in(m, centre_ids).aggregate(n=Count("received_at"))["n"] for m in months}


def months_from(first: Month, last: Month):
    month = first
    while month <= last:
        yield month
        month = month.next()

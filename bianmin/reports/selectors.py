"""Scoped reads of the monthly reports (DESIGN §1).

Who: the centre's director-role staff (中心主任/专职副主任) compile, review and submit their own
centre's report; the centre's clerks read it; the county admin and the inspectors read every centre
and the county table; agency point staff have no business here (403); another centre's report does
not exist for a centre role (404).

Which months count: a centre reports every month from the month the system went live for it — the
month of its first case, or REPORTS_FIRST_MONTH ("2026-01") for every active centre when the county
sets it — up to last month.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from bianmin.adoption import history
from bianmin.cases.ledgers import Month
from bianmin.cases.models import Case
from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.org.models import Centre
from bianmin.org.selectors import require_staff, scope_for
from bianmin.reports import compile as compiler
from bianmin.reports import figures as fig
from bianmin.reports import rules
from bianmin.reports.models import MonthlyReport, MonthlyReportVersion, ReportStatus
from bianmin.workcalendar.selectors import load_calendar

NO_AGENTS = "信息报送由中心工作人员和县行政服务中心管委会查看。"
COUNTY_ONLY = "全县汇总由县行政服务中心管委会和督查人员查看。"
DIRECTOR_ONLY = "月报由本中心主任(专职副主任)审核报送。"


# --- settings ------------------------------------------------------------------------------------


def due_day() -> int:
    return int(getattr(settings, "REPORT_DUE_DAY", rules.DEFAULT_DUE_DAY))


def yellow_days() -> int:
    return int(getattr(settings, "REPORT_YELLOW_DAYS", rules.DEFAULT_YELLOW_DAYS))


def first_month_setting() -> Month | None:
    value = getattr(settings, "REPORTS_FIRST_MONTH", "") or ""
    return Month.parse(value) if value else None


def deadline_of(month: Month, calendar=None) -> date:
    """The month's deadline under the county's settings (calendar loaded only when it can move)."""
    if getattr(settings, "REPORT_DUE_MOVES_TO_WORKING_DAY", False):
        return rules.due_date(month, due_day=due_day(), calendar=calendar or load_calendar())
    return rules.due_date(month, due_day=due_day())


class Deadlines:
    """Deadlines of many months with one calendar load (only if the county moves them)."""

    def __init__(self) -> None:
        self._moves = bool(getattr(settings, "REPORT_DUE_MOVES_TO_WORKING_DAY", False))
        self._calendar = load_calendar() if self._moves else None
        self._day = due_day()
        self._cache: dict[Month, date] = {}

    def __call__(self, month: Month) -> date:
        if month not in self._cache:
            self._cache[month] = rules.due_date(month, due_day=self._day, calendar=self._calendar)
        return self._cache[month]


# --- scope ---------------------------------------------------------------------------------------


def reports_scope(user) -> Scope:
    require_staff(user)
    scope = scope_for(user)
    if scope.is_agency_point:
        raise PermissionDenied(NO_AGENTS)
    return scope


def is_director_of(scope: Scope, centre_id: int) -> bool:
    return scope.role == Role.CENTRE_DIRECTOR and scope.centre_id == centre_id


def require_countywide(scope: Scope) -> None:
    if not scope.is_countywide:
        raise PermissionDenied(COUNTY_ONLY)


def centres_in(scope: Scope, month: Month | None = None) -> list[Centre]:
    """Active centres; for a past ``month`` also those merged or retired after it, each under the
    name it had that month (redistricting, bianmin/adoption/history.py)."""
    qs = Centre.objects.select_related("township").order_by("township__code")
    if month is None:
        qs = qs.filter(is_active=True)
    else:
        ended = history.ended_after(history.first_day(month))
        qs = qs.filter(Q(is_active=True) | Q(township_id__in=list(ended)))
    centres = list(qs if scope.is_countywide else qs.filter(pk=scope.centre_id))
    if month is not None:
        names = history.centre_names_on(centres, history.last_day(month))
        for centre in centres:
            centre.name = names[centre.pk]  # shown only, never saved
    return centres


def get_centre(user, centre_id: int) -> Centre:
    """The centre whose reports are asked for: 404 outside the user's scope."""
    scope = reports_scope(user)
    if not scope.is_countywide and scope.centre_id != centre_id:
        raise Http404("不存在或无权查看")
    centre = Centre.objects.select_related("township").filter(pk=centre_id).first()
    if centre is None:
        raise Http404("不存在或无权查看")
    return centre


def parse_month(text: str, today: date) -> Month:
    """A month from the address; 404 for a malformed or future month."""
    try:
        month = Month.parse(text)
    except ValueError:
        raise Http404("月份格式不正确") from None
    if month > Month.of(today):
        raise Http404("还没有到这个月")
    return month


# --- months of a centre --------------------------------------------------------------------------


def first_months(centre_ids: Iterable[int]) -> dict[int, Month]:
    """centre id → its first reporting month (centres with no case and no setting have none).

    One query: the earliest case of each centre through the (centre, received_at) index.
    """
    ids = list(centre_ids)
    configured = first_month_setting()
    if configured is not None:
        return dict.fromkeys(ids, configured)
    earliest = Case.objects.filter(centre_id=OuterRef("pk")).order_by("received_at").values("received_at")[:1]
    rows = Centre.objects.filter(pk__in=ids).annotate(first=Subquery(earliest)).values_list("pk", "first")
    return {pk: Month.of(timezone.localdate(first)) for pk, first in rows if first is not None}


@dataclass(frozen=True)
class MonthLine:
    """One month of one centre in a list: its deadline, its report (if any) and where it stands."""

    centre_id: int
    month: Month
    deadline: date
    report: MonthlyReport | None
    standing: rules.Standing

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("reports:detail", args=[self.centre_id, self.month.param])

    @property
    def is_draft(self) -> bool:
        return self.report is not None and not self.report.is_submitted and bool(self.report.summary)


def line_for(
    centre_id: int, month: Month, report: MonthlyReport | None, *, today: date, deadline: date, required: bool = True
) -> MonthLine:
    on_time = report.on_time if report is not None and report.is_submitted else None
    if not required and on_time is None:
        return MonthLine(centre_id, month, deadline, report, rules.NOT_REQUIRED)
    standing = rules.standing(month=month, today=today, deadline=deadline, on_time=on_time)
    return MonthLine(centre_id, month, deadline, report, standing)


def centre_year(centre: Centre, year: int, *, today: date) -> list[MonthLine]:
    """The months of ``year`` a centre reports (newest first, up to this month): two queries."""
    first = first_months([centre.pk]).get(centre.pk)
    current = Month.of(today)
    last = min(Month(year, 12), current)
    if first is None or last < first or year < first.year:
        return []
    start = max(first, Month(year, 1))
    reports = {
        r.period: r
        for r in MonthlyReport.objects.filter(
            centre=centre, month__gte=rules.month_start(start), month__lte=rules.month_start(last)
        ).select_related("submitted_by")
    }
    deadline = Deadlines()
    months = list(rules.months_between(start, last))
    return [line_for(centre.pk, m, reports.get(m), today=today, deadline=deadline(m)) for m in reversed(months)]


def reporting_years(centre: Centre, today: date) -> list[int]:
    first = first_months([centre.pk]).get(centre.pk)
    if first is None:
        return [today.year]
    return list(range(today.year, first.year - 1, -1))


# --- one report ----------------------------------------------------------------------------------


def report_of(centre: Centre, month: Month) -> MonthlyReport | None:
    return (
        MonthlyReport.objects.filter(centre=centre, month=rules.month_start(month))
        .select_related("submitted_by", "draft_saved_by")
        .first()
    )


def versions_of(report: MonthlyReport | None) -> list[MonthlyReportVersion]:
    if report is None:
        return []
    return list(report.versions.select_related("submitted_by").order_by("number"))


def shown_version(versions: list[MonthlyReportVersion], number: str | None) -> MonthlyReportVersion | None:
    """The version asked for (``?version=2``), else the latest; 404 for a number that does not exist."""
    if not versions:
        if number:
            raise Http404("没有这个版本")
        return None
    if not number:
        return versions[-1]
    found = next((v for v in versions if str(v.number) == number), None)
    if found is None:
        raise Http404("没有这个版本")
    return found


def figures_for(centre: Centre, month: Month, version: MonthlyReportVersion | None, now: datetime) -> fig.Figures:
    """The frozen figures of a submitted version, or the live ones compiled now."""
    if version is not None:
        return fig.from_json(version.figures)
    return compiler.compile_figures(centre, month, now=now)


# --- the county ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyLine:
    centre: Centre
    line: MonthLine
    figures: fig.KeyFigures
    frozen: bool  # the figures are those submitted (else live from the records)
    ytd: compiler.Span
    year_on_time: int  # months of the year reported on time (附件 材料上报, 0.5 points each)
    year_late: int
    year_missing: int

    @property
    def year_points(self) -> float:
        return rules.assessment_points(self.year_on_time)


def _latest_versions(month: Month, centre_ids: list[int]) -> dict[int, fig.KeyFigures]:
    """Submitted figures of the month per centre (latest version): one query."""
    latest = MonthlyReportVersion.objects.filter(report=OuterRef("report")).order_by("-number").values("number")[:1]
    rows = MonthlyReportVersion.objects.filter(
        report__month=rules.month_start(month),
        report__centre_id__in=centre_ids,
        report__status=ReportStatus.SUBMITTED,
        number=Subquery(latest),
    ).values_list("report__centre_id", "figures")
    return {centre_id: fig.key_figures(fig.from_json(data)) for centre_id, data in rows}


def county_month(centres: list[Centre], month: Month, *, now: datetime) -> dict:
    """The county table of ``month``: status, key figures (as submitted, or live when not), year to
    date, and the year's reporting record per centre; with totals. A fixed number of queries."""
    today = timezone.localdate(now)
    ids = [c.pk for c in centres]
    firsts = first_months(ids)
    deadline = Deadlines()
    year_start = rules.month_start(Month(month.year, 1))
    reports: dict[tuple[int, Month], MonthlyReport] = {
        (r.centre_id, r.period): r
        for r in MonthlyReport.objects.filter(centre_id__in=ids, month__gte=year_start).select_related("submitted_by")
    }
    live = compiler.county_key_figures(month, ids, now=now)
    submitted = _latest_versions(month, ids)
    # The last 12 months per centre, once: the year to date is their sum and the charts draw them.
    spans = compiler.centre_spans(compiler.last_twelve(month), ids)
    ytd = compiler.year_to_date(month, ids, spans=spans)
    lines = []
    for centre in centres:
        first = firsts.get(centre.pk)
        required = first is not None and first <= month
        line = line_for(
            centre.pk, month, reports.get((centre.pk, month)), today=today, deadline=deadline(month), required=required
        )
        counts = {"on_time": 0, "late": 0, "missing": 0}
        if first is not None:
            for m in rules.months_between(max(first, Month(month.year, 1)), month):
                standing = line_for(centre.pk, m, reports.get((centre.pk, m)), today=today, deadline=deadline(m))
                if standing.standing.key in counts:
                    counts[standing.standing.key] += 1
        lines.append(
            CountyLine(
                centre=centre,
                line=line,
                figures=submitted.get(centre.pk) or live[centre.pk],
                frozen=centre.pk in submitted,
                ytd=ytd.get(centre.pk, compiler.Span()),
                year_on_time=counts["on_time"],
                year_late=counts["late"],
                year_missing=counts["missing"],
            )
        )
    totals = sum((line.figures for line in lines), fig.KeyFigures())
    ytd_totals = compiler.Span(
        *(sum(getattr(line.ytd, name) for line in lines) for name in ("received", "completed", "on_time", "late"))
    )
    standings = [line.line.standing.key for line in lines]
    return {
        "lines": lines,
        "totals": totals,
        "ytd_totals": ytd_totals,
        "deadline": deadline(month),
        "counts": {key: standings.count(key) for key in ("on_time", "late", "missing", "due", "open", "not_required")},
        "spans": spans,
    }


def chart_data(
    centres: list[Centre],
    month: Month,
    lines: list[CountyLine],
    spans: dict[str, dict[int, compiler.Span]] | None = None,
) -> dict:
    """What the county page's charts draw: the last 12 months (month on month: received, completed,
    on-time rate), this year against last year by month (year on year: received), and this month
    per centre (from the table). One query per month shown (22 at most), none per case; the last 12
    months come from ``spans`` (``county_month``'s) when given."""
    ids = [c.pk for c in centres]
    last12 = compiler.last_twelve(month)
    if spans is not None:
        spans = {m.param: compiler.add_spans(spans[m.param].values()) for m in last12}
    else:
        spans = compiler.monthly_trend(last12, ids)
    earlier = [m for m in compiler.months_from(Month(month.year - 1, 1), month) if m < last12[0]]
    received = {**compiler.monthly_received(earlier, ids), **{k: s.received for k, s in spans.items()}}
    empty = compiler.Span()

    def rate(m: Month) -> float | None:
        s = spans.get(m.param, empty)
        return round(100 * s.on_time / s.completed, 1) if s.completed else None

    this_year = [Month(month.year, n) for n in range(1, 13)]
    last_year = [Month(month.year - 1, n) for n in range(1, 13)]
    return {
        "mom": {
            "months": [m.param for m in last12],
            "received": [spans.get(m.param, empty).received for m in last12],
            "completed": [spans.get(m.param, empty).completed for m in last12],
            "rate": [rate(m) for m in last12],
        },
        "yoy": {
            "months": [f"{n}月" for n in range(1, 13)],
            "this_year": str(month.year),
            "last_year": str(month.year - 1),
            "this": [received.get(m.param, 0) if m <= month else None for m in this_year],
            "last": [received.get(m.param, 0) for m in last_year],
        },
        "centres": {
            "names": [line.centre.township.name for line in lines],
            "received": [line.figures.received for line in lines],
            "completed": [line.figures.completed for line in lines],
        },
    }

"""The records of a year read into ``scoring.CentreFacts``, for many centres at once (ORM side).

``facts_for(centres, year=, now=)`` answers in a constant number of queries whatever the number of
centres (at most sixteen, plus the work calendar when report deadlines move to working days).
Counts are aggregated in the database (GROUP BY centre, conditional ``Count``); the year's cases
are read in three passes — one scan for the months' registers and the promised cases (bounded by
``received_at`` as in ``case_centre_received``), one anti-join for promised cases without a notice,
one for overdue cases (bounded by the ``due_at`` index) — and the last two bring their exact count
and their evidence sample together (``COUNT(*)`` and ``ROW_NUMBER()`` over the centre's partition,
rows ≤ ``EVIDENCE_LIMIT``). No case is iterated in Python.

The period is the calendar year ``year`` in Asia/Shanghai, cut at ``now`` when ``now`` falls inside
it (a year not begun yet has an empty period).

Readings of the rubric (附件 考核评分细则) and the plan — they decide points:

- 服务场所、办公设备、服务标识 (四(一)2): the centre's registered hall area, ``has_*`` facilities
  (every flag of ``org.facilities.CENTRE_FACILITIES``) and service phone, as they stand now.
- 事项应进必进 (四(一)3(1) "5+x"): mandatory ``BusinessLine`` names that no active *resident* window
  of the centre serves (``org.standards.missing_mandatory_lines``, as ``org.selectors.centre_report``).
- 便民服务指南: the handbook prints the centre's active implementation lines whose item is active and
  has a published guide (``catalogue.handbook.handbook_context``); ``handbook_items`` counts them.
  Its content is incomplete (扣2分) when one of these is missing: 服务项目 (no printed item),
  服务流程 (a printed item's guide states no procedure), 工作职责 (the centre's duties are not
  written), 有关责任人员 (no director named, or no active staff on the post board), 联系方式 (no
  service phone). 服务规范 is always printed (``handbook.SERVICE_NORMS``), never missing.
- 公开办事制度 (四(一)4(6)): for the same printed items, ``catalogue.rules.missing_disclosure`` of each
  item's published guide; an item that lacks 办理依据 (…) is listed under that name. Lists are
  complete (not cut at ``EVIDENCE_LIMIT``): their length is the count in the summary.
- 台账 (规范办事制度 "登记簿、统计簿"): owed are the months from the month the centre went live (the
  monthly reports' rule: ``REPORTS_FIRST_MONTH``, else the month of its first case) to the last month
  finished at ``now`` — all twelve of a past year, none while January runs. A month is kept when its
  register holds at least one case received (the ledger is drawn from the cases: a month with
  cases has its 登记簿 and 统计簿; an empty month shows none).
- 受理单、承诺通知单: the centre's 承诺件 accepted in the period (``accepted_at``), and those with a
  受理通知书(承诺件告知单) (``Notice`` of kind ``promise``) issued.
- 超时办件 ("不积压办件、无超时办件"): cases of the centre whose deadline (``due_at``) falls in the period
  and that were completed after it, or are still running (``workflow.RUNNING``: 办理中, 延期审批中)
  and past it. A suspended case (挂起, 行政许可法第45条) has its clock stopped and is not counted,
  as on the monitoring's red light; withdrawn and refused-before-acceptance cases have no clock.
- 材料上报 (0.5 a month): one line per month of the year, judged by the first submission
  (``MonthlyReport.on_time``) against ``reports.selectors`` deadlines: 按时报送 / 逾期报送 /
  未报送(已逾期) / 未到期 / 未上线 (before the centre's first reporting month). A month reported on
  time counts even before the centre's first owed month (as the reports' own list shows it).
  A submission after ``now`` is not seen.
- 代办点建设 (四(二)): the active villages (村、社区) of the centre's township, and those without an
  active agency point (as the dashboards count coverage).
- 群众满意情况: complaints about the centre whose verdict is 属实 and whose verification
  (``verified_at``) falls in the period: the deduction is for a complaint "经查证属实", so it belongs
  to the year it was established (a complaint lodged in December and verified in January counts in
  January's year, once). 上级通报批评 and 市级以上媒体曝光, commendations and positive coverage: the
  *valid* (not annulled) bulletins and press reports of the period, read through
  ``supervision.rules_findings`` (``counts_as_criticism`` …), the reading of the 考核影响 page.
- 视频监控情况: the valid monitoring findings observed in the period, by kind (``absent``,
  ``unrelated``, ``chatting``; ``other`` is listed but no rubric item reads it).

Counting lists (complaints, criticisms and exposures, video findings, commendations, positive media)
are complete: ``scoring`` counts their length. Only ``overdue_cases`` and ``cases_without_notice`` are
samples (their counts are separate fields); ``services`` cuts what it stores at ``EVIDENCE_LIMIT``.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from bianmin.assessment.scoring import CentreFacts, Evidence
from bianmin.cases.models import WENT_RED, Case, Notice, NoticeKind
from bianmin.cases.months import Month
from bianmin.catalogue.models import CentreItem, HandlingType, ServiceItem
from bianmin.catalogue.rules import GuideFacts, missing_disclosure
from bianmin.org.facilities import CENTRE_FACILITIES
from bianmin.org.models import AgencyPoint, Centre, Region, RegionLevel, Staff, WindowKind
from bianmin.org.models import Window as CentreWindow
from bianmin.org.selectors import mandatory_line_names
from bianmin.org.standards import missing_mandatory_lines
from bianmin.reports import selectors as report_selectors
from bianmin.reports.models import MonthlyReport
from bianmin.supervision import rules_findings
from bianmin.supervision.models import AuthorityLevel, Bulletin, Complaint, MonitoringFinding, PressReport, Verdict

EVIDENCE_LIMIT = 50  # evidence entries kept per automatic item (the count is always exact)

CHINA = ZoneInfo("Asia/Shanghai")


# --- the period ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Calendar year ``year`` in Asia/Shanghai, [start, end), cut at ``now``."""

    year: int
    start: datetime
    end: datetime
    now: datetime

    @classmethod
    def of(cls, year: int, now: datetime) -> "Period":
        start = datetime(year, 1, 1, tzinfo=CHINA)
        end = max(start, min(datetime(year + 1, 1, 1, tzinfo=CHINA), now))
        return cls(year, start, end, now)

    @property
    def today(self) -> date:
        return self.now.astimezone(CHINA).date()

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        """The last day (inclusive) of dated records (press reports, bulletins) in the period."""
        return min(date(self.year, 12, 31), self.today)

    @property
    def months(self) -> list[Month]:
        return [Month(self.year, m) for m in range(1, 13)]

    def last_finished_month(self) -> Month | None:
        """The last month of the year that is over at ``now`` (None while January runs)."""
        current = Month.of(self.today)
        if current > Month(self.year, 12):
            return Month(self.year, 12)
        last = current.previous()
        return last if last.year == self.year else None


def _day(moment: datetime | None) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d") if moment else "—"


class _Urls:
    """URLs of many records without a ``reverse`` per record: each name is reversed once with
    placeholder arguments, then formatted."""

    SENTINELS = ("918273645", "918273646")

    def __init__(self) -> None:
        self._patterns: dict[str, str] = {}

    def __call__(self, name: str, *args: object) -> str:
        pattern = self._patterns.get(name)
        if pattern is None:
            pattern = reverse(name, args=self.SENTINELS[: len(args)])
            for n, sentinel in enumerate(self.SENTINELS[: len(args)]):
                pattern = pattern.replace(sentinel, "{%d}" % n)  # noqa: UP031 - builds a format string
            self._patterns[name] = pattern
        return pattern.format(*args)


# --- the facts -----------------------------------------------------------------------------------


def facts_for(centres: Iterable[Centre], *, year: int, now: datetime) -> dict[int, CentreFacts]:
    """Every ``CentreFacts`` field of each centre's ``year``, keyed by centre pk (constant queries)."""
    centres = list(centres)
    if not centres:
        return {}
    ids = [centre.pk for centre in centres]
    period = Period.of(year, now)
    url = _Urls()
    first = report_selectors.first_months(ids)  # when each centre went live (the reports' rule)
    lines = _missing_lines(ids)
    handbook = _handbook(centres, url)
    counts = _case_counts(ids, period)
    ledger = _ledger_months(ids, counts, first, period)
    promised = _promised(ids, counts, period, url)
    overdue = _overdue(ids, period, url)
    reports = _reports(ids, first, period, url)
    villages = _villages(centres, url)
    complaints = _complaints(ids, period, url)
    findings = _supervision(ids, period, url)
    out = {}
    for centre in centres:
        pk = centre.pk
        book = handbook[pk]
        months, kept = ledger[pk]
        promised_total, promised_noticed, without = promised[pk]
        overdue_count, overdue_sample = overdue[pk]
        report_months, on_time = reports[pk]
        village_total, no_point = villages[pk]
        supervision = findings[pk]
        out[pk] = CentreFacts(
            centre_id=pk,
            centre_url=url("org:centre_detail", pk),
            hall_area=centre.hall_area,
            facilities={item.code: bool(getattr(centre, item.code)) for item in CENTRE_FACILITIES},
            service_phone=centre.service_phone,
            missing_lines=lines[pk],
            handbook_items=book.items,
            handbook_url=url("catalogue:handbook", pk),
            handbook_gaps=book.gaps,
            disclosure_items=book.items,
            disclosure_gaps=book.disclosure,
            ledger_months=months,
            ledger_months_kept=kept,
            promised_cases=promised_total,
            promised_with_notice=promised_noticed,
            cases_without_notice=without,
            overdue_cases=overdue_sample,
            overdue_count=overdue_count,
            report_months=report_months,
            reports_on_time=on_time,
            villages=village_total,
            villages_without_point=no_point,
            complaints_verified=complaints[pk],
            criticisms_and_exposures=supervision["criticisms"],
            video=supervision["video"],
            commendations=supervision["commendations"],
            positive_media=supervision["positive"],
        )
    return out


# --- windows -------------------------------------------------------------------------------------


def _missing_lines(ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Two queries: the mandatory line names, and each centre's lines of active resident windows."""
    mandatory = mandatory_line_names()
    present: dict[int, set[str]] = defaultdict(set)
    rows = CentreWindow.objects.filter(
        centre_id__in=ids, is_active=True, kind=WindowKind.RESIDENT, business_line__isnull=False
    ).values_list("centre_id", "business_line__name")
    for centre_id, name in rows.order_by().distinct():
        present[centre_id].add(name)
    return {pk: tuple(missing_mandatory_lines(present[pk], mandatory)) for pk in ids}


# --- the handbook and disclosure -----------------------------------------------------------------


@dataclass(frozen=True)
class _Handbook:
    items: int
    gaps: tuple[str, ...]
    disclosure: dict[str, tuple[Evidence, ...]]


def _printed_lines(ids: list[int]) -> QuerySet[CentreItem]:
    """The lines the handbook prints (``catalogue.selectors.centre_items``) of the given centres."""
    return CentreItem.objects.filter(
        centre_id__in=ids, is_active=True, item__is_active=True, item__current__isnull=False
    ).order_by()


def _handbook(centres: list[Centre], url: _Urls) -> dict[int, _Handbook]:
    """Four queries: printed items per centre, the guides' disclosure facts, the centres' lines of
    items with a gap, and which centres have staff on the post board."""
    ids = [centre.pk for centre in centres]
    lines = _printed_lines(ids)
    counts = dict(lines.values("centre_id").annotate(n=Count("pk")).values_list("centre_id", "n"))
    guides = (
        ServiceItem.objects.filter(pk__in=lines.values("item_id"))
        .order_by("business_line__sort_order", "code")
        .values(
            "pk",
            "code",
            "current__name",
            "current__legal_basis",
            "current__procedure",
            "current__handling_type",
            "current__promised_limit_days",
            "current__is_free",
            "current__fees",
            "current__fee_basis",
        )
        .annotate(materials=Count("current__materials"))
    )
    missing: dict[int, list[str]] = {}
    order: dict[int, int] = {}
    names: dict[int, tuple[str, str]] = {}
    for position, guide in enumerate(guides):
        facts = GuideFacts(
            legal_basis=guide["current__legal_basis"],
            procedure=guide["current__procedure"],
            material_count=guide["materials"],
            handling_type=guide["current__handling_type"],
            promised_limit_days=guide["current__promised_limit_days"],
            is_free=guide["current__is_free"],
            fees=guide["current__fees"],
            fee_basis=guide["current__fee_basis"],
        )
        gaps = missing_disclosure(facts)
        if gaps:
            missing[guide["pk"]] = gaps
            order[guide["pk"]] = position
            names[guide["pk"]] = (guide["current__name"], guide["code"])
    by_centre: dict[int, list[int]] = defaultdict(list)
    if missing:
        for centre_id, item_id in lines.filter(item_id__in=list(missing)).values_list("centre_id", "item_id"):
            by_centre[centre_id].append(item_id)
    on_board = set(
        Staff.objects.filter(centre_id__in=ids, is_active=True, on_post_board=True)
        .order_by()
        .values_list("centre_id", flat=True)
        .distinct()
    )
    out = {}
    for centre in centres:
        items = counts.get(centre.pk, 0)
        disclosure: dict[str, list[Evidence]] = {}
        for item_id in sorted(by_centre[centre.pk], key=order.__getitem__):
            name, code = names[item_id]
            evidence = Evidence(f"{name}({code})", url("catalogue:item_detail", item_id), "办事指南未写明")
            for gap in missing[item_id]:
                disclosure.setdefault(gap, []).append(evidence)
        gaps = []
        if not items:
            gaps.append("服务项目")
        if not items or disclosure.get("办理流程"):
            gaps.append("服务流程")
        if not centre.duties.strip():
            gaps.append("工作职责")
        if centre.director_id is None or centre.pk not in on_board:
            gaps.append("有关责任人员")
        if not centre.service_phone.strip():
            gaps.append("联系方式")
        out[centre.pk] = _Handbook(
            items=items,
            gaps=tuple(gaps),
            disclosure={name: tuple(evidence) for name, evidence in disclosure.items()},
        )
    return out


# --- cases: ledgers, notices, overdue ------------------------------------------------------------


def _owed_months(first: Month | None, period: Period) -> list[Month]:
    """Months of the year the centre owes a ledger (and a report): from going live to the last
    finished month."""
    last = period.last_finished_month()
    if first is None or last is None:
        return []
    start = max(first, Month(period.year, 1))
    return [month for month in period.months if start <= month <= last]


def _promised_accepted(period: Period) -> Q:
    """承诺件 accepted in the period."""
    return Q(handling_type=HandlingType.PROMISED, accepted_at__gte=period.start, accepted_at__lt=period.end)


def _case_counts(ids: list[int], period: Period) -> dict[int, dict[str, int]]:
    """Per centre: the cases received in each month of the period (``m1`` … ``m12``: the ledger) and
    the promised cases accepted in the period (``promised``). Two grouped counts, each through its
    own index — ``case_centre_received`` and the partial ``case_promised_accepted`` — so years of
    history before the period are never read (one scan with ``received_at OR accepted_at`` could use
    neither and read the whole table)."""
    per_month = {  # COUNT(received_at): the index (centre, received_at, …) answers alone
        f"m{month.month}": Count("received_at", filter=Q(received_at__gte=start, received_at__lt=end))
        for month, (start, end) in ((month, month.bounds(CHINA)) for month in period.months)
    }
    rows: dict[int, dict[str, int]] = defaultdict(dict)
    received = Case.objects.filter(centre_id__in=ids, received_at__gte=period.start, received_at__lt=period.end)
    for row in received.order_by().values("centre_id").annotate(**per_month):
        rows[row.pop("centre_id")].update(row)
    accepted = Case.objects.filter(_promised_accepted(period), centre_id__in=ids)
    counted = accepted.order_by().values("centre_id").annotate(n=Count("accepted_at"))  # index-only, as above
    for centre_id, n in counted.values_list("centre_id", "n"):
        rows[centre_id]["promised"] = n
    return rows


def _ledger_months(
    ids: list[int], counts: dict[int, dict[str, int]], first: dict[int, Month], period: Period
) -> dict[int, tuple[tuple[Evidence, ...], int]]:
    """The owed months of each centre with the cases its register holds (no query)."""
    out = {}
    ledger = reverse("cases:ledger")
    for pk in ids:
        row = counts.get(pk, {})
        evidence, kept = [], 0
        for month in _owed_months(first.get(pk), period):
            n = row.get(f"m{month.month}") or 0
            kept += n > 0
            link = f"{ledger}?{urlencode({'month': month.param, 'centre': pk})}"
            evidence.append(Evidence(f"{month.label}台账", link, f"登记 {n} 件" if n else "无登记"))
        out[pk] = (tuple(evidence), kept)
    return out


CASE_FIELDS = ("pk", "centre_id", "receipt_number", "item_name", "accepted_at", "due_at", "completed_at", "status")


def _sample(qs: QuerySet[Case], *order: str) -> tuple[dict[int, int], dict[int, list[dict[str, Any]]]]:
    """Each centre's number of ``qs`` rows and its first ``EVIDENCE_LIMIT`` rows in ``order``: one
    bounded query (``ROW_NUMBER()`` and ``COUNT(*)`` over the centre's partition)."""
    centre = [F("centre_id")]
    numbered = qs.annotate(
        row=Window(RowNumber(), partition_by=centre, order_by=[F(field).asc() for field in order]),
        of=Window(Count("pk"), partition_by=centre),
    )
    counts: dict[int, int] = {}
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in numbered.filter(row__lte=EVIDENCE_LIMIT).order_by("centre_id", *order).values(*CASE_FIELDS, "of"):
        counts[row["centre_id"]] = row["of"]
        rows[row["centre_id"]].append(row)
    return counts, rows


def _case_evidence(row: dict[str, Any], url: _Urls, detail: str) -> Evidence:
    return Evidence(f"{row['receipt_number']} {row['item_name']}", url("cases:detail", row["pk"]), detail)


def _promised(
    ids: list[int], counts: dict[int, dict[str, int]], period: Period, url: _Urls
) -> dict[int, tuple[int, int, tuple[Evidence, ...]]]:
    """One query: the promised cases accepted in the period without a promise notice (an anti-join),
    counted and sampled; those with one are the rest of ``counts``' ``promised``."""
    # A 承诺件告知单 is issued at acceptance (services.case_accept): a case accepted in the period has
    # it among the notices issued since the period began, a range of the partial index
    # ``notice_promise_issued`` instead of every promise notice of every year.
    notice = Exists(Notice.objects.filter(case_id=OuterRef("pk"), kind=NoticeKind.PROMISE, issued_at__gte=period.start))
    accepted = Case.objects.filter(_promised_accepted(period), centre_id__in=ids)
    missing, rows = _sample(accepted.filter(~notice).order_by(), "accepted_at", "pk")
    out = {}
    for pk in ids:
        total = (counts.get(pk) or {}).get("promised") or 0
        without = tuple(
            _case_evidence(row, url, f"{_day(row['accepted_at'])} 受理,未出具承诺件告知单") for row in rows[pk]
        )
        out[pk] = (total, total - missing.get(pk, 0), without)
    return out


def _overdue(ids: list[int], period: Period, url: _Urls) -> dict[int, tuple[int, tuple[Evidence, ...]]]:
    """One query through the ``due_at`` index: the overdue cases of each centre, counted and sampled."""
    # due_at < end ≤ now: a running case due in the period is past its deadline at ``now``. WENT_RED
    # as written (the partial index ``case_red_due``): a running case has no completion time.
    overdue = Case.objects.filter(
        WENT_RED, centre_id__in=ids, due_at__gte=period.start, due_at__lt=period.end
    ).order_by()
    counts, rows = _sample(overdue, "due_at", "pk")
    out = {}
    for pk in ids:
        sample = []
        for row in rows[pk]:
            if row["completed_at"] is not None:
                days = (row["completed_at"].astimezone(CHINA).date() - row["due_at"].astimezone(CHINA).date()).days
                late_by = f",超期 {days} 天" if days > 0 else ""
                detail = f"期限 {_day(row['due_at'])},{_day(row['completed_at'])} 办结{late_by}"
            else:
                detail = f"期限 {_day(row['due_at'])},至今未办结"
            sample.append(_case_evidence(row, url, detail))
        out[pk] = (counts.get(pk, 0), tuple(sample))
    return out


# --- monthly reports -----------------------------------------------------------------------------


def _reports(
    ids: list[int], first: dict[int, Month], period: Period, url: _Urls
) -> dict[int, tuple[tuple[Evidence, ...], int]]:
    """One query (plus the calendar when deadlines move): the year's reports of the centres."""
    deadlines = report_selectors.Deadlines()
    reports = {
        (report.centre_id, report.month.month): report
        for report in MonthlyReport.objects.filter(
            centre_id__in=ids, month__gte=date(period.year, 1, 1), month__lte=date(period.year, 12, 1)
        )
        .order_by()
        .only("centre_id", "month", "status", "first_submitted_at", "on_time")
    }
    today = period.today
    current = Month.of(today)
    out = {}
    for pk in ids:
        live = first.get(pk)
        evidence, on_time = [], 0
        for month in period.months:
            deadline = deadlines(month)
            report = reports.get((pk, month.month))
            if report is not None and _submitted_by(report, period.now):
                on_time += bool(report.on_time)
                state = "按时报送" if report.on_time else "逾期报送"
                detail = f"{state}(期限 {deadline:%Y-%m-%d},首次报送 {_day(report.first_submitted_at)})"
            elif live is None or month < live:
                detail = "未上线"
            elif deadline < today:
                detail = f"未报送(已逾期,期限 {deadline:%Y-%m-%d})"
            else:
                detail = f"未到期(期限 {deadline:%Y-%m-%d})"
            link = url("reports:detail", pk, month.param) if month <= current else ""
            evidence.append(Evidence(f"{month.label}月报", link, detail))
        out[pk] = (tuple(evidence), on_time)
    return out


def _submitted_by(report: MonthlyReport, now: datetime) -> bool:
    """The report had its first submission (on time or late) by ``now``."""
    return (
        report.is_submitted
        and report.on_time is not None
        and report.first_submitted_at is not None
        and report.first_submitted_at <= now
    )


# --- agency points -------------------------------------------------------------------------------


def _villages(centres: list[Centre], url: _Urls) -> dict[int, tuple[int, tuple[Evidence, ...]]]:
    """One query: the active villages of each centre's township, with or without an active point."""
    point = Exists(AgencyPoint.objects.filter(village_id=OuterRef("pk"), is_active=True))
    rows = (
        Region.objects.filter(
            parent_id__in=[centre.township_id for centre in centres], level=RegionLevel.VILLAGE, is_active=True
        )
        .annotate(has_point=point)
        .order_by("code")
        .values_list("parent_id", "name", "has_point")
    )
    by_township: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for township_id, name, has_point in rows:
        by_township[township_id].append((name, has_point))
    out = {}
    for centre in centres:
        villages = by_township[centre.township_id]
        link = url("org:centre_detail", centre.pk)
        missing = tuple(Evidence(name, link, "未设代办点") for name, has in villages if not has)
        out[centre.pk] = (len(villages), missing)
    return out


# --- supervision ---------------------------------------------------------------------------------


def _complaints(ids: list[int], period: Period, url: _Urls) -> dict[int, tuple[Evidence, ...]]:
    """One query: complaints about the centre verified 属实 in the period (every one: it is a count)."""
    rows = (
        Complaint.objects.filter(
            centre_id__in=ids,
            verdict=Verdict.SUBSTANTIATED,
            verified_at__gte=period.start,
            verified_at__lt=period.end,
        )
        .order_by("verified_at", "pk")
        .values_list("pk", "centre_id", "code", "category", "verified_at", "submitted_at")
    )
    categories = dict(Complaint._meta.get_field("category").choices or [])
    out: dict[int, list[Evidence]] = defaultdict(list)
    for pk, centre_id, code, category, verified_at, submitted_at in rows:
        label = f"投诉举报 {code}({categories.get(category, category)})"
        detail = f"{_day(submitted_at)} 投诉,{_day(verified_at)} 查证属实"
        out[centre_id].append(Evidence(label, url("supervision:complaint_detail", pk), detail))
    return {pk: tuple(out[pk]) for pk in ids}


def _supervision(ids: list[int], period: Period, url: _Urls) -> dict[int, dict[str, Any]]:
    """Three queries: the valid monitoring findings, press reports and bulletins of the period."""
    levels = dict(AuthorityLevel.choices)
    dated: dict[int, dict[str, list[tuple[date, int, Evidence]]]] = {
        pk: {"criticisms": [], "commendations": [], "positive": []} for pk in ids
    }
    video: dict[int, dict[str, list[Evidence]]] = {pk: defaultdict(list) for pk in ids}
    kinds = dict(MonitoringFinding._meta.get_field("kind").choices or [])
    findings = (
        MonitoringFinding.objects.valid()
        .filter(centre_id__in=ids, observed_at__gte=period.start, observed_at__lt=period.end)
        .order_by("observed_at", "pk")
        .values_list("pk", "centre_id", "kind", "observed_at", "staff__name")
    )
    for pk, centre_id, kind, observed_at, staff in findings:
        label = f"视频监控:{kinds.get(kind, kind)}"
        detail = f"{_day(observed_at)}" + (f" {staff}" if staff else "")
        video[centre_id][kind].append(Evidence(label, url("supervision:finding_detail", pk), detail))
    press = (
        PressReport.objects.valid()
        .filter(centre_id__in=ids, published_on__gte=period.first_day, published_on__lte=period.last_day)
        .order_by("published_on", "pk")
        .values_list("pk", "centre_id", "tone", "level", "outlet", "title", "published_on")
    )
    for pk, centre_id, tone, level, outlet, title, published_on in press:
        link = url("supervision:press_detail", pk)
        detail = f"{published_on:%Y-%m-%d} {outlet}({levels.get(level, level)})"
        if rules_findings.counts_as_exposure(tone=tone, level=level):
            dated[centre_id]["criticisms"].append((published_on, 1, Evidence(f"媒体曝光:{title}", link, detail)))
        elif rules_findings.counts_as_media_bonus(tone=tone, level=level):
            dated[centre_id]["positive"].append((published_on, 1, Evidence(f"正面报道:{title}", link, detail)))
    bulletins = (
        Bulletin.objects.valid()
        .filter(centre_id__in=ids, issued_on__gte=period.first_day, issued_on__lte=period.last_day)
        .order_by("issued_on", "pk")
        .values_list("pk", "centre_id", "outcome", "level", "issuer", "title", "issued_on", "reference")
    )
    for pk, centre_id, outcome, level, issuer, title, issued_on, reference in bulletins:
        link = url("supervision:bulletin_detail", pk)
        detail = f"{issued_on:%Y-%m-%d} {issuer}({levels.get(level, level)})" + (f" {reference}" if reference else "")
        if rules_findings.counts_as_criticism(outcome=outcome, level=level):
            dated[centre_id]["criticisms"].append((issued_on, 0, Evidence(f"通报批评:{title}", link, detail)))
        elif rules_findings.counts_as_commendation(outcome=outcome, level=level):
            dated[centre_id]["commendations"].append((issued_on, 0, Evidence(f"通报表扬:{title}", link, detail)))
    out = {}
    for pk in ids:
        lists = {
            name: tuple(evidence for _day_, _order, evidence in sorted(rows, key=lambda r: (r[0], r[1])))
            for name, rows in dated[pk].items()
        }
        out[pk] = {**lists, "video": {kind: tuple(rows) for kind, rows in video[pk].items()}}
    return out


def period_of(year: int, now: datetime) -> tuple[datetime, datetime]:
    """[start, end) of the period ``facts_for`` reads for ``year`` at ``now``."""
    period = Period.of(year, now)
    return period.start, period.end

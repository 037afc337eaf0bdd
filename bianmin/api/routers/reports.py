"""Monthly reports (信息报送, plan 四(一)4(5)) and the annual assessment (附件) — reads for whoever the
pages let read them, and the director's submission through the reports' own service (frozen figures,
versions, on time or late decided by the first submission)."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from bianmin.api.errors import READ, WRITE, ApiError
from bianmin.assessment import selectors as assessment
from bianmin.cases.months import Month
from bianmin.reports import figures as fig
from bianmin.reports import rules, selectors, services

router = Router(tags=["信息报送与年度考核"])
MONTH = r"^\d{4}-\d{2}$"


class MonthLineOut(Schema):
    month: str
    deadline: date
    standing: str = Field(
        description="on_time 按时 / late 逾期 / missing 未报送(已过期限) / due 待报送 / open 本月未结束"
    )
    standing_label: str
    submitted_at: datetime | None
    submissions: int


class VersionOut(Schema):
    number: int
    submitted_at: datetime
    submitted_by: str
    on_time: bool
    reason: str


class ReportOut(Schema):
    centre_id: int
    centre: str
    month: str
    deadline: date
    standing: str
    standing_label: str
    status: str
    summary: str
    problems: str
    measures: str
    versions: list[VersionOut]
    frozen: bool = Field(description="figures 为报送时冻结的数据;否则为按记录实时汇总")
    figures: dict = Field(description="当月数据(办件、咨询、代办点、评价、整改、投诉、考勤),与月报 Excel 相同")


class SubmitIn(Schema):
    summary: str = Field(..., max_length=rules.TEXT_MAX)
    problems: str = Field("", max_length=rules.TEXT_MAX)
    measures: str = Field("", max_length=rules.TEXT_MAX)
    reason: str = Field("", max_length=rules.TEXT_MAX, description="重新报送时必填")
    version: int | None = Field(None, ge=0, description="读取时的报告版本;他人先改过则409")


def _line(line) -> dict:
    report = line.report
    return {
        "month": line.month.param,
        "deadline": line.deadline,
        "standing": line.standing.key,
        "standing_label": line.standing.label,
        "submitted_at": report.first_submitted_at if report else None,
        "submissions": report.submissions if report else 0,
    }


@router.get("/reports/centres/{centre_id}", response={200: list[MonthLineOut], **READ}, summary="中心各月月报")
def centre_months(request, centre_id: int = Path(..., ge=1), year: int | None = Query(None, ge=2000, le=2100)):
    centre = selectors.get_centre(request.auth, centre_id)
    today = timezone.localdate()
    return [_line(line) for line in selectors.centre_year(centre, year or today.year, today=today)]


def _report(request, centre, period: Month) -> dict:
    now = timezone.now()
    today = timezone.localdate(now)
    report = selectors.report_of(centre, period)
    versions = selectors.versions_of(report)
    shown = versions[-1] if versions else None
    figures = selectors.figures_for(centre, period, shown, now)
    deadline = selectors.deadline_of(period)
    line = selectors.line_for(centre.pk, period, report, today=today, deadline=deadline)
    return {
        "centre_id": centre.pk,
        "centre": centre.name,
        "month": period.param,
        "deadline": deadline,
        "standing": line.standing.key,
        "standing_label": line.standing.label,
        "status": report.status if report else "draft",
        "summary": report.summary if report else "",
        "problems": report.problems if report else "",
        "measures": report.measures if report else "",
        "versions": [
            {
                "number": v.number,
                "submitted_at": v.submitted_at,
                "submitted_by": v.submitted_by.name,
                "on_time": v.on_time,
                "reason": v.reason,
            }
            for v in versions
        ],
        "frozen": shown is not None,
        "figures": fig.to_json(figures),
    }


@router.get("/reports/centres/{centre_id}/{month}", response={200: ReportOut, **READ}, summary="一个月的月报")
def report_detail(request, centre_id: int = Path(..., ge=1), month: str = Path(..., pattern=MONTH)):
    centre = selectors.get_centre(request.auth, centre_id)
    return _report(request, centre, selectors.parse_month(month, timezone.localdate()))


@router.post(
    "/reports/centres/{centre_id}/{month}/submit", response={200: ReportOut, **WRITE}, summary="报送月报(中心主任)"
)
def report_submit(request, payload: SubmitIn, centre_id: int = Path(..., ge=1), month: str = Path(..., pattern=MONTH)):
    """报送冻结当月数据为新版本;首次报送决定按时或逾期;已报送的须写明重新报送理由。"""
    centre = selectors.get_centre(request.auth, centre_id)
    scope = selectors.reports_scope(request.auth)
    if not selectors.is_director_of(scope, centre.pk):
        raise ApiError(403, selectors.DIRECTOR_ONLY)
    period = selectors.parse_month(month, timezone.localdate())
    services.report_submit(
        centre=centre,
        month=period,
        actor=request.auth.staff,
        summary=payload.summary,
        problems=payload.problems,
        measures=payload.measures,
        reason=payload.reason,
        seen_version=payload.version,
    )
    return _report(request, centre, period)


# --- the annual assessment ------------------------------------------------------------------------


class AssessmentOut(Schema):
    year: int
    status: str
    rubric: str
    published_at: datetime | None


class RankOut(Schema):
    place: int
    centre_id: int
    centre: str
    township_code: str
    total: Decimal
    base: Decimal
    bonus: Decimal
    complete: bool
    status: str
    previous_total: Decimal | None
    change: Decimal | None


class RankingOut(Schema):
    year: int
    published: bool
    of: int = Field(description="参加排名的中心数")
    rows: list[RankOut] = Field(description="中心主任只看到本中心(已发布后)")


@router.get("/assessments", response={200: list[AssessmentOut], **READ}, summary="年度考核")
def assessments(request):
    return [
        {"year": a.year, "status": a.status, "rubric": a.rubric.name, "published_at": a.published_at}
        for a in assessment.assessments_for(request.auth)
    ]


@router.get("/assessments/{year}/ranking", response={200: RankingOut, **READ}, summary="考核结果与排名")
def ranking(request, year: int = Path(..., ge=2000, le=2100)):
    found = assessment.get_assessment(request.auth, year)
    result = assessment.ranking(request.auth, found)
    rows = [
        {
            "place": row.place,
            "centre_id": row.sheet.centre_id,
            "centre": row.sheet.centre.name,
            "township_code": row.sheet.centre.township.code,
            "total": row.sheet.total,
            "base": row.sheet.base,
            "bonus": row.sheet.bonus,
            "complete": row.sheet.complete,
            "status": row.sheet.status,
            "previous_total": row.previous.total if row.previous else None,
            "change": row.change,
        }
        for row in result.rows
    ]
    return {"year": found.year, "published": assessment.is_published(found), "of": result.of, "rows": rows}

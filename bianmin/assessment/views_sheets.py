"""Pages of the annual assessment's workflow (plan 五(三), issue #9 point 3): the years and the ranking.

- ``index``: every year the reader may see, with its progress; the county admin opens a year here.
- ``detail``: a year's ranking (名次, each section's points, 基础分, 加分, 总分, last year's total and
  the change, scoring progress), a chart of the totals, and for county roles "re-read the records"
  and, for the county admin, "publish".

One centre's sheet (scoring, corrections, evidence) is in ``views_scoring``. Views are thin: reads
through ``selectors`` (scoped: clerks and agents 403, out of scope 404), writes through ``services``
(Chinese errors shown on the page, nothing half-saved).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bianmin.assessment import selectors, services
from bianmin.assessment.forms_sheets import OpenYearForm
from bianmin.assessment.models import Indicator, Score, ScoreSheet, Section, SheetStatus
from bianmin.assessment.scoring import fmt
from bianmin.assessment.scoring import fmt_or_dash as points
from bianmin.assessment.scoring import fmt_signed as signed
from bianmin.assessment.services_rubric import rubric_for_year
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error

ADMIN_ONLY = "年度考核的启动、发布和更正由县行政服务中心管委会进行。"
SCORERS_ONLY = "评分由县行政服务中心管委会或督查人员进行。"


def require_scorer(user) -> None:
    if not selectors.can_score(user):
        raise PermissionDenied(SCORERS_ONLY)


def require_admin(user) -> None:
    if not selectors.is_county_admin(user):
        raise PermissionDenied(ADMIN_ONLY)


# --- the years ------------------------------------------------------------------------------------


def _open_context(today_year: int, form: OpenYearForm | None = None) -> dict:
    """The county admin's form to open a year, with the published rubric each year would use."""
    years = selectors.open_year_choices(today_year)
    choices = [(year, rubric_for_year(year)) for year in years]
    usable = [year for year, rubric in choices if rubric is not None]
    if form is None:
        form = OpenYearForm(years=usable, initial={"year": usable[0]} if usable else None)
    return {"open_form": form, "open_choices": choices, "can_open": bool(usable)}


def _index_page(request, form: OpenYearForm | None = None, status: int = 200):
    scope = selectors.assessment_scope(request.user)
    assessments = list(selectors.assessments_for(request.user))
    context: dict = {"scope": scope, "is_admin": scope.is_county_admin}
    if scope.is_countywide:
        counts = {
            row["assessment_id"]: row
            for row in ScoreSheet.objects.filter(assessment__in=assessments)
            .exclude(status=SheetStatus.SUPERSEDED)
            .values("assessment_id")
            .annotate(
                centres=Count("centre", distinct=True),
                complete=Count("centre", distinct=True, filter=Q(complete=True)),
            )
        }
        for assessment in assessments:
            row = counts.get(assessment.pk, {})
            assessment.centres = row.get("centres", 0)
            assessment.complete_sheets = row.get("complete", 0)
    else:
        own = {
            sheet.assessment_id: sheet
            for sheet in selectors.sheets_for(request.user).filter(status=SheetStatus.PUBLISHED)
        }
        for assessment in assessments:
            sheet = own.get(assessment.pk)
            assessment.own_sheet = sheet
            assessment.own_total = points(sheet.total if sheet else None)
    context["assessments"] = assessments
    if scope.is_county_admin:
        context.update(_open_context(timezone.localdate().year, form))
    return render(request, "assessment/index.html", context, status=status)


@login_required
@require_GET
def index(request):
    return _index_page(request)


@login_required
@require_POST
def year_open(request):
    """启动年度考核: one draft sheet per centre, the automatic items read from the records at once."""
    selectors.assessment_scope(request.user)
    require_admin(request.user)
    usable = [year for year in selectors.open_year_choices(timezone.localdate().year) if rubric_for_year(year)]
    form = OpenYearForm(request.POST, years=usable)
    if not form.is_valid():
        return _index_page(request, form, status=400)
    year = form.cleaned_data["year"]
    try:
        assessment = services.assessment_open(year=year, actor=request.user.staff)
    except ApplicationError as exc:
        add_application_error(form, exc)
        return _index_page(request, form, status=400)
    messages.success(request, f"{year}年度考核已启动,自动评分项已按系统记录评分;请督查人员完成人工评分项。")
    return redirect("assessment:year", year=assessment.year)


# --- one year's ranking ---------------------------------------------------------------------------


@dataclass
class YearRow:
    place: int
    sheet: ScoreSheet
    sections: list[tuple[str, bool]]  # each section's points, and whether below zero
    base: str
    bonus: str
    total: str
    previous: str
    change: Decimal | None
    change_text: str
    scored: int
    items: int


def _section_columns(assessment) -> tuple[list[Section], dict[str, int]]:
    """The rubric's sections in order, and indicator pk (as in ``ScoreSheet.results``) → section pk."""
    sections = list(Section.objects.filter(rubric_id=assessment.rubric_id).order_by("position", "pk"))
    indicators = Indicator.objects.filter(section__rubric_id=assessment.rubric_id).values_list(
        "pk", "section_id", "max_points"
    )
    owner, maxima = {}, {section.pk: Decimal("0") for section in sections}
    for pk, section_id, max_points in indicators:
        owner[str(pk)] = section_id
        maxima[section_id] += max_points
    for section in sections:
        section.max_text = fmt(maxima[section.pk])
    return sections, owner


def _progress(sheets: list[ScoreSheet]) -> dict[int, tuple[int, int]]:
    """Sheet pk → (items scored, items), one query."""
    rows = (
        Score.objects.filter(sheet__in=[sheet.pk for sheet in sheets])
        .values("sheet_id")
        .annotate(done=Count("pk", filter=Q(value__isnull=False)), all=Count("pk"))
    )
    return {row["sheet_id"]: (row["done"], row["all"]) for row in rows}


def year_rows(user, assessment) -> tuple[selectors.Ranking, list[Section], list[YearRow]]:
    ranking = selectors.ranking(user, assessment)
    sections, owner = _section_columns(assessment)
    progress = _progress([row.sheet for row in ranking.rows])
    rows = []
    for rank_row in ranking.rows:
        sheet = rank_row.sheet
        per_section = {section.pk: Decimal("0") for section in sections}
        for key, result in (sheet.results or {}).items():
            if key in owner:
                per_section[owner[key]] += Decimal(str(result.get("points") or 0))
        done, all_items = progress.get(sheet.pk, (0, 0))
        rows.append(
            YearRow(
                place=rank_row.place,
                sheet=sheet,
                sections=[(fmt(per_section[s.pk]), per_section[s.pk] < 0) for s in sections],
                base=fmt(sheet.base),
                bonus=fmt(sheet.bonus),
                total=fmt(sheet.total),
                previous=points(rank_row.previous.total if rank_row.previous else None),
                change=rank_row.change,
                change_text=signed(rank_row.change),
                scored=done,
                items=all_items,
            )
        )
    return ranking, sections, rows


@login_required
@require_GET
def detail(request, year: int):
    scope = selectors.assessment_scope(request.user)
    assessment = selectors.get_assessment(request.user, year)
    ranking, sections, rows = year_rows(request.user, assessment)
    chart = {
        "names": [row.sheet.centre.township.name for row in rows],
        "totals": [float(row.sheet.total) for row in rows],
    }
    context = {
        "scope": scope,
        "assessment": assessment,
        "ranking": ranking,
        "sections": sections,
        "rows": rows,
        "incomplete": [row for row in rows if row.sheet.is_draft and not row.sheet.complete],
        "corrections": [row for row in rows if row.sheet.is_draft and row.sheet.version > 1],
        "chart": chart,
        "chart_height": max(160, 36 * len(rows) + 60),
        "can_score": scope.is_countywide,
        "is_admin": scope.is_county_admin,
        "is_open": assessment.is_open,
    }
    return render(request, "assessment/year.html", context)


@login_required
@require_POST
def year_autoscore(request, year: int):
    """重新读取数据自动评分: every draft sheet's automatic items from the records as they are now."""
    selectors.assessment_scope(request.user)
    require_scorer(request.user)
    assessment = selectors.get_assessment(request.user, year)
    try:
        count = services.assessment_autoscore(assessment=assessment, actor=request.user.staff)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if count:
            messages.success(request, f"已按系统记录重新评分 {count} 张评分表的自动评分项(人工调整过的项目保留原值)。")
        else:
            messages.info(request, "没有评分中的评分表,无需重新评分。")
    return redirect("assessment:year", year=year)


@login_required
@require_POST
def year_publish(request, year: int):
    """发布考核结果: refused (with the centres still to score) until every sheet is complete."""
    selectors.assessment_scope(request.user)
    require_admin(request.user)
    assessment = selectors.get_assessment(request.user, year)
    try:
        services.assessment_publish(assessment=assessment, actor=request.user.staff)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{year}年度考核结果已发布,评分表已冻结;中心主任可查看本中心评分表。")
    return redirect("assessment:year", year=year)

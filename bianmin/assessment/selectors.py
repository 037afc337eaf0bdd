"""Scoped reads of the annual assessment (DESIGN §1).

Who reads what:
- county admin and inspectors: every year, every centre's sheet (draft or published) and the ranking;
- a centre director (or deputy): their own centre's *published* sheets (and superseded versions),
  and their own place in a published ranking — never another centre's breakdown;
- clerks, agents and accounts without a role: 403. Out of scope is 404.

"Current" sheet of a centre in a year: the published version if there is one (a correction being
prepared does not change the ranking until it is published), else the draft.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from bianmin.assessment.models import Assessment, AssessmentStatus, ScoreSheet, SheetStatus
from bianmin.assessment.scoring import rank
from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.org.selectors import require_staff, scope_for

READERS_ONLY = "年度考核结果由县行政服务中心管委会、督查人员和中心主任查看。"
VISIBLE_TO_CENTRE = (SheetStatus.PUBLISHED, SheetStatus.SUPERSEDED)


def assessment_scope(user) -> Scope:
    """The reader's scope; clerks, agents and accounts without a role get 403."""
    require_staff(user)
    scope = scope_for(user)
    if not (scope.is_countywide or (scope.role == Role.CENTRE_DIRECTOR and scope.centre_id)):
        raise PermissionDenied(READERS_ONLY)
    return scope


def can_score(user) -> bool:
    return scope_for(user).is_countywide


def is_county_admin(user) -> bool:
    return scope_for(user).is_county_admin


def assessments_for(user) -> QuerySet[Assessment]:
    scope = assessment_scope(user)
    qs = Assessment.objects.select_related("rubric", "opened_by", "published_by").order_by("-year")
    if scope.is_countywide:
        return qs
    return qs.filter(sheets__centre_id=scope.centre_id, sheets__status__in=VISIBLE_TO_CENTRE).distinct()


def get_assessment(user, year: int) -> Assessment:
    assessment = assessments_for(user).filter(year=year).first()
    if assessment is None:
        raise Http404("该年度考核不存在或无权查看")
    return assessment


def sheets_for(user) -> QuerySet[ScoreSheet]:
    scope = assessment_scope(user)
    qs = ScoreSheet.objects.select_related("assessment__rubric", "centre__township", "created_by", "published_by")
    if scope.is_countywide:
        return qs
    return qs.filter(centre_id=scope.centre_id, status__in=VISIBLE_TO_CENTRE)


def get_sheet(user, pk: int) -> ScoreSheet:
    sheet = sheets_for(user).filter(pk=pk).first()
    if sheet is None:
        raise Http404("评分表不存在或无权查看")
    return sheet


def sheet_versions(sheet: ScoreSheet) -> list[ScoreSheet]:
    """Every version of the sheet's centre and year, newest first."""
    return list(
        ScoreSheet.objects.filter(assessment_id=sheet.assessment_id, centre_id=sheet.centre_id)
        .select_related("created_by", "published_by")
        .order_by("-version")
    )


def current_sheets(assessment: Assessment, centre_ids: Iterable[int] | None = None) -> dict[int, ScoreSheet]:
    """Centre pk → its current sheet of the year (published if any, else the latest draft). One query."""
    qs = ScoreSheet.objects.filter(assessment=assessment).exclude(status=SheetStatus.SUPERSEDED)
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=list(centre_ids))
    current: dict[int, ScoreSheet] = {}
    for sheet in qs.select_related("centre__township").order_by("centre_id", "version"):
        held = current.get(sheet.centre_id)
        if held is None or held.status != SheetStatus.PUBLISHED:
            current[sheet.centre_id] = sheet
    return current


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """Last year's assessment (the comparison of issue #9 point 3), published or not."""
    return Assessment.objects.filter(year=assessment.year - 1).first()


@dataclass(frozen=True)
class RankRow:
    place: int
    sheet: ScoreSheet
    previous: ScoreSheet | None  # the same centre's current sheet of last year

    @property
    def change(self) -> Decimal | None:
        """Against last year's total; none while this year's sheet is still being scored (a half-scored
        sheet would show a fall that is only the items not yet scored)."""
        if self.previous is None or not self.sheet.complete:
            return None
        return self.sheet.total - self.previous.total


@dataclass(frozen=True)
class Ranking:
    assessment: Assessment
    rows: list[RankRow]
    of: int  # number of centres ranked
    previous: Assessment | None


def ranking(user, assessment: Assessment) -> Ranking:
    """Every centre's current sheet by total, with last year's for comparison (three queries).

    A director sees only their own row (with its place among all), and only once it is published.
    """
    scope = assessment_scope(user)
    sheets = current_sheets(assessment)
    places = rank({centre_id: sheet.total for centre_id, sheet in sheets.items()})
    previous = previous_assessment(assessment)
    before = current_sheets(previous, sheets.keys()) if previous else {}
    rows = [
        RankRow(places[centre_id], sheet, before.get(centre_id))
        for centre_id, sheet in sorted(sheets.items(), key=lambda pair: (places[pair[0]], pair[1].centre.township.code))
    ]
    if not scope.is_countywide:
        rows = [row for row in rows if row.sheet.centre_id == scope.centre_id and row.sheet.status in VISIBLE_TO_CENTRE]
    return Ranking(assessment, rows, len(sheets), previous)


def open_year_choices(today_year: int) -> list[int]:
    """Years the county admin may open: this year and the three before, not yet opened."""
    taken = set(Assessment.objects.values_list("year", flat=True))
    return [year for year in range(today_year, today_year - 4, -1) if year not in taken]


def is_published(assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.PUBLISHED

"""Scoped reads of the standardization progress (plan 三, 四(一)2-3, 四(二)).

Who reads what:
- county admin and inspectors: the county view, its print summary and every centre's page;
- a centre director: their own centre's page, and plans (sets targets for) the centre and its
  agency points — another centre is 404;
- a clerk: their own centre's page, read-only (the window staff should know what is missing;
  planning is the director's) — another centre is 404;
- agents and accounts without a role: 403.

The county view runs a fixed number of queries whatever the number of centres: the centres with
their windows and coverage (``org.selectors.centres_overview``), the mandatory lines, the agency
points with their staff counts, the targets and the published sheets — one query each.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404

from bianmin.assessment import standardization as std
from bianmin.assessment.models import ScoreSheet, SheetStatus, StandardTarget
from bianmin.core.scope import Scope
from bianmin.org import selectors as org
from bianmin.org.models import AgencyPoint, Centre, Region, RegionLevel, Window

READERS_ONLY = "标准化建设进度由县行政服务中心管委会、督查人员和中心人员查看。"
COUNTY_ONLY = "全县标准化建设进度由县行政服务中心管委会和督查人员查看。"
PLANNERS_ONLY = "标准化建设计划由本中心主任或县行政服务中心管委会制定。"


def progress_scope(user) -> Scope:
    """The reader's scope: county roles and centre staff; agents and accounts without a role 403."""
    org.require_staff(user)
    scope = org.scope_for(user)
    if not (scope.is_countywide or scope.is_centre):
        raise PermissionDenied(READERS_ONLY)
    return scope


def can_plan(user, centre_id: int) -> bool:
    """The county admin plans for every centre, a director for their own (Scope.can_edit_centre)."""
    return org.scope_for(user).can_edit_centre(centre_id)


def goal_date() -> date:
    try:
        return std.parse_goal(settings.STANDARDIZATION_GOAL_DATE)
    except ValueError as exc:
        raise ImproperlyConfigured(str(exc)) from None


def min_score() -> Decimal:
    return Decimal(settings.MODEL_CENTRE_MIN_SCORE)


# --- reads that feed the pure module --------------------------------------------------------------


def points_with_staff():
    """Agency points with the ``staff_count`` that ``org.selectors.point_report`` needs."""
    return AgencyPoint.objects.select_related("village", "centre", "head").annotate(
        staff_count=Count("staff", filter=Q(staff__is_active=True))
    )


def centre_findings_now(centre: Centre) -> list:
    """The centre's findings read fresh from the records (for the service's checks)."""
    fresh = Centre.objects.prefetch_related(
        Prefetch("windows", queryset=Window.objects.filter(is_active=True).select_related("business_line"))
    ).get(pk=centre.pk)
    return org.centre_report(fresh, org.mandatory_line_names())


def point_findings_now(point: AgencyPoint) -> list:
    return org.point_report(points_with_staff().get(pk=point.pk))


def latest_published(centre_ids: list[int]) -> dict[int, ScoreSheet]:
    """Centre pk → its latest published sheet (highest year, then version). One query.

    Only sheets with status 已发布 count: a draft year or a correction in preparation does not.
    """
    latest: dict[int, ScoreSheet] = {}
    sheets = (
        ScoreSheet.objects.filter(centre_id__in=centre_ids, status=SheetStatus.PUBLISHED)
        .select_related("assessment")
        .only("centre_id", "total", "version", "assessment__year")
        .order_by("-assessment__year", "-version")
    )
    for sheet in sheets:
        latest.setdefault(sheet.centre_id, sheet)
    return latest


def _targets(
    centre_ids: list[int],
) -> tuple[dict[int, dict[str, StandardTarget]], dict[int, dict[str, StandardTarget]]]:
    """(centre pk → code → target, point pk → code → target) for the given centres. One query."""
    by_centre: dict[int, dict[str, StandardTarget]] = defaultdict(dict)
    by_point: dict[int, dict[str, StandardTarget]] = defaultdict(dict)
    targets = StandardTarget.objects.filter(
        Q(centre_id__in=centre_ids) | Q(agency_point__centre_id__in=centre_ids)
    ).select_related("updated_by")
    for target in targets:
        if target.centre_id:
            by_centre[target.centre_id][target.code] = target
        else:
            by_point[target.agency_point_id][target.code] = target
    return by_centre, by_point


def _build(centres: list[Centre], points: list[AgencyPoint], *, today: date, goal: date) -> list[std.CentreProgress]:
    ids = [c.pk for c in centres]
    mandatory = org.mandatory_line_names()
    items = std.centre_items(mandatory)
    point_items = std.point_items()
    centre_targets, point_targets = _targets(ids)
    sheets = latest_published(ids)
    points_of: dict[int, list[std.PointProgress]] = defaultdict(list)
    for point in points:
        rows = std.checklist(
            point_items, org.point_report(point), point_targets.get(point.pk, {}), today=today, goal=goal
        )
        points_of[point.centre_id].append(std.PointProgress(point, rows))
    floor = min_score()
    out = []
    for centre in centres:
        rows = std.checklist(
            items, org.centre_report(centre, mandatory), centre_targets.get(centre.pk, {}), today=today, goal=goal
        )
        sheet = sheets.get(centre.pk)
        total = sheet.total if sheet else None
        year = sheet.assessment.year if sheet else None
        hard = sum(row.hard for row in rows)
        out.append(
            std.CentreProgress(
                centre=centre,
                name=centre.township.name,
                sort_code=centre.township.code,
                hall=centre.hall_class,
                rows=rows,
                villages=centre.village_total,
                covered=centre.villages_with_point,
                points=points_of.get(centre.pk, []),
                candidacy=std.candidacy(
                    hard_gaps=hard,
                    hall=centre.hall_class,
                    villages=centre.village_total,
                    covered=centre.villages_with_point,
                    published_total=total,
                    published_year=year,
                    min_score=floor,
                ),
                published_total=total,
                published_year=year,
            )
        )
    return out


# --- pages -----------------------------------------------------------------------------------------


def require_countywide(user) -> Scope:
    scope = progress_scope(user)
    if not scope.is_countywide:
        raise PermissionDenied(COUNTY_ONLY)
    return scope


def county_progress(user, *, today: date) -> list[std.CentreProgress]:
    """Every active centre's progress, in township order (county roles only)."""
    require_countywide(user)
    centres = list(org.centres_overview(user).filter(is_active=True))
    points = list(points_with_staff().filter(is_active=True, centre__in=[c.pk for c in centres]))
    return _build(centres, points, today=today, goal=goal_date())


@dataclass(frozen=True)
class CentrePage:
    progress: std.CentreProgress
    villages_without_point: list[Region]
    can_plan: bool


def centre_progress(user, pk: int, *, today: date) -> CentrePage:
    """One centre's checklist, its points and the villages without a point. Out of scope: 404."""
    progress_scope(user)
    try:
        centre = org.centres_overview(user).get(pk=pk)
    except Centre.DoesNotExist:
        raise Http404("不存在或无权查看") from None
    points = list(points_with_staff().filter(is_active=True, centre=centre))
    progress = _build([centre], points, today=today, goal=goal_date())[0]
    return CentrePage(progress, villages_without_point(centre), can_plan(user, centre.pk))


def villages_without_point(centre: Centre) -> list[Region]:
    """Active villages of the centre's township with no active agency point (四(二) coverage)."""
    return list(
        Region.objects.filter(parent_id=centre.township_id, level=RegionLevel.VILLAGE, is_active=True)
        .exclude(agency_point__is_active=True)
        .order_by("code")
    )


def get_centre_for_plan(user, pk: int) -> Centre:
    """The centre whose targets ``user`` sets: out of scope 404, in scope but read-only 403."""
    progress_scope(user)
    centre = org.get_centre(user, pk)
    if not can_plan(user, centre.pk):
        raise PermissionDenied(PLANNERS_ONLY)
    return centre


def get_point_for_plan(user, pk: int) -> AgencyPoint:
    progress_scope(user)
    point = org.get_point(user, pk)
    if not can_plan(user, point.centre_id):
        raise PermissionDenied(PLANNERS_ONLY)
    return point


def centre_target(centre: Centre, code: str) -> StandardTarget | None:
    return StandardTarget.objects.filter(centre=centre, code=code).first()


def point_target(point: AgencyPoint, code: str) -> StandardTarget | None:
    return StandardTarget.objects.filter(agency_point=point, code=code).first()

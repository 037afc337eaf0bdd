"""Scoped reads of the supervision registers (issue #7 points 2 and 4) and their effect on the score.

Who reads what:
- county admin and inspectors: every centre;
- a centre director (or deputy): their centre's inspections, findings, press reports and bulletins;
- a clerk: their centre's inspections, press reports and bulletins, and only the video-monitoring
  findings that name them ("a staff member's own records are visible to them");
- agency point staff and accounts without a role: 403. Out of scope is 404.

``effects_by_centre`` gives the assessment (issue #9) and the monitoring dashboard what the valid
records of a year do to each centre's score (``rules_findings.centre_year_effects``).
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.org.selectors import require_staff, scope_for, scoped
from bianmin.supervision.models import Bulletin, Inspection, MonitoringFinding, PressReport
from bianmin.supervision.rules_findings import NO_EFFECTS, CentreYearEffects, centre_year_effects

ANNUL_RELATED = ("annulled_by",)


def findings_scope(user) -> Scope:
    """The reader's scope; agency point staff and accounts without a role get 403."""
    require_staff(user)
    scope = scope_for(user)
    if not (scope.is_countywide or scope.is_centre):
        raise PermissionDenied("督查检查记录由便民服务中心和县级管理部门查看。")
    return scope


def _scoped(qs: QuerySet, user) -> QuerySet:
    return scoped(qs, scope_for(user), centre="centre_id", point=None)


def _get(qs: QuerySet, pk: int, what: str):
    record = qs.filter(pk=pk).first()
    if record is None:
        raise Http404(f"{what}不存在或无权查看")
    return record


# --- inspections -------------------------------------------------------------------------------


def inspections_for(user) -> QuerySet[Inspection]:
    return _scoped(Inspection.objects.all(), user)


def inspections_for_list(user) -> QuerySet[Inspection]:
    return inspections_for(user).select_related("centre", "agency_point", "recorded_by", "rectified_by", *ANNUL_RELATED)


def get_inspection(user, pk: int) -> Inspection:
    return _get(inspections_for_list(user), pk, "检查记录")


def bulletins_of(inspection: Inspection) -> list[Bulletin]:
    """The bulletins recorded from an inspection (valid and annulled), for its detail page."""
    return list(inspection.bulletins.select_related("annulled_by").order_by("issued_on", "pk"))


# --- video-monitoring findings -----------------------------------------------------------------


def monitoring_findings_for(user) -> QuerySet[MonitoringFinding]:
    qs = _scoped(MonitoringFinding.objects.all(), user)
    if scope_for(user).role == Role.CLERK:
        qs = qs.filter(staff__user=user)  # a clerk reads the findings that name them, no others
    return qs


def monitoring_findings_for_list(user) -> QuerySet[MonitoringFinding]:
    return monitoring_findings_for(user).select_related("centre", "window", "staff", "recorded_by", *ANNUL_RELATED)


def get_monitoring_finding(user, pk: int) -> MonitoringFinding:
    return _get(monitoring_findings_for_list(user), pk, "视频监控记录")


# --- press reports and bulletins ---------------------------------------------------------------


def press_for(user) -> QuerySet[PressReport]:
    return _scoped(PressReport.objects.all(), user)


def press_for_list(user) -> QuerySet[PressReport]:
    return press_for(user).select_related("centre", "recorded_by", *ANNUL_RELATED)


def get_press(user, pk: int) -> PressReport:
    return _get(press_for_list(user), pk, "新闻报道")


def bulletins_for(user) -> QuerySet[Bulletin]:
    return _scoped(Bulletin.objects.all(), user)


def bulletins_for_list(user) -> QuerySet[Bulletin]:
    return bulletins_for(user).select_related("centre", "inspection", "recorded_by", *ANNUL_RELATED)


def get_bulletin(user, pk: int) -> Bulletin:
    return _get(bulletins_for_list(user), pk, "上级通报")


# --- effect on the annual assessment (附件 运行监督情况, 加分项目) --------------------------------------


def effects_by_centre(*, year: int, centre_ids=None) -> dict[int, CentreYearEffects]:
    """Each centre's year of valid findings, press reports and bulletins, through the rubric.

    Three queries. With ``centre_ids`` every one of them has an entry (``NO_EFFECTS`` when it has
    no records); without, every centre with at least one record of the year has one — read others
    with ``.get(pk, NO_EFFECTS)``. Years are the county's calendar years (Asia/Shanghai).
    """
    findings = MonitoringFinding.objects.valid().filter(observed_at__year=year)
    press = PressReport.objects.valid().filter(published_on__year=year)
    bulletins = Bulletin.objects.valid().filter(issued_on__year=year)
    if centre_ids is not None:
        centre_ids = list(centre_ids)
        findings = findings.filter(centre_id__in=centre_ids)
        press = press.filter(centre_id__in=centre_ids)
        bulletins = bulletins.filter(centre_id__in=centre_ids)
    by_centre: dict[int, dict[str, list]] = defaultdict(lambda: {"findings": [], "press": [], "bulletins": []})
    for centre_id, deduction in findings.order_by().values_list("centre_id", "deduction"):
        by_centre[centre_id]["findings"].append(deduction)
    for centre_id, tone, level in press.order_by().values_list("centre_id", "tone", "level"):
        by_centre[centre_id]["press"].append((tone, level))
    for centre_id, outcome, level in bulletins.order_by().values_list("centre_id", "outcome", "level"):
        by_centre[centre_id]["bulletins"].append((outcome, level))
    effects = {centre_id: centre_year_effects(**records) for centre_id, records in by_centre.items()}
    if centre_ids is not None:
        return {centre_id: effects.get(centre_id, NO_EFFECTS) for centre_id in centre_ids}
    return effects

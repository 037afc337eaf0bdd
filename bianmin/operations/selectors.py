"""Scoped reads of daily management: who may read which attendance, leaves, running logs, patrols and
staff-change reports.

Who reads what (issue #7 point 4; DESIGN §1):
- county admin and inspector: everything county-wide (the inspector changes nothing here);
- a centre's director-role staff (中心主任, 专职副主任): their centre's records, including the
  attendance and leaves of its agency points' staff;
- a clerk or an agent: their own attendance and leaves only. Clerks may also read their centre's
  running logs (read-only): the log is the hall's shared record of the day (staffing, problems,
  how they were handled) and the window staff are the ones it is about. Patrols and staff-change
  reports are management records: directors and the county only.

Out of scope → 404 (``Http404``); a role that has no business on a page → 403 (``PermissionDenied``).

The other reads of the app, and the functions the electronic monitoring dashboard calls, are beside
this module: ``selectors_attendance`` (office hours, leaves covering a moment or a day, absences,
late/early flags, the monthly summary), ``selectors_on_post`` (在岗情况 now) and ``selectors_records``
(running logs, the day's patrols, staff changes reported on time).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.operations import rules
from bianmin.operations.models import Attendance, CentreLog, Leave, Patrol, StaffChange
from bianmin.org.models import Centre, Staff
from bianmin.org.selectors import require_staff, scope_for

WORKING_ROLES = (Role.CENTRE_DIRECTOR, Role.CLERK, Role.AGENT)


def person(staff: Staff) -> rules.Person:
    """The rules' view of a staff member; an agent belongs to the centre of their point."""
    centre_id = staff.centre_id
    if centre_id is None and staff.agency_point_id:
        centre_id = staff.agency_point.centre_id
    return rules.Person(staff_id=staff.pk, role=staff.role, centre_id=centre_id)


def home_centre_id(staff: Staff) -> int | None:
    return person(staff).centre_id


# --- scope ------------------------------------------------------------------------------------


def ops_scope(user) -> Scope:
    """Every working role uses these pages; an account without a role gets 403."""
    require_staff(user)
    return scope_for(user)


def actor_of(user) -> Staff:
    staff = getattr(user, "staff", None)
    if staff is None or not staff.is_active:
        raise PermissionDenied("您的账号尚未分配角色。")
    return staff


def is_director(scope: Scope) -> bool:
    return scope.role == Role.CENTRE_DIRECTOR and scope.centre_id is not None


def is_director_of(scope: Scope, centre_id: int | None) -> bool:
    return is_director(scope) and scope.centre_id == centre_id


def manages(scope: Scope, centre_id: int | None) -> bool:
    """May change records of that centre: its director-role staff, or the county admin."""
    return scope.is_county_admin or is_director_of(scope, centre_id)


def require_management_reader(scope: Scope, what: str) -> None:
    """Patrols, staff changes and 在岗情况: directors and the county only."""
    if not (scope.is_countywide or is_director(scope)):
        raise PermissionDenied(f"{what}由中心主任和县级管理部门查看。")


def _personal(qs: QuerySet, user, scope: Scope) -> QuerySet:
    """Attendance and leaves: the county all, a director the centre (and its points), others their own."""
    if scope.is_countywide:
        return qs
    if is_director(scope):
        return qs.filter(centre_id=scope.centre_id)
    if scope.is_centre or scope.is_agency_point:
        return qs.filter(staff__user=user)
    return qs.none()


def _get(qs: QuerySet, pk: int, message: str):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(message)
    return obj


def attendance_for(user) -> QuerySet[Attendance]:
    return _personal(Attendance.objects.all(), user, scope_for(user))


def attendance_for_list(user) -> QuerySet[Attendance]:
    return attendance_for(user).select_related("staff", "centre", "agency_point", "window", "recorded_by")


def leaves_for(user) -> QuerySet[Leave]:
    return _personal(Leave.objects.all(), user, scope_for(user))


def leaves_for_list(user) -> QuerySet[Leave]:
    return leaves_for(user).select_related("staff", "centre", "agency_point", "stand_in", "decided_by")


def get_leave(user, pk: int) -> Leave:
    qs = leaves_for(user).select_related(
        "staff",
        "staff__agency_point",
        "centre",
        "agency_point",
        "stand_in",
        "requested_by",
        "decided_by",
        "returned_by",
    )
    return _get(qs, pk, "请假记录不存在或无权查看")


def logs_for(user) -> QuerySet[CentreLog]:
    """Running logs: the county all, the centre's director-role staff and clerks their centre, agents none."""
    scope = scope_for(user)
    if scope.is_countywide:
        return CentreLog.objects.all()
    if scope.is_centre:
        return CentreLog.objects.filter(centre_id=scope.centre_id)
    return CentreLog.objects.none()


def get_log(user, pk: int) -> CentreLog:
    return _get(logs_for(user).select_related("centre", "written_by"), pk, "运行日志不存在或无权查看")


def _management(qs: QuerySet, scope: Scope) -> QuerySet:
    if scope.is_countywide:
        return qs
    if is_director(scope):
        return qs.filter(centre_id=scope.centre_id)
    return qs.none()


def patrols_for(user) -> QuerySet[Patrol]:
    return _management(Patrol.objects.all(), scope_for(user))


def patrols_for_list(user) -> QuerySet[Patrol]:
    return patrols_for(user).select_related("centre", "patrolled_by", "window", "staff", "annulled_by")


def get_patrol(user, pk: int) -> Patrol:
    return _get(patrols_for_list(user), pk, "巡查记录不存在或无权查看")


def staff_changes_for(user) -> QuerySet[StaffChange]:
    return _management(StaffChange.objects.all(), scope_for(user))


def staff_changes_for_list(user) -> QuerySet[StaffChange]:
    return staff_changes_for(user).select_related("centre", "staff", "reported_by", "acknowledged_by", "annulled_by")


def get_staff_change(user, pk: int) -> StaffChange:
    return _get(staff_changes_for_list(user), pk, "报备记录不存在或无权查看")


def people_for(user) -> QuerySet[Staff]:
    """The people whose attendance and leaves the user may manage or filter by."""
    scope = scope_for(user)
    qs = Staff.objects.filter(role__in=WORKING_ROLES).select_related("agency_point", "centre")
    if scope.is_countywide:
        return qs
    if is_director(scope):
        return qs.filter(Q(centre_id=scope.centre_id) | Q(agency_point__centre_id=scope.centre_id))
    return qs.filter(user=user)


def centre_people(centre_id: int) -> QuerySet[Staff]:
    """Active people of a centre and of its agency points (stand-ins, staff concerned, 补录)."""
    return (
        Staff.objects.filter(is_active=True, role__in=WORKING_ROLES)
        .filter(Q(centre_id=centre_id) | Q(agency_point__centre_id=centre_id))
        .select_related("agency_point")
        .order_by("agency_point__village__code", "name", "pk")
    )


def centres_in(scope: Scope) -> QuerySet[Centre]:
    qs = Centre.objects.filter(is_active=True).select_related("township").order_by("township__code")
    if scope.is_countywide:
        return qs
    return qs.filter(pk=scope.centre_id) if scope.centre_id else qs.none()

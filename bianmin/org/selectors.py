"""Scoped reads of the organisation (DESIGN §1): every page and API call fetches through these.

Out-of-scope objects raise Http404 (they do not exist for this user); in-scope objects the role
may only read raise PermissionDenied (403) when fetched for a change.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from bianmin.core.roles import Role
from bianmin.core.scope import NO_SCOPE, Scope
from bianmin.org import standards
from bianmin.org.facilities import AGENCY_POINT_FACILITIES, CENTRE_FACILITIES
from bianmin.org.models import (
    AgencyPoint,
    Authorization,
    BusinessLine,
    Centre,
    Region,
    RegionLevel,
    Staff,
    Window,
)


def scope_for(user) -> Scope:
    """The user's scope, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return NO_SCOPE
    cached = getattr(user, "_bianmin_scope", None)
    if cached is not None:
        return cached
    if getattr(user, "staff_read_with_user", False):
        # Read with the user this request (``auth.StaffModelBackend``); None: no staff row. Any other
        # user object is read again: a ``user.staff`` cached earlier may be stale.
        staff = Staff.user.field.remote_field.get_cached_value(user, default=None)
        staff = staff if staff is not None and staff.is_active else None
    else:
        # The whole row, unordered (Staff's ordering would join the centre and region for nothing),
        # kept as ``user.staff`` too: most pages read it next.
        staff = Staff.objects.filter(user=user, is_active=True).order_by().first()
    if staff is None:
        scope = NO_SCOPE
    else:
        scope = Scope(role=Role(staff.role), centre_id=staff.centre_id, agency_point_id=staff.agency_point_id)
        Staff.user.field.remote_field.set_cached_value(user, staff)  # user.staff without another read
        Staff.user.field.set_cached_value(staff, user)
    user._bianmin_scope = scope
    return scope


def require_staff(user) -> None:
    """Pages for every working role: an account with no staff role gets 403."""
    if scope_for(user).sees_nothing:
        raise PermissionDenied("您的账号尚未分配角色。")


def require_county_admin(user, message: str) -> None:
    """Pages that configure the whole county: everyone else gets 403 with ``message``."""
    if not scope_for(user).is_county_admin:
        raise PermissionDenied(message)


def scoped(qs: QuerySet, scope: Scope, *, centre: str | None, point: str | None) -> QuerySet:
    """Filter ``qs`` by scope; ``centre``/``point`` name the lookups that lead to the owning unit
    (None: that kind of unit sees nothing). Every app's scoped selectors go through this."""
    if scope.is_countywide:
        return qs
    if scope.is_centre and centre:
        return qs.filter(**{centre: scope.centre_id})
    if scope.is_agency_point and point:
        return qs.filter(**{point: scope.agency_point_id})
    return qs.none()


def _get_or_404(qs: QuerySet, pk: int):
    try:
        return qs.get(pk=pk)
    except qs.model.DoesNotExist:
        raise Http404("不存在或无权查看") from None


def _require_edit(scope: Scope, centre_id: int) -> None:
    if not scope.can_edit_centre(centre_id):
        raise PermissionDenied("您的角色只能查看,不能修改此记录。")


# --- centres -----------------------------------------------------------------------------------


def centres_for(user) -> QuerySet[Centre]:
    qs = Centre.objects.select_related("township", "director", "deputy")
    return scoped(qs, scope_for(user), centre="pk", point=None)


def get_centre(user, pk: int) -> Centre:
    return _get_or_404(centres_for(user), pk)


def get_centre_for_edit(user, pk: int) -> Centre:
    centre = get_centre(user, pk)
    _require_edit(scope_for(user), centre.pk)
    return centre


# --- windows -----------------------------------------------------------------------------------


def windows_for(user) -> QuerySet[Window]:
    qs = Window.objects.select_related("centre", "business_line").prefetch_related(
        Prefetch("staff", queryset=Staff.objects.order_by("name"))
    )
    return scoped(qs, scope_for(user), centre="centre_id", point=None)


def get_window(user, pk: int) -> Window:
    return _get_or_404(windows_for(user), pk)


def get_window_for_edit(user, pk: int) -> Window:
    window = get_window(user, pk)
    _require_edit(scope_for(user), window.centre_id)
    return window


# --- agency points -----------------------------------------------------------------------------


def points_for(user) -> QuerySet[AgencyPoint]:
    qs = AgencyPoint.objects.select_related("village", "centre", "head").annotate(
        staff_count=Count("staff", filter=Q(staff__is_active=True))
    )
    return scoped(qs, scope_for(user), centre="centre_id", point="pk")


def get_point(user, pk: int) -> AgencyPoint:
    return _get_or_404(points_for(user), pk)


def get_point_for_edit(user, pk: int) -> AgencyPoint:
    point = get_point(user, pk)
    _require_edit(scope_for(user), point.centre_id)
    return point


# --- staff -------------------------------------------------------------------------------------


def staff_for(user) -> QuerySet[Staff]:
    qs = Staff.objects.select_related("centre", "agency_point", "user")
    scope = scope_for(user)
    if scope.is_centre:
        return qs.filter(Q(centre_id=scope.centre_id) | Q(agency_point__centre_id=scope.centre_id))
    return scoped(qs, scope, centre=None, point="agency_point_id")


def get_staff(user, pk: int) -> Staff:
    return _get_or_404(staff_for(user), pk)


def staff_owner_centre_id(staff: Staff) -> int | None:
    if staff.centre_id:
        return staff.centre_id
    if staff.agency_point_id:
        return staff.agency_point.centre_id
    return None


def get_staff_for_edit(user, pk: int) -> Staff:
    staff = get_staff(user, pk)
    scope = scope_for(user)
    owner = staff_owner_centre_id(staff)
    if owner is None:
        if scope.role != Role.COUNTY_ADMIN:
            raise PermissionDenied("您的角色只能查看,不能修改此记录。")
    else:
        _require_edit(scope, owner)
    return staff


def authorizations_for_centre(centre: Centre) -> QuerySet[Authorization]:
    return centre.authorizations.select_related("department").prefetch_related("windows")


# --- standards and dashboards ------------------------------------------------------------------


def mandatory_line_names() -> list[str]:
    return list(BusinessLine.objects.filter(is_mandatory=True).values_list("name", flat=True))


def centre_report(centre: Centre, mandatory: list[str]) -> list[standards.Finding]:
    """Findings of one centre; ``centre.windows`` should be prefetched (active ones)."""
    windows = [w for w in centre.windows.all() if w.is_active]
    return standards.centre_findings(
        hall_area=centre.hall_area,
        lines_present=[w.business_line.name for w in windows if w.business_line and w.kind == "resident"],
        mandatory_lines=mandatory,
        window_kinds=[w.kind for w in windows],
        has_director=centre.director_id is not None,
        has_deputy=centre.deputy_id is not None,
        facilities={item.code: getattr(centre, item.code) for item in CENTRE_FACILITIES},
    )


def point_report(point: AgencyPoint) -> list[standards.Finding]:
    """Findings of one agency point; needs the ``staff_count`` annotation of ``points_for``."""
    return standards.point_findings(
        area=point.area,
        receiving_windows=point.receiving_windows,
        issuing_windows=point.issuing_windows,
        staff_count=point.staff_count,
        has_head=point.head_id is not None,
        facilities={item.code: getattr(point, item.code) for item in AGENCY_POINT_FACILITIES},
    )


def _village_count(active_points_only: bool) -> Subquery:
    villages = Region.objects.filter(parent=OuterRef("township"), level=RegionLevel.VILLAGE, is_active=True)
    if active_points_only:
        villages = villages.filter(agency_point__is_active=True)
    return Coalesce(Subquery(villages.order_by().values("parent").annotate(n=Count("pk")).values("n")[:1]), 0)


def centres_overview(user) -> QuerySet[Centre]:
    """Centres in scope with what the dashboards show: windows, village and agency point coverage."""
    return (
        centres_for(user)
        .prefetch_related(
            Prefetch("windows", queryset=Window.objects.filter(is_active=True).select_related("business_line"))
        )
        .annotate(
            village_total=_village_count(active_points_only=False),
            villages_with_point=_village_count(active_points_only=True),
            staff_total=Count("staff", filter=Q(staff__is_active=True), distinct=True),
        )
    )


def get_centre_overview(user, pk: int) -> Centre:
    return _get_or_404(centres_overview(user), pk)

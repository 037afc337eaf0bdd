"""Reads for the hall screens and their notices (plan 四(一)2(3) 电子显示屏、触摸查询机).

Staff reads are scoped (DESIGN §1): the county roles see every centre's notices, centre staff their
own centre's, agents their point's centre's (read-only); out-of-scope notices are 404. Only the
county admin and the centre's own director and clerks may write (403 for everyone else).
The public reads (display, kiosk) take an active centre by its key, 404 otherwise.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.org.models import BusinessLine, Centre
from bianmin.org.selectors import scope_for, scoped
from bianmin.portal.models import DisplayNotice, current_on

READ_ONLY = "您的角色只能查看显示屏公告,不能发布或修改。"

# --- staff: the centre's notices ------------------------------------------------------------------


def may_manage_notices(scope: Scope, centre_id: int | None = None) -> bool:
    """The county admin manages every centre's notices; the director and clerks their own centre's."""
    if scope.role == Role.COUNTY_ADMIN:
        return True
    if not scope.is_centre:
        return False
    return centre_id is None or scope.centre_id == centre_id


def require_notice_writer(user) -> Scope:
    scope = scope_for(user)
    if not may_manage_notices(scope):
        raise PermissionDenied(READ_ONLY)
    return scope


def notices_for(user) -> QuerySet[DisplayNotice]:
    qs = DisplayNotice.objects.select_related("centre", "created_by", "updated_by")
    return scoped(qs, scope_for(user), centre="centre_id", point="centre__agency_points")


def get_notice(user, pk: int) -> DisplayNotice:
    try:
        return notices_for(user).get(pk=pk)
    except DisplayNotice.DoesNotExist:
        raise Http404("不存在或无权查看") from None


def get_notice_for_edit(user, pk: int) -> DisplayNotice:
    notice = get_notice(user, pk)
    if not may_manage_notices(scope_for(user), notice.centre_id):
        raise PermissionDenied(READ_ONLY)
    return notice


def notice_centres_for(user) -> QuerySet[Centre]:
    """Centres whose notices the user may publish (the county admin's choice list)."""
    scope = scope_for(user)
    qs = Centre.objects.filter(is_active=True).order_by("township__code")
    if scope.role == Role.COUNTY_ADMIN:
        return qs
    if scope.is_centre:
        return qs.filter(pk=scope.centre_id)
    return qs.none()


# --- public: the screens ---------------------------------------------------------------------------


def public_centre(pk: int) -> Centre:
    """An active centre for the display or the kiosk; unknown or closed centres are 404."""
    try:
        return Centre.objects.select_related("township").get(pk=pk, is_active=True)
    except Centre.DoesNotExist:
        raise Http404("没有这个便民服务中心") from None


def current_notices(centre_id: int, day: date) -> QuerySet[DisplayNotice]:
    """What the display rotates today: oldest first, so new notices join the end of the loop."""
    return (
        DisplayNotice.objects.filter(current_on(day), centre_id=centre_id)
        .only("pk", "kind", "title", "body", "publish_on")
        .order_by("publish_on", "pk")
    )


def kiosk_business_lines(centre_id: int) -> QuerySet[BusinessLine]:
    """Business lines with published guides on the centre's implementation list, with their counts."""
    on_list = Q(
        items__centres__centre_id=centre_id,
        items__centres__is_active=True,
        items__is_active=True,
        items__current__isnull=False,
    )
    return (
        BusinessLine.objects.annotate(guide_count=Count("items", filter=on_list, distinct=True))
        .filter(guide_count__gt=0)
        .order_by("sort_order", "code")
    )

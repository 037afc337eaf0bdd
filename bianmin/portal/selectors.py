"""Public reads for the portal (no login): only active, published data, in a constant number of queries.

Plan 四(一)4(6) 办事公开 and 四(一)2(1) 岗位公示: the public sees the centres, their windows, the staff
post board, the agency points and the published guides. Nothing here reads cases, applicants,
drafts, inactive records or staff who are off the post board; the views call only these functions.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from bianmin.catalogue.models import CentreItem, GuideVersion, ServiceItem
from bianmin.catalogue.search import SearchHit, search_items
from bianmin.catalogue.selectors import centre_items, guide_with_materials, published_items
from bianmin.operations.selectors_attendance import leaves_covering_moment, on_leave_exists
from bianmin.org.models import AgencyPoint, BusinessLine, Centre, Staff, Window

PUBLIC_STAFF_FIELDS = ("name", "post", "position", "phone", "photo", "centre_id", "agency_point_id")


def _public_staff() -> QuerySet[Staff]:
    """Staff the public may see: in post and on the post board, with only the post-board fields."""
    return Staff.objects.filter(is_active=True, on_post_board=True).only(*PUBLIC_STAFF_FIELDS)


def _with_leave(qs: QuerySet[Staff]) -> QuerySet[Staff]:
    """Mark who is on approved leave right now (``on_leave``) and who stands in (``stand_in_name``),
    in the same query (四(二) 工作人员去向栏; issue #7: absent staff shown on the post board as on
    leave). Only that: never the kind of leave or its reason; a stand-in only if on the board too."""
    now = timezone.now()
    stand_in = (
        leaves_covering_moment(now)
        .filter(staff_id=OuterRef("pk"), stand_in__is_active=True, stand_in__on_post_board=True)
        .order_by("starts_at")
        .values("stand_in__name")[:1]
    )
    return qs.annotate(on_leave=on_leave_exists(now), stand_in_name=Subquery(stand_in))


# --- centres -----------------------------------------------------------------------------------


def public_centres() -> QuerySet[Centre]:
    """Every active centre in township code order (one centre per township)."""
    return Centre.objects.filter(is_active=True).select_related("township").order_by("township__code")


def get_public_centre(pk: int) -> Centre:
    centre = public_centres().filter(pk=pk).first()
    if centre is None:
        raise Http404("该便民服务中心不存在或已停用")
    return centre


def centre_windows(centre: Centre) -> list[Window]:
    """The centre's active windows with their business line and public staff (``window.public_staff``)."""
    return list(
        Window.objects.filter(centre=centre, is_active=True)
        .select_related("business_line")
        .prefetch_related(
            Prefetch("staff", queryset=_with_leave(_public_staff()).order_by("name"), to_attr="public_staff")
        )
        .order_by("number")
    )


def post_board(centre: Centre) -> list[Staff]:
    """四(一)2(1) 岗位公示牌: the centre's staff on the board, director and deputy first, then by post;
    each with ``on_leave`` / ``stand_in_name`` (``_with_leave``)."""
    people = list(_with_leave(_public_staff().filter(centre=centre)).order_by("post", "name"))
    leaders = [centre.director_id, centre.deputy_id]

    def order(person: Staff) -> int:
        return leaders.index(person.pk) if person.pk in leaders else len(leaders)

    return sorted(people, key=order)  # stable: the others keep their post/name order


def centre_points(centre: Centre) -> list[AgencyPoint]:
    """The township's active agency points with their public staff (``point.public_staff``)."""
    return list(
        AgencyPoint.objects.filter(centre=centre, is_active=True)
        .select_related("village")
        .prefetch_related(
            Prefetch("staff", queryset=_with_leave(_public_staff()).order_by("name"), to_attr="public_staff")
        )
        .order_by("village__code")
    )


@dataclass(frozen=True)
class LineItems:
    line: BusinessLine
    entries: list[CentreItem]


def centre_guides(centre: Centre) -> list[LineItems]:
    """Items handled at the centre (active, with a published guide), grouped by business line."""
    groups: list[LineItems] = []
    for entry in centre_items(centre):
        line = entry.item.business_line
        if not groups or groups[-1].line.pk != line.pk:
            groups.append(LineItems(line=line, entries=[]))
        groups[-1].entries.append(entry)
    return groups


# --- guides ------------------------------------------------------------------------------------


def business_lines() -> list[BusinessLine]:
    return list(BusinessLine.objects.order_by("sort_order", "code"))


def search_guides(query: str, *, business_line_id: int | None, centre: Centre | None, limit: int) -> list[SearchHit]:
    """Published, active items only (search_items reads ``published_items``)."""
    return search_items(query, business_line_id=business_line_id, centre=centre, limit=limit)


def get_public_guide(item_pk: int) -> tuple[ServiceItem, GuideVersion]:
    """The item and its published guide with materials; 404 for inactive or unpublished items."""
    item = published_items().filter(pk=item_pk).first()
    if item is None:
        raise Http404("该事项不存在或尚无已发布的办事指南")
    return item, guide_with_materials(item.current_id)


def guide_places(item: ServiceItem) -> list[CentreItem]:
    """The active centres that handle the item, with the receiving window."""
    return list(
        CentreItem.objects.filter(item=item, is_active=True, centre__is_active=True)
        .select_related("centre__township", "window")
        .order_by("centre__township__code")
    )

"""Public reads of the centres and their agency points (no credentials): only what the public
centre page shows (bianmin/portal/selectors.py): active centres, windows, staff on the post board
with their work phone (四(一)2(1) 岗位公示), who is on leave, agency points."""

from ninja import Field, Path, Router, Schema

from bianmin.api.errors import PUBLIC
from bianmin.api.routers.catalogue import ItemOut, item_out
from bianmin.catalogue.selectors import centre_items
from bianmin.portal import selectors as portal

router = Router(tags=["中心与代办点(公开)"])


# --- centres and agency points --------------------------------------------------------------------


class RegionOut(Schema):
    code: str = Field(description="统计用区划代码")
    name: str


class PersonOut(Schema):
    name: str
    post: str
    position: str
    phone: str = Field(description="工作电话(岗位公示牌公开的号码)")
    on_leave: bool
    stand_in: str = Field(description="请假期间顶岗人员")


class WindowOut(Schema):
    number: int
    name: str
    kind: str
    kind_label: str
    business_line: str
    duties: str
    staff: list[PersonOut]


class PointOut(Schema):
    id: int
    name: str
    village: RegionOut
    centre_id: int
    address: str
    phone: str
    staff: list[PersonOut]


class CentreOut(Schema):
    id: int
    name: str
    township: RegionOut
    address: str
    opening_hours: str
    service_phone: str
    complaint_phone: str


class CentreDetailOut(CentreOut):
    commitments: str
    duties: str
    windows: list[WindowOut]
    post_board: list[PersonOut]
    agency_points: list[PointOut]


class CentreItemOut(ItemOut):
    window_number: int | None
    window_name: str


def _person(person) -> dict:
    return {
        "name": person.name,
        "post": person.post,
        "position": person.position,
        "phone": person.phone,
        "on_leave": bool(getattr(person, "on_leave", False)),
        "stand_in": getattr(person, "stand_in_name", None) or "",
    }


def _centre(centre) -> dict:
    return {
        "id": centre.pk,
        "name": centre.name,
        "township": {"code": centre.township.code, "name": centre.township.name},
        "address": centre.address,
        "opening_hours": centre.opening_hours,
        "service_phone": centre.service_phone,
        "complaint_phone": centre.complaint_phone,
    }


def _point(point) -> dict:
    return {
        "id": point.pk,
        "name": point.name,
        "village": {"code": point.village.code, "name": point.village.name},
        "centre_id": point.centre_id,
        "address": point.address,
        "phone": point.phone,
        "staff": [_person(p) for p in point.public_staff],
    }


@router.get("/centres", response={200: list[CentreOut], **PUBLIC}, auth=None, summary="便民服务中心")
def centres(request):
    return [_centre(c) for c in portal.public_centres()]


@router.get("/centres/{centre_id}", response={200: CentreDetailOut, **PUBLIC}, auth=None, summary="中心公开信息")
def centre(request, centre_id: int = Path(..., ge=1)):
    """窗口、岗位公示、代办点,与公众页面“中心详情”相同。"""
    found = portal.get_public_centre(centre_id)
    return _centre(found) | {
        "commitments": found.commitments,
        "duties": found.duties,
        "windows": [
            {
                "number": w.number,
                "name": w.name,
                "kind": w.kind,
                "kind_label": w.get_kind_display(),
                "business_line": w.business_line.name if w.business_line else "",
                "duties": w.duties,
                "staff": [_person(p) for p in w.public_staff],
            }
            for w in portal.centre_windows(found)
        ],
        "post_board": [_person(p) for p in portal.post_board(found)],
        "agency_points": [_point(p) for p in portal.centre_points(found)],
    }


@router.get(
    "/centres/{centre_id}/items", response={200: list[CentreItemOut], **PUBLIC}, auth=None, summary="中心实施清单"
)
def centre_item_list(request, centre_id: int = Path(..., ge=1)):
    found = portal.get_public_centre(centre_id)
    rows = []
    for entry in centre_items(found):
        window = entry.window if entry.window and entry.window.is_active else None
        rows.append(
            item_out(entry.item)
            | {"window_number": window.number if window else None, "window_name": window.name if window else ""}
        )
    return rows


@router.get("/centres/{centre_id}/agency-points", response={200: list[PointOut], **PUBLIC}, auth=None, summary="代办点")
def centre_points(request, centre_id: int = Path(..., ge=1)):
    return [_point(p) for p in portal.centre_points(portal.get_public_centre(centre_id))]

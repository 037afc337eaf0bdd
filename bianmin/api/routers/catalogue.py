"""Public reads of the catalogue (no credentials): business lines, published items and their guides
with materials and places — the same selectors as the public guide pages (bianmin/portal)."""

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from bianmin.api.errors import PUBLIC
from bianmin.api.pagination import Page, PageQuery
from bianmin.catalogue.models import ServiceItem
from bianmin.org.models import BusinessLine
from bianmin.portal import selectors as portal

router = Router(tags=["事项目录(公开)"])


# --- schemas --------------------------------------------------------------------------------------


class BusinessLineOut(Schema):
    id: int
    code: str
    name: str = Field(description="业务条线,如 民政")
    is_mandatory: bool = Field(description="是否“5+x”中必设的5个窗口之一")


class ItemOut(Schema):
    id: int
    code: str = Field(description="事项编码(与省政务服务事项目录一致)")
    name: str
    aliases: list[str] = Field(description="俗称/简称")
    business_line: str
    item_type: str
    item_type_label: str
    department: str = Field(description="实施主体(责任站所)")
    handling_type: str = Field(description="immediate 即办件 / promised 承诺件")
    handling_type_label: str
    statutory_limit_days: int | None = Field(description="法定办结时限(工作日)")
    promised_limit_days: int = Field(description="承诺办结时限(工作日),即办件为0")
    visits: int = Field(description="到现场次数")
    online: bool
    agency_allowed: bool = Field(description="村(社区)代办点可代办")
    pending_allowed: bool = Field(description="可容缺受理")
    guide_version: int


class MaterialOut(Schema):
    position: int
    name: str
    form: str
    form_label: str
    copies: int
    required: bool
    pending_allowed: bool
    notes: str
    blank_form_url: str
    sample_url: str


class PlaceOut(Schema):
    centre_id: int
    centre: str
    window_number: int | None
    window_name: str


class GuideOut(ItemOut):
    legal_basis: str
    conditions: str
    procedure: list[str]
    is_free: bool
    fees: str
    fee_basis: str
    place: str
    hours: str
    consult_phone: str
    complaint_phone: str
    published_at: str | None
    materials: list[MaterialOut]
    places: list[PlaceOut] = Field(description="办理该事项的中心和受理窗口")


def item_out(item: ServiceItem) -> dict:
    guide = item.current
    return {
        "id": item.pk,
        "code": item.code,
        "name": guide.name,
        "aliases": item.alias_list,
        "business_line": item.business_line.name,
        "item_type": guide.item_type,
        "item_type_label": guide.get_item_type_display(),
        "department": guide.department,
        "handling_type": guide.handling_type,
        "handling_type_label": guide.get_handling_type_display(),
        "statutory_limit_days": guide.statutory_limit_days,
        "promised_limit_days": guide.promised_limit_days,
        "visits": guide.visits,
        "online": guide.online,
        "agency_allowed": guide.agency_allowed,
        "pending_allowed": guide.pending_allowed,
        "guide_version": guide.number,
    }


def _url(field) -> str:
    return field.url if field else ""


# --- catalogue ------------------------------------------------------------------------------------


class ItemQuery(PageQuery):
    q: str = Field("", max_length=100, description="名称、俗称、全拼或拼音首字母,如 低保、dibao、db")
    business_line: int | None = Field(None, ge=1, description="业务条线ID")
    centre: int | None = Field(None, ge=1, description="只列该中心实施清单中的事项")


@router.get("/business-lines", response={200: list[BusinessLineOut], **PUBLIC}, auth=None, summary="业务条线")
def business_lines(request):
    return list(BusinessLine.objects.order_by("sort_order", "code"))


@router.get("/catalogue/items", response={200: Page[ItemOut], **PUBLIC}, auth=None, summary="查找事项")
def items(request, query: Query[ItemQuery]):
    """已发布的政务服务事项,按查找的匹配程度排序(不带查找词时按业务条线和编码)。"""
    centre = portal.public_centres().filter(pk=query.centre).first() if query.centre else None
    if query.centre and centre is None:
        raise Http404("该便民服务中心不存在或已停用")
    hits = portal.search_guides(query.q, business_line_id=query.business_line, centre=centre, limit=None)
    start = (query.page - 1) * query.page_size
    rows = [item_out(hit.item) for hit in hits[start : start + query.page_size]]
    return {"count": len(hits), "page": query.page, "page_size": query.page_size, "items": rows}


@router.get("/catalogue/items/{item_id}", response={200: GuideOut, **PUBLIC}, auth=None, summary="事项的办事指南")
def item_guide(request, item_id: int = Path(..., ge=1)):
    """现行(已发布)办事指南,含申请材料和办理地点。"""
    item, guide = portal.get_public_guide(item_id)
    item.current = guide
    return item_out(item) | {
        "legal_basis": guide.legal_basis,
        "conditions": guide.conditions,
        "procedure": guide.steps,
        "is_free": guide.is_free,
        "fees": guide.fees,
        "fee_basis": guide.fee_basis,
        "place": guide.place,
        "hours": guide.hours,
        "consult_phone": guide.consult_phone,
        "complaint_phone": guide.complaint_phone,
        "published_at": guide.published_at.isoformat() if guide.published_at else None,
        "materials": [
            {
                "position": m.position,
                "name": m.name,
                "form": m.form,
                "form_label": m.get_form_display(),
                "copies": m.copies,
                "required": m.required,
                "pending_allowed": m.pending_allowed and guide.pending_allowed,
                "notes": m.notes,
                "blank_form_url": _url(m.blank_form),
                "sample_url": _url(m.sample),
            }
            for m in guide.materials.all()
        ],
        "places": [
            {
                "centre_id": entry.centre_id,
                "centre": entry.centre.name,
                "window_number": entry.window.number if entry.window and entry.window.is_active else None,
                "window_name": entry.window.name if entry.window and entry.window.is_active else "",
            }
            for entry in portal.guide_places(item)
        ],
    }

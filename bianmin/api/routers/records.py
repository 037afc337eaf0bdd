"""Staff registers: consultations (首问/咨询登记), ratings (好差评) and complaints (投诉举报).

Reads through the apps' scoped selectors with their rules of who sees what: clerks see ratings
without the rated case (the rater is anonymous to the staff rated) and complaints without the
complainant; phones are always masked. Consultations are registered through the register's own
service (the actor is the first responder, plan 四(一)4(1))."""

from datetime import date, datetime

from ninja import Field, Header, Path, Query, Router, Schema, Status

from bianmin.api.errors import READ, WRITE, ApiError
from bianmin.api.pagination import Page, PageQuery, paginate
from bianmin.api.routers.cases import scoped_key
from bianmin.api.types import IsoDate, IsoDateTime
from bianmin.cases import selectors as case_selectors
from bianmin.cases import services_records
from bianmin.cases.forms_consult import ConsultationFilterForm
from bianmin.cases.models import Consultation
from bianmin.catalogue.selectors import published_items
from bianmin.core.personal import mask_phone
from bianmin.org.selectors import require_staff, scope_for
from bianmin.supervision import selectors as supervision
from bianmin.supervision.forms import RatingFilterForm
from bianmin.supervision.forms_complaints import ComplaintFilterForm

router = Router(tags=["咨询、好差评与投诉"])


def _form_or_422(form):
    if not form.is_valid():
        details = [{"field": f, "message": str(m)} for f, ms in form.errors.items() for m in ms]
        raise ApiError(422, "筛选条件有误:" + ";".join(d["message"] for d in details), details=details)
    return form


# --- consultations --------------------------------------------------------------------------------


class ConsultationQuery(PageQuery):
    q: str = Field("", max_length=60, description="咨询人、内容或结果")
    state: str = Field("", pattern="^(|open|closed)$", description="open 跟踪中 / closed 已办结")
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None


class ConsultationOut(Schema):
    id: int
    centre: str
    agency_point: str
    asked_at: datetime
    visitor_name: str
    visitor_phone_masked: str
    channel: str
    item_code: str
    item_name: str
    question: str
    answer: str
    first_responder: str
    routed_to: str
    state: str
    state_label: str
    closed_at: datetime | None
    outcome: str


class ConsultationIn(Schema):
    visitor_name: str = Field(..., min_length=1, max_length=60)
    visitor_phone: str = Field("", max_length=30)
    question: str = Field(..., min_length=1, max_length=2000)
    answer: str = Field("", max_length=2000)
    channel: str = Field("", max_length=10, description="中心:window / phone / online;代办点:agency / phone / online")
    item_id: int | None = Field(None, ge=1, description="涉及事项(须在本中心实施清单中)")
    asked_at: IsoDateTime | None = Field(None, description="咨询时间,默认现在;不能晚于现在")


def consultation_out(c: Consultation) -> dict:
    return {
        "id": c.pk,
        "centre": c.centre.name,
        "agency_point": c.agency_point.name if c.agency_point else "",
        "asked_at": c.asked_at,
        "visitor_name": c.visitor_name,
        "visitor_phone_masked": mask_phone(c.visitor_phone) if c.visitor_phone else "",
        "channel": c.channel,
        "item_code": c.item.code if c.item else "",
        "item_name": c.item.current.name if c.item and c.item.current else "",
        "question": c.question,
        "answer": c.answer,
        "first_responder": c.first_responder.name,
        "routed_to": c.routed_to.name if c.routed_to else "",
        "state": c.state,
        "state_label": c.get_state_display(),
        "closed_at": c.closed_at,
        "outcome": c.outcome,
    }


@router.get("/consultations", response={200: Page[ConsultationOut], **READ}, summary="咨询登记")
def consultation_list(request, query: Query[ConsultationQuery]):
    require_staff(request.auth)
    data = {k: v for k, v in query.dict().items() if k not in ("page", "page_size") and v not in ("", None)}
    form = _form_or_422(ConsultationFilterForm(data))
    count, rows = paginate(form.apply(case_selectors.consultations_for(request.auth)), query)
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "items": [consultation_out(c) for c in rows],
    }


@router.get("/consultations/{consultation_id}", response={200: ConsultationOut, **READ}, summary="咨询登记详情")
def consultation_detail(request, consultation_id: int = Path(..., ge=1)):
    require_staff(request.auth)
    found = case_selectors.consultations_for(request.auth).filter(pk=consultation_id).first()
    if found is None:
        raise ApiError(404, "咨询登记不存在或无权查看")
    return consultation_out(found)


@router.post("/consultations", response={201: ConsultationOut, **WRITE}, summary="登记咨询(首问负责)")
def consultation_create(
    request,
    payload: ConsultationIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=64),
):
    require_staff(request.auth)
    scope = scope_for(request.auth)
    if scope.is_countywide:
        raise ApiError(403, "县级角色只能查看咨询登记,不能登记或处理。")
    item = None
    if payload.item_id:
        item = published_items().filter(pk=payload.item_id).first()
        if item is None:
            raise ApiError(404, "事项不存在或尚无已发布的办事指南")
    key = scoped_key(request.auth, idempotency_key)
    consultation = services_records.consultation_create(
        actor=request.auth.staff,
        visitor_name=payload.visitor_name,
        visitor_phone=payload.visitor_phone,
        channel=payload.channel or None,
        item=item,
        question=payload.question,
        answer=payload.answer,
        asked_at=payload.asked_at,
        idempotency_key=key,
    )
    found = case_selectors.consultations_for(request.auth).get(pk=consultation.pk)
    return Status(201, consultation_out(found))


# --- ratings --------------------------------------------------------------------------------------


class RatingQuery(PageQuery):
    kind: str = Field("", pattern="^(|good|bad)$", description="good 好评 / bad 差评(不满意、非常不满意)")
    centre: int | None = Field(None, ge=1, description="中心ID(县级角色)")


class RatingOut(Schema):
    id: int
    centre: str
    window: str
    receipt_number: str = Field(description="被评办件编号(中心主任和县级可见;窗口人员为空)")
    overall: int
    efficiency: int
    attitude: int
    guide_accuracy: int
    is_bad: bool
    comment: str
    channel: str
    rated_at: datetime
    rectification_status: str


@router.get("/ratings", response={200: Page[RatingOut], **READ}, summary="好差评")
def rating_list(request, query: Query[RatingQuery]):
    """评价人匿名:不含评价人任何信息;窗口人员看不到被评办件。"""
    scope = supervision.supervision_scope(request.auth)
    data = {k: v for k, v in query.dict().items() if k not in ("page", "page_size") and v not in ("", None)}
    form = _form_or_422(RatingFilterForm(data, countywide=scope.is_countywide))
    qs = form.apply(supervision.ratings_for_list(request.auth)).order_by("-rated_at", "-pk")
    count, rows = paginate(qs, query)
    sees_case = supervision.sees_identities(scope)
    items = [
        {
            "id": r.pk,
            "centre": r.centre.name,
            "window": str(r.window) if r.window else "",
            "receipt_number": r.case.receipt_number if sees_case else "",
            "overall": r.overall,
            "efficiency": r.efficiency,
            "attitude": r.attitude,
            "guide_accuracy": r.guide_accuracy,
            "is_bad": r.is_bad,
            "comment": r.comment,
            "channel": r.channel,
            "rated_at": r.rated_at,
            "rectification_status": r.rectification.status if hasattr(r, "rectification") else "",
        }
        for r in rows
    ]
    return {"count": count, "page": query.page, "page_size": query.page_size, "items": items}


# --- complaints -----------------------------------------------------------------------------------


class ComplaintQuery(PageQuery):
    status: str = Field("", pattern="^(|open|received|processing|closed)$", description="open 为未办结")
    category: str = Field("", pattern="^(|attitude|conduct|efficiency|quality|fees|other)$")
    since: IsoDate | None = Field(None, description="受理日期从")
    until: IsoDate | None = Field(None, description="受理日期至")
    overdue: bool = Field(False, description="仅看逾期")
    centre: int | None = Field(None, ge=1, description="中心ID(县级角色)")


class ComplaintOut(Schema):
    id: int
    code: str
    centre: str
    channel: str
    category: str
    category_label: str
    status: str
    status_label: str
    submitted_at: datetime
    deadline: date | None
    complainant: str = Field(description="投诉人(中心主任和县级可见;其他人为“匿名”或“实名”)")
    complainant_phone_masked: str
    subject: str
    content: str
    verdict: str
    reply: str
    replied_at: datetime | None
    closed_at: datetime | None


def complaint_out(c, identities: bool) -> dict:
    if c.is_anonymous:
        who, phone = "匿名", ""
    elif identities:
        who, phone = c.name or "(未留姓名)", mask_phone(c.phone) if c.phone else ""
    else:
        who, phone = "实名", ""
    return {
        "id": c.pk,
        "code": c.code,
        "centre": c.centre.name,
        "channel": c.channel,
        "category": c.category,
        "category_label": c.get_category_display(),
        "status": c.status,
        "status_label": c.get_status_display(),
        "submitted_at": c.submitted_at,
        "deadline": c.deadline,
        "complainant": who,
        "complainant_phone_masked": phone,
        "subject": c.subject,
        "content": c.content,
        "verdict": c.verdict,
        "reply": c.reply,
        "replied_at": c.replied_at,
        "closed_at": c.closed_at,
    }


@router.get("/complaints", response={200: Page[ComplaintOut], **READ}, summary="投诉举报登记簿")
def complaint_list(request, query: Query[ComplaintQuery]):
    scope = supervision.supervision_scope(request.auth)
    data = {k: v for k, v in query.dict().items() if k not in ("page", "page_size") and v not in ("", None, False)}
    form = _form_or_422(ComplaintFilterForm(data, countywide=scope.is_countywide))
    qs = form.apply(supervision.complaints_for_list(request.auth)).order_by("-submitted_at", "-pk")
    count, rows = paginate(qs, query)
    identities = supervision.sees_identities(scope)
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "items": [complaint_out(c, identities) for c in rows],
    }


@router.get("/complaints/{complaint_id}", response={200: ComplaintOut, **READ}, summary="投诉举报详情")
def complaint_detail(request, complaint_id: int = Path(..., ge=1)):
    scope = supervision.supervision_scope(request.auth)
    return complaint_out(supervision.get_complaint(request.auth, complaint_id), supervision.sees_identities(scope))

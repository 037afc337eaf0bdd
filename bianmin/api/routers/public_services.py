"""Public services without login, for 赣服通-style mobile apps and kiosks: the progress lookup, 好差评
of a decided case and complaints (投诉举报) with their follow-up code. The same selectors, services
and throttles (same budgets per client address) as the public pages; nothing about the applicant
beyond what the progress page shows (the name masked, no ID number, no phone)."""

import uuid
from datetime import date, datetime

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema, Status

from bianmin.api.errors import PUBLIC, ApiError, responses
from bianmin.cases.selectors import public_progress
from bianmin.cases.workflow import DECIDED
from bianmin.core import throttle
from bianmin.portal import views_progress as progress_page
from bianmin.portal.selectors import get_public_centre
from bianmin.supervision import selectors as supervision
from bianmin.supervision import services as ratings
from bianmin.supervision import services_complaints as complaints
from bianmin.supervision import views_public as supervision_pages
from bianmin.supervision.models import ComplaintCategory, ComplaintChannel, RatingChannel
from bianmin.supervision.rules import COMMENT_MAX

router = Router(tags=["公众服务(无需登录)"])
PUBLIC_WRITE = responses(400, 404, 409, 413, 422, 429)


def _throttle(request, purpose: str, limit: int, window: int = 60, message: str = "") -> None:
    if not throttle.hit(request, purpose, limit=limit, per_seconds=window):
        raise ApiError(429, message or throttle.message(limit))


class ProgressQuery(Schema):
    number: str = Field(..., min_length=1, max_length=progress_page.MAX_NUMBER, description="办件编号")
    code: str = Field("", max_length=progress_page.MAX_CODE, description="告知单上的查询码")
    phone4: str = Field("", max_length=4, description="申请时登记的手机号码后4位(与查询码二选一)")


class StepOut(Schema):
    label: str
    at: datetime
    detail: str


class ProgressOut(Schema):
    receipt_number: str
    item_name: str
    applicant: str = Field(description="申请人姓名(打码)")
    centre: str
    window: str
    agency_point: str
    status: str
    status_label: str
    hint: str
    received_at: datetime
    accepted_at: datetime | None
    due_at: datetime | None
    due_provisional: bool
    completed_at: datetime | None
    result_label: str
    delivered_at: datetime | None
    steps: list[StepOut]
    can_rate: bool


def _found(number: str, code: str, phone4: str):
    if not (code or phone4):
        raise ApiError(422, progress_page.INCOMPLETE)
    found = public_progress(number.strip(), code=code.strip().upper(), phone_last4=phone4.strip())
    if found is None:
        raise Http404(progress_page.NOT_FOUND)
    return found


@router.get("/public/progress", response={200: ProgressOut, **PUBLIC}, auth=None, summary="办件进度查询")
def progress(request, query: Query[ProgressQuery]):
    """凭办件编号和手机号码后4位(或查询码)查询;所有不匹配的情况回答相同,按来访地址限流。"""
    _throttle(request, "progress", progress_page.LOOKUPS_PER_MINUTE)
    case, events = _found(query.number, query.code, query.phone4)
    return {
        "receipt_number": case.receipt_number,
        "item_name": case.item_name,
        "applicant": progress_page.mask_name(case.applicant_name),
        "centre": case.centre.name,
        "window": str(case.window) if case.window else "",
        "agency_point": case.agency_point.name if case.agency_point else "",
        "status": case.status,
        "status_label": case.get_status_display(),
        "hint": progress_page.STATUS_HINTS.get(case.status, ""),
        "received_at": case.received_at,
        "accepted_at": case.accepted_at,
        "due_at": case.due_at,
        "due_provisional": case.due_provisional,
        "completed_at": case.completed_at,
        "result_label": case.get_result_display() if case.result else "",
        "delivered_at": case.delivered_at,
        "steps": [s.__dict__ for s in progress_page.public_steps(events, case)],
        "can_rate": case.status in DECIDED,
    }


class RatingIn(Schema):
    number: str = Field(..., min_length=1, max_length=progress_page.MAX_NUMBER, description="办件编号")
    code: str = Field("", max_length=progress_page.MAX_CODE, description="查询码")
    phone4: str = Field("", max_length=4, description="手机号码后4位(与查询码二选一)")
    overall: int = Field(..., ge=1, le=5, description="总体评价:5 非常满意 … 1 非常不满意")
    efficiency: int = Field(..., ge=1, le=5, description="办事效率")
    attitude: int = Field(..., ge=1, le=5, description="服务态度")
    guide_accuracy: int = Field(..., ge=1, le=5, description="办事指南准确性")
    comment: str = Field("", max_length=COMMENT_MAX, description="意见建议;不满意、非常不满意时必填")


class RatingOut(Schema):
    receipt_number: str
    rated_at: datetime
    rectification_opened: bool = Field(description="差评已转为整改,中心主任将回访")


@router.post("/public/ratings", response={201: RatingOut, **PUBLIC_WRITE}, auth=None, summary="好差评")
def rate(
    request,
    payload: RatingIn,
):
    """对已办结的办件评价一次(国办发〔2019〕51号);须凭办件编号和查询码或手机号后4位证明持有回执。"""
    _throttle(request, "rate", supervision_pages.RATE_LIMIT)
    case, _events = _found(payload.number, payload.code, payload.phone4)
    if supervision.is_rated(case):
        raise ApiError(409, ratings.ALREADY_RATED, code="already_rated")
    rating = ratings.rating_submit(
        case=case,
        overall=payload.overall,
        efficiency=payload.efficiency,
        attitude=payload.attitude,
        guide_accuracy=payload.guide_accuracy,
        comment=payload.comment,
        channel=RatingChannel.PROGRESS,
        request_key=uuid.uuid4().hex,
    )
    return Status(
        201, {"receipt_number": case.receipt_number, "rated_at": rating.rated_at, "rectification_opened": rating.is_bad}
    )


class ComplaintIn(Schema):
    centre_id: int = Field(..., ge=1, description="被投诉的便民服务中心")
    category: str = Field(
        ...,
        max_length=12,
        description="attitude 服务态度 / conduct 工作作风 / efficiency 办事效率 / "
        "quality 办事质量 / fees 违规收费 / other 其他",
    )
    content: str = Field(..., min_length=1, max_length=2000)
    name: str = Field("", max_length=30, description="可匿名")
    phone: str = Field("", max_length=30, description="便于回访,可不填")
    subject: str = Field("", max_length=60, description="被投诉人或窗口")
    receipt_number: str = Field("", max_length=40, description="相关办件编号")


class ComplaintCreatedOut(Schema):
    code: str = Field(description="查询码:凭此查看处理情况和答复")
    deadline: date | None = Field(description="办理期限")


class ComplaintStatusOut(Schema):
    code: str
    category_label: str
    centre: str
    submitted_at: datetime
    status: str
    status_label: str
    reply: str
    replied_at: datetime | None


@router.post("/public/complaints", response={201: ComplaintCreatedOut, **PUBLIC_WRITE}, auth=None, summary="投诉举报")
def complaint_new(request, payload: ComplaintIn):
    _throttle(
        request,
        "complaint",
        supervision_pages.COMPLAINT_LIMIT,
        supervision_pages.COMPLAINT_WINDOW,
        supervision_pages.COMPLAINT_THROTTLED,
    )
    if payload.category not in ComplaintCategory.values:
        raise ApiError(422, "请选择投诉举报类别。", details=[{"field": "category", "message": "类别无效。"}])
    complaint = complaints.complaint_submit(
        centre=get_public_centre(payload.centre_id),
        category=payload.category,
        content=payload.content,
        name=payload.name,
        phone=payload.phone,
        subject=payload.subject,
        receipt_number=payload.receipt_number,
        channel=ComplaintChannel.PORTAL,
        request_key=uuid.uuid4().hex,
    )
    return Status(201, {"code": complaint.code, "deadline": complaint.deadline})


@router.get(
    "/public/complaints/{code}", response={200: ComplaintStatusOut, **PUBLIC}, auth=None, summary="投诉处理情况"
)
def complaint_status(request, code: str = Path(..., max_length=20)):
    """凭查询码查看类别、中心、日期、状态和答复;不显示投诉人和内部处理记录。"""
    _throttle(request, "complaint_status", supervision_pages.STATUS_LIMIT)
    complaint = supervision.public_complaint(code)
    if complaint is None:
        raise Http404("查询码不存在,请核对后重新输入。")
    return {
        "code": complaint.code,
        "category_label": complaint.get_category_display(),
        "centre": complaint.centre.name,
        "submitted_at": complaint.submitted_at,
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "reply": complaint.reply,
        "replied_at": complaint.replied_at,
    }

"""Cases (办件): list with the pages' filters, my work queue, detail, timeline, intake at a window or
an agency point, and the audited look at a full ID number. Reads through ``bianmin.cases.selectors``
(scope: out of scope is 404), intake through ``case_intake`` (the intake page's own service)."""

import hashlib
import uuid

from django.http import Http404
from ninja import Field, Header, Path, Query, Router, Status

from bianmin.api.errors import READ, WRITE, ApiError
from bianmin.api.pagination import Page, PageQuery, paginate
from bianmin.api.schemas_cases import (
    CaseCreateIn,
    CaseDetailOut,
    CaseOut,
    CaseStatus,
    ChannelName,
    EventOut,
    IntakeOut,
    LightFilter,
    RevealOut,
    case_detail_out,
    case_out,
    event_out,
)
from bianmin.api.types import IsoDate
from bianmin.cases import filters, selectors, services, workflow
from bianmin.cases.action_forms import ACTION_FORMS
from bianmin.cases.forms import IntakeForm
from bianmin.cases.services import Applicant
from bianmin.cases.services_intake import case_intake
from bianmin.catalogue.selectors import published_items
from bianmin.core.errors import ApplicationError
from bianmin.org.selectors import require_staff, scope_for

router = Router(tags=["办件"])


class CaseQuery(PageQuery):
    q: str = Field("", max_length=60, description="办件编号、申请人或事项名称")
    status: CaseStatus | None = None
    light: LightFilter | None = Field(None, description="red 红灯(已超期) / yellow 黄灯 / alarm 红灯和黄灯")
    channel: ChannelName | None = None
    centre: int | None = Field(None, ge=1, description="中心ID(县级角色)")
    window: int | None = Field(None, ge=1, description="窗口ID")
    received_from: IsoDate | None = None
    received_to: IsoDate | None = None


def scoped_key(user, key: str | None) -> str:
    """A client's Idempotency-Key, kept apart per account (two clients choosing "1" do not meet).
    40 characters: the intake derives its steps' keys from it (":accept_pending" …) within 64."""
    if not key:
        return uuid.uuid4().hex
    return hashlib.sha256(f"api:{user.pk}:{key}".encode()).hexdigest()[:40]


def form_errors(form) -> list[dict]:
    return [{"field": name, "message": str(message)} for name, messages in form.errors.items() for message in messages]


def _filtered(user, query: CaseQuery, base, *, full: bool):
    data = {
        key: value
        for key, value in {
            "q": query.q,
            "status": query.status.value if query.status else "",
            "light": query.light.value if query.light else "",
            "channel": query.channel.value if query.channel else "",
            "centre": query.centre or "",
            "window": query.window or "",
            "received_from": query.received_from.isoformat() if query.received_from else "",
            "received_to": query.received_to.isoformat() if query.received_to else "",
        }.items()
        if value
    }
    form = filters.CaseFilterForm(data, user=user, full=full)
    if not form.is_valid():  # the pages' own filter form: an out-of-scope centre or window is invalid
        raise ApiError(
            422, "筛选条件有误:" + ";".join(d["message"] for d in form_errors(form)), details=form_errors(form)
        )
    return filters.apply(form, selectors.for_list(base).select_related("item"))


def _page(qs, query: PageQuery) -> dict:
    count, rows = paginate(qs, query)
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "items": [case_out(c) for c in selectors.with_lights(rows)],
    }


@router.get("/cases", response={200: Page[CaseOut], **READ}, summary="办件列表")
def case_list(request, query: Query[CaseQuery]):
    """本账号范围内的办件(中心:本中心;代办点:本代办点;县级:全县),新收件在前。"""
    require_staff(request.auth)
    return _page(_filtered(request.auth, query, selectors.cases_for(request.auth), full=True), query)


@router.get("/cases/queue", response={200: Page[CaseOut], **READ}, summary="我的待办")
def case_queue(request, query: Query[CaseQuery]):
    """我承办、我的窗口、我首问跟踪的未办结办件(中心主任另含待审批的延期),办结期限近的在前。"""
    require_staff(request.auth)
    qs = _filtered(request.auth, query, selectors.work_queue(request.auth), full=False)
    return _page(qs.order_by(*filters.DUE_FIRST), query)


def allowed_actions(case, user) -> list[str]:
    """What the case page offers this user now (workflow table + each action's own availability)."""
    scope = scope_for(user)
    if scope.is_countywide:
        return []
    names = [a.value for a in workflow.allowed_actions(case.status, scope.role)]
    names += ["pending_fulfilled", "callback"]
    return [name for name in names if ACTION_FORMS[name].available(case, scope.role)]


def detail(case, user) -> dict:
    case = selectors.get_case(user, case.pk)
    selectors.with_lights([case])
    return case_detail_out(case, allowed_actions(case, user))


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **READ}, summary="办件详情")
def case_detail(request, case_id: int = Path(..., ge=1)):
    require_staff(request.auth)
    return detail(selectors.get_case(request.auth, case_id), request.auth)


@router.get("/cases/{case_id}/timeline", response={200: list[EventOut], **READ}, summary="办理过程")
def case_timeline(request, case_id: int = Path(..., ge=1)):
    """每一步的办理人、时间、理由和依据条款(只增不改)。"""
    require_staff(request.auth)
    case = selectors.get_case(request.auth, case_id)
    return [event_out(e) for e in selectors.case_timeline(case)]


@router.post("/cases/{case_id}/reveal-id", response={200: RevealOut, **WRITE}, summary="查看完整证件号码")
def case_reveal_id(request, case_id: int = Path(..., ge=1)):
    """只有办理该办件的单位可以查看;每次查看都记入办理过程(与办件页“查看完整号码”相同)。"""
    require_staff(request.auth)
    case = selectors.get_case(request.auth, case_id)
    staff = getattr(request.auth, "staff", None)
    if staff is None or scope_for(request.auth).is_countywide:
        raise ApiError(403, "只有办理该办件的单位可以查看完整证件号码。")
    try:
        return {"id_number": services.case_reveal_id(case=case, actor=staff)}
    except ApplicationError as exc:
        raise ApiError(403, exc.message) from None


@router.post("/cases", response={201: IntakeOut, **WRITE}, summary="收件(窗口)或代办登记(代办点)")
def case_create(
    request,
    payload: CaseCreateIn,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", max_length=64, description="同一请求重发时带相同的值,只办理一次"
    ),
):
    """按事项指南逐项核对材料后,系统自动决定:材料齐全即受理(即办件可当场办结);只缺可容缺材料且申请人
    承诺的容缺受理;否则出具一次性告知单。代办点登记代办件并可立即移交中心。与收件页面规则相同。"""
    require_staff(request.auth)
    scope = scope_for(request.auth)
    if not (scope.is_centre or scope.is_agency_point):
        raise ApiError(403, "只有中心窗口工作人员和代办点工作人员可以收件。")
    item = published_items().filter(pk=payload.item_id).first()
    if item is None:
        raise Http404("事项不存在或尚无已发布的办事指南")
    guide = item.current
    materials = list(enumerate(guide.materials.all(), start=1))
    data = {
        "request_key": scoped_key(request.auth, idempotency_key),
        "applicant_name": payload.applicant.name,
        "id_type": payload.applicant.id_type,
        "id_number": payload.applicant.id_number,
        "phone": payload.applicant.phone,
        "address": payload.applicant.address,
        "channel": payload.channel.value if payload.channel else "window",
        "complete_now": payload.complete_now,
        "pledge": payload.pledge,
        "catch_up": payload.catch_up.isoformat() if payload.catch_up else "",
        "hand_over_now": payload.hand_over_now,
    }
    if payload.agent is not None:
        data |= {
            "agent_name": payload.agent.name,
            "agent_id_type": payload.agent.id_type,
            "agent_id_number": payload.agent.id_number,
            "agent_phone": payload.agent.phone,
        }
    ticks = {t.position: t for t in payload.materials}
    for position, _material in materials:
        tick = ticks.get(position)
        data[f"mat_{position}"] = tick.state.value if tick else "missing"
        data[f"note_{position}"] = tick.note if tick else ""
    form = IntakeForm(data, guide=guide, materials=materials, at_point=scope.is_agency_point)
    if not form.is_valid():  # the intake page's own form: the same checks of ID numbers and phones
        raise ApiError(
            422, "收件信息有误:" + ";".join(d["message"] for d in form_errors(form)), details=form_errors(form)
        )
    consultation = None
    if payload.consultation_id:
        consultation = (
            selectors.consultations_for(request.auth).filter(pk=payload.consultation_id, state="open").first()
        )
        if consultation is None:
            raise Http404("咨询登记不存在或已办结")
    applicant: Applicant = form.applicant()
    outcome = case_intake(
        actor=request.auth.staff,
        item=item,
        applicant=applicant,
        materials=form.material_states(),
        channel=form.cleaned_data.get("channel"),
        consultation=consultation,
        idempotency_key=form.cleaned_data["request_key"],
        complete_now=bool(form.cleaned_data.get("complete_now")),
        pledge=bool(form.cleaned_data.get("pledge")),
        catch_up=form.cleaned_data.get("catch_up"),
        hand_over_now=bool(form.cleaned_data.get("hand_over_now")),
    )
    return Status(
        201, {"decision": outcome.decision, "error": outcome.error, "case": detail(outcome.case, request.auth)}
    )

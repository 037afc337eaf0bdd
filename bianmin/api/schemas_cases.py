"""Output and input schemas of the case endpoints, and how a case becomes its output. ID numbers
and phones are masked exactly as on the case pages (bianmin/templates/cases/); the full ID number
only through the audited reveal (POST /cases/{id}/reveal-id)."""

from datetime import date, datetime
from enum import Enum

from django.urls import reverse
from ninja import Field, Schema

from bianmin.api.types import IsoDate
from bianmin.cases import workflow
from bianmin.cases.models import Case, Channel
from bianmin.core.personal import mask_id_document, mask_phone

CaseStatus = Enum("CaseStatus", {s.name: s.value for s in workflow.Status}, type=str)
ActionName = Enum(
    "ActionName",
    {**{a.name: a.value for a in workflow.Action}, "PENDING_FULFILLED": "pending_fulfilled", "CALLBACK": "callback"},
    type=str,
)
ChannelName = Enum("ChannelName", {c.name: c.value for c in Channel}, type=str)
LightFilter = Enum("LightFilter", {"RED": "red", "YELLOW": "yellow", "ALARM": "alarm"}, type=str)
MaterialState = Enum(
    "MaterialState",
    {"RECEIVED": "received", "MISSING": "missing", "DEFECTIVE": "defective", "NOT_NEEDED": "not_needed"},
    type=str,
)


class Ref(Schema):
    id: int
    name: str


class WindowRef(Schema):
    id: int
    number: int
    name: str


class LightOut(Schema):
    key: str = Field(
        description="normal 正常 / yellow 黄灯 / red 红灯 / paused 挂起中 / on_time 按时办结 / late 超期办结 / "
        "none 未受理 / closed 已撤回"
    )
    label: str


class CaseOut(Schema):
    id: int
    receipt_number: str = Field(description="办件编号:乡镇区划代码-年份-6位序号,每中心每年连续")
    item_id: int
    item_code: str
    item_name: str
    handling_type: str
    limit_days: int
    status: str
    status_label: str
    light: LightOut
    centre: Ref
    window: WindowRef | None
    agency_point: Ref | None
    channel: str
    channel_label: str
    applicant_name: str
    id_type: str
    id_number_masked: str
    phone_masked: str
    handler: str
    received_at: datetime
    accepted_at: datetime | None
    due_at: datetime | None
    due_provisional: bool
    completed_at: datetime | None
    result: str
    delivered_at: datetime | None
    version: int = Field(description="办理时须原样提交;他人先办理后版本变化,提交旧版本得到409")


class MaterialOut(Schema):
    position: int
    name: str
    form: str
    copies: int
    required: bool
    pending_allowed: bool
    state: str
    state_label: str
    note: str


class NoticeOut(Schema):
    kind: str
    kind_label: str
    number: str
    issued_at: datetime
    print_url: str


class ActionOut(Schema):
    action: str
    label: str


class CaseDetailOut(CaseOut):
    address: str
    agent_name: str
    agent_id_number_masked: str
    agent_phone_masked: str
    first_responder: str
    due_note: str
    suspended_days: int
    extended_days: int
    pending_materials: list[str]
    pending_until: date | None
    result_note: str
    delivery_method: str
    callback_at: datetime | None
    materials: list[MaterialOut]
    notices: list[NoticeOut]
    actions: list[ActionOut] = Field(description="当前账号在当前状态下可以执行的办理动作(与办件页相同)")


class EventOut(Schema):
    id: int
    at: datetime
    action: str
    action_label: str
    from_status: str
    to_status: str
    actor: str
    reason: str
    basis: str = Field(description="依据的方案条款或法律条文")
    data: dict


def case_out(case: Case) -> dict:
    light = getattr(case, "light", None)
    return {
        "id": case.pk,
        "receipt_number": case.receipt_number,
        "item_id": case.item_id,
        "item_code": case.item.code,
        "item_name": case.item_name,
        "handling_type": case.handling_type,
        "limit_days": case.limit_days,
        "status": case.status,
        "status_label": case.get_status_display(),
        "light": {"key": light.key, "label": light.label} if light else {"key": "none", "label": ""},
        "centre": {"id": case.centre_id, "name": case.centre.name},
        "window": {"id": case.window_id, "number": case.window.number, "name": case.window.name}
        if case.window
        else None,
        "agency_point": {"id": case.agency_point_id, "name": case.agency_point.name} if case.agency_point else None,
        "channel": case.channel,
        "channel_label": case.get_channel_display(),
        "applicant_name": case.applicant_name,
        "id_type": case.id_type,
        "id_number_masked": mask_id_document(case.id_type, case.id_number),
        "phone_masked": mask_phone(case.phone),
        "handler": case.handler.name if case.handler else "",
        "received_at": case.received_at,
        "accepted_at": case.accepted_at,
        "due_at": case.due_at,
        "due_provisional": case.due_provisional,
        "completed_at": case.completed_at,
        "result": case.result,
        "delivered_at": case.delivered_at,
        "version": case.version,
    }


def case_detail_out(case: Case, actions: list[str]) -> dict:
    labels = {
        **{a.value: a.label for a in workflow.Action},
        "pending_fulfilled": "容缺材料已补齐",
        "callback": "登记回访",
    }
    return case_out(case) | {
        "address": case.address,
        "agent_name": case.agent_name,
        "agent_id_number_masked": mask_id_document(case.agent_id_type or "other", case.agent_id_number)
        if case.agent_id_number
        else "",
        "agent_phone_masked": mask_phone(case.agent_phone) if case.agent_phone else "",
        "first_responder": case.first_responder.name,
        "due_note": case.due_note,
        "suspended_days": case.suspended_days,
        "extended_days": case.extended_days,
        "pending_materials": [p.get("name", "") for p in case.pending_materials or []],
        "pending_until": case.pending_until,
        "result_note": case.result_note,
        "delivery_method": case.delivery_method,
        "callback_at": case.callback_at,
        "materials": [
            {
                "position": m.position,
                "name": m.name,
                "form": m.form,
                "copies": m.copies,
                "required": m.required,
                "pending_allowed": m.pending_allowed,
                "state": m.state,
                "state_label": m.get_state_display(),
                "note": m.note,
            }
            for m in case.materials.all()
        ],
        "notices": [
            {
                "kind": n.kind,
                "kind_label": n.get_kind_display(),
                "number": n.number,
                "issued_at": n.issued_at,
                "print_url": reverse("cases:notice_print", args=[case.pk, n.pk]),
            }
            for n in case.notices.all()
        ],
        "actions": [{"action": a, "label": labels[a]} for a in actions],
    }


def event_out(event) -> dict:
    return {
        "id": event.pk,
        "at": event.at,
        "action": event.action,
        "action_label": event.get_action_display(),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "actor": event.actor.name if event.actor else "",
        "reason": event.reason,
        "basis": event.basis,
        "data": event.data or {},
    }


# --- input ----------------------------------------------------------------------------------------


class MaterialTick(Schema):
    position: int = Field(..., ge=1, le=999, description="材料序号(见事项指南或办件详情)")
    state: MaterialState
    note: str = Field("", max_length=200)


class PersonIn(Schema):
    name: str = Field(..., min_length=1, max_length=60)
    id_type: str = Field("resident", max_length=20, description="证件类型:resident 居民身份证、passport 护照……")
    id_number: str = Field(..., min_length=1, max_length=30)
    phone: str = Field(..., min_length=1, max_length=30)
    address: str = Field("", max_length=200)


class AgentIn(Schema):
    name: str = Field(..., min_length=1, max_length=60)
    id_type: str = Field("resident", max_length=20)
    id_number: str = Field(..., min_length=1, max_length=30)
    phone: str = Field("", max_length=30)


class CaseCreateIn(Schema):
    item_id: int = Field(..., ge=1, description="事项ID(见 /catalogue/items 或 /centres/{id}/items)")
    applicant: PersonIn
    agent: AgentIn | None = Field(None, description="受申请人委托代为办理的人")
    materials: list[MaterialTick] = Field(
        default_factory=list, max_length=200, description="逐项核对的材料;未列出的视为缺少"
    )
    channel: ChannelName | None = Field(None, description="window 窗口 / phone 电话 / online 网上申报(代办点不填)")
    consultation_id: int | None = Field(None, ge=1, description="由咨询登记转为收件时填写")
    complete_now: bool = Field(False, description="即办件材料齐全时当场办结并交付结果")
    pledge: bool = Field(False, description="申请人已签署容缺补齐承诺书")
    catch_up: IsoDate | None = Field(None, description="容缺材料补齐期限")
    hand_over_now: bool = Field(True, description="代办点登记后立即移交中心")


class IntakeOut(Schema):
    decision: str = Field(
        description="accept 受理 / accept_pending 容缺受理 / one_time_notice 一次性告知 / "
        "registered_at_point 代办登记 / handed_over 已移交中心"
    )
    error: str = Field(description="已收件但未能完成上述决定时的原因(可在办件上再次办理)")
    case: CaseDetailOut


class CaseActionIn(Schema):
    version: int | None = Field(None, ge=0, description="读取办件时的 version(除回访、容缺补齐外必填)")
    note: str = Field("", max_length=500, description="说明/审批意见/回访情况")
    reason: str = Field("", max_length=1000, description="理由(不予受理、挂起、延期、撤回、转办必填)")
    kind: str = Field(
        "",
        max_length=20,
        description="挂起的特别程序:publicity 公示 / hearing 听证 / testing 检验检测 / expert 专家评审 / "
        "supplement 补正材料 / other",
    )
    days: int | None = Field(None, ge=1, le=30, description="申请延期的工作日数")
    result: str = Field("", max_length=10, description="办结结果:approved 准予 / refused 不予(须写说明)")
    method: str = Field(
        "",
        max_length=12,
        description="送达方式:collected 窗口自取 / mail 邮寄 / electronic 电子送达 / agent 代办点送达",
    )
    window_id: int | None = Field(None, ge=1, description="转办至窗口")
    handler_id: int | None = Field(None, ge=1, description="转办至承办人(工作人员ID)")
    confirmed: list[int] | None = Field(
        None, max_length=200, description="确认接收移交时逐项核对收到的材料序号;不填为全部"
    )
    materials: list[MaterialTick] | None = Field(
        None, max_length=200, description="补正/受理时的材料核对;未列出的保持原状态"
    )
    complete_now: bool = False
    pledge: bool = False
    catch_up: IsoDate | None = None


class ActionResultOut(Schema):
    case: CaseDetailOut
    notice: NoticeOut | None = Field(description="本次办理出具的文书(如受理通知书、一次性告知单)")


class RevealOut(Schema):
    id_number: str = Field(description="申请人完整证件号码;每次查看都记入办理过程")

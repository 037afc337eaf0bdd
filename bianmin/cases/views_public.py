"""The public progress page (no login) that the QR code on every notice leads to.

The applicant needs the receipt number and the 6-character query code printed beside it (on every
notice). The page shows where the case stands and its public steps; nothing personal beyond the
masked name: no ID number, no phone, no staff names, and free-text reasons only where they are the
decision the applicant is owed in writing (不予受理, 办结 — 行政许可法第32条、第38条), with any ID or
phone number in them masked. A wrong number or code gets one message that does not say which was
wrong, so the page cannot be used to find out whether a receipt number exists.
"""

from dataclasses import dataclass
from datetime import datetime

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from bianmin.cases.models import CaseEvent, DeliveryMethod, Result, Suspension
from bianmin.cases.selectors import public_progress
from bianmin.cases.workflow import Status
from bianmin.core.personal import redact

NOT_FOUND = "未查询到办件信息:请核对办件编号和查询码(印在受理通知书或告知单上)后重新查询。"
INCOMPLETE = "请同时填写办件编号和查询码。"

# What the applicant should do or expect next, in plain words (elderly-friendly).
STATUS_HINTS: dict[str, str] = {
    Status.REGISTERED_AT_POINT: "代办点已登记您的申请,将尽快移交便民服务中心。",
    Status.IN_TRANSFER: "申请材料正在由代办点移交便民服务中心。",
    Status.RECEIVED: "中心已收到您的申请材料,正在审查。",
    Status.AWAITING_SUPPLEMENT: "申请材料需要补正,请按《一次性告知单》补齐材料后到窗口办理。",
    Status.NOT_ACCEPTED: "您的申请未被受理,理由见下方办理过程和《不予受理通知书》。",
    Status.HANDLING: "您的申请已受理,正在办理中,请在办结期限后留意通知。",
    Status.SUSPENDED: "办件处于法定特别程序中(如公示、听证、检验检测),该期间不计入办理时限。",
    Status.EXTENSION_PENDING: "办件正在办理中。",
    Status.COMPLETED: "办件已办结,请按约定方式领取办理结果。",
    Status.RESULT_AT_POINT: "办理结果已送到代办点,请到代办点领取。",
    Status.DELIVERED: "办理结果已送达,本次办理完成。感谢您的耐心。",
    Status.WITHDRAWN: "您已撤回申请,本次办理结束。",
}

# The events whose free text is the written decision the applicant is owed (shown, with ID and
# phone numbers masked); every other event shows only its label and structured facts.
REASON_SHOWN = frozenset({"refuse_acceptance", "complete"})
MAX_NUMBER, MAX_CODE = 32, 8


@dataclass(frozen=True)
class Step:
    label: str
    at: datetime
    detail: str


def mask_name(name: str) -> str:
    """The first character and one star per remaining character: 张三 → 张*, 欧阳娜娜 → 欧***."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def _label(choices, value) -> str:
    return dict(choices).get(value, "")


def step_detail(event: CaseEvent, case=None) -> str:
    data = event.data or {}
    if event.action == "complete":
        # A 即办件 completed on the spot records no result in the event: the case's result is it.
        result = _label(Result.choices, data.get("result") or (case.result if case else ""))
        return "办理结果:" + result + (f"。{redact(event.reason)}" if event.reason.strip() else "")
    if event.action in REASON_SHOWN:
        return "理由:" + redact(event.reason) if event.reason.strip() else ""
    if event.action == "approve_extension" and data.get("days"):
        return f"延长{data['days']}个工作日"
    if event.action == "suspend":
        kind = _label(Suspension.Kind.choices, data.get("kind"))
        return f"特别程序:{kind}(不计入办理时限)" if kind else ""
    if event.action == "resume" and data.get("days") is not None:
        return f"特别程序共{data['days']}个工作日,不计入办理时限"
    if event.action == "deliver":
        method = _label(DeliveryMethod.choices, data.get("method"))
        return f"送达方式:{method}" if method else ""
    return ""


def public_steps(events, case=None) -> list[Step]:
    return [Step(label=e.get_action_display(), at=e.at, detail=step_detail(e, case)) for e in events]


@never_cache
def progress(request):
    number = request.GET.get("no", "").strip()
    code = request.GET.get("code", "").strip().upper()
    context = {"number": number[:MAX_NUMBER], "code": code[:MAX_CODE], "case": None, "error": "", "searched": False}
    if "no" in request.GET or "code" in request.GET:
        context["searched"] = True
        found = None
        if not number or not code:
            context["error"] = INCOMPLETE
        elif len(number) <= MAX_NUMBER and len(code) <= MAX_CODE:
            found = public_progress(number, code)
        if found is not None:
            case, events = found
            context.update(
                case=case,
                applicant=mask_name(case.applicant_name),
                hint=STATUS_HINTS.get(case.status, ""),
                steps=public_steps(events, case),
            )
        elif not context["error"]:
            context["error"] = NOT_FOUND
    response = render(request, "cases/progress.html", context)
    # The query code is in the URL: keep it out of Referer headers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response

"""The public progress lookup (no login): issue #6 point 2, reached from the QR code of every notice.

An applicant proves they hold the receipt with the receipt number plus either the last 4 digits of
the phone they gave, or the 6-character query code printed on the notice (the QR code carries it, so
scanning opens the result directly). The page shows the item, status, due date and public steps,
with the name masked: no ID number, no phone, no staff names, and free-text reasons only where they
are the decision the applicant is owed in writing (不予受理, 办结 — 行政许可法第32条、第38条), with any
ID or phone number in them masked. "No such case" and "wrong digits" get the same answer, and every
attempt counts against a per-client throttle, so receipt numbers cannot be enumerated.
A successful lookup remembers the case in the session: that is the proof the rating page asks for.
"""

from dataclasses import dataclass
from datetime import datetime

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from bianmin.cases.models import CaseEvent, DeliveryMethod, Result, Suspension
from bianmin.cases.selectors import public_progress
from bianmin.cases.workflow import DECIDED, Status
from bianmin.core import throttle
from bianmin.core.personal import redact

NOT_FOUND = "未查询到办件信息:请核对办件编号和手机号码后4位(或告知单上的查询码)后重新查询。"
INCOMPLETE = "请填写办件编号,以及申请时登记的手机号码后4位(或告知单上的查询码)。"
LOOKUPS_PER_MINUTE = 10
VERIFIED = "portal_verified_cases"
VERIFIED_KEEP = 20

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


def remember_verified(request, case_pk: int) -> None:
    """The session's proof that this visitor looked the case up (the rating page checks it)."""
    verified = [pk for pk in request.session.get(VERIFIED, []) if pk != case_pk]
    request.session[VERIFIED] = [*verified, case_pk][-VERIFIED_KEEP:]


def is_verified(request, case_pk: int) -> bool:
    return case_pk in request.session.get(VERIFIED, [])


@never_cache
def progress(request):
    number = request.GET.get("no", "").strip()[:MAX_NUMBER]
    code = request.GET.get("code", "").strip().upper()[:MAX_CODE]
    digits = request.GET.get("phone4", "").strip()[:4]
    kiosk = request.GET.get("kiosk", "")
    context = {
        "number": number,
        "code": code,
        "phone4": "",
        "case": None,
        "error": "",
        "searched": False,
        "kiosk": kiosk if kiosk.isdigit() else "",
    }
    status = 200
    if any(key in request.GET for key in ("no", "code", "phone4")):
        context["searched"] = True
        if not throttle.hit(request, "progress", limit=LOOKUPS_PER_MINUTE):
            context["error"], status = throttle.message(LOOKUPS_PER_MINUTE), 429
        elif not number or not (code or digits):
            context["error"] = INCOMPLETE
        else:
            found = public_progress(number, code=code, phone_last4=digits)
            if found is None:
                context["error"] = NOT_FOUND
            else:
                case, events = found
                remember_verified(request, case.pk)
                context.update(
                    case=case,
                    applicant=mask_name(case.applicant_name),
                    hint=STATUS_HINTS.get(case.status, ""),
                    steps=public_steps(events, case),
                    can_rate=case.status in DECIDED,
                )
    response = render(request, "portal/progress.html", context, status=status)
    # The query code may be in the URL: keep it out of Referer headers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response

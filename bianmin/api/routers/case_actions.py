"""Acting on a case: one endpoint per case and action, run through the case page's own action forms
and services (bianmin/cases/action_forms.py), so the API has exactly the page's rules:

- the workflow table decides which role may take which action from which state
  (wrong state → 409 invalid_state, wrong role → 403);
- ``version`` is the one the client read: if someone acted in between → 409 "已被他人处理";
- ``Idempotency-Key`` makes a retried request a no-op that answers as the first did.
"""

from django.urls import reverse
from ninja import Header, Path, Router

from bianmin.api.errors import WRITE, ApiError
from bianmin.api.routers.cases import detail, form_errors, scoped_key
from bianmin.api.schemas_cases import ActionName, ActionResultOut, CaseActionIn
from bianmin.cases import selectors, workflow
from bianmin.cases.action_forms import ACTION_FORMS, build_form, run_action
from bianmin.cases.models import Handover
from bianmin.org.selectors import require_staff, scope_for

router = Router(tags=["办件"])
CHECKLIST_ACTIONS = {"request_supplement", "supplement_received", "accept", "accept_pending"}


def form_data(case, action: str, payload: CaseActionIn, key: str) -> dict:
    """The action form's POST data from the JSON body; what the body leaves out is what the case
    page would have pre-filled (the recorded material states, every item of the hand-over list)."""
    data = {
        "request_key": key,
        "version": "" if payload.version is None else payload.version,
        "note": payload.note,
        "reason": payload.reason,
        "kind": payload.kind,
        "days": "" if payload.days is None else payload.days,
        "result": payload.result,
        "method": payload.method,
        "window": payload.window_id or "",
        "handler": payload.handler_id or "",
        "complete_now": payload.complete_now,
        "pledge": payload.pledge,
        "catch_up": payload.catch_up.isoformat() if payload.catch_up else "",
    }
    if action in CHECKLIST_ACTIONS:
        ticks = {t.position: t for t in payload.materials or []}
        for material in case.materials.all():
            tick = ticks.get(material.position)
            data[f"mat_{material.position}"] = tick.state.value if tick else material.state
            data[f"note_{material.position}"] = tick.note if tick else material.note
    if action == "confirm_handover":
        if payload.confirmed is not None:
            data["confirmed"] = [str(p) for p in payload.confirmed]
        else:
            handover = case.handovers.filter(direction=Handover.Direction.TO_CENTRE, received_at__isnull=True).last()
            data["confirmed"] = [str(i["position"]) for i in handover.items] if handover else []
    return data


def refuse_early(case, action: str, role) -> None:
    """The workflow table's answer, as the right status: 409 for a state that does not allow the
    action, 403 for a role that may not take it; then the action's own availability (422)."""
    if action in workflow.Action.values:
        edge = workflow.edge(case.status, action)
        if edge is None:
            raise ApiError(409, workflow.refusal(case.status, action, role) or "", code="invalid_state")
        if role not in edge.roles:
            raise ApiError(403, workflow.refusal(case.status, action, role) or "")
    if not ACTION_FORMS[action].available(case, role):
        raise ApiError(422, f"该办件当前不能执行“{ACTION_FORMS[action].label}”。", code="rule_violation")


@router.post("/cases/{case_id}/actions/{action}", response={200: ActionResultOut, **WRITE}, summary="办理办件")
def case_act(
    request,
    payload: CaseActionIn,
    case_id: int = Path(..., ge=1),
    action: ActionName = Path(..., description="办理动作,见办件详情的 actions"),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=64),
):
    """补正、受理、容缺受理、不予受理、挂起、恢复、申请延期、批准/不批准延期、办结、结果送回代办点、送达、
    撤回、转办、移交、确认接收移交、容缺材料补齐、回访。县级角色只读(403)。"""
    require_staff(request.auth)
    name = action.value
    case = selectors.get_case_for_action(request.auth, case_id)
    refuse_early(case, name, scope_for(request.auth).role)
    form = build_form(
        name, case, request.auth, data=form_data(case, name, payload, scoped_key(request.auth, idempotency_key))
    )
    if not form.is_valid():
        details = form_errors(form)
        raise ApiError(
            422, f"未能{ACTION_FORMS[name].label}:" + ";".join(d["message"] for d in details), details=details
        )
    run_action(name, case, request.auth.staff, form)
    notice = None
    if kind := ACTION_FORMS[name].notice:
        found = case.notices.filter(kind=kind).order_by("-issued_at", "-pk").first()
        if found is not None:
            notice = {
                "kind": found.kind,
                "kind_label": found.get_kind_display(),
                "number": found.number,
                "issued_at": found.issued_at,
                "print_url": reverse("cases:notice_print", args=[case.pk, found.pk]),
            }
    return {"case": detail(case, request.auth), "notice": notice}

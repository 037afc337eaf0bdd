"""Which form each action on the case page uses, and how its cleaned data calls the service.

One entry per action of ``workflow.Action`` plus the two recording actions that keep the state
(容缺材料补齐, 回访). The view stays generic: build the form, validate, run, report.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms

from bianmin.cases import forms, services
from bianmin.cases.models import Case, Handover, NoticeKind
from bianmin.cases.workflow import Action, Status
from bianmin.core.roles import Role


@dataclass(frozen=True)
class Spec:
    label: str
    done: str
    form: type[django_forms.Form]
    run: Callable[..., Any]
    notice: str = ""
    kwargs: Callable[[Case], dict[str, Any]] = lambda case: {}
    available: Callable[[Case, Role | None], bool] = lambda case, role: True


def _materials(case: Case) -> dict[str, Any]:
    return {"materials": [(m.position, m) for m in case.materials.all()]}


def _handover_items(case: Case) -> dict[str, Any]:
    handover = case.handovers.filter(direction=Handover.Direction.TO_CENTRE, received_at__isnull=True).last()
    return {"items": handover.items if handover else []}


def _common(form) -> dict[str, Any]:
    return {"request_key": form.cleaned_data["request_key"], "seen_version": form.cleaned_data["version"]}


A = Action
ACTION_FORMS: dict[str, Spec] = {
    A.HAND_OVER: Spec(
        "移交中心",
        "已移交中心,请打印代办移交单随材料一并送达。",
        forms.NoteForm,
        lambda case, actor, f: services.case_hand_over(
            case=case, actor=actor, note=f.cleaned_data["note"], **_common(f)
        ),
        notice=NoticeKind.HANDOVER,
    ),
    A.CONFIRM_HANDOVER: Spec(
        "确认接收移交",
        "已核对并接收移交材料。",
        forms.ConfirmHandoverForm,
        lambda case, actor, f: services.case_confirm_handover(
            case=case, actor=actor, confirmed=f.cleaned_data["confirmed"], note=f.cleaned_data["note"], **_common(f)
        ),
        kwargs=_handover_items,
    ),
    A.REQUEST_SUPPLEMENT: Spec(
        "出具一次性告知单",
        "已出具一次性告知单。",
        forms.ChecklistForm,
        lambda case, actor, f: services.case_request_supplement(
            case=case, actor=actor, materials=f.material_states(), note=f.cleaned_data["note"], **_common(f)
        ),
        notice=NoticeKind.ONE_TIME,
        kwargs=_materials,
    ),
    A.SUPPLEMENT_RECEIVED: Spec(
        "登记补正材料",
        "补正材料已登记,可以受理。",
        forms.ChecklistForm,
        lambda case, actor, f: services.case_supplement_received(
            case=case, actor=actor, materials=f.material_states(), note=f.cleaned_data["note"], **_common(f)
        ),
        kwargs=_materials,
    ),
    A.ACCEPT: Spec(
        "受理",
        "已受理。",
        forms.AcceptForm,
        lambda case, actor, f: services.case_accept(
            case=case,
            actor=actor,
            materials=f.material_states(),
            complete_now=f.cleaned_data["complete_now"],
            result_note=f.cleaned_data["note"],
            **_common(f),
        ),
        notice=NoticeKind.PROMISE,
        kwargs=_materials,
    ),
    A.ACCEPT_PENDING: Spec(
        "容缺受理",
        "已容缺受理。",
        forms.AcceptPendingForm,
        lambda case, actor, f: services.case_accept_pending(
            case=case,
            actor=actor,
            materials=f.material_states(),
            pledge=f.cleaned_data["pledge"],
            catch_up=f.cleaned_data["catch_up"],
            **_common(f),
        ),
        notice=NoticeKind.PENDING,
        kwargs=_materials,
        available=lambda case, role: case.guide.pending_allowed,
    ),
    A.REFUSE_ACCEPTANCE: Spec(
        "不予受理",
        "已作出不予受理决定,请打印不予受理通知书交申请人。",
        forms.ReasonForm,
        lambda case, actor, f: services.case_refuse_acceptance(
            case=case, actor=actor, reason=f.cleaned_data["reason"], **_common(f)
        ),
        notice=NoticeKind.REFUSAL,
    ),
    A.SUSPEND: Spec(
        "挂起",
        "已挂起,特别程序期间不计入办理时限。",
        forms.SuspendForm,
        lambda case, actor, f: services.case_suspend(
            case=case, actor=actor, kind=f.cleaned_data["kind"], reason=f.cleaned_data["reason"], **_common(f)
        ),
    ),
    A.RESUME: Spec(
        "恢复办理",
        "已恢复办理,办结期限已顺延。",
        forms.NoteForm,
        lambda case, actor, f: services.case_resume(case=case, actor=actor, note=f.cleaned_data["note"], **_common(f)),
    ),
    A.REQUEST_EXTENSION: Spec(
        "申请延期",
        "延期申请已提交中心主任审批。",
        forms.ExtensionForm,
        lambda case, actor, f: services.case_request_extension(
            case=case, actor=actor, days=f.cleaned_data["days"], reason=f.cleaned_data["reason"], **_common(f)
        ),
    ),
    A.APPROVE_EXTENSION: Spec(
        "批准延期",
        "已批准延期,请将延期办结告知书交申请人。",
        forms.DecideExtensionForm,
        lambda case, actor, f: services.case_decide_extension(
            case=case, actor=actor, approve=True, note=f.cleaned_data["note"], **_common(f)
        ),
        notice=NoticeKind.EXTENSION,
    ),
    A.REJECT_EXTENSION: Spec(
        "不批准延期",
        "已不批准延期,请在原期限内办结。",
        forms.DecideExtensionForm,
        lambda case, actor, f: services.case_decide_extension(
            case=case, actor=actor, approve=False, note=f.cleaned_data["note"], **_common(f)
        ),
    ),
    A.COMPLETE: Spec(
        "办结",
        "已办结。",
        forms.CompleteForm,
        lambda case, actor, f: services.case_complete(
            case=case, actor=actor, result=f.cleaned_data["result"], note=f.cleaned_data["note"], **_common(f)
        ),
    ),
    A.RETURN_TO_POINT: Spec(
        "结果送回代办点",
        "办理结果已送回代办点,由代办员发件。",
        forms.NoteForm,
        lambda case, actor, f: services.case_return_to_point(
            case=case, actor=actor, note=f.cleaned_data["note"], **_common(f)
        ),
        available=lambda case, role: case.agency_point_id is not None,
    ),
    A.DELIVER: Spec(
        "送达",
        "已送达。",
        forms.DeliverForm,
        lambda case, actor, f: services.case_deliver(
            case=case, actor=actor, method=f.cleaned_data["method"], note=f.cleaned_data["note"], **_common(f)
        ),
        kwargs=lambda case: {"at_point": case.status == Status.RESULT_AT_POINT},
    ),
    A.WITHDRAW: Spec(
        "撤回",
        "已登记撤回。",
        forms.ReasonForm,
        lambda case, actor, f: services.case_withdraw(
            case=case, actor=actor, reason=f.cleaned_data["reason"], **_common(f)
        ),
    ),
    A.TRANSFER: Spec(
        "转办",
        "已转办,首问责任人继续跟踪。",
        forms.TransferForm,
        lambda case, actor, f: services.case_transfer(
            case=case,
            actor=actor,
            window=f.cleaned_data["window"],
            handler=f.cleaned_data["handler"],
            reason=f.cleaned_data["reason"],
            **_common(f),
        ),
        kwargs=lambda case: {"centre": case.centre},
    ),
    "pending_fulfilled": Spec(
        "容缺材料已补齐",
        "已登记容缺材料补齐。",
        forms.PendingFulfilledForm,
        lambda case, actor, f: services.case_pending_fulfilled(
            case=case, actor=actor, request_key=f.cleaned_data["request_key"]
        ),
        available=lambda case, role: (
            bool(case.pending_materials)
            and case.pending_fulfilled_at is None
            and role in (Role.CLERK, Role.CENTRE_DIRECTOR)
        ),
    ),
    "callback": Spec(
        "登记回访",
        "回访已登记。",
        forms.CallbackForm,
        lambda case, actor, f: services.case_callback(
            case=case, actor=actor, note=f.cleaned_data["note"], request_key=f.cleaned_data["request_key"]
        ),
        available=lambda case, role: case.status == Status.DELIVERED and case.callback_at is None,
    ),
}
ACTION_FORMS = {str(key): spec for key, spec in ACTION_FORMS.items()}


def build_form(action: str, case: Case, user, data=None) -> django_forms.Form:
    spec = ACTION_FORMS[action]
    # Many action forms share one page: distinct ids keep every label tied to its own field.
    form = spec.form(data, auto_id=f"{action}-%s", **spec.kwargs(case))
    if data is None and "version" in form.fields:
        form.initial["version"] = case.version
    return form


def run_action(action: str, case: Case, actor, form) -> Any:
    return ACTION_FORMS[action].run(case, actor, form)

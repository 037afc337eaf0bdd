"""The complaint register (投诉举报登记簿, plan 五(二), issue #7 point 2): the list with its filters and
.xlsx export, staff registration (登记), and the detail page with one form per step — 交办, 调查核实,
查证 (属实/不属实), 答复 and 办结 — shown only to whom ``selectors.may_*`` allow.

Reads through ``selectors`` (scoped: out of scope 404, agency point staff 403); a step posted by
someone in scope who may not take it is refused with 403; writes through ``services``.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bianmin.core.errors import ApplicationError
from bianmin.core.evidence import evidence_response
from bianmin.core.forms import add_application_error
from bianmin.core.personal import mask_phone
from bianmin.core.xlsx import Column, xlsx_response
from bianmin.org.models import Staff
from bianmin.supervision import selectors, services_complaints
from bianmin.supervision.forms_complaints import (
    ComplaintAssignForm,
    ComplaintFilterForm,
    ComplaintInvestigateForm,
    ComplaintRegisterForm,
    ComplaintRespondForm,
    ComplaintVerdictForm,
)
from bianmin.supervision.models import Complaint

PAGE_SIZE = 30


def _staff_id(request) -> int | None:
    staff = getattr(request.user, "staff", None)
    return staff.pk if staff is not None else None


def _filtered(request, scope):
    form = ComplaintFilterForm(request.GET or None, countywide=scope.is_countywide, staff_id=_staff_id(request))
    return form, form.apply(selectors.complaints_for_list(request.user)).order_by("-submitted_at", "-pk")


@login_required
def complaint_list(request):
    """投诉举报登记簿: every complaint of the scope, newest first, with its deadline light."""
    scope = selectors.supervision_scope(request.user)
    form, qs = _filtered(request, scope)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_complaint_lights(page.object_list)
    context = {
        "form": form,
        "scope": scope,
        "page": page,
        "may_register": selectors.may_register(scope),
        "sees_complainant": selectors.sees_identities(scope),
    }
    return render(request, "supervision/complaint_list.html", context)


EXPORT_COLUMNS = [
    Column("查询码", 11),
    Column("受理时间", 17),
    Column("被投诉中心", 22),
    Column("来源", 11),
    Column("来源编号", 18),
    Column("类别", 10),
    Column("被投诉人", 16),
    Column("投诉举报内容", 48, wrap=True),
    Column("投诉人", 12),
    Column("联系电话", 15),
    Column("登记人", 10),
    Column("承办人", 10),
    Column("交办时间", 17),
    Column("办理期限", 12),
    Column("是否逾期", 9),
    Column("调查核实情况", 40, wrap=True),
    Column("查证结论", 9),
    Column("查证人", 10),
    Column("答复意见", 40, wrap=True),
    Column("答复时间", 17),
    Column("状态", 8),
    Column("办结时间", 17),
]


def _export_row(c: Complaint, *, identities: bool, today) -> list:
    """The complainant's name only for who may see identities; the phone always masked."""
    if c.is_anonymous:
        who, phone = "匿名", ""
    elif identities:
        who, phone = c.name or "(未留姓名)", mask_phone(c.phone) if c.phone else ""
    else:
        who, phone = "实名", ""
    accused = "、".join(part for part in (c.staff.name if c.staff_id else "", c.subject) if part)
    if c.is_closed and c.closed_at and c.deadline:
        late = "超期办结" if timezone.localdate(c.closed_at) > c.deadline else "否"
    else:
        late = "逾期" if c.overdue_on(today) else "否"
    return [
        c.code,
        c.submitted_at,
        c.centre.name,
        c.get_channel_display(),
        c.external_ref,
        c.get_category_display(),
        accused,
        c.content,
        who,
        phone,
        c.recorded_by.name if c.recorded_by_id else "",
        c.assigned_to.name if c.assigned_to_id else "",
        c.assigned_at,
        c.deadline,
        late,
        c.investigation,
        c.get_verdict_display() if c.verdict else "",
        c.verified_by.name if c.verified_by_id else "",
        c.reply,
        c.replied_at,
        c.get_status_display(),
        c.closed_at,
    ]


@login_required
def complaint_export(request):
    """导出 Excel of the filtered register (all rows, not one page)."""
    scope = selectors.supervision_scope(request.user)
    _form, qs = _filtered(request, scope)
    qs = qs.select_related("recorded_by", "verified_by")
    identities, today = selectors.sees_identities(scope), timezone.localdate()
    stamp = timezone.localtime().strftime("%Y%m%d")
    return xlsx_response(
        filename=f"投诉举报登记簿-{stamp}.xlsx",
        fallback=f"complaints-{stamp}.xlsx",
        sheet="投诉举报登记簿",
        title="投诉举报登记簿" + (f"(导出于 {timezone.localtime():%Y-%m-%d %H:%M})"),
        columns=EXPORT_COLUMNS,
        rows=(_export_row(c, identities=identities, today=today) for c in qs),
    )


@login_required
def complaint_register(request):
    """登记 a complaint received by phone, box, visit, 12345, the media or a superior's referral."""
    scope = selectors.supervision_scope(request.user)
    if not selectors.may_register(scope):
        raise PermissionDenied(services_complaints.REGISTER_ROLES_ONLY)
    if request.method == "POST":
        form = ComplaintRegisterForm(request.POST, request.FILES, scope=scope)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services_complaints.complaint_register(
                    actor=request.user.staff,
                    centre=data["centre_obj"],
                    channel=data["channel"],
                    category=data["category"],
                    content=data["content"],
                    received_at=data["received_at"],
                    external_ref=data["external_ref"],
                    staff=data["staff_obj"],
                    subject=data["subject"],
                    name=data["name"],
                    phone=data["phone"],
                    evidence=data["evidence"],
                    request_key=data["request_key"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(
                    request,
                    f"已登记。查询码 {complaint.code}:请告知投诉人凭查询码在网站或触摸查询机查看处理状态和答复。"
                    f"办理期限 {complaint.deadline:%Y-%m-%d}。",
                )
                return redirect(complaint.get_absolute_url())
    else:
        form = ComplaintRegisterForm(scope=scope)
    context = {"form": form, "scope": scope, "working_days": services_complaints.complaint_working_days()}
    return render(request, "supervision/complaint_register.html", context)


def _detail_context(request, complaint: Complaint, scope, bound: dict | None = None) -> dict:
    """The page with a form for each step the reader may take (a bound form re-shown with its errors)."""
    bound = bound or {}
    staff_id = _staff_id(request)
    forms = {
        "assign_form": (
            selectors.may_assign(scope, complaint),
            lambda: ComplaintAssignForm(complaint=complaint, scope=scope, prefix="assign"),
        ),
        "investigate_form": (
            selectors.may_investigate(scope, complaint, staff_id),
            lambda: ComplaintInvestigateForm(complaint=complaint, prefix="investigate"),
        ),
        "verdict_form": (
            selectors.may_verify(scope, complaint),
            lambda: ComplaintVerdictForm(complaint=complaint, prefix="verdict"),
        ),
        "reply_form": (
            selectors.may_reply(scope, complaint),
            lambda: ComplaintRespondForm(complaint=complaint, prefix="reply"),
        ),
    }
    context = {name: bound.get(name) or (build() if allowed else None) for name, (allowed, build) in forms.items()}
    light = selectors.with_complaint_lights([complaint])[0].light
    return context | {
        "complaint": complaint,
        "scope": scope,
        "light": light,
        "history": selectors.complaint_history(complaint),
        "sees_complainant": selectors.sees_identities(scope),
        "sees_evidence": selectors.may_see_evidence(scope, complaint, staff_id),
        "is_assignee": staff_id is not None and complaint.assigned_to_id == staff_id,
        "county_verdict": selectors.verdict_by_county(complaint),
        "county_assigned": selectors.assigned_by_county(complaint),
        "closed_late": bool(
            complaint.closed_at and complaint.deadline and timezone.localdate(complaint.closed_at) > complaint.deadline
        ),
    }


@login_required
def complaint_detail(request, pk: int):
    scope = selectors.supervision_scope(request.user)
    complaint = selectors.get_complaint(request.user, pk)
    return render(request, "supervision/complaint_detail.html", _detail_context(request, complaint, scope))


def _step(
    request,
    pk: int,
    *,
    form_name: str,
    allowed: Callable[..., bool],
    refused: str | Callable[..., str],
    build: Callable,
    act: Callable,
    done: str,
):
    """One step posted from the detail page: scope (404), permission (403), form, service, redirect."""
    scope = selectors.supervision_scope(request.user)
    complaint = selectors.get_complaint(request.user, pk)
    if complaint.is_closed:
        messages.error(request, services_complaints.COMPLAINT_CLOSED)
        return redirect(complaint.get_absolute_url())
    staff = request.user.staff
    if not allowed(scope, complaint, staff.pk):
        raise PermissionDenied(refused if isinstance(refused, str) else refused(scope, complaint))
    form = build(complaint, scope)
    if form.is_valid():
        data = form.cleaned_data
        try:
            act(complaint, staff, data, request_key=data["request_key"], seen_version=data["version"])
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(complaint.get_absolute_url())
    context = _detail_context(request, complaint, scope, bound={form_name: form})
    return render(request, "supervision/complaint_detail.html", context)


@login_required
@require_POST
def complaint_assign(request, pk: int):
    return _step(
        request,
        pk,
        form_name="assign_form",
        allowed=lambda scope, c, _staff_id: selectors.may_assign(scope, c),
        refused=services_complaints.assign_refusal,
        build=lambda c, scope: ComplaintAssignForm(request.POST, complaint=c, scope=scope, prefix="assign"),
        act=lambda c, staff, data, **keys: services_complaints.complaint_assign(
            complaint=c, actor=staff, assignee=Staff.objects.get(pk=data["assignee"]), **keys
        ),
        done="已交办。",
    )


@login_required
@require_POST
def complaint_investigate(request, pk: int):
    return _step(
        request,
        pk,
        form_name="investigate_form",
        allowed=selectors.may_investigate,
        refused=services_complaints.INVESTIGATE_ROLES_ONLY,
        build=lambda c, scope: ComplaintInvestigateForm(request.POST, request.FILES, complaint=c, prefix="investigate"),
        act=lambda c, staff, data, **keys: services_complaints.complaint_investigate(
            complaint=c, actor=staff, investigation=data["investigation"], evidence=data["evidence"], **keys
        ),
        done="调查核实情况已保存。",
    )


@login_required
@require_POST
def complaint_verify(request, pk: int):
    return _step(
        request,
        pk,
        form_name="verdict_form",
        allowed=lambda scope, c, _staff_id: selectors.may_verify(scope, c),
        refused=services_complaints.verify_refusal,
        build=lambda c, scope: ComplaintVerdictForm(request.POST, request.FILES, complaint=c, prefix="verdict"),
        act=lambda c, staff, data, **keys: services_complaints.complaint_verify(
            complaint=c, actor=staff, verdict=data["verdict"], evidence=data["evidence"], **keys
        ),
        done="查证结论已保存。",
    )


@login_required
@require_POST
def complaint_reply(request, pk: int):
    closing = request.POST.get("op") == "close"
    return _step(
        request,
        pk,
        form_name="reply_form",
        allowed=lambda scope, c, _staff_id: selectors.may_reply(scope, c),
        refused=services_complaints.REPLY_ROLES_ONLY,
        build=lambda c, scope: ComplaintRespondForm(request.POST, complaint=c, prefix="reply"),
        act=lambda c, staff, data, **keys: services_complaints.complaint_respond(
            complaint=c,
            actor=staff,
            internal_note=data["internal_note"],
            reply=data["reply"],
            close=closing,
            **keys,
        ),
        done="投诉举报已办结。" if closing else "答复已保存,状态为“处理中”。",
    )


@login_required
def complaint_evidence(request, pk: int):
    """The evidence file, after the scope check (it may name the complainant: not for every clerk)."""
    scope = selectors.supervision_scope(request.user)
    complaint = selectors.get_complaint(request.user, pk)
    if not selectors.may_see_evidence(scope, complaint, _staff_id(request)):
        raise PermissionDenied("证据材料可能含有投诉人信息,仅中心主任、县级管理部门和承办人可以查看。")
    return evidence_response(complaint)

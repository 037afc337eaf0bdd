"""请销假 pages (plan 四(一)4(4); 附件 内部管理制度 "严格执行请销假制度"): the list with its export, the
request form (the person, or the director for one of their people), and the detail page with the
history and the actions: 批准 / 不予批准 (the director of the person's centre, never for their own
leave), 撤回 while pending, 销假 once approved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.operations import exports, rules, selectors, services
from bianmin.operations.forms import LeaveActionForm, LeaveForm
from bianmin.operations.forms_filters import LeaveFilterForm
from bianmin.operations.models import LeaveStatus
from bianmin.operations.views import page_of, unit_name
from bianmin.org.models import Staff


def _filter(request, scope) -> LeaveFilterForm:
    people = selectors.people_for(request.user).order_by("name", "pk")
    return LeaveFilterForm(request.GET or None, countywide=scope.is_countywide, people=people)


def _may_request(scope) -> bool:
    return scope.is_centre or scope.is_agency_point


@login_required
@require_GET
def leave_list(request):
    scope = selectors.ops_scope(request.user)
    form = _filter(request, scope)
    qs = form.apply(selectors.leaves_for_list(request.user)).order_by("-starts_at", "-pk")
    context = {
        "scope": scope,
        "form": form,
        "page": page_of(request, qs),
        "may_request": _may_request(scope),
        "pending": selectors.leaves_for(request.user).filter(status=LeaveStatus.REQUESTED).count()
        if selectors.is_director(scope) or scope.is_county_admin
        else 0,
    }
    return render(request, "operations/leave_list.html", context)


@login_required
@require_GET
def leave_export(request):
    scope = selectors.ops_scope(request.user)
    form = _filter(request, scope)
    qs = form.apply(selectors.leaves_for_list(request.user)).order_by("starts_at", "pk")
    centre = form.cleaned_data.get("centre") if form.is_valid() and scope.is_countywide else None
    return exports.leaves_xlsx(qs, unit=unit_name(request, scope, centre), filters=form.describe())


@login_required
@require_http_methods(["GET", "POST"])
def leave_new(request):
    scope = selectors.ops_scope(request.user)
    if not _may_request(scope):
        raise PermissionDenied("县级账号不请假;中心和代办点工作人员在这里请假。")
    actor = selectors.actor_of(request.user)
    centre_id = selectors.home_centre_id(actor)
    if selectors.is_director(scope):
        people = selectors.centre_people(scope.centre_id)
    else:
        people = Staff.objects.filter(pk=actor.pk).select_related("agency_point")
    if request.method == "POST":
        form = LeaveForm(request.POST, actor=actor, people=people, centre_id=centre_id)
        if form.is_valid():
            data = form.cleaned_data
            try:
                leave = services.leave_request(
                    actor=actor,
                    staff=data["staff"],
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    reason=data["reason"],
                    stand_in=data["stand_in"],
                    request_key=data["request_key"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, "请假申请已提交,等待审批。")
                return redirect(leave.get_absolute_url())
    else:
        form = LeaveForm(actor=actor, people=people, centre_id=centre_id)
    return render(request, "operations/leave_form.html", {"form": form, "scope": scope})


def _actions(actor: Staff | None, leave) -> dict[str, bool]:
    if actor is None:
        return {}
    pending = leave.status == LeaveStatus.REQUESTED
    return {
        "decide": pending and services.may_decide(actor, leave),
        "withdraw": pending and actor.pk in (leave.staff_id, leave.requested_by_id),
        "return": leave.status == LeaveStatus.APPROVED
        and (
            actor.pk == leave.staff_id
            or rules.may_manage_person(actor=selectors.person(actor), person_centre_id=leave.centre_id)
        ),
    }


OPS = {
    "approve": (services.leave_approve, "decide", "已批准。"),
    "refuse": (services.leave_refuse, "decide", "已决定不予批准。"),
    "withdraw": (services.leave_withdraw, "withdraw", "已撤回请假申请。"),
    "return": (services.leave_return, "return", "已销假。"),
}


@login_required
@require_http_methods(["GET", "POST"])
def leave_detail(request, pk: int):
    selectors.ops_scope(request.user)
    leave = selectors.get_leave(request.user, pk)
    actor = getattr(request.user, "staff", None)
    actions = _actions(actor, leave)
    form = LeaveActionForm(initial={"version": leave.version})
    if request.method == "POST":
        op = OPS.get(request.POST.get("op", ""))
        if op is None:
            raise PermissionDenied("无效的操作。")
        service, permission, done = op
        if not actions.get(permission):
            raise PermissionDenied("您无权对该请假进行此操作。")
        form = LeaveActionForm(request.POST)
        if form.is_valid():
            kwargs = {"leave": leave, "actor": actor, "seen_version": form.cleaned_data["version"]}
            if permission == "decide":
                kwargs["note"] = form.cleaned_data["note"]
            try:
                service(**kwargs)
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, done)
                return redirect(leave.get_absolute_url())
    context = {
        "leave": leave,
        "form": form,
        "actions": actions,
    }
    return render(request, "operations/leave_detail.html", context)

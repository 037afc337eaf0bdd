"""动态巡查 (plan 五(一)) and 人员调整报备 (四(一)1(2)) pages: lists with filters and exports, the
director's forms, and the detail pages where a record is annulled with a reason (never deleted,
issue #7 point 4) and where the county admin acknowledges a staff change. Directors and the county
read these; clerks and agents get 403, another centre's record 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from bianmin.core.errors import ApplicationError
from bianmin.core.evidence import evidence_response
from bianmin.core.forms import add_application_error
from bianmin.operations import exports, selectors, selectors_records, services_records
from bianmin.operations.forms import AnnulForm, PatrolForm, StaffChangeForm
from bianmin.operations.forms_filters import PatrolFilterForm, StaffChangeFilterForm
from bianmin.operations.views import page_of, unit_name
from bianmin.org.models import Centre


def _reader(user, what: str):
    scope = selectors.ops_scope(user)
    selectors.require_management_reader(scope, what)
    return scope


def _writer(user, what: str):
    scope = _reader(user, what)
    if not selectors.is_director(scope):
        raise PermissionDenied(f"{what}由本中心主任、专职副主任登记。")
    return scope, Centre.objects.get(pk=scope.centre_id)


# --- 动态巡查 ---------------------------------------------------------------------------------------


@login_required
@require_GET
def patrol_list(request):
    scope = _reader(request.user, "动态巡查记录")
    form = PatrolFilterForm(request.GET or None, countywide=scope.is_countywide)
    qs = form.apply(selectors.patrols_for_list(request.user)).order_by("-patrolled_at", "-pk")
    context = {"scope": scope, "form": form, "page": page_of(request, qs), "may_write": selectors.is_director(scope)}
    return render(request, "operations/patrol_list.html", context)


@login_required
@require_GET
def patrol_export(request):
    scope = _reader(request.user, "动态巡查记录")
    form = PatrolFilterForm(request.GET or None, countywide=scope.is_countywide)
    qs = form.apply(selectors.patrols_for_list(request.user)).order_by("patrolled_at", "pk")
    centre = form.cleaned_data.get("centre") if form.is_valid() and scope.is_countywide else None
    return exports.patrols_xlsx(qs, unit=unit_name(request, scope, centre), filters=form.describe())


@login_required
@require_http_methods(["GET", "POST"])
def patrol_new(request):
    scope, centre = _writer(request.user, "动态巡查")
    actor = selectors.actor_of(request.user)
    if request.method == "POST":
        form = PatrolForm(request.POST, request.FILES, centre_id=centre.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                patrol = services_records.patrol_record(
                    actor=actor,
                    centre=centre,
                    patrolled_at=data["patrolled_at"],
                    findings=data["findings"],
                    found_problem=data["found_problem"],
                    corrections=data["corrections"],
                    window=data["window"],
                    staff=data["staff"],
                    evidence=data["evidence"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, "巡查记录已登记。")
                return redirect(patrol.get_absolute_url())
    else:
        form = PatrolForm(centre_id=centre.pk)
    return render(request, "operations/patrol_form.html", {"form": form, "scope": scope, "centre": centre})


@login_required
@require_http_methods(["GET", "POST"])
def patrol_detail(request, pk: int):
    scope = _reader(request.user, "动态巡查记录")
    patrol = selectors.get_patrol(request.user, pk)
    actor = getattr(request.user, "staff", None)
    may_annul = actor is not None and not patrol.is_annulled and services_records.may_annul_patrol(actor, patrol)
    form = AnnulForm() if may_annul else None
    if request.method == "POST":
        if not may_annul:
            raise PermissionDenied("您无权作废该巡查记录。")
        form = AnnulForm(request.POST)
        if form.is_valid():
            try:
                services_records.patrol_annul(patrol=patrol, actor=actor, reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, "巡查记录已作废(记录保留)。")
                return redirect(patrol.get_absolute_url())
    context = {"scope": scope, "patrol": patrol, "form": form}
    return render(request, "operations/patrol_detail.html", context)


@login_required
@require_GET
def patrol_evidence(request, pk: int):
    _reader(request.user, "动态巡查记录")
    return evidence_response(selectors.get_patrol(request.user, pk))


# --- 人员调整报备 -----------------------------------------------------------------------------------


def _changes(request, scope, form: StaffChangeFilterForm) -> list:
    qs = form.apply(selectors.staff_changes_for_list(request.user)).order_by("-effective_on", "-pk")
    return form.timeliness_filter(selectors_records.with_timeliness(qs))


@login_required
@require_GET
def staff_change_list(request):
    scope = _reader(request.user, "人员调整报备")
    form = StaffChangeFilterForm(request.GET or None, countywide=scope.is_countywide)
    context = {
        "scope": scope,
        "form": form,
        "page": page_of(request, _changes(request, scope, form)),
        "may_write": selectors.is_director(scope),
        "report_days": selectors_records.report_days(),
    }
    return render(request, "operations/staff_change_list.html", context)


@login_required
@require_GET
def staff_change_export(request):
    scope = _reader(request.user, "人员调整报备")
    form = StaffChangeFilterForm(request.GET or None, countywide=scope.is_countywide)
    centre = form.cleaned_data.get("centre") if form.is_valid() and scope.is_countywide else None
    rows = list(reversed(_changes(request, scope, form)))
    return exports.staff_changes_xlsx(rows, unit=unit_name(request, scope, centre), filters=form.describe())


@login_required
@require_http_methods(["GET", "POST"])
def staff_change_new(request):
    scope, centre = _writer(request.user, "人员调整报备")
    actor = selectors.actor_of(request.user)
    if request.method == "POST":
        form = StaffChangeForm(request.POST, centre_id=centre.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                change = services_records.staff_change_report(
                    actor=actor,
                    centre=centre,
                    kind=data["kind"],
                    effective_on=data["effective_on"],
                    name=data["name"],
                    staff=data["staff"],
                    from_post=data["from_post"],
                    to_post=data["to_post"],
                    reason=data["reason"],
                    request_key=data["request_key"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                (change,) = selectors_records.with_timeliness([change])
                note = (
                    ""
                    if change.on_time
                    else f"(调整日期后超过 {selectors_records.report_days()} 个工作日,记为逾期报备)"
                )
                messages.success(request, f"人员调整已报备县管委会{note}。")
                return redirect("operations:staff_change_detail", change.pk)
    else:
        form = StaffChangeForm(centre_id=centre.pk)
    context = {"form": form, "scope": scope, "centre": centre, "report_days": selectors_records.report_days()}
    return render(request, "operations/staff_change_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_change_detail(request, pk: int):
    scope = _reader(request.user, "人员调整报备")
    (change,) = selectors_records.with_timeliness([selectors.get_staff_change(request.user, pk)])
    actor = getattr(request.user, "staff", None)
    may_annul = actor is not None and not change.is_annulled and services_records.may_annul_staff_change(actor, change)
    may_ack = scope.is_county_admin and not change.is_annulled and change.acknowledged_at is None
    form = AnnulForm() if may_annul else None
    if request.method == "POST":
        op = request.POST.get("op")
        if op == "acknowledge":
            if not may_ack:
                raise PermissionDenied("只有县管委会可以确认人员调整报备。")
            try:
                services_records.staff_change_acknowledge(change=change, actor=actor)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "已确认。")
            return redirect("operations:staff_change_detail", change.pk)
        if op != "annul" or not may_annul:
            raise PermissionDenied("您无权作废该报备记录。")
        form = AnnulForm(request.POST)
        if form.is_valid():
            try:
                services_records.staff_change_annul(change=change, actor=actor, reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, "报备记录已作废(记录保留)。")
                return redirect("operations:staff_change_detail", change.pk)
    context = {"scope": scope, "change": change, "form": form, "may_ack": may_ack}
    return render(request, "operations/staff_change_detail.html", context)

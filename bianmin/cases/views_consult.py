"""首问/咨询登记 (plan 四(一)4(1) 首问负责制): the register, a new entry, and one consultation with
its routing and closing. Agency points' 咨询 are the same records with ``agency_point`` set (四(二)3).

Reads go through ``selectors.consultations_for`` (out of scope is 404); county roles read only (403
on POST); writes go through ``services_records``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bianmin.cases import selectors, services_records
from bianmin.cases.forms_consult import CloseForm, ConsultationFilterForm, ConsultationForm, RouteForm
from bianmin.cases.models import Consultation
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.org.models import Staff
from bianmin.org.selectors import require_staff, scope_for

PAGE_SIZE = 30
READ_ONLY = "县级角色只能查看咨询登记,不能登记或处理。"


def _actor(request) -> Staff:
    """The staff member acting; only centre staff and agents register and handle consultations."""
    scope = scope_for(request.user)
    if scope.is_countywide:
        raise PermissionDenied(READ_ONLY)
    if not (scope.is_centre or scope.is_agency_point):
        raise PermissionDenied("只有中心工作人员和代办点工作人员可以登记咨询。")
    return Staff.objects.select_related("centre", "agency_point__centre").get(user=request.user, is_active=True)


@login_required
def consultation_list(request):
    require_staff(request.user)
    scope = scope_for(request.user)
    form = ConsultationFilterForm(request.GET or None)
    qs = form.apply(selectors.consultations_for(request.user))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "query": request.GET.get("q", ""),
        "can_create": scope.is_centre or scope.is_agency_point,
        "countywide": scope.is_countywide,
    }
    return render(request, "cases/consultation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request):
    actor = _actor(request)
    point = actor.agency_point
    centre = point.centre if point else actor.centre
    form = ConsultationForm(request.POST or None, centre=centre, at_point=point is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services_records.consultation_create(
                actor=actor,
                visitor_name=data["visitor_name"],
                visitor_phone=data["visitor_phone"],
                channel=data["channel"],
                item=data["item"],
                question=data["question"],
                answer=data["answer"],
                asked_at=data["asked_at"],
                idempotency_key=data["idempotency_key"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "咨询已登记。您是首问责任人,请跟踪到办结。")
            return redirect("cases:consultation_detail", pk=consultation.pk)
    return render(request, "cases/consultation_form.html", {"form": form, "centre": centre, "point": point})


@login_required
@require_http_methods(["GET", "POST"])
def consultation_detail(request, pk: int):
    require_staff(request.user)
    consultation = get_object_or_404(selectors.consultations_for(request.user), pk=pk)
    scope = scope_for(request.user)
    is_open = consultation.state == Consultation.State.OPEN
    route_form = close_form = None
    if is_open and not scope.is_countywide:
        route_form = RouteForm(
            centre_id=consultation.centre_id,
            initial={"window": consultation.routed_to_window_id, "staff": consultation.routed_to_id},
        )
        close_form = CloseForm(initial={"answer": consultation.answer})
    if request.method == "POST":
        actor = _actor(request)
        action = request.POST.get("action")
        if action == "route":
            route_form = RouteForm(request.POST, centre_id=consultation.centre_id)
            if route_form.is_valid():
                try:
                    services_records.consultation_route(
                        consultation=consultation,
                        actor=actor,
                        window=route_form.cleaned_data["window"],
                        staff=route_form.cleaned_data["staff"],
                    )
                except ApplicationError as exc:
                    add_application_error(route_form, exc)
                else:
                    messages.success(request, "已记录引导去向。首问责任人仍负责跟踪办理。")
                    return redirect("cases:consultation_detail", pk=consultation.pk)
        elif action == "close":
            close_form = CloseForm(request.POST)
            if close_form.is_valid():
                try:
                    services_records.consultation_close(
                        consultation=consultation,
                        actor=actor,
                        outcome=close_form.cleaned_data["outcome"],
                        answer=close_form.cleaned_data["answer"],
                    )
                except ApplicationError as exc:
                    add_application_error(close_form, exc)
                else:
                    messages.success(request, "咨询已办结。")
                    return redirect("cases:consultation_detail", pk=consultation.pk)
        else:
            messages.error(request, "无法识别的操作,请刷新页面后重试。")
            return redirect("cases:consultation_detail", pk=consultation.pk)
    staff = getattr(request.user, "staff", None)
    # The full phone is for those who call back (首问责任人 and the colleague it was routed to);
    # everyone else sees it masked.
    follows_up = staff is not None and staff.pk in (consultation.first_responder_id, consultation.routed_to_id)
    context = {
        "c": consultation,
        "route_form": route_form,
        "close_form": close_form,
        "show_phone": follows_up,
        "intake_url": reverse("cases:intake") + f"?consultation={consultation.pk}"
        if is_open and (scope.is_centre or scope.is_agency_point)
        else "",
        "cases": selectors.cases_for(request.user).filter(consultation=consultation).order_by("received_at"),
    }
    return render(request, "cases/consultation_detail.html", context)

"""代办点 帮扶、调解 records (plan 四(二)3: 代办、咨询、帮扶、调解). 代办 are cases and 咨询 are
consultations; these pages hold the other two. Agents record at their own point; the centre sees its
points' records and the county sees all, read only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from bianmin.cases import selectors, services_records
from bianmin.cases.forms_consult import PointRecordFilterForm, PointRecordForm
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.org.models import Staff
from bianmin.org.selectors import require_staff, scope_for

PAGE_SIZE = 30


@login_required
def record_list(request):
    require_staff(request.user)
    scope = scope_for(request.user)
    form = PointRecordFilterForm(request.GET or None)
    qs = form.apply(selectors.point_records_for(request.user))
    if scope.is_countywide:
        qs = qs.select_related("agency_point__centre")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "can_create": scope.is_agency_point,
        "show_point": not scope.is_agency_point,
        "countywide": scope.is_countywide,
    }
    return render(request, "cases/point_record_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request):
    if not scope_for(request.user).is_agency_point:
        raise PermissionDenied("只有代办点工作人员可以登记帮扶、调解记录。")
    actor = Staff.objects.select_related("agency_point").get(user=request.user, is_active=True)
    form = PointRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services_records.point_record_create(
                actor=actor,
                kind=data["kind"],
                happened_on=data["happened_on"],
                people=data["people"],
                phone=data["phone"],
                subject=data["subject"],
                content=data["content"],
                outcome=data["outcome"],
                idempotency_key=data["idempotency_key"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"{record.get_kind_display()}记录已保存。")
            return redirect("cases:point_record_list")
    return render(request, "cases/point_record_form.html", {"form": form, "point": actor.agency_point})

"""What the pages of the four supervision registers share: inspections (督查检查), video-monitoring
findings (视频监控), press reports (新闻报道) and bulletins (上级通报) are each a ``Register`` — a filtered
list with its Excel export, a record form, and a detail page with the evidence file and the annul
form — served by the functions here (``views_inspections`` and ``views_findings`` hold the pages).

Thin: reads via ``selectors_findings`` (scoped; agency point staff 403, out of scope 404), writes via
``services_findings``. Whoever may read a record but not change it gets 403 on POST.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from bianmin.core.errors import ApplicationError
from bianmin.core.evidence import evidence_response
from bianmin.core.forms import add_application_error
from bianmin.core.roles import Role
from bianmin.core.xlsx import xlsx_response
from bianmin.org.models import Centre
from bianmin.supervision import exports_findings as exports
from bianmin.supervision import selectors_findings as selectors
from bianmin.supervision import services_findings as services
from bianmin.supervision.forms_findings import (
    AnnulForm,
    BulletinFilterForm,
    FindingFilterForm,
    InspectionFilterForm,
    PressFilterForm,
)

PAGE_SIZE = 30


@dataclass(frozen=True)
class Register:
    key: str  # services_findings.RECORDERS key and URL name prefix
    title: str
    list_qs: Callable
    get: Callable
    filter_form: type
    order: tuple[str, ...]
    columns: list
    rows: Callable
    fallback: str
    label: Callable = lambda row: None  # 考核计分 shown beside the row, if any


INSPECTIONS = Register(
    "inspection",
    "督查检查",
    selectors.inspections_for_list,
    selectors.get_inspection,
    InspectionFilterForm,
    ("-inspected_at", "-pk"),
    exports.INSPECTION_COLUMNS,
    exports.inspection_rows,
    "inspections",
)
FINDINGS = Register(
    "finding",
    "视频监控发现",
    selectors.monitoring_findings_for_list,
    selectors.get_monitoring_finding,
    FindingFilterForm,
    ("-observed_at", "-pk"),
    exports.FINDING_COLUMNS,
    exports.finding_rows,
    "video-findings",
)
PRESS = Register(
    "press",
    "新闻报道",
    selectors.press_for_list,
    selectors.get_press,
    PressFilterForm,
    ("-published_on", "-pk"),
    exports.PRESS_COLUMNS,
    exports.press_rows,
    "press-reports",
    exports.press_points,
)
BULLETINS = Register(
    "bulletin",
    "上级通报",
    selectors.bulletins_for_list,
    selectors.get_bulletin,
    BulletinFilterForm,
    ("-issued_on", "-pk"),
    exports.BULLETIN_COLUMNS,
    exports.bulletin_rows,
    "bulletins",
    exports.bulletin_points,
)


def request_actor(request):
    return getattr(request.user, "staff", None)


def require_recorder(scope, register: Register) -> None:
    if not services.may_record(scope.role, register.key):
        raise PermissionDenied(services.NOT_RECORDER[register.key])


def _filtered(request, register: Register):
    scope = selectors.findings_scope(request.user)
    form = register.filter_form(request.GET or None, countywide=scope.is_countywide)
    return scope, form, form.apply(register.list_qs(request.user)).order_by(*register.order)


def list_page(request, register: Register):
    scope, form, qs = _filtered(request, register)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.points_label = register.label(row)
    context = {
        "form": form,
        "scope": scope,
        "page": page,
        "register": register,
        "may_record": services.may_record(scope.role, register.key),
        "export_url": reverse(f"supervision:{register.key}_xlsx"),
        "today": timezone.localdate(),
    }
    return render(request, f"supervision/{register.key}_list.html", context)


def export_xlsx(request, register: Register):
    scope, form, qs = _filtered(request, register)
    unit = "全县" if scope.is_countywide else Centre.objects.get(pk=scope.centre_id).name
    if scope.role == Role.CLERK and register is FINDINGS:
        unit += "(本人)"
    filters = form.describe()
    today = timezone.localdate()
    return xlsx_response(
        filename=f"{unit}{register.title}登记_{today:%Y%m%d}.xlsx",
        fallback=f"{register.fallback}-{today:%Y%m%d}.xlsx",
        sheet=register.title,
        title=f"{unit}{register.title}登记" + (f"({filters})" if filters else ""),
        columns=register.columns,
        rows=register.rows(qs),
    )


def detail_page(request, register: Register, record, *, annul_form=None, status=200, **extra):
    scope = selectors.findings_scope(request.user)
    actor = request_actor(request)
    may_annul = services.may_annul(actor, record)
    record.points_label = register.label(record)
    context = {
        "record": record,
        "scope": scope,
        "register": register,
        "may_annul": may_annul,
        "annul_form": (annul_form or AnnulForm()) if may_annul else None,
        "annul_url": reverse(f"supervision:{register.key}_annul", args=[record.pk]),
        "evidence_url": reverse(f"supervision:{register.key}_evidence", args=[record.pk]),
        **extra,
    }
    return render(request, f"supervision/{register.key}_detail.html", context, status=status)


def annul_record(request, register: Register, pk: int, detail: Callable):
    selectors.findings_scope(request.user)
    record = register.get(request.user, pk)
    actor = request_actor(request)
    if not services.may_annul(actor, record):
        raise PermissionDenied(services.NOT_ANNULLER if not record.is_annulled else "该记录已被作废。")
    form = AnnulForm(request.POST)
    if form.is_valid():
        try:
            services.record_annul(record=record, actor=actor, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "已作废。记录仍保留在历史中,不再计入考核。")
            return redirect(reverse(f"supervision:{register.key}_detail", args=[pk]))
    return detail(request, record, annul_form=form, status=400)


def evidence_file(request, register: Register, pk: int):
    selectors.findings_scope(request.user)
    return evidence_response(register.get(request.user, pk))


def record_page(request, register: Register, form_class, build, *, template: str, initial=None, extra=None):
    """The record form: GET shows it, POST calls ``build(form.cleaned_data, actor)`` (a service)."""
    scope = selectors.findings_scope(request.user)
    require_recorder(scope, register)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                record = build(form.cleaned_data, request_actor(request))
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, f"{register.title}已登记。")
                return redirect(reverse(f"supervision:{register.key}_detail", args=[record.pk]))
    else:
        form = form_class(initial=initial or {})
    context = {"form": form, "scope": scope, "register": register, **(extra or {})}
    return render(request, template, context)


def now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)

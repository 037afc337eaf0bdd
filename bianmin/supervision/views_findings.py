"""Pages of the supervision registers: inspections (督查检查), video-monitoring findings (视频监控),
press reports (新闻报道) and bulletins (上级通报) — each a filtered list with its Excel export, a
record form, and a detail page with the evidence file and the annul form — plus the year's effect
on each centre's assessment score (考核影响).

Thin: reads via ``selectors_findings`` (scoped; agency point staff 403, out of scope 404), writes via
``services_findings``. Whoever may read a record but not change it gets 403 on POST.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bianmin.core.errors import ApplicationError
from bianmin.core.evidence import evidence_response
from bianmin.core.forms import add_application_error
from bianmin.core.roles import Role
from bianmin.core.xlsx import xlsx_response
from bianmin.org.models import Centre
from bianmin.supervision import exports_findings as exports
from bianmin.supervision import rules_findings
from bianmin.supervision import selectors_findings as selectors
from bianmin.supervision import services_findings as services
from bianmin.supervision.forms_findings import (
    AnnulForm,
    BulletinFilterForm,
    BulletinForm,
    FindingFilterForm,
    FindingForm,
    InspectionFilterForm,
    InspectionForm,
    PressFilterForm,
    PressForm,
    RectifyForm,
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


def _actor(request):
    return getattr(request.user, "staff", None)


def _require_recorder(scope, register: Register) -> None:
    if not services.may_record(scope.role, register.key):
        raise PermissionDenied(services.NOT_RECORDER[register.key])


def _filtered(request, register: Register):
    scope = selectors.findings_scope(request.user)
    form = register.filter_form(request.GET or None, countywide=scope.is_countywide)
    return scope, form, form.apply(register.list_qs(request.user)).order_by(*register.order)


def _list(request, register: Register):
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


def _export(request, register: Register):
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


def _detail(request, register: Register, record, *, annul_form=None, status=200, **extra):
    scope = selectors.findings_scope(request.user)
    actor = _actor(request)
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


def _annul(request, register: Register, pk: int, detail: Callable):
    selectors.findings_scope(request.user)
    record = register.get(request.user, pk)
    actor = _actor(request)
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


def _evidence(request, register: Register, pk: int):
    selectors.findings_scope(request.user)
    return evidence_response(register.get(request.user, pk))


def _record(request, register: Register, form_class, build, *, template: str, initial=None, extra=None):
    """The record form: GET shows it, POST calls ``build(form.cleaned_data, actor)`` (a service)."""
    scope = selectors.findings_scope(request.user)
    _require_recorder(scope, register)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                record = build(form.cleaned_data, _actor(request))
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, f"{register.title}已登记。")
                return redirect(reverse(f"supervision:{register.key}_detail", args=[record.pk]))
    else:
        form = form_class(initial=initial or {})
    context = {"form": form, "scope": scope, "register": register, **(extra or {})}
    return render(request, template, context)


def _now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


# --- inspections -------------------------------------------------------------------------------


@login_required
@require_GET
def inspection_list(request):
    return _list(request, INSPECTIONS)


@login_required
@require_GET
def inspection_xlsx(request):
    return _export(request, INSPECTIONS)


@login_required
def inspection_new(request):
    def build(data, actor):
        return services.inspection_record(
            actor=actor,
            centre=data["centre"],
            agency_point=data["agency_point"],
            kind=data["kind"],
            inspector_kind=data["inspector_kind"],
            inspector_name=data["inspector_name"],
            inspected_at=data["inspected_at"],
            attitude=data["attitude"],
            conduct=data["conduct"],
            efficiency=data["efficiency"],
            quality=data["quality"],
            charging=data["charging"],
            findings=data["findings"],
            suggestions=data["suggestions"],
            outcome=data["outcome"],
            bulletin_ref=data["bulletin_ref"],
            bulletin_issued_on=data["bulletin_issued_on"],
            rectification_due=data["rectification_due"],
            evidence=data["evidence"],
            request_key=data["request_key"],
        )

    return _record(
        request,
        INSPECTIONS,
        InspectionForm,
        build,
        template="supervision/inspection_form.html",
        initial={"inspected_at": _now_minute()},
    )


def _inspection_page(request, inspection, *, annul_form=None, rectify_form=None, status=200):
    actor = _actor(request)
    may_rectify = services.may_rectify(actor, inspection)
    if may_rectify and rectify_form is None:
        rectify_form = RectifyForm(
            initial={
                "rectification": inspection.rectification,
                "seen": services.text_digest(inspection.rectification),
            }
        )
    return _detail(
        request,
        INSPECTIONS,
        inspection,
        annul_form=annul_form,
        status=status,
        bulletins=selectors.bulletins_of(inspection),
        rectify_form=rectify_form if may_rectify else None,
        may_add_bulletin=actor is not None
        and services.may_record(actor.role, "bulletin")
        and not inspection.is_annulled,
        overdue=bool(
            inspection.rectification_due
            and not inspection.rectification
            and not inspection.is_annulled
            and inspection.rectification_due < timezone.localdate()
        ),
    )


@login_required
@require_GET
def inspection_detail(request, pk: int):
    selectors.findings_scope(request.user)
    return _inspection_page(request, selectors.get_inspection(request.user, pk))


@login_required
@require_GET
def inspection_evidence(request, pk: int):
    return _evidence(request, INSPECTIONS, pk)


@login_required
@require_POST
def inspection_annul(request, pk: int):
    return _annul(request, INSPECTIONS, pk, _inspection_page)


@login_required
@require_POST
def inspection_rectify(request, pk: int):
    """整改情况: the director of the inspected centre (or the county admin) writes what was done."""
    selectors.findings_scope(request.user)
    inspection = selectors.get_inspection(request.user, pk)
    actor = _actor(request)
    if not services.may_rectify(actor, inspection):
        raise PermissionDenied(services.NOT_RECTIFIER)
    form = RectifyForm(request.POST)
    if form.is_valid():
        try:
            services.inspection_rectify(
                inspection=inspection,
                actor=actor,
                rectification=form.cleaned_data["rectification"],
                seen_digest=form.cleaned_data["seen"] or None,
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "整改情况已保存。")
            return redirect(inspection.get_absolute_url())
    return _inspection_page(request, inspection, rectify_form=form, status=400)


# --- video-monitoring findings -----------------------------------------------------------------


@login_required
@require_GET
def finding_list(request):
    return _list(request, FINDINGS)


@login_required
@require_GET
def finding_xlsx(request):
    return _export(request, FINDINGS)


@login_required
def finding_new(request):
    """The form; with htmx and ``?centre=`` only the window and staff lists of that centre."""
    if request.method == "GET" and request.headers.get("HX-Request") and "centre" in request.GET:
        scope = selectors.findings_scope(request.user)
        _require_recorder(scope, FINDINGS)
        form = FindingForm(initial={"centre": request.GET.get("centre")})
        return render(request, "supervision/_finding_people.html", {"form": form})

    def build(data, actor):
        return services.finding_record(
            actor=actor,
            centre=data["centre"],
            kind=data["kind"],
            observed_at=data["observed_at"],
            description=data["description"],
            staff=data["staff"],
            window=data["window"],
            evidence=data["evidence"],
            request_key=data["request_key"],
        )

    initial = {"observed_at": _now_minute()}
    if request.GET.get("centre"):
        initial["centre"] = request.GET["centre"]
    return _record(
        request,
        FINDINGS,
        FindingForm,
        build,
        template="supervision/finding_form.html",
        initial=initial,
        extra={"rubric": rules_findings.RUBRIC_LINES[:3]},
    )


def _finding_page(request, finding, **kwargs):
    return _detail(request, FINDINGS, finding, **kwargs)


@login_required
@require_GET
def finding_detail(request, pk: int):
    selectors.findings_scope(request.user)
    return _finding_page(request, selectors.get_monitoring_finding(request.user, pk))


@login_required
@require_GET
def finding_evidence(request, pk: int):
    return _evidence(request, FINDINGS, pk)


@login_required
@require_POST
def finding_annul(request, pk: int):
    return _annul(request, FINDINGS, pk, _finding_page)


# --- press reports -----------------------------------------------------------------------------


@login_required
@require_GET
def press_list(request):
    return _list(request, PRESS)


@login_required
@require_GET
def press_xlsx(request):
    return _export(request, PRESS)


@login_required
def press_new(request):
    def build(data, actor):
        return services.press_record(
            actor=actor,
            centre=data["centre"],
            tone=data["tone"],
            level=data["level"],
            outlet=data["outlet"],
            title=data["title"],
            published_on=data["published_on"],
            link=data["link"],
            summary=data["summary"],
            evidence=data["evidence"],
            request_key=data["request_key"],
        )

    return _record(
        request,
        PRESS,
        PressForm,
        build,
        template="supervision/press_form.html",
        initial={"published_on": timezone.localdate()},
    )


def _press_page(request, report, **kwargs):
    return _detail(request, PRESS, report, **kwargs)


@login_required
@require_GET
def press_detail(request, pk: int):
    selectors.findings_scope(request.user)
    return _press_page(request, selectors.get_press(request.user, pk))


@login_required
@require_GET
def press_evidence(request, pk: int):
    return _evidence(request, PRESS, pk)


@login_required
@require_POST
def press_annul(request, pk: int):
    return _annul(request, PRESS, pk, _press_page)


# --- bulletins ---------------------------------------------------------------------------------


@login_required
def bulletin_new(request):
    """上级通报; from an inspection's page (``?inspection=``) the centre and the link are filled in."""
    _require_recorder(selectors.findings_scope(request.user), BULLETINS)
    source = None
    raw = request.POST.get("inspection") if request.method == "POST" else request.GET.get("inspection")
    if raw and raw.isdigit():
        source = selectors.get_inspection(request.user, int(raw))

    def build(data, actor):
        return services.bulletin_record(
            actor=actor,
            centre=data["centre"],
            outcome=data["outcome"],
            level=data["level"],
            issuer=data["issuer"],
            reference=data["reference"],
            title=data["title"],
            issued_on=data["issued_on"],
            inspection=data["inspection"],
            evidence=data["evidence"],
            request_key=data["request_key"],
        )

    initial = {"issued_on": timezone.localdate()}
    if source is not None:
        initial.update(centre=source.centre_id, inspection=source.pk, title=f"{source}:{source.centre.name}")
        if source.outcome in (rules_findings.PRAISE, rules_findings.CRITICISM):
            initial["outcome"] = source.outcome
    return _record(
        request,
        BULLETINS,
        BulletinForm,
        build,
        template="supervision/bulletin_form.html",
        initial=initial,
        extra={"source": source},
    )


@login_required
@require_GET
def bulletin_list(request):
    return _list(request, BULLETINS)


@login_required
@require_GET
def bulletin_xlsx(request):
    return _export(request, BULLETINS)


def _bulletin_page(request, bulletin, **kwargs):
    return _detail(request, BULLETINS, bulletin, **kwargs)


@login_required
@require_GET
def bulletin_detail(request, pk: int):
    selectors.findings_scope(request.user)
    return _bulletin_page(request, selectors.get_bulletin(request.user, pk))


@login_required
@require_GET
def bulletin_evidence(request, pk: int):
    return _evidence(request, BULLETINS, pk)


@login_required
@require_POST
def bulletin_annul(request, pk: int):
    return _annul(request, BULLETINS, pk, _bulletin_page)


# --- the year's effect on the assessment -------------------------------------------------------


@login_required
@require_GET
def effects(request):
    """考核影响: each centre's deductions and bonuses of a year from these registers (附件)."""
    scope = selectors.findings_scope(request.user)
    if scope.role == Role.CLERK:
        raise PermissionDenied("考核影响由中心主任和县级管理部门查看。")
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2018), today.year)
    centres = Centre.objects.filter(is_active=True).select_related("township").order_by("township__code")
    if not scope.is_countywide:
        centres = centres.filter(pk=scope.centre_id)
    centres = list(centres)
    by_centre = selectors.effects_by_centre(year=year, centre_ids=[c.pk for c in centres])
    rows = [(centre, by_centre[centre.pk]) for centre in centres]
    context = {
        "scope": scope,
        "year": year,
        "years": list(range(today.year, 2017, -1)),
        "rows": rows,
        "rubric": rules_findings.RUBRIC_LINES,
    }
    return render(request, "supervision/finding_effects.html", context)

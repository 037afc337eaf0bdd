"""Pages of the supervision registers other than inspections: video-monitoring findings (视频监控),
press reports (新闻报道) and bulletins (上级通报) — each a filtered list with its Excel export, a record
form, and a detail page with the evidence file and the annul form — plus the year's effect of all
four registers on each centre's assessment score (考核影响). Inspections are in ``views_inspections``.

Thin: the register machinery is in ``views_registers``; reads via ``selectors_findings`` (scoped;
agency point staff 403, out of scope 404), writes via ``services_findings``. Whoever may read a record
but not change it gets 403 on POST.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bianmin.core.params import whole_number
from bianmin.core.roles import Role
from bianmin.org.models import Centre
from bianmin.supervision import rules_findings
from bianmin.supervision import selectors_findings as selectors
from bianmin.supervision import services_findings as services
from bianmin.supervision.forms_findings import BulletinForm, FindingForm, PressForm
from bianmin.supervision.views_registers import (
    BULLETINS,
    FINDINGS,
    PRESS,
    annul_record,
    detail_page,
    evidence_file,
    export_xlsx,
    list_page,
    now_minute,
    record_page,
    require_recorder,
)

# --- video-monitoring findings -----------------------------------------------------------------


@login_required
@require_GET
def finding_list(request):
    return list_page(request, FINDINGS)


@login_required
@require_GET
def finding_xlsx(request):
    return export_xlsx(request, FINDINGS)


@login_required
def finding_new(request):
    """The form; with htmx and ``?centre=`` only the window and staff lists of that centre."""
    if request.method == "GET" and request.headers.get("HX-Request") and "centre" in request.GET:
        scope = selectors.findings_scope(request.user)
        require_recorder(scope, FINDINGS)
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

    initial = {"observed_at": now_minute()}
    if request.GET.get("centre"):
        initial["centre"] = request.GET["centre"]
    return record_page(
        request,
        FINDINGS,
        FindingForm,
        build,
        template="supervision/finding_form.html",
        initial=initial,
        extra={"rubric": rules_findings.RUBRIC_LINES[:3]},
    )


def _finding_page(request, finding, **kwargs):
    return detail_page(request, FINDINGS, finding, **kwargs)


@login_required
@require_GET
def finding_detail(request, pk: int):
    selectors.findings_scope(request.user)
    return _finding_page(request, selectors.get_monitoring_finding(request.user, pk))


@login_required
@require_GET
def finding_evidence(request, pk: int):
    return evidence_file(request, FINDINGS, pk)


@login_required
@require_POST
def finding_annul(request, pk: int):
    return annul_record(request, FINDINGS, pk, _finding_page)


# --- press reports -----------------------------------------------------------------------------


@login_required
@require_GET
def press_list(request):
    return list_page(request, PRESS)


@login_required
@require_GET
def press_xlsx(request):
    return export_xlsx(request, PRESS)


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

    return record_page(
        request,
        PRESS,
        PressForm,
        build,
        template="supervision/press_form.html",
        initial={"published_on": timezone.localdate()},
    )


def _press_page(request, report, **kwargs):
    return detail_page(request, PRESS, report, **kwargs)


@login_required
@require_GET
def press_detail(request, pk: int):
    selectors.findings_scope(request.user)
    return _press_page(request, selectors.get_press(request.user, pk))


@login_required
@require_GET
def press_evidence(request, pk: int):
    return evidence_file(request, PRESS, pk)


@login_required
@require_POST
def press_annul(request, pk: int):
    return annul_record(request, PRESS, pk, _press_page)


# --- bulletins ---------------------------------------------------------------------------------


@login_required
def bulletin_new(request):
    """上级通报; from an inspection's page (``?inspection=``) the centre and the link are filled in."""
    require_recorder(selectors.findings_scope(request.user), BULLETINS)
    source = None
    raw = request.POST.get("inspection") if request.method == "POST" else request.GET.get("inspection")
    if (inspection_id := whole_number(raw)) is not None:
        source = selectors.get_inspection(request.user, inspection_id)

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
    return record_page(
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
    return list_page(request, BULLETINS)


@login_required
@require_GET
def bulletin_xlsx(request):
    return export_xlsx(request, BULLETINS)


def _bulletin_page(request, bulletin, **kwargs):
    return detail_page(request, BULLETINS, bulletin, **kwargs)


@login_required
@require_GET
def bulletin_detail(request, pk: int):
    selectors.findings_scope(request.user)
    return _bulletin_page(request, selectors.get_bulletin(request.user, pk))


@login_required
@require_GET
def bulletin_evidence(request, pk: int):
    return evidence_file(request, BULLETINS, pk)


@login_required
@require_POST
def bulletin_annul(request, pk: int):
    return annul_record(request, BULLETINS, pk, _bulletin_page)


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

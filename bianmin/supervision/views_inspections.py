"""Pages of the inspection register (督查检查, 明察暗访): the list and its export, the record form, and
the detail page with the evidence, the annul form, the rectification (整改情况) written by the
inspected centre, and the bulletins issued on the inspection.

Thin: the register machinery is in ``views_registers``; reads via ``selectors_findings``, writes via
``services_findings``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.supervision import selectors_findings as selectors
from bianmin.supervision import services_findings as services
from bianmin.supervision.forms_findings import InspectionForm, RectifyForm
from bianmin.supervision.views_registers import (
    INSPECTIONS,
    annul_record,
    detail_page,
    evidence_file,
    export_xlsx,
    list_page,
    now_minute,
    record_page,
    request_actor,
)


@login_required
@require_GET
def inspection_list(request):
    return list_page(request, INSPECTIONS)


@login_required
@require_GET
def inspection_xlsx(request):
    return export_xlsx(request, INSPECTIONS)


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

    return record_page(
        request,
        INSPECTIONS,
        InspectionForm,
        build,
        template="supervision/inspection_form.html",
        initial={"inspected_at": now_minute()},
    )


def _inspection_page(request, inspection, *, annul_form=None, rectify_form=None, status=200):
    actor = request_actor(request)
    may_rectify = services.may_rectify(actor, inspection)
    if may_rectify and rectify_form is None:
        rectify_form = RectifyForm(
            initial={
                "rectification": inspection.rectification,
                "seen": services.text_digest(inspection.rectification),
            }
        )
    return detail_page(
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
    return evidence_file(request, INSPECTIONS, pk)


@login_required
@require_POST
def inspection_annul(request, pk: int):
    return annul_record(request, INSPECTIONS, pk, _inspection_page)


@login_required
@require_POST
def inspection_rectify(request, pk: int):
    """整改情况: the director of the inspected centre (or the county admin) writes what was done."""
    selectors.findings_scope(request.user)
    inspection = selectors.get_inspection(request.user, pk)
    actor = request_actor(request)
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

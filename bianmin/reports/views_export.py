"""Exports of the monthly reports: one centre's report and the county summary as .xlsx (printable
layout, ``exports``), and as A4 print pages (HTML for the browser's print dialog, and PDF through
WeasyPrint like the other print pages). The same scope as the pages: out of scope 404, agents 403.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from bianmin.adoption import history
from bianmin.core.downloads import download
from bianmin.core.xlsx import XLSX_TYPE
from bianmin.reports import exports, selectors
from bianmin.reports.views import county_month, figures_context

REPORT_PRINT = "reports/print/report.html"
COUNTY_PRINT = "reports/print/county.html"


def _report_context(request, centre_id: int, month: str) -> dict:
    centre = selectors.get_centre(request.user, centre_id)
    now = timezone.now()
    today = timezone.localdate(now)
    period = selectors.parse_month(month, today)
    centre.name = history.centre_name_on(centre, history.last_day(period))  # the month's name, shown only
    report = selectors.report_of(centre, period)
    versions = selectors.versions_of(report)
    shown = selectors.shown_version(versions, request.GET.get("version"))
    figures = selectors.figures_for(centre, period, shown, now)
    deadline = selectors.deadline_of(period)
    line = selectors.line_for(centre.pk, period, report, today=today, deadline=deadline)
    texts = shown if shown is not None else report
    query = f"?version={shown.number}" if shown is not None else ""
    return {
        "centre": centre,
        "month": period,
        "report": report,
        "shown": shown,
        "line": line,
        "deadline": deadline,
        "summary": getattr(texts, "summary", ""),
        "problems": getattr(texts, "problems", ""),
        "measures": getattr(texts, "measures", ""),
        "back_url": reverse("reports:detail", args=[centre.pk, period.param]),
        "pdf_url": reverse("reports:report_pdf", args=[centre.pk, period.param]) + query,
        **figures_context(figures),
    }


@login_required
@require_GET
def report_xlsx(request, centre_id: int, month: str):
    c = _report_context(request, centre_id, month)
    content = exports.report_workbook(
        c["figures"],
        status=c["line"].standing.label,
        version=c["shown"],
        summary=c["summary"],
        problems=c["problems"],
        measures=c["measures"],
    )
    return download(
        content,
        content_type=XLSX_TYPE,
        filename=exports.report_filename(c["figures"]),
        fallback=f"report-{c['centre'].pk}-{c['month'].param}.xlsx",
    )


@login_required
@require_GET
def report_print(request, centre_id: int, month: str):
    return render(request, REPORT_PRINT, _report_context(request, centre_id, month))


def _pdf(request, template: str, context: dict, *, filename: str, fallback: str):
    from bianmin.catalogue.handbook import render_pdf

    html = render_to_string(template, {**context, "for_pdf": True}, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    return download(pdf, content_type="application/pdf", filename=filename, fallback=fallback)


@login_required
@require_GET
def report_pdf(request, centre_id: int, month: str):
    c = _report_context(request, centre_id, month)
    return _pdf(
        request,
        REPORT_PRINT,
        c,
        filename=exports.report_filename(c["figures"]).replace(".xlsx", ".pdf"),
        fallback=f"report-{c['centre'].pk}-{c['month'].param}.pdf",
    )


def _county_context(request) -> dict:
    scope = selectors.reports_scope(request.user)
    selectors.require_countywide(scope)
    month, _ = county_month(request)
    now = timezone.now()
    table = selectors.county_month(selectors.centres_in(scope, month), month, now=now)
    return {
        "month": month,
        "table": table,
        "compiled_at": now,
        "back_url": reverse("reports:county") + f"?month={month.param}",
        "pdf_url": reverse("reports:county_pdf") + f"?month={month.param}",
    }


@login_required
@require_GET
def county_xlsx(request):
    c = _county_context(request)
    content = exports.county_workbook(c["month"], c["table"], compiled_at=c["compiled_at"])
    return download(
        content,
        content_type=XLSX_TYPE,
        filename=exports.county_filename(c["month"]),
        fallback=f"county-reports-{c['month'].param}.xlsx",
    )


@login_required
@require_GET
def county_print(request):
    return render(request, COUNTY_PRINT, _county_context(request))


@login_required
@require_GET
def county_pdf(request):
    c = _county_context(request)
    return _pdf(
        request,
        COUNTY_PRINT,
        c,
        filename=exports.county_filename(c["month"]).replace(".xlsx", ".pdf"),
        fallback=f"county-reports-{c['month'].param}.pdf",
    )

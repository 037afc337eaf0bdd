"""The annual assessment on paper (issue #9 point 3): the year's ranking and one centre's score sheet,
each as .xlsx, as an A4 print page (HTML for the browser's print dialog) and as PDF (WeasyPrint, the
same page). Reads go through ``selectors``: a director gets only their own published sheet and only
their own row of the ranking; clerks and agents 403; out of scope 404.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from bianmin.assessment import exports, selectors
from bianmin.assessment.breakdown import sheet_breakdown
from bianmin.core.downloads import download
from bianmin.core.xlsx import XLSX_TYPE

YEAR_PRINT = "assessment/print_year.html"
SHEET_PRINT = "assessment/print_sheet.html"


def _year_context(request, year: int) -> dict:
    assessment = selectors.get_assessment(request.user, year)
    table = exports.year_table(selectors.ranking(request.user, assessment))
    return {
        "assessment": assessment,
        "table": table,
        "notes": exports.year_notes(table),
        "status_text": exports.status_text(assessment),
        "exported_at": timezone.now(),
        "back_url": reverse("assessment:year", args=[year]),
        "pdf_url": reverse("assessment:year_pdf", args=[year]),
    }


def _sheet_context(request, pk: int) -> dict:
    sheet = selectors.get_sheet(request.user, pk)
    breakdown = sheet_breakdown(sheet)
    ranking = selectors.ranking(request.user, sheet.assessment)
    place = next((row.place for row in ranking.rows if row.sheet.pk == sheet.pk), None)
    return {
        "sheet": sheet,
        "breakdown": breakdown,
        "lines": exports.sheet_lines(breakdown),
        "summary": exports.sheet_summary(breakdown, place, ranking.of),
        "title": exports.sheet_title(sheet),
        "meta": exports.sheet_meta(sheet),
        "headers": exports.SHEET_HEADERS,
        "exported_at": timezone.now(),
        "back_url": reverse("assessment:sheet", args=[sheet.pk]),
        "pdf_url": reverse("assessment:sheet_pdf", args=[sheet.pk]),
    }


def _pdf(request, template: str, context: dict, *, filename: str, fallback: str):
    from bianmin.catalogue.handbook import render_pdf  # WeasyPrint is slow to import; only here

    html = render_to_string(template, {**context, "for_pdf": True}, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    return download(pdf, content_type="application/pdf", filename=filename, fallback=fallback)


@login_required
@require_GET
def year_xlsx(request, year: int):
    c = _year_context(request, year)
    content = exports.year_workbook(c["table"], exported_at=c["exported_at"])
    return download(
        content,
        content_type=XLSX_TYPE,
        filename=exports.year_filename(c["assessment"]),
        fallback=f"assessment-{year}.xlsx",
    )


@login_required
@require_GET
def year_print(request, year: int):
    return render(request, YEAR_PRINT, _year_context(request, year))


@login_required
@require_GET
def year_pdf(request, year: int):
    c = _year_context(request, year)
    return _pdf(
        request,
        YEAR_PRINT,
        c,
        filename=exports.year_filename(c["assessment"], "pdf"),
        fallback=f"assessment-{year}.pdf",
    )


@login_required
@require_GET
def sheet_xlsx(request, pk: int):
    c = _sheet_context(request, pk)
    content = exports.sheet_workbook(c["breakdown"], c["summary"], exported_at=c["exported_at"])
    sheet = c["sheet"]
    return download(
        content,
        content_type=XLSX_TYPE,
        filename=exports.sheet_filename(sheet),
        fallback=f"assessment-{sheet.assessment.year}-sheet-{sheet.pk}.xlsx",
    )


@login_required
@require_GET
def sheet_print(request, pk: int):
    return render(request, SHEET_PRINT, _sheet_context(request, pk))


@login_required
@require_GET
def sheet_pdf(request, pk: int):
    c = _sheet_context(request, pk)
    sheet = c["sheet"]
    return _pdf(
        request,
        SHEET_PRINT,
        c,
        filename=exports.sheet_filename(sheet, "pdf"),
        fallback=f"assessment-{sheet.assessment.year}-sheet-{sheet.pk}.pdf",
    )

"""Print pages of the written notices (文书) of a case: the A4 HTML view (browser print dialog) and
the PDF (WeasyPrint, CJK font embedded). Issue #5 point 6; plan 四(一)4(2)(3).

The body is the stored ``Notice.html``, rendered once when the notice was issued (``notices.py``,
autoescaped): a reprint is identical to the paper the applicant was given, even after the guide,
the centre's phone or the calendar changed. The case is fetched through the scoped selector, so a
notice of another centre's case is 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from bianmin.cases.models import Case, Notice
from bianmin.cases.selectors import get_case
from bianmin.catalogue.handbook import render_pdf
from bianmin.core.downloads import download

TEMPLATE = "cases/print/notice.html"


def _notice(request, pk: int, notice_pk: int) -> tuple[Case, Notice]:
    case = get_case(request.user, pk)
    notice = Notice.objects.filter(case=case, pk=notice_pk).first()
    if notice is None:
        raise Http404("文书不存在")
    return case, notice


def _context(case: Case, notice: Notice) -> dict:
    return {
        "case": case,
        "notice": notice,
        # 容缺受理 issues two notices at once (容缺受理告知书 and 承诺件告知单): let the window reach both.
        "others": case.notices.exclude(pk=notice.pk).only("pk", "kind", "number", "case_id"),
        "pdf_url": reverse("cases:notice_pdf", args=[case.pk, notice.pk]),
        "back_url": case.get_absolute_url(),
    }


def pdf_filename(notice: Notice) -> str:
    return f"《{notice.get_kind_display()}》{notice.number}.pdf"


@login_required
def notice_print(request, pk: int, notice_pk: int) -> HttpResponse:
    case, notice = _notice(request, pk, notice_pk)
    return render(request, TEMPLATE, _context(case, notice))


@login_required
def notice_pdf(request, pk: int, notice_pk: int) -> HttpResponse:
    case, notice = _notice(request, pk, notice_pk)
    html = render_to_string(TEMPLATE, {**_context(case, notice), "for_pdf": True}, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    return download(
        pdf, content_type="application/pdf", filename=pdf_filename(notice), fallback=f"notice-{notice.number}.pdf"
    )

"""Print pages of the catalogue: one item's guide and a centre's 便民服务指南, as A4 HTML (for the
browser's print dialog) and as PDF (WeasyPrint, CJK font embedded). Plan 四(一)2(3), 附件 便民服务指南.

Published guides are public information, so any logged-in role may print an item's guide; a
centre's handbook is fetched through the org scope (404 outside it).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from bianmin.catalogue import handbook
from bianmin.catalogue.models import GuideVersion, ServiceItem
from bianmin.catalogue.selectors import guide_with_materials, published_items
from bianmin.core.downloads import download
from bianmin.org.selectors import get_centre

GUIDE_TEMPLATE = "catalogue/print/guide.html"
HANDBOOK_TEMPLATE = "catalogue/print/handbook.html"


def guide_url(request, item: ServiceItem) -> str:
    """Where the QR code of a printed guide leads: the item's public guide page (no login).

    Residents scan it with their own phones, so it is built on PUBLIC_BASE_URL (as the progress QR
    codes of the notices are), not on the address the staff member printed from.
    """
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("portal:guide", args=[item.pk])


def _published_guide(pk: int) -> tuple[ServiceItem, GuideVersion]:
    item = published_items().filter(pk=pk).first()
    if item is None:
        raise Http404("该事项不存在或尚无已发布的办事指南")
    return item, guide_with_materials(item.current_id)


def _guide_context(request, pk: int) -> dict:
    item, guide = _published_guide(pk)
    return {
        "item": item,
        "guide": guide,
        "qr": handbook.qr_png_data_uri(guide_url(request, item)),
        "pdf_url": reverse("catalogue:item_pdf", args=[item.pk]),
    }


def _handbook_context(request, centre_pk: int) -> dict:
    centre = get_centre(request.user, centre_pk)
    context = handbook.handbook_context(centre, url_for=lambda item: guide_url(request, item))
    context["pdf_url"] = reverse("catalogue:handbook_pdf", args=[centre.pk])
    return context


def _pdf_response(request, template: str, context: dict, *, filename: str, fallback: str) -> HttpResponse:
    html = render_to_string(template, {**context, "for_pdf": True}, request=request)
    pdf = handbook.render_pdf(html, base_url=request.build_absolute_uri("/"))
    return download(pdf, content_type="application/pdf", filename=filename, fallback=fallback)


@login_required
def item_print(request, pk: int):
    return render(request, GUIDE_TEMPLATE, _guide_context(request, pk))


@login_required
def item_pdf(request, pk: int):
    context = _guide_context(request, pk)
    return _pdf_response(
        request,
        GUIDE_TEMPLATE,
        context,
        filename=f"{context['guide'].name}办事指南.pdf",
        fallback=f"guide-{context['item'].pk}.pdf",
    )


@login_required
def handbook_print(request, centre_pk: int):
    return render(request, HANDBOOK_TEMPLATE, _handbook_context(request, centre_pk))


@login_required
def handbook_pdf(request, centre_pk: int):
    context = _handbook_context(request, centre_pk)
    return _pdf_response(
        request,
        HANDBOOK_TEMPLATE,
        context,
        filename=f"{context['centre'].name}便民服务指南.pdf",
        fallback=f"handbook-{context['centre'].pk}.pdf",
    )

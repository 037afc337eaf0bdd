"""The item search page (查找事项): name, alias, full pinyin or initials, filtered by business line
and centre, with htmx live results. Every staff role may search; the centre filter only offers
(and only accepts) the centres in the user's scope."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from bianmin.catalogue.search import search_items
from bianmin.org import selectors as org_selectors
from bianmin.org.models import BusinessLine

RESULT_LIMIT = 50
PAGE_TEMPLATE = "catalogue/search/search.html"
RESULTS_TEMPLATE = "catalogue/search/_results.html"


def _int_param(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise Http404("筛选条件无效")
    return int(value)


@login_required
@require_GET
def search(request):
    org_selectors.require_staff(request.user)
    query = request.GET.get("q", "").strip()[:100]
    lines = list(BusinessLine.objects.order_by("sort_order", "code"))
    line_id = _int_param(request.GET.get("line", ""))
    if line_id is not None and line_id not in {line.pk for line in lines}:
        line_id = None  # a business line that no longer exists filters nothing
    centre_id = _int_param(request.GET.get("centre", ""))
    # Out of scope is "does not exist" for this user (DESIGN §1).
    centre = org_selectors.get_centre(request.user, centre_id) if centre_id is not None else None

    hits = search_items(query, business_line_id=line_id, centre=centre, limit=RESULT_LIMIT + 1)
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "query": query,
        "hits": hits[:RESULT_LIMIT],
        "truncated": len(hits) > RESULT_LIMIT,
        "limit": RESULT_LIMIT,
        "lines": lines,
        "line_id": line_id,
        "centres": [] if partial else list(org_selectors.centres_for(request.user)),
        "centre": centre,
    }
    response = render(request, RESULTS_TEMPLATE if partial else PAGE_TEMPLATE, context)
    # The same URL answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response

"""Public pages (no login), mounted at /public/: home, centres directory and pages, guide search and
guide pages, and the 大字/标准 text size switch.

Issue #6 point 1, plan 四(一)4(6) 办事公开, 四(一)2(1) 岗位公示. Every read goes through
portal.selectors, which return only active, published data.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from bianmin.core import throttle
from bianmin.portal import selectors

RESULT_LIMIT = 50
SEARCH_LIMIT_PER_MINUTE = 60  # generous: live search sends a request per pause in typing
TEXT_SIZE_COOKIE = "bm_text"  # read by portal/base.html
TEXT_SIZES = ("large", "standard")
TEXT_SIZE_MAX_AGE = 365 * 24 * 60 * 60


def _int_param(value: str | None) -> int | None:
    """A positive id from a query string; anything else filters nothing (public pages do not 404 on it)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


@require_GET
def home(request):
    return render(request, "portal/home.html", {"lines": selectors.business_lines()})


@require_GET
def centre_list(request):
    return render(request, "portal/centre_list.html", {"centres": list(selectors.public_centres())})


@require_GET
def centre_detail(request, pk: int):
    centre = selectors.get_public_centre(pk)
    context = {
        "centre": centre,
        "windows": selectors.centre_windows(centre),
        "board": selectors.post_board(centre),
        "points": selectors.centre_points(centre),
        "guide_groups": selectors.centre_guides(centre),
    }
    return render(request, "portal/centre_detail.html", context)


@require_GET
def guide_search(request):
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    query = request.GET.get("q", "").strip()[:100]
    if not throttle.hit(request, "portal_guide_search", limit=SEARCH_LIMIT_PER_MINUTE):
        context = {"query": query, "throttled": throttle.message(SEARCH_LIMIT_PER_MINUTE)}
        if partial:
            # htmx swaps no 4xx answers by default: the live results say it with a 200 instead.
            return render(request, "portal/_guide_hits.html", context)
        context.update(lines=selectors.business_lines(), centres=list(selectors.public_centres()))
        return render(request, "portal/guide_search.html", context, status=429)

    lines = selectors.business_lines()
    line_id = _int_param(request.GET.get("line"))
    line = next((candidate for candidate in lines if candidate.pk == line_id), None)
    centres = list(selectors.public_centres())
    centre_id = _int_param(request.GET.get("centre"))
    centre = next((candidate for candidate in centres if candidate.pk == centre_id), None)

    hits = selectors.search_guides(
        query, business_line_id=line.pk if line else None, centre=centre, limit=RESULT_LIMIT + 1
    )
    context = {
        "query": query,
        "hits": hits[:RESULT_LIMIT],
        "truncated": len(hits) > RESULT_LIMIT,
        "limit": RESULT_LIMIT,
        "lines": lines,
        "line": line,
        "centres": centres,
        "centre": centre,
    }
    response = render(request, "portal/_guide_hits.html" if partial else "portal/guide_search.html", context)
    # The same URL answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def guide_detail(request, pk: int):
    item, guide = selectors.get_public_guide(pk)
    places = selectors.guide_places(item)
    # Arriving from a centre's page or a search filtered by centre: name that centre's window first.
    centre_id = _int_param(request.GET.get("centre"))
    here = next((place for place in places if place.centre_id == centre_id), None)
    context = {"item": item, "guide": guide, "places": places, "here": here}
    return render(request, "portal/guide_detail.html", context)


@require_GET
def text_size(request):
    """The 大字/标准 switch: a plain link (works without JavaScript) that remembers the choice in a cookie.

    A preference cookie rather than the session: anonymous visitors get no session row for it, and
    a hall's kiosk or a resident's phone keeps the choice for a year.
    """
    size = request.GET.get("size", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = ""
    if not target.startswith("/"):
        target = reverse("portal:home")
    response = redirect(target)
    if size in TEXT_SIZES:
        response.set_cookie(
            TEXT_SIZE_COOKIE,
            size,
            max_age=TEXT_SIZE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    return response

"""The electronic monitoring pages: the dashboard (county or centre version) and the list of the
lights behind each count (each links to its record)."""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from bianmin.core.params import whole_number
from bianmin.monitoring import selectors
from bianmin.monitoring.lights import Colour, Kind

PAGE_SIZE = 50


@login_required
def dashboard(request):
    scope = selectors.monitoring_scope(request.user)
    centres = selectors.centres_in(scope)
    lights = selectors.current_lights(scope)
    context = {
        "scope": scope,
        "board": selectors.board(centres, lights),
        "trends": selectors.trends(centres),
        "last_run": selectors.last_run(),
        "centre": centres[0] if not scope.is_countywide and centres else None,
        "recent_red": [light for light in lights if light.is_red][:12] if not scope.is_countywide else [],
    }
    return render(request, "monitoring/dashboard.html", context)


def _when(light) -> str:
    since = light.since
    if isinstance(since, datetime):
        return f"{timezone.localtime(since):%Y-%m-%d %H:%M}"
    return f"{since:%Y-%m-%d}" if since else ""


@login_required
def light_list(request):
    """The records behind a count: ?kind=…&colour=…&centre=… (all optional)."""
    scope = selectors.monitoring_scope(request.user)
    centres = {c.pk: c for c in selectors.centres_in(scope)}
    centre_id = whole_number(request.GET.get("centre"))
    if centre_id is not None and centre_id not in centres:
        raise Http404("中心不存在或无权查看")
    kind = request.GET.get("kind") if request.GET.get("kind") in Kind.values else ""
    colour = request.GET.get("colour") if request.GET.get("colour") in Colour.values else ""
    ids = [centre_id] if centre_id else list(centres)
    lights = [
        light
        for light in selectors.current_lights(scope, centre_ids=ids)
        if (not kind or light.kind == kind) and (not colour or light.colour == colour)
    ]
    lights.sort(key=lambda light: (light.colour != Colour.RED, light.kind, str(light.since or "")))
    rows = [(light, getattr(centres.get(light.centre_id), "name", ""), _when(light)) for light in lights]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "scope": scope,
        "page": page,
        "centres": centres,
        "centre": centres.get(centre_id) if centre_id else None,
        "kind": kind,
        "kind_label": Kind(kind).label if kind else "全部类别",
        "colour": colour,
        "kinds": Kind.choices,
    }
    return render(request, "monitoring/light_list.html", context)

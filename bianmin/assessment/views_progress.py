"""Pages of the standardization progress (plan 三, 四): the county view of the two-year goal, its A4
summary, one centre's checklist with its agency points, and the plan (target) forms. Thin: reads
through ``selectors_progress`` (404/403 by scope), writes through ``services_progress``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bianmin.assessment import selectors_progress as sel
from bianmin.assessment import standardization as std
from bianmin.assessment.forms_progress import TargetForm
from bianmin.assessment.services_progress import target_set
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.org import selectors as org


def _county_context(request) -> dict:
    today = timezone.localdate()
    by = request.GET.get("order", "standard")
    if by not in std.ORDERS:
        by = "standard"
    progresses = sel.county_progress(request.user, today=today)
    summary = std.county_summary(progresses, std.countdown(sel.goal_date(), today))
    return {
        "summary": summary,
        "rows": std.order(progresses, by),
        "order": by,
        "orders": std.ORDERS,
        "min_score": sel.min_score(),
        "today": today,
        "no_published": std.NO_PUBLISHED,
        "any_published": any(p.published_total is not None for p in progresses),
    }


@login_required
@require_GET
def progress(request):
    scope = sel.progress_scope(request.user)
    if not scope.is_countywide:  # centre staff see their own centre's page
        return redirect("assessment:progress_centre", scope.centre_id)
    context = _county_context(request)
    context["chart"] = std.chart_data(context["rows"])
    return render(request, "assessment/progress_county.html", context)


@login_required
@require_GET
def progress_print(request):
    sel.require_countywide(request.user)
    context = _county_context(request)
    context["back_url"] = reverse("assessment:progress")
    context["compiled_at"] = timezone.now()
    return render(request, "assessment/progress_print.html", context)


@login_required
@require_GET
def progress_centre(request, pk: int):
    today = timezone.localdate()
    page = sel.centre_progress(request.user, pk, today=today)
    context = {
        "page": page,
        "p": page.progress,
        "centre": page.progress.centre,
        "countdown": std.countdown(sel.goal_date(), today),
        "min_score": sel.min_score(),
        "scope": org.scope_for(request.user),
    }
    return render(request, "assessment/progress_centre.html", context)


def _target_page(request, *, unit, centre, rows, current, save):
    """The plan form of one unit: ``rows`` are its checklist rows (for the item list), ``current``
    the target of the code asked for; ``save(data)`` calls the service."""
    code = request.POST.get("code") or request.GET.get("code") or ""
    choices = [(row.item.code, f"{'' if row.met else '【未达标】'}{row.item.label}") for row in rows]
    target = current(code) if code else None
    initial = {"code": code}
    if target is not None:
        initial |= {"status": target.status, "target_date": target.target_date, "note": target.note}
    form = TargetForm(request.POST or None, items=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "标准化建设计划已保存。")
            return redirect(_back_to(unit, centre))
    row = next((r for r in rows if r.item.code == code), None)
    context = {"form": form, "unit": unit, "centre": centre, "row": row, "target": target}
    return render(request, "assessment/progress_target.html", context)


def _back_to(unit, centre) -> str:
    """The centre's page at the unit's checklist (a point's checklist opened)."""
    url = reverse("assessment:progress_centre", args=[centre.pk])
    return url + "#checklist" if unit is centre else url + f"?point={unit.pk}#point-{unit.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def progress_target(request, pk: int):
    centre = sel.get_centre_for_plan(request.user, pk)
    page = sel.centre_progress(request.user, pk, today=timezone.localdate())
    staff = request.user.staff
    return _target_page(
        request,
        unit=centre,
        centre=centre,
        rows=page.progress.rows,
        current=lambda code: sel.centre_target(centre, code),
        save=lambda data: target_set(
            actor=staff,
            centre=centre,
            code=data["code"],
            status=data["status"],
            target_date=data["target_date"],
            note=data["note"],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_point_target(request, pk: int):
    point = sel.get_point_for_plan(request.user, pk)
    page = sel.centre_progress(request.user, point.centre_id, today=timezone.localdate())
    progress = next((p for p in page.progress.points if p.point.pk == point.pk), None)
    if progress is None:  # a point no longer in use is not on the centre's page
        raise Http404("该代办点已停用")
    staff = request.user.staff
    return _target_page(
        request,
        unit=point,
        centre=page.progress.centre,
        rows=progress.rows,
        current=lambda code: sel.point_target(point, code),
        save=lambda data: target_set(
            actor=staff,
            agency_point=point,
            code=data["code"],
            status=data["status"],
            target_date=data["target_date"],
            note=data["note"],
        ),
    )

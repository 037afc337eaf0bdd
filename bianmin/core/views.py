"""The home dashboard of each role (DESIGN §1)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bianmin.cases.selectors import case_summary, cases_for
from bianmin.core.roles import Role
from bianmin.monitoring.selectors import home_summary
from bianmin.org import selectors
from bianmin.org.standards import HallClass, is_up_to_standard
from bianmin.supervision.selectors import director_panel
from bianmin.workcalendar.selectors import is_year_configured


@login_required
def home(request):
    scope = selectors.scope_for(request.user)
    if scope.is_countywide:
        context = county_dashboard(request.user) | {"monitoring": home_summary(request.user)}
        if scope.role == Role.COUNTY_ADMIN:
            today = timezone.localdate()
            context |= {"calendar_warning": next_year_warning(today), "calendar_warning_year": today.year + 1}
        return render(request, "core/home_county.html", context)
    if scope.is_centre:
        return render(request, "core/home_centre.html", centre_dashboard(request.user, scope.centre_id))
    if scope.is_agency_point:
        point = selectors.get_point(request.user, scope.agency_point_id)
        context = {
            "point": point,
            "cases": case_summary(cases_for(request.user)),
            "findings": selectors.point_report(point),
            "staff": point.staff.filter(is_active=True).order_by("name"),
        }
        return render(request, "core/home_point.html", context)
    return render(request, "core/home_none.html")


def county_dashboard(user) -> dict:
    """All centres with hall class, missing mandatory windows and agency point coverage."""
    mandatory = selectors.mandatory_line_names()
    rows = []
    for centre in selectors.centres_overview(user):
        findings = selectors.centre_report(centre, mandatory)
        missing = [f.message for f in findings if f.code.startswith("line:")]
        rows.append({"centre": centre, "missing": missing, "ok": is_up_to_standard(findings)})
    villages = sum(r["centre"].village_total for r in rows)
    covered = sum(r["centre"].villages_with_point for r in rows)
    class_counts = {cls.label: 0 for cls in HallClass}
    for row in rows:
        class_counts[row["centre"].hall_class.label] += 1
    return {
        "rows": rows,
        "mandatory": mandatory,
        "centre_total": len(rows),
        "standard_total": sum(1 for r in rows if r["ok"]),
        "missing_total": sum(1 for r in rows if r["missing"]),
        "village_total": villages,
        "covered_total": covered,
        "coverage_percent": round(100 * covered / villages, 1) if villages else 0,
        "class_counts": class_counts,
    }


def next_year_warning(today) -> str:
    """From 1 October the county admin is reminded to enter next year's holiday schedule."""
    next_year = today.year + 1
    if today.month < 10 or is_year_configured(next_year):
        return ""
    return (
        f"{next_year}年的节假日安排尚未录入。国务院办公厅通知发布后请及时录入,"
        f"否则跨入{next_year}年的办结时限只能按法定节假日暂定。"
    )


def centre_dashboard(user, centre_id: int) -> dict:
    from bianmin.hallqueue.selectors import has_queue
    from bianmin.hallqueue.selectors_figures import today_summary

    centre = selectors.get_centre_overview(user, centre_id)
    points = selectors.points_for(user).filter(centre_id=centre_id)
    now = timezone.now()
    return {
        "centre": centre,
        "cases": case_summary(cases_for(user).filter(centre_id=centre_id)),
        "supervision_panel": director_panel(user),
        "monitoring": home_summary(user),
        "findings": selectors.centre_report(centre, selectors.mandatory_line_names()),
        "windows": selectors.windows_for(user).filter(centre_id=centre_id, is_active=True),
        "points": [(p, selectors.point_report(p)) for p in points],
        "staff": selectors.staff_for(user).filter(centre_id=centre_id, is_active=True).order_by("role", "pk"),
        "queue_today": today_summary(centre_id, timezone.localdate(now), now) if has_queue(centre_id) else None,
    }


def page_not_found(request, exception=None):
    """404 in the layout of where the visitor is: public pages keep the public layout (no staff
    wording such as 工作台 or 管辖范围)."""
    public = request.path.startswith(("/public/", "/kiosk/", "/display/"))
    return render(request, "portal/404.html" if public else "404.html", status=404)


@never_cache
@require_GET
def healthz(request):
    """Liveness for the reverse proxy, the process supervisor and the load test's ceiling: the whole
    middleware stack and a JSON answer, no database (the proxy's checks carry no session cookie)."""
    return JsonResponse({"status": "ok"})

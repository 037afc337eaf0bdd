"""The home dashboard of each role (DESIGN §1)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from bianmin.org import selectors
from bianmin.org.standards import HallClass, is_up_to_standard


@login_required
def home(request):
    scope = selectors.scope_for(request.user)
    if scope.is_countywide:
        return render(request, "core/home_county.html", county_dashboard(request.user))
    if scope.is_centre:
        return render(request, "core/home_centre.html", centre_dashboard(request.user, scope.centre_id))
    if scope.is_agency_point:
        point = selectors.get_point(request.user, scope.agency_point_id)
        context = {
            "point": point,
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


def centre_dashboard(user, centre_id: int) -> dict:
    centre = selectors.get_centre_overview(user, centre_id)
    points = selectors.points_for(user).filter(centre_id=centre_id)
    return {
        "centre": centre,
        "findings": selectors.centre_report(centre, selectors.mandatory_line_names()),
        "windows": selectors.windows_for(user).filter(centre_id=centre_id, is_active=True),
        "points": [(p, selectors.point_report(p)) for p in points],
        "staff": selectors.staff_for(user).filter(centre_id=centre_id, is_active=True).order_by("role", "pk"),
    }

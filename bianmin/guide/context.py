"""What the base layout needs from the guide: the reader's own guide, the county's plan title."""

from django.conf import settings

from bianmin.core.roles import Role

GUIDE_OF_ROLE = {
    Role.COUNTY_ADMIN: "county-admin",
    Role.INSPECTOR: "inspector",
    Role.CENTRE_DIRECTOR: "director",
    Role.CLERK: "clerk",
    Role.AGENT: "agent",
}


def guide_context(scope) -> dict:
    return {"user_guide_slug": GUIDE_OF_ROLE.get(scope.role, "") if scope.role else ""}


def county(request) -> dict:
    """Context processor: the plan cited at the foot of every page. A setting, like the county's
    other parameters, so that no page pays a query for it."""
    return {"county_plan_title": settings.COUNTY_PLAN_TITLE}

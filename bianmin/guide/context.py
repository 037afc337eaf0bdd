"""What the base layout needs from the guide: the reader's own guide, the county's plan title."""

from django.core.cache import cache

from bianmin.core.roles import Role

GUIDE_OF_ROLE = {
    Role.COUNTY_ADMIN: "county-admin",
    Role.INSPECTOR: "inspector",
    Role.CENTRE_DIRECTOR: "director",
    Role.CLERK: "clerk",
    Role.AGENT: "agent",
}
PLAN_TITLE_KEY = "bianmin:county-plan-title"


def plan_title() -> str:
    """The county's plan as the footer cites it; cached (set again whenever the wizard saves it)."""
    title = cache.get(PLAN_TITLE_KEY)
    if title is None:
        from bianmin.adoption.models import CountyProfile

        title = CountyProfile.objects.values_list("plan_title", flat=True).first() or ""
        cache.set(PLAN_TITLE_KEY, title, None)
    return title


def guide_context(scope) -> dict:
    return {
        "user_guide_slug": GUIDE_OF_ROLE.get(scope.role, "") if scope.role else "",
        "county_plan_title": plan_title(),
    }

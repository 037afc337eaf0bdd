"""The roles of DESIGN §1. Scope (what a role sees) lives in ``scope.py``."""

from django.db import models


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", "县行政服务中心管委会"
    INSPECTOR = "inspector", "督查员"
    CENTRE_DIRECTOR = "centre_director", "中心主任/副主任"
    CLERK = "clerk", "窗口工作人员"
    AGENT = "agent", "代办点工作人员"


COUNTYWIDE_ROLES = frozenset({Role.COUNTY_ADMIN, Role.INSPECTOR})
CENTRE_ROLES = frozenset({Role.CENTRE_DIRECTOR, Role.CLERK})

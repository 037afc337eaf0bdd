"""The demo county as a world for the tests that walk every URL (the access matrix, the hostile
input pass, the masking audit), built once for this package inside a transaction rolled back at
the end: its routes, centre A's records, a session per named role, a fresh client per request and
the size of every table (a refused request must leave each as it was).

Roles: anonymous, the county admin, an inspector, centre A's director and clerk (冰溪镇), centre B's
clerk (临湖镇: another centre, so centre A's records are 404 for them) and the agent of one of
centre A's points. Object URLs point at centre A's records.
"""

import re
from dataclasses import dataclass
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

ROLES = ("anon", "county_admin", "inspector", "director_a", "clerk_a", "clerk_b", "agent_a1")
# Routes whose access is proven elsewhere: the Django admin (is_staff accounts only, its own
# permissions) and the REST API (bianmin/api/tests: every operation's token, session and scope rules,
# and schemathesis over the live schema).
EXEMPT_PREFIXES = ("admin/", "api/v1/")


# --- the URL conf -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str

    @property
    def params(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.pattern)


def routes() -> list[Route]:
    def walk(resolver, prefix="", namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif entry.name:
                yield Route(f"{namespace}:{entry.name}" if namespace else entry.name, prefix + str(entry.pattern))

    found = {}
    for route in walk(get_resolver()):
        if not route.pattern.startswith(EXEMPT_PREFIXES):
            found.setdefault(route.name, route)
    return sorted(found.values(), key=lambda r: r.name)


ROUTES = routes()


# --- the demo county and centre A's records -----------------------------------------------------------


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    """The demo county (small case volume) plus the few record kinds it has none of in centre A."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEMO_CASE_VOLUME=0.03):
            call_command("seed_demo", "--quiet-logins", stdout=StringIO())
        objects = _centre_a_records()
        yield objects
        transaction.set_rollback(True)


def _first(model, **filters):
    found = model.objects.filter(**filters).order_by("pk").first()
    assert found is not None, f"the demo has no {model.__name__} matching {filters}"
    return found


def _centre_a_records() -> dict:
    from bianmin.assessment.models import Indicator, Item, Rubric, Score, ScoreSheet, Section
    from bianmin.cases.models import Attachment, Case, Consultation
    from bianmin.cases.workflow import DECIDED
    from bianmin.catalogue.models import CentreItem
    from bianmin.hallqueue.models import Ticket
    from bianmin.operations.models import CentreLog, Leave, Patrol, StaffChange
    from bianmin.org.models import AgencyPoint, Staff, Window
    from bianmin.portal.models import DisplayNotice
    from bianmin.portal.services import notice_create
    from bianmin.supervision.models import (
        Bulletin,
        Complaint,
        Inspection,
        MonitoringFinding,
        PressReport,
        Rectification,
    )
    from bianmin.supervision.services import rating_submit
    from bianmin.supervision.services_findings import press_record

    director = Staff.objects.get(user__username="director_a")
    admin = Staff.objects.get(user__username="county_admin")
    centre = director.centre
    today = timezone.localdate()
    if not PressReport.objects.filter(centre=centre).exists():
        press_record(
            actor=admin, centre=centre, tone="positive", level="city", outlet="上饶日报",
            title="便民服务中心一次办好", published_on=today,
        )  # fmt: skip
    if not DisplayNotice.objects.filter(centre=centre).exists():
        changes = {"kind": "policy", "title": "医保缴费提醒", "body": "请在月底前缴纳。", "publish_on": today}
        notice_create(actor=director, centre=centre, changes=changes)
    if not Rectification.objects.filter(rating__case__centre=centre).exists():
        case = _first(Case, centre=centre, status__in=list(DECIDED), rating__isnull=True)
        rating_submit(case=case, overall=1, efficiency=1, attitude=1, guide_accuracy=2, comment="等了很久没人理。")
    from bianmin.api.services import token_create

    token, _secret = token_create(user=Staff.objects.get(user__username="clerk_a").user, name="县业务系统对接", days=90)
    case = _first(Case, centre=centre, notices__isnull=False)
    rubric = _first(Rubric)
    section = _first(Section, rubric=rubric)
    indicator = _first(Indicator, section=section)
    sheet = _first(ScoreSheet, centre=centre)
    attachment = Attachment.objects.filter(case__centre=centre).order_by("pk").first()
    ticket = _first(Ticket, centre=centre, status="waiting", day=today)
    called = Ticket.objects.filter(centre=centre, window__isnull=False).select_related("window").order_by("pk").first()
    return {
        "centre": centre.pk,
        "case": case.pk,
        "notice": case.notices.order_by("pk").first().pk,
        "attachment": attachment.pk if attachment else 999_999,
        "item": _first(CentreItem, centre=centre).item_id,
        "version": _first(CentreItem, centre=centre).item.current_id,
        "window": _first(Window, centre=centre).pk,
        "point": _first(AgencyPoint, centre=centre).pk,
        "staff": _first(Staff, centre=centre, role="clerk").pk,
        "consultation": _first(Consultation, centre=centre).pk,
        "rectification": _first(Rectification, rating__case__centre=centre).pk,
        "complaint": _first(Complaint, centre=centre).pk,
        "inspection": _first(Inspection, centre=centre).pk,
        "finding": _first(MonitoringFinding, centre=centre).pk,
        "press": _first(PressReport, centre=centre).pk,
        "bulletin": _first(Bulletin, centre=centre).pk,
        "leave": _first(Leave, staff__centre=centre).pk,
        "log": _first(CentreLog, centre=centre).pk,
        "patrol": _first(Patrol, centre=centre).pk,
        "staff_change": _first(StaffChange, centre=centre).pk,
        "rubric": rubric.pk,
        "section": section.pk,
        "indicator": indicator.pk,
        "rubric_item": _first(Item, indicator=indicator).pk,
        "sheet": sheet.pk,
        "score": _first(Score, sheet=sheet).pk,
        "display_notice": _first(DisplayNotice, centre=centre).pk,
        "api_token": token.pk,
        "queue_line": ticket.line_id,
        "ticket": ticket.pk,
        "ticket_token": ticket.token,
        "ticket_number": called.number if called else ticket.number,
        "window_number": called.window.number if called else 1,
        "year": today.year,
        "assessment_year": today.year - 1,  # the demo's last year is assessed and published
        "month": f"{today.year}-{today.month:02d}" if today.month > 1 else f"{today.year - 1}-12",
        "day": date(today.year, 10, 1).isoformat(),
    }


# The record a ``<pk>`` stands for, by the longest matching URL name prefix.
PK_OWNER = {
    "org:centre": "centre",
    "org:window": "window",
    "org:point": "point",
    "org:staff": "staff",
    "catalogue:item": "item",
    "catalogue:draft": "item",
    "catalogue:version": "version",
    "cases:": "case",
    "cases:consultation": "consultation",
    "supervision:rectification": "rectification",
    "supervision:complaint": "complaint",
    "supervision:inspection": "inspection",
    "supervision:finding": "finding",
    "supervision:press": "press",
    "supervision:bulletin": "bulletin",
    "operations:leave": "leave",
    "operations:log": "log",
    "operations:patrol": "patrol",
    "operations:staff_change": "staff_change",
    "assessment:sheet": "sheet",
    "assessment:score": "score",
    "assessment:rubric": "rubric",
    "assessment:rubric_section": "section",
    "assessment:rubric_indicator": "indicator",
    "assessment:rubric_item": "rubric_item",
    "assessment:progress_centre": "centre",
    "assessment:progress_target": "centre",
    "assessment:progress_point": "point",
    "hall:notice": "display_notice",
    "api:revoke": "api_token",
    "adoption:password_reset": "staff",
    "portal:centre": "centre",
    "hallqueue:line": "queue_line",
    "hallqueue:window": "window",
    "hallqueue:act": "window",
    "hallqueue:ticket": "ticket",
    "portal:guide": "item",
}
PARAM_OWNER = {
    "centre_pk": "centre",
    "centre_id": "centre",
    "item_pk": "item",
    "case_pk": "case",
    "notice_pk": "notice",
    "attachment_pk": "attachment",
    "year": "year",
    "month": "month",
    "day": "day",
    "line_pk": "queue_line",
    "token": "ticket_token",
    "number": "ticket_number",
    "window": "window_number",
}
PARAM_VALUES = {"action": "complete", "slug": "clerk", "name": "clerk-1-queue.png"}
# Where a route's parameter must name something else than PARAM_VALUES (an action it knows).
ROUTE_PARAM_VALUES = {
    "hallqueue:act": {"action": "call"},
    "hallqueue:ticket_act": {"action": "cancel"},
}


def url_of(route: Route, world: dict) -> str:
    kwargs = {}
    for param in route.params:
        if param == "pk":
            owner = max((p for p in PK_OWNER if route.name.startswith(p)), key=len, default=None)
            assert owner, f"{route.name}: add the record its <pk> stands for to PK_OWNER"
            kwargs[param] = world[PK_OWNER[owner]]
        elif param == "year" and route.name.startswith("assessment:"):
            kwargs[param] = world["assessment_year"]
        elif param in PARAM_OWNER:
            kwargs[param] = world[PARAM_OWNER[param]]
        elif param in ROUTE_PARAM_VALUES.get(route.name, {}):
            kwargs[param] = ROUTE_PARAM_VALUES[route.name][param]
        else:
            assert param in PARAM_VALUES, f"{route.name}: add a value for <{param}> to PARAM_VALUES"
            kwargs[param] = PARAM_VALUES[param]
    return reverse(route.name, kwargs=kwargs)


@pytest.fixture(scope="package")
def sessions(world, django_db_blocker) -> dict[str, str | None]:
    """Each role's session key. Every request gets a fresh client with it: a POST to /logout/ or
    /password/ would otherwise clear the cookie of every later request."""
    users = get_user_model().objects
    keys: dict[str, str | None] = {"anon": None}
    with django_db_blocker.unblock():
        for role in ROLES[1:]:
            client = Client()
            client.force_login(users.get(username=role))
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def client_for(session_key: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def table_sizes() -> dict[str, int]:
    """Every table's row count, in one query."""
    names = [m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    sql = " UNION ALL ".join(f"SELECT '{n}', COUNT(*) FROM {connection.ops.quote_name(n)}" for n in names)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())

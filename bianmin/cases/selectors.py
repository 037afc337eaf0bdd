"""Scoped reads of cases (DESIGN §1): every case page, list, export and API call fetches through
these. Out of scope is 404; county-wide roles read but do not act (403)."""

import re
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bianmin.cases import workflow
from bianmin.cases.lights import case_light
from bianmin.cases.models import Case, CaseEvent, Consultation, PointRecord
from bianmin.core.roles import Role
from bianmin.org.models import Window
from bianmin.org.selectors import scope_for, scoped
from bianmin.workcalendar.selectors import load_calendar

LIST_RELATED = ("centre", "window", "handler", "agency_point", "first_responder")


def cases_for(user) -> QuerySet[Case]:
    return scoped(Case.objects.all(), scope_for(user), centre="centre_id", point="agency_point_id")


def get_case(user, pk: int) -> Case:
    # One row by its key, no joins: with the eight related rows joined in, planning the statement and
    # building nine models cost ~9 ms on PostgreSQL; the few a page reads load by key for well under 1 ms.
    # No ordering: Case's default (newest first) would make the planner consider a scan in that order.
    case = cases_for(user).filter(pk=pk).order_by().first()
    if case is None:
        raise Http404("办件不存在或无权查看")
    return case


def get_case_for_action(user, pk: int) -> Case:
    case = get_case(user, pk)
    if scope_for(user).is_countywide:
        raise PermissionDenied("县级角色只能查看办件,不能办理。")
    return case


def case_timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").prefetch_related("attachments").order_by("at", "pk")


def for_list(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related(*LIST_RELATED)


# What a row of the queue and the case lists shows (cases/_case_table.html) and its light needs: a
# page reads these columns, not the 46 of the case; the related rows' names come as columns of the
# row (centre_name …), not as four related models built per case (120 models a page, ~1 ms).
PAGE_FIELDS = (
    "receipt_number", "item_name", "applicant_name", "phone", "channel", "status", "received_at", "accepted_at",
    "due_at", "due_provisional", "due_note", "completed_at", "centre_id", "window_id", "handler_id", "agency_point_id",
)  # fmt: skip
PAGE_NAMES = {
    "centre_name": F("centre__name"),
    "window_name": F("window__name"),
    "handler_name": F("handler__name"),
    "agency_point_name": F("agency_point__name"),
}


def for_page(qs: QuerySet[Case]) -> QuerySet[Case]:
    """The queue and the case lists: the rows' own columns (the paginator counts this, no joins)."""
    return qs.only(*PAGE_FIELDS)


def with_names(rows: QuerySet[Case]) -> QuerySet[Case]:
    """The rows of one page (a slice of ``for_page``) with their related rows' names."""
    return rows.annotate(**PAGE_NAMES)


def with_lights(cases: Iterable[Case], now=None) -> list[Case]:
    """Set ``case.light`` on each case, with one calendar load for the whole page."""
    calendar = load_calendar()
    now = now or timezone.now()
    rows = list(cases)
    for case in rows:
        case.light = case_light(
            status=case.status,
            accepted_at=case.accepted_at,
            due_at=case.due_at,
            completed_at=case.completed_at,
            now=now,
            calendar=calendar,
            yellow_days=settings.MONITORING_YELLOW_DAYS,
            yellow_share=settings.MONITORING_YELLOW_SHARE,
        )
    return rows


def work_queue(user) -> QuerySet[Case]:
    """My work: open cases I handle, my windows' cases, those I answered first and still track, and
    (for directors) extensions waiting for approval; at a point, the point's open cases."""
    scope = scope_for(user)
    qs = cases_for(user).filter(status__in=workflow.OPEN_STATES)
    if scope.is_agency_point:
        return qs
    if not scope.is_centre:
        return qs.none()
    staff = user.staff
    # At one of my windows: EXISTS, not a join (a join repeats a case per clerk of its window and
    # needs DISTINCT over every open case of the centre before the page can be cut).
    at_my_window = Exists(Window.staff.through.objects.filter(window_id=OuterRef("window_id"), staff_id=staff.pk))
    mine = Q(handler=staff) | Q(first_responder=staff) | Q(at_my_window) | Q(status=workflow.Status.IN_TRANSFER)
    if scope.role == Role.CENTRE_DIRECTOR:
        mine |= Q(status=workflow.Status.EXTENSION_PENDING)
    return qs.filter(mine)


def consultations_for(user) -> QuerySet[Consultation]:
    qs = Consultation.objects.select_related(
        "centre", "agency_point", "first_responder", "routed_to", "routed_to_window", "item__current"
    )
    return scoped(qs, scope_for(user), centre="centre_id", point="agency_point_id")


def point_records_for(user) -> QuerySet[PointRecord]:
    qs = PointRecord.objects.select_related("agency_point", "recorded_by")
    return scoped(qs, scope_for(user), centre="agency_point__centre_id", point="agency_point_id")


def public_progress(number: str, *, code: str = "", phone_last4: str = ""):
    """(case, public events) when ``number`` matches together with its query code or the last 4
    digits of the applicant's phone; otherwise None, the same for every kind of mismatch."""
    if not number or not (code or phone_last4):
        return None
    case = Case.objects.select_related("centre", "window", "agency_point").filter(receipt_number=number).first()
    if case is None:
        return None
    by_code = bool(code) and secrets.compare_digest(case.public_code, code)
    digits = re.sub(r"\D", "", case.phone)
    by_phone = len(phone_last4) == 4 and phone_last4.isdigit() and secrets.compare_digest(digits[-4:], phone_last4)
    if not (by_code or by_phone):
        return None
    shown = {"register", "register_at_point", *[a.value for a in workflow.Action if a != workflow.Action.TRANSFER]}
    steps = [e for e in case.events.order_by("at", "pk") if e.action in shown]
    return case, steps


def case_summary(qs: QuerySet[Case]) -> dict[str, int]:
    """Counts for a dashboard (one query): open cases, red and yellow lights, waiting hand-overs
    and extensions waiting for the director."""
    from bianmin.cases.filters import RUNNING, yellow_horizon

    now = timezone.now()
    # Every count is of open cases: read only those (the (centre, status, due_at) index), not the
    # years of closed ones; grouped by status, which names the hand-overs and extensions, so the
    # query needs two filtered counts instead of five (Django builds each in ~0.2 ms).
    by_status = (
        qs.filter(status__in=workflow.OPEN_STATES)
        .order_by()
        .values_list("status")
        .annotate(
            cases=Count("pk"),
            red=Count("pk", filter=Q(due_at__lt=now)),
            yellow=Count("pk", filter=Q(due_at__gte=now, due_at__lte=yellow_horizon())),
        )
    )
    counts = dict.fromkeys(("open", "red", "yellow", "in_transfer", "extension_pending"), 0)
    for status, cases, red, yellow in by_status:
        counts["open"] += cases
        if status in RUNNING:
            counts["red"] += red
            counts["yellow"] += yellow
        if status in counts:
            counts[status] = cases
    return counts

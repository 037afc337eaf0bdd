"""Scoped reads of supervision records (DESIGN §1): county roles see every centre, centre roles
their own centre, agency point staff nothing (403). Out of scope is 404.

Who may see which case a rating belongs to: the rater is anonymous to the staff rated
(国办发〔2019〕51号), so clerks see ratings and rectifications without the case; the director (who
calls the rater back) and the county see the case. The complainant's name and phone are shown
to the director and the county only.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bianmin.cases import workflow
from bianmin.cases.models import Case
from bianmin.core.roles import COUNTYWIDE_ROLES, Role
from bianmin.core.scope import NO_SCOPE, Scope
from bianmin.monitoring.lights import Colour, deadline_colour
from bianmin.org.models import Staff
from bianmin.org.selectors import require_staff, scope_for, scoped
from bianmin.supervision import rules
from bianmin.supervision.models import Complaint, Rating, Rectification
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.selectors import load_calendar

PANEL_ROWS = 8


def supervision_scope(user) -> Scope:
    """The reader's scope; agency point staff and accounts without a role get 403."""
    require_staff(user)
    scope = scope_for(user)
    if not (scope.is_countywide or scope.is_centre):
        raise PermissionDenied("好差评和投诉举报由便民服务中心和县级管理部门查看。")
    return scope


def sees_identities(scope: Scope) -> bool:
    """The director and the county see which case was rated and who complained; clerks do not."""
    return scope.is_countywide or scope.role == Role.CENTRE_DIRECTOR


def is_director_of(scope: Scope, centre_id: int) -> bool:
    return scope.role == Role.CENTRE_DIRECTOR and scope.centre_id == centre_id


def _scoped(qs: QuerySet, scope: Scope) -> QuerySet:
    return scoped(qs, scope, centre="centre_id", point=None)  # agents see no supervision records


# --- ratings and rectifications ---------------------------------------------------------------


def ratings_for(user) -> QuerySet[Rating]:
    return _scoped(Rating.objects.all(), scope_for(user))


def ratings_for_list(user) -> QuerySet[Rating]:
    return ratings_for(user).select_related("centre", "window", "case", "rectification")


def rectifications_for(user) -> QuerySet[Rectification]:
    return _scoped(Rectification.objects.all(), scope_for(user))


def rectifications_for_list(user) -> QuerySet[Rectification]:
    return rectifications_for(user).select_related("centre", "case", "rating", "closed_by")


def overdue_filter(today: date | None = None) -> Q:
    return Q(status=Rectification.Status.OPEN, deadline__lt=today or timezone.localdate())


def with_overdue(rows, today: date | None = None) -> list[Rectification]:
    today = today or timezone.localdate()
    rows = list(rows)
    for rect in rows:
        rect.overdue = rect.overdue_on(today)
    return rows


def get_rectification(user, pk: int) -> Rectification:
    rect = (
        rectifications_for(user)
        .select_related("centre", "case", "case__window", "rating", "callback_by", "closed_by", "updated_by")
        .filter(pk=pk)
        .first()
    )
    if rect is None:
        raise Http404("整改记录不存在或无权查看")
    rect.overdue = rect.overdue_on(timezone.localdate())
    return rect


def rating_summary(qs: QuerySet[Rating]) -> dict:
    """Counts per level of the overall score and the 好评率 (基本满意 or better)."""
    counts = {row["overall"]: row["n"] for row in qs.order_by().values("overall").annotate(n=Count("pk"))}
    levels = [(value, label, counts.get(value, 0)) for value, label in rules.LEVELS_BEST_FIRST]
    return {
        "levels": levels,
        "total": sum(counts.values()),
        "bad": sum(n for level, n in counts.items() if rules.is_bad(level)),
        "good_share": rules.good_share(counts),
    }


# --- complaints -------------------------------------------------------------------------------
#
# The register (issue #7 point 2): county roles read every centre's complaints, centre roles their
# own centre's (clerks without the complainant's identity), agency point staff nothing.

OPEN_COMPLAINT = (Complaint.Status.RECEIVED, Complaint.Status.PROCESSING)


def complaints_for(user) -> QuerySet[Complaint]:
    return _scoped(Complaint.objects.all(), scope_for(user))


def complaints_for_list(user) -> QuerySet[Complaint]:
    return complaints_for(user).select_related("centre", "staff", "assigned_to", "handled_by")


def get_complaint(user, pk: int) -> Complaint:
    complaint = (
        complaints_for(user)
        .select_related(
            "centre", "staff", "case", "handled_by", "recorded_by", "assigned_to", "assigned_to__centre", "verified_by"
        )
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise Http404("投诉举报不存在或无权查看")
    return complaint


# Who may take which step. Pure over a Scope (the reader's, or ``staff_scope`` of a service's actor)
# and the complaint; views show a step's form only to whom these allow, services check again.


def staff_scope(staff: Staff) -> Scope:
    """The scope a service's actor acts with (nothing for a deactivated account)."""
    if not staff.is_active:
        return NO_SCOPE
    return Scope(role=Role(staff.role), centre_id=staff.centre_id, agency_point_id=staff.agency_point_id)


def may_register(scope: Scope) -> bool:
    """登记: the county admin and inspectors (any centre), a centre director (their own centre)."""
    return scope.is_countywide or (scope.is_centre and scope.role == Role.CENTRE_DIRECTOR)


def assigned_by_county(complaint: Complaint) -> bool:
    """The complaint is with a county-level person (an inspector): only the county reassigns it."""
    return complaint.assigned_to_id is not None and complaint.assigned_to.role in COUNTYWIDE_ROLES


def may_assign(scope: Scope, complaint: Complaint) -> bool:
    """交办: the county admin for any complaint, the director for their centre's (unless the county
    gave it to an inspector)."""
    if complaint.is_closed:
        return False
    if scope.is_county_admin:
        return True
    return is_director_of(scope, complaint.centre_id) and not assigned_by_county(complaint)


def verdict_by_county(complaint: Complaint) -> bool:
    """The verdict was given by the county admin or an inspector (the centre may not change it)."""
    return complaint.verified_by_id is not None and complaint.verified_by.role in COUNTYWIDE_ROLES


def may_verify(scope: Scope, complaint: Complaint) -> bool:
    """查证 (属实/不属实): county roles for any complaint; the director for their centre's, unless the
    county has already decided (the county may still change any verdict until it is closed)."""
    if complaint.is_closed:
        return False
    if scope.is_countywide:
        return True
    return is_director_of(scope, complaint.centre_id) and not verdict_by_county(complaint)


def may_reply(scope: Scope, complaint: Complaint) -> bool:
    """答复 and 办结: county roles, or the director of the complaint's centre."""
    if complaint.is_closed:
        return False
    return scope.is_countywide or is_director_of(scope, complaint.centre_id)


def may_investigate(scope: Scope, complaint: Complaint, staff_id: int | None) -> bool:
    """调查核实: whoever may reply, and the person it was assigned to (a clerk, say)."""
    if complaint.is_closed:
        return False
    assignee = staff_id is not None and complaint.assigned_to_id == staff_id
    return assignee or may_reply(scope, complaint)


def may_see_evidence(scope: Scope, complaint: Complaint, staff_id: int | None) -> bool:
    """The evidence may name the complainant (a letter from the box): who sees identities, and the assignee."""
    return sees_identities(scope) or (staff_id is not None and complaint.assigned_to_id == staff_id)


def assignable_staff(scope: Scope, complaint: Complaint) -> QuerySet[Staff]:
    """To whom the actor may assign: the centre's directors and clerks; the county admin also inspectors."""
    at_centre = Q(role__in=[Role.CENTRE_DIRECTOR, Role.CLERK], centre_id=complaint.centre_id)
    who = at_centre | Q(role=Role.INSPECTOR) if scope.is_county_admin else at_centre
    qs = Staff.objects.filter(who, is_active=True)
    if scope.is_county_admin or is_director_of(scope, complaint.centre_id):
        return qs.order_by("role", "name", "pk")
    return qs.none()


# Deadlines: red once the deadline day has passed (逾期), yellow when it falls today or on the next
# working day (the same thresholds as the electronic monitoring).


@dataclass(frozen=True)
class DeadlineLight:
    colour: str  # "red" | "yellow"
    label: str

    @property
    def css(self) -> str:
        return "danger" if self.colour == "red" else "warning"


def next_working_day(today: date, calendar: WorkCalendar | None = None) -> date:
    return (calendar or load_calendar()).next_working_day_on_or_after(today + timedelta(days=1))


def deadline_light(*, deadline: date | None, closed: bool, today: date, next_day: date) -> DeadlineLight | None:
    """The register's badge: the colour is the electronic monitoring's own rule (``deadline_colour``)."""
    if closed or deadline is None:
        return None
    colour = deadline_colour(deadline=deadline, today=today, next_working_day=next_day)
    if colour is None:
        return None
    if colour == Colour.RED:
        return DeadlineLight("red", "逾期")
    if deadline == today:
        return DeadlineLight("yellow", "今日到期")
    label = "明日到期" if deadline == today + timedelta(days=1) else f"{deadline.month}月{deadline.day}日到期"
    return DeadlineLight("yellow", label)


def complaint_overdue_q(today: date) -> Q:
    return Q(status__in=OPEN_COMPLAINT, deadline__lt=today)


def complaint_due_soon_q(today: date, next_day: date) -> Q:
    return Q(status__in=OPEN_COMPLAINT, deadline__gte=today, deadline__lte=next_day)


def with_complaint_lights(rows, today: date | None = None) -> list[Complaint]:
    """Set ``.light`` on each complaint (one small calendar query, whatever the number of rows)."""
    today = today or timezone.localdate()
    next_day = next_working_day(today)
    rows = list(rows)
    for complaint in rows:
        complaint.light = deadline_light(
            deadline=complaint.deadline, closed=complaint.is_closed, today=today, next_day=next_day
        )
    return rows


@dataclass(frozen=True)
class HistoryStep:
    at: datetime
    label: str
    who: str = ""
    detail: str = ""


def complaint_history(complaint: Complaint) -> list[HistoryStep]:
    """办理经过 from the complaint's events (every step, reassignments and changed verdicts too).
    Complaints filed before events were kept fall back to the record's own fields."""
    events = list(complaint.events.select_related("actor"))
    if events:
        return [HistoryStep(e.at, e.get_step_display(), e.actor.name if e.actor else "", e.detail) for e in events]
    return _history_from_fields(complaint)


def _history_from_fields(complaint: Complaint) -> list[HistoryStep]:
    """The latest of each step, from the record's fields. Needs the people select_related."""
    if complaint.recorded_by_id:
        first = HistoryStep(complaint.submitted_at, "登记", complaint.recorded_by.name, complaint.get_channel_display())
    else:
        first = HistoryStep(complaint.submitted_at, "受理", "", f"群众{complaint.get_channel_display()}")
    steps = [first]
    if complaint.assigned_at and complaint.assigned_to_id:
        steps.append(HistoryStep(complaint.assigned_at, "交办", "", f"承办人 {complaint.assigned_to.name}"))
    if complaint.verified_at and complaint.verdict:
        who = complaint.verified_by.name if complaint.verified_by_id else ""
        steps.append(HistoryStep(complaint.verified_at, "查证", who, complaint.get_verdict_display()))
    if complaint.replied_at:
        who = complaint.handled_by.name if complaint.handled_by_id else ""
        steps.append(HistoryStep(complaint.replied_at, "答复", who))
    if complaint.closed_at:
        who = complaint.handled_by.name if complaint.handled_by_id else ""
        steps.append(HistoryStep(complaint.closed_at, "办结", who))
    return sorted(steps, key=lambda step: step.at)


# --- public -----------------------------------------------------------------------------------


def public_complaint(code: str) -> Complaint | None:
    """The complaint behind a query code, for the public status page (None for any other input)."""
    code = rules.normalize_code(code)
    if not rules.is_code_shaped(code):
        return None
    return Complaint.objects.select_related("centre").filter(code=code).first()


def rateable_case(case_pk: int) -> Case | None:
    """The case the public wants to rate (the view has already checked the session proof)."""
    return Case.objects.select_related("centre").filter(pk=case_pk).first()


def is_rateable(case: Case) -> bool:
    return case.status in workflow.DECIDED


def is_rated(case: Case) -> bool:
    return Rating.objects.filter(case_id=case.pk).exists()


# --- the centre dashboard ---------------------------------------------------------------------


def director_panel(user) -> dict:
    """Context of ``supervision/_director_panel.html`` on a centre's home dashboard: open
    rectifications (overdue first, then by deadline), complaints waiting, this month's ratings.

    Empty for anyone who is not a centre role (the template then shows nothing). Five queries.
    """
    scope = scope_for(user)
    if not scope.is_centre:
        return {}
    today = timezone.localdate()
    rects = rectifications_for(user)
    counts = rects.aggregate(
        open=Count("pk", filter=Q(status=Rectification.Status.OPEN)),
        overdue=Count("pk", filter=overdue_filter(today)),
    )
    rows = with_overdue(
        rects.filter(status=Rectification.Status.OPEN)
        .select_related("case", "rating")
        .order_by("deadline", "pk")[:PANEL_ROWS],
        today,
    )
    complaints = complaints_for(user).aggregate(
        new=Count("pk", filter=Q(status=Complaint.Status.RECEIVED)),
        processing=Count("pk", filter=Q(status=Complaint.Status.PROCESSING)),
    )
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return {
        "is_director": scope.role == Role.CENTRE_DIRECTOR,
        "sees_case": sees_identities(scope),
        "rectifications": rows,
        "open_count": counts["open"],
        "overdue_count": counts["overdue"],
        "complaints_new": complaints["new"],
        "complaints_processing": complaints["processing"],
        "month": rating_summary(ratings_for(user).filter(rated_at__gte=month_start)),
        "today": today,
    }

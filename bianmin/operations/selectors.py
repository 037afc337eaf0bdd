"""Scoped reads of daily management, and the functions the electronic monitoring dashboard calls.

Who reads what (issue #7 point 4; DESIGN §1):
- county admin and inspector: everything county-wide (the inspector changes nothing here);
- a centre's director-role staff (中心主任, 专职副主任): their centre's records, including the
  attendance and leaves of its agency points' staff;
- a clerk or an agent: their own attendance and leaves only. Clerks may also read their centre's
  running logs (read-only): the log is the hall's shared record of the day (staffing, problems,
  how they were handled) and the window staff are the ones it is about. Patrols and staff-change
  reports are management records: directors and the county only.

Out of scope → 404 (``Http404``); a role that has no business on a page → 403 (``PermissionDenied``).

For the dashboard (issue #7 point 3): ``absences`` (旷岗), ``missing_logs`` (未填写运行日志) and
``on_leave_staff_ids`` (the post board's 请假), each in a fixed number of queries.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.operations import rules
from bianmin.operations.models import Attendance, CentreLog, Leave, LeaveStatus, Patrol, StaffChange
from bianmin.org.models import AgencyPoint, Centre, Staff, Window
from bianmin.org.selectors import require_staff, scope_for
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.selectors import load_calendar

WORKING_ROLES = (Role.CENTRE_DIRECTOR, Role.CLERK, Role.AGENT)
# Leaves that excuse a day: approved, or approved and closed by 销假.
EXCUSING = (LeaveStatus.APPROVED, LeaveStatus.RETURNED)
# Leaves that block a new request for the same time.
BLOCKING = (LeaveStatus.REQUESTED, LeaveStatus.APPROVED, LeaveStatus.RETURNED)


def office_hours() -> rules.OfficeHours:
    """The county's office hours (settings, read at call time)."""
    return rules.OfficeHours(
        start=rules.parse_clock(settings.WORKDAY_START),
        end=rules.parse_clock(settings.WORKDAY_END),
        cutoff=rules.parse_clock(settings.ATTENDANCE_SIGN_IN_CUTOFF),
    )


def at_local(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock), timezone.get_current_timezone())


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Midnight to midnight of a local day."""
    start = at_local(day, time.min)
    return start, start + timedelta(days=1)


def office_bounds(day: date, hours: rules.OfficeHours | None = None) -> tuple[datetime, datetime]:
    """The day's office hours: a leave covers the day when it overlaps them."""
    hours = hours or office_hours()
    return at_local(day, hours.start), at_local(day, hours.end)


def person(staff: Staff) -> rules.Person:
    """The rules' view of a staff member; an agent belongs to the centre of their point."""
    centre_id = staff.centre_id
    if centre_id is None and staff.agency_point_id:
        centre_id = staff.agency_point.centre_id
    return rules.Person(staff_id=staff.pk, role=staff.role, centre_id=centre_id)


def home_centre_id(staff: Staff) -> int | None:
    return person(staff).centre_id


# --- scope ------------------------------------------------------------------------------------


def ops_scope(user) -> Scope:
    """Every working role uses these pages; an account without a role gets 403."""
    require_staff(user)
    return scope_for(user)


def actor_of(user) -> Staff:
    staff = getattr(user, "staff", None)
    if staff is None or not staff.is_active:
        raise PermissionDenied("您的账号尚未分配角色。")
    return staff


def is_director(scope: Scope) -> bool:
    return scope.role == Role.CENTRE_DIRECTOR and scope.centre_id is not None


def is_director_of(scope: Scope, centre_id: int | None) -> bool:
    return is_director(scope) and scope.centre_id == centre_id


def manages(scope: Scope, centre_id: int | None) -> bool:
    """May change records of that centre: its director-role staff, or the county admin."""
    return scope.is_county_admin or is_director_of(scope, centre_id)


def require_management_reader(scope: Scope, what: str) -> None:
    """Patrols, staff changes and 在岗情况: directors and the county only."""
    if not (scope.is_countywide or is_director(scope)):
        raise PermissionDenied(f"{what}由中心主任和县级管理部门查看。")


def _personal(qs: QuerySet, user, scope: Scope) -> QuerySet:
    """Attendance and leaves: the county all, a director the centre (and its points), others their own."""
    if scope.is_countywide:
        return qs
    if is_director(scope):
        return qs.filter(centre_id=scope.centre_id)
    if scope.is_centre or scope.is_agency_point:
        return qs.filter(staff__user=user)
    return qs.none()


def _get(qs: QuerySet, pk: int, message: str):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(message)
    return obj


def attendance_for(user) -> QuerySet[Attendance]:
    return _personal(Attendance.objects.all(), user, scope_for(user))


def attendance_for_list(user) -> QuerySet[Attendance]:
    return attendance_for(user).select_related("staff", "centre", "agency_point", "window", "recorded_by")


def leaves_for(user) -> QuerySet[Leave]:
    return _personal(Leave.objects.all(), user, scope_for(user))


def leaves_for_list(user) -> QuerySet[Leave]:
    return leaves_for(user).select_related("staff", "centre", "agency_point", "stand_in", "decided_by")


def get_leave(user, pk: int) -> Leave:
    qs = leaves_for(user).select_related(
        "staff", "staff__agency_point", "centre", "agency_point", "stand_in", "requested_by", "decided_by"
    )
    return _get(qs, pk, "请假记录不存在或无权查看")


def logs_for(user) -> QuerySet[CentreLog]:
    """Running logs: the county all, the centre's director-role staff and clerks their centre, agents none."""
    scope = scope_for(user)
    if scope.is_countywide:
        return CentreLog.objects.all()
    if scope.is_centre:
        return CentreLog.objects.filter(centre_id=scope.centre_id)
    return CentreLog.objects.none()


def get_log(user, pk: int) -> CentreLog:
    return _get(logs_for(user).select_related("centre", "written_by"), pk, "运行日志不存在或无权查看")


def _management(qs: QuerySet, scope: Scope) -> QuerySet:
    if scope.is_countywide:
        return qs
    if is_director(scope):
        return qs.filter(centre_id=scope.centre_id)
    return qs.none()


def patrols_for(user) -> QuerySet[Patrol]:
    return _management(Patrol.objects.all(), scope_for(user))


def patrols_for_list(user) -> QuerySet[Patrol]:
    return patrols_for(user).select_related("centre", "patrolled_by", "window", "staff", "annulled_by")


def get_patrol(user, pk: int) -> Patrol:
    return _get(patrols_for_list(user), pk, "巡查记录不存在或无权查看")


def staff_changes_for(user) -> QuerySet[StaffChange]:
    return _management(StaffChange.objects.all(), scope_for(user))


def staff_changes_for_list(user) -> QuerySet[StaffChange]:
    return staff_changes_for(user).select_related("centre", "staff", "reported_by", "acknowledged_by", "annulled_by")


def get_staff_change(user, pk: int) -> StaffChange:
    return _get(staff_changes_for_list(user), pk, "报备记录不存在或无权查看")


def people_for(user) -> QuerySet[Staff]:
    """The people whose attendance and leaves the user may manage or filter by."""
    scope = scope_for(user)
    qs = Staff.objects.filter(role__in=WORKING_ROLES).select_related("agency_point", "centre")
    if scope.is_countywide:
        return qs
    if is_director(scope):
        return qs.filter(Q(centre_id=scope.centre_id) | Q(agency_point__centre_id=scope.centre_id))
    return qs.filter(user=user)


def centre_people(centre_id: int) -> QuerySet[Staff]:
    """Active people of a centre and of its agency points (stand-ins, staff concerned, 补录)."""
    return (
        Staff.objects.filter(is_active=True, role__in=WORKING_ROLES)
        .filter(Q(centre_id=centre_id) | Q(agency_point__centre_id=centre_id))
        .select_related("agency_point")
        .order_by("agency_point__village__code", "name", "pk")
    )


def centres_in(scope: Scope) -> QuerySet[Centre]:
    qs = Centre.objects.filter(is_active=True).select_related("township").order_by("township__code")
    if scope.is_countywide:
        return qs
    return qs.filter(pk=scope.centre_id) if scope.centre_id else qs.none()


# --- leaves covering a moment or a day ---------------------------------------------------------


def leaves_covering_moment(at: datetime) -> QuerySet[Leave]:
    """Approved leaves covering ``at`` and not yet closed by 销假 (the post board's 请假)."""
    return Leave.objects.filter(status=LeaveStatus.APPROVED, starts_at__lte=at, ends_at__gt=at)


def leaves_covering_day(day: date, hours: rules.OfficeHours | None = None) -> QuerySet[Leave]:
    """Approved or returned leaves overlapping the day's office hours (rules.effective_end: a
    returned leave covers up to 销假 when the person came back early)."""
    start, end = office_bounds(day, hours)
    return Leave.objects.filter(status__in=EXCUSING, starts_at__lt=end, ends_at__gt=start).exclude(
        status=LeaveStatus.RETURNED, returned_at__lte=start
    )


def on_leave_staff_ids(*, at: datetime, staff_ids: Collection[int] | None = None) -> set[int]:
    """People on approved leave at ``at`` (not yet back): one query."""
    qs = leaves_covering_moment(at)
    if staff_ids is not None:
        qs = qs.filter(staff_id__in=list(staff_ids))
    return set(qs.values_list("staff_id", flat=True))


def on_leave_exists(at: datetime) -> Exists:
    """For annotating a Staff queryset (``on_leave=on_leave_exists(now)``) in the same query."""
    return Exists(leaves_covering_moment(at).filter(staff_id=OuterRef("pk")))


# --- expected people and absences (旷岗) --------------------------------------------------------


def expected_staff(centre_ids: Collection[int] | None = None, *, include_points: bool = True) -> QuerySet[Staff]:
    """Who is expected at work on a working day: active clerks and agents, and director-role staff
    except the centre's 主任 — a township leader who heads the centre part-time (四(一)1(1)); the
    专职副主任 is full-time at the centre and signs in like everyone else. Only active centres/points."""
    heads = Centre.objects.filter(director_id=OuterRef("pk"))
    qs = (
        Staff.objects.filter(is_active=True, role__in=WORKING_ROLES)
        .exclude(Exists(heads))
        .filter(
            Q(centre__isnull=False, centre__is_active=True)
            | Q(agency_point__isnull=False, agency_point__is_active=True, agency_point__centre__is_active=True)
        )
    )
    if not include_points:
        qs = qs.filter(agency_point__isnull=True)
    if centre_ids is not None:
        ids = list(centre_ids)
        qs = qs.filter(Q(centre_id__in=ids) | Q(agency_point__centre_id__in=ids))
    return qs


@dataclass(frozen=True)
class Absence:
    """旷岗: a person expected at work who neither signed in nor was on leave that day."""

    staff_id: int
    staff_name: str
    centre_id: int
    agency_point_id: int | None
    day: date


def _signed_in_ids(day: date, staff_ids: Iterable[int] | None = None) -> set[int]:
    qs = Attendance.objects.filter(day=day, signed_in_at__isnull=False)
    if staff_ids is not None:
        qs = qs.filter(staff_id__in=list(staff_ids))
    return set(qs.values_list("staff_id", flat=True))


def absences(*, day: date, now: datetime, centre_ids: Collection[int] | None = None) -> list[Absence]:
    """People absent without leave on ``day`` (rules.absent_without_leave), in three queries plus
    the calendar's; [] on a non-working day, a future day, or today before the sign-in cut-off."""
    hours = office_hours()
    local_now = timezone.localtime(now)
    calendar = load_calendar()
    working = calendar.is_working_day(day)
    # Nothing can be absent yet: skip the queries (the rule decides the same for everyone).
    if not rules.absent_without_leave(
        day=day,
        today=local_now.date(),
        clock=local_now.time(),
        cutoff=hours.cutoff,
        working_day=working,
        signed_in=False,
        on_leave=False,
    ):
        return []
    people = list(
        expected_staff(centre_ids)
        .order_by("centre_id", "agency_point_id", "name", "pk")
        .values_list("pk", "name", "centre_id", "agency_point_id", "agency_point__centre_id")
    )
    ids = [row[0] for row in people]
    signed = _signed_in_ids(day, ids)
    excused = set(leaves_covering_day(day, hours).filter(staff_id__in=ids).values_list("staff_id", flat=True))
    result = []
    for pk, name, centre_id, point_id, point_centre_id in people:
        if rules.absent_without_leave(
            day=day,
            today=local_now.date(),
            clock=local_now.time(),
            cutoff=hours.cutoff,
            working_day=working,
            signed_in=pk in signed,
            on_leave=pk in excused,
        ):
            result.append(Absence(pk, name, centre_id or point_centre_id, point_id, day))
    result.sort(key=lambda a: (a.centre_id, a.agency_point_id or 0, a.staff_name, a.staff_id))
    return result


# --- missing running logs -----------------------------------------------------------------------


def working_days(calendar: WorkCalendar, since: date, until: date) -> list[date]:
    days, day = [], since
    while day <= until:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def missing_logs(*, since: date, until: date, centre_ids: Collection[int] | None = None) -> list[tuple[int, date]]:
    """(centre id, working day) pairs in [since, until] of active centres without a running log,
    ordered by centre then day. The caller bounds ``until`` (a log is written on its day, so the
    dashboard asks up to yesterday, or today once the office has closed). Two queries plus the
    calendar's, whatever the number of centres."""
    if until < since:
        return []
    days = working_days(load_calendar(), since, until)
    if not days:
        return []
    centres = Centre.objects.filter(is_active=True)
    if centre_ids is not None:
        centres = centres.filter(pk__in=list(centre_ids))
    ids = sorted(centres.values_list("pk", flat=True))
    written = set(
        CentreLog.objects.filter(centre_id__in=ids, day__gte=days[0], day__lte=days[-1]).values_list("centre_id", "day")
    )
    return [(centre_id, day) for centre_id in ids for day in days if (centre_id, day) not in written]


# --- who is on post now (在岗情况) ----------------------------------------------------------------


@dataclass
class PersonNow:
    staff: Staff
    state: rules.PostState
    attendance: Attendance | None = None
    leave: Leave | None = None
    late: bool = False
    early: bool = False
    covering: bool = False  # signed in at this window, which is not their own (顶岗)
    elsewhere: Window | None = None  # their window, but signed in today at another one
    expected: bool = True  # False for the centre's 主任 (part-time township leader)

    @property
    def here(self) -> bool:
        """On post at the window this row is listed under."""
        return self.state == rules.PostState.ON_POST and self.elsewhere is None


@dataclass
class WindowNow:
    window: Window
    people: list[PersonNow] = field(default_factory=list)

    @property
    def staffed(self) -> bool:
        return any(p.here for p in self.people)


@dataclass
class CentreNow:
    centre: Centre
    now: datetime
    working_day: bool
    windows: list[WindowNow]
    managers: list[PersonNow]  # director-role staff and people on no window
    points: list[tuple[AgencyPoint, list[PersonNow]]]


def _person_now(
    staff: Staff, attendance: Attendance | None, leave: Leave | None, hours: rules.OfficeHours
) -> PersonNow:
    signed_in = attendance is not None and attendance.signed_in_at is not None
    signed_out = attendance is not None and attendance.signed_out_at is not None
    state = rules.post_state(signed_in=signed_in, signed_out=signed_out, on_leave=leave is not None)
    late = signed_in and rules.is_late(timezone.localtime(attendance.signed_in_at).time(), hours.start)
    early = signed_out and rules.left_early(timezone.localtime(attendance.signed_out_at).time(), hours.end)
    return PersonNow(staff=staff, state=state, attendance=attendance, leave=leave, late=late, early=early)


def centre_now(centre: Centre, *, now: datetime) -> CentreNow:
    """Each active window of the centre with its staff and their state now, then the managers and the
    agency points' staff (six queries)."""
    hours = office_hours()
    today = local_day(now)
    windows = list(
        Window.objects.filter(centre=centre, is_active=True)
        .select_related("business_line")
        .prefetch_related(Prefetch("staff", queryset=Staff.objects.filter(is_active=True).order_by("name", "pk")))
        .order_by("number")
    )
    people = list(centre_people(centre.pk).select_related("agency_point__village"))
    ids = [p.pk for p in people]
    attendance = {
        a.staff_id: a for a in Attendance.objects.filter(day=today, staff_id__in=ids).select_related("window")
    }
    leaves = {
        leave.staff_id: leave
        for leave in leaves_covering_moment(now).filter(staff_id__in=ids).select_related("stand_in")
    }
    by_id = {p.pk: p for p in people}
    placed: set[int] = set()
    rows = []
    for window in windows:
        row = WindowNow(window=window)
        for staff in window.staff.all():
            staff = by_id.get(staff.pk, staff)
            record = attendance.get(staff.pk)
            entry = _person_now(staff, record, leaves.get(staff.pk), hours)
            if record is not None and record.window_id not in (None, window.pk):
                entry.elsewhere = record.window
            row.people.append(entry)
            placed.add(staff.pk)
        rows.append(row)
    by_window = {row.window.pk: row for row in rows}
    for record in attendance.values():  # 顶岗: signed in today at a window that is not theirs
        row = by_window.get(record.window_id)
        if row is None or record.staff_id in {p.staff.pk for p in row.people} or record.staff_id not in by_id:
            continue
        covering = _person_now(by_id[record.staff_id], record, leaves.get(record.staff_id), hours)
        covering.covering = True
        row.people.append(covering)
    managers = [
        _person_now(p, attendance.get(p.pk), leaves.get(p.pk), hours)
        for p in people
        if p.centre_id == centre.pk and p.pk not in placed
    ]
    for entry in managers:
        entry.expected = entry.staff.pk != centre.director_id
    managers.sort(key=lambda pn: (pn.staff.pk not in (centre.director_id, centre.deputy_id), pn.staff.name))
    points: dict[int, tuple[AgencyPoint, list[PersonNow]]] = {}
    for p in people:
        if p.agency_point_id:
            entry = points.setdefault(p.agency_point_id, (p.agency_point, []))
            entry[1].append(_person_now(p, attendance.get(p.pk), leaves.get(p.pk), hours))
    return CentreNow(
        centre=centre,
        now=now,
        working_day=load_calendar().is_working_day(today),
        windows=rows,
        managers=managers,
        points=[points[k] for k in sorted(points, key=lambda k: points[k][0].village.code)],
    )


@dataclass
class CentreCount:
    centre: Centre
    expected: int = 0
    on_post: int = 0
    signed_out: int = 0
    on_leave: int = 0
    not_signed_in: int = 0


def county_now(*, now: datetime, centre_ids: Collection[int] | None = None) -> list[CentreCount]:
    """Per centre (its hall and its agency points): 应到 / 在岗 / 已签退 / 请假 / 未签到 now (four queries)."""
    centres = Centre.objects.filter(is_active=True).select_related("township").order_by("township__code")
    if centre_ids is not None:
        centres = centres.filter(pk__in=list(centre_ids))
    counts = {c.pk: CentreCount(centre=c) for c in centres}
    people = list(expected_staff(counts.keys()).values_list("pk", "centre_id", "agency_point__centre_id"))
    ids = [row[0] for row in people]
    today = local_day(now)
    attendance = {
        staff_id: (signed_in, signed_out)
        for staff_id, signed_in, signed_out in Attendance.objects.filter(day=today, staff_id__in=ids).values_list(
            "staff_id", "signed_in_at", "signed_out_at"
        )
    }
    away = on_leave_staff_ids(at=now, staff_ids=ids)
    for pk, centre_id, point_centre_id in people:
        row = counts.get(centre_id or point_centre_id)
        if row is None:
            continue
        signed_in, signed_out = attendance.get(pk, (None, None))
        state = rules.post_state(
            signed_in=signed_in is not None, signed_out=signed_out is not None, on_leave=pk in away
        )
        row.expected += 1
        if state == rules.PostState.ON_POST:
            row.on_post += 1
        elif state == rules.PostState.SIGNED_OUT:
            row.signed_out += 1
        elif state == rules.PostState.ON_LEAVE:
            row.on_leave += 1
        else:
            row.not_signed_in += 1
    return list(counts.values())


# --- attendance rows with late / early flags ---------------------------------------------------


def with_flags(rows: Iterable[Attendance], hours: rules.OfficeHours | None = None) -> list[Attendance]:
    """Mark ``late`` and ``early`` on attendance rows for display."""
    hours = hours or office_hours()
    rows = list(rows)
    for row in rows:
        row.late = row.signed_in_at is not None and rules.is_late(
            timezone.localtime(row.signed_in_at).time(), hours.start
        )
        row.early = row.signed_out_at is not None and rules.left_early(
            timezone.localtime(row.signed_out_at).time(), hours.end
        )
    return rows


def late_q(hours: rules.OfficeHours | None = None) -> Q:
    """迟到 in SQL (local time, minute precision as rules.is_late)."""
    hours = hours or office_hours()
    first_late = (datetime.combine(date.min, hours.start) + timedelta(minutes=1)).time()
    return Q(signed_in_at__time__gte=first_late)


def early_q(hours: rules.OfficeHours | None = None) -> Q:
    hours = hours or office_hours()
    return Q(signed_out_at__isnull=False, signed_out_at__time__lt=hours.end)


# --- monthly summary ------------------------------------------------------------------------------


@dataclass
class MonthRow:
    staff: Staff
    centre_id: int | None
    present: int = 0
    late: int = 0
    early: int = 0
    leave_days: int = 0
    absent: int = 0
    absent_days: list[date] = field(default_factory=list)
    centre_name: str = ""


def monthly_summary(people: Iterable[Staff], *, first: date, last: date, now: datetime) -> list[MonthRow]:
    """Per person over the working days of [first, last] up to today: 出勤天数, 迟到, 早退, 请假天数
    (working days covered by approved/returned leave), 旷岗 (rules.absent_without_leave; never for a
    centre's part-time 主任). Three queries plus the calendar's, whatever the number of people."""
    hours = office_hours()
    calendar = load_calendar()
    local_now = timezone.localtime(now)
    days = working_days(calendar, first, min(last, local_now.date()))
    people = list(people)
    ids = [p.pk for p in people]
    heads = set(Centre.objects.filter(director_id__in=ids).values_list("director_id", flat=True))
    records: dict[tuple[int, date], Attendance] = {
        (a.staff_id, a.day): a for a in Attendance.objects.filter(staff_id__in=ids, day__gte=first, day__lte=last)
    }
    start_all, _ = office_bounds(first, hours)
    _, end_all = office_bounds(last, hours)
    periods: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for leave in Leave.objects.filter(
        staff_id__in=ids, status__in=EXCUSING, starts_at__lt=end_all, ends_at__gt=start_all
    ).only("staff_id", "starts_at", "ends_at", "returned_at"):
        periods[leave.staff_id].append(
            (leave.starts_at, rules.effective_end(ends_at=leave.ends_at, returned_at=leave.returned_at))
        )
    rows = []
    for staff in people:
        row = MonthRow(staff=staff, centre_id=home_centre_id(staff))
        for day in days:
            record = records.get((staff.pk, day))
            signed_in = record is not None and record.signed_in_at is not None
            day_start, day_end = office_bounds(day, hours)
            covered = any(rules.overlaps(s, e, day_start, day_end) for s, e in periods.get(staff.pk, ()))
            if signed_in:
                row.present += 1
                if rules.is_late(timezone.localtime(record.signed_in_at).time(), hours.start):
                    row.late += 1
                if record.signed_out_at and rules.left_early(
                    timezone.localtime(record.signed_out_at).time(), hours.end
                ):
                    row.early += 1
            if covered:
                row.leave_days += 1
            expected = staff.is_active and staff.pk not in heads
            if expected and rules.absent_without_leave(
                day=day,
                today=local_now.date(),
                clock=local_now.time(),
                cutoff=hours.cutoff,
                working_day=True,
                signed_in=signed_in,
                on_leave=covered,
            ):
                row.absent += 1
                row.absent_days.append(day)
        rows.append(row)
    return rows


# --- running logs ---------------------------------------------------------------------------------


def log_prefill(centre: Centre, day: date) -> dict:
    """What the day's records say, to prefill the running log (四(一)4(4)): the hall's staffing from
    attendance and leave, the cases received and completed and the consultations of the centre."""
    from bianmin.cases.models import Case, Consultation  # the cases app depends on nothing here

    hours = office_hours()
    people = list(expected_staff([centre.pk], include_points=False).order_by("name", "pk"))
    ids = [p.pk for p in people]
    records = {a.staff_id: a for a in Attendance.objects.filter(day=day, staff_id__in=ids)}
    leaves = {
        leave.staff_id: leave
        for leave in leaves_covering_day(day, hours).filter(staff_id__in=ids).select_related("stand_in")
    }
    present = [p for p in people if p.pk in records and records[p.pk].signed_in_at]
    notes = []
    for p in people:
        if p.pk in leaves:
            leave = leaves[p.pk]
            stand_in = f",{leave.stand_in.name}顶岗" if leave.stand_in else ""
            notes.append(f"{p.name}{leave.get_kind_display()}{stand_in}")
    missing = [p.name for p in people if p not in present and p.pk not in leaves]
    note = ";".join(notes)
    if missing:
        note = (note + ";" if note else "") + "未签到:" + "、".join(missing)
    times = [a for a in records.values() if a.signed_in_at]
    outs = [a.signed_out_at for a in records.values() if a.signed_out_at]
    start, end = day_bounds(day)
    return {
        "opened_at": timezone.localtime(min(a.signed_in_at for a in times)).time().replace(second=0, microsecond=0)
        if times
        else hours.start,
        "closed_at": timezone.localtime(max(outs)).time().replace(second=0, microsecond=0) if outs else None,
        "staff_expected": len(people),
        "staff_present": len(present),
        "staffing_note": note[:500],
        "cases_received": Case.objects.filter(centre=centre, received_at__gte=start, received_at__lt=end).count(),
        "cases_completed": Case.objects.filter(centre=centre, completed_at__gte=start, completed_at__lt=end).count(),
        "consultations": Consultation.objects.filter(centre=centre, asked_at__gte=start, asked_at__lt=end).count(),
    }


def day_patrols(centre_id: int, day: date) -> list[Patrol]:
    start, end = day_bounds(day)
    return list(
        Patrol.objects.filter(centre_id=centre_id, patrolled_at__gte=start, patrolled_at__lt=end)
        .select_related("patrolled_by", "window", "staff")
        .order_by("patrolled_at", "pk")
    )


@dataclass
class LogCell:
    day: date
    working: bool
    log: CentreLog | None
    future: bool
    today: bool = False

    @property
    def missing(self) -> bool:
        """未填写: a past working day without a log (today's is written by the end of the day)."""
        return self.working and self.log is None and not self.future and not self.today

    @property
    def pending(self) -> bool:
        """Today's log, not written yet."""
        return self.working and self.log is None and self.today

    @property
    def weekday(self) -> str:
        return "一二三四五六日"[self.day.weekday()]


@dataclass
class LogMonthRow:
    centre: Centre
    cells: list[LogCell]

    @property
    def missing_count(self) -> int:
        return sum(1 for cell in self.cells if cell.missing)


def log_month(centres: Iterable[Centre], *, first: date, last: date, today: date) -> list[LogMonthRow]:
    """Per centre, every day of the month: the log, or 未填写 on a past or present working day."""
    calendar = load_calendar()
    centres = list(centres)
    logs = {
        (log.centre_id, log.day): log
        for log in CentreLog.objects.filter(centre__in=centres, day__gte=first, day__lte=last).select_related(
            "written_by"
        )
    }
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    working = {day: calendar.is_working_day(day) for day in days}
    return [
        LogMonthRow(
            centre=centre,
            cells=[LogCell(day, working[day], logs.get((centre.pk, day)), day > today, day == today) for day in days],
        )
        for centre in centres
    ]


# --- staff changes: reported on time? ----------------------------------------------------------


def report_days() -> int:
    return int(getattr(settings, "STAFF_CHANGE_REPORT_WORKING_DAYS", 5))


def with_timeliness(rows: Iterable[StaffChange]) -> list[StaffChange]:
    """Mark ``deadline`` and ``on_time`` (及时/逾期报备) on staff changes."""
    calendar, days = load_calendar(), report_days()
    rows = list(rows)
    for change in rows:
        change.deadline = rules.staff_change_deadline(calendar, change.effective_on, days).value
        change.on_time = rules.reported_on_time(reported_on=local_day(change.reported_at), deadline=change.deadline)
    return rows

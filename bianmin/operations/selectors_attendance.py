"""Attendance reads of daily management (考勤, 请销假; plan 四(一)4(4)): the county's office hours and
local days, leaves covering a moment or a day, who is expected at work and who is absent without
leave (旷岗), late / early flags, and the monthly summary per person.

For the dashboard (issue #7 point 3): ``absences`` (旷岗) and ``on_leave_staff_ids`` (the post
board's 请假), each in a fixed number of queries. Scoping is the caller's: these take centre or staff
ids already in scope (``selectors``).
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bianmin.operations import rules
from bianmin.operations.models import Attendance, Leave, LeaveStatus
from bianmin.operations.selectors import WORKING_ROLES, home_centre_id
from bianmin.org.models import Centre, Staff
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.selectors import load_calendar

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


def working_days(calendar: WorkCalendar, since: date, until: date) -> list[date]:
    days, day = [], since
    while day <= until:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


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

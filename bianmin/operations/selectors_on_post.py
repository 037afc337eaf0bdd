"""Who is on post now (在岗情况, plan 四(一)4(4)): each window of a centre with its staff and their state
(在岗, 已签退, 请假, 未签到; 顶岗 at another window), and the county's count per centre.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from bianmin.operations import rules
from bianmin.operations.models import Attendance, Leave
from bianmin.operations.selectors import centre_people
from bianmin.operations.selectors_attendance import (
    expected_staff,
    leaves_covering_moment,
    local_day,
    office_hours,
    on_leave_staff_ids,
)
from bianmin.org.models import AgencyPoint, Centre, Staff, Window
from bianmin.workcalendar.selectors import load_calendar


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

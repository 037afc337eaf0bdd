"""Reads of the centre's management records (plan 四(一)4(4), 五(一), 四(一)1(2)): the running log's
prefill and month grid, the day's patrols shown beside the log, and whether staff changes were
reported on time.

For the dashboard (issue #7 point 3): ``missing_logs`` (未填写运行日志), in a fixed number of queries.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from bianmin.operations import rules
from bianmin.operations.models import Attendance, CentreLog, Patrol, StaffChange
from bianmin.operations.selectors_attendance import (
    day_bounds,
    expected_staff,
    leaves_covering_day,
    local_day,
    office_hours,
    working_days,
)
from bianmin.org.models import Centre
from bianmin.workcalendar.selectors import load_calendar

# --- missing running logs -----------------------------------------------------------------------


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

"""About two months of demo daily management in every demo centre (plan 四(一)4(4), 四(一)1(2), 五(一)).

For the last ``DAYS`` days before today, every working day: the attendance of each centre's and
agency point's people (mostly on time, a few late, a few early, now and then a sign-in forgotten and
entered by the director), a few leaves (approved and closed by 销假, one refused in some centres),
the managers' patrols on most days (some finding a problem, one annulled with a reason) and the
centre's running log on most days — but in four centres two or three working days of the last two
weeks have none. Two or three staff changes are reported to the county: one on time and
acknowledged, one late, one not yet acknowledged.

Today (when it is a working day) is laid out as a working morning whatever the hour of seeding:
most people signed in (a few late), one person in four centres on approved leave with a stand-in
signed in at their window (顶岗), a pending request for the director to decide in those centres, and
in three centres one person with no sign-in and no leave — after ATTENDANCE_SIGN_IN_CUTOFF the
monitoring dashboard shows them as 旷岗.

Leaves, today's leave, staff changes and the annulment go through ``bianmin.operations.services``
and ``services_records`` with ``at=`` moments in office hours (Asia/Shanghai); the bulk of
attendance, patrols and logs is written with ``bulk_create`` from rows built by the same rules (one
row per person and day, sign-out after sign-in, no attendance on a day covered by approved leave,
logs on working days only), which keeps ``seed_demo`` fast. Deterministic (one ``random.Random`` per
centre) and idempotent: if any attendance, log or patrol exists, nothing is added.

ILLUSTRATIVE: the findings, reasons and notes are invented.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from bianmin.core.annul import annul
from bianmin.core.roles import Role
from bianmin.operations import rules, services, services_records
from bianmin.operations.models import Attendance, AttendanceSource, CentreLog, Leave, Patrol
from bianmin.operations.selectors_attendance import expected_staff, office_hours
from bianmin.org.models import Centre, Staff, Window
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.selectors import load_calendar

SEED = "yushan-operations"
DAYS = 60
# Which centres (by position in township code order) get what today / in the last two weeks.
LEAVE_TODAY = (0, 5, 10, 15)
ABSENT_TODAY = (2, 7, 12)
MISSING_LOGS = (1, 4, 9, 13)

LEAVE_KINDS = [
    ("personal", "家中有事,需回家处理。"),
    ("sick", "身体不适,到县医院就诊。"),
    ("annual", "按计划休年休假。"),
    ("business", "到县直部门参加业务培训。"),
    ("compensatory", "周末加班后调休。"),
]
REFUSALS = ("当天有县里督查,窗口人员不足,请改期。", "近期办件集中,请调整到下周。")
FORGOT = ("忘记签到,经核实已按时到岗。", "外出办事返回后补录,已核实。")
QUIET = (
    "各窗口人员在岗,大厅秩序良好,群众等候不超过10分钟。",
    "窗口在岗正常,环境整洁,叫号机、电脑运行正常。",
    "巡查各窗口及咨询导办台,秩序良好,未发现问题。",
    "检查工作人员佩戴工作牌、去向栏更新情况,均正常。",
)
PROBLEMS = [
    ("{window}工作人员离岗约15分钟,未在去向栏登记。", "当场提醒,要求离岗必须登记去向,已记入考勤。"),
    ("{window}工作人员上班时间用手机看视频。", "当场制止并批评教育,在中心例会上通报。"),
    ("两名工作人员在{window}旁扎堆聊天,群众等候。", "当场提醒回到岗位,安排专人引导群众。"),
    ("大厅地面湿滑,未放置警示牌。", "已安排保洁及时清理并放置警示牌。"),
    ("{window}电脑无法登录网上审批系统。", "联系县信息中心远程处理,半小时后恢复。"),
    ("触摸查询机政策信息未及时更新。", "已通知专人当天更新惠民政策内容。"),
]
LOG_REMARKS = (
    "",
    "",
    "",
    "召开窗口工作例会,传达县管委会通知。",
    "接待县管委会业务指导。",
    "停电约半小时,已启用应急预案。",
)


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=CHINA)


def _clock(rng: random.Random, start: tuple[int, int], end: tuple[int, int]) -> time:
    low, high = start[0] * 60 + start[1], end[0] * 60 + end[1]
    minute = rng.randrange(low, high + 1)
    return time(minute // 60, minute % 60, rng.randrange(60))


def _working_days(calendar: WorkCalendar, first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


@dataclass
class _Counts:
    attendance: int = 0
    leaves: int = 0
    logs: int = 0
    patrols: int = 0
    staff_changes: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class _Day:
    """What the day's log says about the hall (filled while building attendance)."""

    expected: int = 0
    present: int = 0
    first_in: datetime | None = None
    last_out: datetime | None = None
    notes: list[str] = field(default_factory=list)


class _CentreSeed:
    def __init__(self, centre: Centre, index: int, ctx: "_Context") -> None:
        self.centre, self.index, self.ctx = centre, index, ctx
        self.rng = random.Random(f"{SEED}-{centre.township.code}")
        self.people: list[Staff] = ctx.people[centre.pk]
        self.hall = [p for p in self.people if p.centre_id == centre.pk]
        self.clerks = [p for p in self.hall if p.role == Role.CLERK]
        self.managers = [m for m in (centre.deputy, centre.director) if m is not None and m.is_active]
        self.leave_days: dict[int, set[date]] = defaultdict(set)
        self.leave_notes: dict[date, list[str]] = defaultdict(list)
        self.rows: list[Attendance] = []
        self.hall_days: dict[date, _Day] = defaultdict(_Day)

    # --- who acts ---------------------------------------------------------------------------

    def writer(self) -> Staff | None:
        """The 专职副主任 writes most logs and rounds, the 主任 some."""
        if not self.managers:
            return None
        return self.managers[0] if self.rng.random() < 0.8 or len(self.managers) == 1 else self.managers[1]

    def approver_for(self, person: Staff) -> Staff | None:
        return next((m for m in self.managers if m.pk != person.pk), None) or self.ctx.county_admin

    def window_of(self, person: Staff) -> int | None:
        return self.ctx.windows.get(person.pk)

    # --- leaves -----------------------------------------------------------------------------

    def seed_leaves(self, days: list[date]) -> None:
        """Two or three past leaves (approved, closed by 销假), a refused one in some centres."""
        candidates = [p for p in self.people if p.pk != self.centre.director_id]
        if len(days) < 10 or not candidates or not self.managers:
            return
        takers = self.rng.sample(candidates, k=min(len(candidates), 2 + self.index % 2))
        for person in takers:
            start_index = self.rng.randrange(0, len(days) - 5)
            length = self.rng.choice((1, 1, 2, 3))
            span = days[start_index : start_index + length]
            kind, reason = self.rng.choice(LEAVE_KINDS)
            stand_in = self._stand_in_for(person)
            leave = self._request(
                person, kind, reason, span[0], span[-1], stand_in, asked=days[max(0, start_index - 2)]
            )
            approver = self.approver_for(person)
            services.leave_approve(
                leave=leave, actor=approver, note="同意,请做好工作交接。", at=_at(leave_day(leave), time(11, 20))
            )
            following = days[start_index + length] if start_index + length < len(days) else span[-1]
            services.leave_return(leave=leave, actor=person, at=_at(following, _clock(self.rng, (8, 5), (8, 28))))
            for day in span:
                self.leave_days[person.pk].add(day)
                if person.centre_id == self.centre.pk:
                    helper = f",{stand_in.name}顶岗" if stand_in else ""
                    self.leave_notes[day].append(f"{person.name}{leave.get_kind_display()}{helper}")
        if self.index % 4 == 0 and len(candidates) > 1:
            person = self.rng.choice([p for p in candidates if p.pk not in {t.pk for t in takers}] or candidates)
            day = days[self.rng.randrange(len(days) - 3)]
            leave = self._request(person, "personal", "家中有事。", day, day, None, asked=day - timedelta(days=1))
            services.leave_refuse(
                leave=leave, actor=self.approver_for(person), note=self.rng.choice(REFUSALS), at=_at(day, time(8, 5))
            )

    def _stand_in_for(self, person: Staff) -> Staff | None:
        pool = [p for p in (self.clerks if person.centre_id else self.people) if p.pk != person.pk]
        if person.agency_point_id:
            pool = [p for p in self.people if p.agency_point_id == person.agency_point_id and p.pk != person.pk]
        return self.rng.choice(pool) if pool else None

    def _request(self, person, kind, reason, first: date, last: date, stand_in, *, asked: date) -> Leave:
        hours = self.ctx.hours
        self.ctx.counts.leaves += 1
        return services.leave_request(
            actor=person,
            staff=person,
            kind=kind,
            starts_at=_at(first, hours.start),
            ends_at=_at(last, hours.end),
            reason=reason,
            stand_in=stand_in,
            at=_at(min(asked, first), _clock(self.rng, (9, 0), (10, 30))),
        )

    # --- attendance ---------------------------------------------------------------------------

    def seed_attendance(self, days: list[date]) -> None:
        hall_ids = {p.pk for p in self.hall if p.pk != self.centre.director_id}
        for day in days:
            record = self.hall_days[day]
            record.notes = list(self.leave_notes.get(day, []))
            for person in self.people:
                if person.pk == self.centre.director_id:
                    continue  # the township leader heading the centre part-time does not sign in
                in_hall = person.pk in hall_ids
                if in_hall:
                    record.expected += 1
                if day in self.leave_days[person.pk]:
                    continue
                row = self._row(person, day)
                if row is None:
                    continue
                self.rows.append(row)
                if in_hall and row.signed_in_at:
                    record.present += 1
                    record.first_in = min(filter(None, (record.first_in, row.signed_in_at)))
                    if row.signed_out_at:
                        record.last_out = max(filter(None, (record.last_out, row.signed_out_at)))

    def _row(self, person: Staff, day: date) -> Attendance | None:
        rng = self.rng
        draw = rng.random()
        if draw < 0.006:
            return None  # a day nobody can account for (travels into the monthly summary as 旷岗)
        source, note, recorded_by = AttendanceSource.SELF, "", person
        if draw < 0.016 and self.managers and self.managers[0].pk != person.pk:
            source, note, recorded_by = AttendanceSource.ENTERED, rng.choice(FORGOT), self.managers[0]
        late = rng.random() < 0.05
        signed_in = _clock(rng, (8, 31), (9, 15)) if late else _clock(rng, (7, 48), (8, 29))
        draw = rng.random()
        if draw < 0.03:
            signed_out = None  # forgot to sign out
        elif draw < 0.07:
            signed_out = _clock(rng, (16, 35), (17, 25))  # left early
        else:
            signed_out = _clock(rng, (17, 30), (18, 15))
        return Attendance(
            staff=person,
            centre_id=self.centre.pk,
            agency_point_id=person.agency_point_id,
            day=day,
            window_id=self.window_of(person),
            signed_in_at=_at(day, signed_in),
            signed_out_at=_at(day, signed_out) if signed_out else None,
            source=source,
            note=note,
            recorded_by=recorded_by,
        )

    # --- today --------------------------------------------------------------------------------

    def seed_today(self, today: date, now: datetime) -> None:
        """A working morning: most signed in, a leave with a stand-in at the window, one absent."""
        away: set[int] = set()
        covering: dict[int, int | None] = {}
        if self.index in LEAVE_TODAY and len(self.clerks) >= 2 and self.managers:
            person, helper = self.rng.sample(self.clerks, 2)
            yesterday = today - timedelta(days=1)
            leave = self._request(person, "sick", "发烧,到卫生院就诊。", today, today, helper, asked=yesterday)
            services.leave_approve(leave=leave, actor=self.approver_for(person), at=_at(yesterday, time(16, 40)))
            away.add(person.pk)
            covering[helper.pk] = self.window_of(person)
            pending = [p for p in self.clerks if p.pk not in (person.pk, helper.pk)]
            if pending:
                asker = self.rng.choice(pending)
                ask_day = self.ctx.calendar.add_working_days(today, 2).value
                self._request(asker, "annual", "按计划休年休假。", ask_day, ask_day, helper, asked=yesterday)
        if self.index in ABSENT_TODAY and self.clerks:
            away.add(self.rng.choice([c for c in self.clerks if c.pk not in away] or self.clerks).pk)
        for person in self.people:
            if person.pk == self.centre.director_id or person.pk in away:
                continue
            late = self.rng.random() < 0.08
            signed_in = _clock(self.rng, (8, 31), (8, 58)) if late else _clock(self.rng, (7, 50), (8, 29))
            signed_out = None
            if timezone.localtime(now).time() >= self.ctx.hours.end:
                signed_out = _at(today, _clock(self.rng, (17, 30), (17, 50)))
                signed_out = min(signed_out, now)
            self.rows.append(
                Attendance(
                    staff=person,
                    centre_id=self.centre.pk,
                    agency_point_id=person.agency_point_id,
                    day=today,
                    window_id=covering.get(person.pk, self.window_of(person)),
                    signed_in_at=_at(today, signed_in),
                    signed_out_at=signed_out,
                    source=AttendanceSource.SELF,
                    recorded_by=person,
                )
            )

    # --- patrols and logs -----------------------------------------------------------------------

    def seed_patrols_and_logs(self, days: list[date], today: date, now: datetime) -> tuple[list, list]:
        patrols, logs = [], []
        missing = set()
        if self.index in MISSING_LOGS:
            recent = [d for d in days if (today - d).days <= 14]
            missing = set(self.rng.sample(recent, k=min(len(recent), 2 + self.index % 2)))
        windows = self.ctx.window_names
        for day in days:
            writer = self.writer()
            if writer is None:
                return patrols, logs
            problem = None
            if self.rng.random() < 0.85:
                found = self.rng.random() < 0.14
                clerk = self.rng.choice(self.clerks) if self.clerks and found else None
                window_id = self.window_of(clerk) if clerk else None
                text = ""
                if found:
                    text, fix = self.rng.choice(PROBLEMS)
                    findings = text.format(window=windows.get(window_id, "综合窗口"))
                    problem = (findings, fix)
                else:
                    findings, fix = self.rng.choice(QUIET), ""
                concerned = clerk if "{window}" in text else None
                morning = self.rng.random() < 0.6
                patrolled = _clock(self.rng, (9, 0), (11, 30)) if morning else _clock(self.rng, (14, 40), (16, 40))
                patrolled_at = _at(day, patrolled)
                if patrolled_at <= now:
                    patrols.append(
                        Patrol(
                            centre=self.centre,
                            patrolled_at=patrolled_at,
                            patrolled_by=writer,
                            found_problem=found,
                            findings=findings,
                            corrections=fix,
                            window_id=window_id if concerned else None,
                            staff=concerned,
                            recorded_at=patrolled_at + timedelta(minutes=self.rng.randrange(5, 40)),
                        )
                    )
            if day >= today or day in missing:
                continue
            logs.append(self._log(day, writer, problem))
        return patrols, logs

    def _log(self, day: date, writer: Staff, problem) -> CentreLog:
        record = self.hall_days[day]
        cases = self.ctx.cases
        written = _at(day, _clock(self.rng, (17, 35), (18, 20)))
        missing = record.expected - record.present - len(record.notes)
        notes = list(record.notes)
        if missing > 0:
            notes.append(f"{missing}人未签到(已核实去向)")
        return CentreLog(
            centre=self.centre,
            day=day,
            opened_at=timezone.localtime(record.first_in).time().replace(second=0) if record.first_in else None,
            closed_at=timezone.localtime(record.last_out).time().replace(second=0) if record.last_out else None,
            staff_expected=record.expected,
            staff_present=min(record.present, record.expected),
            staffing_note=";".join(notes)[:500] or "全员在岗。",
            cases_received=cases["received"].get((self.centre.pk, day), 0),
            cases_completed=cases["completed"].get((self.centre.pk, day), 0),
            consultations=cases["consultations"].get((self.centre.pk, day), 0),
            problems=problem[0] if problem else "",
            handling=problem[1] if problem else "",
            remarks=self.rng.choice(LOG_REMARKS),
            written_by=writer,
            written_at=written,
            updated_at=written,
        )


def leave_day(leave: Leave) -> date:
    return timezone.localtime(leave.requested_at).date()


@dataclass
class _Context:
    calendar: WorkCalendar
    hours: rules.OfficeHours
    people: dict[int, list[Staff]]
    windows: dict[int, int]
    window_names: dict[int, str]
    cases: dict[str, dict[tuple[int, date], int]]
    county_admin: Staff | None
    counts: _Counts


def _daily(model, field_name: str, since: datetime) -> dict[tuple[int, date], int]:
    """Per (centre, local day): how many ``model`` rows have ``field_name`` that day (one query)."""
    rows = (
        model.objects.filter(**{f"{field_name}__gte": since})
        .annotate(d=TruncDate(field_name, tzinfo=CHINA))
        .values("centre_id", "d")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["centre_id"], row["d"]): row["n"] for row in rows}


def _context(centres: list[Centre], calendar: WorkCalendar, since: datetime, counts: _Counts) -> _Context:
    from bianmin.cases.models import Case, Consultation

    people: dict[int, list[Staff]] = defaultdict(list)
    # Expected at work: not the centres' 主任 (a township leader heading the centre part-time, who
    # still writes some logs and rounds as ``centre.director``).
    for person in expected_staff([c.pk for c in centres]).select_related("agency_point").order_by("pk"):
        people[person.centre_id or person.agency_point.centre_id].append(person)
    windows: dict[int, int] = {}
    window_names: dict[int, str] = {}
    for window in Window.objects.filter(centre__in=centres, is_active=True).order_by("number"):
        window_names[window.pk] = f"{window.number}号{window.name}"
    for staff_id, window_id in (
        Window.staff.through.objects.filter(window__is_active=True, window__centre__in=centres)
        .order_by("window__number")
        .values_list("staff_id", "window_id")
    ):
        windows.setdefault(staff_id, window_id)
    return _Context(
        calendar=calendar,
        hours=office_hours(),
        people=people,
        windows=windows,
        window_names=window_names,
        cases={
            "received": _daily(Case, "received_at", since),
            "completed": _daily(Case, "completed_at", since),
            "consultations": _daily(Consultation, "asked_at", since),
        },
        county_admin=Staff.objects.filter(role=Role.COUNTY_ADMIN, is_active=True).order_by("pk").first(),
        counts=counts,
    )


def seed_operations(*, now: datetime | None = None, days: int = DAYS) -> dict[str, int]:
    """Returns how many records were created per kind (all 0 when there were some already)."""
    counts = _Counts()
    if Attendance.objects.exists() or CentreLog.objects.exists() or Patrol.objects.exists():
        return counts.as_dict()
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    calendar = load_calendar()
    centres = list(
        Centre.objects.filter(is_active=True)
        .select_related("township", "director", "deputy")
        .order_by("township__code")
    )
    if not centres:
        return counts.as_dict()
    past = _working_days(calendar, today - timedelta(days=days), today - timedelta(days=1))
    with disable_auditlog(), transaction.atomic():
        ctx = _context(centres, calendar, _at(today - timedelta(days=days), time.min), counts)
        attendance, patrols, logs = [], [], []
        seeds = []
        for index, centre in enumerate(centres):
            seed = _CentreSeed(centre, index, ctx)
            seed.seed_leaves(past)
            seed.seed_attendance(past)
            if calendar.is_working_day(today):
                seed.seed_today(today, now)
            days_with_today = [*past, today] if calendar.is_working_day(today) else past
            centre_patrols, centre_logs = seed.seed_patrols_and_logs(days_with_today, today, now)
            attendance += seed.rows
            patrols += centre_patrols
            logs += centre_logs
            seeds.append(seed)
        Attendance.objects.bulk_create(attendance, batch_size=2000)
        Patrol.objects.bulk_create(patrols, batch_size=2000)
        CentreLog.objects.bulk_create(logs, batch_size=2000)
        counts.attendance, counts.patrols, counts.logs = len(attendance), len(patrols), len(logs)
        _annul_one(centres[0], today)
        counts.staff_changes = _staff_changes(centres, calendar, today, ctx.county_admin)
    return counts.as_dict()


def _annul_one(centre: Centre, today: date) -> None:
    """One round recorded twice by mistake, annulled with the reason (never deleted)."""
    patrol = (
        Patrol.objects.filter(centre=centre, patrolled_at__lt=_at(today - timedelta(days=3), time.min))
        .order_by("-patrolled_at")
        .first()
    )
    if patrol is not None:
        annul(
            patrol,
            actor=patrol.patrolled_by,
            reason="与当天另一条巡查记录重复登记,作废本条。",
            at=patrol.recorded_at + timedelta(minutes=20),
        )


def _staff_changes(centres: list[Centre], calendar: WorkCalendar, today: date, admin: Staff | None) -> int:
    """One change reported on time and acknowledged, one reported late, one awaiting the county."""
    plans = [
        # (centre position, kind, days before today it took effect, working days until reported, acknowledged)
        (0, "post", 24, 2, True),
        (1, "joined", 40, 9, True),
        (3, "left", 6, 1, False),
    ]
    created = 0
    for position, kind, ago, after, acknowledged in plans:
        if position >= len(centres):
            continue
        centre = centres[position]
        reporter = centre.deputy or centre.director
        clerks = list(Staff.objects.filter(centre=centre, role=Role.CLERK, is_active=True).order_by("pk")[:2])
        if reporter is None or not clerks:
            continue
        effective = calendar.next_working_day_on_or_after(today - timedelta(days=ago))
        reported_on = calendar.add_working_days(effective, after).value
        if reported_on >= today:
            reported_on = today - timedelta(days=1)
        person = clerks[-1]
        values = {
            "post": {"staff": person, "from_post": "综合窗口", "to_post": person.post or "民政窗口"},
            "joined": {"staff": person, "to_post": person.post or "综合窗口"},
            "left": {"staff": None, "name": "汪志强", "from_post": "劳动保障窗口"},
        }[kind]
        change = services_records.staff_change_report(
            actor=reporter,
            centre=centre,
            kind=kind,
            effective_on=effective,
            reason={
                "post": "工作需要,内部轮岗。",
                "joined": "乡镇新招录人员进驻中心。",
                "left": "调乡政府党政办工作。",
            }[kind],
            at=_at(reported_on, time(10, 15)),
            **values,
        )
        created += 1
        if acknowledged and admin is not None:
            ack_day = calendar.add_working_days(reported_on, 1).value
            ack_day = ack_day if ack_day < today else today - timedelta(days=1)
            services_records.staff_change_acknowledge(change=change, actor=admin, at=_at(ack_day, time(9, 40)))
    return created

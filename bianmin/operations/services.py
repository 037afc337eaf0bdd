"""Writes of daily management (DESIGN §4): keyword-only, atomic, ``at=`` places the write in time (demo
data and tests); a broken rule raises ``ApplicationError`` with a Chinese message.

- 考勤 (四(一)4(4)): ``attendance_sign_in`` / ``attendance_sign_out`` by the person, once a day each;
  ``attendance_enter`` 补录/更正 by the director of the person's centre (not for themselves) or the
  county admin, with a reason.
- 请销假 (四(一)4(4); 附件 内部管理制度 "严格执行请销假制度"): ``leave_request`` by the person or entered
  by their director; ``leave_approve`` / ``leave_refuse`` by the director of the person's centre (nobody
  decides their own leave: rules.may_decide_leave); ``leave_withdraw`` while pending; ``leave_return``
  (销假). State changes are conditional updates on (status, version): the loser gets "已被他人处理".
  A withdrawal is recorded in ``decided_at``/``decided_by`` (who closed the request, and when), so the
  detail page can show the whole history from the row.

The centre's management records (运行日志, 动态巡查, 人员调整报备) are written in ``services_records``,
which shares the messages and checks at the top of this module.
"""

from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.operations import rules
from bianmin.operations.models import Attendance, AttendanceSource, Leave, LeaveKind, LeaveStatus
from bianmin.operations.selectors import person
from bianmin.operations.selectors_attendance import BLOCKING, at_local, local_day
from bianmin.org.models import Staff, Window

TAKEN = "已被他人处理:该记录刚刚被其他人修改过,请刷新页面查看最新内容后再操作。"
STALE_FORM = "表单已失效,请刷新页面后重新提交。"
DIRECTOR_ONLY = "只有本中心的主任、专职副主任才能{what}。"


def at_or_now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _clock(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _require_working_person(staff: Staff) -> None:
    if not staff.is_active or staff.role not in (Role.CENTRE_DIRECTOR, Role.CLERK, Role.AGENT):
        raise ApplicationError("只有在岗的中心和代办点工作人员需要签到。")
    if person(staff).centre_id is None:
        raise ApplicationError("该人员不属于任何中心或代办点。")


def require_director(actor: Staff, centre_id: int, what: str) -> None:
    """Defence in depth behind the views: a director-role person of that very centre."""
    if not (actor.is_active and actor.role == Role.CENTRE_DIRECTOR and actor.centre_id == centre_id):
        raise ApplicationError(DIRECTOR_ONLY.format(what=what))


def _require_manager(actor: Staff, staff: Staff, what: str) -> None:
    if not (actor.is_active and rules.may_manage_person(actor=person(actor), person_centre_id=person(staff).centre_id)):
        raise ApplicationError(f"只有该人员所在中心的主任或县管委会才能{what}。")


def checked_text(value: str, *, field: str, label: str, required: bool = True, minimum: int = rules.REASON_MIN) -> str:
    if message := rules.text_error(value or "", label=label, required=required, minimum=minimum):
        raise ApplicationError(message, field=field)
    return (value or "").strip()


# --- 考勤 ----------------------------------------------------------------------------------------


def _window_for(staff: Staff, window: Window | None) -> Window | None:
    """The window worked today: one of the person's own, or (顶岗) another active one of their centre."""
    if window is None:
        return staff.windows.filter(is_active=True).order_by("number").first() if staff.centre_id else None
    if not window.is_active or window.centre_id != staff.centre_id:
        raise ApplicationError("只能选择本中心在用的窗口。", field="window")
    return window


def attendance_sign_in(*, staff: Staff, window: Window | None = None, at: datetime | None = None) -> Attendance:
    """签到: one per person and day; a second one is refused with the time of the first."""
    _require_working_person(staff)
    at = at_or_now(at)
    day = local_day(at)
    window = _window_for(staff, window)
    home = person(staff).centre_id
    existing = Attendance.objects.filter(staff=staff, day=day).first()
    if existing is not None and existing.signed_in_at is not None:
        raise ApplicationError(f"您今天 {_clock(existing.signed_in_at)} 已经签到,不能重复签到。")
    try:
        with transaction.atomic():
            if existing is None:
                return Attendance.objects.create(
                    staff=staff,
                    centre_id=home,
                    agency_point_id=staff.agency_point_id,
                    day=day,
                    window=window,
                    signed_in_at=at,
                    source=AttendanceSource.SELF,
                    recorded_by=staff,
                )
            updated = Attendance.objects.filter(pk=existing.pk, signed_in_at__isnull=True).update(
                signed_in_at=at, window=window, updated_at=at
            )
            if updated != 1:
                raise ApplicationError("您今天已经签到,不能重复签到。")
    except IntegrityError:  # a double click raced the first one
        raise ApplicationError("您今天已经签到,不能重复签到。") from None
    existing.refresh_from_db()
    return existing


def attendance_sign_out(*, staff: Staff, at: datetime | None = None) -> Attendance:
    """签退: only after today's sign-in, once."""
    _require_working_person(staff)
    at = at_or_now(at)
    record = Attendance.objects.filter(staff=staff, day=local_day(at)).first()
    if record is None or record.signed_in_at is None:
        raise ApplicationError("您今天还没有签到,不能签退。请先签到。")
    if record.signed_out_at is not None:
        raise ApplicationError(f"您今天 {_clock(record.signed_out_at)} 已经签退。")
    if at < record.signed_in_at:
        raise ApplicationError("签退时间不能早于签到时间。")
    with transaction.atomic():
        updated = Attendance.objects.filter(pk=record.pk, signed_out_at__isnull=True).update(
            signed_out_at=at, updated_at=at
        )
    if updated != 1:
        raise ApplicationError("您今天已经签退。")
    record.refresh_from_db()
    return record


def attendance_enter(
    *,
    actor: Staff,
    staff: Staff,
    day: date,
    signed_in: time,
    signed_out: time | None = None,
    window: Window | None = None,
    note: str,
    at: datetime | None = None,
) -> Attendance:
    """补录/更正 a person's attendance for today or a past day (source = 主任补录, reason required).
    Not for oneself: the director's own attendance is entered by another director or the county."""
    _require_manager(actor, staff, "补录考勤")
    if actor.pk == staff.pk:
        raise ApplicationError("不能为自己补录考勤,请由本中心其他主任或县管委会补录。", field="staff")
    if not staff.is_active or staff.role not in (Role.CENTRE_DIRECTOR, Role.CLERK, Role.AGENT):
        raise ApplicationError("只能为在岗的中心和代办点工作人员补录考勤。", field="staff")
    at = at_or_now(at)
    if day > local_day(at):
        raise ApplicationError("不能补录今后的考勤。", field="day")
    note = checked_text(note, field="note", label="补录原因", minimum=4)[:200]
    signed_in_at = at_local(day, signed_in)
    signed_out_at = at_local(day, signed_out) if signed_out is not None else None
    if signed_in_at > at or (signed_out_at is not None and signed_out_at > at):
        raise ApplicationError("考勤时间不能晚于现在。", field="signed_in")
    if signed_out_at is not None and signed_out_at <= signed_in_at:
        raise ApplicationError("签退时间必须晚于签到时间。", field="signed_out")
    if window is not None and (window.centre_id != staff.centre_id or staff.centre_id is None):
        raise ApplicationError("只能选择该人员所在中心的窗口。", field="window")
    values = {
        "centre_id": person(staff).centre_id,
        "agency_point_id": staff.agency_point_id,
        "window": window,
        "signed_in_at": signed_in_at,
        "signed_out_at": signed_out_at,
        "source": AttendanceSource.ENTERED,
        "note": note,
        "recorded_by": actor,
    }
    with transaction.atomic():
        record, _ = Attendance.objects.update_or_create(staff=staff, day=day, defaults=values)
    return record


# --- 请销假 --------------------------------------------------------------------------------------


def _overlapping(staff_id: int, starts_at: datetime, ends_at: datetime, exclude_pk: int | None = None) -> Leave | None:
    candidates = Leave.objects.filter(
        staff_id=staff_id, status__in=BLOCKING, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).order_by("starts_at")
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    for leave in candidates:
        end = rules.effective_end(ends_at=leave.ends_at, returned_at=leave.returned_at)
        if rules.overlaps(leave.starts_at, end, starts_at, ends_at):
            return leave
    return None


def _overlap_message(other: Leave) -> str:
    local = timezone.localtime
    return (
        f"与已有的请假({other.get_kind_display()} {local(other.starts_at):%Y-%m-%d %H:%M} 至 "
        f"{local(other.ends_at):%Y-%m-%d %H:%M},{other.get_status_display()})时间重叠。"
    )


def leave_request(
    *,
    actor: Staff,
    staff: Staff,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    reason: str,
    stand_in: Staff | None = None,
    request_key: str | None = None,
    at: datetime | None = None,
) -> Leave:
    """请假: by the person, or entered by the director of their centre on their behalf (县管委会 too)."""
    if request_key and (replayed := Leave.objects.filter(request_key=request_key).first()) is not None:
        if replayed.staff_id != staff.pk:
            raise ApplicationError(STALE_FORM)
        return replayed
    if actor.pk != staff.pk:
        _require_manager(actor, staff, "代为请假")
    _require_working_person(staff)
    if kind not in LeaveKind.values:
        raise ApplicationError("请选择请假类别。", field="kind")
    if message := rules.leave_period_error(starts_at, ends_at):
        raise ApplicationError(message, field="ends_at")
    reason = checked_text(reason, field="reason", label="请假事由")
    home = person(staff).centre_id
    if stand_in is not None:
        if stand_in.pk == staff.pk:
            raise ApplicationError("顶岗人员不能是请假人本人。", field="stand_in")
        if not stand_in.is_active or person(stand_in).centre_id != home:
            raise ApplicationError("顶岗人员应为本中心或其代办点在岗的工作人员。", field="stand_in")
    if (other := _overlapping(staff.pk, starts_at, ends_at)) is not None:
        raise ApplicationError(_overlap_message(other), field="starts_at")
    at = at_or_now(at)
    try:
        with transaction.atomic():
            return Leave.objects.create(
                staff=staff,
                centre_id=home,
                agency_point_id=staff.agency_point_id,
                kind=kind,
                starts_at=starts_at,
                ends_at=ends_at,
                reason=reason,
                stand_in=stand_in,
                requested_at=at,
                requested_by=actor,
                request_key=request_key or None,
            )
    except IntegrityError:
        if request_key and (replayed := Leave.objects.filter(request_key=request_key).first()) is not None:
            return replayed
        raise


def _change_leave(leave: Leave, *, expected: str, seen_version: int | None, **changes) -> Leave:
    version = leave.version if seen_version is None else seen_version
    with transaction.atomic():
        updated = Leave.objects.filter(pk=leave.pk, status=expected, version=version).update(
            version=F("version") + 1, **changes
        )
    if updated != 1:
        raise ApplicationError(TAKEN)
    leave.refresh_from_db()
    return leave


def may_decide(actor: Staff, leave: Leave) -> bool:
    return actor.is_active and rules.may_decide_leave(
        actor=person(actor), applicant_id=leave.staff_id, leave_centre_id=leave.centre_id
    )


def _decide(leave: Leave, *, actor: Staff, status: str, note: str, seen_version: int | None, at: datetime | None):
    if actor.pk == leave.staff_id:
        raise ApplicationError("不能审批自己的请假;主任的请假由本中心其他主任或县管委会审批。")
    if not may_decide(actor, leave):
        raise ApplicationError("只有请假人所在中心的主任或县管委会才能审批。")
    current = Leave.objects.get(pk=leave.pk)
    if current.status != LeaveStatus.REQUESTED:
        raise ApplicationError(f"该请假当前为“{current.get_status_display()}”,不能再审批。")
    if status == LeaveStatus.APPROVED:
        other = _overlapping(current.staff_id, current.starts_at, current.ends_at, exclude_pk=current.pk)
        if other is not None:
            raise ApplicationError(_overlap_message(other))
    return _change_leave(
        leave,
        expected=LeaveStatus.REQUESTED,
        seen_version=seen_version,
        status=status,
        decided_at=at_or_now(at),
        decided_by=actor,
        decision_note=note,
    )


def leave_approve(
    *, leave: Leave, actor: Staff, note: str = "", seen_version: int | None = None, at: datetime | None = None
) -> Leave:
    note = checked_text(note, field="note", label="审批意见", required=False)
    return _decide(leave, actor=actor, status=LeaveStatus.APPROVED, note=note, seen_version=seen_version, at=at)


def leave_refuse(
    *, leave: Leave, actor: Staff, note: str, seen_version: int | None = None, at: datetime | None = None
) -> Leave:
    """不予批准 needs a reason the person can read."""
    note = checked_text(note, field="note", label="不予批准的理由")
    return _decide(leave, actor=actor, status=LeaveStatus.REFUSED, note=note, seen_version=seen_version, at=at)


def leave_withdraw(*, leave: Leave, actor: Staff, seen_version: int | None = None, at: datetime | None = None) -> Leave:
    """撤回 a pending request: the person, or whoever entered it."""
    if actor.pk not in (leave.staff_id, leave.requested_by_id):
        raise ApplicationError("只有请假人本人或填报人可以撤回。")
    if leave.status != LeaveStatus.REQUESTED:
        raise ApplicationError(f"该请假当前为“{leave.get_status_display()}”,不能撤回。")
    return _change_leave(
        leave,
        expected=LeaveStatus.REQUESTED,
        seen_version=seen_version,
        status=LeaveStatus.WITHDRAWN,
        decided_at=at_or_now(at),
        decided_by=actor,
    )


def leave_return(*, leave: Leave, actor: Staff, seen_version: int | None = None, at: datetime | None = None) -> Leave:
    """销假 of an approved leave: the person on coming back, or their director (县管委会 too)."""
    if actor.pk != leave.staff_id:
        staff = Staff.objects.select_related("agency_point").get(pk=leave.staff_id)
        _require_manager(actor, staff, "销假")
    if leave.status != LeaveStatus.APPROVED:
        raise ApplicationError(f"该请假当前为“{leave.get_status_display()}”,只有已批准的请假可以销假。")
    return _change_leave(
        leave,
        expected=LeaveStatus.APPROVED,
        seen_version=seen_version,
        status=LeaveStatus.RETURNED,
        returned_at=at_or_now(at),
        returned_by=actor,
    )

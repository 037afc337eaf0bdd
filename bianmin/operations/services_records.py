"""Writes of the centre's management records (DESIGN §4; conventions as in ``services``: keyword-only,
atomic, ``at=`` places the write in time, a broken rule raises ``ApplicationError``).

- 中心运行日志 (四(一)4(4), 五(一)): ``centre_log_create`` / ``centre_log_update`` by the centre's
  director-role staff, one per working day.
- 动态巡查 (五(一)): ``patrol_record`` by the centre's director-role staff; ``patrol_annul`` (never
  deleted, issue #7 point 4).
- 人员调整报备 (四(一)1(2)): ``staff_change_report`` by the centre's director-role staff,
  ``staff_change_acknowledge`` by the county admin, ``staff_change_annul``.
"""

from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F

from bianmin.core import annul as annulling
from bianmin.core.errors import ApplicationError
from bianmin.core.evidence import attach_evidence
from bianmin.core.roles import Role
from bianmin.operations import rules
from bianmin.operations.models import CentreLog, Patrol, StaffChange, StaffChangeKind
from bianmin.operations.selectors import person
from bianmin.operations.selectors_attendance import local_day
from bianmin.operations.services import STALE_FORM, TAKEN, at_or_now, checked_text, require_director
from bianmin.org.models import Centre, Staff, Window
from bianmin.workcalendar.selectors import load_calendar

# --- 中心运行日志 -----------------------------------------------------------------------------------

LOG_FIELDS = (
    "opened_at",
    "closed_at",
    "staff_expected",
    "staff_present",
    "staffing_note",
    "cases_received",
    "cases_completed",
    "consultations",
    "problems",
    "handling",
    "remarks",
)
NOT_WORKING_DAY = "{day} 不是工作日,运行日志只按工作日填写。"


def _log_values(values: dict) -> dict:
    clean = {name: values.get(name) for name in LOG_FIELDS}
    for name in ("staffing_note", "problems", "handling", "remarks"):
        clean[name] = (clean[name] or "").strip()
    if len(clean["staffing_note"]) > 500:
        raise ApplicationError("在岗情况说明最多 500 字。", field="staffing_note")
    for name in ("staff_expected", "staff_present", "cases_received", "cases_completed", "consultations"):
        value = clean[name] or 0
        if value < 0:
            raise ApplicationError("人数和件数不能为负数。", field=name)
        clean[name] = value
    if clean["staff_present"] > clean["staff_expected"]:
        raise ApplicationError("实到人数不能多于应到人数。", field="staff_present")
    if clean["opened_at"] and clean["closed_at"] and clean["closed_at"] <= clean["opened_at"]:
        raise ApplicationError("关门时间必须晚于开门时间。", field="closed_at")
    if clean["problems"] and not clean["handling"]:
        raise ApplicationError("记录了发现的问题,请同时填写处理情况。", field="handling")
    return clean


def centre_log_create(
    *, actor: Staff, centre: Centre, day: date, values: dict, at: datetime | None = None
) -> CentreLog:
    """The day's running log; one per centre per working day, not for a future day."""
    require_director(actor, centre.pk, "填写运行日志")
    at = at_or_now(at)
    if day > local_day(at):
        raise ApplicationError("不能填写今后日期的运行日志。", field="day")
    if not load_calendar().is_working_day(day):
        raise ApplicationError(NOT_WORKING_DAY.format(day=day.isoformat()), field="day")
    clean = _log_values(values)
    existing = CentreLog.objects.filter(centre=centre, day=day).first()
    if existing is not None:
        message = f"{day.isoformat()} 的运行日志已由{existing.written_by.name}填写,请在原日志上修改。"
        raise ApplicationError(message, field="day")
    try:
        with transaction.atomic():
            return CentreLog.objects.create(
                centre=centre, day=day, written_by=actor, written_at=at, updated_at=at, **clean
            )
    except IntegrityError:
        raise ApplicationError(f"{day.isoformat()} 的运行日志刚刚已由他人填写,请刷新后在原日志上修改。") from None


def centre_log_update(
    *, log: CentreLog, actor: Staff, values: dict, seen_version: int | None = None, at: datetime | None = None
) -> CentreLog:
    require_director(actor, log.centre_id, "修改运行日志")
    clean = _log_values(values)
    version = log.version if seen_version is None else seen_version
    with transaction.atomic():
        updated = CentreLog.objects.filter(pk=log.pk, version=version).update(
            version=F("version") + 1, updated_at=at_or_now(at), **clean
        )
    if updated != 1:
        raise ApplicationError(TAKEN)
    log.refresh_from_db()
    return log


# --- 动态巡查 ----------------------------------------------------------------------------------------


def patrol_record(
    *,
    actor: Staff,
    centre: Centre,
    patrolled_at: datetime,
    findings: str,
    found_problem: bool = False,
    corrections: str = "",
    window: Window | None = None,
    staff: Staff | None = None,
    evidence: UploadedFile | None = None,
    at: datetime | None = None,
) -> Patrol:
    """A manager's round (五(一) 每日动态巡查): what was seen, and what was corrected when a problem was found."""
    require_director(actor, centre.pk, "登记动态巡查")
    at = at_or_now(at)
    if patrolled_at > at:
        raise ApplicationError("巡查时间不能晚于现在。", field="patrolled_at")
    if (at - patrolled_at).days > 31:
        raise ApplicationError("只能登记一个月内的巡查。", field="patrolled_at")
    findings = checked_text(findings, field="findings", label="巡查情况", minimum=4)
    corrections = (corrections or "").strip()
    if found_problem and not corrections:
        raise ApplicationError("发现问题时请填写纠正措施。", field="corrections")
    if len(corrections) > 2000 or len(findings) > 2000:
        raise ApplicationError("内容过长。")
    if window is not None and window.centre_id != centre.pk:
        raise ApplicationError("只能选择本中心的窗口。", field="window")
    if staff is not None and person(staff).centre_id != centre.pk:
        raise ApplicationError("只能选择本中心或其代办点的工作人员。", field="staff")
    patrol = Patrol(
        centre=centre,
        patrolled_at=patrolled_at,
        patrolled_by=actor,
        found_problem=found_problem,
        findings=findings,
        corrections=corrections,
        window=window,
        staff=staff,
        recorded_at=at,
    )
    attach_evidence(patrol, evidence)
    with transaction.atomic():
        patrol.save()
    return patrol


def may_annul_patrol(actor: Staff, patrol: Patrol) -> bool:
    if not actor.is_active:
        return False
    if actor.role == Role.COUNTY_ADMIN or actor.pk == patrol.patrolled_by_id:
        return True
    return actor.role == Role.CENTRE_DIRECTOR and actor.centre_id == patrol.centre_id


def patrol_annul(*, patrol: Patrol, actor: Staff, reason: str, at: datetime | None = None) -> Patrol:
    """作废 (never deleted): the recorder, the centre's director-role staff or the county admin."""
    if not may_annul_patrol(actor, patrol):
        raise ApplicationError("只有巡查人、本中心主任或县管委会可以作废巡查记录。")
    return annulling.annul(patrol, actor=actor, reason=reason, at=at)


# --- 人员调整报备 -----------------------------------------------------------------------------------


def staff_change_report(
    *,
    actor: Staff,
    centre: Centre,
    kind: str,
    effective_on: date,
    name: str = "",
    staff: Staff | None = None,
    from_post: str = "",
    to_post: str = "",
    reason: str = "",
    request_key: str | None = None,
    at: datetime | None = None,
) -> StaffChange:
    """报备 a change to the county (四(一)1(2)); on time when within STAFF_CHANGE_REPORT_WORKING_DAYS
    working days of the effective date (selectors_records.with_timeliness)."""
    if request_key and (replayed := StaffChange.objects.filter(request_key=request_key).first()) is not None:
        if replayed.centre_id != centre.pk:
            raise ApplicationError(STALE_FORM)
        return replayed
    require_director(actor, centre.pk, "报备人员调整")
    if kind not in StaffChangeKind.values:
        raise ApplicationError("请选择调整类型。", field="kind")
    if staff is not None and person(staff).centre_id != centre.pk:
        raise ApplicationError("只能选择本中心或其代办点的人员。", field="staff")
    name = (name or "").strip() or (staff.name if staff else "")
    if not name:
        raise ApplicationError("请选择人员或填写姓名。", field="name")
    if len(name) > 30:
        raise ApplicationError("姓名最多 30 字。", field="name")
    from_post, to_post = (from_post or "").strip()[:60], (to_post or "").strip()[:60]
    errors = rules.staff_change_errors(kind=kind, from_post=from_post, to_post=to_post)
    if errors:
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, field=field)
    reason = checked_text(reason, field="reason", label="调整原因", required=False)
    at = at_or_now(at)
    if (effective_on - local_day(at)).days > 90:
        raise ApplicationError("调整日期不能晚于三个月以后。", field="effective_on")
    try:
        with transaction.atomic():
            return StaffChange.objects.create(
                centre=centre,
                staff=staff,
                name=name,
                kind=kind,
                from_post=from_post,
                to_post=to_post,
                effective_on=effective_on,
                reason=reason,
                reported_at=at,
                reported_by=actor,
                request_key=request_key or None,
            )
    except IntegrityError:
        if request_key and (replayed := StaffChange.objects.filter(request_key=request_key).first()) is not None:
            return replayed
        raise


def staff_change_acknowledge(*, change: StaffChange, actor: Staff, at: datetime | None = None) -> StaffChange:
    """县管委会确认: the county admin has taken note of the change."""
    if not (actor.is_active and actor.role == Role.COUNTY_ADMIN):
        raise ApplicationError("只有县管委会可以确认人员调整报备。")
    with transaction.atomic():
        updated = StaffChange.objects.filter(
            pk=change.pk, acknowledged_at__isnull=True, annulled_at__isnull=True
        ).update(acknowledged_at=at_or_now(at), acknowledged_by=actor)
    if updated != 1:
        raise ApplicationError("该报备已确认或已作废(可能刚刚被他人处理),请刷新页面查看。")
    change.refresh_from_db()
    return change


def may_annul_staff_change(actor: Staff, change: StaffChange) -> bool:
    if not actor.is_active:
        return False
    if actor.role == Role.COUNTY_ADMIN or actor.pk == change.reported_by_id:
        return True
    return actor.role == Role.CENTRE_DIRECTOR and actor.centre_id == change.centre_id


def staff_change_annul(*, change: StaffChange, actor: Staff, reason: str, at: datetime | None = None) -> StaffChange:
    if not may_annul_staff_change(actor, change):
        raise ApplicationError("只有报备人、本中心主任或县管委会可以作废报备记录。")
    return annulling.annul(change, actor=actor, reason=reason, at=at)

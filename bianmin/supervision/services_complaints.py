"""Writes of the complaint register (投诉举报, plan 五(二), 2(3) 举报投诉箱/投诉电话; issue #7 point 2):
the public's complaints (``complaint_submit``) and those staff register from the box, the phone,
12345, the media or a superior (``complaint_register``), then 交办 → 调查核实 → 查证 属实/不属实 →
答复/办结, each step appended to ``ComplaintEvent``; every complaint is due
``COMPLAINT_WORKING_DAYS`` working days after the day it was received.

Conditional updates on (status, version) refuse a stale page with "已被他人处理"; a replayed request
(same request key) answers as the first one did.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from bianmin.cases.models import Case
from bianmin.core.errors import ApplicationError
from bianmin.core.evidence import attach_evidence
from bianmin.core.personal import normalize_phone, phone_error
from bianmin.org.models import Centre, Staff
from bianmin.supervision import rules, selectors
from bianmin.supervision.models import (
    STAFF_CHANNELS,
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    Verdict,
)
from bianmin.supervision.services import TAKEN, raise_first
from bianmin.workcalendar.arithmetic import Counted, WorkCalendar
from bianmin.workcalendar.selectors import load_calendar

# --- 投诉举报 ------------------------------------------------------------------------------------
#
# The register (plan 五(二) 举报投诉箱/投诉电话, issue #7 point 2): every complaint, from the public
# intake or registered by staff, is due COMPLAINT_WORKING_DAYS working days after the day it was
# received; it is assigned (交办), investigated (调查核实), found 属实/不属实 (查证), answered (答复)
# and closed (办结). Who may take each step: ``selectors.may_*``; the services check again.

OPEN_COMPLAINT = (Complaint.Status.RECEIVED, Complaint.Status.PROCESSING)
REGISTER_ROLES_ONLY = "只有县管委会、督查员和本中心主任可以登记投诉举报。"
ASSIGN_ROLES_ONLY = "只有县管委会和本中心主任可以交办投诉举报。"
COUNTY_ASSIGNED = "该投诉举报已由县管委会交办督查员办理,中心不能改派。"
INVESTIGATE_ROLES_ONLY = "只有承办人、本中心主任、县管委会和督查员可以填写调查核实情况。"
VERIFY_ROLES_ONLY = "只有县管委会、督查员和本中心主任可以作出查证结论。"
COUNTY_VERDICT = "查证结论已由县管委会或督查员作出,中心不能修改;如有异议请与县管委会联系。"
REPLY_ROLES_ONLY = "只有县管委会、督查员和本中心主任可以答复和办结投诉举报。"
COMPLAINT_CLOSED = "该投诉举报已办结,不能再修改。"
REPLAY_MISMATCH = "表单已失效,请刷新页面后重新提交。"

# 属实 costs the centre 5 points each time (附件 群众满意情况), so it must rest on something that can be
# checked later: an evidence file, or an investigation that states the facts (at least this long).
SUBSTANTIATED_DETAIL_MIN = 50
SUBSTANTIATED_NEEDS = f"认定“属实”须上传证据材料,或在调查核实情况中写明事实经过(不少于 {SUBSTANTIATED_DETAIL_MIN} 字)。"
INVESTIGATION_MAX = 4000
REPLY_MAX = 2000
NOTE_MAX = 4000
# A complaint registered late (a letter found in the box, a referral) may be dated back this far.
RECEIVED_MAX_AGE_DAYS = 366
# 12345 work orders and media reports are followed up by their number or title.
REF_REQUIRED = {ComplaintChannel.HOTLINE: "请填写12345工单号。", ComplaintChannel.MEDIA: "请填写报道标题。"}


def complaint_working_days() -> int:
    """The county's time limit for a complaint, in working days (settings ``COMPLAINT_WORKING_DAYS``)."""
    return int(getattr(settings, "COMPLAINT_WORKING_DAYS", 5))


def complaint_deadline(calendar: WorkCalendar, received_on: date, working_days: int) -> Counted[date]:
    """The last day to answer: the n-th working day after the day received (that day not counted,
    as for case limits, 行政许可法第82条); provisional when a year has no official schedule."""
    if working_days < 1:
        raise ValueError("a complaint needs at least one working day")
    return calendar.add_working_days(received_on, working_days)


def _deadline_fields(received_at: datetime, calendar: WorkCalendar | None = None) -> dict:
    days = complaint_working_days()
    deadline = complaint_deadline(calendar or load_calendar(), timezone.localdate(received_at), days)
    return {"working_days": days, "deadline": deadline.value, "deadline_provisional": deadline.provisional}


def recompute_open_complaints(calendar: WorkCalendar) -> int:
    """When the county's calendar changes, open complaints' deadlines follow (registered in ``apps.py``).

    The number of working days stays the one the complaint was given when received.
    """
    changed = 0
    rows = Complaint.objects.filter(status__in=OPEN_COMPLAINT).values_list(
        "pk", "submitted_at", "working_days", "deadline", "deadline_provisional"
    )
    for pk, received_at, days, old, old_provisional in rows:
        days = days or complaint_working_days()
        deadline = complaint_deadline(calendar, timezone.localdate(received_at), days)
        if (deadline.value, deadline.provisional) != (old, old_provisional):
            changed += Complaint.objects.filter(pk=pk, status__in=OPEN_COMPLAINT).update(
                working_days=days, deadline=deadline.value, deadline_provisional=deadline.provisional
            )
    return changed


def verdict_errors(*, verdict: str, investigation: str, has_evidence: bool) -> dict[str, str]:
    """What is missing before a verdict may be recorded (pure; the form shows the same messages).

    Any verdict needs the investigation written first. 属实 also needs an evidence file or an
    investigation of at least SUBSTANTIATED_DETAIL_MIN characters stating the facts.
    """
    if verdict not in Verdict.values:
        return {"verdict": "请选择查证结论(属实或不属实)。"}
    text = investigation.strip()
    if not text:
        return {"verdict": "请先填写调查核实情况,再作出查证结论。"}
    if verdict == Verdict.SUBSTANTIATED and not has_evidence and len(text) < SUBSTANTIATED_DETAIL_MIN:
        return {"evidence": SUBSTANTIATED_NEEDS}
    return {}


def close_complaint_errors(*, verdict: str, reply: str) -> dict[str, str]:
    """办结 needs a verdict and the reply the complainant will read with the query code."""
    errors: dict[str, str] = {}
    if not reply.strip():
        errors["reply"] = "办结前请填写给投诉人的答复意见。"
    if verdict not in Verdict.values:
        errors["verdict"] = "办结前须先作出查证结论(属实或不属实)。"
    return errors


def _event(complaint: Complaint, step: str, *, actor: Staff | None, at: datetime, detail: str = "") -> None:
    """One step of the complaint's history (who did what when), appended to ``ComplaintEvent``."""
    ComplaintEvent.objects.create(complaint=complaint, step=step, actor=actor, at=at, detail=detail[:200])


def normalize_receipt_number(value: str) -> str:
    return "".join(value.split()).replace("－", "-").replace("—", "-").upper()[:40]


def public_staff_of(centre: Centre):
    """Staff the public may name: those on the centre's and its agency points' post boards (四(一)1)."""
    return Staff.objects.filter(is_active=True, on_post_board=True).filter(
        Q(centre=centre) | Q(agency_point__centre=centre)
    )


def staff_of(centre_id: int):
    """Everyone working for the centre or one of its agency points (staff may name anyone of them)."""
    return Staff.objects.filter(is_active=True).filter(Q(centre_id=centre_id) | Q(agency_point__centre_id=centre_id))


def _clean_phone(phone: str) -> str:
    phone = normalize_phone(phone) if phone.strip() else ""
    if phone and (message := phone_error(phone)):
        raise ApplicationError(message, field="phone")
    return phone


def _create_complaint(values: dict, request_key: str | None, evidence: UploadedFile | None = None) -> Complaint:
    """Insert with a fresh query code (drawn again in the practically impossible case it is taken)."""
    complaint = Complaint(request_key=request_key or None, **values)
    attach_evidence(complaint, evidence)
    for _attempt in range(8):
        complaint.pk, complaint.code = None, rules.new_query_code()
        try:
            with transaction.atomic():
                complaint.save(force_insert=True)
                return complaint
        except IntegrityError:
            if request_key and (replayed := Complaint.objects.filter(request_key=request_key).first()) is not None:
                _discard_file(complaint.evidence.name if complaint.evidence else "")
                return replayed  # a concurrent twin of this very request won
            continue
    _discard_file(complaint.evidence.name if complaint.evidence else "")
    raise ApplicationError("系统繁忙,请稍后再试。")


def _discard_file(name: str) -> None:
    if name:
        Complaint._meta.get_field("evidence").storage.delete(name)


def complaint_submit(
    *,
    centre: Centre,
    category: str,
    content: str,
    name: str = "",
    phone: str = "",
    staff: Staff | None = None,
    subject: str = "",
    receipt_number: str = "",
    channel: str = ComplaintChannel.PORTAL,
    request_key: str | None = None,
    at: datetime | None = None,
) -> Complaint:
    """The public files a complaint and gets a fresh query code; it is due in N working days.

    A receipt number is linked to its case only when that case belongs to the centre; the answer to
    the complainant is the same either way, so the form cannot be used to test receipt numbers.
    """
    if request_key and (replayed := Complaint.objects.filter(request_key=request_key).first()) is not None:
        return replayed
    if not centre.is_active:
        raise ApplicationError("请选择便民服务中心。", field="centre")
    if category not in ComplaintCategory.values:
        raise ApplicationError("请选择投诉举报类别。", field="category")
    if channel not in ComplaintChannel.values:
        raise ApplicationError("来源无效。")
    if message := rules.content_error(content):
        raise ApplicationError(message, field="content")
    phone = _clean_phone(phone)
    if staff is not None and not public_staff_of(centre).filter(pk=staff.pk).exists():
        raise ApplicationError("所选工作人员不属于该中心,请重新选择。", field="staff")
    number = normalize_receipt_number(receipt_number)
    case_id = None
    if number:
        case_id = Case.objects.filter(receipt_number=number, centre=centre).values_list("pk", flat=True).first()
    at = at or timezone.now()
    values = {
        "channel": channel,
        "category": category,
        "centre": centre,
        "staff": staff,
        "subject": subject.strip()[:60],
        "receipt_number": number,
        "case_id": case_id,
        "content": content.strip(),
        "name": name.strip()[:30],
        "phone": phone,
        "submitted_at": at,
        **_deadline_fields(at),
    }
    complaint = _create_complaint(values, request_key)
    _event(complaint, "received", actor=None, at=at)
    return complaint


def complaint_register(
    *,
    actor: Staff,
    centre: Centre,
    channel: str,
    category: str,
    content: str,
    received_at: datetime,
    external_ref: str = "",
    staff: Staff | None = None,
    subject: str = "",
    name: str = "",
    phone: str = "",
    evidence: UploadedFile | None = None,
    request_key: str | None = None,
    at: datetime | None = None,
) -> Complaint:
    """登记: staff enter a complaint received by phone, from the box, a visit, 12345, the media or a
    superior's referral. It gets a query code (to tell the complainant) and is due N working days
    after the day it was received (which may be before today, never after now)."""
    if request_key and (replayed := Complaint.objects.filter(request_key=request_key).first()) is not None:
        if replayed.recorded_by_id != actor.pk:
            raise ApplicationError(REPLAY_MISMATCH)
        return replayed
    scope = selectors.staff_scope(actor)
    if not selectors.may_register(scope) or not (scope.is_countywide or scope.centre_id == centre.pk):
        raise ApplicationError(REGISTER_ROLES_ONLY)
    if not centre.is_active:
        raise ApplicationError("请选择便民服务中心。", field="centre")
    if channel not in STAFF_CHANNELS:
        raise ApplicationError("请选择来源。", field="channel")
    if category not in ComplaintCategory.values:
        raise ApplicationError("请选择投诉举报类别。", field="category")
    external_ref = external_ref.strip()
    if len(external_ref) > 60:
        raise ApplicationError("来源编号最多 60 字。", field="external_ref")
    if not external_ref and channel in REF_REQUIRED:
        raise ApplicationError(REF_REQUIRED[ComplaintChannel(channel)], field="external_ref")
    at = at or timezone.now()
    if received_at > at:
        raise ApplicationError("受理时间不能晚于现在。", field="received_at")
    if received_at < at - timedelta(days=RECEIVED_MAX_AGE_DAYS):
        raise ApplicationError("受理时间不能早于一年前。", field="received_at")
    if message := rules.content_error(content):
        raise ApplicationError(message, field="content")
    phone = _clean_phone(phone)
    if staff is not None and not staff_of(centre.pk).filter(pk=staff.pk).exists():
        raise ApplicationError("被投诉人不是该中心或其代办点的工作人员。", field="staff")
    values = {
        "channel": channel,
        "external_ref": external_ref,
        "category": category,
        "centre": centre,
        "staff": staff,
        "subject": subject.strip()[:60],
        "content": content.strip(),
        "name": name.strip()[:30],
        "phone": phone,
        "submitted_at": received_at,
        "recorded_by": actor,
        **_deadline_fields(received_at),
    }
    complaint = _create_complaint(values, request_key, evidence)
    _event(complaint, "registered", actor=actor, at=at)
    return complaint


def _current(complaint: Complaint, request_key: str | None) -> tuple[Complaint, bool]:
    """(the stored row with the people the rules look at, whether this request was already applied)."""
    current = Complaint.objects.select_related("verified_by", "assigned_to").get(pk=complaint.pk)
    return current, bool(request_key) and current.handle_request_key == request_key


def _update(
    current: Complaint,
    *,
    seen_version: int | None,
    request_key: str | None,
    new_file: str = "",
    **changes,
) -> Complaint:
    """The conditional update (still open, same version) that every step ends with."""
    version = current.version if seen_version is None else seen_version
    with transaction.atomic():
        updated = Complaint.objects.filter(pk=current.pk, version=version, status__in=OPEN_COMPLAINT).update(
            version=F("version") + 1, handle_request_key=request_key or None, **changes
        )
    if updated != 1:
        _discard_file(new_file)
        raise ApplicationError(TAKEN)
    current.refresh_from_db()
    return current


def _evidence_changes(current: Complaint, evidence: UploadedFile | None) -> dict:
    """Store a new evidence file (it replaces the one before: the model keeps one file)."""
    if evidence is None:
        return {}
    attach_evidence(current, evidence)
    return {
        "evidence": current.evidence.name,
        "evidence_name": current.evidence_name,
        "evidence_type": current.evidence_type,
    }


def _require_open(current: Complaint) -> None:
    if current.is_closed:
        raise ApplicationError(COMPLAINT_CLOSED)


def assign_refusal(scope, complaint: Complaint) -> str:
    if selectors.is_director_of(scope, complaint.centre_id) and selectors.assigned_by_county(complaint):
        return COUNTY_ASSIGNED
    return ASSIGN_ROLES_ONLY


def verify_refusal(scope, complaint: Complaint) -> str:
    if selectors.is_director_of(scope, complaint.centre_id) and selectors.verdict_by_county(complaint):
        return COUNTY_VERDICT
    return VERIFY_ROLES_ONLY


def complaint_assign(
    *,
    complaint: Complaint,
    actor: Staff,
    assignee: Staff,
    request_key: str | None = None,
    seen_version: int | None = None,
    at: datetime | None = None,
) -> Complaint:
    """交办: the county admin assigns to the centre's director or staff, or to a county inspector;
    a director assigns within their centre (and cannot take back what the county gave an inspector)."""
    current, replayed = _current(complaint, request_key)
    if replayed:
        return current
    _require_open(current)
    scope = selectors.staff_scope(actor)
    if not selectors.may_assign(scope, current):
        raise ApplicationError(assign_refusal(scope, current))
    if not selectors.assignable_staff(scope, current).filter(pk=assignee.pk).exists():
        raise ApplicationError("只能交办给本中心的主任、工作人员或县督查员。", field="assignee")
    if assignee.pk == current.assigned_to_id:
        raise ApplicationError(f"已经交办给{assignee.name}。", field="assignee")
    at = at or timezone.now()
    current = _update(
        current,
        seen_version=seen_version,
        request_key=request_key,
        assigned_to=assignee,
        assigned_at=at,
        status=Complaint.Status.PROCESSING,
    )
    _event(current, "assigned", actor=actor, at=at, detail=f"承办人 {assignee.name}")
    return current


def complaint_investigate(
    *,
    complaint: Complaint,
    actor: Staff,
    investigation: str,
    evidence: UploadedFile | None = None,
    request_key: str | None = None,
    seen_version: int | None = None,
    at: datetime | None = None,
) -> Complaint:
    """调查核实: the assignee (or the director, the county admin, an inspector) writes what was found,
    with an optional evidence file; may be saved several times while the complaint is open."""
    current, replayed = _current(complaint, request_key)
    if replayed:
        return current
    _require_open(current)
    if not selectors.may_investigate(selectors.staff_scope(actor), current, actor.pk):
        raise ApplicationError(INVESTIGATE_ROLES_ONLY)
    investigation = investigation.strip()
    if not investigation:
        raise ApplicationError("请填写调查核实情况。", field="investigation")
    if len(investigation) > INVESTIGATION_MAX:
        raise ApplicationError(f"调查核实情况最多 {INVESTIGATION_MAX} 字。", field="investigation")
    at = at or timezone.now()
    files = _evidence_changes(current, evidence)
    current = _update(
        current,
        seen_version=seen_version,
        request_key=request_key,
        new_file=files.get("evidence", ""),
        investigation=investigation,
        status=Complaint.Status.PROCESSING,
        **files,
    )
    _event(current, "investigated", actor=actor, at=at)
    return current


def complaint_verify(
    *,
    complaint: Complaint,
    actor: Staff,
    verdict: str,
    evidence: UploadedFile | None = None,
    request_key: str | None = None,
    seen_version: int | None = None,
    at: datetime | None = None,
) -> Complaint:
    """查证: 属实 or 不属实, on the investigation already written (``verdict_errors``). The county admin
    and inspectors decide for any complaint, the director for their centre's; until it is closed the
    county may change the verdict, the centre may not change the county's."""
    current, replayed = _current(complaint, request_key)
    if replayed:
        return current
    _require_open(current)
    scope = selectors.staff_scope(actor)
    if not selectors.may_verify(scope, current):
        raise ApplicationError(verify_refusal(scope, current))
    raise_first(
        verdict_errors(
            verdict=verdict,
            investigation=current.investigation,
            has_evidence=current.has_evidence or evidence is not None,
        )
    )
    at = at or timezone.now()
    files = _evidence_changes(current, evidence)
    current = _update(
        current,
        seen_version=seen_version,
        request_key=request_key,
        new_file=files.get("evidence", ""),
        verdict=verdict,
        verified_at=at,
        verified_by=actor,
        status=Complaint.Status.PROCESSING,
        **files,
    )
    _event(current, "verified", actor=actor, at=at, detail=current.get_verdict_display())
    return current


def complaint_respond(
    *,
    complaint: Complaint,
    actor: Staff,
    internal_note: str = "",
    reply: str = "",
    close: bool = False,
    request_key: str | None = None,
    seen_version: int | None = None,
    at: datetime | None = None,
) -> Complaint:
    """答复 (public, read with the query code) and an optional internal note; 办结 with ``close``,
    which needs the verdict and the reply (``close_complaint_errors``)."""
    current, replayed = _current(complaint, request_key)
    if replayed:
        return current
    _require_open(current)
    if not selectors.may_reply(selectors.staff_scope(actor), current):
        raise ApplicationError(REPLY_ROLES_ONLY)
    reply, internal_note = reply.strip(), internal_note.strip()
    if len(reply) > REPLY_MAX:
        raise ApplicationError(f"答复意见最多 {REPLY_MAX} 字。", field="reply")
    if len(internal_note) > NOTE_MAX:
        raise ApplicationError(f"内部处理记录最多 {NOTE_MAX} 字。", field="internal_note")
    if close:
        raise_first(close_complaint_errors(verdict=current.verdict, reply=reply))
    at = at or timezone.now()
    changes: dict = {
        "internal_note": internal_note,
        "reply": reply,
        "handled_by": actor,
        "status": Complaint.Status.CLOSED if close else Complaint.Status.PROCESSING,
    }
    if reply != current.reply:
        changes["replied_at"] = at if reply else None
    if close:
        changes["closed_at"] = at
    replied = reply != current.reply and bool(reply)
    current = _update(current, seen_version=seen_version, request_key=request_key, **changes)
    if replied:
        _event(current, "replied", actor=actor, at=at)
    if close:
        _event(current, "closed", actor=actor, at=at)
    return current

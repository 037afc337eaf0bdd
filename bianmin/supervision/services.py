"""Writes of supervision (DESIGN §4): each service is one transaction; state changes are conditional
updates on (status, version) so a page acted on after someone else changed the record is refused
with "已被他人处理"; a replayed request (same request key) answers as the first one did.

- ``rating_submit``: the public rates a decided case once (好差评, 国办发〔2019〕51号); a bad rating
  opens a ``Rectification`` due N working days later (settings ``RECTIFICATION_WORKING_DAYS``).
- ``rectification_save`` / ``rectification_close``: only the director of the case's centre records
  the call-back, finding and action, and closes the rectification once all three are there.
- ``complaint_submit``: the public files a complaint (anonymous or named) and gets a query code.
- ``complaint_respond``: the centre director records the handling and the public reply, and closes.
"""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from bianmin.cases import workflow
from bianmin.cases.models import Case
from bianmin.core.errors import ApplicationError
from bianmin.core.personal import normalize_phone, phone_error
from bianmin.core.roles import Role
from bianmin.org.models import Centre, Staff
from bianmin.supervision import rules
from bianmin.supervision.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    Rating,
    RatingChannel,
    Rectification,
)
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.selectors import load_calendar

TAKEN = "已被他人处理:该记录刚刚被其他人修改过,请刷新页面查看最新内容后再操作。"
ALREADY_RATED = "该办件已经评价过了,每个办件只能评价一次。感谢您的参与!"
NOT_DECIDED = "办件办结后才能评价。"
DIRECTOR_ONLY_RECTIFICATION = "只有本中心主任才能填写和办结差评整改。"
DIRECTOR_ONLY_COMPLAINT = "只有本中心主任才能处理投诉举报。"


def rectification_working_days() -> int:
    """The county's deadline for a rectification, in working days (issue #6 point 3: default 5)."""
    return int(getattr(settings, "RECTIFICATION_WORKING_DAYS", 5))


# --- 好差评 --------------------------------------------------------------------------------------


def _raise_first(errors: dict[str, str]) -> None:
    if errors:
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, field=field)


def rating_submit(
    *,
    case: Case,
    overall: int,
    efficiency: int,
    attitude: int,
    guide_accuracy: int,
    comment: str = "",
    channel: str = RatingChannel.PROGRESS,
    request_key: str | None = None,
    at: datetime | None = None,
) -> Rating:
    """Save the one rating of a decided case; a bad one opens its rectification.

    Stores nothing about the rater (no IP address, session or name): the caller has checked that the
    rater proved they hold the receipt (the progress lookup's session proof).
    """
    if request_key and (replayed := Rating.objects.filter(request_key=request_key).first()) is not None:
        if replayed.case_id != case.pk:
            raise ApplicationError("表单已失效,请刷新页面后重新提交。")
        return replayed
    if case.status not in workflow.DECIDED:
        raise ApplicationError(NOT_DECIDED)
    if channel not in RatingChannel.values:
        raise ApplicationError("评价渠道无效。")
    comment = comment.strip()
    scores = {"overall": overall, "efficiency": efficiency, "attitude": attitude, "guide_accuracy": guide_accuracy}
    _raise_first(rules.rating_errors(scores, comment))
    if Rating.objects.filter(case_id=case.pk).exists():
        raise ApplicationError(ALREADY_RATED)
    at = at or timezone.now()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                case=case,
                centre_id=case.centre_id,
                window_id=case.window_id,
                comment=comment,
                channel=channel,
                rated_at=at,
                request_key=request_key or None,
                **scores,
            )
            if rating.is_bad:
                _open_rectification(rating, case, at)
    except IntegrityError:
        # A concurrent submission for the same case (or a twin of this very request) won.
        if request_key and (replayed := Rating.objects.filter(request_key=request_key).first()) is not None:
            return replayed
        raise ApplicationError(ALREADY_RATED) from None
    return rating


def _open_rectification(rating: Rating, case: Case, at: datetime) -> Rectification:
    days = rectification_working_days()
    deadline = rules.rectification_deadline(load_calendar(), timezone.localdate(at), days)
    return Rectification.objects.create(
        rating=rating,
        centre_id=case.centre_id,
        case=case,
        opened_at=at,
        working_days=days,
        deadline=deadline.value,
        deadline_provisional=deadline.provisional,
    )


def recompute_open_rectifications(calendar: WorkCalendar) -> int:
    """When the county's calendar changes, open rectifications' deadlines follow (like case due dates).

    Meant for ``bianmin.workcalendar.services.register_recomputer`` (in the app's ``ready``).
    """
    changed = 0
    for rect in Rectification.objects.filter(status=Rectification.Status.OPEN).select_related("rating"):
        deadline = rules.rectification_deadline(calendar, timezone.localdate(rect.rating.rated_at), rect.working_days)
        if (deadline.value, deadline.provisional) != (rect.deadline, rect.deadline_provisional):
            changed += Rectification.objects.filter(pk=rect.pk, status=Rectification.Status.OPEN).update(
                deadline=deadline.value, deadline_provisional=deadline.provisional
            )
    return changed


def _require_director(actor: Staff, centre_id: int, message: str) -> None:
    """Defence in depth behind the views: the director of that very centre, and only them."""
    if not (actor.is_active and actor.role == Role.CENTRE_DIRECTOR and actor.centre_id == centre_id):
        raise ApplicationError(message)


def _fresh_rectification(rect: Rectification, request_key: str | None) -> tuple[Rectification, bool]:
    """(the stored row, whether this request was already applied)."""
    current = Rectification.objects.get(pk=rect.pk)
    return current, bool(request_key) and current.request_key == request_key


def _rectification_fields(
    rect: Rectification,
    *,
    actor: Staff,
    callback_at: datetime | None,
    callback_by: Staff | None,
    callback_note: str,
    finding: str,
    action: str,
    at: datetime,
) -> dict:
    if callback_by is not None and callback_by.centre_id != rect.centre_id:
        raise ApplicationError("回访人应为本中心工作人员。", field="callback_by")
    return {
        "callback_at": callback_at,
        "callback_by": callback_by if callback_by is not None or callback_at is None else actor,
        "callback_note": callback_note.strip(),
        "finding": finding.strip(),
        "action": action.strip(),
        "updated_by": actor,
        "updated_at": at,
    }


def _apply(rect: Rectification, *, seen_version: int | None, request_key: str | None, **changes) -> Rectification:
    version = rect.version if seen_version is None else seen_version
    updated = Rectification.objects.filter(pk=rect.pk, status=Rectification.Status.OPEN, version=version).update(
        version=F("version") + 1, request_key=request_key or None, **changes
    )
    if updated != 1:
        raise ApplicationError(TAKEN)
    rect.refresh_from_db()
    return rect


def rectification_save(
    *,
    rectification: Rectification,
    actor: Staff,
    callback_at: datetime | None = None,
    callback_by: Staff | None = None,
    callback_note: str = "",
    finding: str = "",
    action: str = "",
    request_key: str | None = None,
    seen_version: int | None = None,
    at: datetime | None = None,
) -> Rectification:
    """Record progress (call-back, finding, action) on an open rectification without closing it."""
    _require_director(actor, rectification.centre_id, DIRECTOR_ONLY_RECTIFICATION)
    current, replayed = _fresh_rectification(rectification, request_key)
    if replayed:
        return current
    if not current.is_open:
        raise ApplicationError("该整改已办结,不能再修改。")
    at = at or timezone.now()
    _raise_first(rules.callback_time_errors(callback_at, rated_at=current.opened_at, now=at, required=False))
    fields = _rectification_fields(
        current,
        actor=actor,
        callback_at=callback_at,
        callback_by=callback_by,
        callback_note=callback_note,
        finding=finding,
        action=action,
        at=at,
    )
    with transaction.atomic():
        return _apply(current, seen_version=seen_version, request_key=request_key, **fields)


def rectification_close(
    *,
    rectification: Rectification,
    actor: Staff,
    callback_at: datetime | None,
    callback_by: Staff | None = None,
    callback_note: str,
    finding: str,
    action: str,
    request_key: str | None = None,
    seen_version: int | None = None,
    at: datetime | None = None,
) -> Rectification:
    """办结整改: the director closes once the call-back, the finding and the action are recorded."""
    _require_director(actor, rectification.centre_id, DIRECTOR_ONLY_RECTIFICATION)
    current, replayed = _fresh_rectification(rectification, request_key)
    if replayed:
        return current
    if not current.is_open:
        raise ApplicationError("该整改已办结。")
    at = at or timezone.now()
    _raise_first(
        rules.close_errors(
            callback_at=callback_at,
            callback_note=callback_note,
            finding=finding,
            action=action,
            rated_at=current.opened_at,
            now=at,
        )
    )
    fields = _rectification_fields(
        current,
        actor=actor,
        callback_at=callback_at,
        callback_by=callback_by,
        callback_note=callback_note,
        finding=finding,
        action=action,
        at=at,
    )
    with transaction.atomic():
        return _apply(
            current,
            seen_version=seen_version,
            request_key=request_key,
            status=Rectification.Status.CLOSED,
            closed_at=at,
            closed_by=actor,
            **fields,
        )


# --- 投诉举报 ------------------------------------------------------------------------------------


def normalize_receipt_number(value: str) -> str:
    return "".join(value.split()).replace("－", "-").replace("—", "-").upper()[:40]


def public_staff_of(centre: Centre):
    """Staff the public may name: those on the centre's and its agency points' post boards (四(一)1)."""
    return Staff.objects.filter(is_active=True, on_post_board=True).filter(
        Q(centre=centre) | Q(agency_point__centre=centre)
    )


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
    """File a complaint and give it a fresh query code.

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
    phone = normalize_phone(phone) if phone.strip() else ""
    if phone and (message := phone_error(phone)):
        raise ApplicationError(message, field="phone")
    if staff is not None and not public_staff_of(centre).filter(pk=staff.pk).exists():
        raise ApplicationError("所选工作人员不属于该中心,请重新选择。", field="staff")
    number = normalize_receipt_number(receipt_number)
    case_id = None
    if number:
        case_id = Case.objects.filter(receipt_number=number, centre=centre).values_list("pk", flat=True).first()
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
        "submitted_at": at or timezone.now(),
        "request_key": request_key or None,
    }
    for _attempt in range(8):
        try:
            with transaction.atomic():
                return Complaint.objects.create(code=rules.new_query_code(), **values)
        except IntegrityError:
            if request_key and (replayed := Complaint.objects.filter(request_key=request_key).first()) is not None:
                return replayed  # a concurrent twin of this very request won
            continue  # the code was taken (31^8 codes: practically never): draw again
    raise ApplicationError("系统繁忙,请稍后再试。")


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
    """The director records the handling (internal) and the reply (public); closing needs a reply."""
    _require_director(actor, complaint.centre_id, DIRECTOR_ONLY_COMPLAINT)
    current = Complaint.objects.get(pk=complaint.pk)
    if request_key and current.handle_request_key == request_key:
        return current
    if current.is_closed:
        raise ApplicationError("该投诉举报已办结,不能再修改。")
    reply, internal_note = reply.strip(), internal_note.strip()
    if close and not reply:
        raise ApplicationError("办结前请填写给投诉人的答复意见。", field="reply")
    if len(reply) > 2000 or len(internal_note) > 4000:
        raise ApplicationError("内容过长。")
    at = at or timezone.now()
    changes = {
        "internal_note": internal_note,
        "reply": reply,
        "handled_by": actor,
        "status": Complaint.Status.CLOSED if close else Complaint.Status.PROCESSING,
        "handle_request_key": request_key or None,
    }
    if reply != current.reply:
        changes["replied_at"] = at if reply else None
    if close:
        changes["closed_at"] = at
    version = current.version if seen_version is None else seen_version
    with transaction.atomic():
        updated = Complaint.objects.filter(
            pk=current.pk, version=version, status__in=[Complaint.Status.RECEIVED, Complaint.Status.PROCESSING]
        ).update(version=F("version") + 1, **changes)
        if updated != 1:
            raise ApplicationError(TAKEN)
    current.refresh_from_db()
    return current

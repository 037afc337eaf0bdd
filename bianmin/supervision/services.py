"""Writes of supervision (DESIGN §4): each service is one transaction; state changes are conditional
updates on (status, version) so a page acted on after someone else changed the record is refused
with "已被他人处理"; a replayed request (same request key) answers as the first one did.

- ``rating_submit``: the public rates a decided case once (好差评, 国办发〔2019〕51号); a bad rating
  opens a ``Rectification`` due N working days later (settings ``RECTIFICATION_WORKING_DAYS``).
- ``rectification_save`` / ``rectification_close``: only the director of the case's centre records
  the call-back, finding and action, and closes the rectification once all three are there.

The complaint register's writes are in ``services_complaints``.
"""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bianmin.cases import workflow
from bianmin.cases.models import Case
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.models import Staff
from bianmin.supervision import rules
from bianmin.supervision.models import (
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


def rectification_working_days() -> int:
    """The county's deadline for a rectification, in working days (issue #6 point 3: default 5)."""
    return int(getattr(settings, "RECTIFICATION_WORKING_DAYS", 5))


# --- 好差评 --------------------------------------------------------------------------------------


def raise_first(errors: dict[str, str]) -> None:
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
    raise_first(rules.rating_errors(scores, comment))
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
    raise_first(rules.callback_time_errors(callback_at, rated_at=current.opened_at, now=at, required=False))
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
    raise_first(
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

"""Writes to the consultation register (首问/咨询登记) and the agency points' 帮扶/调解 records.

首问负责制 (plan 四(一)4(1)): whoever is asked first records the question, answers it or guides the
visitor to the right window or colleague, and stays responsible for tracking it until it is closed.
Agency points keep 代办、咨询、帮扶、调解 records (plan 四(二)3): 代办 are cases, 咨询 are consultations
with ``agency_point`` set, 帮扶/调解 are ``PointRecord`` rows.

Every service is keyword-only and atomic. A create replayed with the same idempotency key (a double
submit, a retried request) returns the row the first call made instead of making a second one.
State changes are conditional updates on ``state`` (DESIGN §4).
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from bianmin.cases.models import Channel, Consultation, PointRecord
from bianmin.catalogue.models import CentreItem, ServiceItem
from bianmin.core.errors import ApplicationError
from bianmin.core.personal import normalize_phone, phone_error
from bianmin.core.roles import CENTRE_ROLES, Role
from bianmin.org.models import Staff, Window

STALE_FORM = "表单已失效,请刷新页面后重新提交。"

# How a consultation reached us: at a centre the window, the phone or online; at a point the point itself.
CENTRE_CHANNELS = (Channel.WINDOW, Channel.PHONE, Channel.ONLINE)
POINT_CHANNELS = (Channel.AGENCY, Channel.PHONE, Channel.ONLINE)


def _text(value: str, *, field: str, label: str, max_length: int | None = None, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(f"请填写{label}。", field=field)
    if max_length is not None and len(value) > max_length:
        raise ApplicationError(f"{label}不能超过{max_length}个字。", field=field)
    return value


def _phone(value: str, *, field: str) -> str:
    """Phones are optional here (a walk-in may not leave one), but a given one must be valid."""
    value = normalize_phone(value or "")
    if value and (message := phone_error(value)):
        raise ApplicationError(message, field=field)
    return value


def _may_act(consultation: Consultation, actor: Staff) -> None:
    """Defence in depth behind the scoped selectors: the consultation's centre, or its point, acts;
    county roles only read."""
    role = Role(actor.role)
    if role in CENTRE_ROLES and actor.centre_id == consultation.centre_id:
        return
    if role == Role.AGENT and consultation.agency_point_id and actor.agency_point_id == consultation.agency_point_id:
        return
    raise ApplicationError("您无权处理其他单位的咨询登记。")


# --- consultations (首问/咨询登记) ----------------------------------------------------------------


def consultation_create(
    *,
    actor: Staff,
    visitor_name: str,
    question: str,
    visitor_phone: str = "",
    channel: str | None = None,
    item: ServiceItem | None = None,
    answer: str = "",
    asked_at: datetime | None = None,
    idempotency_key: str | None = None,
) -> Consultation:
    """Record a question; ``actor`` is its first responder (首问责任人, plan 四(一)4(1)).

    At a centre the consultation belongs to the actor's centre; at an agency point to the point and
    the point's centre, so the centre sees its points' consultations too.
    """
    if idempotency_key and (existing := Consultation.objects.filter(idempotency_key=idempotency_key).first()):
        return _replay(existing, actor)
    role = Role(actor.role)
    if role == Role.AGENT:
        point = actor.agency_point
        if point is None:
            raise ApplicationError("您的账号未关联代办点。")
        centre, allowed, default = point.centre, POINT_CHANNELS, Channel.AGENCY
    elif role in CENTRE_ROLES and actor.centre_id:
        point, centre, allowed, default = None, actor.centre, CENTRE_CHANNELS, Channel.WINDOW
    else:
        raise ApplicationError("只有中心工作人员和代办点工作人员可以登记咨询。")
    channel = channel or default
    if channel not in allowed:
        raise ApplicationError("咨询方式无效。", field="channel")
    now = timezone.now()
    asked_at = asked_at or now
    if asked_at > now:
        raise ApplicationError("咨询时间不能晚于当前时间。", field="asked_at")
    if (
        item is not None
        and not CentreItem.objects.filter(centre=centre, item=item, is_active=True, item__is_active=True).exists()
    ):
        raise ApplicationError("所选事项不在本中心的实施清单中。", field="item")
    values = {
        "visitor_name": _text(visitor_name, field="visitor_name", label="咨询人姓名", max_length=60),
        "visitor_phone": _phone(visitor_phone, field="visitor_phone"),
        "question": _text(question, field="question", label="咨询内容"),
        "answer": _text(answer, field="answer", label="答复内容", required=False),
    }
    try:
        with transaction.atomic():
            return Consultation.objects.create(
                centre=centre,
                agency_point=point,
                asked_at=asked_at,
                channel=channel,
                item=item,
                first_responder=actor,
                idempotency_key=idempotency_key or None,
                **values,
            )
    except IntegrityError:
        # A concurrent twin of this very request won the unique key: answer as it did.
        if idempotency_key and (existing := Consultation.objects.filter(idempotency_key=idempotency_key).first()):
            return _replay(existing, actor)
        raise


def _replay(existing: Consultation, actor: Staff) -> Consultation:
    """A key belongs to the person whose form it was rendered in; anyone else's replay is refused."""
    if existing.first_responder_id != actor.pk:
        raise ApplicationError(STALE_FORM)
    return existing


def consultation_route(
    *,
    consultation: Consultation,
    actor: Staff,
    window: Window | None = None,
    staff: Staff | None = None,
) -> Consultation:
    """引导: send the visitor to a window and/or a colleague of the same centre. The first responder
    does not change: "首问责任人负责跟踪办理" (plan 四(一)4(1)) until the consultation is closed."""
    _may_act(consultation, actor)
    if window is None and staff is None:
        raise ApplicationError("请选择引导至的窗口或工作人员。", field="window")
    if window is not None and (window.centre_id != consultation.centre_id or not window.is_active):
        raise ApplicationError("只能引导至本中心在用的窗口。", field="window")
    if staff is not None and (
        staff.centre_id != consultation.centre_id or not staff.is_active or Role(staff.role) not in CENTRE_ROLES
    ):
        raise ApplicationError("只能引导至本中心在岗的工作人员。", field="staff")
    with transaction.atomic():
        updated = Consultation.objects.filter(pk=consultation.pk, state=Consultation.State.OPEN).update(
            routed_to_window=window, routed_to=staff
        )
        if updated != 1:
            raise ApplicationError("该咨询已办结,不能再引导。请刷新页面查看最新状态。")
    consultation.routed_to_window, consultation.routed_to = window, staff
    return consultation


def consultation_close(
    *,
    consultation: Consultation,
    actor: Staff,
    outcome: str,
    answer: str = "",
    at: datetime | None = None,
) -> Consultation:
    """办结: record how it ended (answered, case received, referred elsewhere...). A non-empty
    ``answer`` replaces the recorded reply. Closing again with the same outcome is a replay (the
    same form submitted twice) and returns the consultation as it is."""
    _may_act(consultation, actor)
    outcome = _text(outcome, field="outcome", label="办结结果", max_length=200)
    answer = _text(answer, field="answer", label="答复内容", required=False)
    at = at or timezone.now()
    changes: dict = {"state": Consultation.State.CLOSED, "closed_at": at, "outcome": outcome}
    if answer:
        changes["answer"] = answer
    with transaction.atomic():
        updated = Consultation.objects.filter(pk=consultation.pk, state=Consultation.State.OPEN).update(**changes)
    if updated != 1:
        consultation.refresh_from_db()
        if consultation.state == Consultation.State.CLOSED and consultation.outcome == outcome:
            return consultation
        raise ApplicationError("该咨询已办结(可能已被他人处理),请刷新页面查看最新状态。")
    for name, value in changes.items():
        setattr(consultation, name, value)
    return consultation


# --- agency point records (帮扶/调解) --------------------------------------------------------------


def point_record_create(
    *,
    actor: Staff,
    kind: str,
    happened_on: date,
    people: str,
    subject: str,
    content: str,
    phone: str = "",
    outcome: str = "",
    idempotency_key: str | None = None,
) -> PointRecord:
    """A 帮扶 or 调解 record of the actor's agency point (plan 四(二)3)."""
    if idempotency_key and (existing := PointRecord.objects.filter(idempotency_key=idempotency_key).first()):
        return _replay_record(existing, actor)
    if Role(actor.role) != Role.AGENT or actor.agency_point_id is None:
        raise ApplicationError("只有代办点工作人员可以登记帮扶、调解记录。")
    if kind not in PointRecord.Kind.values:
        raise ApplicationError("请选择类别:帮扶或调解。", field="kind")
    if happened_on > timezone.localdate():
        raise ApplicationError("日期不能晚于今天。", field="happened_on")
    values = {
        "people": _text(people, field="people", label="对象/当事人", max_length=120),
        "phone": _phone(phone, field="phone"),
        "subject": _text(subject, field="subject", label="事由", max_length=120),
        "content": _text(content, field="content", label="经过"),
        "outcome": _text(outcome, field="outcome", label="结果", required=False),
    }
    try:
        with transaction.atomic():
            return PointRecord.objects.create(
                agency_point_id=actor.agency_point_id,
                kind=kind,
                happened_on=happened_on,
                recorded_by=actor,
                idempotency_key=idempotency_key or None,
                **values,
            )
    except IntegrityError:
        if idempotency_key and (existing := PointRecord.objects.filter(idempotency_key=idempotency_key).first()):
            return _replay_record(existing, actor)
        raise


def _replay_record(existing: PointRecord, actor: Staff) -> PointRecord:
    if existing.recorded_by_id != actor.pk:
        raise ApplicationError(STALE_FORM)
    return existing

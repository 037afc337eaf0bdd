"""Writes to cases (DESIGN §4): each service is one transaction, checks the workflow table and the
actor's scope, changes the case with a conditional update on (status, version), and appends a
``CaseEvent``. A replayed request (same idempotency key) returns what the first one did; a case
changed by someone else in between is refused with "已被他人处理".
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bianmin.cases import rules, workflow
from bianmin.cases.deadlines import CaseClock, case_due, local_date
from bianmin.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseMaterial,
    DeliveryMethod,
    Extension,
    Handover,
    NoticeKind,
    Result,
    Suspension,
)
from bianmin.cases.notices import issue_notice
from bianmin.cases.numbering import new_public_code, next_receipt_number
from bianmin.cases.workflow import Action, Status
from bianmin.catalogue.models import CentreItem, ServiceItem
from bianmin.catalogue.selectors import intake_entry
from bianmin.core.errors import ApplicationError
from bianmin.core.personal import id_document_error, normalize_id_document, normalize_phone, phone_error
from bianmin.core.roles import Role
from bianmin.core.uploads import safe_upload_name
from bianmin.org.models import Staff, Window
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.selectors import load_calendar

TAKEN = "已被他人处理:该办件刚刚被其他人办理过,请刷新页面查看最新状态后再操作。"


@dataclass(frozen=True)
class Applicant:
    name: str
    id_type: str
    id_number: str
    phone: str
    address: str = ""
    agent_name: str = ""
    agent_id_type: str = "resident"
    agent_id_number: str = ""
    agent_phone: str = ""


# --- checks ------------------------------------------------------------------------------------


def _role(actor: Staff) -> Role:
    return Role(actor.role)


def _require_in_scope(case: Case, actor: Staff) -> None:
    """Defence in depth behind the scoped selectors: only the case's centre or its point acts."""
    role = _role(actor)
    if role in (Role.CLERK, Role.CENTRE_DIRECTOR) and actor.centre_id == case.centre_id:
        return
    if role == Role.AGENT and case.agency_point_id and actor.agency_point_id == case.agency_point_id:
        return
    raise ApplicationError("您无权办理其他单位的办件。")


def applicant_errors(applicant: Applicant) -> dict[str, str]:
    errors = {}
    if not applicant.name.strip():
        errors["applicant_name"] = "请填写申请人姓名。"
    if message := id_document_error(applicant.id_type, applicant.id_number):
        errors["id_number"] = message
    if message := phone_error(applicant.phone):
        errors["phone"] = message
    if applicant.agent_name.strip():
        if message := id_document_error(applicant.agent_id_type, applicant.agent_id_number):
            errors["agent_id_number"] = "代理人" + message
        if applicant.agent_phone and (message := phone_error(applicant.agent_phone)):
            errors["agent_phone"] = "代理人" + message
    return errors


def _replayed(request_key: str | None, case: Case | None = None) -> CaseEvent | None:
    if not request_key:
        return None
    event = CaseEvent.objects.filter(request_key=request_key).select_related("case").first()
    if event is not None and case is not None and event.case_id != case.pk:
        raise ApplicationError("表单已失效,请刷新页面后重新提交。")
    return event


def _transition(
    case: Case,
    action: Action,
    *,
    actor: Staff,
    at: datetime,
    reason: str = "",
    data: Mapping[str, Any] | None = None,
    request_key: str | None = None,
    seen_version: int | None = None,
    changes: Mapping[str, Any] | None = None,
    target: Status | None = None,
) -> CaseEvent:
    """The one place a case changes state: workflow check, conditional update, event."""
    _require_in_scope(case, actor)
    if seen_version is not None and seen_version != case.version:
        raise ApplicationError(TAKEN)  # the page the clerk acted on is out of date
    if refusal := workflow.refusal(case.status, action, _role(actor)):
        raise ApplicationError(refusal)
    edge = workflow.edge(case.status, action)
    assert edge is not None
    to_status = target or edge.target
    version = case.version if seen_version is None else seen_version
    fields = dict(changes or {})
    updated = Case.objects.filter(pk=case.pk, status=case.status, version=version).update(
        status=to_status, version=F("version") + 1, **fields
    )
    if updated != 1:
        raise ApplicationError(TAKEN)
    from_status = case.status
    for name, value in fields.items():
        setattr(case, name, value)
    case.status, case.version = to_status, version + 1
    return CaseEvent.objects.create(
        case=case,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        at=at,
        reason=reason,
        basis=workflow.ACTION_BASIS[action],
        data=dict(data or {}),
        request_key=request_key,
    )


def _record(case: Case, action: str, *, actor: Staff | None, at: datetime, reason: str = "", data=None, **kw):
    """An event that does not change the state (call-back, notice, attachment, recompute)."""
    return CaseEvent.objects.create(
        case=case,
        action=action,
        from_status=case.status,
        to_status=case.status,
        actor=actor,
        at=at,
        reason=reason,
        data=dict(data or {}),
        **kw,
    )


def _idempotent(func: Callable[..., CaseEvent]) -> Callable[..., Case]:
    """Run a transition in its own transaction; a replay of the same request key is a no-op."""

    def wrapper(*, case: Case, request_key: str | None = None, **kwargs) -> Case:
        if _replayed(request_key, case):
            case.refresh_from_db()
            return case
        try:
            with transaction.atomic():
                func(case=case, request_key=request_key, **kwargs)
        except (ApplicationError, IntegrityError):
            # A concurrent twin of this very request won: answer as it did.
            if _replayed(request_key, case):
                case.refresh_from_db()
                return case
            raise
        return case

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def _lines(case: Case) -> list[rules.Line]:
    return [rules.Line(m.position, m.name, m.required, m.pending_allowed, m.state, m.note) for m in checklist(case)]


def checklist(case: Case) -> list[CaseMaterial]:
    """The case's materials by position: as ``case_register`` left them in memory on a case it has
    just registered, else read (the default ordering is by position)."""
    return list(case.materials.all())


def _keep_checklist(case: Case, rows: list[CaseMaterial]) -> None:
    """Keep the checklist just written where ``case.materials.all()`` finds it, stored as
    ``prefetch_related_objects`` stores what it read: the decision, the acceptance and its notice
    that follow an intake in the same request then read it from memory. The rows are saved one by
    one (``_set_material_states``); an ``update()`` of them calls ``_checklist_changed``."""
    queryset = case.materials.get_queryset()
    queryset._result_cache, queryset._prefetch_done = list(rows), True
    case.__dict__.setdefault("_prefetched_objects_cache", {})["materials"] = queryset


def _checklist_changed(case: Case) -> None:
    """Forget the remembered checklist after an ``update()`` of its rows in the database."""
    getattr(case, "_prefetched_objects_cache", {}).pop("materials", None)


def _set_material_states(case: Case, states: Mapping[int, tuple[str, str]] | None) -> None:
    """Update the checklist from the window's ticks: {position: (state, note)}."""
    if not states:
        return
    valid = set(CaseMaterial.State.values)
    for material in case.materials.all():
        if material.position in states:
            state, note = states[material.position]
            if state not in valid:
                raise ApplicationError(f"材料“{material.name}”的状态无效。")
            if (material.state, material.note) != (state, note):
                material.state, material.note = state, note[:200]
                material.save(update_fields=["state", "note"])


def _clock(case: Case) -> CaseClock:
    suspensions = [
        (local_date(s.began_at), local_date(s.ended_at)) for s in case.suspensions.all() if s.ended_at is not None
    ]
    extensions = [e.days for e in case.extensions.all() if e.decision == Extension.Decision.APPROVED]
    assert case.accepted_at is not None
    return CaseClock(case.handling_type, case.limit_days, case.accepted_at, suspensions, extensions)


def _due_fields(case: Case, calendar: WorkCalendar, clock: CaseClock | None = None) -> dict[str, Any]:
    due = case_due(clock or _clock(case), calendar)
    return {"due_at": due.moment, "due_provisional": due.provisional, "due_note": due.reason[:200]}


# --- intake ------------------------------------------------------------------------------------


def _centre_item(centre, item: ServiceItem, entry: CentreItem | None) -> CentreItem:
    """The centre's list entry for ``item``: ``entry`` when the caller has read it with
    ``catalogue.selectors.intake_entry`` (checked again here in memory), else read."""
    given = (
        entry is not None
        and entry.centre_id == centre.pk
        and entry.item_id == item.pk
        and entry.is_active
        and entry.item.is_active
        and entry.item.current_id is not None
    )
    if not given:
        entry = intake_entry(centre, item.pk)
    if entry is None:
        raise ApplicationError(
            "本中心的实施清单中没有该事项(或该事项尚无已发布的办事指南),不能收件。请引导群众到有权办理的单位。"
        )
    return entry


def case_register(
    *,
    actor: Staff,
    item: ServiceItem,
    applicant: Applicant,
    materials: Mapping[int, tuple[str, str]] | None = None,
    channel: str | None = None,
    consultation=None,
    idempotency_key: str | None = None,
    at: datetime | None = None,
    entry: CentreItem | None = None,
) -> Case:
    """收件 at a window (status 已收件) or 代办登记 at an agency point (status 代办登记).

    The checklist is copied from the item's published guide; ``materials`` gives the window's ticks.
    ``entry``: the centre's list entry for the item, when the caller has already read it.
    """
    if idempotency_key and (existing := Case.objects.filter(idempotency_key=idempotency_key).first()):
        return existing
    role = _role(actor)
    at = at or timezone.now()
    if role == Role.AGENT:
        point = actor.agency_point
        if point is None:
            raise ApplicationError("您的账号未关联代办点。")
        centre, status, channel, action = point.centre, Status.REGISTERED_AT_POINT, "agency", "register_at_point"
    elif role in (Role.CLERK, Role.CENTRE_DIRECTOR) and actor.centre_id:
        point, centre, status, action = None, actor.centre, Status.RECEIVED, "register"
        channel = channel or "window"
        if channel == "agency":
            raise ApplicationError("代办件由代办点登记后移交中心,窗口收件请选择其他渠道。")
    else:
        raise ApplicationError("只有中心窗口工作人员和代办点工作人员可以收件。")
    entry = _centre_item(centre, item, entry)
    guide = entry.item.current
    if point is not None and not guide.agency_allowed:
        raise ApplicationError(
            f"“{guide.name}”未列为村(社区)代办点可代办事项,代办点不能代为收件。请告知群众到{centre.name}窗口办理。"
        )
    normalized = Applicant(
        name=applicant.name.strip(),
        id_type=applicant.id_type,
        id_number=normalize_id_document(applicant.id_type, applicant.id_number),
        phone=normalize_phone(applicant.phone),
        address=applicant.address.strip(),
        agent_name=applicant.agent_name.strip(),
        agent_id_type=applicant.agent_id_type if applicant.agent_name.strip() else "",
        agent_id_number=normalize_id_document(applicant.agent_id_type, applicant.agent_id_number)
        if applicant.agent_name.strip()
        else "",
        agent_phone=normalize_phone(applicant.agent_phone) if applicant.agent_name.strip() else "",
    )
    if errors := applicant_errors(normalized):
        raise ApplicationError(next(iter(errors.values())), field=next(iter(errors)))
    ticks = materials or {}
    try:
        with transaction.atomic():
            case = Case.objects.create(
                receipt_number=next_receipt_number(centre=centre, year=local_date(at).year),
                public_code=new_public_code(),
                item=entry.item,
                guide=guide,
                item_name=guide.name,
                handling_type=guide.handling_type,
                limit_days=guide.promised_limit_days,
                centre=centre,
                window=entry.window,
                agency_point=point,
                channel=channel,
                consultation=consultation,
                applicant_name=normalized.name,
                id_type=normalized.id_type,
                id_number=normalized.id_number,
                phone=normalized.phone,
                address=normalized.address,
                agent_name=normalized.agent_name,
                agent_id_type=normalized.agent_id_type,
                agent_id_number=normalized.agent_id_number,
                agent_phone=normalized.agent_phone,
                first_responder=actor,
                handler=actor if point is None else None,
                status=status,
                received_at=at,
                idempotency_key=idempotency_key or None,
            )
            rows = CaseMaterial.objects.bulk_create(
                [
                    CaseMaterial(
                        case=case,
                        position=index,
                        name=m.name,
                        form=m.get_form_display(),
                        copies=m.copies,
                        required=m.required,
                        pending_allowed=m.pending_allowed and guide.pending_allowed,
                        state=ticks.get(index, (rules.MISSING, ""))[0],
                        note=ticks.get(index, ("", ""))[1][:200],
                    )
                    for index, m in enumerate(guide.materials.all(), start=1)
                ]
            )
            _keep_checklist(case, rows)
            _record(case, action, actor=actor, at=at, data={"channel": channel})
            if consultation is not None and consultation.state == "open":
                type(consultation).objects.filter(pk=consultation.pk, state="open").update(
                    state="closed", closed_at=at, outcome=f"已收件,办件编号 {case.receipt_number}"
                )
    except IntegrityError:
        if idempotency_key and (existing := Case.objects.filter(idempotency_key=idempotency_key).first()):
            return existing
        raise
    return case


@_idempotent
def case_hand_over(
    *, case: Case, actor: Staff, note: str = "", request_key=None, seen_version=None, at=None
) -> CaseEvent:
    """移交: the agent sends the application and the materials it holds to the centre."""
    at = at or timezone.now()
    items = [
        {"position": m.position, "name": m.name, "copies": m.copies, "state": m.state}
        for m in case.materials.all()
        if m.state == rules.RECEIVED
    ]
    event = _transition(
        case,
        Action.HAND_OVER,
        actor=actor,
        at=at,
        reason=note,
        data={"items": items},
        request_key=request_key,
        seen_version=seen_version,
    )
    Handover.objects.create(
        case=case, direction=Handover.Direction.TO_CENTRE, items=items, sent_by=actor, sent_at=at, note=note
    )
    issue_notice(
        case=case,
        kind=NoticeKind.HANDOVER,
        actor=actor,
        at=at,
        extra={"items": items, "note": note, "sent_by": actor.name},
    )
    return event


@_idempotent
def case_confirm_handover(
    *, case: Case, actor: Staff, confirmed: Iterable[int], note: str = "", request_key=None, seen_version=None, at=None
) -> CaseEvent:
    """The centre checks the hand-over list item by item and confirms receipt (both sides sign)."""
    at = at or timezone.now()
    handover = case.handovers.filter(direction=Handover.Direction.TO_CENTRE, received_at__isnull=True).last()
    if handover is None:
        raise ApplicationError("没有待接收的移交单。")
    confirmed = set(confirmed)
    listed = {entry["position"] for entry in handover.items}
    missing = sorted(listed - confirmed)
    names = [entry["name"] for entry in handover.items if entry["position"] in missing]
    if missing and not note.strip():
        raise ApplicationError(f"移交清单中以下材料未确认收到:{'、'.join(names)}。请在备注中说明情况。")
    event = _transition(
        case,
        Action.CONFIRM_HANDOVER,
        actor=actor,
        at=at,
        reason=note,
        data={"confirmed": sorted(confirmed & listed), "not_received": names},
        request_key=request_key,
        seen_version=seen_version,
        changes={"handler": actor},
    )
    Handover.objects.filter(pk=handover.pk, received_at__isnull=True).update(received_by=actor, received_at=at)
    if missing:
        CaseMaterial.objects.filter(case=case, position__in=missing).update(state=rules.MISSING, note="移交时未收到")
        _checklist_changed(case)
    return event


@_idempotent
def case_request_supplement(
    *, case: Case, actor: Staff, materials=None, note: str = "", request_key=None, seen_version=None, at=None
) -> CaseEvent:
    """一次性告知: list every missing or defective material at once, in writing."""
    at = at or timezone.now()
    _set_material_states(case, materials)
    short = rules.shortfalls(_lines(case))
    if not short:
        raise ApplicationError("申请材料已齐全,无需一次性告知,请直接受理。")
    listed = [{"position": s.position, "name": s.name, "state": s.state, "note": s.note} for s in short]
    event = _transition(
        case,
        Action.REQUEST_SUPPLEMENT,
        actor=actor,
        at=at,
        reason=note,
        data={"materials": listed},
        request_key=request_key,
        seen_version=seen_version,
    )
    issue_notice(case=case, kind=NoticeKind.ONE_TIME, actor=actor, at=at, extra={"materials": listed, "note": note})
    return event


@_idempotent
def case_supplement_received(
    *, case: Case, actor: Staff, materials=None, note: str = "", request_key=None, seen_version=None, at=None
) -> CaseEvent:
    at = at or timezone.now()
    _set_material_states(case, materials)
    return _transition(
        case,
        Action.SUPPLEMENT_RECEIVED,
        actor=actor,
        at=at,
        reason=note,
        request_key=request_key,
        seen_version=seen_version,
    )


def _acceptance_changes(case: Case, actor: Staff, at: datetime, calendar: WorkCalendar) -> dict[str, Any]:
    case.accepted_at = at
    # Accepted from 已收件 only, which no case reaches once in 办理中 (workflow.EDGES, tested): it has
    # no suspension or extension yet, so its clock starts without reading them.
    clock = CaseClock(case.handling_type, case.limit_days, at)
    return {"accepted_at": at, "handler": case.handler or actor, **_due_fields(case, calendar, clock)}


@_idempotent
def case_accept(
    *,
    case: Case,
    actor: Staff,
    materials=None,
    complete_now: bool = False,
    result_note: str = "",
    request_key=None,
    seen_version=None,
    at=None,
) -> CaseEvent:
    """受理. A 承诺件 gets its promise notice; a 即办件 may be completed and handed over on the spot."""
    at = at or timezone.now()
    _set_material_states(case, materials)
    short = rules.shortfalls(_lines(case))
    if short:
        names = "、".join(s.name for s in short)
        raise ApplicationError(f"以下必需材料尚未收齐:{names}。请出具一次性告知单,或在允许时容缺受理。")
    if complete_now and not case.is_immediate:
        raise ApplicationError("只有即办件可以当场办结。")
    calendar = load_calendar()
    changes = _acceptance_changes(case, actor, at, calendar)
    event = _transition(
        case, Action.ACCEPT, actor=actor, at=at, request_key=request_key, seen_version=seen_version, changes=changes
    )
    if not case.is_immediate:
        issue_notice(case=case, kind=NoticeKind.PROMISE, actor=actor, at=at)
    if complete_now:
        _transition(
            case,
            Action.COMPLETE,
            actor=actor,
            at=at,
            reason=result_note or "即办件当场办结",
            changes={"completed_at": at, "result": Result.APPROVED, "result_note": result_note or "即办件当场办结"},
        )
        _transition(
            case,
            Action.DELIVER,
            actor=actor,
            at=at,
            data={"method": DeliveryMethod.COLLECTED},
            changes={"delivered_at": at, "delivery_method": DeliveryMethod.COLLECTED},
        )
    return event


@_idempotent
def case_accept_pending(
    *,
    case: Case,
    actor: Staff,
    materials=None,
    pledge: bool,
    catch_up: date | None,
    request_key=None,
    seen_version=None,
    at=None,
) -> CaseEvent:
    """容缺受理: only for materials the guide allows, with the applicant's pledge and a catch-up date
    not beyond the due date."""
    at = at or timezone.now()
    _set_material_states(case, materials)
    lines = _lines(case)
    calendar = load_calendar()
    changes = _acceptance_changes(case, actor, at, calendar)
    errors = rules.pending_errors(
        lines,
        item_allows_pending=case.guide.pending_allowed,
        pledge=pledge,
        catch_up=catch_up,
        due=local_date(changes["due_at"]),
        today=local_date(at),
    )
    if errors:
        raise ApplicationError(" ".join(errors))
    pending = [{"position": s.position, "name": s.name} for s in rules.shortfalls(lines)]
    CaseMaterial.objects.filter(case=case, position__in=[p["position"] for p in pending]).update(state=rules.PENDING)
    _checklist_changed(case)
    changes |= {"pending_materials": pending, "pending_until": catch_up}
    event = _transition(
        case,
        Action.ACCEPT_PENDING,
        actor=actor,
        at=at,
        data={"pending": pending, "catch_up": catch_up.isoformat() if catch_up else None},
        request_key=request_key,
        seen_version=seen_version,
        changes=changes,
    )
    issue_notice(
        case=case,
        kind=NoticeKind.PENDING,
        actor=actor,
        at=at,
        extra={"pending": pending, "pending_until": f"{catch_up:%Y年%m月%d日}" if catch_up else ""},
    )
    if not case.is_immediate:
        issue_notice(case=case, kind=NoticeKind.PROMISE, actor=actor, at=at)
    return event


def case_pending_fulfilled(
    *, case: Case, actor: Staff, request_key: str | None = None, at: datetime | None = None
) -> Case:
    """The applicant brought the materials accepted as pending (容缺材料补齐)."""
    if _replayed(request_key, case):
        case.refresh_from_db()
        return case
    _require_in_scope(case, actor)
    if _role(actor) not in workflow.CENTRE:
        raise ApplicationError("只有中心工作人员可以登记容缺材料补齐。")
    if not case.pending_materials or case.pending_fulfilled_at:
        raise ApplicationError("该办件没有待补齐的容缺材料。")
    at = at or timezone.now()
    with transaction.atomic():
        if not Case.objects.filter(pk=case.pk, pending_fulfilled_at__isnull=True).update(pending_fulfilled_at=at):
            raise ApplicationError(TAKEN)
        case.pending_fulfilled_at = at
        CaseMaterial.objects.filter(case=case, state=rules.PENDING).update(state=rules.RECEIVED)
        _checklist_changed(case)
        late = case.pending_until is not None and local_date(at) > case.pending_until
        _record(
            case,
            "pending_fulfilled",
            actor=actor,
            at=at,
            reason="容缺材料已补齐" + (f"(超过承诺期限 {case.pending_until:%Y-%m-%d})" if late else ""),
            request_key=request_key,
        )
    return case


@_idempotent
def case_refuse_acceptance(
    *, case: Case, actor: Staff, reason: str, request_key=None, seen_version=None, at=None
) -> CaseEvent:
    """不予受理: in writing, with the reason (行政许可法第32条)."""
    if not reason.strip():
        raise ApplicationError("不予受理必须写明理由。")
    at = at or timezone.now()
    event = _transition(
        case,
        Action.REFUSE_ACCEPTANCE,
        actor=actor,
        at=at,
        reason=reason,
        request_key=request_key,
        seen_version=seen_version,
    )
    issue_notice(case=case, kind=NoticeKind.REFUSAL, actor=actor, at=at, extra={"reason": reason})
    return event


@_idempotent
def case_suspend(
    *, case: Case, actor: Staff, kind: str, reason: str, request_key=None, seen_version=None, at=None
) -> CaseEvent:
    """挂起 for a statutory special procedure; the working days it covers do not count."""
    if kind not in Suspension.Kind.values:
        raise ApplicationError("请选择挂起的特别程序类别。")
    if not reason.strip():
        raise ApplicationError("挂起必须写明理由。")
    at = at or timezone.now()
    event = _transition(
        case,
        Action.SUSPEND,
        actor=actor,
        at=at,
        reason=reason,
        data={"kind": kind},
        request_key=request_key,
        seen_version=seen_version,
    )
    Suspension.objects.create(case=case, kind=kind, reason=reason, began_at=at)
    return event


@_idempotent
def case_resume(*, case: Case, actor: Staff, note: str = "", request_key=None, seen_version=None, at=None) -> CaseEvent:
    at = at or timezone.now()
    calendar = load_calendar()
    suspension = case.suspensions.filter(ended_at__isnull=True).last()
    if suspension is None:
        raise ApplicationError("没有进行中的挂起记录。")
    days = calendar.working_days_between(local_date(suspension.began_at), local_date(at)).value
    Suspension.objects.filter(pk=suspension.pk).update(ended_at=at, days=days)
    old_due = case.due_at
    changes = _due_fields(case, calendar) | {"suspended_days": case.suspended_days + days}
    return _transition(
        case,
        Action.RESUME,
        actor=actor,
        at=at,
        reason=note,
        data={"days": days, "old_due": _iso(old_due), "new_due": _iso(changes["due_at"])},
        request_key=request_key,
        seen_version=seen_version,
        changes=changes,
    )


@_idempotent
def case_request_extension(
    *, case: Case, actor: Staff, days: int, reason: str, request_key=None, seen_version=None, at=None
) -> CaseEvent:
    """申请延期: the reason and the extra working days, for the centre director to decide."""
    if not reason.strip():
        raise ApplicationError("申请延期必须写明理由。")
    if not 1 <= days <= 30:
        raise ApplicationError("延期天数应为1至30个工作日。")
    at = at or timezone.now()
    if case.due_at and at > case.due_at:
        raise ApplicationError("已超过办结期限,不能再申请延期(延期应在办理期限内决定)。")
    event = _transition(
        case,
        Action.REQUEST_EXTENSION,
        actor=actor,
        at=at,
        reason=reason,
        data={"days": days},
        request_key=request_key,
        seen_version=seen_version,
    )
    Extension.objects.create(case=case, days=days, reason=reason, requested_by=actor, requested_at=at)
    return event


@_idempotent
def case_decide_extension(
    *, case: Case, actor: Staff, approve: bool, note: str = "", request_key=None, seen_version=None, at=None
) -> CaseEvent:
    """The centre director approves (new due date + 延期办结告知书) or refuses the extension."""
    at = at or timezone.now()
    extension = case.extensions.filter(decision=Extension.Decision.PENDING).last()
    if extension is None:
        raise ApplicationError("没有待审批的延期申请。")
    if not approve and not note.strip():
        raise ApplicationError("不批准延期请写明意见。")
    if approve and case.due_at and at > case.due_at:
        raise ApplicationError("已超过办结期限,不能再批准延期。")
    decision = Extension.Decision.APPROVED if approve else Extension.Decision.REJECTED
    Extension.objects.filter(pk=extension.pk, decision=Extension.Decision.PENDING).update(
        decision=decision, decided_by=actor, decided_at=at, decision_note=note
    )
    old_due = case.due_at
    changes: dict[str, Any] = {}
    if approve:
        changes = _due_fields(case, load_calendar()) | {"extended_days": case.extended_days + extension.days}
    event = _transition(
        case,
        Action.APPROVE_EXTENSION if approve else Action.REJECT_EXTENSION,
        actor=actor,
        at=at,
        reason=note,
        data={
            "days": extension.days,
            "old_due": _iso(old_due),
            "new_due": _iso(case.due_at if not approve else changes["due_at"]),
        },
        request_key=request_key,
        seen_version=seen_version,
        changes=changes,
    )
    if approve:
        issue_notice(
            case=case,
            kind=NoticeKind.EXTENSION,
            actor=actor,
            at=at,
            extra={"reason": extension.reason, "days": extension.days, "old_due": _iso(old_due)},
        )
    return event


@_idempotent
def case_complete(
    *, case: Case, actor: Staff, result: str, note: str = "", request_key=None, seen_version=None, at=None
) -> CaseEvent:
    """办结: approved, or refused with the reason."""
    if result not in Result.values:
        raise ApplicationError("请选择办理结果。")
    if result == Result.REFUSED and not note.strip():
        raise ApplicationError("不予办理必须写明理由。")
    if case.pending_materials and not case.pending_fulfilled_at and result == Result.APPROVED:
        raise ApplicationError("容缺受理的材料尚未补齐,不能作出准予办理的决定。")
    at = at or timezone.now()
    return _transition(
        case,
        Action.COMPLETE,
        actor=actor,
        at=at,
        reason=note,
        data={"result": result},
        request_key=request_key,
        seen_version=seen_version,
        changes={"completed_at": at, "result": result, "result_note": note},
    )


@_idempotent
def case_return_to_point(
    *, case: Case, actor: Staff, note: str = "", request_key=None, seen_version=None, at=None
) -> CaseEvent:
    """An agency case's result goes back to the point, which hands it to the applicant (发件)."""
    if case.agency_point_id is None:
        raise ApplicationError("该办件不是代办件,结果无需送回代办点。")
    at = at or timezone.now()
    items = [{"name": "办理结果", "result": case.get_result_display(), "note": case.result_note}]
    event = _transition(
        case,
        Action.RETURN_TO_POINT,
        actor=actor,
        at=at,
        reason=note,
        request_key=request_key,
        seen_version=seen_version,
    )
    Handover.objects.create(
        case=case, direction=Handover.Direction.TO_POINT, items=items, sent_by=actor, sent_at=at, note=note
    )
    return event


@_idempotent
def case_deliver(
    *, case: Case, actor: Staff, method: str, note: str = "", request_key=None, seen_version=None, at=None
) -> CaseEvent:
    if method not in DeliveryMethod.values:
        raise ApplicationError("请选择送达方式。")
    at = at or timezone.now()
    if case.status == Status.RESULT_AT_POINT:
        Handover.objects.filter(case=case, direction=Handover.Direction.TO_POINT, received_at__isnull=True).update(
            received_by=actor, received_at=at
        )
    return _transition(
        case,
        Action.DELIVER,
        actor=actor,
        at=at,
        reason=note,
        data={"method": method},
        request_key=request_key,
        seen_version=seen_version,
        changes={"delivered_at": at, "delivery_method": method},
    )


def case_callback(
    *, case: Case, actor: Staff, note: str, request_key: str | None = None, at: datetime | None = None
) -> Case:
    """回访: after delivery, the agent (or the window) calls the applicant back and records it."""
    if _replayed(request_key, case):
        case.refresh_from_db()
        return case
    _require_in_scope(case, actor)
    if case.status != Status.DELIVERED:
        raise ApplicationError("办件送达后才能登记回访。")
    if not note.strip():
        raise ApplicationError("请填写回访情况。")
    at = at or timezone.now()
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(callback_at=at, callback_note=note[:300])
        case.callback_at, case.callback_note = at, note[:300]
        _record(case, "callback", actor=actor, at=at, reason=note, request_key=request_key)
    return case


@_idempotent
def case_withdraw(*, case: Case, actor: Staff, reason: str, request_key=None, seen_version=None, at=None) -> CaseEvent:
    if not reason.strip():
        raise ApplicationError("请填写撤回原因(如:申请人书面申请撤回)。")
    at = at or timezone.now()
    return _transition(
        case, Action.WITHDRAW, actor=actor, at=at, reason=reason, request_key=request_key, seen_version=seen_version
    )


@_idempotent
def case_transfer(
    *,
    case: Case,
    actor: Staff,
    window: Window | None,
    handler: Staff | None,
    reason: str,
    request_key=None,
    seen_version=None,
    at=None,
) -> CaseEvent:
    """转办 to another window or handler of the same centre; the first responder keeps tracking."""
    if window is None and handler is None:
        raise ApplicationError("请选择转办的窗口或承办人。")
    if window is not None and window.centre_id != case.centre_id:
        raise ApplicationError("只能转办到本中心的窗口。")
    if handler is not None and (handler.centre_id != case.centre_id or handler.role not in workflow.CENTRE):
        raise ApplicationError("只能转办给本中心的工作人员。")
    if not reason.strip():
        raise ApplicationError("请填写转办原因。")
    changes: dict[str, Any] = {}
    data: dict[str, Any] = {}
    if window is not None:
        changes["window"], data["window"] = window, str(window)
    if handler is not None:
        changes["handler"], data["handler"] = handler, handler.name
    return _transition(
        case,
        Action.TRANSFER,
        actor=actor,
        at=at or timezone.now(),
        reason=reason,
        data=data,
        request_key=request_key,
        seen_version=seen_version,
        changes=changes,
    )


def case_attach(
    *, case: Case, actor: Staff, file, material: CaseMaterial | None = None, request_key: str | None = None, at=None
) -> Attachment:
    """Store a scan of a material (checked by content in the form: ``file.detected_content_type``)
    under a random name through the storage API; the upload is recorded on the case."""
    if event := _replayed(request_key, case):
        return event.attachments.first()
    _require_in_scope(case, actor)
    if case.status in workflow.FINAL:
        raise ApplicationError("已结束的办件不能再上传材料。")
    if material is not None and material.case_id != case.pk:
        raise ApplicationError("所选材料不属于该办件。")
    content_type = getattr(file, "detected_content_type", None)
    if content_type is None:
        raise ApplicationError("文件未经格式检查,不能保存。")
    at = at or timezone.now()
    original = (getattr(file, "name", "") or "扫描件")[-200:]
    with transaction.atomic():
        event = _record(
            case,
            "attach",
            actor=actor,
            at=at,
            reason=f"上传扫描件:{material.name if material else original}",
            request_key=request_key,
        )
        attachment = Attachment(
            case=case,
            event=event,
            material=material,
            original_name=original,
            content_type=content_type,
            size=file.size,
            uploaded_by=actor,
            uploaded_at=at,
        )
        attachment.file.save(safe_upload_name(content_type), file, save=False)
        attachment.save()
    return attachment


def case_reveal_id(*, case: Case, actor: Staff, at: datetime | None = None) -> str:
    """The full ID number, for the moment it is needed; every look is recorded on the case."""
    _require_in_scope(case, actor)
    if case.anonymised_at is not None:
        raise ApplicationError("该办件已超过个人信息保存期限,申请人证件号码已清除。")
    _record(case, "reveal", actor=actor, at=at or timezone.now(), reason="查看申请人完整证件号码")
    return case.id_number


# --- the calendar changed -----------------------------------------------------------------------


def recompute_open_cases(calendar: WorkCalendar) -> int:
    """Recompute due dates of accepted, undecided cases after a calendar change (registered with
    the calendar app); each change is recorded on its case."""
    changed = 0
    open_cases = (
        Case.objects.filter(status__in=[s.value for s in workflow.ACCEPTED_OPEN], accepted_at__isnull=False)
        .prefetch_related("suspensions", "extensions")
        .order_by("pk")
    )
    now = timezone.now()
    for case in open_cases.iterator(chunk_size=500):
        fields = _due_fields(case, calendar)
        if fields["due_at"] == case.due_at and fields["due_provisional"] == case.due_provisional:
            continue
        with transaction.atomic():
            if not Case.objects.filter(pk=case.pk, version=case.version).update(**fields, version=F("version") + 1):
                continue  # changed meanwhile; its own transition recomputed the due date
            reason = (
                f"工作日历变更,办结期限由 {_fmt(case.due_at)}{'(暂定)' if case.due_provisional else ''} "
                f"调整为 {_fmt(fields['due_at'])}{'(暂定)' if fields['due_provisional'] else ''}。"
            )
            _record(
                case,
                "recompute",
                actor=None,
                at=now,
                reason=reason,
                data={"old_due": _iso(case.due_at), "new_due": _iso(fields["due_at"])},
            )
        changed += 1
    return changed


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _fmt(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日}" if moment else "(无)"

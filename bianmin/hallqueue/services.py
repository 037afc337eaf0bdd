"""Writes to the hall queue (DESIGN §4): taking a number, and every window action on it.

Each service is one transaction, checks the workflow table and the actor's centre, changes the
ticket with a conditional update on (status, version) and appends a ``TicketEvent``. Calling the
next ticket tries the candidates in call order (``ordering.sort_key``, ordered by the database as
``call_order_sql``) with that conditional update, so two windows pressing 叫号 at the same moment
never get the same ticket: the loser's update changes no row and it takes the next candidate. Any
other action that finds the ticket changed gets "已被他人处理".
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Case, DateTimeField, F, IntegerField, Q, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.hallqueue import workflow
from bianmin.hallqueue.models import QueueLine, Ticket, TicketEvent, TicketSource
from bianmin.hallqueue.numbering import format_number, new_token, next_sequence
from bianmin.hallqueue.ordering import GREEN_CHANNEL, Priority, Waiting
from bianmin.hallqueue.workflow import AT_WINDOW, TicketAction, TicketStatus
from bianmin.org.models import Staff, Window

TAKEN = "已被他人处理:该号刚刚被其他窗口处理过,请看最新状态后再操作。"
NOBODY_WAITING = "当前没有等候的号。"


# --- checks ------------------------------------------------------------------------------------


def _require_centre_staff(actor: Staff, centre_id: int) -> Role:
    """Only the centre's own clerks and directors work its queue; everyone else is refused."""
    role = Role(actor.role)
    if not actor.is_active or role not in workflow.CENTRE or actor.centre_id != centre_id:
        raise ApplicationError("只有本中心窗口工作人员可以操作本中心的排队叫号。")
    return role


def _require_window(window: Window, actor: Staff) -> None:
    _require_centre_staff(actor, window.centre_id)
    if not window.is_active:
        raise ApplicationError(f"{window.number}号窗口已停用。")


def _seconds(later: datetime, earlier: datetime | None) -> int | None:
    if earlier is None:
        return None
    return max(0, int((later - earlier).total_seconds()))


def _record(ticket: Ticket, action: str, *, at: datetime, window=None, actor=None, note: str = "") -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket, centre_id=ticket.centre_id, action=action, at=at, window=window, actor=actor, note=note[:200]
    )


def _transition(
    ticket: Ticket,
    action: TicketAction,
    *,
    actor: Staff,
    at: datetime,
    changes: Mapping[str, Any] | None = None,
    window: Window | None = None,
    note: str = "",
) -> Ticket:
    role = _require_centre_staff(actor, ticket.centre_id)
    if reason := workflow.refusal(ticket.status, action, role):
        raise ApplicationError(reason)
    target = workflow.edge(ticket.status, action).target  # type: ignore[union-attr]
    updated = Ticket.objects.filter(pk=ticket.pk, status=ticket.status, version=ticket.version).update(
        status=target, version=F("version") + 1, **(changes or {})
    )
    if not updated:
        raise ApplicationError(TAKEN)
    ticket.refresh_from_db()
    _record(ticket, action, at=at, window=window or ticket.window, actor=actor, note=note)
    return ticket


def _at_this_window(ticket: Ticket, window: Window) -> None:
    if ticket.window_id != window.pk:
        raise ApplicationError(f"{ticket.number} 号不在{window.number}号窗口办理,请刷新页面。")


# --- taking a number ------------------------------------------------------------------------------


@transaction.atomic
def ticket_take(
    *,
    line: QueueLine,
    priority: str = "",
    source: str = TicketSource.KIOSK,
    actor: Staff | None = None,
    ready_at: datetime | None = None,
    at: datetime | None = None,
) -> Ticket:
    """取号: the next number of ``line`` today. ``actor`` is the clerk taking it for someone
    (工作人员代取); an appointment's check-in passes ``ready_at``, the start of its slot."""
    at = at or timezone.now()
    if not line.is_active or not line.centre.is_active:
        raise ApplicationError(f"“{line.name}”暂停取号,请咨询导办台。")
    if priority not in Priority.values:
        raise ApplicationError("请选择有效的优先类别。", field="priority")
    if priority == Priority.APPOINTMENT and source != TicketSource.APPOINTMENT:
        raise ApplicationError("预约号只能凭预约码签到取得。", field="priority")
    if source == TicketSource.STAFF:
        if actor is None:
            raise ApplicationError("工作人员代取号需要记录代取人。")
        _require_centre_staff(actor, line.centre_id)
    elif priority and priority not in GREEN_CHANNEL and source == TicketSource.KIOSK:
        raise ApplicationError("请选择有效的优先类别。", field="priority")
    day = timezone.localdate(at)
    sequence = next_sequence(line=line, day=day)
    ticket = Ticket.objects.create(
        centre_id=line.centre_id,
        line=line,
        day=day,
        sequence=sequence,
        number=format_number(line.prefix, sequence),
        token=new_token(),
        priority=priority,
        source=source,
        taken_at=at,
        queued_at=at,
        ready_at=max(ready_at, at) if ready_at else at,
        hour=timezone.localtime(at).hour,
        issued_by=actor if source == TicketSource.STAFF else None,
    )
    _record(ticket, TicketAction.TAKE, at=at, actor=ticket.issued_by, note=ticket.get_source_display())
    return ticket


# --- at the window --------------------------------------------------------------------------------


CANDIDATES = 8  # read at a time; a window that loses all of them to other windows reads the next ones


@dataclass(frozen=True)
class Candidates:
    """What "call next" reads in one query: the number the window is still busy with (if any), and
    the first waiting tickets it may call, in call order — (ordering facts, version, never called)."""

    busy: str | None
    waiting: list[tuple[Waiting, int, bool]]


def call_order_sql(window: Window, at: datetime) -> tuple[Case, Case]:
    """``ordering.sort_key`` as SQL (rank, moment; then pk): transferred to this window first, then
    priority in force, then everyone else. tests/test_ordering_sql.py checks it against the rule."""
    in_force = ~Q(priority="") & Q(ready_at__lte=at)
    rank = Case(
        When(target_window=window, then=Value(0)),
        When(in_force, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    moment = Case(
        When(target_window=window, then=F("queued_at")),
        When(in_force, then=Greatest("ready_at", "queued_at")),
        default=F("queued_at"),
        output_field=DateTimeField(),
    )
    return rank, moment


def candidates_for(window: Window, day: date, at: datetime, *, skip: Collection[int] = ()) -> Candidates:
    """One query, whatever the length of the queue: the window's own ticket (called or being served)
    sorts first, then its candidates in call order, at most CANDIDATES of them."""
    lines = QueueLine.objects.filter(windows=window, is_active=True).values("pk")
    busy = Q(window=window, status__in=list(AT_WINDOW))
    waiting = Q(status=TicketStatus.WAITING, queued_at__lte=at) & (
        Q(target_window=window) | Q(target_window__isnull=True, line_id__in=lines)
    )
    rank, moment = call_order_sql(window, at)
    rows = (
        Ticket.objects.filter(centre_id=window.centre_id, day=day)
        .filter(busy | waiting)
        .exclude(pk__in=list(skip))
        .annotate(busy=Case(When(busy, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .annotate(rank=rank, moment=moment)
        .order_by("busy", "rank", "moment", "pk")
        .values_list(
            "pk",
            "number",
            "status",
            "line_id",
            "priority",
            "queued_at",
            "ready_at",
            "target_window_id",
            "version",
            "first_called_at",
        )[: CANDIDATES + 1]
    )
    found, waiting_rows = None, []
    for pk, number, status, line_id, priority, queued_at, ready_at, target, version, first in rows:
        if status != TicketStatus.WAITING:
            found = found or number
            continue
        waiting_rows.append((Waiting(pk, line_id, priority, queued_at, ready_at, target), version, first is None))
    return Candidates(found, waiting_rows[:CANDIDATES])


@transaction.atomic
def ticket_call_next(*, window: Window, actor: Staff, at: datetime | None = None) -> Ticket:
    """叫号: the first ticket in call order this window may call (raises when nobody waits).

    Four queries: the window's ticket and its first candidates in call order (one read, ordered by
    the database), the conditional update, the called ticket, its event. A candidate another window
    took in between changes no row; the next one is tried."""
    at = at or timezone.now()
    _require_window(window, actor)
    day = timezone.localdate(at)
    tried: set[int] = set()
    while True:
        found = candidates_for(window, day, at, skip=tried)
        if found.busy:
            raise ApplicationError(f"{window.number}号窗口正在办理 {found.busy} 号:请先办结、过号或转窗口,再叫下一位。")
        if not found.waiting:
            raise ApplicationError(NOBODY_WAITING)
        for facts, version, first_call in found.waiting:
            tried.add(facts.pk)
            changes: dict[str, Any] = {
                "status": TicketStatus.CALLED,
                "version": F("version") + 1,
                "window": window,
                "target_window": None,
                "called_at": at,
                "calls": F("calls") + 1,
                "started_at": None,
                "handled_by": actor,
            }
            if first_call:  # the wait is measured to the first call (a 过号 who came back is not counted twice)
                changes |= {"first_called_at": at, "wait_seconds": _seconds(at, facts.ready_at)}
            won = Ticket.objects.filter(pk=facts.pk, status=TicketStatus.WAITING, version=version).update(**changes)
            if won:  # else another window called it a moment ago: try the next one
                ticket = Ticket.objects.select_related("line").get(pk=facts.pk)
                _record(ticket, TicketAction.CALL, at=at, window=window, actor=actor)
                return ticket


@transaction.atomic
def ticket_recall(*, ticket: Ticket, window: Window, actor: Staff, at: datetime | None = None) -> Ticket:
    """重呼: announce the same number again."""
    at = at or timezone.now()
    _at_this_window(ticket, window)
    return _transition(
        ticket, TicketAction.RECALL, actor=actor, at=at, changes={"called_at": at, "calls": F("calls") + 1}
    )


@transaction.atomic
def ticket_start(*, ticket: Ticket, window: Window, actor: Staff, at: datetime | None = None) -> Ticket:
    at = at or timezone.now()
    _at_this_window(ticket, window)
    return _transition(ticket, TicketAction.START, actor=actor, at=at, changes={"started_at": at})


@transaction.atomic
def ticket_finish(
    *, ticket: Ticket, window: Window, actor: Staff, note: str = "", at: datetime | None = None
) -> Ticket:
    """办结: handling time runs from 开始办理, or from the call when the clerk did not press it."""
    at = at or timezone.now()
    _at_this_window(ticket, window)
    began = ticket.started_at or ticket.called_at
    return _transition(
        ticket,
        TicketAction.FINISH,
        actor=actor,
        at=at,
        changes={"finished_at": at, "started_at": began, "handle_seconds": _seconds(at, began)},
        note=note,
    )


@transaction.atomic
def ticket_no_show(*, ticket: Ticket, window: Window, actor: Staff, at: datetime | None = None) -> Ticket:
    """过号: called (usually twice) and nobody came."""
    at = at or timezone.now()
    _at_this_window(ticket, window)
    return _transition(ticket, TicketAction.NO_SHOW, actor=actor, at=at)


@transaction.atomic
def ticket_transfer(
    *, ticket: Ticket, window: Window, to_window: Window, actor: Staff, note: str = "", at: datetime | None = None
) -> Ticket:
    """转窗口: back to waiting, for ``to_window`` only, which calls it before anyone else."""
    at = at or timezone.now()
    _at_this_window(ticket, window)
    if to_window.centre_id != ticket.centre_id or not to_window.is_active:
        raise ApplicationError("只能转到本中心在用的窗口。", field="to_window")
    if to_window.pk == window.pk:
        raise ApplicationError("请选择另一个窗口。", field="to_window")
    return _transition(
        ticket,
        TicketAction.TRANSFER,
        actor=actor,
        at=at,
        changes={
            "window": None,
            "target_window": to_window,
            "transfers": F("transfers") + 1,
            "started_at": None,
        },
        window=window,
        note=note or f"转至{to_window.number}号窗口",
    )


@transaction.atomic
def ticket_requeue(*, ticket: Ticket, actor: Staff, at: datetime | None = None) -> Ticket:
    """过号重排: the resident came back; they queue again from now (same number)."""
    at = at or timezone.now()
    if ticket.day != timezone.localdate(at):
        raise ApplicationError("只能为当天的过号重新排队,请重新取号。")
    return _transition(
        ticket, TicketAction.REQUEUE, actor=actor, at=at, changes={"window": None, "queued_at": at}, window=None
    )


@transaction.atomic
def ticket_cancel(*, ticket: Ticket, actor: Staff, note: str = "", at: datetime | None = None) -> Ticket:
    at = at or timezone.now()
    return _transition(ticket, TicketAction.CANCEL, actor=actor, at=at, note=note)


@transaction.atomic
def ticket_link_case(*, ticket: Ticket, case, actor: Staff, at: datetime | None = None) -> Ticket:
    """收件: the case opened for this ticket's resident (the ticket keeps its state)."""
    at = at or timezone.now()
    _require_centre_staff(actor, ticket.centre_id)
    if case.centre_id != ticket.centre_id:
        raise ApplicationError("办件与排队号不属于同一中心。")
    if not Ticket.objects.filter(pk=ticket.pk, version=ticket.version).update(case=case, version=F("version") + 1):
        raise ApplicationError(TAKEN)
    ticket.refresh_from_db()
    _record(ticket, TicketAction.OPEN_CASE, at=at, window=ticket.window, actor=actor, note=case.receipt_number)
    return ticket


# --- the end of the day ---------------------------------------------------------------------------


@transaction.atomic
def tickets_close_day(*, before: date, at: datetime | None = None) -> dict[str, int]:
    """日终: tickets of days before ``before`` still open are closed — waiting ones as 当日未叫号,
    called ones as 过号, and ones being served as 办结 without a handling time (it is unknown)."""
    at = at or timezone.now()
    counts = {}
    for source, target in ((TicketStatus.WAITING, TicketStatus.EXPIRED), (TicketStatus.CALLED, TicketStatus.NO_SHOW)):
        stale = Ticket.objects.filter(day__lt=before, status=source)
        ids = list(stale.values_list("pk", "centre_id"))
        stale.filter(pk__in=[pk for pk, _ in ids]).update(status=target, version=F("version") + 1)
        counts[str(source)] = len(ids)
        _bulk_expire_events(ids, at)
    serving = Ticket.objects.filter(day__lt=before, status=TicketStatus.SERVING)
    ids = list(serving.values_list("pk", "centre_id"))
    serving.filter(pk__in=[pk for pk, _ in ids]).update(status=TicketStatus.DONE, version=F("version") + 1)
    counts[str(TicketStatus.SERVING)] = len(ids)
    _bulk_expire_events(ids, at)
    return counts


def _bulk_expire_events(ids: list[tuple[int, int]], at: datetime) -> None:
    TicketEvent.objects.bulk_create(
        [TicketEvent(ticket_id=pk, centre_id=centre_id, action=TicketAction.EXPIRE, at=at) for pk, centre_id in ids]
    )

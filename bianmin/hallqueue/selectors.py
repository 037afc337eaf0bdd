"""Reads of the hall queue.

Staff reads are scoped (DESIGN §1): centre staff see their own centre's queue and work it; the
county roles read every centre's (writes refused with 403); agency-point staff have no hall queue
(403). Out-of-scope windows and tickets are 404. Public reads (kiosk, display, the phone page) take
an active centre or an unguessable token and return numbers only — never a name or a phone.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bianmin.core.scope import Scope
from bianmin.hallqueue.models import Appointment, QueueLine, Ticket, TicketEvent
from bianmin.hallqueue.ordering import Waiting, call_order, people_ahead
from bianmin.hallqueue.workflow import ANNOUNCED, AT_WINDOW, TicketStatus
from bianmin.org.models import Centre, Window
from bianmin.org.selectors import require_staff, scope_for, scoped

READ_ONLY = "您的角色只能查看排队叫号情况,不能叫号或修改。"
NO_QUEUE = "排队叫号由便民服务中心的工作人员使用,代办点没有大厅排队。"


# --- staff ---------------------------------------------------------------------------------------


def queue_scope(user) -> Scope:
    require_staff(user)
    scope = scope_for(user)
    if scope.is_agency_point:
        raise PermissionDenied(NO_QUEUE)
    return scope


def require_worker(user) -> Scope:
    """Calling and taking numbers: the centre's own clerks and directors only."""
    scope = queue_scope(user)
    if not scope.is_centre:
        raise PermissionDenied(READ_ONLY)
    return scope


def centres_for(user) -> QuerySet[Centre]:
    qs = Centre.objects.filter(is_active=True).select_related("township").order_by("township__code")
    return scoped(qs, queue_scope(user), centre="pk", point=None)


def get_centre(user, pk: int | str | None) -> Centre:
    """The centre a page is about: the user's own, or (county roles) the one asked for."""
    scope = queue_scope(user)
    if scope.is_centre:
        pk = scope.centre_id
    elif pk in (None, ""):
        first = centres_for(user).first()
        if first is None:
            raise Http404("没有在用的便民服务中心")
        return first
    try:
        return centres_for(user).get(pk=int(pk))
    except (Centre.DoesNotExist, TypeError, ValueError):
        raise Http404("不存在或无权查看") from None


def lines_of(centre_id: int) -> QuerySet[QueueLine]:
    return (
        QueueLine.objects.filter(centre_id=centre_id)
        .prefetch_related(Prefetch("windows", queryset=Window.objects.order_by("number")))
        .select_related("business_line")
        .order_by("sort_order", "prefix")
    )


def get_line(user, pk: int) -> QueueLine:
    qs = scoped(QueueLine.objects.select_related("centre"), queue_scope(user), centre="centre_id", point=None)
    try:
        return qs.get(pk=pk)
    except QueueLine.DoesNotExist:
        raise Http404("不存在或无权查看") from None


def get_window(user, pk: int) -> Window:
    qs = scoped(Window.objects.select_related("centre"), queue_scope(user), centre="centre_id", point=None)
    try:
        return qs.get(pk=pk)
    except Window.DoesNotExist:
        raise Http404("不存在或无权查看") from None


def get_window_for_work(user, pk: int) -> Window:
    window = get_window(user, pk)
    require_worker(user)
    return window


def get_ticket(user, pk: int) -> Ticket:
    qs = scoped(
        Ticket.objects.select_related("line", "window", "centre"), queue_scope(user), centre="centre_id", point=None
    )
    try:
        return qs.get(pk=pk)
    except Ticket.DoesNotExist:
        raise Http404("不存在或无权查看") from None


def calling_windows(centre_id: int) -> list[Window]:
    """The centre's active windows that call at least one active line, by number."""
    return list(
        Window.objects.filter(centre_id=centre_id, is_active=True, queue_lines__is_active=True)
        .distinct()
        .order_by("number")
    )


def own_window(user, windows: list[Window]) -> Window | None:
    """The window the signed-in clerk is assigned to, if it is one of ``windows``."""
    staff = getattr(user, "staff", None)
    if staff is None:
        return None
    mine = set(staff.windows.values_list("pk", flat=True))
    return next((w for w in windows if w.pk in mine), None)


# --- the window screen ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LineQueue:
    line: QueueLine
    waiting: int
    next_numbers: list[tuple[str, str]]  # (number, priority label or "") in call order


@dataclass(frozen=True)
class WindowScreen:
    window: Window
    current: Ticket | None
    transferred_in: list[Ticket]
    lines: list[LineQueue]
    served_today: int
    other_windows: list[Window]
    no_shows: list[Ticket]


def waiting_today(centre_id: int, day: date) -> list[Ticket]:
    return list(
        Ticket.objects.filter(centre_id=centre_id, day=day, status=TicketStatus.WAITING)
        .select_related("line", "target_window")
        .order_by("queued_at", "pk")
    )


def _facts(ticket: Ticket) -> Waiting:
    return Waiting(
        ticket.pk, ticket.line_id, ticket.priority, ticket.queued_at, ticket.ready_at, ticket.target_window_id
    )


def window_screen(window: Window, now: datetime) -> WindowScreen:
    day = timezone.localdate(now)
    lines = list(QueueLine.objects.filter(windows=window, is_active=True).order_by("sort_order", "prefix"))
    waiting = waiting_today(window.centre_id, day)
    by_pk = {t.pk: t for t in waiting}
    queues = []
    for line in lines:
        order = call_order([_facts(t) for t in waiting], window_id=-1, line_ids={line.pk}, now=now)
        shown = [
            (by_pk[f.pk].number, by_pk[f.pk].get_priority_display() if f.priority_in_force(now) else "")
            for f in order[:8]
        ]
        queues.append(LineQueue(line, len(order), shown))
    today = Ticket.objects.filter(centre_id=window.centre_id, day=day)
    return WindowScreen(
        window=window,
        current=today.filter(window=window, status__in=list(AT_WINDOW)).select_related("line", "case").first(),
        transferred_in=[t for t in waiting if t.target_window_id == window.pk],
        lines=queues,
        served_today=today.filter(window=window, status=TicketStatus.DONE).count(),
        other_windows=[
            w for w in Window.objects.filter(centre_id=window.centre_id, is_active=True) if w.pk != window.pk
        ],
        no_shows=list(
            today.filter(status=TicketStatus.NO_SHOW, window=window).select_related("line").order_by("-called_at")[:5]
        ),
    )


# --- the centre's overview -----------------------------------------------------------------------


@dataclass(frozen=True)
class WindowNow:
    window: Window
    current: Ticket | None
    served: int


def windows_now(centre_id: int, day: date) -> list[WindowNow]:
    windows = calling_windows(centre_id)
    today = Ticket.objects.filter(centre_id=centre_id, day=day)
    current = {t.window_id: t for t in today.filter(status__in=list(AT_WINDOW)).select_related("line")}
    served = dict(
        today.filter(status=TicketStatus.DONE)
        .order_by()
        .values("window_id")
        .annotate(n=Count("pk"))
        .values_list("window_id", "n")
    )
    return [WindowNow(w, current.get(w.pk), served.get(w.pk, 0)) for w in windows]


def line_counts(centre_id: int, day: date) -> dict[int, dict[str, int]]:
    """line → waiting / taken today, one grouped query."""
    rows = (
        Ticket.objects.filter(centre_id=centre_id, day=day)
        .order_by()
        .values("line_id")
        .annotate(taken=Count("pk"), waiting=Count("pk", filter=Q(status=TicketStatus.WAITING)))
    )
    return {row["line_id"]: {"taken": row["taken"], "waiting": row["waiting"]} for row in rows}


def appointments_on(centre_id: int, day: date) -> QuerySet[Appointment]:
    return (
        Appointment.objects.filter(centre_id=centre_id, day=day)
        .select_related("line", "ticket")
        .order_by("slot_start", "pk")
    )


# --- public ----------------------------------------------------------------------------------------


def public_lines(centre_id: int, day: date) -> list[tuple[QueueLine, int]]:
    """The kiosk's tiles: the centre's active lines with how many wait now."""
    counts = line_counts(centre_id, day)
    return [
        (line, counts.get(line.pk, {}).get("waiting", 0))
        for line in QueueLine.objects.filter(centre_id=centre_id, is_active=True).order_by("sort_order", "prefix")
    ]


def public_line(centre_id: int, pk: int) -> QueueLine:
    try:
        return QueueLine.objects.select_related("centre").get(pk=pk, centre_id=centre_id, is_active=True)
    except QueueLine.DoesNotExist:
        raise Http404("没有这项取号业务") from None


def has_queue(centre_id: int) -> bool:
    return QueueLine.objects.filter(centre_id=centre_id, is_active=True).exists()


def ticket_by_token(token: str) -> Ticket:
    if not token or len(token) > 24:
        raise Http404("没有这个排队号")
    try:
        return Ticket.objects.select_related("line", "window", "centre", "target_window").get(token=token)
    except Ticket.DoesNotExist:
        raise Http404("没有这个排队号") from None


def ahead_of(ticket: Ticket, now: datetime) -> int:
    """How many of its line will be called before this ticket (0 once it is called)."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    waiting = [_facts(t) for t in waiting_today(ticket.centre_id, ticket.day) if t.line_id == ticket.line_id]
    return people_ahead(waiting, _facts(ticket), now=now)


@dataclass(frozen=True)
class Call:
    event_id: int
    number: str
    window: int
    line: str
    at: datetime
    priority: bool


def recent_calls(centre_id: int, day: date, *, limit: int = 8) -> list[Call]:
    """The centre's latest calls today, newest first, one per ticket (a recall moves it up)."""
    events = (
        TicketEvent.objects.filter(
            centre_id=centre_id, action__in=list(ANNOUNCED), ticket__day=day, window__isnull=False
        )
        .select_related("ticket__line", "window")
        .order_by("-pk")[: limit * 3]
    )
    calls, seen = [], set()
    for event in events:
        if event.ticket_id in seen:
            continue
        seen.add(event.ticket_id)
        ticket = event.ticket
        calls.append(Call(event.pk, ticket.number, event.window.number, ticket.line.name, event.at, ticket.is_priority))
        if len(calls) == limit:
            break
    return calls


def calls_after(centre_id: int, after: int, *, limit: int = 6) -> list[Call]:
    """Calls (and recalls) newer than event ``after``, oldest first: what the display must announce."""
    events = (
        TicketEvent.objects.filter(centre_id=centre_id, action__in=list(ANNOUNCED), pk__gt=after, window__isnull=False)
        .select_related("ticket__line", "window")
        .order_by("-pk")[:limit]
    )
    return [
        Call(e.pk, e.ticket.number, e.window.number, e.ticket.line.name, e.at, e.ticket.is_priority)
        for e in reversed(list(events))
    ]


def last_call_id(centre_id: int) -> int:
    last = TicketEvent.objects.filter(centre_id=centre_id, action__in=list(ANNOUNCED)).order_by("-pk").first()
    return last.pk if last else 0


def was_called(centre_id: int, number: str, window_number: int) -> bool:
    """Only announcements of real calls are synthesized (no arbitrary text fills the disk)."""
    return Ticket.objects.filter(centre_id=centre_id, number=number, window__number=window_number).exists() or (
        TicketEvent.objects.filter(
            centre_id=centre_id, ticket__number=number, window__number=window_number, action__in=list(ANNOUNCED)
        ).exists()
    )

"""Who is called next (叫号顺序): pure rules over the waiting tickets, tested from tables.

National practice (GB/T 36112 秩序管理; 国办发〔2020〕45号 解决老年人运用智能技术困难, 绿色通道):
the elderly, people with disabilities, pregnant women and service members (军人地位和权益保障法
第六十一条 依法优先) go ahead of the ordinary queue, and so does a resident who booked (预约) once
their booked time has come. A window calls, in this order:

1. tickets transferred to this very window (转窗口: they already waited once), oldest first;
2. priority tickets whose priority is in force (an appointment's from the start of its slot),
   in the order they became ready;
3. everyone else in the order they joined the queue.

A ticket transferred to another window is not called here. An appointment checked in early waits
as an ordinary ticket until its slot starts, so an idle window can still serve it. A resident who
missed their call and came back (过号重排) joins the queue again at the moment they came back.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import models


class Priority(models.TextChoices):
    NONE = "", "普通"
    ELDERLY = "elderly", "老年人"
    DISABLED = "disabled", "残疾人"
    PREGNANT = "pregnant", "孕妇及怀抱婴儿者"
    MILITARY = "military", "军人、消防救援人员"
    APPOINTMENT = "appointment", "预约"


# What the resident chooses at the kiosk (绿色通道); appointments come from a booking only.
GREEN_CHANNEL = (Priority.ELDERLY, Priority.DISABLED, Priority.PREGNANT, Priority.MILITARY)


@dataclass(frozen=True)
class Waiting:
    """One waiting ticket, as the ordering needs it."""

    pk: int
    line_id: int
    priority: str  # a Priority value; "" for an ordinary ticket
    queued_at: datetime  # when it joined the queue: taken, or came back after 过号
    ready_at: datetime  # when its priority starts (an appointment's slot); = taken at otherwise
    target_window_id: int | None = None  # 转窗口: only this window may call it

    def priority_in_force(self, now: datetime) -> bool:
        return bool(self.priority) and self.ready_at <= now


def sort_key(ticket: Waiting, *, now: datetime, window_id: int | None = None) -> tuple[int, datetime, int]:
    """Smaller is called first (see the module docstring); pk breaks ties in taking order."""
    if window_id is not None and ticket.target_window_id == window_id:
        return (0, ticket.queued_at, ticket.pk)
    if ticket.priority_in_force(now):
        return (1, max(ticket.ready_at, ticket.queued_at), ticket.pk)
    return (2, ticket.queued_at, ticket.pk)


def callable_at(ticket: Waiting, *, window_id: int, line_ids: Collection[int]) -> bool:
    if ticket.target_window_id is not None:
        return ticket.target_window_id == window_id
    return ticket.line_id in line_ids


def call_order(
    waiting: Iterable[Waiting], *, window_id: int, line_ids: Collection[int], now: datetime
) -> list[Waiting]:
    """The tickets ``window_id`` (serving ``line_ids``) may call, first to be called first."""
    mine = [t for t in waiting if callable_at(t, window_id=window_id, line_ids=line_ids)]
    return sorted(mine, key=lambda t: sort_key(t, now=now, window_id=window_id))


def people_ahead(waiting: Iterable[Waiting], ticket: Waiting, *, now: datetime) -> int:
    """How many of the same line's waiting tickets will be called before ``ticket`` (as any window
    of the line sees it; tickets transferred to a particular window are not counted)."""
    if ticket.target_window_id is not None:
        return 0
    mine = sort_key(ticket, now=now)
    return sum(
        1
        for other in waiting
        if other.pk != ticket.pk
        and other.line_id == ticket.line_id
        and other.target_window_id is None
        and sort_key(other, now=now) < mine
    )

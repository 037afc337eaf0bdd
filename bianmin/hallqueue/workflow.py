"""The ticket workflow (排队叫号) as one table: states, actions and who may take each edge.

Plan 四(一)2(3) (触摸查询机、电子显示屏), 前台窗口式服务; GB/T 36112 秩序管理 (取号、叫号、过号、转窗).
Pure (the enums are Django TextChoices so models and forms use them): ``services.py`` looks an action
up here before its conditional update, and ``tests/test_workflow.py`` walks the whole table.

A ticket waits (等候中) until a window calls it (已叫号); the clerk recalls it, marks it 过号 when
nobody comes, or starts (办理中) and finishes it (已办结). A ticket is transferred (转窗口) back to
waiting for one named window, and a 过号 resident who comes back is queued again (过号重排) at the
end of the line. At closing time the day is closed: still waiting = 当日未叫号.
"""

from dataclasses import dataclass

from django.db import models

from bianmin.core.roles import Role


class TicketStatus(models.TextChoices):
    WAITING = "waiting", "等候中"
    CALLED = "called", "已叫号"
    SERVING = "serving", "办理中"
    DONE = "done", "已办结"
    NO_SHOW = "no_show", "过号"
    CANCELLED = "cancelled", "已取消"
    EXPIRED = "expired", "当日未叫号"


class TicketAction(models.TextChoices):
    TAKE = "take", "取号"
    CALL = "call", "叫号"
    RECALL = "recall", "重呼"
    START = "start", "开始办理"
    FINISH = "finish", "办结"
    NO_SHOW = "no_show", "过号"
    TRANSFER = "transfer", "转窗口"
    REQUEUE = "requeue", "过号重排"
    CANCEL = "cancel", "取消"
    EXPIRE = "expire", "日终清理"
    OPEN_CASE = "open_case", "收件登记"


# A window is busy with a ticket in these states (it must finish or release it before the next).
AT_WINDOW = frozenset({TicketStatus.CALLED, TicketStatus.SERVING})
# Nothing more happens to these tickets.
FINAL = frozenset({TicketStatus.DONE, TicketStatus.CANCELLED, TicketStatus.EXPIRED})
# The calls the hall display announces.
ANNOUNCED = frozenset({TicketAction.CALL, TicketAction.RECALL})

CENTRE = frozenset({Role.CLERK, Role.CENTRE_DIRECTOR})
SYSTEM: frozenset[Role] = frozenset()  # the day-close command; no person takes this edge


@dataclass(frozen=True)
class Edge:
    source: TicketStatus
    action: TicketAction
    target: TicketStatus
    roles: frozenset[Role]


def _edges() -> tuple[Edge, ...]:
    S, A = TicketStatus, TicketAction
    return (
        Edge(S.WAITING, A.CALL, S.CALLED, CENTRE),
        Edge(S.CALLED, A.RECALL, S.CALLED, CENTRE),
        Edge(S.CALLED, A.START, S.SERVING, CENTRE),
        Edge(S.CALLED, A.NO_SHOW, S.NO_SHOW, CENTRE),
        Edge(S.SERVING, A.FINISH, S.DONE, CENTRE),
        # A short matter is often finished without pressing 开始办理: the call starts it.
        Edge(S.CALLED, A.FINISH, S.DONE, CENTRE),
        # 转窗口: back to waiting, for the named window only (it calls transferred tickets first).
        Edge(S.CALLED, A.TRANSFER, S.WAITING, CENTRE),
        Edge(S.SERVING, A.TRANSFER, S.WAITING, CENTRE),
        # 过号重排: the resident came back; queued again behind those waiting now.
        Edge(S.NO_SHOW, A.REQUEUE, S.WAITING, CENTRE),
        # The resident left, or the ticket was taken by mistake.
        Edge(S.WAITING, A.CANCEL, S.CANCELLED, CENTRE),
        # 日终: what the day left open is closed by the command (no one's action).
        Edge(S.WAITING, A.EXPIRE, S.EXPIRED, SYSTEM),
        Edge(S.CALLED, A.EXPIRE, S.NO_SHOW, SYSTEM),
        Edge(S.SERVING, A.EXPIRE, S.DONE, SYSTEM),
    )


EDGES: tuple[Edge, ...] = _edges()
_BY_KEY: dict[tuple[TicketStatus, TicketAction], Edge] = {(e.source, e.action): e for e in EDGES}


def edge(source: str, action: str) -> Edge | None:
    return _BY_KEY.get((TicketStatus(source), TicketAction(action)))


def allowed_actions(source: str, role: Role | None) -> list[TicketAction]:
    """The actions ``role`` may take on a ticket in ``source``, in table order."""
    if role is None:
        return []
    return [e.action for e in EDGES if e.source == source and role in e.roles]


def refusal(source: str, action: str, role: Role | None) -> str | None:
    """None when ``role`` may take ``action`` from ``source``; otherwise the Chinese reason."""
    found = edge(source, action)
    label = TicketAction(action).label
    if found is None:
        return f"该号当前为“{TicketStatus(source).label}”,不能{label}。"
    if role not in found.roles:
        return f"只有本中心窗口工作人员可以{label}。"
    return None

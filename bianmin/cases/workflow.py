"""The case workflow (办件流程) as one table: states, actions, and the role allowed on each edge.

Plan 四(一)4(1)-(3) and 四(二)3; DESIGN §4. Pure (no queries; the enums are Django TextChoices, so
models and forms use them directly): ``services.py`` looks an action up here before its conditional
update, and ``tests/test_workflow.py`` walks the whole table.

States follow an application from the village agency point (代办登记 → 移交中) or the window
(收件) through 待补正 (one-time notice), 受理 or 不予受理, 办理中 ↔ 挂起, 延期审批中, 办结 (approved
or refused), an optional return of the result to the agency point, to 已送达. 撤回 is possible from
every open state before a decision; 转办 changes the window or handler and keeps the state.
"""

from dataclasses import dataclass

from django.db import models

from bianmin.core.roles import Role


class Status(models.TextChoices):
    REGISTERED_AT_POINT = "registered_at_point", "代办登记"
    IN_TRANSFER = "in_transfer", "移交中"
    RECEIVED = "received", "已收件"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "待补正"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    HANDLING = "handling", "办理中"
    SUSPENDED = "suspended", "挂起"
    EXTENSION_PENDING = "extension_pending", "延期审批中"
    COMPLETED = "completed", "已办结"
    RESULT_AT_POINT = "result_at_point", "结果已送代办点"
    DELIVERED = "delivered", "已送达"
    WITHDRAWN = "withdrawn", "已撤回"


STATUS_LABELS: dict[Status, str] = {status: status.label for status in Status}

# States after acceptance in which the promised deadline runs (the monitoring lights apply).
RUNNING = frozenset({Status.HANDLING, Status.EXTENSION_PENDING})
# Accepted and not yet decided: the due date is kept current (suspension pauses it).
ACCEPTED_OPEN = frozenset({Status.HANDLING, Status.SUSPENDED, Status.EXTENSION_PENDING})
# No further action except a call-back record.
FINAL = frozenset({Status.NOT_ACCEPTED, Status.DELIVERED, Status.WITHDRAWN})
# Decided: the result exists (approved or refused).
DECIDED = frozenset({Status.COMPLETED, Status.RESULT_AT_POINT, Status.DELIVERED})
OPEN = frozenset(Status) - FINAL
# The same sets as SQL ``IN`` lists, always in one order: SQLite uses a partial index only when the
# query's condition is written exactly as the index's (cases/models.py).
RUNNING_STATES: tuple[str, ...] = tuple(sorted(s.value for s in RUNNING))
OPEN_STATES: tuple[str, ...] = tuple(sorted(s.value for s in OPEN))


class Action(models.TextChoices):
    HAND_OVER = "hand_over", "移交中心"
    CONFIRM_HANDOVER = "confirm_handover", "确认接收移交"
    REQUEST_SUPPLEMENT = "request_supplement", "一次性告知补正"
    SUPPLEMENT_RECEIVED = "supplement_received", "补正材料已收"
    ACCEPT = "accept", "受理"
    ACCEPT_PENDING = "accept_pending", "容缺受理"
    REFUSE_ACCEPTANCE = "refuse_acceptance", "不予受理"
    SUSPEND = "suspend", "挂起(特别程序)"
    RESUME = "resume", "恢复办理"
    REQUEST_EXTENSION = "request_extension", "申请延期"
    APPROVE_EXTENSION = "approve_extension", "批准延期"
    REJECT_EXTENSION = "reject_extension", "不批准延期"
    COMPLETE = "complete", "办结"
    RETURN_TO_POINT = "return_to_point", "结果送回代办点"
    DELIVER = "deliver", "送达"
    WITHDRAW = "withdraw", "撤回"
    TRANSFER = "transfer", "转办"


ACTION_LABELS: dict[Action, str] = {action: action.label for action in Action}

# The plan clause or law article each action implements, stored on its event.
ACTION_BASIS: dict[Action, str] = {
    Action.HAND_OVER: "四(二)1、3 代办点代为受理、移交",
    Action.CONFIRM_HANDOVER: "四(二)1 代办点移交",
    Action.REQUEST_SUPPLEMENT: "四(一)4(2) 一次性告知制;行政许可法第32条",
    Action.SUPPLEMENT_RECEIVED: "四(一)4(2) 一次性告知制",
    Action.ACCEPT: "四(一)4(3) 限时办结制;行政许可法第32条",
    Action.ACCEPT_PENDING: "四(一)4(3) 限时办结制(容缺受理)",
    Action.REFUSE_ACCEPTANCE: "行政许可法第32条(不予受理应书面说明理由)",
    Action.SUSPEND: "行政许可法第45条(听证、检验、检测、鉴定、专家评审等不计入期限)",
    Action.RESUME: "行政许可法第45条",
    Action.REQUEST_EXTENSION: "四(一)4(3) 延期办结应书面告知理由和时限;行政许可法第42条",
    Action.APPROVE_EXTENSION: "四(一)4(3);行政许可法第42条(经本机关负责人批准)",
    Action.REJECT_EXTENSION: "四(一)4(3);行政许可法第42条",
    Action.COMPLETE: "四(一)4(3) 限时办结制",
    Action.RETURN_TO_POINT: "四(二)1 代办点发件",
    Action.DELIVER: "四(二)1 发件;行政许可法第44条(送达)",
    Action.WITHDRAW: "申请人撤回申请",
    Action.TRANSFER: "四(一)4(1) 首问负责制(首问责任人负责跟踪办理)",
}

AGENT = frozenset({Role.AGENT})
CENTRE = frozenset({Role.CLERK, Role.CENTRE_DIRECTOR})
DIRECTOR = frozenset({Role.CENTRE_DIRECTOR})
CENTRE_OR_AGENT = CENTRE | AGENT


@dataclass(frozen=True)
class Edge:
    source: Status
    action: Action
    target: Status
    roles: frozenset[Role]


def _edges() -> tuple[Edge, ...]:
    S, A = Status, Action
    edges = [
        # 代办: the agent registers, hands the application over; the centre confirms the hand-over list.
        Edge(S.REGISTERED_AT_POINT, A.HAND_OVER, S.IN_TRANSFER, AGENT),
        Edge(S.IN_TRANSFER, A.CONFIRM_HANDOVER, S.RECEIVED, CENTRE),
        # 一次性告知 and 补正
        Edge(S.RECEIVED, A.REQUEST_SUPPLEMENT, S.AWAITING_SUPPLEMENT, CENTRE),
        Edge(S.AWAITING_SUPPLEMENT, A.SUPPLEMENT_RECEIVED, S.RECEIVED, CENTRE),
        # 受理 / 容缺受理 / 不予受理
        Edge(S.RECEIVED, A.ACCEPT, S.HANDLING, CENTRE),
        Edge(S.RECEIVED, A.ACCEPT_PENDING, S.HANDLING, CENTRE),
        Edge(S.RECEIVED, A.REFUSE_ACCEPTANCE, S.NOT_ACCEPTED, CENTRE),
        Edge(S.AWAITING_SUPPLEMENT, A.REFUSE_ACCEPTANCE, S.NOT_ACCEPTED, CENTRE),
        # 办理中 ↔ 挂起
        Edge(S.HANDLING, A.SUSPEND, S.SUSPENDED, CENTRE),
        Edge(S.SUSPENDED, A.RESUME, S.HANDLING, CENTRE),
        # 延期: the clerk asks, the centre director decides (行政许可法第42条: 本机关负责人批准).
        Edge(S.HANDLING, A.REQUEST_EXTENSION, S.EXTENSION_PENDING, CENTRE),
        Edge(S.EXTENSION_PENDING, A.APPROVE_EXTENSION, S.HANDLING, DIRECTOR),
        Edge(S.EXTENSION_PENDING, A.REJECT_EXTENSION, S.HANDLING, DIRECTOR),
        # 办结 (approved or refused, with reason)
        Edge(S.HANDLING, A.COMPLETE, S.COMPLETED, CENTRE),
        # 送达: collected at the window or mailed; via the agency point the result goes back first.
        Edge(S.COMPLETED, A.DELIVER, S.DELIVERED, CENTRE),
        Edge(S.COMPLETED, A.RETURN_TO_POINT, S.RESULT_AT_POINT, CENTRE),
        Edge(S.RESULT_AT_POINT, A.DELIVER, S.DELIVERED, AGENT),
    ]
    # 撤回: the applicant withdraws from any open state before a decision; at the point the agent
    # records it, at the centre the clerk.
    edges.append(Edge(S.REGISTERED_AT_POINT, A.WITHDRAW, S.WITHDRAWN, AGENT))
    for state in (S.IN_TRANSFER, S.RECEIVED, S.AWAITING_SUPPLEMENT, *sorted(ACCEPTED_OPEN)):
        edges.append(Edge(state, A.WITHDRAW, S.WITHDRAWN, CENTRE))
    # 转办: another window or handler; the state is kept, the first responder keeps tracking.
    for state in (S.RECEIVED, S.AWAITING_SUPPLEMENT, *sorted(ACCEPTED_OPEN)):
        edges.append(Edge(state, A.TRANSFER, state, CENTRE))
    return tuple(edges)


EDGES: tuple[Edge, ...] = _edges()
_BY_KEY: dict[tuple[Status, Action], Edge] = {(edge.source, edge.action): edge for edge in EDGES}


def edge(source: str, action: str) -> Edge | None:
    return _BY_KEY.get((Status(source), Action(action)))


def allowed_actions(source: str, role: Role | None) -> list[Action]:
    """The actions ``role`` may take on a case in ``source``, in table order."""
    if role is None:
        return []
    return [e.action for e in EDGES if e.source == source and role in e.roles]


def refusal(source: str, action: str, role: Role | None) -> str | None:
    """None when ``role`` may take ``action`` from ``source``; otherwise the Chinese reason."""
    found = edge(source, action)
    label = ACTION_LABELS[Action(action)]
    if found is None:
        return f"办件当前状态为“{STATUS_LABELS[Status(source)]}”,不能执行“{label}”。"
    if role not in found.roles:
        allowed = "、".join(sorted(r.label for r in found.roles))
        return f"“{label}”只能由{allowed}办理。"
    return None

"""Pure rules of intake (四(一)4(2) 一次性告知, 4(3) 限时办结; 容缺受理). No ORM.

The window ticks off the material checklist; these functions say what the system does next:
accept, accept with pending materials (容缺受理), or issue a one-time notice listing, all at once,
exactly the materials that are missing or defective.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

RECEIVED = "received"
MISSING = "missing"
DEFECTIVE = "defective"
PENDING = "pending"
NOT_NEEDED = "not_needed"


@dataclass(frozen=True)
class Line:
    position: int
    name: str
    required: bool
    pending_allowed: bool
    state: str
    note: str = ""


class Decision(enum.Enum):
    ACCEPT = "accept"
    ACCEPT_PENDING = "accept_pending"
    ONE_TIME_NOTICE = "one_time_notice"


def shortfalls(lines: Sequence[Line]) -> list[Line]:
    """Required materials not (properly) received: what a one-time notice must list."""
    return [line for line in lines if line.required and line.state in (MISSING, DEFECTIVE, PENDING)]


def decide(lines: Sequence[Line], *, item_allows_pending: bool) -> Decision:
    """Accept when every required material is received; 容缺受理 when the only shortfalls are
    materials the guide allows to follow (and the item allows it at all); otherwise notify once."""
    short = shortfalls(lines)
    if not short:
        return Decision.ACCEPT
    if item_allows_pending and all(line.pending_allowed and line.state != DEFECTIVE for line in short):
        return Decision.ACCEPT_PENDING
    return Decision.ONE_TIME_NOTICE


def pending_errors(
    lines: Sequence[Line], *, item_allows_pending: bool, pledge: bool, catch_up: date | None, due: date, today: date
) -> list[str]:
    """Why 容缺受理 is not allowed here (empty list: allowed). The catch-up date may not pass the
    promised due date, so the case can still be completed in time."""
    errors = []
    short = shortfalls(lines)
    if not item_allows_pending:
        errors.append("该事项的办事指南未允许容缺受理。")
    not_allowed = [line.name for line in short if not line.pending_allowed or line.state == DEFECTIVE]
    if not_allowed:
        errors.append(f"以下材料不在可容缺范围内,须补正后受理:{'、'.join(not_allowed)}。")
    if not short:
        errors.append("材料已齐全,请直接受理。")
    if not pledge:
        errors.append("容缺受理须申请人签署补齐材料承诺书。")
    if catch_up is None:
        errors.append("请填写容缺材料补齐期限。")
    elif catch_up < today:
        errors.append("补齐期限不能早于今天。")
    elif catch_up > due:
        errors.append(f"补齐期限不能晚于办结期限({due:%Y年%m月%d日})。")
    return errors

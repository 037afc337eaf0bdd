"""Pure rules of supervision by the people (plan 五(二)): 好差评 levels and what a bad review sets in
motion, the rectification deadline, and the complaint query code. No ORM, no settings.

好差评 follows 国办发〔2019〕51号 and GB/T 39734: five levels, the bottom two (不满意, 非常不满意) are
bad reviews that need a reason, a call-back (回访), a verification (核实) and a rectification (整改)
within a deadline counted in working days (DESIGN §3).
"""

import secrets
from collections.abc import Mapping
from datetime import date, datetime

from django.db import models

from bianmin.workcalendar.arithmetic import Counted, WorkCalendar


class Level(models.IntegerChoices):
    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    BASIC = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


LEVELS_BEST_FIRST: list[tuple[int, str]] = sorted(Level.choices, key=lambda choice: -choice[0])
BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})
COMMENT_MAX = 500

# The four indicators of one review (GB/T 39734 评价指标), form field name → Chinese label.
INDICATORS: dict[str, str] = {
    "overall": "总体评价",
    "efficiency": "办事效率",
    "attitude": "服务态度",
    "guide_accuracy": "办事指南准确",
}


def is_bad(overall: int) -> bool:
    """差评: the bottom two levels."""
    return overall in BAD_LEVELS


def rating_errors(scores: Mapping[str, int | None], comment: str) -> dict[str, str]:
    """Chinese messages per field; empty when the review may be saved."""
    errors: dict[str, str] = {}
    for name, label in INDICATORS.items():
        value = scores.get(name)
        if value not in Level.values:
            errors[name] = f"请选择“{label}”。"
    if len(comment) > COMMENT_MAX:
        errors["comment"] = f"意见建议最多 {COMMENT_MAX} 字。"
    elif "overall" not in errors and is_bad(int(scores["overall"] or 0)) and not comment.strip():
        # 国办发〔2019〕51号: a bad review states what went wrong, so it can be verified and rectified.
        errors["comment"] = "选择“不满意”或“非常不满意”时,请写明原因,以便我们核实整改。"
    return errors


def good_share(counts: Mapping[int, int]) -> float | None:
    """好评率: share of reviews at 基本满意 or better (percent, one decimal); None without reviews."""
    total = sum(counts.values())
    if not total:
        return None
    good = sum(n for level, n in counts.items() if not is_bad(level))
    return round(100 * good / total, 1)


# --- rectification ---------------------------------------------------------------------------


def rectification_deadline(calendar: WorkCalendar, rated_on: date, working_days: int) -> Counted[date]:
    """The last day to finish: the n-th working day after the day of the review (the day itself is
    not counted, as for case limits, 行政许可法第82条); provisional when a year has no schedule."""
    if working_days < 1:
        raise ValueError("a rectification needs at least one working day")
    return calendar.add_working_days(rated_on, working_days)


def is_overdue(*, deadline: date, closed: bool, today: date) -> bool:
    """Red flag: still open after its deadline day."""
    return not closed and today > deadline


def close_errors(
    *, callback_at: datetime | None, callback_note: str, finding: str, action: str, rated_at: datetime, now: datetime
) -> dict[str, str]:
    """What is missing before the director may close a rectification (call-back, finding, action)."""
    errors: dict[str, str] = {}
    errors |= callback_time_errors(callback_at, rated_at=rated_at, now=now, required=True)
    if not callback_note.strip():
        errors["callback_note"] = "请填写回访情况(群众的意见)。"
    if not finding.strip():
        errors["finding"] = "请填写核实情况。"
    if not action.strip():
        errors["action"] = "请填写整改措施。"
    return errors


def callback_time_errors(
    callback_at: datetime | None, *, rated_at: datetime, now: datetime, required: bool
) -> dict[str, str]:
    if callback_at is None:
        return {"callback_at": "请填写回访时间。"} if required else {}
    if callback_at > now:
        return {"callback_at": "回访时间不能晚于现在。"}
    if callback_at < rated_at.replace(second=0, microsecond=0):
        return {"callback_at": "回访时间不能早于群众评价的时间。"}
    return {}


# --- complaints ------------------------------------------------------------------------------

# No 0/O/1/I/L: the code is read aloud over the phone and typed by elderly people (as receipt codes).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
CONTENT_MIN = 10
CONTENT_MAX = 2000


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(value: str) -> str:
    """Upper case, spaces and dashes removed (people write codes in groups)."""
    return "".join(value.split()).replace("-", "").replace("－", "").upper()


def is_code_shaped(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def content_error(content: str) -> str | None:
    length = len(content.strip())
    if length < CONTENT_MIN:
        return f"请把情况写清楚,至少 {CONTENT_MIN} 个字。"
    if length > CONTENT_MAX:
        return f"内容最多 {CONTENT_MAX} 字。"
    return None

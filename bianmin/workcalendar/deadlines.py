"""The due moment of a case (限时办结制, 四(一)4(3)) and its electronic-monitoring light (五(一)).

Pure functions over a ``WorkCalendar``. Rules (DESIGN §3):
- 承诺件: due at 23:59:59 of the n-th working day after the acceptance date (行政许可法 第82条:
  the acceptance day is not counted).
- 即办件: due at the end of the acceptance day; accepted on a rest day or after closing time, at the
  end of the next working day.
- 挂起 (公示, 听证, 检验检测, 专家评审, 补正 waits): each suspension adds the working days it covered,
  counted as the working days after the day it began up to and including the day it ended.
- 延期: adds n working days to the current due date.
Because every addition lands on a working day, the additions can be summed: the due date is the
(limit + suspended + extended)-th working day after the acceptance date.
"""

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bianmin.workcalendar.arithmetic import Counted, Provisional, WorkCalendar

CHINA = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)
DEFAULT_CLOSING = time(17, 30)


@dataclass(frozen=True)
class Due(Provisional):
    moment: datetime
    provisional_years: tuple[int, ...] = ()


def end_of(day: date, tz: ZoneInfo = CHINA) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=tz)


def _merge(*groups: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted({year for group in groups for year in group}))


def suspended_working_days(calendar: WorkCalendar, periods: Sequence[tuple[date, date]]) -> Counted[int]:
    """Working days covered by suspensions, each (began, ended) counted as working days in (began, ended]."""
    total, years = 0, []
    for began, ended in periods:
        if ended < began:
            raise ValueError("a suspension cannot end before it began")
        counted = calendar.working_days_between(began, ended)
        total += counted.value
        years.append(counted.provisional_years)
    return Counted(total, _merge(*years))


def promised_due(
    *,
    accepted_at: datetime,
    limit_days: int,
    calendar: WorkCalendar,
    suspensions: Sequence[tuple[date, date]] = (),
    extensions: Sequence[int] = (),
    tz: ZoneInfo = CHINA,
) -> Due:
    if limit_days < 1:
        raise ValueError("a promised limit is at least one working day")
    if any(days < 1 for days in extensions):
        raise ValueError("an extension adds at least one working day")
    if not suspensions and not extensions:  # the common case, on every list page: keep it lean
        result = calendar.add_working_days(accepted_at.astimezone(tz).date(), limit_days)
        return Due(end_of(result.value, tz), result.provisional_years)
    suspended = suspended_working_days(calendar, suspensions)
    total = limit_days + suspended.value + sum(extensions)
    result = calendar.add_working_days(accepted_at.astimezone(tz).date(), total)
    return Due(end_of(result.value, tz), _merge(result.provisional_years, suspended.provisional_years))


def immediate_due(
    *, accepted_at: datetime, calendar: WorkCalendar, closing: time = DEFAULT_CLOSING, tz: ZoneInfo = CHINA
) -> Due:
    local = accepted_at.astimezone(tz)
    day = local.date()
    if calendar.is_working_day(day) and local.time() <= closing:
        return Due(end_of(day, tz), calendar.add_working_days(day, 0).provisional_years)
    result = calendar.add_working_days(day, 1)
    return Due(end_of(result.value, tz), result.provisional_years)


class Light(enum.Enum):
    """电子监察 lights: red = overdue, yellow = near the deadline."""

    NORMAL = "正常"
    YELLOW = "黄灯"
    RED = "红灯"


def light(
    *,
    due: datetime,
    now: datetime,
    calendar: WorkCalendar,
    accepted_at: datetime | None = None,
    yellow_days: int = 1,
    yellow_share: float | None = None,
    tz: ZoneInfo = CHINA,
) -> Light:
    """Red once ``now`` is past ``due``; yellow when at most ``yellow_days`` working days remain
    (counting after today up to the due day), or when ``yellow_share`` of the working days between
    acceptance and due have passed; otherwise normal."""
    if now > due:
        return Light.RED
    today, due_day = now.astimezone(tz).date(), due.astimezone(tz).date()
    if calendar.working_days_between(today, due_day).value <= yellow_days:
        return Light.YELLOW
    if yellow_share is not None and accepted_at is not None:
        start = accepted_at.astimezone(tz).date()
        limit = calendar.working_days_between(start, due_day).value
        used = calendar.working_days_between(start, today).value
        if limit > 0 and used / limit >= yellow_share:
            return Light.YELLOW
    return Light.NORMAL

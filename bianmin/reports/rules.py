"""Pure rules of the monthly information report (信息报送, plan 四(一)4(5); 附件 材料上报). No ORM, no
settings: the due day, the calendar and "today" come in as arguments, so the rules are tested from
tables.

- Deadline: a month's report is due by the ``due_day`` (REPORT_DUE_DAY, 5) of the following month,
  23:59:59 Asia/Shanghai. If that day is a rest day it stays there, unless the county chose to move
  it to the next working day (REPORT_DUE_MOVES_TO_WORKING_DAY).
- On time or late is decided by the first submission's time (a resubmission with a reason corrects
  the figures; it does not make a report that was on time late, nor a late one on time).
- Electronic monitoring (五(一)): red once the deadline day has passed without a submission; yellow
  from ``yellow_days`` calendar days before the deadline day (default 2: from the 3rd when due on the
  5th, the day of the second reminder) until the deadline day itself.
- Reminders: on the 1st and the 3rd of the month (REMINDER_DAYS) while last month's report is
  unsubmitted and its deadline has not passed; a run that missed a day sends the latest round only.
"""

import calendar as _calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bianmin.cases.months import Month
from bianmin.workcalendar.arithmetic import WorkCalendar

CHINA = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)
DEFAULT_DUE_DAY = 5
DEFAULT_YELLOW_DAYS = 2
REMINDER_DAYS = (1, 3)
SUMMARY_MIN = 10
REASON_MIN = 5
TEXT_MAX = 4000


def due_date(month: Month, *, due_day: int = DEFAULT_DUE_DAY, calendar: WorkCalendar | None = None) -> date:
    """The last day to submit ``month``'s report: ``due_day`` of the next month; with a ``calendar``
    (the county moves the deadline) the first working day on or after it."""
    following = month.next()
    last = _calendar.monthrange(following.year, following.month)[1]
    day = date(following.year, following.month, max(1, min(due_day, last)))
    if calendar is not None:
        day = calendar.next_working_day_on_or_after(day)
    return day


def due_moment(day: date) -> datetime:
    """23:59:59 of the deadline day, Asia/Shanghai (for display; on-time is decided by the date)."""
    return datetime.combine(day, END_OF_DAY, tzinfo=CHINA)


def is_on_time(submitted_at: datetime, deadline: date) -> bool:
    """Submitted no later than the end of the deadline day in the county's time: 23:59:59 on the 5th
    is on time, 00:00:00 on the 6th is late (whatever the fractions of a second)."""
    return submitted_at.astimezone(CHINA).date() <= deadline


def colour(*, deadline: date, today: date, yellow_days: int = DEFAULT_YELLOW_DAYS) -> str | None:
    """The monitoring light of an unsubmitted report: "red" after the deadline day, "yellow" from
    ``yellow_days`` days before it, None before that (and nothing at all once it is submitted)."""
    if today > deadline:
        return "red"
    if today >= deadline - timedelta(days=yellow_days):
        return "yellow"
    return None


def is_due_for_submission(month: Month, today: date) -> bool:
    """A month can be reported once it is over (the report sums the whole month)."""
    return month < Month.of(today)


def months_between(first: Month, last: Month) -> Iterator[Month]:
    """``first`` … ``last`` inclusive, oldest first (nothing when ``last`` is before ``first``)."""
    month = first
    while month <= last:
        yield month
        month = month.next()


def month_start(month: Month) -> date:
    return date(month.year, month.month, 1)


def month_of(day: date) -> Month:
    return Month(day.year, day.month)


def reminder_round(*, today: date, deadline: date, days: tuple[int, ...] = REMINDER_DAYS) -> int | None:
    """The reminder day whose round is due today for last month's report: the latest of ``days``
    reached this month, as long as the deadline has not passed (then the red light takes over)."""
    if today > deadline:
        return None
    reached = [d for d in days if today.day >= d]
    return max(reached) if reached else None


@dataclass(frozen=True)
class Standing:
    """Where one centre's month stands, for lists and the county table."""

    key: str  # on_time, late, missing, due (not yet submitted, deadline not passed), open (month not over)
    label: str
    css: str


ON_TIME = Standing("on_time", "按时报送", "success")
LATE = Standing("late", "逾期报送", "warning")
MISSING = Standing("missing", "逾期未报送", "danger")
DUE = Standing("due", "待报送", "secondary")
OPEN = Standing("open", "本月未结束", "light")
NOT_REQUIRED = Standing("not_required", "无需报送", "light")


def standing(*, month: Month, today: date, deadline: date, on_time: bool | None) -> Standing:
    """``on_time`` is None while the month's report has not been submitted."""
    if on_time is not None:
        return ON_TIME if on_time else LATE
    if not is_due_for_submission(month, today):
        return OPEN
    return MISSING if today > deadline else DUE


def submit_errors(*, summary: str, reason: str, resubmission: bool) -> dict[str, str]:
    """Chinese messages per field; empty when the report may be submitted."""
    errors: dict[str, str] = {}
    if len(summary.strip()) < SUMMARY_MIN:
        errors["summary"] = f"请填写本月工作总结(不少于 {SUMMARY_MIN} 个字)。"
    if resubmission and len(reason.strip()) < REASON_MIN:
        errors["reason"] = f"重新报送须写明理由(不少于 {REASON_MIN} 个字),原报送版本将保留。"
    return errors


def assessment_points(on_time_months: int, per_month: float = 0.5) -> float:
    """附件 材料上报: 0.5 points for each month reported as required."""
    return on_time_months * per_month

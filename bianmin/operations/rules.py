"""Pure rules of daily management (plan 四(一)4(4) 日常管理制, 四(一)1(2) 人员报备). No ORM, no settings:
every time, limit and calendar comes in as an argument, so the rules are tested from tables.

- Office hours (考勤): late when signed in after the start of the working day, early leave when
  signed out before its end, and the 旷岗 decision (absent without leave) for a person and a day.
- Leave (请销假): the period a leave really covers (until 销假 if the person came back early), overlap,
  and who may decide on a leave — nobody decides their own.
- Staff changes (人员调整报备): reported on time within N working days of the effective date.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import models

from bianmin.workcalendar.arithmetic import Counted, WorkCalendar

REASON_MIN = 2
TEXT_MAX = 500


def parse_clock(value: str) -> time:
    """ "08:30" → time(8, 30) (settings give office hours as HH:MM)."""
    hours, _, minutes = value.strip().partition(":")
    return time(int(hours), int(minutes or 0))


@dataclass(frozen=True)
class OfficeHours:
    """The centres' working day (settings WORKDAY_START/END) and the sign-in cut-off after which a
    person with no sign-in and no leave counts as absent (ATTENDANCE_SIGN_IN_CUTOFF)."""

    start: time
    end: time
    cutoff: time


def _minute(moment: time) -> time:
    return moment.replace(second=0, microsecond=0)


def is_late(signed_in: time, start: time) -> bool:
    """迟到: signed in after the start minute (08:30:59 is on time, 08:31 late)."""
    return _minute(signed_in) > start


def left_early(signed_out: time, end: time) -> bool:
    """早退: signed out before the end of the working day."""
    return _minute(signed_out) < end


class PostState(models.TextChoices):
    """A person's state right now, for 在岗情况 and the post board."""

    ON_POST = "on_post", "在岗"
    SIGNED_OUT = "signed_out", "已签退"
    ON_LEAVE = "on_leave", "请假"
    NOT_SIGNED_IN = "not_signed_in", "未签到"


def post_state(*, signed_in: bool, signed_out: bool, on_leave: bool) -> PostState:
    """Leave wins over a stale sign-in only when the person is not actually on post: someone who
    signed in and is working is 在岗 even if an approved leave starts later today."""
    if signed_in and not signed_out:
        return PostState.ON_POST
    if on_leave:
        return PostState.ON_LEAVE
    if signed_in:
        return PostState.SIGNED_OUT
    return PostState.NOT_SIGNED_IN


def absent_without_leave(
    *,
    day: date,
    today: date,
    clock: time,
    cutoff: time,
    working_day: bool,
    signed_in: bool,
    on_leave: bool,
) -> bool:
    """旷岗 (附件 视频监控情况 无故空岗; 四(一)4(4) 考勤): expected at work on a working day, no sign-in
    and no leave covering the day. Today only once the clock is past the sign-in cut-off; a future
    day never."""
    if not working_day or signed_in or on_leave or day > today:
        return False
    if day == today:
        return _minute(clock) > cutoff
    return True


# --- leave -----------------------------------------------------------------------------------


def effective_end(*, ends_at: datetime, returned_at: datetime | None) -> datetime:
    """A leave covers time up to its planned end, or up to 销假 when the person came back early.
    Coming back late does not stretch the leave: the days after the planned end are not covered."""
    if returned_at is not None and returned_at < ends_at:
        return returned_at
    return ends_at


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open periods [start, end) share some time."""
    return a_start < b_end and b_start < a_end


def leave_period_error(starts_at: datetime, ends_at: datetime) -> str | None:
    if ends_at <= starts_at:
        return "结束时间必须晚于开始时间。"
    if (ends_at - starts_at).days > 366:
        return "请假时间不能超过一年。"
    return None


def text_error(value: str, *, label: str, required: bool = True, minimum: int = REASON_MIN) -> str | None:
    length = len(value.strip())
    if required and length < minimum:
        return f"请填写{label}。" if length == 0 else f"{label}至少 {minimum} 个字。"
    if length > TEXT_MAX:
        return f"{label}最多 {TEXT_MAX} 字。"
    return None


@dataclass(frozen=True)
class Person:
    """Who someone is for the leave rules: id, role code, centre (a point's staff: the point's centre)."""

    staff_id: int
    role: str
    centre_id: int | None


def may_decide_leave(*, actor: Person, applicant_id: int, leave_centre_id: int) -> bool:
    """审批: the director-role staff of the leave's centre (agents: their point's centre), or the
    county admin; never the applicant. So a director's own leave goes to another director-role
    person of the centre (中心主任 ↔ 专职副主任) or to the county admin (四(一)1(1))."""
    if actor.staff_id == applicant_id:
        return False
    if actor.role == "county_admin":
        return True
    return actor.role == "centre_director" and actor.centre_id == leave_centre_id


def may_manage_person(*, actor: Person, person_centre_id: int | None) -> bool:
    """The centre's director-role staff manage its people and its agency points' people; the county
    admin manages everyone (补录考勤, 代为请假, 销假)."""
    if actor.role == "county_admin":
        return True
    return actor.role == "centre_director" and person_centre_id is not None and actor.centre_id == person_centre_id


# --- staff changes ---------------------------------------------------------------------------


def staff_change_deadline(calendar: WorkCalendar, effective_on: date, working_days: int) -> Counted[date]:
    """The last day to report a change: the n-th working day after the effective date (the day
    itself not counted, as for every limit in working days)."""
    return calendar.add_working_days(effective_on, working_days)


def reported_on_time(*, reported_on: date, deadline: date) -> bool:
    """及时报备 (四(一)1(2) 如发生人员调整须及时报备): reported by the deadline day (a change
    reported before it takes effect is on time too)."""
    return reported_on <= deadline


def staff_change_errors(*, kind: str, from_post: str, to_post: str) -> dict[str, str]:
    """新进驻 needs the new post, 调离 the old one, 岗位调整 both."""
    errors: dict[str, str] = {}
    if kind in ("left", "post") and not from_post.strip():
        errors["from_post"] = "请填写原岗位。"
    if kind in ("joined", "post") and not to_post.strip():
        errors["to_post"] = "请填写新岗位。"
    if kind == "post" and from_post.strip() and from_post.strip() == to_post.strip():
        errors["to_post"] = "新岗位与原岗位相同。"
    return errors

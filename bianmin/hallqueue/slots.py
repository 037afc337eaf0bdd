"""Appointment slots (预约时段) and the rules of booking and checking in. Pure: no ORM, no settings;
callers pass the county's slot list (QUEUE_APPOINTMENT_SLOTS), the calendar's answer and the clock.

A resident books a slot of a business line at a centre on a working day, up to a horizon of days
ahead; a slot that has started cannot be booked any more. On the day, the booking code checks in at
the hall's kiosk from ``early`` minutes before the slot until its end; the ticket it gives is called
with priority from the start of the slot. A booking not checked in by the end of its slot plus
``grace`` minutes is a no-show (失约).
"""

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

_SLOT = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True, order=True)
class Slot:
    start: time
    end: time

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    @property
    def key(self) -> str:
        """The form value and URL form of the slot: its start, ``0930``."""
        return f"{self.start:%H%M}"

    def starts(self, day: date, tz: tzinfo) -> datetime:
        return datetime.combine(day, self.start, tzinfo=tz)

    def ends(self, day: date, tz: tzinfo) -> datetime:
        return datetime.combine(day, self.end, tzinfo=tz)


def _clock(hours: str, minutes: str) -> time:
    return time(int(hours), int(minutes))


def parse_slots(text: str) -> tuple[Slot, ...]:
    """``"08:30-09:30,09:30-10:30"`` → slots in time order. ValueError (Chinese) on a bad list:
    a malformed item, an end not after its start, or two slots that overlap."""
    slots = []
    for item in (part for part in text.split(",") if part.strip()):
        match = _SLOT.match(item)
        if not match:
            raise ValueError(f"预约时段“{item.strip()}”格式不对,应写成 08:30-09:30。")
        try:
            slot = Slot(_clock(*match.groups()[:2]), _clock(*match.groups()[2:]))
        except ValueError:
            raise ValueError(f"预约时段“{item.strip()}”中的时间不存在。") from None
        if slot.end <= slot.start:
            raise ValueError(f"预约时段“{slot.label}”的结束时间应晚于开始时间。")
        slots.append(slot)
    slots.sort()
    for before, after in itertools.pairwise(slots):
        if after.start < before.end:
            raise ValueError(f"预约时段“{before.label}”与“{after.label}”重叠。")
    if not slots:
        raise ValueError("至少需要设置一个预约时段。")
    return tuple(slots)


def find_slot(slots: tuple[Slot, ...], key: str) -> Slot | None:
    return next((slot for slot in slots if slot.key == key), None)


def bookable_days(today: date, horizon: int, is_working_day: Callable[[date], bool]) -> list[date]:
    """Working days from today up to ``horizon`` calendar days ahead (today included)."""
    days = (today + timedelta(days=n) for n in range(horizon + 1))
    return [day for day in days if is_working_day(day)]


def slot_bookable(day: date, slot: Slot, now: datetime) -> bool:
    """A slot can be booked until it starts."""
    return now < slot.starts(day, now.tzinfo or _no_tz())


def _no_tz() -> tzinfo:
    raise ValueError("now must be timezone-aware")


@dataclass(frozen=True)
class CheckIn:
    ok: bool
    message: str = ""
    ready_at: datetime | None = None  # from when the ticket is called with priority


def check_in(day: date, slot: Slot, now: datetime, *, early_minutes: int) -> CheckIn:
    """May the booking for ``day``/``slot`` check in at ``now``?"""
    tz = now.tzinfo or _no_tz()
    start, end = slot.starts(day, tz), slot.ends(day, tz)
    today = now.astimezone(tz).date()
    if today != day:
        when = "请在预约当天签到" if today < day else "预约日期已过,请现场取号排队"
        return CheckIn(False, f"该预约是 {day.year}年{day.month}月{day.day}日 {slot.label} 的,{when}。")
    if now < start - timedelta(minutes=early_minutes):
        opens = start - timedelta(minutes=early_minutes)
        return CheckIn(False, f"预约时段为 {slot.label},请于 {opens:%H:%M} 后再签到。")
    if now > end:
        return CheckIn(False, f"预约时段 {slot.label} 已过,预约已失效。请现场取号排队。")
    return CheckIn(True, ready_at=max(now, start))


def missed(day: date, slot: Slot, now: datetime, *, grace_minutes: int) -> bool:
    """Not checked in by the end of the slot plus the grace: a no-show (失约)."""
    tz = now.tzinfo or _no_tz()
    return now > slot.ends(day, tz) + timedelta(minutes=grace_minutes)

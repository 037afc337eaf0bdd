"""Appointment slots: the county's list, bookable days, booking until the slot starts, check-in and
失约 — from tables."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bianmin.hallqueue.slots import Slot, bookable_days, check_in, find_slot, missed, parse_slots, slot_bookable

CHINA = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 3, 10)
NINE = Slot(time(9, 0), time(10, 0))


def moment(hour, minute=0, day=DAY):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA)


def test_it_reads_the_slot_list_in_time_order():
    slots = parse_slots(" 14:30-15:30, 08:30-09:30 ,09:30-10:30")
    assert [s.label for s in slots] == ["08:30-09:30", "09:30-10:30", "14:30-15:30"]
    assert find_slot(slots, "0930") == slots[1] and find_slot(slots, "0931") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9-10", "预约时段“9-10”格式不对,应写成 08:30-09:30。"),
        ("09:00-08:00", "预约时段“09:00-08:00”的结束时间应晚于开始时间。"),
        ("09:00-10:00,09:30-10:30", "预约时段“09:00-10:00”与“09:30-10:30”重叠。"),
        ("25:00-26:00", "预约时段“25:00-26:00”中的时间不存在。"),
        (" , ", "至少需要设置一个预约时段。"),
    ],
)
def test_it_refuses_a_bad_slot_list_in_chinese(text, message):
    with pytest.raises(ValueError, match=message):
        parse_slots(text)


def test_only_working_days_within_the_horizon_are_bookable():
    # 2026-03-13 is a Friday; the weekend is off; a made-up holiday on Monday the 16th.
    off = {date(2026, 3, 14), date(2026, 3, 15), date(2026, 3, 16)}
    assert bookable_days(date(2026, 3, 13), 4, lambda d: d not in off) == [date(2026, 3, 13), date(2026, 3, 17)]


@pytest.mark.parametrize(
    ("now", "bookable"),
    [(moment(8, 59), True), (moment(9, 0), False), (moment(12, 0, day=date(2026, 3, 9)), True)],
)
def test_a_slot_can_be_booked_until_it_starts(now, bookable):
    assert slot_bookable(DAY, NINE, now) is bookable


CHECK_INS = [
    # (now, allowed, message, priority from) with 30 minutes early allowed for the 9:00-10:00 slot
    (moment(8, 29), False, "预约时段为 09:00-10:00,请于 08:30 后再签到。", None),
    (moment(8, 30), True, "", moment(9, 0)),  # early: priority from the slot's start
    (moment(9, 20), True, "", moment(9, 20)),  # during the slot: at once
    (moment(10, 0), True, "", moment(10, 0)),
    (moment(10, 1), False, "预约时段 09:00-10:00 已过,预约已失效。请现场取号排队。", None),
    (moment(9, 0, day=date(2026, 3, 9)), False, "该预约是 2026年3月10日 09:00-10:00 的,请在预约当天签到。", None),
    (
        moment(9, 0, day=date(2026, 3, 11)),
        False,
        "该预约是 2026年3月10日 09:00-10:00 的,预约日期已过,请现场取号排队。",
        None,
    ),
]


@pytest.mark.parametrize(("now", "ok", "message", "ready"), CHECK_INS)
def test_it_decides_a_check_in_from_the_table(now, ok, message, ready):
    verdict = check_in(DAY, NINE, now, early_minutes=30)
    assert (verdict.ok, verdict.message, verdict.ready_at) == (ok, message, ready)


@pytest.mark.parametrize(("now", "expected"), [(moment(10, 15), False), (moment(10, 16), True)])
def test_a_booking_not_checked_in_by_the_end_plus_grace_is_missed(now, expected):
    assert missed(DAY, NINE, now, grace_minutes=15) is expected

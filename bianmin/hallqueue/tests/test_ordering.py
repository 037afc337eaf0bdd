"""Who is called next: transferred to this window, then priority in force, then everyone else —
from tables, one commented row per case."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bianmin.hallqueue.ordering import Waiting, call_order, people_ahead, sort_key

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def ticket(pk, minute, *, line=1, priority="", ready=None, target=None, queued=None):
    taken = T0 + timedelta(minutes=minute)
    return Waiting(
        pk=pk,
        line_id=line,
        priority=priority,
        queued_at=T0 + timedelta(minutes=queued) if queued is not None else taken,
        ready_at=T0 + timedelta(minutes=ready) if ready is not None else taken,
        target_window_id=target,
    )


CASES = [
    # (why, tickets, window, its lines, now (minutes after 9:00), expected order of pks)
    ("first come, first served", [ticket(1, 0), ticket(2, 1), ticket(3, 2)], 7, {1}, 10, [1, 2, 3]),
    (
        "绿色通道 goes ahead of ordinary tickets taken before it",
        [ticket(1, 0), ticket(2, 1), ticket(3, 5, priority="elderly")],
        7,
        {1},
        10,
        [3, 1, 2],
    ),
    (
        "two priority tickets keep their own order",
        [ticket(1, 0), ticket(2, 3, priority="pregnant"), ticket(3, 1, priority="disabled")],
        7,
        {1},
        10,
        [3, 2, 1],
    ),
    (
        "an appointment waits as ordinary until its slot starts (10:30 here)",
        [ticket(1, 0), ticket(2, 5, priority="appointment", ready=90), ticket(3, 8)],
        7,
        {1},
        20,
        [1, 2, 3],
    ),
    (
        "… and goes first once it has",
        [ticket(1, 0), ticket(2, 5, priority="appointment", ready=90), ticket(3, 8)],
        7,
        {1},
        95,
        [2, 1, 3],
    ),
    (
        "a ticket transferred to this window comes before everyone",
        [ticket(1, 0, priority="elderly"), ticket(2, 4, target=7, line=2)],
        7,
        {1},
        10,
        [2, 1],
    ),
    (
        "a ticket transferred to another window is not called here",
        [ticket(1, 0, target=8), ticket(2, 3)],
        7,
        {1},
        10,
        [2],
    ),
    ("other lines are not called", [ticket(1, 0, line=2), ticket(2, 3)], 7, {1}, 10, [2]),
    ("a window serving two lines merges them by time", [ticket(1, 2, line=2), ticket(2, 1)], 7, {1, 2}, 10, [2, 1]),
    ("过号重排 joins the queue again at the back", [ticket(1, 0, queued=6), ticket(2, 3)], 7, {1}, 10, [2, 1]),
]


@pytest.mark.parametrize(("why", "tickets", "window", "lines", "now", "expected"), CASES, ids=[c[0] for c in CASES])
def test_it_calls_in_the_order_of_the_table(why, tickets, window, lines, now, expected):
    order = call_order(tickets, window_id=window, line_ids=lines, now=T0 + timedelta(minutes=now))
    assert [t.pk for t in order] == expected


def test_it_counts_the_people_ahead_in_the_same_line():
    tickets = [ticket(1, 0), ticket(2, 1, priority="elderly"), ticket(3, 2), ticket(4, 3, line=2), ticket(5, 4)]
    now = T0 + timedelta(minutes=10)
    assert [people_ahead(tickets, t, now=now) for t in tickets] == [1, 0, 2, 0, 3]
    transferred = ticket(6, 5, target=9)
    assert people_ahead([*tickets, transferred], transferred, now=now) == 0


def test_ties_are_broken_by_the_order_of_taking():
    a, b = ticket(1, 0), ticket(2, 0)
    assert sort_key(a, now=T0) < sort_key(b, now=T0)

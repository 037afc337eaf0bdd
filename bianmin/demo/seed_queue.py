"""A live hall queue in four demo centres (冰溪镇, 临湖镇, 文成镇, 岩瑞镇): issue #13.

Each gets its queue lines from its windows (``services_setup.queue_lines_from_windows``: A 民政,
B 劳动保障 …, 综合业务), the last ``HISTORY_DAYS`` working days of tickets for the figures and the
monthly reports (bulk-written, times drawn from a fixed seed), and today laid out as a working
morning through the services: tickets taken over the last two hours, most served at the windows
with realistic waits and handling times, a few 绿色通道, one 过号, a window calling now and people
still waiting — in 冰溪镇 one resident has waited past QUEUE_WAIT_LIMIT_MINUTES, so the electronic
monitoring shows the queue's red light. Appointments: a few for later today and the next working
days, one checked in. Idempotent: a centre that has queue lines is left as it is.

ILLUSTRATIVE: names and phone numbers of bookings are invented.
"""

import contextlib
import random
from datetime import date, datetime, time, timedelta

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from bianmin.core.errors import ApplicationError
from bianmin.demo import yushan
from bianmin.demo.seed import _People
from bianmin.hallqueue import services
from bianmin.hallqueue.models import Appointment, QueueLine, Ticket, TicketCounter, TicketEvent
from bianmin.hallqueue.numbering import format_number, new_booking_code, new_token
from bianmin.hallqueue.services_appointments import (
    appointment_book,
    appointment_check_in,
    bookable_days,
    configured_slots,
)
from bianmin.hallqueue.services_setup import queue_lines_from_windows
from bianmin.hallqueue.workflow import TicketAction, TicketStatus
from bianmin.org.models import Centre, Staff
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.selectors import load_calendar

SEED = "yushan-queue"
CENTRES = ("100", "101", "104", "106")  # township suffixes
HISTORY_DAYS = 30  # working days before today
PER_DAY = (35, 70)  # tickets a day in a centre
GREEN = ("elderly", "elderly", "disabled", "pregnant", "military")


def seed_queue(now: datetime | None = None) -> dict[str, int]:
    now = timezone.localtime(now or timezone.now(), CHINA)
    counts = {"lines": 0, "tickets": 0, "appointments": 0}
    with disable_auditlog(), transaction.atomic():
        for position, suffix in enumerate(CENTRES):
            centre = Centre.objects.filter(township__code=yushan.COUNTY["code"] + suffix).first()
            if centre is None or QueueLine.objects.filter(centre=centre).exists():
                continue
            rng = random.Random(f"{SEED}-{suffix}")
            lines = queue_lines_from_windows(actor=None, centre=centre)
            counts["lines"] += len(lines)
            _history(centre, lines, now, rng)
            _today(centre, lines, now, rng, long_wait=position == 0)
            counts["appointments"] += _appointments(centre, lines, now, rng)
            counts["tickets"] += Ticket.objects.filter(centre=centre).count()
    return counts


def _clerks(centre: Centre) -> dict[int, Staff]:
    """The first person of each window (window pk → staff), or the director."""
    fallback = Staff.objects.filter(centre=centre, role="centre_director").first()
    result = {}
    for window in centre.windows.filter(is_active=True).prefetch_related("staff"):
        people = list(window.staff.all())
        result[window.pk] = people[0] if people else fallback
    return result


# --- past days: bulk, for the figures ------------------------------------------------------------


def _history(centre: Centre, lines: list[QueueLine], now: datetime, rng: random.Random) -> int:
    calendar = load_calendar()
    days: list[date] = []
    day = now.date() - timedelta(days=1)
    while len(days) < HISTORY_DAYS:
        if calendar.is_working_day(day):
            days.append(day)
        day -= timedelta(days=1)
    windows = {line.pk: list(line.windows.all()) for line in lines}
    tickets, counters = [], []
    for day in sorted(days):
        sequence = dict.fromkeys((line.pk for line in lines), 0)
        for _ in range(rng.randint(*PER_DAY)):
            line = rng.choices(lines, weights=[max(1, 6 - i) for i in range(len(lines))])[0]
            sequence[line.pk] += 1
            morning = rng.random() < 0.62
            start = time(8, 30) if morning else time(14, 30)
            taken = datetime.combine(day, start, tzinfo=CHINA) + timedelta(minutes=rng.randint(0, 170))
            wait = rng.choice((2, 4, 6, 8, 10, 12, 15, 18, 22, 26, 35)) * 60 + rng.randint(0, 59)
            handle = rng.randint(3, 18) * 60 + rng.randint(0, 59)
            called = taken + timedelta(seconds=wait)
            no_show = rng.random() < 0.05
            window = rng.choice(windows[line.pk])
            tickets.append(
                Ticket(
                    centre=centre,
                    line=line,
                    day=day,
                    sequence=sequence[line.pk],
                    number=format_number(line.prefix, sequence[line.pk]),
                    token=new_token(),
                    priority=rng.choice(GREEN) if rng.random() < 0.08 else "",
                    source="kiosk",
                    status=TicketStatus.NO_SHOW if no_show else TicketStatus.DONE,
                    taken_at=taken,
                    queued_at=taken,
                    ready_at=taken,
                    hour=taken.hour,
                    window=window,
                    first_called_at=called,
                    called_at=called,
                    calls=2 if no_show else 1,
                    started_at=None if no_show else called,
                    finished_at=None if no_show else called + timedelta(seconds=handle),
                    wait_seconds=wait,
                    handle_seconds=None if no_show else handle,
                )
            )
        counters += [TicketCounter(line_id=pk, day=day, last=n) for pk, n in sequence.items() if n]
    Ticket.objects.bulk_create(tickets, batch_size=500)
    TicketCounter.objects.bulk_create(counters, batch_size=500)
    made = Ticket.objects.filter(centre=centre, day__in=days)
    TicketEvent.objects.bulk_create(
        [
            TicketEvent(ticket_id=pk, centre=centre, action=TicketAction.CALL, at=at, window_id=window_id)
            for pk, at, window_id in made.values_list("pk", "first_called_at", "window_id")
        ],
        batch_size=500,
    )
    return len(tickets)


# --- today: through the services ------------------------------------------------------------------


def _today(centre: Centre, lines: list[QueueLine], now: datetime, rng: random.Random, *, long_wait: bool) -> int:
    """About 24 tickets taken over the last two hours (since midnight, just after it). The windows
    work through them as a small event simulation (the window free soonest acts next) until a
    quarter of an hour ago; then one window is serving and another has just called, whatever the
    hour. With ``long_wait`` the comprehensive window is not staffed this morning, so its residents
    wait past the limit."""
    start = max(now - timedelta(minutes=120), datetime.combine(now.date(), time(0, 0), tzinfo=CHINA))
    since = now - start  # two hours, or less just after midnight: nothing is taken before today or after now
    span = max(0, int(since.total_seconds()) - 60)
    for index, moment in enumerate(sorted(start + timedelta(seconds=rng.randint(0, span)) for _ in range(24))):
        line = lines[0] if index % 3 == 0 else rng.choice(lines)
        services.ticket_take(line=line, priority=rng.choice(GREEN) if index % 7 == 3 else "", at=moment)
    clerks = _clerks(centre)
    windows = [
        w for w in centre.windows.filter(is_active=True, queue_lines__isnull=False).distinct().order_by("number")
    ]
    if long_wait:
        windows = [w for w in windows if w.business_line_id is not None]
    free_at = {w.pk: start + timedelta(minutes=rng.randint(2, 6)) for w in windows}
    stop = now - timedelta(minutes=15)
    while windows and min(free_at.values()) < stop:
        window = min(windows, key=lambda w: free_at[w.pk])
        at, actor = free_at[window.pk], clerks.get(window.pk)
        try:
            called = services.ticket_call_next(window=window, actor=actor, at=at)
        except ApplicationError:  # nobody waiting for this window yet
            free_at[window.pk] = at + timedelta(minutes=2)
            continue
        if rng.random() < 0.06:
            services.ticket_no_show(ticket=called, window=window, actor=actor, at=at + timedelta(minutes=1))
            free_at[window.pk] = at + timedelta(minutes=1)
            continue
        services.ticket_start(ticket=called, window=window, actor=actor, at=at + timedelta(seconds=40))
        done = at + timedelta(minutes=rng.randint(3, 9), seconds=rng.randint(0, 59))
        services.ticket_finish(ticket=called, window=window, actor=actor, at=done)
        free_at[window.pk] = done + timedelta(seconds=rng.randint(20, 120))
    # Now: one window in the middle of a matter, another has just called its next resident. Just
    # after midnight the morning is short (the calls come halfway through it) and may not yet have
    # anybody for the window: a resident then takes a number for it a moment before the call.
    for window, (ago, begin) in zip(
        windows, ((timedelta(minutes=4), True), (timedelta(seconds=20), False)), strict=False
    ):
        at, actor = now - min(ago, since / 2), clerks.get(window.pk)
        try:
            called = services.ticket_call_next(window=window, actor=actor, at=at)
        except ApplicationError:
            line = window.queue_lines.filter(is_active=True).order_by("sort_order").first()
            services.ticket_take(line=line, at=max(start, at - timedelta(seconds=30)))
            called = services.ticket_call_next(window=window, actor=actor, at=at)
        if begin:
            services.ticket_start(ticket=called, window=window, actor=actor, at=at + (now - at) / 2)
    return 24


# --- appointments ------------------------------------------------------------------------------------


def _appointments(centre: Centre, lines: list[QueueLine], now: datetime, rng: random.Random) -> int:
    people = _People(f"{SEED}-people-{centre.pk}")
    made = 0
    slots = configured_slots()
    for day in bookable_days(now.date())[:3]:
        for slot in slots:
            if datetime.combine(day, slot.start, tzinfo=CHINA) <= now or rng.random() < 0.45:
                continue
            line = rng.choice([ln for ln in lines if ln.slot_capacity] or lines)
            try:
                appointment_book(
                    line=line, day=day, slot_key=slot.key, name=people.name(), phone=people.mobile(), at=now
                )
                made += 1
            except ApplicationError:  # a full slot or the same phone twice: skip it
                continue
    # One booked for this morning and checked in at the kiosk (a priority ticket in the queue).
    current = next(
        (
            s
            for s in slots
            if datetime.combine(now.date(), s.start, tzinfo=CHINA)
            <= now
            < datetime.combine(now.date(), s.end, tzinfo=CHINA)
        ),
        None,
    )
    if current is not None and load_calendar().is_working_day(now.date()):
        booking = Appointment.objects.create(
            centre=centre,
            line=lines[0],
            day=now.date(),
            slot_start=current.start,
            slot_end=current.end,
            code=new_booking_code(),
            name=people.name(),
            phone=people.mobile(),
            booked_at=now - timedelta(days=1),
        )
        with contextlib.suppress(ApplicationError):  # outside the check-in time: it stays booked
            appointment_check_in(centre=centre, code=booking.code, at=now - timedelta(minutes=1))
        made += 1
    return made

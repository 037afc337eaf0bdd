"""Real threads on the test database (a file on SQLite, so locks behave as in production; and
PostgreSQL with DATABASE_URL): windows calling at once never get the same ticket, kiosks printing at
once never print the same number, and a slot's last place is booked once."""

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from bianmin.core.errors import ApplicationError
from bianmin.hallqueue import services, services_appointments
from bianmin.hallqueue.models import QueueLine, Ticket, TicketEvent
from bianmin.hallqueue.services import NOBODY_WAITING
from bianmin.hallqueue.services_appointments import FULL
from bianmin.org.tests.factories import WindowFactory
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db(transaction=True)

WINDOWS = 6
TICKETS = 60


def run_together(count: int, work) -> list[str]:
    """Start ``count`` threads at one barrier; return the errors they raised (repr)."""
    barrier = threading.Barrier(count)
    errors: list[str] = []

    def body(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(index)
        except Exception as exc:  # reported by the caller, with the database's own message
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return errors


def test_windows_calling_at_once_never_get_the_same_ticket(county):
    windows = [county.window_a] + [WindowFactory(centre=county.centre_a, number=n) for n in range(2, WINDOWS + 1)]
    line = QueueLine.objects.create(centre=county.centre_a, name="民政", prefix="A")
    line.windows.set(windows)
    for n in range(TICKETS):
        services.ticket_take(line=line, priority="elderly" if n % 7 == 0 else "")
    called: list[tuple[int, int]] = []  # (window, ticket)

    def window_works(index: int) -> None:
        window = windows[index]
        while True:
            try:
                ticket = services.ticket_call_next(window=window, actor=county.clerk_a)
            except ApplicationError as exc:
                assert exc.message == NOBODY_WAITING
                return
            called.append((window.pk, ticket.pk))
            services.ticket_finish(ticket=ticket, window=window, actor=county.clerk_a)
            time.sleep(0.002)  # the clerk turns to the next resident: let the other windows in

    assert run_together(WINDOWS, window_works) == []
    tickets = [pk for _, pk in called]
    assert len(tickets) == TICKETS and len(set(tickets)) == TICKETS  # every ticket once, none twice
    assert Counter(TicketEvent.objects.filter(action="call").values_list("ticket_id", flat=True)) == Counter(
        {pk: 1 for pk in tickets}
    )
    assert set(Ticket.objects.values_list("status", flat=True)) == {"done"}
    assert len({w for w, _ in called}) > 1  # the windows really did share the work


def test_kiosks_printing_at_once_get_consecutive_numbers(county):
    line = QueueLine.objects.create(centre=county.centre_a, name="民政", prefix="A")
    line.windows.set([county.window_a])
    numbers: list[str] = []

    def kiosk(index: int) -> None:
        numbers.append(services.ticket_take(line=line).number)

    assert run_together(12, kiosk) == []
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 13)]


@override_settings(QUEUE_APPOINTMENT_DAYS=14)
def test_the_last_places_of_a_slot_are_booked_once(county):
    calendar_services.seed_from_package()
    line = QueueLine.objects.create(centre=county.centre_a, name="民政", prefix="A", slot_capacity=3)
    line.windows.set([county.window_a])
    days = services_appointments.bookable_days(timezone.localdate() + timedelta(days=1))
    if not days:
        pytest.skip("no working day in the next two weeks of the holiday tables")
    results: list[str] = []

    def resident(index: int) -> None:
        try:
            booking = services_appointments.appointment_book(
                line=line,
                day=days[0],
                slot_key="0930",
                name=f"居民{'甲乙丙丁戊己庚辛壬癸'[index]}",
                phone=f"1390000{index:04d}",
            )
            results.append(booking.code)
        except ApplicationError as exc:
            results.append(exc.message)

    assert run_together(10, resident) == []
    assert sum(1 for r in results if r.isdigit()) == 3
    assert sorted(r for r in results if not r.isdigit()) == [FULL] * 7

"""The demo hall queue: seeded once on the demo county at a fixed Tuesday morning, inside a
transaction rolled back at the end; each test runs in a savepoint."""

from collections import Counter
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from bianmin.demo.seed import seed_demo
from bianmin.demo.seed_queue import CENTRES, HISTORY_DAYS, seed_queue
from bianmin.hallqueue.lights import queue_lights
from bianmin.hallqueue.models import Appointment, QueueLine, Ticket, TicketEvent
from bianmin.monitoring.sources import Moment

pytestmark = pytest.mark.django_db

CHINA = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=CHINA)  # a Tuesday morning
TODAY = NOW.date()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_calendar", stdout=StringIO())
        seed_demo()
        counts = seed_queue(now=NOW)
        yield counts
        transaction.set_rollback(True)


def test_it_sets_up_four_centres_and_runs_once(seeded):
    assert QueueLine.objects.values("centre").distinct().count() == len(CENTRES)
    assert seeded["lines"] == QueueLine.objects.count() and seeded["tickets"] == Ticket.objects.count()
    assert seeded["appointments"] == Appointment.objects.count() > 0
    assert seed_queue(now=NOW) == {"lines": 0, "tickets": 0, "appointments": 0}


def test_today_is_a_live_morning(seeded):
    today = Ticket.objects.filter(day=TODAY)
    states = Counter(today.values_list("status", flat=True))
    assert states["done"] > 20 and states["waiting"] > 4 and states["serving"] >= 1
    assert not today.filter(taken_at__gt=NOW).exists()
    for ticket in today.filter(first_called_at__isnull=False):
        assert ticket.first_called_at >= ticket.taken_at and ticket.wait_seconds is not None
    red = [light for light in queue_lights(Moment.at(NOW)) if light.is_red]
    assert [light.title.split(":")[0] for light in red] == ["综合业务"]  # 冰溪镇's comprehensive window


def test_the_past_working_days_have_figures(seeded):
    days = Ticket.objects.exclude(day=TODAY).values("centre", "day").distinct().count()
    assert days == len(CENTRES) * HISTORY_DAYS
    numbers = Ticket.objects.exclude(day=TODAY).values_list("line", "day", "sequence")
    assert len(set(numbers)) == len(numbers)  # gapless numbering per line and day, no duplicates
    assert TicketEvent.objects.filter(action="call").count() >= Ticket.objects.exclude(first_called_at=None).count()

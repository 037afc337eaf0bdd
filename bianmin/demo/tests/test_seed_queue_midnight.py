"""The demo hall queue seeded just after midnight (the demo may be started at any hour, and the guide
journey in CI runs whenever CI does): today's morning is short but still a live hall."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from bianmin.demo.seed import seed_demo
from bianmin.demo.seed_queue import CENTRES, seed_queue
from bianmin.hallqueue.models import Ticket

pytestmark = pytest.mark.django_db

CHINA = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "moment", [datetime(2026, 12, 8, 0, 0, 30, tzinfo=CHINA), datetime(2026, 12, 8, 0, 3, tzinfo=CHINA)]
)
def test_just_after_midnight_every_centre_has_a_window_serving_and_one_calling(moment):
    call_command("seed_calendar", stdout=StringIO())
    seed_demo()
    seed_queue(now=moment)
    today = Ticket.objects.filter(day=moment.date())
    assert today.count() >= 24 * len(CENTRES)
    assert not Ticket.objects.filter(taken_at__gt=moment).exists()
    assert not today.filter(taken_at__lt=datetime(2026, 12, 8, tzinfo=CHINA)).exists()
    for centre in today.values_list("centre", flat=True).distinct():
        live = sorted(today.filter(centre=centre, status__in=("called", "serving")).values_list("status", flat=True))
        assert live == ["called", "serving"], centre
    for ticket in today.exclude(first_called_at=None):
        assert moment >= ticket.first_called_at >= ticket.taken_at

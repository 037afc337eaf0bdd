"""The demo complaints: about four months of the register in every centre, built through the
services in office hours, with red, yellow and fresh open complaints today.

The demo county is seeded once for the module (without cases) inside a transaction rolled back at
the end; each test runs in a savepoint inside it.
"""

from collections import Counter
from datetime import time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from bianmin.demo.seed import seed_demo
from bianmin.demo.seed_complaints import seed_complaints
from bianmin.org.models import Centre
from bianmin.supervision import selectors
from bianmin.supervision.models import STAFF_CHANNELS, Complaint
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.selectors import load_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_calendar", stdout=StringIO())
        seed_demo()  # the county, its centres, staff and demo logins (no cases: not needed here)
        counts = seed_complaints()
        yield counts
        transaction.set_rollback(True)


@pytest.fixture
def complaints(demo):
    return list(Complaint.objects.select_related("centre", "assigned_to", "recorded_by"))


def test_it_seeds_the_register_in_every_centre(demo, complaints):
    assert sum(demo.values()) == len(complaints) >= 30
    per_centre = Counter(c.centre_id for c in complaints)
    assert set(per_centre) == set(Centre.objects.filter(is_active=True).values_list("pk", flat=True))
    channels = Counter(c.channel for c in complaints)
    assert len(channels) >= 5 and channels["portal"] >= 1
    assert sum(channels[c] for c in STAFF_CHANNELS) >= 5
    assert all(c.recorded_by_id for c in complaints if c.channel in STAFF_CHANNELS)
    assert all(c.external_ref for c in complaints if c.channel in ("hotline", "media"))


def test_it_closes_most_complaints_with_a_verdict(demo, complaints):
    closed = [c for c in complaints if c.is_closed]
    assert len(closed) == demo["closed"] >= len(complaints) * 0.6
    assert all(c.verdict and c.reply and c.investigation and c.assigned_to_id for c in closed)
    substantiated = [c for c in closed if c.is_substantiated]
    assert 1 <= len(substantiated) < len(closed) / 2
    assert any(c.closed_at.astimezone(CHINA).date() > c.deadline for c in closed)  # a few answered late


def test_it_leaves_red_yellow_and_fresh_complaints_for_today(demo, complaints):
    lights = Counter(c.light.colour for c in selectors.with_complaint_lights(complaints) if c.light is not None)
    assert 3 <= lights["red"] == demo["overdue"] <= 4
    assert 2 <= lights["yellow"] == demo["due_soon"] <= 3
    fresh = [c for c in complaints if c.status == "received" and c.assigned_to_id is None]
    assert 2 <= len(fresh) == demo["unassigned"] <= 4
    assert demo["closed"] + demo["overdue"] + demo["due_soon"] + demo["unassigned"] + demo["in_progress"] == len(
        complaints
    )


def test_it_builds_everything_in_office_hours_before_now(complaints):
    now = timezone.now()
    calendar = load_calendar()
    first = now - timedelta(days=125)
    for c in complaints:
        for at in (c.submitted_at, c.assigned_at, c.verified_at, c.replied_at, c.closed_at):
            if at is None:
                continue
            local = at.astimezone(CHINA)
            assert first <= at < now and calendar.is_working_day(local.date()), local
            assert time(8) <= local.time() < time(12) or time(14, 30) <= local.time() < time(17, 30), local
        assert c.deadline == calendar.add_working_days(c.submitted_at.astimezone(CHINA).date(), 5).value


def test_it_is_idempotent_and_deterministic(demo, complaints):
    assert seed_complaints() == dict.fromkeys(demo, 0)
    assert Complaint.objects.count() == len(complaints)

    def signature():
        rows = Complaint.objects.order_by("centre__township__code", "submitted_at", "pk")
        return list(rows.values_list("centre_id", "channel", "category", "submitted_at", "status", "verdict"))

    before = signature()
    Complaint.objects.all().delete()
    seed_complaints()
    assert signature() == before


def test_it_writes_no_audit_log(demo):
    from auditlog.models import LogEntry

    assert LogEntry.objects.count() == 0

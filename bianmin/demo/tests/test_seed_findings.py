"""The demo supervision findings: seeded once on the demo county (without cases) for the module,
inside a transaction rolled back at the end; each test runs in a savepoint inside it."""

from collections import Counter
from datetime import time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from bianmin.demo.seed import seed_demo
from bianmin.demo.seed_findings import seed_findings
from bianmin.org.models import Centre
from bianmin.supervision.models import Bulletin, Inspection, MonitoringFinding, PressReport
from bianmin.supervision.selectors_findings import effects_by_centre
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.selectors import load_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_calendar", stdout=StringIO())
        seed_demo()
        counts = seed_findings()
        yield counts
        transaction.set_rollback(True)


def test_it_seeds_each_register_once(seeded):
    assert seeded == {
        "inspections": Inspection.objects.count(),
        "findings": MonitoringFinding.objects.count(),
        "press": PressReport.objects.count(),
        "bulletins": Bulletin.objects.count(),
    }
    assert 10 <= seeded["findings"] <= 20 and seeded["press"] >= 3 and seeded["bulletins"] >= 5
    assert seed_findings() == {"inspections": 0, "findings": 0, "press": 0, "bulletins": 0}


def test_it_runs_two_half_year_rounds_the_second_partly_done(seeded):
    centres = Centre.objects.filter(is_active=True).count()
    half_year = Inspection.objects.filter(kind="half_year")
    recent = half_year.filter(inspected_at__gte=timezone.now() - timedelta(days=40))
    assert half_year.count() - recent.count() == centres  # round one: every centre
    assert 0 < recent.count() < centres  # round two: partly done
    today = timezone.localdate()
    open_ones = recent.filter(rectification="", rectification_due__isnull=False)
    assert open_ones.filter(rectification_due__lt=today).exists()  # overdue, for the dashboard
    assert open_ones.filter(rectification_due__gte=today).exists()  # due within days
    assert half_year.exclude(rectification="").exists()


def test_it_has_unannounced_visits_by_the_public_with_bulletins(seeded):
    visits = Inspection.objects.filter(kind="unannounced")
    assert set(visits.values_list("inspector_kind", flat=True)) == {"media", "social", "third_party"}
    assert set(visits.values_list("outcome", flat=True)) == {"none", "praise", "criticism"}
    for visit in visits.exclude(outcome="none"):
        assert visit.bulletins.get().outcome == visit.outcome
    for visit in visits:
        assert any(getattr(visit, name) for name in Inspection.ASPECTS)


def test_it_places_everything_in_office_hours_before_now(seeded):
    now, calendar = timezone.now(), load_calendar()
    moments = [*Inspection.objects.values_list("inspected_at", flat=True)]
    moments += MonitoringFinding.objects.values_list("observed_at", flat=True)
    for at in moments:
        local = at.astimezone(CHINA)
        assert at < now and calendar.is_working_day(local.date()), local
        assert time(8, 30) <= local.time() < time(12) or time(14, 30) <= local.time() < time(17, 30), local
    for model, field in ((PressReport, "published_on"), (Bulletin, "issued_on")):
        assert all(day <= timezone.localdate() for day in model.objects.values_list(field, flat=True))


def test_it_shows_the_floor_and_the_caps_in_the_year(seeded):
    first, second = Centre.objects.order_by("township__code")[:2]
    effects = effects_by_centre(year=timezone.localdate().year)
    assert effects[first.pk].video_floored and effects[first.pk].video_deduction == 5
    assert effects[first.pk].commendations == 3 and effects[first.pk].commendation_bonus == 10
    assert effects[second.pk].commendations == 2 and effects[second.pk].commendation_bonus == 10
    assert any(e.exposures for e in effects.values()) and any(e.criticisms for e in effects.values())
    assert any(e.media_bonus for e in effects.values())


def test_it_annuls_one_finding_with_a_reason_and_names_the_demo_clerk(seeded):
    annulled = MonitoringFinding.objects.annulled().get()
    assert len(annulled.annul_reason) > 10 and annulled.annulled_by == annulled.recorded_by
    assert MonitoringFinding.objects.filter(staff__user__username="clerk_a").exists()
    assert all(f.staff for f in MonitoringFinding.objects.filter(kind="absent"))
    per_centre = Counter(MonitoringFinding.objects.values_list("centre_id", flat=True))
    assert len(per_centre) >= 8

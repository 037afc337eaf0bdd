"""The demo cases: a year of cases in every demo centre, something in every queue today.

The real demo is seeded once for the module (at a small volume; ``seed_demo`` under the test
settings seeds no cases unless ``DEMO_CASE_VOLUME`` says so) inside a transaction rolled back at
the end; each test runs in a savepoint inside it.
"""

import re
from collections import Counter
from datetime import time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from bianmin.cases.models import Case, CaseEvent, Consultation, NoticeKind, PointRecord
from bianmin.cases.selectors import with_lights
from bianmin.cases.workflow import Status
from bianmin.catalogue.models import CentreItem
from bianmin.core.personal import id_number_error
from bianmin.demo.seed_cases import seed_cases
from bianmin.org.models import Centre
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.selectors import load_calendar

pytestmark = pytest.mark.django_db

VOLUME = 0.03


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        with override_settings(DEMO_CASE_VOLUME=VOLUME):
            call_command("seed_demo", "--quiet-logins", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def cases(demo):
    return list(Case.objects.select_related("centre"))


def test_it_seeds_cases_in_every_centre_from_the_demo_command(demo, cases):
    assert f"新建办件 {len(cases)} 件" in demo
    per_centre = Counter(case.centre_id for case in cases)
    assert set(per_centre) == set(Centre.objects.values_list("pk", flat=True))
    assert min(per_centre.values()) >= 10


def test_it_spreads_the_cases_over_the_past_year_in_working_hours(cases):
    now = timezone.now()
    received = sorted(case.received_at for case in cases)
    assert now - timedelta(days=366) <= received[0] < now - timedelta(days=200)
    calendar = load_calendar()
    for at in CaseEvent.objects.values_list("at", flat=True):
        local = at.astimezone(CHINA)
        assert at < now and calendar.is_working_day(local.date()), local
        assert time(8) <= local.time() < time(12) or time(14, 30) <= local.time() < time(17, 30), local


def test_it_leaves_something_in_every_queue_today(cases):
    states = Counter(case.status for case in cases)
    for status in (
        Status.DELIVERED,
        Status.HANDLING,
        Status.SUSPENDED,
        Status.EXTENSION_PENDING,
        Status.AWAITING_SUPPLEMENT,
        Status.IN_TRANSFER,
        Status.RESULT_AT_POINT,
        Status.NOT_ACCEPTED,
        Status.WITHDRAWN,
    ):
        assert states[status] >= 1, status
    assert states[Status.DELIVERED] >= Centre.objects.count()
    lights = Counter((case.centre_id, case.light.key) for case in with_lights(cases))
    for centre in Centre.objects.all():
        assert lights[(centre.pk, "red")] >= 1, centre.name  # overdue now
        assert lights[(centre.pk, "yellow")] >= 1, centre.name  # due today or next working day
    for centre_id in {case.centre_id for case in cases}:
        mine = Counter(case.status for case in cases if case.centre_id == centre_id)
        assert mine[Status.EXTENSION_PENDING] and mine[Status.IN_TRANSFER] and mine[Status.SUSPENDED]


def test_it_mixes_notices_late_agency_and_on_the_spot_cases(cases):
    kinds = Counter(kind for case in cases for kind in case.notices.values_list("kind", flat=True))
    assert set(kinds) == set(NoticeKind.values)
    assert any(case.channel == "agency" and case.status == Status.DELIVERED for case in cases)
    assert any(case.is_immediate and case.accepted_at == case.delivered_at for case in cases)  # on the spot
    assert any(case.on_time is False for case in cases)
    assert any(case.pending_fulfilled_at for case in cases)
    assert any(case.callback_at for case in cases)


def test_it_keeps_every_history_in_order_ending_in_the_case_state(cases):
    events = list(CaseEvent.objects.order_by("case_id", "pk").values_list("case_id", "action", "to_status", "at"))
    by_case: dict[int, list] = {}
    for case_id, action, to_status, at in events:
        by_case.setdefault(case_id, []).append((action, to_status, at))
    for case in cases:
        history = by_case[case.pk]
        assert history[0][0] in ("register", "register_at_point") and history[0][2] == case.received_at
        assert [at for _, _, at in history] == sorted(at for _, _, at in history), case.receipt_number
        assert history[-1][1] == case.status
        if case.accepted_at and not case.is_immediate:
            assert case.notices.filter(kind=NoticeKind.PROMISE).exists()


def test_it_uses_only_listed_items_and_agency_items_at_points(cases):
    listed = set(CentreItem.objects.filter(is_active=True).values_list("centre_id", "item_id"))
    for case in Case.objects.select_related("guide", "agency_point"):
        assert (case.centre_id, case.item_id) in listed
        if case.agency_point_id:
            assert case.guide.agency_allowed and case.agency_point.centre_id == case.centre_id


def test_it_invents_applicants_with_valid_id_numbers_and_mobiles(cases):
    for case in cases:
        assert case.id_number.startswith("361123") and id_number_error(case.id_number) is None
        assert re.fullmatch(r"1[3-9]\d{9}", case.phone)
        if case.agent_name:
            assert id_number_error(case.agent_id_number) is None


def test_it_records_consultations_and_point_help_and_mediation(demo):
    assert Consultation.objects.filter(agency_point__isnull=False).exists()
    assert Consultation.objects.filter(state=Consultation.State.OPEN).exists()
    assert Consultation.objects.filter(cases__isnull=False, state=Consultation.State.CLOSED).exists()
    kinds = set(PointRecord.objects.values_list("kind", flat=True))
    assert kinds == {PointRecord.Kind.HELP, PointRecord.Kind.MEDIATION}
    for centre in Centre.objects.all():
        assert Consultation.objects.filter(centre=centre).exists(), centre.name


def test_it_adds_nothing_on_a_second_run(demo):
    counts = (
        Case.objects.count(),
        CaseEvent.objects.count(),
        Consultation.objects.count(),
        PointRecord.objects.count(),
    )
    assert seed_cases(volume=VOLUME) == {"centres": 0, "cases": 0, "consultations": 0, "point_records": 0}
    assert counts == (
        Case.objects.count(),
        CaseEvent.objects.count(),
        Consultation.objects.count(),
        PointRecord.objects.count(),
    )


def test_it_writes_no_audit_log(demo):
    from auditlog.models import LogEntry

    assert LogEntry.objects.count() == 0

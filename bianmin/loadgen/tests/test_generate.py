"""The load-data generator on a tiny county: what it writes is what the workflow would have written,
it is the same from the same seed, the people can log in and work on, and it refuses a database
that already holds data."""

from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F

from bianmin.cases import services, workflow
from bianmin.cases.models import Case, CaseEvent, Notice, ReceiptCounter
from bianmin.loadgen.generate import run
from bianmin.loadgen.shape import CHINA, shape_for
from bianmin.org.models import Centre, Staff

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=CHINA)
TINY = shape_for("county", centres=2, years=1, cases_per_centre_year=1_200, items=120, now=NOW)


@pytest.fixture
def generated(db):
    return run(TINY, password="Load-Test-2026", progress=lambda _m: None)


def test_it_writes_a_county_with_cases_history_and_records(generated):
    assert Centre.objects.count() == 2
    cases = Case.objects.count()
    assert 1_800 < cases < 3_000  # 2 centres × 1,200 a year, scaled by size and season
    assert generated.tables["cases_case"] == cases
    assert generated.rows == sum(step.rows for step in generated.steps)
    for table in (
        "cases_caseevent",
        "cases_notice",
        "supervision_rating",
        "operations_attendance",
        "operations_centrelog",
        "reports_monthlyreport",
        "cases_consultation",
    ):
        assert generated.tables.get(table, 0) > 0, table
    statuses = dict(Case.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses["delivered"] > cases * 0.8
    assert {"handling", "not_accepted", "withdrawn"} <= set(statuses)
    assert Case.objects.filter(completed_at__gt=F("due_at")).exists()  # some are late
    assert not Case.objects.filter(received_at__gte=NOW).exists()
    assert not CaseEvent.objects.filter(at__gte=NOW).exists()


def test_every_event_is_an_edge_of_the_workflow(generated):
    for action, source, target in CaseEvent.objects.exclude(action__in=["register", "register_at_point"]).values_list(
        "action", "from_status", "to_status"
    ):
        edge = workflow.edge(workflow.Status(source), workflow.Action(action))
        assert edge is not None, (action, source)
        assert target == edge.target or action in ("approve_extension", "reject_extension", "resume")


def test_the_case_status_is_its_last_events(generated):
    for case in Case.objects.order_by("?")[:200]:
        last = case.events.order_by("at", "pk").last()
        assert last.to_status == case.status
        transitions = case.events.exclude(action__in=["register", "register_at_point"]).count()
        assert case.version == transitions


def test_the_same_seed_gives_the_same_data(db):
    def generated_once():
        with transaction.atomic():
            run(TINY, progress=lambda _m: None)
            rows = list(Case.objects.order_by("pk").values_list("receipt_number", "item_name", "status", "due_at"))
            transaction.set_rollback(True)
        return rows

    first = generated_once()
    assert len(first) > 1_000
    assert generated_once() == first


def test_a_generated_clerk_logs_in_and_the_numbering_continues(generated, client):
    clerk = Staff.objects.select_related("user", "centre__township").get(user__username="c0001-clerk1")
    response = client.post("/login/", {"username": "c0001-clerk1", "password": "Load-Test-2026"})
    assert response.status_code == 302, response.content.decode()[:500]
    last = ReceiptCounter.objects.get(centre=clerk.centre, year=2026).last
    assert Case.objects.filter(receipt_number=f"{clerk.centre.township.code}-2026-{last:06d}").exists()
    item = clerk.centre.items.filter(item__current__handling_type="promised").first().item
    case = services.case_register(
        actor=clerk,
        item=item,
        applicant=services.Applicant(
            name="王小明", id_type="resident", id_number="11010519491231002X", phone="13812345678"
        ),
        at=NOW,
    )
    assert case.receipt_number == f"{clerk.centre.township.code}-2026-{last + 1:06d}"
    ticks = {m.position: ("received", "") for m in case.materials.all()}
    services.case_accept(case=case, actor=clerk, materials=ticks, at=NOW)
    assert Notice.objects.filter(case=case, kind="promise").exists()


def test_without_a_password_no_one_can_log_in(db):
    run(TINY, progress=lambda _m: None)
    assert not any(s.user.has_usable_password() for s in Staff.objects.select_related("user"))


def test_the_command_fills_an_empty_database_and_refuses_one_with_data(db):
    out = StringIO()
    args = ["--centres", "1", "--cases-per-centre-year", "300", "--items", "80", "--now", "2026-11-25T10:00"]
    call_command("generate_load_data", *args, stdout=out)
    text = out.getvalue()
    assert "生成数据:county of 1 centres" in text
    assert "行/秒" in text and "完成:共写入" in text
    assert "不能登录" in text
    with pytest.raises(CommandError, match="已有中心或办件数据"):
        call_command("generate_load_data", *args, stdout=StringIO())


def test_the_command_says_what_is_wrong_with_its_arguments(db):
    with pytest.raises(CommandError, match="--now 格式不正确"):
        call_command("generate_load_data", "--now", "yesterday", stdout=StringIO())

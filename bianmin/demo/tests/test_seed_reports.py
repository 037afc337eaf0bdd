"""The demo monthly reports: past months submitted (most on time, some late, one resubmitted), last
month left unsubmitted in about a quarter of the centres, the first one included — on the small
test county, with cases placed in the last months through the case services."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from bianmin.cases import services as case_services
from bianmin.cases.ledgers import Month
from bianmin.cases.tests.helpers import ALL_RECEIVED, applicant, listed_item
from bianmin.core.roles import Role
from bianmin.demo.seed_reports import seed_reports
from bianmin.org.tests.factories import staff_with_login
from bianmin.reports.models import MonthlyReport, MonthlyReportVersion
from bianmin.reports.rules import months_between
from bianmin.workcalendar import services as calendar_services
from bianmin.workcalendar.deadlines import CHINA

pytestmark = pytest.mark.django_db


def months_ago(n: int) -> Month:
    month = Month.of(timezone.localdate())
    for _ in range(n):
        month = month.previous()
    return month


def on_day(month: Month, day: int) -> datetime:
    return datetime.combine(datetime(month.year, month.month, day).date(), time(10), tzinfo=CHINA)


@pytest.fixture
def centres(county):
    calendar_services.seed_from_package()
    staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b)
    item = listed_item(county)
    for actor, month in ((county.clerk_a, months_ago(6)), (county.clerk_b, months_ago(4))):
        case_services.case_register(
            actor=actor, item=item, applicant=applicant(), materials=ALL_RECEIVED, at=on_day(month, 10)
        )
    return county


def test_it_submits_the_past_months_and_leaves_last_month_open_in_the_first_centre(centres):
    counts = seed_reports()
    last = months_ago(1)
    a = list(MonthlyReport.objects.filter(centre=centres.centre_a, status="submitted").order_by("month"))
    b = list(MonthlyReport.objects.filter(centre=centres.centre_b, status="submitted").order_by("month"))
    assert [r.period for r in a] == list(months_between(months_ago(6), last.previous()))
    assert [r.period for r in b] == list(months_between(months_ago(4), last))
    assert counts["missing"] == 1 and counts["reports"] == len(a) + len(b)
    assert counts["versions"] == MonthlyReportVersion.objects.count() == counts["reports"] + counts["resubmitted"]
    assert counts["resubmitted"] == 1
    assert MonthlyReportVersion.objects.filter(number=2).exclude(reason="").count() == 1
    now = timezone.now()
    for version in MonthlyReportVersion.objects.all():
        local = timezone.localtime(version.submitted_at)
        assert version.submitted_at < now
        assert time(8, 30) <= local.time() <= time(17, 1), local
    assert not MonthlyReport.objects.filter(
        centre=centres.centre_a, month__year=last.year, month__month=last.month, status="submitted"
    ).exists()


def test_it_is_deterministic_and_runs_once(centres):
    first = seed_reports()
    snapshot = list(MonthlyReportVersion.objects.order_by("pk").values_list("report__month", "submitted_at", "on_time"))
    assert seed_reports() == {k: 0 for k in first}
    assert (
        list(MonthlyReportVersion.objects.order_by("pk").values_list("report__month", "submitted_at", "on_time"))
        == snapshot
    )

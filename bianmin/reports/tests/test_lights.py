"""The monthly reports on the electronic monitoring dashboard: yellow before the deadline, red after
it, nothing once submitted, and only the months since the centre went live."""

from datetime import date

import pytest
from django.test import override_settings

from bianmin.cases.ledgers import Month
from bianmin.cases.tests.helpers import at, march_cases
from bianmin.monitoring.lights import Colour, Kind
from bianmin.monitoring.sources import SOURCES, Moment
from bianmin.reports import services
from bianmin.reports.lights import red_by_month, report_lights

pytestmark = pytest.mark.django_db

SUMMARY = "本月共收件九件,窗口服务总体平稳,一件超期正在督办。"


@pytest.fixture
def march(county):
    return march_cases(county)  # centre A from February 2026, centre B from March


def lights_at(moment, centre_ids=None):
    return {light.key: light for light in report_lights(Moment.at(moment, centre_ids=centre_ids))}


def test_it_is_registered_as_a_monitoring_source():
    assert report_lights in SOURCES


def test_it_turns_yellow_two_days_before_the_deadline_and_red_after_it(county, march):
    a, b = county.centre_a.pk, county.centre_b.pk
    early = lights_at(at(4, 2, 10))
    assert set(early) == {f"report:{a}:2026-02"}  # February is long overdue; March not yet lit
    assert early[f"report:{a}:2026-02"].colour == Colour.RED

    near = lights_at(at(4, 3, 10))
    assert near[f"report:{a}:2026-03"].colour == Colour.YELLOW
    assert near[f"report:{b}:2026-03"].colour == Colour.YELLOW
    assert near[f"report:{a}:2026-03"].kind == Kind.REPORT
    assert near[f"report:{a}:2026-03"].url == f"/reports/centre/{a}/2026-03/"
    assert near[f"report:{a}:2026-03"].title == "2026年3月信息未报送(期限 2026-04-05)"

    assert lights_at(at(4, 5, 23))[f"report:{a}:2026-03"].colour == Colour.YELLOW
    late = lights_at(at(4, 6, 0))
    assert late[f"report:{a}:2026-03"].colour == Colour.RED and late[f"report:{b}:2026-03"].colour == Colour.RED


def test_it_puts_out_the_light_once_submitted_even_late(county, march):
    services.report_submit(
        centre=county.centre_a, month=Month(2026, 3), actor=county.director_a, summary=SUMMARY, at=at(4, 8, 10)
    )
    lit = lights_at(at(4, 9, 10))
    assert f"report:{county.centre_a.pk}:2026-03" not in lit
    assert f"report:{county.centre_a.pk}:2026-02" in lit  # February is still missing
    assert f"report:{county.centre_b.pk}:2026-03" in lit


def test_it_counts_only_months_since_the_centre_went_live(county):
    assert lights_at(at(4, 9, 10)) == {}  # no case anywhere: nothing is due yet


@override_settings(REPORTS_FIRST_MONTH="2026-03")
def test_it_starts_from_the_configured_month_for_every_centre(county, march):
    lit = lights_at(at(4, 9, 10))
    assert set(lit) == {f"report:{county.centre_a.pk}:2026-03", f"report:{county.centre_b.pk}:2026-03"}


def test_it_keeps_to_the_centres_asked_for(county, march):
    assert {light.centre_id for light in lights_at(at(4, 9), centre_ids=[county.centre_b.pk]).values()} == {
        county.centre_b.pk
    }


def test_it_lights_the_dashboard_and_the_monitor_alerts_the_director(county, march, mailoutbox):
    from bianmin.monitoring.models import Alert
    from bianmin.monitoring.services import monitor_run

    county.director_a.user.email = "director_a@yushan.example"
    county.director_a.user.save(update_fields=["email"])
    monitor_run(now=at(4, 6, 9))
    alert = Alert.objects.get(key=f"report:{county.centre_a.pk}:2026-03")
    assert alert.kind == Kind.REPORT and "director_a@yushan.example" in alert.recipients
    assert any("月度信息报送" in m.body for m in mailoutbox)


def test_it_lists_the_reports_that_went_red_for_the_trend(county, march):
    services.report_submit(
        centre=county.centre_a, month=Month(2026, 3), actor=county.director_a, summary=SUMMARY, at=at(4, 3, 10)
    )
    events = red_by_month([county.centre_a.pk, county.centre_b.pk], since=date(2026, 1, 1), today=date(2026, 4, 9))
    # A's February (due 3-5) is missing, A's March was on time, B's March (due 4-5) is missing.
    assert sorted(events) == sorted([(county.centre_a.pk, date(2026, 3, 5)), (county.centre_b.pk, date(2026, 4, 5))])

"""Collectors beyond the cases: an inspection whose rectification is due and not written turns yellow
then red, and goes out once the centre writes its 整改情况 or the inspection is annulled."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bianmin.core.annul import annul
from bianmin.monitoring.lights import Colour, Kind
from bianmin.monitoring.sources import Moment, inspection_lights
from bianmin.supervision import services_findings
from bianmin.supervision.tests import test_findings_support as make
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 15, 10, tzinfo=CHINA)  # Monday


@pytest.fixture
def due_friday(county):
    calendar_services.seed_from_package()
    return make.inspection(county, at=NOW, rectification_due=date(2026, 6, 19))


def lights_at(day: int, hour: int = 10):
    return inspection_lights(Moment.at(datetime(2026, 6, day, hour, tzinfo=CHINA)))


def test_it_turns_yellow_the_day_before_and_red_after_the_deadline(due_friday):
    assert lights_at(17) == []  # Wednesday: two working days to go
    (yellow,) = lights_at(18)  # Thursday: due on the next working day
    assert (yellow.kind, yellow.colour, yellow.key) == (Kind.INSPECTION, Colour.YELLOW, f"inspection:{due_friday.pk}")
    (red,) = lights_at(22)  # the Monday after
    assert red.colour == Colour.RED and red.url.endswith(f"/{due_friday.pk}/")


def test_it_goes_out_once_the_rectification_is_written_or_the_inspection_annulled(county, due_friday):
    services_findings.inspection_rectify(inspection=due_friday, actor=county.director_a, rectification="已整改。")
    assert lights_at(22) == []
    other = make.inspection(county, at=NOW, rectification_due=date(2026, 6, 19))
    annul(other, actor=make.admin(county), reason="重复登记的检查记录")
    assert lights_at(22) == []


def test_the_trend_counts_a_rectification_written_late_or_never(county, due_friday):
    from bianmin.monitoring.selectors import trends

    late = make.inspection(county, at=NOW, rectification_due=date(2026, 6, 19))
    services_findings.inspection_rectify(
        inspection=late, actor=county.director_a, rectification="已整改。", at=datetime(2026, 6, 24, 9, tzinfo=CHINA)
    )
    on_time = make.inspection(county, at=NOW, rectification_due=date(2026, 6, 19))
    services_findings.inspection_rectify(
        inspection=on_time, actor=county.director_a, rectification="已整改。", at=datetime(2026, 6, 18, 9, tzinfo=CHINA)
    )

    data = trends([county.centre_a], now=datetime(2026, 7, 1, 10, tzinfo=CHINA))

    assert data["by_kind"][Kind.INSPECTION.label][data["months"].index("2026-06")] == 2  # never + late

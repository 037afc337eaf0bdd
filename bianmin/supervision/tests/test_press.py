"""Press reports (新闻报道) and bulletins (上级通报): who records them, what they must say."""

from datetime import date, timedelta

import pytest

from bianmin.core.errors import ApplicationError
from bianmin.supervision import services_findings as services
from bianmin.supervision.models import Bulletin, PressReport
from bianmin.supervision.tests import test_findings_support as make

pytestmark = pytest.mark.django_db
NOW = make.NOW


def test_it_records_a_press_report(county):
    report = make.press(county, link="https://www.srxww.com/2026/0614.html", summary="报道了帮办代办。", at=NOW)
    assert (report.tone, report.level, report.published_on) == ("positive", "city", date(2026, 6, 14))
    assert report.city_or_above and report.recorded_by == make.admin(county)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"tone": "neutral"}, "tone"),
        ({"level": "township"}, "level"),
        ({"outlet": ""}, "outlet"),
        ({"title": " "}, "title"),
        ({"published_on": date(2026, 6, 16)}, "published_on"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "ftp://example.com/a"}, "link"),
    ],
)
def test_it_refuses_an_incomplete_press_report(county, changes, field):
    with pytest.raises(ApplicationError) as exc:
        make.press(county, at=NOW, **changes)
    assert exc.value.field == field and not PressReport.objects.exists()


@pytest.mark.parametrize("who", ["inspector", "director_a", "clerk_a"])
def test_it_lets_only_the_county_admin_record_press_and_bulletins(county, who):
    actor = make.inspector(county) if who == "inspector" else getattr(county, who)
    with pytest.raises(ApplicationError, match="由县管委会登记"):
        make.press(county, actor=actor, at=NOW)
    with pytest.raises(ApplicationError, match="由县管委会登记"):
        make.bulletin(county, actor=actor, at=NOW)


def test_it_records_once_for_a_replayed_request(county):
    assert make.press(county, request_key="p", at=NOW).pk == make.press(county, request_key="p", at=NOW).pk
    assert make.bulletin(county, request_key="b", at=NOW).pk == make.bulletin(county, request_key="b", at=NOW).pk
    assert PressReport.objects.count() == 1 and Bulletin.objects.count() == 1


def test_it_records_a_bulletin_and_sets_the_outcome_of_its_inspection(county):
    inspection = make.inspection(county, at=NOW - timedelta(days=10))
    bulletin = make.bulletin(
        county, outcome="criticism", level="city", inspection=inspection, reference="饶审批通〔2026〕9号", at=NOW
    )
    inspection.refresh_from_db()
    assert bulletin.inspection == inspection
    assert (inspection.outcome, inspection.bulletin_ref) == ("criticism", "饶审批通〔2026〕9号")
    # A second bulletin about the same inspection leaves the first outcome in place.
    make.bulletin(county, outcome="praise", inspection=inspection, at=NOW)
    inspection.refresh_from_db()
    assert inspection.outcome == "criticism"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"outcome": "none"}, "outcome"),
        ({"level": ""}, "level"),
        ({"issuer": ""}, "issuer"),
        ({"title": ""}, "title"),
        ({"issued_on": date(2026, 6, 16)}, "issued_on"),
    ],
)
def test_it_refuses_an_incomplete_bulletin(county, changes, field):
    with pytest.raises(ApplicationError) as exc:
        make.bulletin(county, at=NOW, **changes)
    assert exc.value.field == field and not Bulletin.objects.exists()


def test_it_refuses_a_bulletin_linked_to_another_centre_or_a_void_inspection(county):
    other = make.inspection(county, centre=county.centre_b, at=NOW)
    with pytest.raises(ApplicationError) as exc:
        make.bulletin(county, inspection=other, at=NOW)
    assert exc.value.field == "inspection"
    void = make.inspection(county, at=NOW)
    services.record_annul(record=void, actor=make.admin(county), reason="登记重复", at=NOW)
    with pytest.raises(ApplicationError, match="已作废"):
        make.bulletin(county, inspection=void, at=NOW)
    earlier = make.inspection(county, at=NOW)
    with pytest.raises(ApplicationError) as exc:
        make.bulletin(county, inspection=earlier, issued_on=date(2026, 6, 1), at=NOW)
    assert exc.value.field == "issued_on"

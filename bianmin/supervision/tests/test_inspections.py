"""Inspections (plan 五(一) 督导, 五(二) 明察暗访): recording, the bulletin of a 通报, the rectification."""

from datetime import date, timedelta

import pytest

from bianmin.core.errors import ApplicationError
from bianmin.org.tests import factories
from bianmin.supervision import services_findings as services
from bianmin.supervision.models import Bulletin, Inspection
from bianmin.supervision.tests import test_findings_support as make

pytestmark = pytest.mark.django_db
NOW = make.NOW


def test_it_records_an_unannounced_visit_with_its_aspects(county):
    inspection = make.inspection(county, at=NOW, suggestions="建议增加老年人座椅。")
    assert (inspection.attitude, inspection.charging, inspection.quality) == ("good", "problem", "")
    assert inspection.outcome == "none" and not inspection.bulletins.exists()
    assert inspection.recorded_by == make.inspector(county) and inspection.recorded_at == NOW


def test_it_records_the_county_bulletin_of_a_criticism_in_the_same_step(county):
    inspection = make.inspection(
        county, outcome="criticism", bulletin_ref="玉行服通〔2026〕5号", bulletin_issued_on=date(2026, 6, 15), at=NOW
    )
    bulletin = Bulletin.objects.get()
    assert bulletin.inspection == inspection and bulletin.centre == county.centre_a
    assert (bulletin.outcome, bulletin.level, bulletin.issuer) == ("criticism", "county", services.COUNTY_ISSUER)
    assert bulletin.reference == "玉行服通〔2026〕5号" and bulletin.issued_on == date(2026, 6, 15)
    assert bulletin.recorded_by == make.inspector(county)


def test_it_dates_the_bulletin_on_the_inspection_day_by_default(county):
    make.inspection(county, outcome="praise", inspected_at=NOW - timedelta(days=3), at=NOW)
    assert Bulletin.objects.get().issued_on == date(2026, 6, 12)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        # 五(一): the half-yearly 督导 and the electronic monitoring are the county's own.
        ({"kind": "half_year", "inspector_kind": "media"}, "inspector_kind"),
        ({"kind": "electronic", "inspector_kind": "third_party"}, "inspector_kind"),
        # 五(二): an unannounced visit looks at least at one of the five aspects.
        ({"attitude": "", "charging": ""}, "attitude"),
        ({"attitude": "excellent"}, "attitude"),
        ({"kind": "patrol"}, "kind"),
        ({"findings": "  "}, "findings"),
        ({"inspector_name": ""}, "inspector_name"),
        ({"inspected_at": NOW + timedelta(minutes=1)}, "inspected_at"),
        ({"outcome": "none", "bulletin_ref": "玉行服通〔2026〕1号"}, "bulletin_ref"),
        ({"outcome": "praise", "bulletin_issued_on": date(2026, 6, 16)}, "bulletin_issued_on"),
        ({"outcome": "praise", "bulletin_issued_on": date(2026, 6, 1)}, "bulletin_issued_on"),
        ({"rectification_due": date(2026, 6, 1)}, "rectification_due"),
    ],
)
def test_it_refuses_an_inconsistent_inspection(county, changes, field):
    with pytest.raises(ApplicationError) as exc:
        make.inspection(county, at=NOW, **changes)
    assert exc.value.field == field
    assert not Inspection.objects.exists() and not Bulletin.objects.exists()


def test_it_accepts_a_half_year_inspection_by_the_county_with_no_aspects(county):
    inspection = make.inspection(
        county,
        kind="half_year",
        inspector_kind="county",
        inspector_name="县管委会督查股",
        attitude="",
        charging="",
        agency_point=county.point_a1,
        at=NOW,
    )
    assert inspection.agency_point == county.point_a1


def test_it_refuses_an_agency_point_of_another_centre(county):
    with pytest.raises(ApplicationError) as exc:
        make.inspection(county, agency_point=county.point_b1, at=NOW)
    assert exc.value.field == "agency_point"


@pytest.mark.parametrize("who", ["director_a", "clerk_a", "agent_a1"])
def test_it_lets_only_the_county_record_inspections(county, who):
    with pytest.raises(ApplicationError, match="县管委会和督查员"):
        make.inspection(county, actor=getattr(county, who), at=NOW)


def test_it_records_once_for_a_replayed_request(county):
    first = make.inspection(county, outcome="criticism", request_key="same", at=NOW)
    again = make.inspection(county, outcome="criticism", request_key="same", at=NOW)
    assert first.pk == again.pk and Inspection.objects.count() == 1 and Bulletin.objects.count() == 1


# --- 整改情况 --------------------------------------------------------------------------------------


def test_it_lets_the_centre_director_record_the_rectification(county):
    inspection = make.inspection(county, at=NOW, rectification_due=date(2026, 6, 30))
    done = services.inspection_rectify(
        inspection=inspection,
        actor=county.director_a,
        rectification="已更新收费公示栏。",
        seen_digest=services.text_digest(""),
    )
    assert done.rectification == "已更新收费公示栏。"
    assert done.rectified_by == county.director_a and done.rectified_at is not None
    again = services.inspection_rectify(
        inspection=inspection, actor=county.director_a, rectification="已更新收费公示栏。"
    )
    assert again.rectification == "已更新收费公示栏。"  # a replay changes nothing
    county_admin = services.inspection_rectify(
        inspection=inspection, actor=make.admin(county), rectification="已更新收费公示栏,县管委会复核通过。"
    )
    assert county_admin.rectification.endswith("复核通过。") and county_admin.rectified_by == make.admin(county)


def test_it_refuses_a_rectification_over_a_newer_text(county):
    inspection = make.inspection(county, at=NOW)
    services.inspection_rectify(inspection=inspection, actor=county.director_a, rectification="第一次填写")
    with pytest.raises(ApplicationError, match="已被他人处理"):
        services.inspection_rectify(
            inspection=inspection,
            actor=make.admin(county),
            rectification="覆盖的内容",
            seen_digest=services.text_digest(""),
        )
    assert Inspection.objects.get().rectification == "第一次填写"


def test_it_lets_no_one_else_record_the_rectification(county, director_b):
    inspection = make.inspection(county, at=NOW)
    for actor in (director_b, county.clerk_a, make.inspector(county)):
        with pytest.raises(ApplicationError, match="整改情况由被检查中心"):
            services.inspection_rectify(inspection=inspection, actor=actor, rectification="已整改")
    inactive = factories.staff_with_login("old_director", "centre_director", centre=county.centre_a, is_active=False)
    assert not services.may_rectify(inactive, inspection)


def test_it_refuses_a_rectification_of_an_annulled_inspection(county):
    inspection = make.inspection(county, at=NOW)
    services.record_annul(record=inspection, actor=make.inspector(county), reason="重复登记了", at=NOW)
    with pytest.raises(ApplicationError):
        services.inspection_rectify(inspection=inspection, actor=county.director_a, rectification="已整改")


def test_it_refuses_an_empty_rectification(county):
    inspection = make.inspection(county, at=NOW)
    with pytest.raises(ApplicationError) as exc:
        services.inspection_rectify(inspection=inspection, actor=county.director_a, rectification=" ")
    assert exc.value.field == "rectification"

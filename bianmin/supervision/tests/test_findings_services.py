"""Video-monitoring findings, annulment (never delete) and the year's effect per centre."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.core.annul import NO_DELETE
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.tests import factories
from bianmin.supervision import services_findings as services
from bianmin.supervision.models import Bulletin, Inspection, MonitoringFinding, PressReport
from bianmin.supervision.rules_findings import NO_EFFECTS
from bianmin.supervision.selectors_findings import effects_by_centre
from bianmin.supervision.tests import test_findings_support as make
from bianmin.supervision.tests.helpers import china

pytestmark = pytest.mark.django_db
NOW = make.NOW


# --- recording ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "deduction"), [("absent", 1), ("unrelated", 2), ("chatting", 1), ("other", 0)])
def test_it_stores_the_rubric_deduction_with_the_finding(county, kind, deduction):
    finding = make.finding(county, kind=kind, at=NOW)
    assert finding.deduction == Decimal(deduction)
    assert finding.recorded_by == make.inspector(county) and finding.recorded_at == NOW


def test_it_needs_the_person_for_an_absence(county):
    with pytest.raises(ApplicationError) as exc:
        make.finding(county, kind="absent", staff=None, at=NOW)
    assert exc.value.field == "staff" and "人次" in exc.value.message
    assert make.finding(county, kind="chatting", staff=None, at=NOW).staff is None


def test_it_refuses_a_person_or_window_of_another_centre(county):
    with pytest.raises(ApplicationError) as exc:
        make.finding(county, staff=county.clerk_b, at=NOW)
    assert exc.value.field == "staff"
    with pytest.raises(ApplicationError) as exc:
        make.finding(county, window=county.window_b, at=NOW)
    assert exc.value.field == "window"
    agent = county.agent_a1  # a village agent is not on the centre's video
    with pytest.raises(ApplicationError):
        make.finding(county, staff=agent, at=NOW)


def test_it_refuses_a_finding_seen_in_the_future(county):
    with pytest.raises(ApplicationError) as exc:
        make.finding(county, observed_at=NOW + timedelta(minutes=5), at=NOW)
    assert exc.value.field == "observed_at"


def test_it_records_once_for_a_replayed_request(county):
    first = make.finding(county, request_key="k-1", at=NOW)
    again = make.finding(county, request_key="k-1", at=NOW + timedelta(minutes=1))
    assert first.pk == again.pk and MonitoringFinding.objects.count() == 1


@pytest.mark.parametrize("who", ["director_a", "clerk_a"])
def test_it_lets_only_the_county_record_findings(county, who):
    with pytest.raises(ApplicationError) as exc:
        make.finding(county, actor=getattr(county, who), at=NOW)
    assert "县管委会和督查员" in exc.value.message
    assert make.finding(county, actor=make.admin(county), at=NOW).pk


# --- never deleted, annulled with a reason (issue #7 point 4) ----------------------------------


def test_it_never_deletes_a_record(county):
    finding = make.finding(county, at=NOW)
    with pytest.raises(ApplicationError, match=re.escape(NO_DELETE)):
        finding.delete()
    with pytest.raises(ApplicationError):
        MonitoringFinding.objects.all().delete()
    for model in (Inspection, PressReport, Bulletin):
        with pytest.raises(ApplicationError):
            model.objects.filter(pk=0).delete()
    assert MonitoringFinding.objects.filter(pk=finding.pk).exists()


def test_it_keeps_an_annulled_record_with_who_when_and_why(county):
    finding = make.finding(county, at=NOW)
    later = NOW + timedelta(hours=1)
    services.record_annul(record=finding, actor=make.inspector(county), reason="看错了窗口,实为4号窗口", at=later)
    stored = MonitoringFinding.objects.get(pk=finding.pk)
    assert stored.is_annulled and stored.annulled_at == later
    assert stored.annulled_by == make.inspector(county) and stored.annul_reason == "看错了窗口,实为4号窗口"
    assert not MonitoringFinding.objects.valid().exists() and MonitoringFinding.objects.annulled().count() == 1


def test_it_refuses_to_annul_twice(county):
    finding = make.finding(county, at=NOW)
    services.record_annul(record=finding, actor=make.admin(county), reason="重复登记", at=NOW)
    with pytest.raises(ApplicationError, match="已被作废"):
        services.record_annul(record=finding, actor=make.admin(county), reason="再次作废", at=NOW)
    stale = MonitoringFinding.objects.get(pk=finding.pk)
    stale.annulled_at = None  # a page opened before the first annulment
    with pytest.raises(ApplicationError, match="已被作废"):
        services.record_annul(record=stale, actor=make.admin(county), reason="再次作废", at=NOW)
    assert MonitoringFinding.objects.get(pk=finding.pk).annul_reason == "重复登记"


def test_it_needs_a_reason_to_annul(county):
    finding = make.finding(county, at=NOW)
    with pytest.raises(ApplicationError) as exc:
        services.record_annul(record=finding, actor=make.admin(county), reason="  错 ")
    assert exc.value.field == "reason"
    assert not MonitoringFinding.objects.get(pk=finding.pk).is_annulled


def test_it_lets_only_the_recorder_or_the_county_admin_annul(county):
    finding = make.finding(county, at=NOW)  # recorded by the inspector
    other_inspector = factories.staff_with_login("inspector2", Role.INSPECTOR)
    for actor in (other_inspector, county.director_a, county.clerk_a):
        with pytest.raises(ApplicationError, match="只有登记人或县管委会"):
            services.record_annul(record=finding, actor=actor, reason="我认为不属实", at=NOW)
    assert services.record_annul(record=finding, actor=make.inspector(county), reason="本人登记有误", at=NOW)
    second = make.finding(county, at=NOW)
    assert services.record_annul(record=second, actor=make.admin(county), reason="经复核不属实", at=NOW)


def test_it_annuls_the_bulletin_an_inspection_made(county):
    inspection = make.inspection(county, outcome="criticism", bulletin_ref="玉行服通〔2026〕3号", at=NOW)
    bulletin = inspection.bulletins.get()
    services.record_annul(record=inspection, actor=make.admin(county), reason="检查对象登记错误", at=NOW)
    bulletin.refresh_from_db()
    assert bulletin.is_annulled and bulletin.annul_reason == "来源检查已作废:检查对象登记错误"


# --- the year's effect per centre --------------------------------------------------------------


def test_it_sums_a_year_per_centre_from_valid_records_only(county):
    a, b = county.centre_a, county.centre_b
    for kind in ("unrelated", "unrelated", "chatting", "absent"):  # 6 points: floored at 5
        make.finding(county, kind=kind, at=NOW)
    make.finding(county, centre=b, kind="chatting", staff=county.clerk_b, window=county.window_b, at=NOW)
    annulled = make.finding(county, centre=b, kind="unrelated", staff=county.clerk_b, window=None, at=NOW)
    services.record_annul(record=annulled, actor=make.admin(county), reason="误登记到乙乡", at=NOW)
    last_year = china(2025, 12, 31, 16)
    make.finding(county, centre=b, kind="unrelated", staff=county.clerk_b, window=None, at=last_year)
    for _ in range(3):
        make.bulletin(county, at=NOW)  # three city commendations: +10
    make.bulletin(county, outcome="criticism", level="county", issuer="县行政服务中心管委会", at=NOW)
    make.press(county, at=NOW)
    make.press(county, centre=b, tone="negative", level="city", title="乙乡窗口人员上班玩手机", at=NOW)

    with CaptureQueriesContext(connection) as ctx:
        effects = effects_by_centre(year=2026)
    assert len(ctx.captured_queries) == 3
    assert effects[a.pk].video_deduction == 5 and effects[a.pk].video_points == 6
    assert effects[a.pk].commendation_bonus == 10 and effects[a.pk].commendations == 3
    assert effects[a.pk].exposure_deduction == 5 and effects[a.pk].media_bonus == 5
    assert effects[b.pk].video_deduction == 1 and effects[b.pk].exposure_deduction == 5
    assert effects_by_centre(year=2025)[b.pk].video_deduction == 2


def test_it_answers_for_every_centre_asked(county):
    make.finding(county, at=NOW)
    effects = effects_by_centre(year=2026, centre_ids=[county.centre_b.pk])
    assert effects == {county.centre_b.pk: NO_EFFECTS}
    assert effects_by_centre(year=2024) == {}

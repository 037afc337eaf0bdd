"""Setting the standardization plans (plan 三): who may, and every refusal in Chinese."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from bianmin.assessment import selectors_progress as sel
from bianmin.assessment.models import StandardTarget, TargetStatus
from bianmin.assessment.services_progress import target_set
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.tests.factories import staff_with_login

from .test_progress_helpers import CHINA

AT = datetime(2019, 6, 10, 9, 30, tzinfo=CHINA)
TODAY = date(2019, 6, 10)


@pytest.fixture
def admin(county):
    return county.users[Role.COUNTY_ADMIN].staff


@pytest.fixture
def director_b(county):
    return staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b)


def _set(
    actor,
    *,
    centre=None,
    point=None,
    code="deputy",
    status=TargetStatus.PLANNED,
    when=date(2019, 9, 30),
    note="",
    at=AT,
):
    return target_set(
        actor=actor, centre=centre, agency_point=point, code=code, status=status, target_date=when, note=note, at=at
    )


def test_it_lets_a_director_plan_an_unmet_item_of_their_centre_and_change_it(county):
    target = _set(county.director_a, centre=county.centre_a, code="line:卫计", note="设立卫计窗口,抽调计生专干")
    assert (target.centre, target.code, target.status, target.target_date) == (
        county.centre_a,
        "line:卫计",
        "planned",
        date(2019, 9, 30),
    )
    assert target.updated_by == county.director_a and target.updated_at == AT
    later = datetime(2019, 7, 1, 9, tzinfo=CHINA)
    again = _set(
        county.director_a,
        centre=county.centre_a,
        code="line:卫计",
        status=TargetStatus.BUILDING,
        when=date(2019, 8, 31),
        note="窗口已装修",
        at=later,
    )
    assert again.pk == target.pk and again.status == "building" and again.note == "窗口已装修"
    assert StandardTarget.objects.count() == 1


def test_it_lets_a_director_plan_for_their_agency_points(county):
    # Point A2 is 25㎡: below the 30㎡ of 四(二)2.
    target = _set(county.director_a, point=county.point_a2, code="area", note="迁至村委会一楼")
    assert target.agency_point == county.point_a2 and target.centre is None


def test_it_lets_the_county_admin_plan_for_any_centre(county, admin):
    assert _set(admin, centre=county.centre_b, code="hall_area").centre == county.centre_b  # 95㎡


def test_it_refuses_another_centres_director_inspectors_and_clerks(county, director_b):
    inspector = county.users[Role.INSPECTOR].staff
    for actor in (director_b, inspector, county.clerk_a, county.agent_a1):
        with pytest.raises(ApplicationError, match="只有本中心主任或县行政服务中心管委会"):
            _set(actor, centre=county.centre_a)
    with pytest.raises(ApplicationError, match="只有本中心主任"):
        _set(director_b, point=county.point_a2, code="area")
    assert not StandardTarget.objects.exists()


def test_it_hides_centre_a_from_director_b_and_refuses_read_only_roles(county, director_b):
    with pytest.raises(Http404):
        sel.get_centre_for_plan(director_b.user, county.centre_a.pk)
    with pytest.raises(Http404):
        sel.get_point_for_plan(director_b.user, county.point_a2.pk)
    with pytest.raises(PermissionDenied):
        sel.get_centre_for_plan(county.users[Role.INSPECTOR], county.centre_a.pk)
    with pytest.raises(PermissionDenied):
        sel.get_centre_for_plan(county.clerk_a.user, county.centre_a.pk)
    with pytest.raises(PermissionDenied):
        sel.get_point_for_plan(county.agent_a1.user, county.point_a1.pk)
    assert sel.get_centre_for_plan(county.director_a.user, county.centre_a.pk) == county.centre_a
    assert sel.get_point_for_plan(county.director_a.user, county.point_a2.pk) == county.point_a2


def test_it_refuses_a_past_date_for_a_new_plan_but_lets_an_overdue_plan_keep_its_date(county):
    with pytest.raises(ApplicationError, match="目标日期不能早于今天") as exc:
        _set(county.director_a, centre=county.centre_a, when=date(2019, 6, 9))
    assert exc.value.field == "target_date"
    assert _set(county.director_a, centre=county.centre_a, when=TODAY).target_date == TODAY  # today is fine
    later = datetime(2019, 7, 1, 9, tzinfo=CHINA)  # the plan is now overdue
    kept = _set(county.director_a, centre=county.centre_a, when=TODAY, status=TargetStatus.BUILDING, at=later)
    assert kept.status == "building" and kept.target_date == TODAY
    with pytest.raises(ApplicationError, match="目标日期不能早于今天"):  # moved to another past date
        _set(county.director_a, centre=county.centre_a, when=date(2019, 6, 30), at=later)


def test_it_needs_a_target_date_for_a_plan_not_done(county):
    with pytest.raises(ApplicationError, match="请填写目标日期") as exc:
        _set(county.director_a, centre=county.centre_a, when=None)
    assert exc.value.field == "target_date"


def test_it_refuses_measures_over_300_characters(county):
    with pytest.raises(ApplicationError, match="不能超过300字") as exc:
        _set(county.director_a, centre=county.centre_a, note="扩" * 301)
    assert exc.value.field == "note"
    assert len(_set(county.director_a, centre=county.centre_a, note="扩" * 300).note) == 300


def test_it_refuses_an_unknown_code_and_status_and_a_unit_that_is_not_one(county):
    with pytest.raises(ApplicationError, match="没有这个标准项目"):
        _set(county.director_a, centre=county.centre_a, code="facility:has_swimming_pool")
    with pytest.raises(ApplicationError, match="没有这个标准项目"):
        _set(county.director_a, centre=county.centre_a, code="area")  # a point's code
    with pytest.raises(ApplicationError, match="请选择进度"):
        _set(county.director_a, centre=county.centre_a, status="abandoned")
    with pytest.raises(ApplicationError, match="请选择一个中心或一个代办点"):
        _set(county.director_a)
    with pytest.raises(ApplicationError, match="请选择一个中心或一个代办点"):
        _set(county.director_a, centre=county.centre_a, point=county.point_a1)


def test_it_refuses_a_new_plan_on_an_item_the_records_show_met(county):
    # Centre A's hall is 210㎡ and it has a 民政 window and a director.
    for code in ("hall_area", "line:民政", "director"):
        with pytest.raises(ApplicationError, match="按记录已经达标,无需制定计划") as exc:
            _set(county.director_a, centre=county.centre_a, code=code)
        assert exc.value.field == "code"
    with pytest.raises(ApplicationError, match="已经达标"):
        _set(county.director_a, point=county.point_a1, code="area")  # 40㎡


def test_it_closes_an_existing_plan_once_its_item_is_met(county):
    _set(county.director_a, centre=county.centre_a, code="facility:has_touch_kiosk", note="申请经费购置")
    county.centre_a.has_touch_kiosk = True
    county.centre_a.save()
    closed = _set(
        county.director_a,
        centre=county.centre_a,
        code="facility:has_touch_kiosk",
        status=TargetStatus.BUILDING,
        note="已安装",
    )
    assert closed.status == "done" and closed.note == "已安装"


def test_it_refuses_done_on_an_item_the_records_show_unmet(county):
    _set(county.director_a, centre=county.centre_a, code="facility:has_touch_kiosk")
    with pytest.raises(ApplicationError, match="仍未达标,不能标记为已完成") as exc:
        _set(county.director_a, centre=county.centre_a, code="facility:has_touch_kiosk", status=TargetStatus.DONE)
    assert exc.value.field == "status"
    assert StandardTarget.objects.get().status == "planned"


def test_it_refuses_inactive_units(county):
    county.point_a2.is_active = False
    county.point_a2.save()
    with pytest.raises(ApplicationError, match="已停用"):
        _set(county.director_a, point=county.point_a2, code="area")


def test_it_refuses_a_plan_changed_by_someone_else_meanwhile(county, monkeypatch):
    target = _set(county.director_a, centre=county.centre_a)
    real_filter = StandardTarget.objects.filter

    def stale(*args, **kwargs):  # the row changes between the read and the update
        if "updated_at" in kwargs:
            StandardTarget.objects.filter(pk=target.pk).update(note="他人修改")
            kwargs["updated_at"] = AT.replace(year=2000)
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(StandardTarget.objects, "filter", stale)
    with pytest.raises(ApplicationError, match="已被他人修改"):
        _set(county.director_a, centre=county.centre_a, note="我的修改")


def test_it_reads_fresh_findings_for_the_service(county):
    codes = {f.code for f in sel.centre_findings_now(county.centre_a)}
    assert "deputy" in codes and "line:民政" not in codes
    assert {f.code for f in sel.point_findings_now(county.point_a2)} >= {"area"}
    county.point_a2.area = Decimal("30")
    county.point_a2.save()
    assert "area" not in {f.code for f in sel.point_findings_now(county.point_a2)}

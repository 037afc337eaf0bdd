from decimal import Decimal

import pytest

from bianmin.org.facilities import AGENCY_POINT_FACILITIES, CENTRE_FACILITIES
from bianmin.org.models import AgencyPoint, Centre
from bianmin.org.standards import (
    HallClass,
    centre_findings,
    hall_class,
    is_up_to_standard,
    missing_mandatory_lines,
    point_findings,
)

MANDATORY = ["民政", "劳动保障", "卫计", "医疗保险", "综治信访"]
ALL_CENTRE = {item.code: True for item in CENTRE_FACILITIES}
ALL_POINT = {item.code: True for item in AGENCY_POINT_FACILITIES}


@pytest.mark.parametrize(
    ("area", "cls"),
    [
        (250, HallClass.MODEL),
        (200, HallClass.MODEL),  # "不少于200平方米": 200 itself is 示范型
        (Decimal("199.9"), HallClass.STANDARD),
        (150, HallClass.STANDARD),
        (149, HallClass.BASIC),
        (100, HallClass.BASIC),
        (Decimal("99.9"), HallClass.BELOW),
        (0, HallClass.BELOW),
    ],
)
def test_it_classes_halls_by_area(area, cls):
    assert hall_class(area) is cls


def test_it_lists_missing_mandatory_lines_in_plan_order():
    assert missing_mandatory_lines(["民政", "卫计", "社会保险"], MANDATORY) == ["劳动保障", "医疗保险", "综治信访"]
    assert missing_mandatory_lines([*MANDATORY, "涉农补贴"], MANDATORY) == []


def _centre(**overrides):
    values = {
        "hall_area": Decimal(160),
        "lines_present": MANDATORY,
        "mandatory_lines": MANDATORY,
        "window_kinds": ["resident", "comprehensive", "guidance"],
        "has_director": True,
        "has_deputy": True,
        "facilities": ALL_CENTRE,
    }
    return centre_findings(**(values | overrides))


def test_it_finds_nothing_in_a_complete_centre():
    assert _centre() == []


def test_it_reports_each_gap_of_a_centre_with_its_clause():
    findings = _centre(
        hall_area=Decimal(90),
        lines_present=["民政", "劳动保障", "卫计", "医疗保险"],
        window_kinds=["resident"],
        has_deputy=False,
        facilities=ALL_CENTRE | {"has_touch_kiosk": False},
    )
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {
        "hall_area",
        "line:综治信访",
        "window:comprehensive",
        "window:guidance",
        "deputy",
        "facility:has_touch_kiosk",
    }
    assert by_code["line:综治信访"].clause == "四(一)3(1)"
    assert by_code["hall_area"].severity == "danger"
    assert not is_up_to_standard(findings)


def test_it_treats_missing_equipment_as_a_gap_not_a_failure():
    findings = _centre(facilities=ALL_CENTRE | {"has_display_screen": False})
    assert [f.code for f in findings] == ["facility:has_display_screen"]
    assert is_up_to_standard(findings)


def _point(**overrides):
    values = {
        "area": Decimal(30),
        "receiving_windows": 1,
        "issuing_windows": 1,
        "staff_count": 2,
        "has_head": True,
        "facilities": ALL_POINT,
    }
    return [f.code for f in point_findings(**(values | overrides))]


@pytest.mark.parametrize(
    ("overrides", "codes"),
    [
        ({}, []),  # exactly at the standard: 30㎡, 1 receiving + 1 issuing window, 2 staff
        ({"area": Decimal("29.5")}, ["area"]),
        ({"receiving_windows": 0}, ["receiving_windows"]),
        ({"receiving_windows": 3}, ["receiving_windows"]),
        ({"issuing_windows": 0}, ["issuing_windows"]),
        ({"staff_count": 0}, ["staff"]),
        ({"staff_count": 3}, ["staff"]),
        ({"has_head": False}, ["head"]),
        ({"facilities": ALL_POINT | {"has_whereabouts_board": False}}, ["facility:has_whereabouts_board"]),
    ],
)
def test_it_checks_agency_points_against_the_plan(overrides, codes):
    assert _point(**overrides) == codes


@pytest.mark.parametrize(("model", "items"), [(Centre, CENTRE_FACILITIES), (AgencyPoint, AGENCY_POINT_FACILITIES)])
def test_it_stores_every_checklist_item_as_a_boolean_field(model, items):
    for item in items:
        assert model._meta.get_field(item.code).get_internal_type() == "BooleanField"

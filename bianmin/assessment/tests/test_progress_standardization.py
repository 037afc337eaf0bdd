"""Table tests of the pure standardization progress (plan 三, 四): checklists, overdue targets, the
goal's countdown and the 示范型/先锋型 candidate rule."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from bianmin.assessment import standardization as std
from bianmin.org.facilities import AGENCY_POINT_FACILITIES, CENTRE_FACILITIES
from bianmin.org.standards import Finding, HallClass, centre_findings, point_findings

MANDATORY = ["民政", "劳动保障", "卫计", "医疗保险", "综治信访"]
TODAY = date(2019, 6, 10)


@dataclass
class Target:
    status: str
    target_date: date | None
    note: str = ""


def test_it_lists_every_possible_centre_code_and_they_cover_every_finding():
    codes = std.centre_codes(MANDATORY)
    assert codes[:6] == ["hall_area", "line:民政", "line:劳动保障", "line:卫计", "line:医疗保险", "line:综治信访"]
    assert {"window:comprehensive", "window:guidance", "director", "deputy"} <= set(codes)
    assert {f"facility:{item.code}" for item in CENTRE_FACILITIES} <= set(codes)
    assert len(codes) == len(set(codes)) == 1 + 5 + 2 + 2 + len(CENTRE_FACILITIES)
    # A centre with nothing at all: every finding has a code of the checklist.
    nothing = centre_findings(
        hall_area=Decimal("50"),
        lines_present=[],
        mandatory_lines=MANDATORY,
        window_kinds=[],
        has_director=False,
        has_deputy=False,
        facilities={},
    )
    assert {f.code for f in nothing} == set(codes)


def test_it_lists_every_possible_point_code_and_they_cover_every_finding():
    codes = std.point_codes()
    assert codes[:5] == ["area", "receiving_windows", "issuing_windows", "staff", "head"]
    assert len(codes) == 5 + len(AGENCY_POINT_FACILITIES)
    nothing = point_findings(
        area=Decimal("10"), receiving_windows=0, issuing_windows=0, staff_count=0, has_head=False, facilities={}
    )
    assert {f.code for f in nothing} == set(codes)


def test_it_marks_required_items_like_the_danger_findings():
    required = {item.code for item in std.centre_items(MANDATORY) if item.required}
    assert required == {"hall_area", *(f"line:{line}" for line in MANDATORY), "director", "deputy"}
    assert {item.code for item in std.point_items() if item.required} == {"area", "staff"}


@pytest.mark.parametrize(
    ("met", "target_date", "overdue"),
    [
        (False, date(2019, 6, 9), True),  # yesterday, still unmet: red
        (False, date(2019, 6, 10), False),  # due today: the target date is the last day
        (False, date(2019, 6, 11), False),
        (False, None, False),  # no date, nothing to be late for
        (True, date(2019, 1, 1), False),  # met: the date no longer matters
    ],
)
def test_it_flags_a_target_overdue_only_when_its_date_has_passed_and_the_item_is_unmet(met, target_date, overdue):
    assert std.is_overdue(met=met, target_date=target_date, today=TODAY) is overdue


def test_it_reads_each_items_status_from_the_findings_and_attaches_its_target():
    items = std.centre_items(MANDATORY)
    findings = [
        Finding("line:卫计", "缺少必设的卫计窗口(5+x)", "四(一)3(1)", "danger"),
        Finding("facility:has_touch_kiosk", "缺少:触摸查询机", "四(一)2(3)"),
        Finding("deputy", "未配备专职副主任", "四(一)1(1)", "danger"),
    ]
    targets = {
        "line:卫计": Target("building", date(2019, 5, 31)),  # overdue
        "facility:has_touch_kiosk": Target("planned", date(2021, 3, 1)),  # after the goal
        "has_nothing_to_do_with_it": Target("planned", date(2019, 7, 1)),
        "facility:has_name_plate": Target("building", date(2019, 5, 1)),  # met since: 已完成, not overdue
    }
    rows = {row.item.code: row for row in std.checklist(items, findings, targets, today=TODAY, goal=date(2020, 12, 31))}
    assert len(rows) == len(items)
    assert rows["line:卫计"].overdue and rows["line:卫计"].hard and rows["line:卫计"].plan_label == "建设中"
    assert not rows["facility:has_touch_kiosk"].overdue and rows["facility:has_touch_kiosk"].after_goal
    assert not rows["facility:has_touch_kiosk"].hard
    assert rows["deputy"].needs_plan and rows["deputy"].plan_label == "未制定计划"
    assert rows["deputy"].detail == "未配备专职副主任"
    assert rows["facility:has_touch_kiosk"].detail == ""  # "缺少:触摸查询机" only repeats the label
    name_plate = rows["facility:has_name_plate"]
    assert name_plate.met and not name_plate.overdue and name_plate.plan_status == "done"
    assert name_plate.plan_label == "已完成" and name_plate.status_label == "达标"
    assert rows["hall_area"].met and rows["hall_area"].plan_status is None


def test_it_keeps_a_finding_the_checklist_does_not_know():
    findings = [Finding("line:便民", "缺少必设的便民窗口(5+x)", "四(一)3(1)", "danger")]
    rows = std.checklist(std.centre_items(MANDATORY), findings, {}, today=TODAY)
    assert rows[-1].item.code == "line:便民" and rows[-1].hard


@pytest.mark.parametrize(
    ("goal", "today", "days_left", "label", "expired"),
    [
        (date(2020, 12, 31), date(2020, 12, 1), 30, "剩余 30 天", False),
        (date(2020, 12, 31), date(2020, 12, 31), 0, "今日到期", False),  # the goal date is the last day
        (date(2020, 12, 31), date(2021, 1, 1), -1, "已到期", True),
        (date(2020, 12, 31), date(2018, 12, 31), 731, "剩余 731 天", False),  # two years incl. 2020-02-29
    ],
)
def test_it_counts_down_to_the_goal(goal, today, days_left, label, expired):
    c = std.countdown(goal, today)
    assert (c.days_left, c.label, c.expired) == (days_left, label, expired)


def test_it_parses_the_goal_date_and_refuses_a_bad_one():
    assert std.parse_goal("2020-12-31") == date(2020, 12, 31)
    assert std.parse_goal(date(2021, 6, 30)) == date(2021, 6, 30)
    with pytest.raises(ValueError, match="STANDARDIZATION_GOAL_DATE"):
        std.parse_goal("2020/12/31")


GOOD = dict(
    hard_gaps=0,
    hall=HallClass.MODEL,
    villages=8,
    covered=8,
    published_total=Decimal("90"),
    published_year=2019,
    min_score=90,
)


@pytest.mark.parametrize(
    ("change", "candidate", "missing"),
    [
        ({}, True, []),  # every condition met, the score exactly at the floor
        ({"published_total": Decimal("89.5")}, False, ["score"]),
        ({"published_total": Decimal("104")}, True, []),  # with bonus points
        ({"published_total": None, "published_year": None}, False, ["score"]),  # no published assessment
        ({"hard_gaps": 1}, False, ["standard"]),
        ({"hall": HallClass.STANDARD}, False, ["hall"]),  # 199㎡ is 标准型, not 示范型
        ({"covered": 7}, False, ["coverage"]),
        ({"villages": 0, "covered": 0}, False, ["coverage"]),  # no village recorded: nothing covered
        (
            {"hard_gaps": 2, "hall": HallClass.BELOW, "covered": 0, "published_total": None},
            False,
            ["standard", "hall", "coverage", "score"],
        ),
    ],
)
def test_it_names_a_candidate_only_when_every_condition_is_met(change, candidate, missing):
    result = std.candidacy(**(GOOD | change))
    assert result.is_candidate is candidate
    assert [c.key for c in result.missing] == missing
    assert result.awaits_score is (missing == ["score"])


def test_it_says_there_is_no_published_assessment_yet():
    result = std.candidacy(**(GOOD | {"published_total": None, "published_year": None}))
    score = result.conditions[-1]
    assert score.detail == "尚无已发布的年度考核" and "90" in score.label
    assert std.candidacy(**GOOD).conditions[-1].detail == "2019年度 90 分"  # points shown without ".00"


def _progress(code, *, hard=0, other=0, villages=4, covered=4, overdue=False, points=(), candidate=False):
    """A centre's progress with ``hard`` missed hard items and ``other`` missed other items."""
    rows = [
        std.ChecklistRow(
            std.StandardItem(f"h{i}", "h", "", "g", True),
            Finding(f"h{i}", "", "", "danger"),
            overdue=overdue and i == 0,
        )
        for i in range(hard)
    ]
    rows += [std.ChecklistRow(std.StandardItem(f"o{i}", "o", "", "g"), Finding(f"o{i}", "", "")) for i in range(other)]
    rows += [std.ChecklistRow(std.StandardItem(f"m{i}", "m", "", "g"), None) for i in range(10 - hard - other)]
    cand = std.candidacy(**(GOOD | ({} if candidate else {"published_total": None})))
    return std.CentreProgress(
        centre=SimpleNamespace(pk=code),
        name=f"镇{code}",
        sort_code=code,
        hall=HallClass.MODEL,
        rows=rows,
        villages=villages,
        covered=covered,
        points=list(points),
        candidacy=cand,
    )


def test_it_orders_the_county_table_standardized_first_or_by_gaps():
    a = _progress("101", hard=2, other=1)
    b = _progress("102", hard=0, other=3)
    c = _progress("103", hard=0, other=1)
    d = _progress("104", hard=1, other=0, overdue=True)
    assert [p.sort_code for p in std.order([a, b, c, d])] == ["103", "102", "104", "101"]
    assert [p.sort_code for p in std.order([a, b, c, d], "gaps")] == ["101", "104", "102", "103"]
    assert [p.sort_code for p in std.order([a, b, c, d], "overdue")] == ["104", "101", "102", "103"]
    assert [p.sort_code for p in std.order([d, c, b, a], "code")] == ["101", "102", "103", "104"]
    assert std.order([d, a], "nonsense") == std.order([d, a], "standard")


def test_it_sums_the_county():
    ok_point = std.PointProgress(
        SimpleNamespace(pk=1), [std.ChecklistRow(std.StandardItem("area", "", "", "", True), None)]
    )
    bad_point = std.PointProgress(
        SimpleNamespace(pk=2),
        [std.ChecklistRow(std.StandardItem("area", "", "", "", True), Finding("area", "", "", "danger"), overdue=True)],
    )
    a = _progress("101", hard=0, villages=5, covered=5, points=[ok_point, bad_point], candidate=True)
    b = _progress("102", hard=1, villages=3, covered=1, overdue=True)
    c = _progress("103", hard=0, villages=0, covered=0)
    summary = std.county_summary([a, b, c], std.countdown(date(2020, 12, 31), date(2021, 1, 4)))
    assert (summary.centres, summary.standardized, summary.remaining) == (3, 2, 1)
    assert (summary.villages, summary.covered, summary.coverage_percent) == (8, 6, 75)
    assert (summary.points, summary.points_ok, summary.points_percent) == (2, 1, 50)
    assert summary.overdue == 2  # one of centre B, one of a point of centre A
    assert summary.candidates == [a] and summary.goal_missed
    assert dict(summary.hall_counts)[HallClass.MODEL] == 3
    assert std.percent(2, 3) == 66 and std.percent(1, 0) is None
    chart = std.chart_data([a, b])
    assert chart == {
        "centres": ["镇101", "镇102"],
        "met": [10, 9],
        "hard": [0, 1],
        "other": [0, 0],
        "coverage": [100, 33],
    }

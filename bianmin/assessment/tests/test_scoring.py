"""Table tests of ``scoring.py`` (pure: no database): every rule and every automatic source at its edges.

The indicators are built from the 2018 rubric as data (``rubric_2018.SECTIONS``), so a test of
"事项应进必进" runs the 附件's own numbers (10 points, 3 per missing window, 扣完为止).
"""

from decimal import Decimal as D

import pytest

from bianmin.assessment import rubric_2018
from bianmin.assessment.scoring import (
    AUTO_SOURCES,
    COUNT_SOURCES,
    FACILITY_LABELS,
    MAX_COUNT,
    SOURCE_CHOICES,
    CentreFacts,
    Evidence,
    IndicatorSpec,
    ItemSpec,
    Rule,
    auto_value,
    fmt,
    hall_points,
    indicator_points,
    rank,
    share_points,
    source_error,
    totals,
    value_error,
)

# --- the 2018 rubric as specs -------------------------------------------------------------------


def spec_of(title: str) -> IndicatorSpec:
    """The ``IndicatorSpec`` of the 2018 indicator ``title``; item keys are their positions 1, 2 …"""
    for section in rubric_2018.SECTIONS:
        for ind in section.indicators:
            if ind.title == title:
                items = tuple(ItemSpec(n, item.points, item.unit) for n, item in enumerate(ind.items, start=1))
                return IndicatorSpec(title, ind.rule, ind.max_points, items)
    raise KeyError(title)


def points(title: str, *values) -> D:
    """Points of indicator ``title`` with its items' values in order (None: not scored)."""
    spec = spec_of(title)
    got = {n: (None if v is None else D(str(v))) for n, v in enumerate(values, start=1)}
    return indicator_points(spec, got).points


def every_indicator():
    for section in rubric_2018.SECTIONS:
        for ind in section.indicators:
            yield section, ind


# --- rules at their edges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((0,), 10),  # every mandatory window in place
        ((1,), 7),  # 缺少一个扣3分
        ((3,), 1),
        ((4,), 0),  # 10 − 12 = −2: 扣完为止 floors the indicator at 0, not −2
        ((5,), 0),
    ],
)
def test_it_deducts_3_per_missing_window_down_to_zero(values, expected):
    assert points("事项应进必进", *values) == expected


def test_it_keeps_the_raw_deduction_beside_the_floor():
    result = indicator_points(spec_of("事项应进必进"), {1: D(4)})
    assert (result.points, result.raw, result.floored, result.complete) == (0, -2, True, True)
    result = indicator_points(spec_of("事项应进必进"), {1: D(1)})
    assert (result.points, result.raw, result.floored) == (7, 7, False)


@pytest.mark.parametrize(
    ("complaints", "exposures", "expected"),
    [
        (0, 0, 5),
        (1, 0, 0),  # 每次扣5分
        (2, 0, -5),  # 不限次: below the indicator's 0
        (3, 0, -10),  # 5 − 15 = −10, no floor
        (1, 1, -5),  # a verified complaint and a superior's 通报批评 / media exposure
        (0, 2, -5),
    ],
)
def test_it_deducts_complaints_and_exposures_without_floor(complaints, exposures, expected):
    assert points("群众满意情况", complaints, exposures) == expected


def test_three_verified_complaints_take_ten_points_from_the_total():
    # Every other base indicator at its maximum (95), 群众满意情况 at 5 − 15 = −10: base 85.
    results = []
    for section, ind in every_indicator():
        if section.is_bonus:
            continue
        spec = spec_of(ind.title)
        if ind.title == "群众满意情况":
            values = {1: D(3), 2: D(0)}
        elif ind.rule in (Rule.MANUAL, Rule.CHECKLIST):
            values = {item.key: item.points for item in spec.items}
        elif ind.rule is Rule.PER_MONTH:
            values = {1: D(12)}
        else:  # deductions: nothing to deduct
            values = {item.key: D(0) for item in spec.items}
        results.append((indicator_points(spec, values), False))
    sums = totals(results)
    assert (sums.base, sums.bonus, sums.total, sums.complete) == (D(85), 0, D(85), True)


@pytest.mark.parametrize(
    ("absent", "unrelated", "chatting", "expected"),
    [
        (0, 0, 0, 5),
        (1, 0, 0, 4),  # 无故空岗,每人次扣1分
        (0, 1, 0, 3),  # 做与工作无关的事,每次扣2分
        (0, 0, 1, 4),  # 扎堆聊天、吃零食,每次扣1分
        (1, 2, 0, 0),  # 1 + 4 = 5: exactly nothing left
        (3, 2, 0, 0),  # 3 + 4 = 7: 扣完为止, 0 not −2
        (9, 9, 9, 0),
    ],
)
def test_it_floors_the_video_deductions_at_zero(absent, unrelated, chatting, expected):
    assert points("视频监控情况", absent, unrelated, chatting) == expected


@pytest.mark.parametrize(
    ("times", "expected"),
    [(0, 0), (1, 5), (2, 10), (3, 10), (10, 10)],  # 每次加5分,最多加10分
)
def test_it_caps_each_bonus_at_ten(times, expected):
    assert points("市级以上部门通报表扬", times) == expected
    assert points("市级以上媒体正面报道", times) == expected


def test_bonus_points_count_apart_from_the_base():
    commendations = indicator_points(spec_of("市级以上部门通报表扬"), {1: D(3)})
    media = indicator_points(spec_of("市级以上媒体正面报道"), {1: D(1)})
    base = indicator_points(spec_of("群众满意情况"), {1: D(0), 2: D(0)})
    sums = totals([(commendations, True), (media, True), (base, False)])
    assert (sums.base, sums.bonus, sums.total) == (5, 15, 20)
    assert commendations.floored  # 15 capped at 10


@pytest.mark.parametrize(
    ("months", "expected"),
    [(0, 0), (1, D("0.5")), (7, D("3.5")), (11, D("5.5")), (12, 6)],  # 每月0.5分
)
def test_it_awards_half_a_point_per_month_reported_on_time(months, expected):
    assert points("材料上报", months) == expected


def test_a_thirteenth_month_is_refused():
    item = spec_of("材料上报").items[0]
    assert value_error(Rule.PER_MONTH, item, D(12)) is None
    assert value_error(Rule.PER_MONTH, item, D(13)) == "月数不能超过12。"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((2, 1, 1, 1), 5),
        ((D("1.5"), 1, 0, 1), D("3.5")),
        ((0, 0, 0, 0), 0),
        ((3, 1, 1, 1), 5),  # an item never counts beyond its own points
    ],
)
def test_checklist_sums_the_items_within_their_points(values, expected):
    assert points("服务场所固定", *values) == expected


def test_manual_points_stop_at_the_maximum_and_unscored_items_are_incomplete():
    assert points("内部管理制度", 4) == 4
    assert points("内部管理制度", 5) == 4
    result = indicator_points(spec_of("单位领导重视"), {1: D(2), 2: D(1)})  # items 3 and 4 not scored
    assert (result.points, result.complete) == (3, False)
    sums = totals([(result, False)])
    assert sums.complete is False


# --- value_error and source_error ---------------------------------------------------------------

POINTS_ITEM = ItemSpec("x", D(2))
COUNT_ITEM = ItemSpec("y", D(0), D(5))


@pytest.mark.parametrize(
    ("rule", "item", "value", "message"),
    [
        (Rule.CHECKLIST, POINTS_ITEM, D(2), None),
        (Rule.CHECKLIST, POINTS_ITEM, D("1.5"), None),
        (Rule.CHECKLIST, POINTS_ITEM, D(0), None),
        (Rule.CHECKLIST, POINTS_ITEM, D("2.5"), "得分不能超过本项分值 2 分。"),
        (Rule.CHECKLIST, POINTS_ITEM, D("0.3"), "得分以0.5分为最小单位。"),
        (Rule.MANUAL, POINTS_ITEM, D(-1), "分值不能为负数。"),
        (Rule.DEDUCT_FLOORED, COUNT_ITEM, D(-1), "次数不能为负数。"),
        (Rule.DEDUCT_UNLIMITED, COUNT_ITEM, D("1.5"), "次数(月数)应为整数。"),
        (Rule.BONUS, COUNT_ITEM, D(MAX_COUNT), None),
        (Rule.BONUS, COUNT_ITEM, D(MAX_COUNT + 1), f"次数不能超过{MAX_COUNT}。"),
        (Rule.PER_MONTH, COUNT_ITEM, D(13), "月数不能超过12。"),
        (Rule.DEDUCT_UNLIMITED, COUNT_ITEM, D(13), None),  # only months stop at 12
        (Rule.BONUS, COUNT_ITEM, D("3.0"), None),  # 3.0 is a whole number
    ],
)
def test_value_error_messages(rule, item, value, message):
    assert value_error(rule, item, value) == message


@pytest.mark.parametrize(
    ("rule", "source", "message"),
    [
        (Rule.CHECKLIST, "", None),
        (Rule.MANUAL, "", None),
        (Rule.CHECKLIST, "hall_class", None),
        (Rule.DEDUCT_FLOORED, "mandatory_lines", None),
        (Rule.PER_MONTH, "monthly_reports", None),
        (Rule.BONUS, "commendations", None),
        (Rule.CHECKLIST, "nonsense", "未知的自动评分数据来源。"),
        (Rule.CHECKLIST, "video_absent", "该数据来源给出的是次数(月数),与本指标的评分方式“逐项得分”不符。"),
        (Rule.BONUS, "hall_class", "该数据来源给出的是分值,与本指标的评分方式“每次加分,最多加至分值”不符。"),
        (Rule.DEDUCT_FLOORED, "overdue_cases", "该数据来源给出的是分值,与本指标的评分方式“每次扣分,扣完为止”不符。"),
    ],
)
def test_source_error_matches_sources_to_rules(rule, source, message):
    assert source_error(rule, source) == message


def test_every_item_of_the_2018_rubric_has_a_fitting_source():
    for _section, ind in every_indicator():
        for item in ind.items:
            assert source_error(ind.rule, item.source) is None, (ind.title, item.text)
    assert set(AUTO_SOURCES) >= COUNT_SOURCES
    assert [code for code, _label in SOURCE_CHOICES] == list(AUTO_SOURCES)


def test_an_unknown_source_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown scoring source"):
        auto_value("nonsense", CentreFacts(centre_id=1), D(1))


# --- share_points, rank, fmt --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pts", "done", "total", "expected"),
    [
        (D(2), 0, 0, 0),  # nothing to keep yet: nothing to show
        (D(2), 0, 9, 0),
        (D(2), 9, 9, 2),  # full only when nothing is missing
        (D(2), 10, 9, 2),
        (D(2), 8, 9, D("1.5")),  # 1.78 → 1.5 (rounded down to 0.5)
        (D(2), 5, 9, 1),  # 1.11 → 1
        (D(2), 2, 9, 0),  # 0.44 → 0
        (D(2), 1, 4, D("0.5")),
        (D(2), 3, 4, D("1.5")),
        (D(2), -1, 4, 0),
    ],
)
def test_share_points_rounds_down_to_half_points(pts, done, total, expected):
    assert share_points(pts, done, total) == expected


def test_rank_shares_places_between_equal_totals():
    got = rank({1: D(90), 2: D(95), 3: D("90.0"), 4: D(80), 5: D(-5)})
    assert got == {2: 1, 1: 2, 3: 2, 4: 4, 5: 5}  # 1, 2, 2, 4 — competition ranking
    assert rank({}) == {}
    assert rank({7: D(0), 8: D(0)}) == {7: 1, 8: 1}


@pytest.mark.parametrize(
    ("value", "text"),
    [(D("4.50"), "4.5"), (D("10"), "10"), (D("100.00"), "100"), (D("-5"), "-5"), (D("0.00"), "0"), (D("-0.0"), "0")],
)
def test_fmt_prints_points_without_trailing_zeros(value, text):
    assert fmt(value) == text


# --- the automatic sources ----------------------------------------------------------------------

CENTRE = "/org/centres/1/"
E1, E2, E3 = Evidence("一"), Evidence("二"), Evidence("三")


def facts(**kw) -> CentreFacts:
    return CentreFacts(centre_id=1, centre_url=CENTRE, **kw)


def auto(source: str, pts="1", **kw):
    return auto_value(source, facts(**kw), D(pts))


@pytest.mark.parametrize(
    ("area", "expected", "label"),
    [
        ("250", 2, "示范型"),
        ("200", 2, "示范型"),  # 示范型 不少于200平方米
        ("199.9", D("1.5"), "标准型"),
        ("150", D("1.5"), "标准型"),  # 标准型 不少于150平方米
        ("149.9", 1, "简朴型"),
        ("100", 1, "简朴型"),  # 简朴型 不少于100平方米
        ("99.9", 0, "未达标(不足100㎡)"),
        ("99", 0, "未达标(不足100㎡)"),
        ("0", 0, "未达标(不足100㎡)"),
    ],
)
def test_hall_class_points(area, expected, label):
    assert hall_points(D(area)) == (expected, label)
    got = auto("hall_class", "2", hall_area=D(area))
    assert got.value == expected
    assert got.summary == f"大厅面积 {fmt(D(area))}㎡,{label}"
    assert got.evidence == (Evidence("中心基本情况", CENTRE, f"{fmt(D(area))}㎡"),)


def test_hall_class_never_exceeds_the_items_points():
    assert auto("hall_class", "1", hall_area=D(300)).value == 1  # an edited rubric with a 1-point item


@pytest.mark.parametrize(
    ("source", "codes"),
    [
        ("open_counters", ("has_open_counters",)),
        ("public_amenities", ("has_public_seating", "has_drinking_water")),
        ("office_furniture", ("has_office_furniture",)),
        ("pc_per_window", ("has_pc_per_window",)),
        ("screens", ("has_display_screen", "has_touch_kiosk")),
        ("complaint_channels", ("has_complaint_box", "has_complaint_phone")),
        ("name_plate", ("has_name_plate",)),
        ("window_signs", ("has_window_signs",)),
        ("staff_badges", ("has_staff_badges",)),
        ("notice_board", ("has_notice_board",)),
    ],
)
def test_facility_sources_need_every_flag(source, codes):
    every = dict.fromkeys(codes, True)
    assert auto(source, "2", facilities=every).value == 2
    assert auto(source, "2", facilities=every).summary == "设施登记:均已具备"
    assert auto(source, "2", facilities={**every, codes[-1]: False}).value == 0
    assert auto(source, "2", facilities={}).value == 0  # nothing registered
    labels = "、".join(FACILITY_LABELS[code] for code in codes)  # the checklist's Chinese labels, never field names
    assert auto(source, "2", facilities={}).summary == f"设施登记:缺:{labels}"


@pytest.mark.parametrize(("phone", "expected"), [("0793-2221234", 1), ("", 0), ("   ", 0)])
def test_service_phone(phone, expected):
    assert auto("service_phone", service_phone=phone).value == expected


@pytest.mark.parametrize(
    ("missing", "count", "summary"),
    [
        ((), 0, "必设窗口均已进驻"),
        (("卫计",), 1, "缺少:卫计"),
        (("劳动保障", "卫计", "医疗保险", "综治信访"), 4, "缺少:劳动保障、卫计、医疗保险、综治信访"),
    ],
)
def test_mandatory_lines_give_the_count_of_missing_windows(missing, count, summary):
    got = auto("mandatory_lines", "0", missing_lines=missing)
    assert (got.value, got.summary) == (count, summary)


@pytest.mark.parametrize(
    ("items", "gaps", "handbook", "content"),
    [
        (0, (), 0, 0),  # no printed item: no handbook at all
        (12, (), 5, 5),  # 制定《便民服务指南》(5分) and complete (5分)
        (12, ("工作职责",), 5, 3),  # 内容不全的扣2分
        (12, ("工作职责", "联系方式", "有关责任人员"), 5, 3),  # 2 once, whatever is missing
    ],
)
def test_handbook_and_its_content(items, gaps, handbook, content):
    book = {"handbook_items": items, "handbook_gaps": gaps, "handbook_url": "/h/"}
    assert auto("handbook", "5", **book).value == handbook
    got = auto("handbook_content", "5", **book)
    assert got.value == content
    if gaps:
        assert got.summary == "内容不全(扣2分):缺" + "、".join(gaps)
        assert got.evidence == (Evidence("便民服务指南", "/h/", "、".join(gaps)),)


def test_handbook_content_deduction_does_not_go_below_zero():
    assert auto("handbook_content", "1", handbook_items=3, handbook_gaps=("联系方式",)).value == 0


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("disclosure_basis", "办理依据"),
        ("disclosure_procedure", "办理流程"),
        ("disclosure_materials", "申报材料"),
        ("disclosure_time_limit", "承诺时限"),
        ("disclosure_fees", "收费标准及依据"),
    ],
)
def test_disclosure_point_needs_every_item_to_state_it(source, name):
    assert auto(source, disclosure_items=0).value == 0  # an empty list discloses nothing
    full = auto(source, disclosure_items=30, disclosure_gaps={})
    assert (full.value, full.summary) == (1, f"30 个事项的{name}全部公开")
    other = "办理依据" if name != "办理依据" else "申报材料"
    assert auto(source, disclosure_items=30, disclosure_gaps={other: (E1,)}).value == 1  # another's gap
    gap = auto(source, disclosure_items=30, disclosure_gaps={name: (E1, E2)})
    assert (gap.value, gap.summary, gap.evidence) == (0, f"2 个事项未公开{name}", (E1, E2))


@pytest.mark.parametrize(
    ("owed", "kept", "expected"),
    [(0, 0, 0), (9, 9, 2), (9, 8, D("1.5")), (9, 5, 1), (12, 3, D("0.5")), (12, 0, 0)],
)
def test_ledgers_score_the_share_of_months_kept(owed, kept, expected):
    months = tuple(Evidence(f"{m}月台账") for m in range(owed))
    got = auto("ledgers", "2", ledger_months=months, ledger_months_kept=kept)
    assert got.value == expected
    if owed == 0:  # nothing owed yet: the inspector checks the paper ledgers on site
        assert (got.summary, got.evidence) == ("系统中尚无应登记的月份,请现场核查台账后评分", ())
        return
    assert got.summary == f"{owed} 个月中 {kept} 个月有登记簿、统计簿"
    assert got.evidence == months


@pytest.mark.parametrize(
    ("promised", "noticed", "expected"),
    [(0, 0, 0), (40, 40, 2), (40, 39, D("1.5")), (40, 20, 1), (40, 0, 0)],
)
def test_notices_score_the_share_of_promised_cases_with_a_notice(promised, noticed, expected):
    got = auto("notices", "2", promised_cases=promised, promised_with_notice=noticed, cases_without_notice=(E1,))
    assert got.value == expected
    if promised == 0:  # no promised case to show a notice for: left to the inspector, said so
        assert "请现场核查" in got.summary and got.evidence == ()
        return
    assert got.evidence == (E1,)


@pytest.mark.parametrize(
    ("count", "sample", "expected", "summary"),
    [
        (0, (), 1, "无超时办件"),
        (1, (E1,), 0, "超期办件 1 件"),  # 有一件扣1分
        (2, (E1, E2), 0, "超期办件 2 件"),  # not below 0
        (120, (E1,), 0, "超期办件 120 件"),  # the count, not the sample's length
    ],
)
def test_overdue_cases_cost_a_point_each_down_to_zero(count, sample, expected, summary):
    got = auto("overdue_cases", "1", overdue_count=count, overdue_cases=sample)
    assert (got.value, got.summary, got.evidence) == (expected, summary, sample)


def test_monthly_reports_give_the_months_on_time():
    months = tuple(Evidence(f"{m}月月报") for m in range(1, 13))
    got = auto("monthly_reports", "0", report_months=months, reports_on_time=7)
    assert (got.value, got.summary, got.evidence) == (7, "按时报送 7 个月", months)


@pytest.mark.parametrize(
    ("villages", "missing", "expected"),
    [
        (12, (), 5),  # 实现村居便民服务代办点全覆盖(5分)
        (12, (E1,), 0),  # all or nothing
        (0, (), 0),  # no village registered: coverage not shown
    ],
)
def test_point_coverage_is_all_or_nothing(villages, missing, expected):
    got = auto("point_coverage", "5", villages=villages, villages_without_point=missing)
    assert got.value == expected
    assert got.evidence == missing


@pytest.mark.parametrize(
    ("source", "field", "summary"),
    [
        ("complaints_verified", "complaints_verified", "查证属实 {n} 件"),
        ("criticisms_exposures", "criticisms_and_exposures", "{n} 次"),
        ("commendations", "commendations", "{n} 次"),
        ("positive_media", "positive_media", "{n} 次"),
    ],
)
@pytest.mark.parametrize("evidence", [(), (E1,), (E1, E2, E3)])
def test_counting_sources_count_their_evidence(source, field, summary, evidence):
    got = auto(source, "0", **{field: evidence})
    assert (got.value, got.summary, got.evidence) == (len(evidence), summary.format(n=len(evidence)), evidence)


@pytest.mark.parametrize(
    ("source", "kind", "summary"),
    [
        ("video_absent", "absent", "{n} 人次"),
        ("video_unrelated", "unrelated", "{n} 次"),
        ("video_chatting", "chatting", "{n} 次"),
    ],
)
def test_video_sources_count_their_kind(source, kind, summary):
    video = {"absent": (E1,), "unrelated": (E1, E2), "chatting": (E1, E2, E3), "other": (E1,)}
    expected = len(video[kind])
    got = auto(source, "0", video=video)
    assert (got.value, got.summary) == (expected, summary.format(n=expected))
    assert auto(source, "0", video={}).value == 0


def test_every_source_reads_empty_facts():
    # A centre with no records at all: every source answers, none raises.
    for source in AUTO_SOURCES:
        got = auto_value(source, CentreFacts(centre_id=1), D(1))
        assert got.value >= 0
        assert got.summary

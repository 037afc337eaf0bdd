"""The arithmetic of the annual assessment (plan 五(三) and its 附件 考核评分细则), pure.

No ORM, no settings: the rubric comes in as ``IndicatorSpec`` values, a centre's records as
``CentreFacts`` (filled by ``inputs.py``), and out come points with their evidence. Tested from
tables in ``tests/test_scoring.py``.

How an indicator's points are computed from its items (``Rule``):

- ``MANUAL``     人工评分: the inspector's points, 0 … the indicator's maximum (one item);
- ``CHECKLIST``  逐项得分: each item scores 0 … its own points; the sum, at most the maximum;
- ``DEDUCT_FLOORED``   每次扣分,扣完为止: maximum − Σ unit × occurrences, not below 0;
- ``DEDUCT_UNLIMITED`` 每次扣分,不限次: maximum − Σ unit × occurrences, *no floor*: the
  indicator may go below zero and take points from the total (群众满意情况: three verified
  complaints are −15 against an indicator of 5, i.e. −10);
- ``PER_MONTH``  按月得分: unit × months, at most the maximum (材料上报: 0.5 a month, 6 a year);
- ``BONUS``      每次加分: unit × occurrences, at most the maximum (加分项目: 5 each, up to 10).

An item's stored ``value`` is points for MANUAL/CHECKLIST items and a count (occurrences, months)
for the others. ``None`` is "not scored yet": it counts as 0 and marks the result incomplete.

Automatic items name a *source*; ``auto_value`` turns the centre's facts into the item's value and
the evidence behind it. Every reading of the rubric that decides points is written next to the code.
"""

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from bianmin.org.facilities import CENTRE_FACILITIES
from bianmin.org.standards import HallClass, hall_class

ZERO = Decimal("0")
HALF = Decimal("0.5")


class Rule(enum.StrEnum):
    MANUAL = "manual"
    CHECKLIST = "checklist"
    DEDUCT_FLOORED = "deduct_floored"
    DEDUCT_UNLIMITED = "deduct_unlimited"
    PER_MONTH = "per_month"
    BONUS = "bonus"

    @property
    def label(self) -> str:
        return RULE_LABELS[self]

    @property
    def counts(self) -> bool:
        """Whether an item's value is a count (occurrences, months) rather than points."""
        return self in COUNTING_RULES


RULE_LABELS: dict[Rule, str] = {
    Rule.MANUAL: "人工评分(不超过分值)",
    Rule.CHECKLIST: "逐项得分",
    Rule.DEDUCT_FLOORED: "每次扣分,扣完为止",
    Rule.DEDUCT_UNLIMITED: "每次扣分,不限次",
    Rule.PER_MONTH: "按月得分",
    Rule.BONUS: "每次加分,最多加至分值",
}
COUNTING_RULES = frozenset({Rule.DEDUCT_FLOORED, Rule.DEDUCT_UNLIMITED, Rule.PER_MONTH, Rule.BONUS})
MAX_COUNT = 999  # a count beyond this is a typing error, not a year of a township centre


@dataclass(frozen=True)
class ItemSpec:
    key: int | str
    points: Decimal  # MANUAL/CHECKLIST: the item's maximum; others: unused (0)
    unit: Decimal = ZERO  # DEDUCT/PER_MONTH/BONUS: points per occurrence or month


@dataclass(frozen=True)
class IndicatorSpec:
    key: int | str
    rule: Rule
    max_points: Decimal
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True)
class IndicatorResult:
    points: Decimal
    complete: bool  # every item has a value
    raw: Decimal  # before the floor/cap: what the items add up to (deductions as negative)

    @property
    def floored(self) -> bool:
        """The floor or the cap changed the result (扣完为止 / 最多加10分)."""
        return self.raw != self.points


def value_error(rule: Rule, item: ItemSpec, value: Decimal) -> str | None:
    """A Chinese message when ``value`` cannot be the value of ``item`` under ``rule``."""
    if value < 0:
        return "分值不能为负数。" if not rule.counts else "次数不能为负数。"
    if rule.counts:
        if value != value.to_integral_value():
            return "次数(月数)应为整数。"
        if rule is Rule.PER_MONTH and value > 12:
            return "月数不能超过12。"
        if value > MAX_COUNT:
            return f"次数不能超过{MAX_COUNT}。"
        return None
    if value > item.points:
        return f"得分不能超过本项分值 {fmt(item.points)} 分。"
    if value * 2 != (value * 2).to_integral_value():
        return "得分以0.5分为最小单位。"
    return None


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def indicator_points(spec: IndicatorSpec, values: Mapping[int | str, Decimal | None]) -> IndicatorResult:
    """The indicator's points from its items' values (keyed by ``ItemSpec.key``)."""
    got = {item.key: values.get(item.key) for item in spec.items}
    complete = all(value is not None for value in got.values())

    def value(item: ItemSpec) -> Decimal:
        return got[item.key] or ZERO

    if spec.rule in (Rule.MANUAL, Rule.CHECKLIST):
        raw = _sum(min(value(item), item.points) for item in spec.items)
        return IndicatorResult(min(raw, spec.max_points), complete, raw)
    if spec.rule in (Rule.DEDUCT_FLOORED, Rule.DEDUCT_UNLIMITED):
        raw = spec.max_points - _sum(item.unit * value(item) for item in spec.items)
        points = max(raw, ZERO) if spec.rule is Rule.DEDUCT_FLOORED else raw
        return IndicatorResult(points, complete, raw)
    # PER_MONTH and BONUS: awards per month / occurrence up to the maximum.
    raw = _sum(item.unit * value(item) for item in spec.items)
    return IndicatorResult(min(raw, spec.max_points), complete, raw)


@dataclass(frozen=True)
class Totals:
    base: Decimal  # the 100-point part (may be below 0 through 不限次 deductions)
    bonus: Decimal  # 加分项目
    complete: bool

    @property
    def total(self) -> Decimal:
        return self.base + self.bonus


def totals(results: Iterable[tuple[IndicatorResult, bool]]) -> Totals:
    """``results``: each indicator's result and whether it is a bonus indicator."""
    base, bonus, complete = ZERO, ZERO, True
    for result, is_bonus in results:
        if is_bonus:
            bonus += result.points
        else:
            base += result.points
        complete = complete and result.complete
    return Totals(base, bonus, complete)


def fmt(points: Decimal) -> str:
    """Points as a Chinese score sheet prints them: 10, 1.5, -5 (no trailing zeros)."""
    text = format(points.normalize(), "f")
    return "0" if text in ("-0", "") else text


def fmt_or_dash(points: Decimal | None) -> str:
    """Points as printed, "—" when there is nothing to show (no sheet last year)."""
    return "—" if points is None else fmt(points)


def fmt_signed(change: Decimal | None) -> str:
    """A change against last year as printed: "+2.5", "-1", "0", or "—"."""
    if change is None:
        return "—"
    return f"+{fmt(change)}" if change > 0 else fmt(change)


def share_points(points: Decimal, done: int, total: int) -> Decimal:
    """``points`` scaled by done/total, rounded down to 0.5 (full only when nothing is missing).

    Used where the rubric awards a practice (台账, 受理单/承诺通知单) that the records show for part
    of the year or part of the cases: a centre that kept it half the time gets half, not all.
    ``total`` 0 (nothing to keep yet) gives 0: there is nothing to show.
    """
    if total <= 0 or done <= 0:
        return ZERO
    if done >= total:
        return points
    scaled = points * done / total
    return (scaled / HALF).to_integral_value(rounding=ROUND_FLOOR) * HALF


def rank(totals_by_key: Mapping[int, Decimal]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4): equal totals share a place."""
    ordered = sorted(totals_by_key.items(), key=lambda pair: pair[1], reverse=True)
    places: dict[int, int] = {}
    previous: Decimal | None = None
    place = 0
    for position, (key, total) in enumerate(ordered, start=1):
        if total != previous:
            place, previous = position, total
        places[key] = place
    return places


# --- the facts of one centre's year and the automatic items -------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One record behind an automatic score: what it is and where to see it (``url`` may be '')."""

    label: str
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Auto:
    value: Decimal  # points or a count, as the item's rule reads it
    summary: str  # one line for the score sheet: why this value
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class CentreFacts:
    """What the records say about one centre's year, as plain values (``inputs.py`` fills it).

    List fields hold ``Evidence``; counts are their lengths unless said otherwise.
    """

    centre_id: int
    centre_url: str = ""
    hall_area: Decimal = ZERO
    facilities: Mapping[str, bool] = field(default_factory=dict)  # Centre.has_* flags
    service_phone: str = ""
    missing_lines: tuple[str, ...] = ()  # mandatory business lines with no active resident window
    # 便民服务指南: the handbook prints the implementation list; incomplete = what it lacks.
    handbook_items: int = 0
    handbook_url: str = ""
    handbook_gaps: tuple[str, ...] = ()
    # 公开办事制度: per disclosure item (办理依据 …), the centre's items whose guide does not state it.
    disclosure_items: int = 0
    disclosure_gaps: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)
    # 台账: months of the year so far, and those with cases in the register.
    ledger_months: tuple[Evidence, ...] = ()  # one per elapsed month, detail "有登记"/"无登记"
    ledger_months_kept: int = 0
    # 受理单、承诺通知单: accepted promised cases and those with the 承诺件告知单 issued.
    promised_cases: int = 0
    promised_with_notice: int = 0
    cases_without_notice: tuple[Evidence, ...] = ()
    # 不积压办件、无超时办件: cases completed late or still open past their deadline.
    overdue_cases: tuple[Evidence, ...] = ()
    overdue_count: int = 0  # may exceed len(overdue_cases): evidence lists are cut at a sample
    # 材料上报: one per month of the year, detail says 按时/逾期/未报送/未到期.
    report_months: tuple[Evidence, ...] = ()
    reports_on_time: int = 0
    # 代办点全覆盖
    villages: int = 0
    villages_without_point: tuple[Evidence, ...] = ()
    # 运行监督情况 and 加分项目
    complaints_verified: tuple[Evidence, ...] = ()
    criticisms_and_exposures: tuple[Evidence, ...] = ()
    video: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)  # finding kind → findings
    commendations: tuple[Evidence, ...] = ()
    positive_media: tuple[Evidence, ...] = ()


AutoFn = Callable[[CentreFacts, Decimal], Auto]


def _count(evidence: Sequence[Evidence], summary: str) -> Auto:
    return Auto(Decimal(len(evidence)), summary.format(n=len(evidence)), tuple(evidence))


# 服务场所固定 1: 100平方米以上,按三种类型分别得2分、1.5分和1分 — the classes of 四(一)2(2), whose
# thresholds live in ``org.standards`` (one place for 200/150/100㎡).
HALL_CLASS_POINTS: dict[HallClass, Decimal] = {
    HallClass.MODEL: Decimal("2"),
    HallClass.STANDARD: Decimal("1.5"),
    HallClass.BASIC: Decimal("1"),
    HallClass.BELOW: ZERO,
}


def hall_points(area: Decimal) -> tuple[Decimal, str]:
    cls = hall_class(area)
    label = "未达标(不足100㎡)" if cls is HallClass.BELOW else cls.label
    return HALL_CLASS_POINTS[cls], label


def _hall(facts: CentreFacts, points: Decimal) -> Auto:
    got, label = hall_points(facts.hall_area)
    return Auto(
        min(got, points),
        f"大厅面积 {fmt(facts.hall_area)}㎡,{label}",
        (Evidence("中心基本情况", facts.centre_url, f"{fmt(facts.hall_area)}㎡"),),
    )


FACILITY_LABELS: dict[str, str] = {item.code: item.label for item in CENTRE_FACILITIES}


def _facilities(*codes: str) -> AutoFn:
    def score(facts: CentreFacts, points: Decimal) -> Auto:
        missing = [FACILITY_LABELS.get(code, code) for code in codes if not facts.facilities.get(code, False)]
        detail = "均已具备" if not missing else "缺:" + "、".join(missing)
        return Auto(
            points if not missing else ZERO,
            f"设施登记:{detail}",
            (Evidence("中心设施登记", facts.centre_url, "、".join(missing) or "齐全"),),
        )

    return score


def _service_phone(facts: CentreFacts, points: Decimal) -> Auto:
    has = bool(facts.service_phone.strip())
    return Auto(
        points if has else ZERO,
        "已登记便民服务专线" if has else "未登记便民服务专线",
        (Evidence("中心基本情况", facts.centre_url, "便民服务专线"),),
    )


def _missing_lines(facts: CentreFacts, points: Decimal) -> Auto:
    missing = facts.missing_lines
    summary = "必设窗口均已进驻" if not missing else "缺少:" + "、".join(missing)
    return Auto(Decimal(len(missing)), summary, (Evidence("中心窗口设置", facts.centre_url, summary),))


def _handbook(facts: CentreFacts, points: Decimal) -> Auto:
    if facts.handbook_items == 0:
        return Auto(ZERO, "实施清单为空,无法生成《便民服务指南》", (Evidence("中心实施清单", facts.centre_url),))
    return Auto(
        points,
        f"已生成《便民服务指南》,收录 {facts.handbook_items} 个事项",
        (Evidence("便民服务指南", facts.handbook_url),),
    )


HANDBOOK_INCOMPLETE_DEDUCTION = Decimal("2")  # 内容不全的扣2分


def _handbook_content(facts: CentreFacts, points: Decimal) -> Auto:
    if facts.handbook_items == 0:
        return Auto(ZERO, "无《便民服务指南》", ())
    if not facts.handbook_gaps:
        complete = "服务项目、流程、职责、规范、责任人员、联系方式齐全"
        return Auto(points, complete, (Evidence("便民服务指南", facts.handbook_url),))
    return Auto(
        max(points - HANDBOOK_INCOMPLETE_DEDUCTION, ZERO),
        "内容不全(扣2分):缺" + "、".join(facts.handbook_gaps),
        (Evidence("便民服务指南", facts.handbook_url, "、".join(facts.handbook_gaps)),),
    )


def _disclosure(name: str) -> AutoFn:
    def score(facts: CentreFacts, points: Decimal) -> Auto:
        if facts.disclosure_items == 0:
            return Auto(ZERO, "实施清单为空", ())
        gaps = facts.disclosure_gaps.get(name, ())
        if not gaps:
            return Auto(points, f"{facts.disclosure_items} 个事项的{name}全部公开", ())
        return Auto(ZERO, f"{len(gaps)} 个事项未公开{name}", tuple(gaps))

    return score


def _ledgers(facts: CentreFacts, points: Decimal) -> Auto:
    total = len(facts.ledger_months)
    if total == 0:
        return Auto(ZERO, "系统中尚无应登记的月份,请现场核查台账后评分", ())
    got = share_points(points, facts.ledger_months_kept, total)
    return Auto(got, f"{total} 个月中 {facts.ledger_months_kept} 个月有登记簿、统计簿", facts.ledger_months)


def _notices(facts: CentreFacts, points: Decimal) -> Auto:
    if facts.promised_cases == 0:  # nothing in the records to show it: the inspector checks on site
        return Auto(ZERO, "当年没有受理承诺件,系统中无受理单、承诺通知单可查,请现场核查后评分", ())
    got = share_points(points, facts.promised_with_notice, facts.promised_cases)
    summary = f"受理承诺件 {facts.promised_cases} 件,已出具承诺件告知单 {facts.promised_with_notice} 件"
    return Auto(got, summary, facts.cases_without_notice)


def _overdue(facts: CentreFacts, points: Decimal) -> Auto:
    # 不积压办件、无超时办件(1分),(有一件扣1分): the item, not the indicator, floors at 0.
    n = facts.overdue_count
    return Auto(max(points - n, ZERO), f"超期办件 {n} 件" if n else "无超时办件", facts.overdue_cases)


def _reports(facts: CentreFacts, points: Decimal) -> Auto:
    return Auto(Decimal(facts.reports_on_time), f"按时报送 {facts.reports_on_time} 个月", facts.report_months)


def _coverage(facts: CentreFacts, points: Decimal) -> Auto:
    # 实现村居便民服务代办点全覆盖(5分): all or nothing, as written.
    missing = facts.villages_without_point
    if facts.villages and not missing:
        return Auto(points, f"{facts.villages} 个村(社区)全部设立代办点", ())
    return Auto(ZERO, f"{facts.villages} 个村(社区)中 {len(missing)} 个未设代办点", missing)


AUTO_SOURCES: dict[str, tuple[str, AutoFn]] = {
    "hall_class": ("大厅面积与类型", _hall),
    "open_counters": ("敞开式柜台", _facilities("has_open_counters")),
    "public_amenities": ("座椅、饮水机", _facilities("has_public_seating", "has_drinking_water")),
    "office_furniture": ("办公桌椅柜", _facilities("has_office_furniture")),
    "service_phone": ("便民服务专线", _service_phone),
    "pc_per_window": ("窗口电脑", _facilities("has_pc_per_window")),
    "screens": ("电子显示屏、触摸查询屏", _facilities("has_display_screen", "has_touch_kiosk")),
    "complaint_channels": ("投诉箱、投诉电话和记录", _facilities("has_complaint_box", "has_complaint_phone")),
    "name_plate": ("中心牌子", _facilities("has_name_plate")),
    "window_signs": ("窗口标识牌", _facilities("has_window_signs")),
    "staff_badges": ("工作牌上岗", _facilities("has_staff_badges")),
    "notice_board": ("公开公示栏", _facilities("has_notice_board")),
    "mandatory_lines": ("必设窗口(5+x)", _missing_lines),
    "handbook": ("《便民服务指南》", _handbook),
    "handbook_content": ("指南内容", _handbook_content),
    "disclosure_basis": ("办理依据公开", _disclosure("办理依据")),
    "disclosure_procedure": ("办理流程公开", _disclosure("办理流程")),
    "disclosure_materials": ("申报资料公开", _disclosure("申报材料")),
    "disclosure_time_limit": ("承诺时限公开", _disclosure("承诺时限")),
    "disclosure_fees": ("收费标准及依据公开", _disclosure("收费标准及依据")),
    "ledgers": ("台账", _ledgers),
    "notices": ("受理单、承诺通知单", _notices),
    "overdue_cases": ("超时办件", _overdue),
    "monthly_reports": ("月报按时报送", _reports),
    "point_coverage": ("代办点覆盖", _coverage),
    "complaints_verified": (
        "查证属实的投诉",
        lambda facts, points: _count(facts.complaints_verified, "查证属实 {n} 件"),
    ),
    "criticisms_exposures": (
        "上级通报批评、市级以上媒体曝光",
        lambda facts, points: _count(facts.criticisms_and_exposures, "{n} 次"),
    ),
    "video_absent": ("无故空岗", lambda facts, points: _count(facts.video.get("absent", ()), "{n} 人次")),
    "video_unrelated": ("做与工作无关的事", lambda facts, points: _count(facts.video.get("unrelated", ()), "{n} 次")),
    "video_chatting": ("扎堆聊天、吃零食", lambda facts, points: _count(facts.video.get("chatting", ()), "{n} 次")),
    "commendations": ("市级以上通报表扬", lambda facts, points: _count(facts.commendations, "{n} 次")),
    "positive_media": ("市级以上媒体正面报道", lambda facts, points: _count(facts.positive_media, "{n} 次")),
}
# Sources whose value is a count (occurrences, months): only items of a counting rule may use them.
COUNT_SOURCES = frozenset(
    {
        "mandatory_lines",
        "monthly_reports",
        "complaints_verified",
        "criticisms_exposures",
        "video_absent",
        "video_unrelated",
        "video_chatting",
        "commendations",
        "positive_media",
    }
)
SOURCE_CHOICES: tuple[tuple[str, str], ...] = tuple((code, label) for code, (label, _fn) in AUTO_SOURCES.items())


def source_error(rule: Rule, source: str) -> str | None:
    """A Chinese message when an item of ``rule`` cannot take its value from ``source``."""
    if not source:
        return None
    if source not in AUTO_SOURCES:
        return "未知的自动评分数据来源。"
    if rule.counts != (source in COUNT_SOURCES):
        kind = "次数(月数)" if source in COUNT_SOURCES else "分值"
        return f"该数据来源给出的是{kind},与本指标的评分方式“{rule.label}”不符。"
    return None


def auto_value(source: str, facts: CentreFacts, points: Decimal) -> Auto:
    """The automatic value of an item whose source is ``source`` (``points``: the item's maximum)."""
    try:
        _label, fn = AUTO_SOURCES[source]
    except KeyError:
        raise ValueError(f"unknown scoring source {source!r}") from None
    return fn(facts, points)

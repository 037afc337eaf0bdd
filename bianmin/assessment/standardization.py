"""Standardization progress of the centres and agency points (plan 三, 四(一)2-3, 四(二)), pure.

Plan 三: "力争用2年时间完成16个乡镇(街道)便民服务中心的标准化建设,打造一批先锋型、示范型便民中心和
代办点". This module turns what the records say (``org.standards`` findings) and the units' plans
(``StandardTarget``) into the construction standard checklist of each centre and point, the goal's
countdown and the rule for 示范型/先锋型 candidates. No queries, no settings: ``selectors_progress``
reads the records and the settings and passes plain values in. Tested from tables in
``tests/test_progress_standardization.py``.

Whether an item is met is always read from the records (the findings); a target only says by when
and how the unit means to meet it. So a target on a met item counts as 已完成 whatever was written,
and a target whose date has passed while the item is still unmet is overdue (red).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from bianmin.assessment.scoring import fmt
from bianmin.org.facilities import AGENCY_POINT_FACILITIES, CENTRE_FACILITIES
from bianmin.org.standards import Finding, HallClass

PLANNED, BUILDING, DONE = "planned", "building", "done"  # StandardTarget.status values
STATUS_LABELS = {PLANNED: "计划中", BUILDING: "建设中", DONE: "已完成"}


# --- the checklists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardItem:
    """One item of the construction standard. ``code`` is the ``org.standards`` finding code;
    ``required`` marks a hard requirement of the plan (a "danger" finding when missed), which
    decides whether the unit is up to standard (``org.standards.is_up_to_standard``)."""

    code: str
    label: str
    clause: str
    group: str
    required: bool = False


def centre_items(mandatory_lines: Sequence[str]) -> list[StandardItem]:
    """Every item a township centre is checked on, in the order of the plan's clauses."""
    items = [
        StandardItem("hall_area", "办事大厅面积不少于100㎡(示范型200㎡、标准型150㎡)", "四(一)2(2)", "场地", True),
    ]
    items += [
        StandardItem(f"line:{line}", f"常驻{line}窗口(5+x 必设)", "四(一)3(1)", "窗口设置", True)
        for line in mandatory_lines
    ]
    items += [
        StandardItem("window:comprehensive", "综合窗口", "四(一)3(2)", "窗口设置"),
        StandardItem("window:guidance", "咨询导办窗口(打印、复印、照相、咨询)", "四(一)3(3)", "窗口设置"),
        StandardItem("director", "中心主任(党政班子成员兼任)", "四(一)1(1)", "组织机构", True),
        StandardItem("deputy", "专职副主任", "四(一)1(1)", "组织机构", True),
    ]
    items += [StandardItem(f"facility:{item.code}", item.label, item.clause, "硬件设施") for item in CENTRE_FACILITIES]
    return items


def point_items() -> list[StandardItem]:
    """Every item an agency point is checked on (四(二): ≥30㎡, 1–2 收件 + 1 发件窗口, 1–2 人, 两牌三栏)."""
    items = [
        StandardItem("area", "场地面积不少于30㎡", "四(二)2", "场地", True),
        StandardItem("receiving_windows", "收件窗口1-2个", "四(二)1", "窗口设置"),
        StandardItem("issuing_windows", "发件窗口1个", "四(二)1", "窗口设置"),
        # No staff at all is a hard requirement ("窗口不缺岗"); more than two is a gap only.
        StandardItem("staff", "工作人员1-2名", "四(二)1", "组织机构", True),
        StandardItem("head", "代办点负责人(村居党组织书记兼任)", "四(二)1", "组织机构"),
    ]
    items += [
        StandardItem(f"facility:{item.code}", item.label, item.clause, "设施与两牌三栏")
        for item in AGENCY_POINT_FACILITIES
    ]
    return items


def centre_codes(mandatory_lines: Sequence[str]) -> list[str]:
    return [item.code for item in centre_items(mandatory_lines)]


def point_codes() -> list[str]:
    return [item.code for item in point_items()]


# --- one unit's checklist with its targets ---------------------------------------------------------


class TargetLike(Protocol):
    status: str
    target_date: date | None


def is_overdue(*, met: bool, target_date: date | None, today: date) -> bool:
    """A target is overdue when its date has passed and the records still show the item unmet
    (the target date itself is the last day: due today is not yet overdue)."""
    return not met and target_date is not None and target_date < today


@dataclass(frozen=True)
class ChecklistRow:
    item: StandardItem
    finding: Finding | None  # what the records say is missing; None: met
    target: Any = None  # the unit's StandardTarget for this code, if any
    overdue: bool = False
    after_goal: bool = False  # the target date lies after the county's goal date

    @property
    def met(self) -> bool:
        return self.finding is None

    @property
    def status_label(self) -> str:
        return "达标" if self.met else "未达标"

    @property
    def detail(self) -> str:
        """What the records say beyond the item's name (e.g. "大厅面积 80㎡,不足100㎡"); a facility
        finding only repeats the label ("缺少:…") and adds nothing."""
        if self.finding is None or self.finding.message == f"缺少:{self.item.label}":
            return ""
        return self.finding.message

    @property
    def hard(self) -> bool:
        """Missed hard requirement (what keeps the unit from being up to standard)."""
        return self.finding is not None and self.finding.severity == "danger"

    @property
    def plan_status(self) -> str | None:
        """The target's status as shown: a met item's target is 已完成 whatever was written."""
        if self.target is None:
            return None
        return DONE if self.met else self.target.status

    @property
    def plan_label(self) -> str:
        status = self.plan_status
        return STATUS_LABELS.get(status, "") if status else "未制定计划"

    @property
    def needs_plan(self) -> bool:
        return not self.met and self.target is None


def checklist(
    items: Sequence[StandardItem],
    findings: Iterable[Finding],
    targets: Mapping[str, TargetLike],
    *,
    today: date,
    goal: date | None = None,
) -> list[ChecklistRow]:
    """The unit's checklist: every item with its status read from ``findings`` and its target.

    A finding whose code is not in ``items`` (a mandatory line added since the list was built) is
    appended, so nothing the records say is missing is ever hidden.
    """
    by_code = {finding.code: finding for finding in findings}
    rows = []
    known = set()
    for item in items:
        known.add(item.code)
        rows.append(_row(item, by_code.get(item.code), targets.get(item.code), today, goal))
    for code, finding in by_code.items():
        if code not in known:
            item = StandardItem(code, finding.message, finding.clause, "其他", finding.severity == "danger")
            rows.append(_row(item, finding, targets.get(code), today, goal))
    return rows


def _row(item: StandardItem, finding: Finding | None, target: Any, today: date, goal: date | None) -> ChecklistRow:
    target_date = target.target_date if target is not None else None
    met = finding is None
    return ChecklistRow(
        item=item,
        finding=finding,
        target=target,
        overdue=is_overdue(met=met, target_date=target_date, today=today),
        after_goal=not met and goal is not None and target_date is not None and target_date > goal,
    )


# --- the goal of plan 三 ---------------------------------------------------------------------------


def parse_goal(value: str | date) -> date:
    """The goal date from the settings (``YYYY-MM-DD``); a bad value fails loudly."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"STANDARDIZATION_GOAL_DATE 应为 YYYY-MM-DD 格式的日期,当前为 {value!r}") from None


@dataclass(frozen=True)
class Countdown:
    goal: date
    days_left: int  # negative once the goal date has passed

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    @property
    def label(self) -> str:
        if self.expired:
            return "已到期"
        if self.days_left == 0:
            return "今日到期"
        return f"剩余 {self.days_left} 天"


def countdown(goal: date, today: date) -> Countdown:
    """Days left until the end of the goal date (the goal date itself is the last day)."""
    return Countdown(goal=goal, days_left=(goal - today).days)


# --- 示范型 / 先锋型 candidates (plan 三) -------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    key: str  # standard, hall, coverage, score
    label: str
    met: bool
    detail: str


@dataclass(frozen=True)
class Candidacy:
    conditions: tuple[Condition, ...]

    @property
    def is_candidate(self) -> bool:
        return all(c.met for c in self.conditions)

    @property
    def missing(self) -> list[Condition]:
        return [c for c in self.conditions if not c.met]

    @property
    def awaits_score(self) -> bool:
        """Every condition met but the published assessment's score (none yet, or too low)."""
        return [c.key for c in self.missing] == ["score"]


NO_PUBLISHED = "尚无已发布的年度考核"


def candidacy(
    *,
    hard_gaps: int,
    hall: HallClass,
    villages: int,
    covered: int,
    published_total: Decimal | None,
    published_year: int | None,
    min_score: Decimal | int,
) -> Candidacy:
    """Whether a centre is a 示范型/先锋型 candidate, condition by condition.

    The county's reading of plan 三 "打造一批先锋型、示范型便民中心": a centre that (1) is up to the
    construction standard (no hard requirement missed), (2) has a 示范型 hall (≥200㎡, 四(一)2(2)),
    (3) covers every village of its township with an active agency point (四(二); a township with
    no village recorded is not covered — there is nothing to show), and (4) whose latest *published*
    annual assessment (五(三)) reaches ``min_score``. Without a published assessment the fourth
    condition is unmet and says so.
    """
    score_label = f"最近一次已发布的年度考核不低于{min_score}分"
    if published_total is None:
        score = Condition("score", score_label, False, NO_PUBLISHED)
    else:
        score = Condition(
            "score",
            score_label,
            published_total >= Decimal(min_score),
            f"{published_year}年度 {fmt(published_total)} 分",
        )
    if villages == 0:
        coverage = Condition("coverage", "所有村(社区)均设代办点", False, "尚未录入村(社区)")
    else:
        coverage = Condition("coverage", "所有村(社区)均设代办点", covered >= villages, f"已覆盖 {covered}/{villages}")
    return Candidacy(
        (
            Condition(
                "standard",
                "达到标准化建设要求(必达项全部达标)",
                hard_gaps == 0,
                "必达项全部达标" if hard_gaps == 0 else f"{hard_gaps} 项必达项未达标",
            ),
            Condition("hall", "大厅达到示范型(不少于200㎡)", hall is HallClass.MODEL, hall.label),
            coverage,
            score,
        )
    )


# --- one centre and the county --------------------------------------------------------------------


def percent(part: int, whole: int) -> int | None:
    """Whole percent, rounded down (so 99.6% never shows as 100%); None when there is no whole."""
    return None if whole <= 0 else part * 100 // whole


@dataclass(frozen=True)
class PointProgress:
    point: Any  # org.AgencyPoint
    rows: list[ChecklistRow]

    @property
    def gaps(self) -> list[ChecklistRow]:
        return [row for row in self.rows if not row.met]

    @property
    def up_to_standard(self) -> bool:
        return not any(row.hard for row in self.rows)

    @property
    def fully_met(self) -> bool:
        return not self.gaps

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows)


@dataclass(frozen=True)
class CentreProgress:
    centre: Any  # org.Centre
    name: str  # the township's name: the short label of charts
    sort_code: str  # the township's code: the county's usual order
    hall: HallClass
    rows: list[ChecklistRow]
    villages: int
    covered: int
    points: list[PointProgress]
    candidacy: Candidacy
    published_total: Decimal | None = None
    published_year: int | None = None

    @property
    def published_label(self) -> str:
        if self.published_total is None:
            return ""
        return f"{self.published_year}年度 {fmt(self.published_total)} 分"

    @property
    def met(self) -> int:
        return sum(row.met for row in self.rows)

    @property
    def unmet(self) -> int:
        return len(self.rows) - self.met

    @property
    def hard_gaps(self) -> int:
        return sum(row.hard for row in self.rows)

    @property
    def gaps(self) -> list[ChecklistRow]:
        return [row for row in self.rows if not row.met]

    @property
    def hard_gap_rows(self) -> list[ChecklistRow]:
        return [row for row in self.rows if row.hard]

    @property
    def up_to_standard(self) -> bool:
        return self.hard_gaps == 0

    @property
    def coverage_percent(self) -> int | None:
        return percent(self.covered, self.villages)

    @property
    def fully_covered(self) -> bool:
        return self.villages > 0 and self.covered >= self.villages

    @property
    def points_ok(self) -> int:
        return sum(p.up_to_standard for p in self.points)

    @property
    def overdue(self) -> int:
        """Overdue targets of the centre and of its agency points."""
        return sum(row.overdue for row in self.rows) + sum(p.overdue for p in self.points)

    @property
    def unplanned(self) -> int:
        return sum(row.needs_plan for row in self.rows)


ORDERS = {
    "standard": "已达标的在前",
    "gaps": "差距多的在前",
    "overdue": "逾期计划多的在前",
    "code": "按区划代码",
}


def order(progresses: Iterable[CentreProgress], by: str = "standard") -> list[CentreProgress]:
    """The county table's orders (``ORDERS``); an unknown key falls back to "standard"."""
    keys = {
        # Standardized first, then the fewest hard gaps, then the fewest gaps of any kind.
        "standard": lambda p: (not p.up_to_standard, p.hard_gaps, p.unmet, p.sort_code),
        "gaps": lambda p: (-p.hard_gaps, -p.unmet, p.sort_code),
        "overdue": lambda p: (-p.overdue, -p.hard_gaps, p.sort_code),
        "code": lambda p: (p.sort_code,),
    }
    return sorted(progresses, key=keys.get(by, keys["standard"]))


@dataclass(frozen=True)
class CountySummary:
    countdown: Countdown
    centres: int
    standardized: int
    hall_counts: list[tuple[HallClass, int]]
    villages: int
    covered: int
    points: int
    points_ok: int
    overdue: int
    candidates: list[CentreProgress] = field(default_factory=list)
    awaiting_score: list[CentreProgress] = field(default_factory=list)  # all but the score met

    @property
    def remaining(self) -> int:
        return self.centres - self.standardized

    @property
    def standardized_percent(self) -> int | None:
        return percent(self.standardized, self.centres)

    @property
    def coverage_percent(self) -> int | None:
        return percent(self.covered, self.villages)

    @property
    def points_percent(self) -> int | None:
        return percent(self.points_ok, self.points)

    @property
    def goal_missed(self) -> bool:
        """The goal date has passed with centres still short of the standard."""
        return self.countdown.expired and self.remaining > 0


def county_summary(progresses: Sequence[CentreProgress], goal: Countdown) -> CountySummary:
    halls = {cls: 0 for cls in HallClass}
    for p in progresses:
        halls[p.hall] += 1
    return CountySummary(
        countdown=goal,
        centres=len(progresses),
        standardized=sum(p.up_to_standard for p in progresses),
        hall_counts=list(halls.items()),
        villages=sum(p.villages for p in progresses),
        covered=sum(p.covered for p in progresses),
        points=sum(len(p.points) for p in progresses),
        points_ok=sum(p.points_ok for p in progresses),
        overdue=sum(p.overdue for p in progresses),
        candidates=[p for p in order(progresses, "code") if p.candidacy.is_candidate],
        awaiting_score=[p for p in order(progresses, "code") if p.candidacy.awaits_score],
    )


def chart_data(progresses: Sequence[CentreProgress]) -> dict[str, list[Any]]:
    """The county chart: per centre the met items, the missed hard and other items (stacked), and
    the village coverage in percent (a line on its own axis)."""
    return {
        "centres": [p.name for p in progresses],
        "met": [p.met for p in progresses],
        "hard": [p.hard_gaps for p in progresses],
        "other": [p.unmet - p.hard_gaps for p in progresses],
        "coverage": [p.coverage_percent if p.coverage_percent is not None else 0 for p in progresses],
    }

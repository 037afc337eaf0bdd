"""One centre's score sheet laid out as the 附件 table: sections → indicators → items, with each
item's value, its automatic reading and evidence, the inspector's note, and last year's points.

Used by the sheet page, its A4 print view and its .xlsx export, so all three show the same thing.
Constant number of queries: the rubric's indicators and items, the sheet's scores, and last year's
sheet (matched by section and indicator title, since a new year's rubric is a copy with new rows).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from bianmin.assessment import selectors
from bianmin.assessment.models import Indicator, Item, Score, ScoreSheet, Section
from bianmin.assessment.scoring import AUTO_SOURCES, Rule, fmt
from bianmin.assessment.services import rubric_indicators

ZERO = Decimal("0")


def value_text(rule: Rule, item: Item, value: Decimal | None) -> str:
    """How an item's value reads on the sheet: "1.5分", "3次", "11个月", or "未评分"."""
    if value is None:
        return "未评分"
    if rule is Rule.PER_MONTH:
        return f"{fmt(value)}个月"
    if rule.counts:
        return f"{fmt(value)}次"
    return f"{fmt(value)}分"


def standard_text(rule: Rule, item: Item) -> str:
    """The item's scoring standard in short: "2分", "每次扣3分", "每月0.5分", "每次加5分"."""
    if rule in (Rule.DEDUCT_FLOORED, Rule.DEDUCT_UNLIMITED):
        return f"每次扣{fmt(item.unit)}分"
    if rule is Rule.PER_MONTH:
        return f"每月{fmt(item.unit)}分"
    if rule is Rule.BONUS:
        return f"每次加{fmt(item.unit)}分"
    return f"{fmt(item.points)}分"


@dataclass
class ItemRow:
    item: Item
    score: Score
    rule: Rule
    standard: str
    value: str
    source_label: str  # "" for items scored on site

    @property
    def is_auto(self) -> bool:
        return bool(self.item.source)

    @property
    def evidence(self) -> list[dict]:
        return self.score.auto_evidence or []


@dataclass
class IndicatorRow:
    indicator: Indicator
    rule: Rule
    points: Decimal
    raw: Decimal
    complete: bool
    items: list[ItemRow]
    previous: Decimal | None = None

    @property
    def floored(self) -> bool:
        return self.raw != self.points

    @property
    def below_zero(self) -> bool:
        return self.points < 0

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.points - self.previous


@dataclass
class SectionRow:
    section: Section
    max_points: Decimal
    points: Decimal
    indicators: list[IndicatorRow] = field(default_factory=list)
    previous: Decimal | None = None


@dataclass
class Breakdown:
    sheet: ScoreSheet
    sections: list[SectionRow]
    previous_sheet: ScoreSheet | None
    unscored: int

    @property
    def base_max(self) -> Decimal:
        return sum((s.max_points for s in self.sections if not s.section.is_bonus), ZERO)

    @property
    def bonus_max(self) -> Decimal:
        return sum((s.max_points for s in self.sections if s.section.is_bonus), ZERO)


def _decimal(value) -> Decimal:
    return Decimal(str(value)) if value is not None else ZERO


def _by_title(sheet: ScoreSheet | None) -> dict[tuple[str, str], Decimal]:
    """(section title, indicator title) → points on ``sheet`` (last year's, for comparison)."""
    if sheet is None:
        return {}
    titles = Indicator.objects.filter(section__rubric_id=sheet.assessment.rubric_id).values_list(
        "pk", "section__title", "title"
    )
    results = sheet.results or {}
    return {
        (section, title): _decimal(results[str(pk)]["points"]) for pk, section, title in titles if str(pk) in results
    }


def sheet_breakdown(sheet: ScoreSheet, *, compare: bool = True) -> Breakdown:
    specs = rubric_indicators(sheet.assessment.rubric)
    scores = {s.item_id: s for s in Score.objects.filter(sheet=sheet).select_related("scored_by")}
    previous_sheet = None
    if compare:
        previous = selectors.previous_assessment(sheet.assessment)
        if previous is not None:
            previous_sheet = selectors.current_sheets(previous, [sheet.centre_id]).get(sheet.centre_id)
    before = _by_title(previous_sheet)
    results = sheet.results or {}
    sections: dict[int, SectionRow] = {}
    unscored = 0
    for indicator, _spec, _is_bonus in specs:
        rule = Rule(indicator.rule)
        result = results.get(str(indicator.pk), {})
        rows = []
        for item in indicator.items.all():
            score = scores.get(item.pk)
            if score is None:  # a sheet always has every item; guard against a half-copied one
                continue
            if score.value is None:
                unscored += 1
            label = AUTO_SOURCES[item.source][0] if item.source in AUTO_SOURCES else ""
            text = value_text(rule, item, score.value)
            rows.append(ItemRow(item, score, rule, standard_text(rule, item), text, label))
        row = IndicatorRow(
            indicator=indicator,
            rule=rule,
            points=_decimal(result.get("points")),
            raw=_decimal(result.get("raw")),
            complete=bool(result.get("complete")),
            items=rows,
            previous=before.get((indicator.section.title, indicator.title)),
        )
        section = sections.get(indicator.section_id)
        if section is None:
            section = sections[indicator.section_id] = SectionRow(indicator.section, ZERO, ZERO)
        section.indicators.append(row)
        section.max_points += indicator.max_points
        section.points += row.points
    for section in sections.values():
        previous_points = [row.previous for row in section.indicators if row.previous is not None]
        section.previous = sum(previous_points, ZERO) if previous_points else None
    return Breakdown(sheet, list(sections.values()), previous_sheet, unscored)

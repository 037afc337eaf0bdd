"""Editing a draft rubric (考核评分细则, plan 五(三) 附件): its sections, indicators and items.

Only the county admin edits, and only drafts: a published rubric is what assessments are scored by
and is never changed in place (copy it with ``services_rubric.rubric_copy``, edit the copy, publish).
Every service locks the rubric row and checks it is still a draft inside the transaction, so an edit
racing a publication loses with the NOT_DRAFT message instead of changing a published rubric.

Positions are 1, 2, 3 … within their parent and are renumbered after every removal or move.
Whether the whole draft adds up (100 points, items = indicator, one item for 人工评分 …) is checked
at publication (``services_rubric.rubric_problems``); here each value is checked on its own.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet

from bianmin.assessment.models import Indicator, Item, Rubric, Score, Section
from bianmin.assessment.scoring import Rule, fmt, source_error
from bianmin.assessment.services_rubric import require_county_admin, require_draft
from bianmin.core.errors import ApplicationError
from bianmin.org.models import Staff

ZERO = Decimal("0")
MAX_POINTS = Decimal("100")
CENT = Decimal("0.01")
DESCRIPTION_MAX = 2000
GONE = "该内容已被删除或移动,请刷新页面后重试。"
SCORED = "已有评分记录引用“{name}”,不能删除。"
KIND_CHANGE = (
    "“{title}”已有评分细则,不能在按分值评分(逐项得分、人工评分)与按次数(月数)评分(扣分、按月、加分)之间切换;"
    "请先删除其评分细则。"
)


# --- checks -------------------------------------------------------------------------------------


def _actor_ok(actor: Staff) -> None:
    if actor is None:
        raise ApplicationError("请先登录。")
    require_county_admin(actor)


def _draft(rubric_id: int) -> Rubric:
    """The rubric row, locked for the rest of the transaction, if it is still a draft."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric_id)
    require_draft(rubric)
    return rubric


def _fresh(qs: QuerySet, pk: int) -> Any:
    found = qs.filter(pk=pk).first()
    if found is None:
        raise ApplicationError(GONE)
    return found


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ApplicationError(f"请填写{label}。", field=field)
    if len(text) > max_length:
        raise ApplicationError(f"{label}不能超过{max_length}个字。", field=field)
    return text


def _decimal(value: Decimal | str | int | None, *, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip()) if value is not None and str(value).strip() else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ApplicationError(f"请填写{label}(数字)。", field=field)
    if number != number.quantize(CENT):
        raise ApplicationError(f"{label}最多保留两位小数。", field=field)
    return number


def check_points(value: Decimal | str | int | None, *, field: str = "points", label: str = "分值") -> Decimal:
    """A maximum of an indicator or an item: above 0, at most 100, in steps of 0.5 (附件: 1.5分 …)."""
    points = _decimal(value, field=field, label=label)
    if points <= ZERO or points > MAX_POINTS:
        raise ApplicationError(f"{label}应大于0且不超过{MAX_POINTS}分。", field=field)
    if points * 2 != (points * 2).to_integral_value():
        raise ApplicationError(f"{label}以0.5分为最小单位。", field=field)
    return points


def check_unit(value: Decimal | str | int | None, *, field: str = "unit", label: str = "每次(每月)分值") -> Decimal:
    """Points per occurrence or month (每次扣3分, 每月0.5分, 每次加5分): above 0, at most 100."""
    unit = _decimal(value, field=field, label=label)
    if unit <= ZERO or unit > MAX_POINTS:
        raise ApplicationError(f"{label}应大于0且不超过{MAX_POINTS}分。", field=field)
    return unit


def _rule(value: str) -> Rule:
    try:
        return Rule(value)
    except ValueError:
        raise ApplicationError("请选择评分方式。", field="rule") from None


def _renumber(rows: list[Any]) -> None:
    """Positions 1 … n in the order of ``rows``; only rows whose position changes are written."""
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            type(row).objects.filter(pk=row.pk).update(position=position)
            row.position = position


def _move(siblings: QuerySet, row: Model, step: int, *, first: str, last: str) -> None:
    if step not in (-1, 1):
        raise ApplicationError("移动方向不正确。")
    rows = list(siblings.order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(rows) if sibling.pk == row.pk)
    target = index + step
    if target < 0:
        raise ApplicationError(first)
    if target >= len(rows):
        raise ApplicationError(last)
    rows[index], rows[target] = rows[target], rows[index]
    _renumber(rows)


def _next_position(siblings: QuerySet) -> int:
    last = siblings.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _refuse_if_scored(items: QuerySet, name: str) -> None:
    # A draft is never scored (assessments use published rubrics); guard all the same: a Score
    # protects its item, and a rubric someone was scored by must stay as it was.
    if Score.objects.filter(item__in=items).exists():
        raise ApplicationError(SCORED.format(name=name))


# --- the rubric itself --------------------------------------------------------------------------


def _year(value: int | str | None) -> int:
    try:
        year = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise ApplicationError("请填写正确的适用年度(2000-2100)。", field="year")
    return year


@transaction.atomic
def rubric_update(*, rubric: Rubric, year: int, name: str, note: str = "", actor: Staff) -> Rubric:
    """A draft's year, name and revision note (修订说明)."""
    _actor_ok(actor)
    locked = _draft(rubric.pk)
    locked.year = _year(year)
    locked.name = _text(name, field="name", label="名称", max_length=100)
    locked.note = _text(note, field="note", label="修订说明", max_length=DESCRIPTION_MAX, required=False)
    locked.save(update_fields=["year", "name", "note"])
    return locked


@transaction.atomic
def rubric_delete(*, rubric: Rubric, actor: Staff) -> None:
    """Throw a draft away (a copy made by mistake); never one that is copied or used."""
    _actor_ok(actor)
    locked = _draft(rubric.pk)
    if Rubric.objects.filter(based_on=locked).exists():
        raise ApplicationError("已有其他细则复制自该草稿,不能删除。")
    if locked.assessments.exists():
        raise ApplicationError("已有年度考核使用该细则,不能删除。")
    _refuse_if_scored(Item.objects.filter(indicator__section__rubric=locked), locked.name)
    Item.objects.filter(indicator__section__rubric=locked).delete()
    Indicator.objects.filter(section__rubric=locked).delete()
    locked.sections.all().delete()
    locked.delete()


# --- sections (考核内容) ------------------------------------------------------------------------


def _section_title(rubric: Rubric, title: str, *, exclude: int | None = None) -> str:
    text = _text(title, field="title", label="考核内容", max_length=60)
    if rubric.sections.filter(title=text).exclude(pk=exclude).exists():
        raise ApplicationError(f"细则中已有考核内容“{text}”。", field="title")
    return text


@transaction.atomic
def section_add(*, rubric: Rubric, title: str, is_bonus: bool = False, actor: Staff) -> Section:
    _actor_ok(actor)
    locked = _draft(rubric.pk)
    return Section.objects.create(
        rubric=locked,
        position=_next_position(locked.sections.all()),
        title=_section_title(locked, title),
        is_bonus=bool(is_bonus),
    )


@transaction.atomic
def section_update(*, section: Section, title: str, is_bonus: bool, actor: Staff) -> Section:
    _actor_ok(actor)
    rubric = _draft(section.rubric_id)
    row: Section = _fresh(rubric.sections.all(), section.pk)
    row.title = _section_title(rubric, title, exclude=row.pk)
    row.is_bonus = bool(is_bonus)
    row.save(update_fields=["title", "is_bonus"])
    return row


@transaction.atomic
def section_remove(*, section: Section, actor: Staff) -> None:
    """Remove a section with its indicators and their items (it is a draft: nothing refers to them)."""
    _actor_ok(actor)
    rubric = _draft(section.rubric_id)
    row: Section = _fresh(rubric.sections.all(), section.pk)
    items = Item.objects.filter(indicator__section=row)
    _refuse_if_scored(items, row.title)
    items.delete()
    row.indicators.all().delete()
    row.delete()
    _renumber(list(rubric.sections.order_by("position", "pk")))


@transaction.atomic
def section_move(*, section: Section, step: int, actor: Staff) -> None:
    """``step`` −1 moves the section up one place, +1 down."""
    _actor_ok(actor)
    rubric = _draft(section.rubric_id)
    row = _fresh(rubric.sections.all(), section.pk)
    _move(rubric.sections.all(), row, step, first="该考核内容已排在最前。", last="该考核内容已排在最后。")


# --- indicators (考核指标) ----------------------------------------------------------------------


def _indicator_values(rubric: Rubric, *, title: str, max_points: Any, rule: str, description: str, exclude=None):
    text = _text(title, field="title", label="考核指标", max_length=60)
    if Indicator.objects.filter(section__rubric=rubric, title=text).exclude(pk=exclude).exists():
        raise ApplicationError(f"细则中已有考核指标“{text}”。", field="title")
    return (
        text,
        check_points(max_points, field="max_points", label="指标分值"),
        _rule(rule),
        _text(description, field="description", label="评分标准", max_length=DESCRIPTION_MAX, required=False),
    )


@transaction.atomic
def indicator_add(
    *, section: Section, title: str, max_points: Decimal, rule: str, description: str = "", actor: Staff
) -> Indicator:
    _actor_ok(actor)
    rubric = _draft(section.rubric_id)
    row: Section = _fresh(rubric.sections.all(), section.pk)
    text, points, rule_value, description_text = _indicator_values(
        rubric, title=title, max_points=max_points, rule=rule, description=description
    )
    return Indicator.objects.create(
        section=row,
        position=_next_position(row.indicators.all()),
        title=text,
        max_points=points,
        rule=rule_value.value,
        description=description_text,
    )


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, title: str, max_points: Decimal, rule: str, description: str = "", actor: Staff
) -> Indicator:
    """Change an indicator. Its rule may change only within the same kind of value once it has
    items (逐项得分 ↔ 人工评分; 扣分 ↔ 按月 ↔ 加分): an item's points would otherwise mean a count."""
    _actor_ok(actor)
    rubric = _draft(indicator.section.rubric_id)
    row: Indicator = _fresh(Indicator.objects.filter(section__rubric=rubric), indicator.pk)
    text, points, new_rule, description_text = _indicator_values(
        rubric, title=title, max_points=max_points, rule=rule, description=description, exclude=row.pk
    )
    items = list(row.items.all())
    if items and new_rule.counts != row.rule_enum.counts:
        raise ApplicationError(KIND_CHANGE.format(title=row.title), field="rule")
    for item in items:
        error = source_error(new_rule, item.source)
        if error:
            raise ApplicationError(f"评分细则“{item.text[:20]}”:{error}", field="rule")
    row.title, row.max_points, row.rule, row.description = text, points, new_rule.value, description_text
    row.save(update_fields=["title", "max_points", "rule", "description"])
    return row


@transaction.atomic
def indicator_remove(*, indicator: Indicator, actor: Staff) -> None:
    """Remove an indicator with its items."""
    _actor_ok(actor)
    rubric = _draft(indicator.section.rubric_id)
    row: Indicator = _fresh(Indicator.objects.filter(section__rubric=rubric), indicator.pk)
    _refuse_if_scored(row.items.all(), row.title)
    row.items.all().delete()
    section_id = row.section_id
    row.delete()
    _renumber(list(Indicator.objects.filter(section_id=section_id).order_by("position", "pk")))


@transaction.atomic
def indicator_move(*, indicator: Indicator, step: int, actor: Staff) -> None:
    _actor_ok(actor)
    rubric = _draft(indicator.section.rubric_id)
    row: Indicator = _fresh(Indicator.objects.filter(section__rubric=rubric), indicator.pk)
    siblings = Indicator.objects.filter(section_id=row.section_id)
    _move(siblings, row, step, first="该考核指标已排在最前。", last="该考核指标已排在最后。")


# --- items (评分细则) ---------------------------------------------------------------------------


def _item_values(
    indicator: Indicator, *, text: str, points: Any, unit: Any, source: str
) -> tuple[str, Decimal, Decimal, str]:
    """An item of a points rule (逐项得分, 人工评分) has points (its maximum) and no unit; an item of a
    counting rule (扣分, 按月, 加分) has a unit per occurrence or month and no points."""
    rule = indicator.rule_enum
    body = _text(text, field="text", label="评分细则", max_length=200)
    if rule.counts:
        item_points, item_unit = ZERO, check_unit(unit)
    else:
        item_points, item_unit = check_points(points), ZERO
        if item_points > indicator.max_points:
            raise ApplicationError(f"本项分值不能超过指标分值 {fmt(indicator.max_points)} 分。", field="points")
    source_code = (source or "").strip()
    error = source_error(rule, source_code)
    if error:
        raise ApplicationError(error, field="source")
    return body, item_points, item_unit, source_code


@transaction.atomic
def item_add(
    *,
    indicator: Indicator,
    text: str,
    points: Decimal | None = None,
    unit: Decimal | None = None,
    source: str = "",
    actor: Staff,
) -> Item:
    _actor_ok(actor)
    rubric = _draft(indicator.section.rubric_id)
    row: Indicator = _fresh(Indicator.objects.filter(section__rubric=rubric), indicator.pk)
    body, item_points, item_unit, source_code = _item_values(row, text=text, points=points, unit=unit, source=source)
    return Item.objects.create(
        indicator=row,
        position=_next_position(row.items.all()),
        text=body,
        points=item_points,
        unit=item_unit,
        source=source_code,
    )


@transaction.atomic
def item_update(
    *,
    item: Item,
    text: str,
    points: Decimal | None = None,
    unit: Decimal | None = None,
    source: str = "",
    actor: Staff,
) -> Item:
    _actor_ok(actor)
    rubric = _draft(item.indicator.section.rubric_id)
    row: Item = _fresh(Item.objects.filter(indicator__section__rubric=rubric).select_related("indicator"), item.pk)
    row.text, row.points, row.unit, row.source = _item_values(
        row.indicator, text=text, points=points, unit=unit, source=source
    )
    row.save(update_fields=["text", "points", "unit", "source"])
    return row


@transaction.atomic
def item_remove(*, item: Item, actor: Staff) -> None:
    _actor_ok(actor)
    rubric = _draft(item.indicator.section.rubric_id)
    row: Item = _fresh(Item.objects.filter(indicator__section__rubric=rubric), item.pk)
    _refuse_if_scored(Item.objects.filter(pk=row.pk), row.text[:20])
    indicator_id = row.indicator_id
    row.delete()
    _renumber(list(Item.objects.filter(indicator_id=indicator_id).order_by("position", "pk")))


@transaction.atomic
def item_move(*, item: Item, step: int, actor: Staff) -> None:
    _actor_ok(actor)
    rubric = _draft(item.indicator.section.rubric_id)
    row: Item = _fresh(Item.objects.filter(indicator__section__rubric=rubric), item.pk)
    siblings = Item.objects.filter(indicator_id=row.indicator_id)
    _move(siblings, row, step, first="该评分细则已排在最前。", last="该评分细则已排在最后。")

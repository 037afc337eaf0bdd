"""Writes of the rubric (考核评分细则) as a whole: load the 2018 default, copy to a year, check, publish.

A published rubric is never edited in place (assessments point at it); the county admin copies it
to a draft, edits the draft (``services_rubric_edit.py``) and publishes it, which retires the
rubric it replaces for that year.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bianmin.assessment import rubric_2018
from bianmin.assessment.models import Indicator, Item, Rubric, RubricStatus, Section
from bianmin.assessment.scoring import Rule, fmt, source_error
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.models import Staff

BASE_TOTAL = Decimal("100")
NOT_DRAFT = "已发布的考核细则不能直接修改;请复制为新的草稿后修改并发布。"
COUNTY_ONLY = "考核细则由县行政服务中心管委会制定。"


def require_county_admin(actor: Staff | None) -> None:
    if actor is not None and not (actor.is_active and actor.role == Role.COUNTY_ADMIN):
        raise ApplicationError(COUNTY_ONLY)


def require_draft(rubric: Rubric) -> None:
    if rubric.status != RubricStatus.DRAFT:
        raise ApplicationError(NOT_DRAFT)


@transaction.atomic
def rubric_load_default(*, actor: Staff | None = None, year: int = 2018) -> Rubric:
    """Load the 附件 of the 2018 plan, published, unless a published rubric of ``year`` exists."""
    existing = Rubric.objects.filter(year=year, status=RubricStatus.PUBLISHED).first()
    if existing is not None:
        return existing
    now = timezone.now()
    rubric = Rubric.objects.create(
        year=year,
        name=rubric_2018.NAME,
        status=RubricStatus.PUBLISHED,
        note="玉山县乡镇(街道)便民服务中心标准化建设实施方案(2018)附件",
        created_by=actor,
        published_by=actor,
        published_at=now,
    )
    for s_pos, sec in enumerate(rubric_2018.SECTIONS, start=1):
        section = Section.objects.create(rubric=rubric, position=s_pos, title=sec.title, is_bonus=sec.is_bonus)
        for i_pos, ind in enumerate(sec.indicators, start=1):
            indicator = Indicator.objects.create(
                section=section,
                position=i_pos,
                title=ind.title,
                max_points=ind.max_points,
                rule=ind.rule.value,
                description=ind.description,
            )
            Item.objects.bulk_create(
                Item(indicator=indicator, position=n, text=it.text, points=it.points, unit=it.unit, source=it.source)
                for n, it in enumerate(ind.items, start=1)
            )
    return rubric


@transaction.atomic
def rubric_copy(*, rubric: Rubric, year: int, actor: Staff, name: str = "") -> Rubric:
    """A draft copy of ``rubric`` for ``year``, every section, indicator and item included."""
    require_county_admin(actor)
    if not 2000 <= year <= 2100:
        raise ApplicationError("请填写正确的适用年度(2000-2100)。", field="year")
    copy = Rubric.objects.create(
        year=year,
        name=(name or rubric.name).strip()[:100],
        status=RubricStatus.DRAFT,
        based_on=rubric,
        created_by=actor,
    )
    for section in rubric.sections.prefetch_related("indicators__items"):
        new_section = Section.objects.create(
            rubric=copy, position=section.position, title=section.title, is_bonus=section.is_bonus
        )
        for indicator in section.indicators.all():
            new_indicator = Indicator.objects.create(
                section=new_section,
                position=indicator.position,
                title=indicator.title,
                max_points=indicator.max_points,
                rule=indicator.rule,
                description=indicator.description,
            )
            Item.objects.bulk_create(
                Item(
                    indicator=new_indicator,
                    position=item.position,
                    text=item.text,
                    points=item.points,
                    unit=item.unit,
                    source=item.source,
                )
                for item in indicator.items.all()
            )
    return copy


@dataclass(frozen=True)
class RubricSums:
    base: Decimal  # Σ maxima of the non-bonus sections
    bonus: Decimal  # Σ maxima of the bonus sections
    sections: dict[int, Decimal]  # section pk → Σ of its indicators' maxima


def rubric_sums(rubric: Rubric) -> RubricSums:
    base, bonus, sections = Decimal("0"), Decimal("0"), {}
    for section in rubric.sections.prefetch_related("indicators"):
        total = sum((i.max_points for i in section.indicators.all()), Decimal("0"))
        sections[section.pk] = total
        if section.is_bonus:
            bonus += total
        else:
            base += total
    return RubricSums(base, bonus, sections)


def rubric_problems(rubric: Rubric) -> list[str]:
    """Everything that keeps a draft from being published, in Chinese (empty: ready)."""
    problems: list[str] = []
    sections = list(rubric.sections.prefetch_related("indicators__items"))
    if not sections:
        return ["细则中还没有考核内容。"]
    base = Decimal("0")
    for section in sections:
        indicators = list(section.indicators.all())
        if not indicators:
            problems.append(f"“{section.title}”下还没有考核指标。")
        for indicator in indicators:
            if not section.is_bonus:
                base += indicator.max_points
            problems.extend(_indicator_problems(indicator))
    if base != BASE_TOTAL:
        problems.append(f"基础分合计 {fmt(base)} 分,应为 {fmt(BASE_TOTAL)} 分(加分项目另计)。")
    return problems


def _indicator_problems(indicator: Indicator) -> list[str]:
    where = f"“{indicator.title}”"
    items = list(indicator.items.all())
    rule = Rule(indicator.rule)
    problems = []
    if indicator.max_points <= 0:
        problems.append(f"{where}的分值应大于0。")
    if not items:
        problems.append(f"{where}下还没有评分细则。")
    if rule is Rule.MANUAL and len(items) != 1:
        problems.append(f"{where}为人工评分,应只有一条评分细则。")
    if rule in (Rule.MANUAL, Rule.CHECKLIST):
        total = sum((item.points for item in items), Decimal("0"))
        if items and total != indicator.max_points:
            problems.append(f"{where}各项分值合计 {fmt(total)} 分,与指标分值 {fmt(indicator.max_points)} 分不一致。")
    elif any(item.unit <= 0 for item in items):
        problems.append(f"{where}每条评分细则都应填写每次(每月)分值。")
    for item in items:
        error = source_error(rule, item.source)
        if error:
            problems.append(f"{where}“{item.text[:20]}”:{error}")
    return problems


@transaction.atomic
def rubric_publish(*, rubric: Rubric, actor: Staff) -> Rubric:
    """Publish a checked draft; the rubric it replaces for that year is retired (assessments keep it)."""
    require_county_admin(actor)
    locked = Rubric.objects.select_for_update().get(pk=rubric.pk)
    require_draft(locked)
    problems = rubric_problems(locked)
    if problems:
        raise ApplicationError("细则尚不能发布:" + ";".join(problems[:5]))
    Rubric.objects.filter(year=locked.year, status=RubricStatus.PUBLISHED).update(status=RubricStatus.RETIRED)
    locked.status = RubricStatus.PUBLISHED
    locked.published_by = actor
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_by", "published_at"])
    return locked


def rubric_for_year(year: int) -> Rubric | None:
    """The published rubric that governs ``year``: the latest one whose year is not after it."""
    return Rubric.objects.filter(status=RubricStatus.PUBLISHED, year__lte=year).order_by("-year", "-pk").first()

"""Writes of the annual assessment (plan 五(三)): open the year, score automatically, score by hand,
publish, correct.

Workflow: the county admin opens the year (one draft sheet per active centre, one score per item)
and the records are read into the automatic items at once; inspectors (or the county admin) score
the on-site items and may change an automatic one only with a note; the county admin publishes
when every sheet is complete, which freezes them. A later correction is a new version of that
centre's sheet, with a reason, published in its turn; the earlier version stays, marked 已更正.

Keyword-only, atomic; each sheet carries a ``lock`` counter so two people saving the same sheet
get one success and one "已被他人修改" (conditional update).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bianmin.assessment import inputs
from bianmin.assessment.models import (
    Assessment,
    AssessmentStatus,
    Indicator,
    Rubric,
    Score,
    ScoreSheet,
    SheetStatus,
)
from bianmin.assessment.scoring import (
    CentreFacts,
    IndicatorSpec,
    ItemSpec,
    Rule,
    auto_value,
    indicator_points,
    totals,
    value_error,
)
from bianmin.assessment.services_rubric import rubric_for_year
from bianmin.core.errors import ApplicationError
from bianmin.core.evidence import attach_evidence
from bianmin.core.roles import Role
from bianmin.org.models import Centre, Staff

SCORERS = frozenset({Role.COUNTY_ADMIN, Role.INSPECTOR})
TAKEN = "该评分表已被他人修改,请刷新页面后重试。"
FROZEN = "该评分表已发布,不能修改;如需更正,请由县行政服务中心管委会填写理由后生成更正版本。"
NOTE_MAX = 1000
REASON_MIN = 4


def _require(actor: Staff, roles: Iterable[Role], message: str) -> None:
    if not (actor.is_active and actor.role in set(roles)):
        raise ApplicationError(message)


def _require_admin(actor: Staff) -> None:
    _require(actor, {Role.COUNTY_ADMIN}, "年度考核的启动、发布和更正由县行政服务中心管委会进行。")


# --- the rubric as scoring specs ----------------------------------------------------------------


def rubric_indicators(rubric: Rubric) -> list[tuple[Indicator, IndicatorSpec, bool]]:
    """Every indicator of ``rubric`` in order, with its ``IndicatorSpec`` and whether it is a bonus."""
    out = []
    indicators = (
        Indicator.objects.filter(section__rubric=rubric)
        .select_related("section")
        .prefetch_related("items")
        .order_by("section__position", "position", "pk")
    )
    for indicator in indicators:
        spec = IndicatorSpec(
            key=indicator.pk,
            rule=Rule(indicator.rule),
            max_points=indicator.max_points,
            items=tuple(ItemSpec(item.pk, item.points, item.unit) for item in indicator.items.all()),
        )
        out.append((indicator, spec, indicator.section.is_bonus))
    return out


def _results(specs: list[tuple[Indicator, IndicatorSpec, bool]], values: dict[int, Decimal | None]) -> dict:
    results, pairs = {}, []
    for indicator, spec, is_bonus in specs:
        result = indicator_points(spec, values)
        pairs.append((result, is_bonus))
        results[str(indicator.pk)] = {
            "points": str(result.points),
            "raw": str(result.raw),
            "complete": result.complete,
        }
    sums = totals(pairs)
    return {"results": results, "base": sums.base, "bonus": sums.bonus, "total": sums.total, "complete": sums.complete}


def recompute(sheet: ScoreSheet, specs=None) -> ScoreSheet:
    """Store the sheet's indicator points and totals from its scores (inside the caller's transaction)."""
    specs = specs if specs is not None else rubric_indicators(sheet.assessment.rubric)
    values = dict(sheet.scores.values_list("item_id", "value"))
    computed = _results(specs, values)
    ScoreSheet.objects.filter(pk=sheet.pk).update(lock=F("lock") + 1, **computed)
    sheet.refresh_from_db()
    return sheet


def recompute_many(sheets: list[ScoreSheet], specs) -> None:
    """``recompute`` of many sheets of one rubric in a constant number of queries (one read of their
    scores, batched updates): what auto-scoring a whole county — or province — needs."""
    values: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    rows = Score.objects.filter(sheet__in=sheets).values_list("sheet_id", "item_id", "value").order_by()
    for sheet_id, item_id, value in rows.iterator(chunk_size=5000):
        values[sheet_id][item_id] = value
    fields = ["results", "base", "bonus", "total", "complete", "lock"]
    for sheet in sheets:
        for field, value in _results(specs, values[sheet.pk]).items():
            setattr(sheet, field, value)
        sheet.lock = F("lock") + 1
    ScoreSheet.objects.bulk_update(sheets, fields, batch_size=500)


# --- open and auto-score ------------------------------------------------------------------------


@transaction.atomic
def assessment_open(*, year: int, actor: Staff, at: datetime | None = None) -> Assessment:
    """Open ``year`` for every active centre under the rubric that governs it, and auto-score."""
    _require_admin(actor)
    at = at or timezone.now()
    if year > timezone.localdate(at).year:
        raise ApplicationError(f"{year}年尚未开始,不能启动该年度考核。")
    if Assessment.objects.filter(year=year).exists():
        raise ApplicationError(f"{year}年度考核已经启动。")
    rubric = rubric_for_year(year)
    if rubric is None:
        raise ApplicationError(f"没有适用于{year}年的已发布考核细则,请先发布考核细则。")
    assessment = Assessment.objects.create(year=year, rubric=rubric, opened_by=actor, opened_at=at)
    items = [item for indicator, _spec, _bonus in rubric_indicators(rubric) for item in indicator.items.all()]
    centres = Centre.objects.filter(is_active=True).order_by("township__code")
    sheets = ScoreSheet.objects.bulk_create(
        ScoreSheet(assessment=assessment, centre=centre, created_by=actor, created_at=at) for centre in centres
    )
    Score.objects.bulk_create((Score(sheet=sheet, item=item) for sheet in sheets for item in items), batch_size=2000)
    assessment_autoscore(assessment=assessment, actor=actor, at=at)
    return assessment


def _evidence_json(auto) -> list[dict]:
    return [asdict(evidence) for evidence in auto.evidence[: inputs.EVIDENCE_LIMIT]]


@transaction.atomic
def assessment_autoscore(
    *, assessment: Assessment, actor: Staff, at: datetime | None = None, sheets: Iterable[ScoreSheet] | None = None
) -> int:
    """Read the records into every automatic item of the draft sheets (all, or ``sheets``).

    Items an inspector changed by hand (``overridden``) keep their value; their automatic reading is
    refreshed beside it. Returns the number of sheets scored.
    """
    _require(actor, SCORERS, "自动评分由县行政服务中心管委会或督查人员进行。")
    at = at or timezone.now()
    drafts = ScoreSheet.objects.filter(assessment=assessment, status=SheetStatus.DRAFT).select_related("centre")
    if sheets is not None:
        drafts = drafts.filter(pk__in=[sheet.pk for sheet in sheets])
    drafts = list(drafts)
    if not drafts:
        return 0
    facts = inputs.facts_for([sheet.centre for sheet in drafts], year=assessment.year, now=at)
    specs = rubric_indicators(assessment.rubric)
    items = {item.pk: item for indicator, _spec, _bonus in specs for item in indicator.items.all() if item.source}
    changed = []
    scores = Score.objects.filter(sheet__in=drafts, item_id__in=list(items)).select_related("sheet")
    for score in scores:
        item = items[score.item_id]
        centre_facts = facts.get(score.sheet.centre_id) or CentreFacts(centre_id=score.sheet.centre_id)
        auto = auto_value(item.source, centre_facts, item.points)
        score.auto_value = auto.value
        score.auto_summary = auto.summary[:300]
        score.auto_evidence = _evidence_json(auto)
        if not score.overridden:
            score.value = auto.value
        changed.append(score)
    Score.objects.bulk_update(changed, ["auto_value", "auto_summary", "auto_evidence", "value"], batch_size=500)
    recompute_many(drafts, specs)
    Assessment.objects.filter(pk=assessment.pk).update(auto_scored_at=at)
    assessment.auto_scored_at = at
    return len(drafts)


# --- scoring by hand ----------------------------------------------------------------------------


def parse_value(text: str | Decimal | int | None) -> Decimal | None:
    """A value typed in a form: '' is "not scored"; anything else must be a number."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise ApplicationError("请填写数字。", field="value") from None
    if not value.is_finite():
        raise ApplicationError("请填写数字。", field="value")
    return value


@transaction.atomic
def score_set(
    *,
    score: Score,
    value: Decimal | None,
    note: str,
    actor: Staff,
    evidence=None,
    seen_lock: int | None = None,
    at: datetime | None = None,
) -> Score:
    """An inspector's value for one item, with a note (required to change an automatic value)."""
    _require(actor, SCORERS, "评分由县行政服务中心管委会或督查人员进行。")
    at = at or timezone.now()
    sheet = ScoreSheet.objects.select_for_update().select_related("assessment__rubric").get(pk=score.sheet_id)
    if not sheet.is_draft:
        raise ApplicationError(FROZEN)
    if seen_lock is not None and seen_lock != sheet.lock:
        raise ApplicationError(TAKEN)
    item = score.item
    rule = Rule(item.indicator.rule)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ApplicationError(f"评分说明不能超过{NOTE_MAX}字。", field="note")
    if value is not None:
        error = value_error(rule, item_spec(item), value)
        if error:
            raise ApplicationError(error, field="value")
    overridden = bool(item.source) and value != score.auto_value
    if overridden and not note:
        raise ApplicationError("调整自动评分结果时,请在评分说明中写明理由。", field="note")
    score.value = value
    score.note = note
    score.overridden = overridden
    score.scored_by = actor
    score.scored_at = at
    attach_evidence(score, evidence)
    score.save()
    recompute(sheet)
    return score


def item_spec(item) -> ItemSpec:
    return ItemSpec(item.pk, item.points, item.unit)


# --- publish and correct ------------------------------------------------------------------------


def incomplete_sheets(assessment: Assessment) -> list[ScoreSheet]:
    return list(
        assessment.sheets.filter(status=SheetStatus.DRAFT, complete=False).select_related("centre").order_by("centre")
    )


@transaction.atomic
def assessment_publish(*, assessment: Assessment, actor: Staff, at: datetime | None = None) -> Assessment:
    """Publish every draft sheet of the year at once; all must be completely scored."""
    _require_admin(actor)
    at = at or timezone.now()
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != AssessmentStatus.OPEN:
        raise ApplicationError("该年度考核已经发布。")
    missing = incomplete_sheets(locked)
    if missing:
        names = "、".join(sheet.centre.name for sheet in missing[:5])
        more = f"等{len(missing)}个中心" if len(missing) > 5 else ""
        raise ApplicationError(f"尚有评分项未评分:{names}{more}。请评分完毕后再发布。")
    ScoreSheet.objects.filter(assessment=locked, status=SheetStatus.DRAFT).update(
        status=SheetStatus.PUBLISHED, published_by=actor, published_at=at, lock=F("lock") + 1
    )
    locked.status = AssessmentStatus.PUBLISHED
    locked.published_by = actor
    locked.published_at = at
    locked.save(update_fields=["status", "published_by", "published_at"])
    return locked


@transaction.atomic
def sheet_correct(*, sheet: ScoreSheet, reason: str, actor: Staff, at: datetime | None = None) -> ScoreSheet:
    """A new draft version of a published sheet, copying its scores, for a correction with a reason."""
    _require_admin(actor)
    at = at or timezone.now()
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise ApplicationError(f"请填写更正理由(至少 {REASON_MIN} 个字)。", field="reason")
    current = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if current.status != SheetStatus.PUBLISHED:
        raise ApplicationError("只有已发布的评分表可以更正。")
    newer = ScoreSheet.objects.filter(
        assessment=current.assessment_id, centre=current.centre_id, version__gt=current.version
    )
    if newer.exists():
        raise ApplicationError("该中心已有更正中的新版本评分表。")
    draft = ScoreSheet.objects.create(
        assessment_id=current.assessment_id,
        centre_id=current.centre_id,
        version=current.version + 1,
        reason=reason[:NOTE_MAX],
        created_by=actor,
        created_at=at,
        base=current.base,
        bonus=current.bonus,
        total=current.total,
        complete=current.complete,
        results=current.results,
    )
    Score.objects.bulk_create(
        Score(
            sheet=draft,
            item_id=old.item_id,
            value=old.value,
            auto_value=old.auto_value,
            auto_summary=old.auto_summary,
            auto_evidence=old.auto_evidence,
            overridden=old.overridden,
            note=old.note,
            scored_by_id=old.scored_by_id,
            scored_at=old.scored_at,
            evidence=old.evidence.name,
            evidence_name=old.evidence_name,
            evidence_type=old.evidence_type,
        )
        for old in current.scores.all()
    )
    return draft


@transaction.atomic
def sheet_publish(*, sheet: ScoreSheet, actor: Staff, at: datetime | None = None) -> ScoreSheet:
    """Publish a correction version; the version it corrects becomes 已更正 (kept, read-only)."""
    _require_admin(actor)
    at = at or timezone.now()
    current = ScoreSheet.objects.select_for_update().select_related("assessment").get(pk=sheet.pk)
    if current.status != SheetStatus.DRAFT or current.version == 1:
        raise ApplicationError("只有更正中的新版本评分表可以单独发布;首次发布请发布整个年度考核。")
    if not current.complete:
        raise ApplicationError("评分表尚有未评分的项目。")
    ScoreSheet.objects.filter(
        assessment=current.assessment_id, centre=current.centre_id, status=SheetStatus.PUBLISHED
    ).update(status=SheetStatus.SUPERSEDED)
    ScoreSheet.objects.filter(pk=current.pk).update(
        status=SheetStatus.PUBLISHED, published_by=actor, published_at=at, lock=F("lock") + 1
    )
    current.refresh_from_db()
    return current

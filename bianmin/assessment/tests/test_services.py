"""The assessment workflow: open → auto-score → score by hand → publish (frozen) → correct."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bianmin.assessment import services
from bianmin.assessment.models import AssessmentStatus, Rubric, RubricStatus, Score, ScoreSheet, SheetStatus
from bianmin.assessment.services_rubric import rubric_copy, rubric_load_default, rubric_problems, rubric_publish
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role

CHINA = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 11, 20, 10, 0, tzinfo=CHINA)


@pytest.fixture
def admin(county):
    return county.users[Role.COUNTY_ADMIN].staff


@pytest.fixture
def inspector(county):
    return county.users[Role.INSPECTOR].staff


@pytest.fixture
def opened(county, admin):
    rubric_load_default()
    return services.assessment_open(year=2026, actor=admin, at=AT)


def _score_everything(assessment, actor):
    for score in Score.objects.filter(sheet__assessment=assessment, value__isnull=True).select_related("item"):
        services.score_set(score=score, value=score.item.points, note="", actor=actor, at=AT)


def test_it_opens_one_draft_sheet_per_active_centre_with_every_item(opened, county):
    sheets = list(opened.sheets.order_by("centre__township__code"))
    assert [s.centre for s in sheets] == [county.centre_a, county.centre_b]
    items = sum(ind.items.count() for sec in opened.rubric.sections.all() for ind in sec.indicators.all())
    assert all(s.scores.count() == items for s in sheets)
    assert all(s.status == SheetStatus.DRAFT and s.version == 1 for s in sheets)
    assert opened.auto_scored_at == AT


def test_it_refuses_a_second_opening_a_future_year_and_a_year_without_rubric(opened, admin):
    with pytest.raises(ApplicationError, match="已经启动"):
        services.assessment_open(year=2026, actor=admin, at=AT)
    with pytest.raises(ApplicationError, match="尚未开始"):
        services.assessment_open(year=2027, actor=admin, at=AT)
    with pytest.raises(ApplicationError, match="没有适用于2017年"):
        services.assessment_open(year=2017, actor=admin, at=AT)


def test_it_lets_only_the_county_admin_open(county, inspector):
    rubric_load_default()
    with pytest.raises(ApplicationError, match="管委会"):
        services.assessment_open(year=2026, actor=inspector, at=AT)
    with pytest.raises(ApplicationError):
        services.assessment_open(year=2026, actor=county.director_a, at=AT)


def test_it_scores_a_manual_item_and_recomputes_the_sheet(opened, inspector):
    score = Score.objects.filter(sheet__assessment=opened, item__source="", item__points=Decimal("2")).first()
    before = ScoreSheet.objects.get(pk=score.sheet_id)
    services.score_set(score=score, value=Decimal("1.5"), note="有研究记录,缺经费保障记录", actor=inspector, at=AT)
    sheet = ScoreSheet.objects.get(pk=score.sheet_id)
    assert sheet.total == before.total + Decimal("1.5")
    assert sheet.lock > before.lock
    score.refresh_from_db()
    assert (score.value, score.scored_by, score.overridden) == (Decimal("1.5"), inspector, False)


@pytest.mark.parametrize(
    ("value", "message"),
    [("3", "不能超过本项分值"), ("-1", "不能为负数"), ("0.3", "0.5分为最小单位")],
)
def test_it_refuses_impossible_points(opened, inspector, value, message):
    score = Score.objects.filter(sheet__assessment=opened, item__source="", item__points=Decimal("2")).first()
    with pytest.raises(ApplicationError, match=message):
        services.score_set(score=score, value=Decimal(value), note="", actor=inspector, at=AT)
    score.refresh_from_db()
    assert score.value is None


def test_it_refuses_a_fractional_count(opened, inspector):
    score = Score.objects.filter(sheet__assessment=opened, item__source="video_absent").first()
    with pytest.raises(ApplicationError, match="整数"):
        services.score_set(score=score, value=Decimal("1.5"), note="核查", actor=inspector, at=AT)


def test_it_changes_an_automatic_value_only_with_a_note(opened, inspector):
    score = Score.objects.filter(sheet__assessment=opened, item__source="name_plate").first()
    other = Decimal("1") - score.auto_value
    with pytest.raises(ApplicationError, match="写明理由"):
        services.score_set(score=score, value=other, note="", actor=inspector, at=AT)
    services.score_set(score=score, value=other, note="现场核实与登记不符", actor=inspector, at=AT)
    score.refresh_from_db()
    assert score.overridden and score.value == other
    # Re-reading the records keeps the inspector's value and refreshes the reading beside it.
    services.assessment_autoscore(assessment=opened, actor=inspector, at=AT)
    score.refresh_from_db()
    assert score.overridden and score.value == other


def test_it_publishes_only_complete_sheets_and_then_freezes_them(opened, admin, inspector):
    with pytest.raises(ApplicationError, match="尚有评分项未评分"):
        services.assessment_publish(assessment=opened, actor=admin, at=AT)
    _score_everything(opened, inspector)
    with pytest.raises(ApplicationError):
        services.assessment_publish(assessment=opened, actor=inspector, at=AT)
    published = services.assessment_publish(assessment=opened, actor=admin, at=AT)
    assert published.status == AssessmentStatus.PUBLISHED
    assert set(opened.sheets.values_list("status", flat=True)) == {SheetStatus.PUBLISHED}
    score = Score.objects.filter(sheet__assessment=opened, item__source="").first()
    with pytest.raises(ApplicationError, match="已发布"):
        services.score_set(score=score, value=Decimal("0"), note="x", actor=inspector, at=AT)


def test_it_corrects_a_published_sheet_as_a_new_version_with_a_reason(opened, admin, inspector, county):
    _score_everything(opened, inspector)
    services.assessment_publish(assessment=opened, actor=admin, at=AT)
    first = opened.sheets.get(centre=county.centre_a)
    with pytest.raises(ApplicationError, match="更正理由"):
        services.sheet_correct(sheet=first, reason="", actor=admin, at=AT)
    draft = services.sheet_correct(sheet=first, reason="复核发现领导重视项计分有误", actor=admin, at=AT)
    assert (draft.version, draft.status, draft.total) == (2, SheetStatus.DRAFT, first.total)
    assert draft.scores.count() == first.scores.count()
    score = draft.scores.get(item__source="", item__points=Decimal("2"), item__position=1)
    services.score_set(score=score, value=Decimal("0"), note="无专题研究记录", actor=inspector, at=AT)
    services.sheet_publish(sheet=draft, actor=admin, at=AT)
    first.refresh_from_db()
    draft.refresh_from_db()
    assert first.status == SheetStatus.SUPERSEDED
    assert draft.status == SheetStatus.PUBLISHED
    assert draft.total == first.total - Decimal("2")


def test_it_copies_a_published_rubric_to_a_draft_and_publishes_it_retiring_the_old(county, admin):
    default = rubric_load_default()
    assert rubric_problems(default) == []
    copy = rubric_copy(rubric=default, year=2026, actor=admin)
    assert copy.status == RubricStatus.DRAFT and copy.based_on == default
    assert rubric_problems(copy) == []
    rubric_publish(rubric=copy, actor=admin)
    assert Rubric.objects.get(pk=copy.pk).status == RubricStatus.PUBLISHED
    assert Rubric.objects.get(pk=default.pk).status == RubricStatus.PUBLISHED  # a different year
    again = rubric_copy(rubric=copy, year=2026, actor=admin)
    rubric_publish(rubric=again, actor=admin)
    assert Rubric.objects.get(pk=copy.pk).status == RubricStatus.RETIRED

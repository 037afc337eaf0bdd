"""Editing a draft rubric (services_rubric_edit): each change, each refusal, positions kept 1 … n."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bianmin.assessment import services_rubric_edit as edit
from bianmin.assessment.models import (
    Assessment,
    Indicator,
    Item,
    Rubric,
    RubricStatus,
    Score,
    ScoreSheet,
    Section,
)
from bianmin.assessment.services_rubric import (
    NOT_DRAFT,
    rubric_copy,
    rubric_load_default,
    rubric_problems,
    rubric_publish,
)
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role

CHINA = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def admin(county):
    return county.users[Role.COUNTY_ADMIN].staff


@pytest.fixture
def published(db):
    return rubric_load_default()


@pytest.fixture
def draft(published, admin):
    return rubric_copy(rubric=published, year=2027, actor=admin)


def _section(rubric, title):
    return rubric.sections.get(title=title)


def _indicator(rubric, title):
    return Indicator.objects.get(section__rubric=rubric, title=title)


def _positions(qs):
    return list(qs.order_by("position", "pk").values_list("position", flat=True))


def _titles(qs):
    return list(qs.order_by("position", "pk").values_list("title", flat=True))


# --- sections ----------------------------------------------------------------------------------


def test_it_adds_a_section_at_the_end(draft, admin):
    section = edit.section_add(rubric=draft, title=" 创新工作 ", is_bonus=True, actor=admin)
    assert (section.title, section.is_bonus, section.position) == ("创新工作", True, 7)
    assert _positions(draft.sections) == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize(
    ("title", "message"),
    [("", "请填写考核内容"), ("长" * 61, "不能超过60个字"), ("服务人员到位", "已有考核内容")],
)
def test_it_refuses_a_bad_section_title(draft, admin, title, message):
    with pytest.raises(ApplicationError, match=message) as exc:
        edit.section_add(rubric=draft, title=title, actor=admin)
    assert exc.value.field == "title"
    assert draft.sections.count() == 6


def test_it_updates_a_section_and_refuses_another_sections_title(draft, admin):
    section = _section(draft, "服务人员到位")
    edit.section_update(section=section, title="服务人员", is_bonus=False, actor=admin)
    assert draft.sections.filter(title="服务人员").exists()
    with pytest.raises(ApplicationError, match="已有考核内容"):
        edit.section_update(section=section, title="服务设施到位", is_bonus=False, actor=admin)
    # its own title is not a duplicate of itself
    edit.section_update(section=section, title="服务人员", is_bonus=True, actor=admin)
    assert Section.objects.get(pk=section.pk).is_bonus


def test_it_removes_a_section_with_its_indicators_and_items_and_renumbers(draft, admin):
    section = _section(draft, "服务设施到位")
    indicator_ids = list(section.indicators.values_list("pk", flat=True))
    edit.section_remove(section=section, actor=admin)
    assert not Indicator.objects.filter(pk__in=indicator_ids).exists()
    assert not Item.objects.filter(indicator_id__in=indicator_ids).exists()
    assert _titles(draft.sections) == ["服务人员到位", "服务事项到位", "服务制度到位", "运行监督情况", "加分项目"]
    assert _positions(draft.sections) == [1, 2, 3, 4, 5]


def test_it_moves_a_section_up_and_down_and_refuses_past_the_ends(draft, admin):
    edit.section_move(section=_section(draft, "服务设施到位"), step=-1, actor=admin)
    assert _titles(draft.sections)[:2] == ["服务设施到位", "服务人员到位"]
    edit.section_move(section=_section(draft, "服务设施到位"), step=1, actor=admin)
    assert _titles(draft.sections)[:2] == ["服务人员到位", "服务设施到位"]
    assert _positions(draft.sections) == [1, 2, 3, 4, 5, 6]
    with pytest.raises(ApplicationError, match="已排在最前"):
        edit.section_move(section=_section(draft, "服务人员到位"), step=-1, actor=admin)
    with pytest.raises(ApplicationError, match="已排在最后"):
        edit.section_move(section=_section(draft, "加分项目"), step=1, actor=admin)
    with pytest.raises(ApplicationError, match="移动方向"):
        edit.section_move(section=_section(draft, "加分项目"), step=3, actor=admin)


# --- indicators --------------------------------------------------------------------------------


def test_it_adds_an_indicator_at_the_end_of_its_section(draft, admin):
    section = _section(draft, "运行监督情况")
    indicator = edit.indicator_add(
        section=section, title="好差评", max_points=Decimal("2.5"), rule="checklist", description="", actor=admin
    )
    assert (indicator.position, indicator.max_points, indicator.rule) == (3, Decimal("2.5"), "checklist")
    assert _positions(section.indicators) == [1, 2, 3]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "请填写考核指标"),
        ({"title": "单位领导重视"}, "title", "已有考核指标"),  # in another section: still one rubric
        ({"max_points": "0"}, "max_points", "应大于0且不超过100分"),
        ({"max_points": "100.5"}, "max_points", "应大于0且不超过100分"),
        ({"max_points": "-1"}, "max_points", "应大于0"),
        ({"max_points": "1.25"}, "max_points", "以0.5分为最小单位"),
        ({"max_points": "1.005"}, "max_points", "最多保留两位小数"),
        ({"max_points": "三分"}, "max_points", "请填写指标分值"),
        ({"max_points": None}, "max_points", "请填写指标分值"),
        ({"rule": "lottery"}, "rule", "请选择评分方式"),
        ({"description": "长" * 2001}, "description", "不能超过2000个字"),
    ],
)
def test_it_refuses_a_bad_indicator(draft, admin, changes, field, message):
    section = _section(draft, "运行监督情况")
    values = {"title": "好差评", "max_points": "2", "rule": "checklist", "description": "", **changes}
    with pytest.raises(ApplicationError, match=message) as exc:
        edit.indicator_add(section=section, actor=admin, **values)
    assert exc.value.field == field
    assert section.indicators.count() == 2


def test_it_changes_an_indicators_rule_within_the_same_kind_of_value(draft, admin):
    indicator = _indicator(draft, "内部管理制度")  # 人工评分, one item of 4 points
    edit.indicator_update(
        indicator=indicator, title="内部管理", max_points="4", rule="checklist", description="新", actor=admin
    )
    indicator.refresh_from_db()
    assert (indicator.title, indicator.rule, indicator.description) == ("内部管理", "checklist", "新")
    video = _indicator(draft, "视频监控情况")  # 扣完为止 → 不限次: both count occurrences
    edit.indicator_update(
        indicator=video, title=video.title, max_points="5", rule="deduct_unlimited", description="", actor=admin
    )
    assert Indicator.objects.get(pk=video.pk).rule == "deduct_unlimited"


def test_it_refuses_to_switch_an_indicator_with_items_between_points_and_counts(draft, admin):
    indicator = _indicator(draft, "材料上报")  # 按月, source monthly_reports (a count)
    with pytest.raises(ApplicationError, match="不能在按分值评分") as exc:
        edit.indicator_update(
            indicator=indicator, title="材料上报", max_points="6", rule="checklist", description="", actor=admin
        )
    assert exc.value.field == "rule"
    assert Indicator.objects.get(pk=indicator.pk).rule == "per_month"


def test_it_switches_an_indicator_without_items_freely(draft, admin):
    section = _section(draft, "加分项目")
    indicator = edit.indicator_add(section=section, title="创新", max_points="5", rule="bonus", actor=admin)
    edit.indicator_update(indicator=indicator, title="创新", max_points="5", rule="manual", description="", actor=admin)
    assert Indicator.objects.get(pk=indicator.pk).rule == "manual"


def test_it_removes_an_indicator_with_its_items_and_renumbers(draft, admin):
    indicator = _indicator(draft, "组织机构健全")
    section = indicator.section
    item_ids = list(indicator.items.values_list("pk", flat=True))
    edit.indicator_remove(indicator=indicator, actor=admin)
    assert not Item.objects.filter(pk__in=item_ids).exists()
    assert _titles(section.indicators) == ["单位领导重视", "工作人员到位"]
    assert _positions(section.indicators) == [1, 2]
    assert "基础分合计 98 分,应为 100 分(加分项目另计)。" in rubric_problems(draft)


def test_it_moves_an_indicator_within_its_section(draft, admin):
    indicator = _indicator(draft, "工作人员到位")
    edit.indicator_move(indicator=indicator, step=-1, actor=admin)
    assert _titles(indicator.section.indicators) == ["单位领导重视", "工作人员到位", "组织机构健全"]
    with pytest.raises(ApplicationError, match="已排在最后"):
        edit.indicator_move(indicator=_indicator(draft, "组织机构健全"), step=1, actor=admin)


def test_it_refuses_to_remove_what_a_score_refers_to(draft, admin, county):
    # Impossible for a draft through the services (assessments use published rubrics); guarded anyway.
    at = datetime(2027, 12, 1, tzinfo=CHINA)
    assessment = Assessment.objects.create(year=2027, rubric=draft, opened_by=admin, opened_at=at)
    sheet = ScoreSheet.objects.create(assessment=assessment, centre=county.centre_a, created_by=admin, created_at=at)
    indicator = _indicator(draft, "组织机构健全")
    Score.objects.create(sheet=sheet, item=indicator.items.first())
    with pytest.raises(ApplicationError, match="已有评分记录引用"):
        edit.indicator_remove(indicator=indicator, actor=admin)
    with pytest.raises(ApplicationError, match="已有评分记录引用"):
        edit.item_remove(item=indicator.items.first(), actor=admin)
    with pytest.raises(ApplicationError, match="已有评分记录引用"):
        edit.section_remove(section=indicator.section, actor=admin)
    assert indicator.items.count() == 2


# --- items -------------------------------------------------------------------------------------


def test_it_adds_a_points_item_and_a_counting_item(draft, admin):
    checklist = _indicator(draft, "组织机构健全")
    item = edit.item_add(indicator=checklist, text="有岗位职责", points="0.5", unit="9", source="", actor=admin)
    assert (item.position, item.points, item.unit, item.source) == (3, Decimal("0.5"), Decimal("0"), "")
    video = _indicator(draft, "视频监控情况")
    item = edit.item_add(indicator=video, text="睡岗", points="3", unit="1.5", source="video_absent", actor=admin)
    # a counting rule reads the unit; the points of its items are not used and stay 0
    assert (item.position, item.points, item.unit, item.source) == (4, Decimal("0"), Decimal("1.5"), "video_absent")


@pytest.mark.parametrize(
    ("title", "values", "field", "message"),
    [
        ("组织机构健全", {"text": " "}, "text", "请填写评分细则"),
        ("组织机构健全", {"text": "长" * 201}, "text", "不能超过200个字"),
        ("组织机构健全", {"points": "0"}, "points", "应大于0"),
        ("组织机构健全", {"points": "0.3"}, "points", "以0.5分为最小单位"),
        ("组织机构健全", {"points": "2.5"}, "points", "不能超过指标分值 2 分"),
        ("组织机构健全", {"points": ""}, "points", "请填写分值"),
        ("视频监控情况", {"unit": "0"}, "unit", "应大于0"),
        ("视频监控情况", {"unit": None}, "unit", "请填写每次"),
        ("视频监控情况", {"unit": "101"}, "unit", "不超过100分"),
        ("视频监控情况", {"unit": "0.125"}, "unit", "最多保留两位小数"),
        # source and rule: a source that gives points cannot feed a counting rule, and vice versa
        ("组织机构健全", {"source": "complaints_verified"}, "source", "给出的是次数"),
        ("视频监控情况", {"source": "hall_class"}, "source", "给出的是分值"),
        ("视频监控情况", {"source": "weather"}, "source", "未知的自动评分数据来源"),
    ],
)
def test_it_refuses_a_bad_item(draft, admin, title, values, field, message):
    indicator = _indicator(draft, title)
    before = indicator.items.count()
    data = {"text": "新细则", "points": "1", "unit": "1", "source": "", **values}
    with pytest.raises(ApplicationError, match=message) as exc:
        edit.item_add(indicator=indicator, actor=admin, **data)
    assert exc.value.field == field
    assert indicator.items.count() == before


def test_it_updates_an_item_and_refuses_a_mismatched_source_without_saving(draft, admin):
    item = _indicator(draft, "服务场所固定").items.get(source="hall_class")
    edit.item_update(item=item, text="大厅面积", points="1.5", source="hall_class", actor=admin)
    item.refresh_from_db()
    assert (item.text, item.points) == ("大厅面积", Decimal("1.5"))
    with pytest.raises(ApplicationError, match="与本指标的评分方式“逐项得分”不符"):
        edit.item_update(item=item, text="改了", points="1", source="monthly_reports", actor=admin)
    item.refresh_from_db()
    assert (item.text, item.points, item.source) == ("大厅面积", Decimal("1.5"), "hall_class")


def test_it_removes_and_moves_items_keeping_positions(draft, admin):
    indicator = _indicator(draft, "单位领导重视")
    first, second, third, fourth = indicator.items.order_by("position")
    edit.item_move(item=third, step=-1, actor=admin)
    assert list(indicator.items.order_by("position")) == [first, third, second, fourth]
    edit.item_remove(item=first, actor=admin)
    assert list(indicator.items.order_by("position")) == [third, second, fourth]
    assert _positions(indicator.items) == [1, 2, 3]
    with pytest.raises(ApplicationError, match="已排在最前"):
        edit.item_move(item=third, step=-1, actor=admin)


# --- the draft itself --------------------------------------------------------------------------


def test_it_updates_and_deletes_a_draft(draft, admin):
    edit.rubric_update(rubric=draft, year=2028, name=" 2028年细则 ", note="删去了…", actor=admin)
    draft.refresh_from_db()
    assert (draft.year, draft.name, draft.note) == (2028, "2028年细则", "删去了…")
    with pytest.raises(ApplicationError, match="适用年度") as exc:
        edit.rubric_update(rubric=draft, year=1999, name="x", actor=admin)
    assert exc.value.field == "year"
    with pytest.raises(ApplicationError, match="请填写名称"):
        edit.rubric_update(rubric=draft, year=2028, name="", actor=admin)
    edit.rubric_delete(rubric=draft, actor=admin)
    assert not Rubric.objects.filter(pk=draft.pk).exists()
    assert not Item.objects.filter(indicator__section__rubric_id=draft.pk).exists()


def test_it_refuses_to_delete_a_draft_that_was_copied(draft, admin):
    rubric_copy(rubric=draft, year=2028, actor=admin)
    with pytest.raises(ApplicationError, match="已有其他细则复制自该草稿"):
        edit.rubric_delete(rubric=draft, actor=admin)
    assert Rubric.objects.filter(pk=draft.pk).exists()


# --- refusals common to every service ----------------------------------------------------------


def _every_edit(rubric, actor):
    section = rubric.sections.get(title="服务人员到位")
    indicator = section.indicators.get(title="组织机构健全")
    item = indicator.items.first()
    return [
        lambda: edit.rubric_update(rubric=rubric, year=2030, name="x", actor=actor),
        lambda: edit.rubric_delete(rubric=rubric, actor=actor),
        lambda: edit.section_add(rubric=rubric, title="新", actor=actor),
        lambda: edit.section_update(section=section, title="新", is_bonus=False, actor=actor),
        lambda: edit.section_remove(section=section, actor=actor),
        lambda: edit.section_move(section=section, step=1, actor=actor),
        lambda: edit.indicator_add(section=section, title="新", max_points="1", rule="checklist", actor=actor),
        lambda: edit.indicator_update(indicator=indicator, title="新", max_points="2", rule="checklist", actor=actor),
        lambda: edit.indicator_remove(indicator=indicator, actor=actor),
        lambda: edit.indicator_move(indicator=indicator, step=1, actor=actor),
        lambda: edit.item_add(indicator=indicator, text="新", points="1", actor=actor),
        lambda: edit.item_update(item=item, text="新", points="1", actor=actor),
        lambda: edit.item_remove(item=item, actor=actor),
        lambda: edit.item_move(item=item, step=1, actor=actor),
    ]


def _shape(rubric):
    return list(
        Item.objects.filter(indicator__section__rubric=rubric)
        .order_by("pk")
        .values_list("indicator__section__title", "indicator__title", "position", "text", "points")
    )


def test_it_never_edits_a_published_rubric_in_place(published, admin):
    before = _shape(published)
    for change in _every_edit(published, admin):
        with pytest.raises(ApplicationError) as exc:
            change()
        assert exc.value.message == NOT_DRAFT
    assert _shape(published) == before
    assert Rubric.objects.get(pk=published.pk).name == published.name


def test_it_never_edits_a_retired_rubric(published, draft, admin):
    edit.rubric_update(rubric=draft, year=2018, name="修订版", actor=admin)
    rubric_publish(rubric=draft, actor=admin)
    published.refresh_from_db()
    assert published.status == RubricStatus.RETIRED
    for change in _every_edit(published, admin):
        with pytest.raises(ApplicationError, match="不能直接修改"):
            change()


@pytest.mark.parametrize("who", ["inspector", "director_a", "clerk_a", "agent_a1"])
def test_it_lets_only_the_county_admin_edit(draft, county, who):
    actor = county.users[Role.INSPECTOR].staff if who == "inspector" else getattr(county, who)
    before = _shape(draft)
    for change in _every_edit(draft, actor):
        with pytest.raises(ApplicationError, match="管委会"):
            change()
    assert _shape(draft) == before


def test_it_tells_a_stale_page_the_row_is_gone(draft, admin):
    indicator = _indicator(draft, "组织机构健全")
    item = indicator.items.first()
    edit.indicator_remove(indicator=indicator, actor=admin)
    with pytest.raises(ApplicationError, match="已被删除"):
        edit.item_update(item=item, text="x", points="1", actor=admin)
    with pytest.raises(ApplicationError, match="已被删除"):
        edit.indicator_move(indicator=indicator, step=1, actor=admin)

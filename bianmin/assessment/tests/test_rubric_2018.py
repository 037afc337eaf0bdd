"""The default rubric is the 附件 of the 2018 plan, exactly (issue #9 point 1)."""

from decimal import Decimal

from bianmin.assessment.models import Indicator, Item, Rubric, RubricStatus, Section
from bianmin.assessment.services_rubric import rubric_load_default, rubric_problems, rubric_sums

# (section title, is bonus, [(indicator title, max points, rule)]) as the issue lists them.
EXPECTED = [
    (
        "服务人员到位",
        False,
        [("单位领导重视", 5, "checklist"), ("组织机构健全", 2, "checklist"), ("工作人员到位", 3, "checklist")],
    ),
    (
        "服务设施到位",
        False,
        [("服务场所固定", 5, "checklist"), ("办公设备齐全", 6, "checklist"), ("服务标识清楚", 4, "checklist")],
    ),
    ("服务事项到位", False, [("事项应进必进", 10, "deduct_floored"), ("便民服务指南", 10, "checklist")]),
    (
        "服务制度到位",
        False,
        [
            ("公开办事制度", 5, "checklist"),
            ("规范办事制度", 10, "checklist"),
            ("优质服务和监督制度", 7, "checklist"),
            ("内部管理制度", 4, "manual"),
            ("材料上报", 6, "per_month"),
            ("代办点建设", 7, "checklist"),
            ("互联网+政务服务", 6, "manual"),
        ],
    ),
    ("运行监督情况", False, [("群众满意情况", 5, "deduct_unlimited"), ("视频监控情况", 5, "deduct_floored")]),
    ("加分项目", True, [("市级以上部门通报表扬", 10, "bonus"), ("市级以上媒体正面报道", 10, "bonus")]),
]
SECTION_MAXIMA = {
    "服务人员到位": 10,
    "服务设施到位": 15,
    "服务事项到位": 20,
    "服务制度到位": 45,
    "运行监督情况": 10,
    "加分项目": 20,
}


def structure(rubric):
    return [
        (
            section.title,
            section.is_bonus,
            [(i.title, int(i.max_points), i.rule) for i in section.indicators.order_by("position")],
        )
        for section in rubric.sections.order_by("position")
    ]


def test_it_loads_the_2018_rubric_exactly(db):
    rubric = rubric_load_default()
    assert (rubric.year, rubric.status) == (2018, RubricStatus.PUBLISHED)
    assert rubric.name == "玉山县乡镇(街道)便民服务中心工作考核评分细则(2018)"
    assert structure(rubric) == EXPECTED


def test_its_sections_add_up_to_100_and_the_bonus_to_20(db):
    rubric = rubric_load_default()
    sums = rubric_sums(rubric)
    assert (sums.base, sums.bonus) == (Decimal(100), Decimal(20))
    titles = dict(rubric.sections.values_list("pk", "title"))
    assert {titles[pk]: int(total) for pk, total in sums.sections.items()} == SECTION_MAXIMA
    assert rubric_problems(rubric) == []


def test_checklist_items_add_up_to_their_indicator(db):
    rubric = rubric_load_default()
    for indicator in Indicator.objects.filter(section__rubric=rubric, rule__in=["checklist", "manual"]):
        total = sum((item.points for item in indicator.items.all()), Decimal(0))
        assert total == indicator.max_points, indicator.title


def test_it_reads_the_rubric_units_and_sources(db):
    rubric = rubric_load_default()

    def items(title):
        return [
            (item.unit, item.source)
            for item in Item.objects.filter(indicator__section__rubric=rubric, indicator__title=title).order_by(
                "position"
            )
        ]

    assert items("事项应进必进") == [(Decimal(3), "mandatory_lines")]  # 缺少一个扣3分
    assert items("材料上报") == [(Decimal("0.5"), "monthly_reports")]  # 每月0.5分
    assert items("群众满意情况") == [(Decimal(5), "complaints_verified"), (Decimal(5), "criticisms_exposures")]
    assert items("视频监控情况") == [
        (Decimal(1), "video_absent"),  # 无故空岗,每人次扣1分
        (Decimal(2), "video_unrelated"),  # 用电脑、手机做与工作无关事情每次扣2分
        (Decimal(1), "video_chatting"),  # 扎堆聊天、吃零食等,每次扣1分
    ]
    assert items("市级以上部门通报表扬") == [(Decimal(5), "commendations")]
    assert items("市级以上媒体正面报道") == [(Decimal(5), "positive_media")]


def test_loading_twice_does_not_duplicate(db):
    first = rubric_load_default()
    counts = (Section.objects.count(), Indicator.objects.count(), Item.objects.count())
    second = rubric_load_default()
    assert second.pk == first.pk
    assert Rubric.objects.count() == 1
    assert (Section.objects.count(), Indicator.objects.count(), Item.objects.count()) == counts
    assert counts[:2] == (6, 19)

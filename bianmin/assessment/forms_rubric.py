"""Forms of the rubric pages (考核评分细则): copy, the draft's own fields, sections, indicators, items.

Shape only; every rule (bounds, steps of 0.5, the item's source against the indicator's rule) is the
service's, whose ``ApplicationError`` lands on the field it names (``add_application_error``).
"""

from django import forms

from bianmin.assessment.models import Indicator
from bianmin.assessment.scoring import COUNT_SOURCES, SOURCE_CHOICES, Rule
from bianmin.core.forms import BootstrapFormMixin

ON_SITE = "现场评分"
UNIT_LABELS = {
    Rule.DEDUCT_FLOORED: "每次扣分",
    Rule.DEDUCT_UNLIMITED: "每次扣分",
    Rule.PER_MONTH: "每月得分",
    Rule.BONUS: "每次加分",
}


def _points_field(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=5, decimal_places=2, min_value=0, help_text=help_text)


class RubricCopyForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="适用年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="名称", max_length=100)


class RubricForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="适用年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="名称", max_length=100)
    note = forms.CharField(
        label="修订说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="与所复制细则相比改了什么、为什么改。",
    )


class SectionForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="考核内容", max_length=60)
    is_bonus = forms.BooleanField(label="加分项目(在100分之外另计)", required=False)


class IndicatorForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="考核指标", max_length=60)
    max_points = _points_field("分值", "指标满分;加分项目为最多可加的分数。以0.5分为最小单位。")
    rule = forms.ChoiceField(label="评分方式", choices=Indicator._meta.get_field("rule").choices)
    description = forms.CharField(
        label="评分标准",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="附件原文,如“缺少一个扣3分”。",
    )


class ItemForm(BootstrapFormMixin, forms.Form):
    """An item of ``indicator``: points for 逐项得分/人工评分, points per occurrence or month otherwise;
    the automatic sources offered are those that give the kind of value the rule reads."""

    text = forms.CharField(label="评分细则", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))
    points = _points_field("分值", "本项满分,以0.5分为最小单位。")
    unit = _points_field("每次分值")
    source = forms.ChoiceField(label="数据来源", required=False)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        rule = indicator.rule_enum
        if rule.counts:
            del self.fields["points"]
            self.fields["unit"].label = UNIT_LABELS[rule]
        else:
            del self.fields["unit"]
        sources = [(code, label) for code, label in SOURCE_CHOICES if (code in COUNT_SOURCES) == rule.counts]
        self.fields["source"].choices = [("", ON_SITE), *sources]
        self.fields[
            "source"
        ].help_text = "自动评分:开启年度考核时由系统根据台账记录计算,并附依据;“现场评分”由督查人员评分。"

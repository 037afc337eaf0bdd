"""The annual assessment (plan 五(三), 附件) and the standardization progress (plan 三, 四).

- ``Rubric`` → ``Section`` → ``Indicator`` → ``Item``: the 考核评分细则 as data. A published rubric
  is never edited in place; the county admin copies it to a new year (or the same year) as a draft.
- ``Assessment`` (one per year) → ``ScoreSheet`` (one per centre and version) → ``Score`` (one per
  item). Published sheets are frozen; a correction is a new version with a reason.
- ``StandardTarget``: a centre's or agency point's plan to meet one standard item by a date.

The arithmetic is in ``scoring.py`` (pure); writes go through ``services*.py``.
"""

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from bianmin.assessment.scoring import RULE_LABELS, SOURCE_CHOICES, Rule
from bianmin.core.evidence import WithEvidence


def _points(label: str, **kwargs: Any) -> "models.DecimalField[Decimal, Decimal]":
    return models.DecimalField(
        label, max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))], **kwargs
    )


class RubricStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    RETIRED = "retired", "已停用"


class Rubric(models.Model):
    """考核评分细则 of a year: applies to the assessments of ``year`` and later, until a newer one."""

    year = models.PositiveSmallIntegerField("适用年度", validators=[MinValueValidator(2000)])
    name = models.CharField("名称", max_length=100)
    status = models.CharField("状态", max_length=10, choices=RubricStatus.choices, default=RubricStatus.DRAFT)
    based_on = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.PROTECT, related_name="copies"
    )
    note = models.TextField("修订说明", blank=True)
    created_by = models.ForeignKey(
        "org.Staff", verbose_name="创建人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_by = models.ForeignKey(
        "org.Staff", verbose_name="发布人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "考核评分细则"
        verbose_name_plural = "考核评分细则"
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(status="published"), name="rubric_one_published_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:rubric_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == RubricStatus.DRAFT


class Section(models.Model):
    """考核内容 (服务人员到位 …); ``is_bonus`` marks 加分项目, scored on top of the 100 points."""

    rubric = models.ForeignKey(Rubric, verbose_name="细则", on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField("序号")
    title = models.CharField("考核内容", max_length=60)
    is_bonus = models.BooleanField("加分项目", default=False)

    class Meta:
        verbose_name = "考核内容"
        verbose_name_plural = "考核内容"
        ordering = ["rubric", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """考核指标 with its maximum and how its items add up (``scoring.Rule``)."""

    section = models.ForeignKey(Section, verbose_name="考核内容", on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField("序号")
    title = models.CharField("考核指标", max_length=60)
    max_points = _points("分值")
    rule = models.CharField(
        "评分方式", max_length=20, choices=[(rule.value, RULE_LABELS[rule]) for rule in Rule], default=Rule.CHECKLIST
    )
    description = models.TextField("评分标准", blank=True)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["section", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def rule_enum(self) -> Rule:
        return Rule(self.rule)


class Item(models.Model):
    """One line of an indicator's scoring standard.

    ``points`` is the item's maximum (逐项得分, 人工评分); ``unit`` the points per occurrence or month
    (扣分, 按月, 加分). ``source`` names the automatic reading of the records; blank: scored on site.
    """

    indicator = models.ForeignKey(Indicator, verbose_name="考核指标", on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("序号")
    text = models.CharField("评分细则", max_length=200)
    points = _points("分值", default=Decimal("0"))
    unit = _points("每次(每月)分值", default=Decimal("0"))
    source = models.CharField("自动评分来源", max_length=30, blank=True, choices=SOURCE_CHOICES)

    class Meta:
        verbose_name = "评分细则"
        verbose_name_plural = "评分细则"
        ordering = ["indicator", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_auto(self) -> bool:
        return bool(self.source)


class AssessmentStatus(models.TextChoices):
    OPEN = "open", "评分中"
    PUBLISHED = "published", "已发布"


class Assessment(models.Model):
    """The county's assessment of every centre for one year."""

    year = models.PositiveSmallIntegerField("考核年度", unique=True)
    rubric = models.ForeignKey(Rubric, verbose_name="考核细则", on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField("状态", max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.OPEN)
    opened_by = models.ForeignKey("org.Staff", verbose_name="启动人", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("启动时间")
    auto_scored_at = models.DateTimeField("自动评分时间", null=True, blank=True)
    published_by = models.ForeignKey(
        "org.Staff", verbose_name="发布人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "年度考核"
        verbose_name_plural = "年度考核"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度便民服务中心考核"

    def get_absolute_url(self) -> str:
        return reverse("assessment:year", args=[self.year])

    @property
    def is_open(self) -> bool:
        return self.status == AssessmentStatus.OPEN


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "评分中"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已更正"


class ScoreSheet(models.Model):
    """One centre's score for the year; version 2, 3 … are published corrections (with a reason)."""

    assessment = models.ForeignKey(Assessment, verbose_name="年度考核", on_delete=models.PROTECT, related_name="sheets")
    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="score_sheets")
    version = models.PositiveSmallIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=12, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    reason = models.TextField("更正理由", blank=True)
    base = models.DecimalField("基础分", max_digits=7, decimal_places=2, default=Decimal("0"))
    bonus = models.DecimalField("加分", max_digits=7, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField("总分", max_digits=7, decimal_places=2, default=Decimal("0"))
    complete = models.BooleanField("评分完成", default=False)
    results = models.JSONField("指标得分", default=dict, help_text="指标ID → 得分、是否完成、原始分。")
    lock = models.PositiveIntegerField("版本号", default=0, help_text="每次评分加一,用于防止并发覆盖。")
    created_by = models.ForeignKey("org.Staff", verbose_name="创建人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间")
    published_by = models.ForeignKey(
        "org.Staff", verbose_name="发布人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "考核评分表"
        verbose_name_plural = "考核评分表"
        ordering = ["assessment", "centre", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "centre", "version"], name="score_sheet_version_unique"),
        ]
        indexes = [models.Index(fields=["assessment", "status"], name="score_sheet_status")]

    def __str__(self) -> str:
        return f"{self.assessment.year}年 {self.centre} 第{self.version}版"

    def get_absolute_url(self) -> str:
        return reverse("assessment:sheet", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == SheetStatus.DRAFT


class Score(WithEvidence):
    """One item of one sheet: the automatic reading (if any) and the value that counts.

    ``value`` is points or a count as the indicator's rule reads it; None is "not yet scored".
    An inspector may change an automatic value only with a note (``overridden``).
    """

    sheet = models.ForeignKey(ScoreSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, verbose_name="评分细则", on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField("得分(次数)", max_digits=7, decimal_places=2, null=True, blank=True)
    auto_value = models.DecimalField("自动评分", max_digits=7, decimal_places=2, null=True, blank=True)
    auto_summary = models.CharField("自动评分说明", max_length=300, blank=True)
    auto_evidence = models.JSONField("自动评分依据", default=list, blank=True)
    overridden = models.BooleanField("人工调整", default=False)
    note = models.TextField("评分说明", blank=True)
    scored_by = models.ForeignKey(
        "org.Staff", verbose_name="评分人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        ordering = ["sheet", "item__indicator__section__position", "item__indicator__position", "item__position"]
        constraints = [models.UniqueConstraint(fields=["sheet", "item"], name="score_item_unique_in_sheet")]

    def __str__(self) -> str:
        return f"{self.sheet} · {self.item}"


class TargetStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    BUILDING = "building", "建设中"
    DONE = "done", "已完成"


class StandardTarget(models.Model):
    """The plan to meet one item of the construction standard (plan 三: 2年内完成标准化建设).

    ``code`` is a finding code of ``org.standards`` (hall_area, line:民政, facility:has_touch_kiosk …).
    Whether the item is met is always read from the records; this row holds the target date and
    the work in hand, and is kept (marked 已完成) after the item is met.
    """

    centre = models.ForeignKey(
        "org.Centre",
        verbose_name="中心",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standard_targets",
    )
    agency_point = models.ForeignKey(
        "org.AgencyPoint",
        verbose_name="代办点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standard_targets",
    )
    code = models.CharField("标准项目", max_length=60)
    status = models.CharField("进度", max_length=10, choices=TargetStatus.choices, default=TargetStatus.PLANNED)
    target_date = models.DateField("目标日期", null=True, blank=True)
    note = models.CharField("整改措施", max_length=300, blank=True)
    updated_by = models.ForeignKey("org.Staff", verbose_name="填报人", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("填报时间")

    class Meta:
        verbose_name = "标准化建设计划"
        verbose_name_plural = "标准化建设计划"
        ordering = ["centre", "agency_point", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(centre__isnull=False, agency_point__isnull=True)
                | models.Q(centre__isnull=True, agency_point__isnull=False),
                name="standard_target_one_unit",
            ),
            models.UniqueConstraint(fields=["centre", "code"], name="standard_target_centre_code"),
            models.UniqueConstraint(fields=["agency_point", "code"], name="standard_target_point_code"),
        ]

    def __str__(self) -> str:
        return f"{self.centre or self.agency_point} · {self.code}"

"""Supervision by the people (plan 五(二), 2(3) 举报投诉箱/投诉电话): 好差评 ratings of decided cases,
the rectification a bad rating opens, and complaints/reports (投诉举报) with their query code.

Writes go through ``services.py`` only (conditional updates on ``status`` and ``version``).
The rater is anonymous (国办发〔2019〕51号 评价人信息保密): a rating stores no IP address, session,
name or phone — only the case it belongs to, which the staff rated never see from the rating pages.
"""

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from bianmin.supervision.rules import Level, is_bad, is_overdue

_LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


def _level_field(label: str) -> "models.PositiveSmallIntegerField[int, int]":
    return models.PositiveSmallIntegerField(label, choices=Level.choices, validators=_LEVEL_VALIDATORS)


class RatingChannel(models.TextChoices):
    PROGRESS = "progress", "进度查询页"
    KIOSK = "kiosk", "触摸查询机"


class Rating(models.Model):
    """One 好差评 per decided case (issue #6 point 3)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name="办件", on_delete=models.PROTECT, related_name="rating", editable=False
    )
    # Copied from the case when rated, so lists and statistics need no join through the case.
    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="ratings")
    window = models.ForeignKey(
        "org.Window", verbose_name="窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="ratings"
    )
    overall = _level_field("总体评价")
    efficiency = _level_field("办事效率")
    attitude = _level_field("服务态度")
    guide_accuracy = _level_field("办事指南准确")
    comment = models.CharField("意见建议", max_length=500, blank=True)
    channel = models.CharField("评价渠道", max_length=10, choices=RatingChannel.choices, default=RatingChannel.PROGRESS)
    rated_at = models.DateTimeField("评价时间", db_index=True)
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "好差评"
        verbose_name_plural = "好差评"
        ordering = ["-rated_at", "-pk"]
        indexes = [models.Index(fields=["centre", "rated_at"], name="rating_centre_rated")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__gte=1, overall__lte=5)
                & models.Q(efficiency__gte=1, efficiency__lte=5)
                & models.Q(attitude__gte=1, attitude__lte=5)
                & models.Q(guide_accuracy__gte=1, guide_accuracy__lte=5),
                name="rating_levels_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_overall_display()}({self.rated_at:%Y-%m-%d})"

    @property
    def is_bad(self) -> bool:
        return is_bad(self.overall)


class Rectification(models.Model):
    """整改: opened by a bad rating; the centre director calls back, verifies, acts and closes."""

    class Status(models.TextChoices):
        OPEN = "open", "整改中"
        CLOSED = "closed", "已办结"

    rating = models.OneToOneField(
        Rating, verbose_name="差评", on_delete=models.PROTECT, related_name="rectification", editable=False
    )
    centre = models.ForeignKey(
        "org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="rectifications"
    )
    case = models.ForeignKey("cases.Case", verbose_name="办件", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    version = models.PositiveIntegerField("版本", default=0, help_text="每次保存加一,用于防止并发覆盖。")
    opened_at = models.DateTimeField("开始时间")
    working_days = models.PositiveSmallIntegerField("整改时限(工作日)")
    deadline = models.DateField("整改期限", help_text="评价当日不计,其后第 N 个工作日为期限。")
    deadline_provisional = models.BooleanField("期限暂定", default=False)

    callback_at = models.DateTimeField("回访时间", null=True, blank=True)
    callback_by = models.ForeignKey(
        "org.Staff", verbose_name="回访人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    callback_note = models.TextField("回访情况", blank=True, help_text="群众对问题的说明和意见。")
    finding = models.TextField("核实情况", blank=True)
    action = models.TextField("整改措施", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        "org.Staff", verbose_name="办结人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        "org.Staff", verbose_name="最后填写人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("最后填写时间", null=True, blank=True)
    request_key = models.CharField(max_length=64, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "差评整改"
        verbose_name_plural = "差评整改"
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["centre", "status", "deadline"], name="rect_centre_status_deadline")]

    def __str__(self) -> str:
        return f"差评整改 {self.opened_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:rectification_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def closed_late(self) -> bool:
        return self.closed_at is not None and timezone.localdate(self.closed_at) > self.deadline

    def overdue_on(self, today: date) -> bool:
        return is_overdue(deadline=self.deadline, closed=not self.is_open, today=today)


class ComplaintCategory(models.TextChoices):
    ATTITUDE = "attitude", "服务态度"
    CONDUCT = "conduct", "工作作风"
    EFFICIENCY = "efficiency", "办事效率"
    QUALITY = "quality", "办事质量"
    FEES = "fees", "违规收费"
    OTHER = "other", "其他"


class ComplaintChannel(models.TextChoices):
    """How the complaint came in; the public intake uses the first two, the register (issue #7) the rest."""

    PORTAL = "portal", "网上投诉"
    KIOSK = "kiosk", "触摸查询机"
    PHONE = "phone", "投诉电话"
    BOX = "box", "举报投诉箱"
    VISIT = "visit", "来访"


class Complaint(models.Model):
    """投诉举报: anonymous or named; followed up with its query code (issue #6 point 4)."""

    class Status(models.TextChoices):
        RECEIVED = "received", "已受理"
        PROCESSING = "processing", "处理中"
        CLOSED = "closed", "已办结"

    code = models.CharField("查询码", max_length=8, unique=True, editable=False)
    channel = models.CharField("来源", max_length=10, choices=ComplaintChannel.choices, default=ComplaintChannel.PORTAL)
    category = models.CharField("类别", max_length=12, choices=ComplaintCategory.choices)
    centre = models.ForeignKey(
        "org.Centre", verbose_name="被投诉中心", on_delete=models.PROTECT, related_name="complaints"
    )
    staff = models.ForeignKey(
        "org.Staff",
        verbose_name="被投诉人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    subject = models.CharField("被投诉人/窗口(描述)", max_length=60, blank=True)
    receipt_number = models.CharField("办件编号(投诉人填写)", max_length=40, blank=True)
    case = models.ForeignKey(
        "cases.Case", verbose_name="关联办件", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.TextField("投诉举报内容")
    name = models.CharField("投诉人姓名", max_length=30, blank=True)
    phone = models.CharField("投诉人电话", max_length=30, blank=True)

    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    version = models.PositiveIntegerField("版本", default=0)
    submitted_at = models.DateTimeField("提交时间", db_index=True)
    internal_note = models.TextField("内部处理记录", blank=True, help_text="仅工作人员可见,不对外公开。")
    reply = models.TextField("答复意见", blank=True, help_text="投诉人凭查询码可以看到。")
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    handled_by = models.ForeignKey(
        "org.Staff", verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    handle_request_key = models.CharField(max_length=64, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["centre", "status", "submitted_at"], name="complaint_centre_status")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.submitted_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:complaint_detail", args=[self.pk])

    @property
    def is_anonymous(self) -> bool:
        return not (self.name or self.phone)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

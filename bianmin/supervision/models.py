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

from bianmin.core.annul import Annullable, ValidQuerySet
from bianmin.core.evidence import WithEvidence
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
    """How the complaint came in; the public intake uses the first two, staff register the rest."""

    PORTAL = "portal", "网上投诉"
    KIOSK = "kiosk", "触摸查询机"
    PHONE = "phone", "投诉电话"
    BOX = "box", "举报投诉箱"
    VISIT = "visit", "来访"
    HOTLINE = "hotline", "12345热线"
    MEDIA = "media", "新闻媒体"
    SUPERIOR = "superior", "上级转办"


STAFF_CHANNELS = (
    ComplaintChannel.PHONE,
    ComplaintChannel.BOX,
    ComplaintChannel.VISIT,
    ComplaintChannel.HOTLINE,
    ComplaintChannel.MEDIA,
    ComplaintChannel.SUPERIOR,
)


class Verdict(models.TextChoices):
    """查证结论: a substantiated complaint costs the centre 5 points each time (附件 群众满意情况)."""

    SUBSTANTIATED = "substantiated", "属实"
    UNSUBSTANTIATED = "unsubstantiated", "不属实"


class Complaint(WithEvidence, models.Model):
    """投诉举报: anonymous or named; followed up with its query code (issue #6 point 4), registered,
    assigned, investigated, found 属实/不属实 with evidence and answered within a deadline (issue #7)."""

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
    # The register (issue #7): who entered it, who investigates, by when, and what was found.
    recorded_by = models.ForeignKey(
        "org.Staff", verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    external_ref = models.CharField("来源编号", max_length=60, blank=True, help_text="如12345工单号、媒体报道标题。")
    assigned_to = models.ForeignKey(
        "org.Staff", verbose_name="承办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    working_days = models.PositiveSmallIntegerField("办理时限(工作日)", null=True, blank=True)
    deadline = models.DateField("办理期限", null=True, blank=True, db_index=True)
    deadline_provisional = models.BooleanField("期限暂定", default=False)
    investigation = models.TextField("调查核实情况", blank=True)
    verdict = models.CharField("查证结论", max_length=16, choices=Verdict.choices, blank=True)
    verified_at = models.DateTimeField("查证时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        "org.Staff", verbose_name="查证人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    handle_request_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField("个人信息匿名化时间", null=True, blank=True, editable=False)

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

    @property
    def is_substantiated(self) -> bool:
        return self.verdict == Verdict.SUBSTANTIATED

    def overdue_on(self, today: date) -> bool:
        return self.deadline is not None and is_overdue(deadline=self.deadline, closed=self.is_closed, today=today)


class ComplaintStep(models.TextChoices):
    RECEIVED = "received", "受理"
    REGISTERED = "registered", "登记"
    ASSIGNED = "assigned", "交办"
    INVESTIGATED = "investigated", "调查核实"
    VERIFIED = "verified", "查证"
    REPLIED = "replied", "答复"
    CLOSED = "closed", "办结"


class ComplaintEvent(models.Model):
    """办理经过: one row per step taken on a complaint (append-only; reassignments and changed
    verdicts stay visible)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    step = models.CharField("步骤", max_length=14, choices=ComplaintStep.choices)
    actor = models.ForeignKey(
        "org.Staff", verbose_name="办理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间")
    detail = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "投诉举报办理经过"
        verbose_name_plural = "投诉举报办理经过"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaint_event_at")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise ValueError("complaint events are append-only")
        super().save(*args, **kwargs)


# --- inspections and findings (plan 五(一), 五(二), 附件 运行监督情况 and 加分项目) -------------------------


class InspectionKind(models.TextChoices):
    HALF_YEAR = "half_year", "半年业务督导"
    UNANNOUNCED = "unannounced", "明察暗访"
    ELECTRONIC = "electronic", "日常电子监察"


class InspectorKind(models.TextChoices):
    COUNTY = "county", "县行政服务中心管委会"
    MEDIA = "media", "新闻媒体"
    SOCIAL = "social", "社会监督员"
    THIRD_PARTY = "third_party", "第三方机构"


class AspectResult(models.TextChoices):
    """One aspect's result in an inspection (态度、作风、效率、质量、收费, 五(二))."""

    GOOD = "good", "好"
    FAIR = "fair", "一般"
    PROBLEM = "problem", "存在问题"
    NOT_CHECKED = "", "未检查"


class BulletinOutcome(models.TextChoices):
    NONE = "none", "未通报"
    PRAISE = "praise", "通报表扬"
    CRITICISM = "criticism", "通报批评"


def _aspect(label: str) -> "models.CharField[str, str]":
    return models.CharField(label, max_length=10, choices=AspectResult.choices, blank=True)


class Inspection(Annullable, WithEvidence):
    """督导 / 明察暗访 / 电子监察 of a centre (or one of its agency points), with its 通报 result."""

    ASPECTS = ("attitude", "conduct", "efficiency", "quality", "charging")

    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="inspections")
    agency_point = models.ForeignKey(
        "org.AgencyPoint", verbose_name="代办点", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("检查类型", max_length=12, choices=InspectionKind.choices)
    inspector_kind = models.CharField("检查方", max_length=12, choices=InspectorKind.choices)
    inspector_name = models.CharField("检查单位/人员", max_length=100)
    inspected_at = models.DateTimeField("检查时间", db_index=True)
    attitude = _aspect("服务态度")
    conduct = _aspect("工作作风")
    efficiency = _aspect("工作效率")
    quality = _aspect("办事质量")
    charging = _aspect("收费行为")
    findings = models.TextField("发现的问题")
    suggestions = models.TextField("意见建议", blank=True, help_text="社会各界对窗口服务和大厅建设的意见建议。")
    outcome = models.CharField("通报结果", max_length=10, choices=BulletinOutcome.choices, default=BulletinOutcome.NONE)
    bulletin_ref = models.CharField("通报文号", max_length=60, blank=True)
    rectification_due = models.DateField("整改期限", null=True, blank=True)
    rectification = models.TextField("整改情况", blank=True)
    rectified_at = models.DateTimeField("整改情况填写时间", null=True, blank=True)
    rectified_by = models.ForeignKey(
        "org.Staff", verbose_name="整改情况填写人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey("org.Staff", verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = ValidQuerySet.as_manager()

    class Meta:
        verbose_name = "督导检查"
        verbose_name_plural = "督导检查"
        ordering = ["-inspected_at", "-pk"]
        indexes = [models.Index(fields=["centre", "inspected_at"], name="inspection_centre_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.inspected_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:inspection_detail", args=[self.pk])


class FindingKind(models.TextChoices):
    """视频监控 findings of the rubric (附件 视频监控情况, 5 points, 扣完为止)."""

    ABSENT = "absent", "无故空岗"
    UNRELATED = "unrelated", "上班时间用电脑、手机做与工作无关的事"
    CHATTING = "chatting", "扎堆聊天、吃零食等"
    OTHER = "other", "其他违反工作纪律"


class MonitoringFinding(Annullable, WithEvidence):
    """A video-monitoring finding against a person at a centre, with the rubric's deduction."""

    centre = models.ForeignKey(
        "org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="monitoring_findings"
    )
    window = models.ForeignKey(
        "org.Window", verbose_name="窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff = models.ForeignKey(
        "org.Staff", verbose_name="涉及人员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("问题类型", max_length=10, choices=FindingKind.choices)
    observed_at = models.DateTimeField("发现时间", db_index=True)
    description = models.TextField("情况描述")
    deduction = models.DecimalField("扣分", max_digits=4, decimal_places=1, default=0)
    recorded_by = models.ForeignKey("org.Staff", verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = ValidQuerySet.as_manager()

    class Meta:
        verbose_name = "视频监控发现"
        verbose_name_plural = "视频监控发现"
        ordering = ["-observed_at", "-pk"]
        indexes = [models.Index(fields=["centre", "observed_at"], name="finding_centre_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.observed_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:finding_detail", args=[self.pk])


class AuthorityLevel(models.TextChoices):
    """The level of a medium or an issuing department; 上饶市级以上 counts in the rubric (附件)."""

    COUNTY = "county", "县级"
    CITY = "city", "上饶市级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "国家级"


CITY_OR_ABOVE = frozenset({AuthorityLevel.CITY, AuthorityLevel.PROVINCE, AuthorityLevel.NATIONAL})


class Tone(models.TextChoices):
    POSITIVE = "positive", "正面"
    NEGATIVE = "negative", "负面"


class PressReport(Annullable, WithEvidence):
    """新闻报道: negative exposure (曝光, −5 each at 市级以上) or positive coverage (+5, at most +10)."""

    centre = models.ForeignKey(
        "org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="press_reports"
    )
    tone = models.CharField("性质", max_length=10, choices=Tone.choices)
    level = models.CharField("媒体级别", max_length=10, choices=AuthorityLevel.choices)
    outlet = models.CharField("媒体名称", max_length=100)
    title = models.CharField("标题", max_length=200)
    published_on = models.DateField("发布日期", db_index=True)
    link = models.URLField("网址", blank=True)
    summary = models.TextField("内容摘要", blank=True)
    recorded_by = models.ForeignKey("org.Staff", verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = ValidQuerySet.as_manager()

    class Meta:
        verbose_name = "新闻报道"
        verbose_name_plural = "新闻报道"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def city_or_above(self) -> bool:
        return self.level in CITY_OR_ABOVE


class Bulletin(Annullable, WithEvidence):
    """上级通报: 通报表扬 (commendation, +5 each at 市级以上, at most +10) or 通报批评 (−5 each)."""

    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="bulletins")
    outcome = models.CharField(
        "通报类型",
        max_length=10,
        choices=[(BulletinOutcome.PRAISE.value, "通报表扬"), (BulletinOutcome.CRITICISM.value, "通报批评")],
    )
    level = models.CharField("通报部门级别", max_length=10, choices=AuthorityLevel.choices)
    issuer = models.CharField("通报部门", max_length=100)
    reference = models.CharField("文号", max_length=60, blank=True)
    title = models.CharField("标题/事由", max_length=200)
    issued_on = models.DateField("通报日期", db_index=True)
    inspection = models.ForeignKey(
        Inspection, verbose_name="来源检查", null=True, blank=True, on_delete=models.PROTECT, related_name="bulletins"
    )
    recorded_by = models.ForeignKey("org.Staff", verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = ValidQuerySet.as_manager()

    class Meta:
        verbose_name = "上级通报"
        verbose_name_plural = "上级通报"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def city_or_above(self) -> bool:
        return self.level in CITY_OR_ABOVE

"""The service catalogue (政务服务事项目录) and its guides (办事指南).

An item (``ServiceItem``) is the stable identity with its code; what the public reads is a
``GuideVersion``: drafts are edited, a published version is never edited in place (a change makes
a new draft), and the item points at its current published version. Clauses: 四(一)3 (涉群必进),
四(一)4(2) 一次性告知, 4(3) 限时办结, 4(6) 办事公开.
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from bianmin.core.validators import validate_phone

UPLOAD_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"]
UPLOAD_MAX_BYTES = 10 * 1024 * 1024


class ItemType(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    BENEFIT = "benefit", "行政给付"
    CONFIRMATION = "confirmation", "行政确认"
    RULING = "ruling", "行政裁决"
    OTHER_POWER = "other_power", "其他行政权力"
    PUBLIC_SERVICE = "public_service", "公共服务"


class HandlingType(models.TextChoices):
    IMMEDIATE = "immediate", "即办件"
    PROMISED = "promised", "承诺件"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替代"


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", "原件"
    COPY = "copy", "复印件"
    BOTH = "both", "原件和复印件"
    ELECTRONIC = "electronic", "电子材料"


class ServiceItem(models.Model):
    code = models.CharField("事项编码", max_length=40, unique=True)
    business_line = models.ForeignKey(
        "org.BusinessLine", verbose_name="业务条线(所属窗口)", on_delete=models.PROTECT, related_name="items"
    )
    aliases = models.CharField(
        "俗称/简称", max_length=200, blank=True, help_text="多个用顿号或逗号分隔,如:低保、城乡低保。"
    )
    current = models.OneToOneField(
        "GuideVersion",
        verbose_name="现行版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Search keys, rebuilt from the current name and the aliases (see search.py).
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    pinyin_full = models.CharField(max_length=1000, blank=True, editable=False)
    pinyin_initials = models.CharField(max_length=400, blank=True, editable=False)
    is_active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        ordering = ["business_line__sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.current.name if self.current else ''}".strip()

    def get_absolute_url(self) -> str:
        return reverse("catalogue:item_detail", args=[self.pk])

    @property
    def alias_list(self) -> list[str]:
        from bianmin.catalogue.pinyin_keys import split_aliases

        return split_aliases(self.aliases)


class GuideVersion(models.Model):
    item = models.ForeignKey(ServiceItem, verbose_name="事项", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)

    name = models.CharField("事项名称", max_length=120)
    item_type = models.CharField("事项类型", max_length=20, choices=ItemType.choices)
    department = models.CharField(
        "实施主体(责任站所)", max_length=80, help_text="站所类别,与职能站所的“站所类别”一致,如:民政所。"
    )
    handling_type = models.CharField("办件类型", max_length=10, choices=HandlingType.choices)
    statutory_limit_days = models.PositiveSmallIntegerField(
        "法定办结时限(工作日)", null=True, blank=True, validators=[MaxValueValidator(365)]
    )
    promised_limit_days = models.PositiveSmallIntegerField(
        "承诺办结时限(工作日)",
        default=0,
        validators=[MaxValueValidator(365)],
        help_text="即办件填0;承诺件不得超过法定时限。",
    )
    legal_basis = models.TextField("设定依据", blank=True)
    conditions = models.TextField("申请条件", blank=True)
    procedure = models.TextField("办理流程", blank=True, help_text="每行一个步骤。")
    is_free = models.BooleanField("不收费", default=True)
    fees = models.TextField("收费标准", blank=True)
    fee_basis = models.TextField("收费依据", blank=True)
    place = models.CharField("办理地点", max_length=200, blank=True)
    hours = models.CharField("办理时间", max_length=200, blank=True)
    consult_phone = models.CharField("咨询电话", max_length=30, blank=True, validators=[validate_phone])
    complaint_phone = models.CharField("监督投诉电话", max_length=30, blank=True, validators=[validate_phone])
    visits = models.PositiveSmallIntegerField(
        "到现场次数", default=1, validators=[MaxValueValidator(9)], help_text="最多跑一次填1,全程网办填0。"
    )
    online = models.BooleanField("可网上办理", default=False)
    agency_allowed = models.BooleanField("村(社区)代办点可代办", default=False)
    pending_allowed = models.BooleanField("可容缺受理", default=False)
    pending_note = models.CharField("容缺说明", max_length=200, blank=True)

    change_note = models.CharField("修改说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="编辑人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "办事指南版本"
        verbose_name_plural = "办事指南版本"
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="guide_version_number_unique"),
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status="published"), name="one_published_version_per_item"
            ),
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status="draft"), name="one_draft_version_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}(第{self.number}版,{self.get_status_display()})"

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in self.procedure.splitlines() if line.strip()]


class Material(models.Model):
    version = models.ForeignKey(
        GuideVersion, verbose_name="指南版本", on_delete=models.CASCADE, related_name="materials"
    )
    position = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("材料名称", max_length=120)
    form = models.CharField("材料形式", max_length=12, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL)
    copies = models.PositiveSmallIntegerField(
        "份数", default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    required = models.BooleanField("必需", default=True)
    pending_allowed = models.BooleanField("可容缺", default=False)
    notes = models.CharField("备注", max_length=200, blank=True)
    blank_form = models.FileField(
        "空白表格",
        upload_to="guides/forms/",
        blank=True,
        validators=[FileExtensionValidator(UPLOAD_EXTENSIONS)],
    )
    sample = models.FileField(
        "示范文本", upload_to="guides/samples/", blank=True, validators=[FileExtensionValidator(UPLOAD_EXTENSIONS)]
    )

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class CentreItem(models.Model):
    """One line of a centre's implementation list: the item is handled here, at this window."""

    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(ServiceItem, verbose_name="事项", on_delete=models.CASCADE, related_name="centres")
    window = models.ForeignKey(
        "org.Window", verbose_name="受理窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "中心实施清单"
        verbose_name_plural = "中心实施清单"
        ordering = ["centre", "item__code"]
        constraints = [models.UniqueConstraint(fields=["centre", "item"], name="centre_item_unique")]

    def __str__(self) -> str:
        return f"{self.centre} · {self.item}"

"""Notices the centre shows on its hall display screen (电子显示屏, plan 四(一)2(3)).

The centre manages them itself (惠民政策, 工作动态, 就业招聘 …) with a publish date and an optional
last day; the display page shows the ones current today. Writes go through ``services.py``.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bianmin.core.personal import redact

PERSONAL_DATA = "显示屏面向全体群众,公告中不能出现身份证号码或手机号码;联系方式请写中心服务电话或单位座机。"
TITLE_MAX = 60
BODY_MAX = 1000  # a hall screen shows one notice at a time in large type: keep it readable


class NoticeKind(models.TextChoices):
    POLICY = "policy", "惠民政策"
    NEWS = "news", "工作动态"
    JOBS = "jobs", "就业招聘"
    OTHER = "other", "其他"


class NoticeState(models.TextChoices):
    """Where a notice stands on a given day (computed, not stored)."""

    CURRENT = "current", "展示中"
    SCHEDULED = "scheduled", "待发布"
    EXPIRED = "expired", "已过期"
    INACTIVE = "inactive", "已停用"


class DisplayNotice(models.Model):
    centre = models.ForeignKey(
        "org.Centre", verbose_name="便民服务中心", on_delete=models.PROTECT, related_name="display_notices"
    )
    kind = models.CharField("类别", max_length=10, choices=NoticeKind.choices, default=NoticeKind.POLICY)
    title = models.CharField("标题", max_length=TITLE_MAX)
    body = models.TextField(
        "正文",
        max_length=BODY_MAX,
        validators=[MaxLengthValidator(BODY_MAX)],
        help_text=f"纯文本,不超过 {BODY_MAX} 字;换行会保留。",
    )
    publish_on = models.DateField("发布日期", help_text="从这一天起在大厅显示屏上轮播。")
    expire_on = models.DateField(
        "截止日期", null=True, blank=True, help_text="显示到这一天(含当天)为止;不填则一直显示,直到停用。"
    )
    is_active = models.BooleanField("启用", default=True, help_text="取消勾选即从显示屏撤下。")
    created_by = models.ForeignKey(
        "org.Staff", verbose_name="发布人", on_delete=models.PROTECT, related_name="+", editable=False
    )
    updated_by = models.ForeignKey(
        "org.Staff",
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "显示屏公告"
        verbose_name_plural = "显示屏公告"
        ordering = ["-publish_on", "-pk"]
        indexes = [models.Index(fields=["centre", "is_active", "publish_on"], name="notice_centre_active_pub")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expire_on__isnull=True) | Q(expire_on__gte=models.F("publish_on")),
                name="display_notice_expires_after_publish",
                violation_error_message="截止日期不能早于发布日期。",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("hall:notice_edit", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.publish_on and self.expire_on and self.expire_on < self.publish_on:
            errors["expire_on"] = "截止日期不能早于发布日期。"
        # Issue #6 point 7: no personal data on a public screen (the log filter's patterns).
        for name in ("title", "body"):
            text = getattr(self, name) or ""
            if redact(text) != text:
                errors[name] = PERSONAL_DATA
        if errors:
            raise ValidationError(errors)

    def state_on(self, day: date) -> NoticeState:
        if not self.is_active:
            return NoticeState.INACTIVE
        if self.publish_on > day:
            return NoticeState.SCHEDULED
        if self.expire_on is not None and self.expire_on < day:
            return NoticeState.EXPIRED
        return NoticeState.CURRENT


def current_on(day: date) -> Q:
    """The notices a display shows on ``day``: active, published that day or earlier, not past their last day."""
    return Q(is_active=True, publish_on__lte=day) & (Q(expire_on__isnull=True) | Q(expire_on__gte=day))

"""API tokens (接口令牌) for machine clients: the county's own systems, the provincial platform's
exchange client, mobile apps (issue #10 point 2).

A token acts exactly as its user (same scope, same role rules); only a SHA-256 digest of the secret
is stored, so a leaked database does not leak usable tokens. The secret is shown once, when created.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="所属账号", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途说明", max_length=60, help_text="如:省政务服务网数据交换、县大数据平台。")
    prefix = models.CharField(
        "令牌前缀", max_length=16, db_index=True, help_text="令牌开头几位,用于辨认,不能用于调用。"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField("有效期至")
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"

    def state(self, now: datetime | None = None) -> str:
        """active / expired / revoked (revoked wins: it was a deliberate act)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "active"

    @property
    def state_label(self) -> str:
        return {"active": "有效", "expired": "已过期", "revoked": "已撤销"}[self.state()]

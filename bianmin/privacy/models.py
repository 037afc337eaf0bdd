"""What each retention run did: when, by whom (None when run by the scheduled command), the cut-off
and how many records of each kind it anonymised (kept for the county's PIPL audit)."""

from django.db import models


class RetentionRun(models.Model):
    ran_at = models.DateTimeField("执行时间")
    actor = models.ForeignKey(
        "org.Staff", verbose_name="执行人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    years = models.PositiveSmallIntegerField("保存期限(年)")
    cutoff = models.DateTimeField("截止时间", help_text="早于此时间办结的记录已匿名化。")
    counts = models.JSONField("匿名化数量", default=dict)

    class Meta:
        verbose_name = "个人信息匿名化记录"
        verbose_name_plural = "个人信息匿名化记录"
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M} 保存期限{self.years}年"

"""What the ``monitor`` command remembers between runs (issue #7 point 5).

``Alert``: one row per red light ever seen, by its stable key — when it first turned red, whom the
command notified and when, and when it stopped being red. A second run finds the row and notifies
nobody again: the command is idempotent. ``MonitorRun``: one row per run, for the dashboard's
"上次检查" line and for the operator.
"""

from django.db import models

from bianmin.monitoring.lights import Kind


class Alert(models.Model):
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    key = models.CharField("标识", max_length=80, unique=True)
    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("内容", max_length=200)
    url = models.CharField("链接", max_length=300)
    red_since = models.DateTimeField("首次亮红灯(检查时间)", db_index=True)
    last_seen_at = models.DateTimeField("最近一次仍为红灯")
    cleared_at = models.DateTimeField("消除时间", null=True, blank=True)
    notified_at = models.DateTimeField("通知时间", null=True, blank=True)
    recipients = models.CharField("通知对象", max_length=500, blank=True)

    class Meta:
        verbose_name = "红灯记录"
        verbose_name_plural = "红灯记录"
        ordering = ["-red_since", "-pk"]
        indexes = [models.Index(fields=["centre", "red_since"], name="alert_centre_red_since")]

    def __str__(self) -> str:
        return self.title


class MonitorRun(models.Model):
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    red = models.PositiveIntegerField("红灯总数", default=0)
    new_red = models.PositiveIntegerField("新增红灯", default=0)
    cleared = models.PositiveIntegerField("消除红灯", default=0)
    emails = models.PositiveIntegerField("发送邮件", default=0)

    class Meta:
        verbose_name = "监察运行记录"
        verbose_name_plural = "监察运行记录"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"

"""Monthly information reports (信息报送, plan 四(一)4(5); 附件 材料上报, 0.5 points a month).

- ``MonthlyReport``: one per centre and month — the director's working copy of the written summary
  (总结、存在问题、改进措施), whether and when it was submitted, and whether on time.
- ``MonthlyReportVersion``: what was submitted, frozen: the figures as a JSON snapshot and the texts.
  Append-only: a resubmission (with a reason) adds version 2, 3 …; the earlier ones stay as they were.
- ``ReportReminder``: the reminders ``remind_reports`` has mailed (one per centre, month and reminder
  day), so running it twice on the same day mails nobody twice.

Writes go through ``services.py`` only (conditional updates on ``version``).
"""

from typing import Any

from django.db import models
from django.urls import reverse

from bianmin.cases.months import Month


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "未报送"
    SUBMITTED = "submitted", "已报送"


class MonthlyReport(models.Model):
    centre = models.ForeignKey(
        "org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="monthly_reports"
    )
    month = models.DateField("月份", help_text="该月的第一天。")
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveIntegerField("版本", default=0, help_text="每次保存或报送加一,用于防止并发覆盖。")

    summary = models.TextField("本月工作总结", blank=True)
    problems = models.TextField("存在问题", blank=True)
    measures = models.TextField("改进措施", blank=True)
    draft_saved_at = models.DateTimeField("草稿保存时间", null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        "org.Staff", verbose_name="草稿保存人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    submissions = models.PositiveSmallIntegerField("报送次数", default=0)
    first_submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    submitted_at = models.DateTimeField("最近报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        "org.Staff", verbose_name="最近报送人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField("报送期限", null=True, blank=True, help_text="首次报送时的期限(次月5日)。")
    on_time = models.BooleanField("按时报送", null=True, blank=True, help_text="以首次报送时间判断。")
    request_key = models.CharField(max_length=64, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "月度信息报送"
        verbose_name_plural = "月度信息报送"
        ordering = ["-month", "centre"]
        constraints = [models.UniqueConstraint(fields=["centre", "month"], name="monthly_report_one_per_month")]
        indexes = [models.Index(fields=["month", "status"], name="report_month_status")]

    def __str__(self) -> str:
        return f"{self.centre} {self.month:%Y年%m月} 信息报送"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.centre_id, f"{self.month:%Y-%m}"])

    @property
    def period(self) -> Month:
        return Month(self.month.year, self.month.month)

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class FrozenQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """Submitted versions are never changed or removed, not even in bulk."""

    def update(self, **kwargs: Any) -> int:
        raise RuntimeError("MonthlyReportVersion is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise RuntimeError("MonthlyReportVersion is append-only")


class MonthlyReportVersion(models.Model):
    """One submission, frozen (issue #8 point 2): later corrections to cases change the live figures
    and the ledgers, never a submitted version."""

    report = models.ForeignKey(MonthlyReport, verbose_name="月报", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本号")
    figures = models.JSONField("报送数据")
    summary = models.TextField("本月工作总结")
    problems = models.TextField("存在问题", blank=True)
    measures = models.TextField("改进措施", blank=True)
    reason = models.TextField("重新报送理由", blank=True)
    compiled_at = models.DateTimeField("数据截至")
    submitted_at = models.DateTimeField("报送时间")
    submitted_by = models.ForeignKey("org.Staff", verbose_name="报送人", on_delete=models.PROTECT, related_name="+")
    on_time = models.BooleanField("本次在期限内")
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = "月报报送版本"
        verbose_name_plural = "月报报送版本"
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("MonthlyReportVersion is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("MonthlyReportVersion is append-only")


class ReportReminder(models.Model):
    """A reminder mailed by ``remind_reports`` (issue #8 point 5), one per centre, month and day."""

    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.CASCADE, related_name="+")
    month = models.DateField("月报月份")
    day = models.PositiveSmallIntegerField("提醒日", help_text="每月1日、3日各提醒一次。")
    sent_at = models.DateTimeField("发送时间")
    recipients = models.CharField("收件人", max_length=500, blank=True)

    class Meta:
        verbose_name = "月报提醒"
        verbose_name_plural = "月报提醒"
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["centre", "month", "day"], name="report_reminder_once_per_day")]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.month:%Y-%m} {self.day}日提醒"

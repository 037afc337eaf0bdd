"""The county's statutory calendar: per-year schedules of rest days and adjusted working days.

Deadline code reads only these tables (through ``selectors.load_calendar``), never the
chinesecalendar package, so the county can enter next year's State Council notice itself.
"""

from django.db import models


class CalendarYear(models.Model):
    """A year whose official schedule is in the table ("configured")."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField(
        "依据", max_length=120, help_text="如:国务院办公厅关于2027年部分节假日安排的通知(国办发明电〔2026〕X号)。"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class DayKind(models.TextChoices):
    REST = "rest", "放假"
    WORK = "work", "调休上班"


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a rest day, or a weekend day that is worked."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=40, help_text="如:国庆节、春节调休。")
    source = models.CharField("来源", max_length=120, blank=True)
    is_local = models.BooleanField("本地调整", default=False, help_text="县里另行安排的例外(非国务院通知)。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"

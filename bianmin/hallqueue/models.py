"""The hall queue (排队叫号) and appointments (预约): plan 四(一)2(3) 触摸查询机、电子显示屏, 前台窗口式服务.

``QueueLine``: what a resident can take a number for at a centre (a business line with its letter,
A for 民政 …) and which windows call it. ``Ticket``: one number of one day, from the kiosk, from a
clerk for someone who cannot use the kiosk, or from an appointment's check-in; numbers are gapless
per line and day (``TicketCounter``). ``TicketEvent``: append-only history, which the hall display
reads for its announcements. ``Appointment``: a booked slot of a line on a working day;
``SlotCounter`` keeps the count a conditional update checks against the line's capacity.
Writes go through ``services.py`` / ``services_appointments.py``.
"""

from typing import Any

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from bianmin.hallqueue.ordering import Priority
from bianmin.hallqueue.workflow import TicketAction, TicketStatus

MAX_PER_DAY = 999  # three digits on the ticket: A001 … A999


class QueueLine(models.Model):
    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.CASCADE, related_name="queue_lines")
    name = models.CharField("取号业务", max_length=20, help_text="取号机上显示的名称,如“民政”“社保医保”。")
    prefix = models.CharField(
        "号码字头",
        max_length=1,
        validators=[RegexValidator(r"^[A-HJ-NP-Z]$", "字头为一个大写字母(不用 I、O,以免与 1、0 混淆)。")],
        help_text="如 A → A001、A002 …",
    )
    business_line = models.ForeignKey(
        "org.BusinessLine",
        verbose_name="业务条线",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="收件时按此条线筛选事项;综合业务可不填。",
    )
    windows = models.ManyToManyField("org.Window", verbose_name="叫号窗口", blank=True, related_name="queue_lines")
    daily_limit = models.PositiveSmallIntegerField(
        "每日限号",
        default=0,
        validators=[MaxValueValidator(MAX_PER_DAY)],
        help_text="0 表示不限(最多 999 个)。",
    )
    slot_capacity = models.PositiveSmallIntegerField(
        "每时段预约名额", default=2, validators=[MaxValueValidator(50)], help_text="0 表示该业务不开放预约。"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "取号业务"
        verbose_name_plural = "取号业务"
        ordering = ["centre", "sort_order", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "prefix"], name="queue_line_prefix_unique_in_centre"),
            models.UniqueConstraint(fields=["centre", "name"], name="queue_line_name_unique_in_centre"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"


class TicketCounter(models.Model):
    """The last number given per line and day (gapless: allocated inside the taking transaction)."""

    line = models.ForeignKey(QueueLine, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["line", "day"], name="ticket_counter_unique")]

    def __str__(self) -> str:
        return f"{self.line_id} {self.day}: {self.last}"


class TicketSource(models.TextChoices):
    KIOSK = "kiosk", "自助取号"
    STAFF = "staff", "工作人员代取"
    APPOINTMENT = "appointment", "预约签到"


class Ticket(models.Model):
    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(QueueLine, verbose_name="取号业务", on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField("日期")
    sequence = models.PositiveSmallIntegerField("序号")
    number = models.CharField("号码", max_length=5)
    token = models.CharField("查看码", max_length=24, unique=True, help_text="手机扫码查看排队进度的链接用。")
    priority = models.CharField("优先", max_length=12, choices=Priority.choices, blank=True, default="")
    source = models.CharField("来源", max_length=12, choices=TicketSource.choices, default=TicketSource.KIOSK)
    status = models.CharField("状态", max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING)
    version = models.PositiveIntegerField("版本", default=0, help_text="每次状态变化加一,用于防止并发覆盖。")

    taken_at = models.DateTimeField("取号时间")
    queued_at = models.DateTimeField("排队时间", help_text="取号时间;过号重排后为重新排队的时间。")
    ready_at = models.DateTimeField("优先起算", help_text="预约号从预约时段开始起优先;其他号等于取号时间。")
    hour = models.PositiveSmallIntegerField("取号时段(时)")
    window = models.ForeignKey(
        "org.Window", verbose_name="办理窗口", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_window = models.ForeignKey(
        "org.Window", verbose_name="转至窗口", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_called_at = models.DateTimeField("首次叫号", null=True, blank=True)
    called_at = models.DateTimeField("最近叫号", null=True, blank=True)
    calls = models.PositiveSmallIntegerField("叫号次数", default=0)
    transfers = models.PositiveSmallIntegerField("转窗次数", default=0)
    started_at = models.DateTimeField("开始办理", null=True, blank=True)
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    # Kept in step with the times above by the services, so figures are plain sums on both databases.
    wait_seconds = models.PositiveIntegerField("等候秒数", null=True, blank=True)
    handle_seconds = models.PositiveIntegerField("办理秒数", null=True, blank=True)

    issued_by = models.ForeignKey(
        "org.Staff", verbose_name="代取号人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_by = models.ForeignKey(
        "org.Staff", verbose_name="叫号人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name="办件", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )

    class Meta:
        verbose_name = "排队号"
        verbose_name_plural = "排队号"
        ordering = ["-day", "line", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["line", "day", "sequence"], name="ticket_number_unique_per_line_day"),
        ]
        indexes = [
            # The window's "call next" and the waiting counts read today's waiting tickets of a centre.
            models.Index(fields=["centre", "day", "status"], name="ticket_centre_day_status"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.number}"

    @property
    def is_priority(self) -> bool:
        return bool(self.priority)


class TicketEvent(models.Model):
    """Append-only: one row per action on a ticket (never updated or deleted)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    centre = models.ForeignKey("org.Centre", on_delete=models.CASCADE, related_name="+")
    action = models.CharField("动作", max_length=12, choices=TicketAction.choices)
    at = models.DateTimeField("时间")
    window = models.ForeignKey(
        "org.Window", verbose_name="窗口", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        "org.Staff", verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "叫号记录"
        verbose_name_plural = "叫号记录"
        ordering = ["pk"]
        # The display asks for the centre's calls after the last one it has announced.
        indexes = [models.Index(fields=["centre", "action", "id"], name="ticket_event_centre_action")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("ticket events are append-only")
        super().save(*args, **kwargs)


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "已预约"
    CHECKED_IN = "checked_in", "已签到"
    CANCELLED = "cancelled", "已取消"
    NO_SHOW = "no_show", "失约"


class Appointment(models.Model):
    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(QueueLine, verbose_name="预约业务", on_delete=models.PROTECT, related_name="appointments")
    day = models.DateField("预约日期")
    slot_start = models.TimeField("时段开始")
    slot_end = models.TimeField("时段结束")
    code = models.CharField("预约码", max_length=8, unique=True)
    name = models.CharField("姓名", max_length=30)
    phone = models.CharField("手机号码", max_length=20)
    status = models.CharField(
        "状态", max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    booked_at = models.DateTimeField("预约时间")
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    no_show_at = models.DateTimeField("记为失约", null=True, blank=True)
    ticket = models.OneToOneField(
        Ticket, verbose_name="签到取号", null=True, blank=True, on_delete=models.SET_NULL, related_name="appointment"
    )

    class Meta:
        verbose_name = "预约"
        verbose_name_plural = "预约"
        ordering = ["day", "slot_start", "pk"]
        constraints = [
            # One live booking per phone, line and day: a slot is not hoarded by one person.
            models.UniqueConstraint(
                fields=["line", "day", "phone"],
                condition=Q(status="booked") | Q(status="checked_in"),
                name="appointment_one_per_phone_line_day",
            ),
        ]
        indexes = [models.Index(fields=["centre", "day", "status"], name="appointment_centre_day_status")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.slot_start:%H:%M} {self.code}"


class SlotCounter(models.Model):
    """Live bookings of one line's slot on one day; booking is a conditional increment below capacity."""

    line = models.ForeignKey(QueueLine, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    slot_start = models.TimeField()
    booked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["line", "day", "slot_start"], name="slot_counter_unique")]

    def __str__(self) -> str:
        return f"{self.line_id} {self.day} {self.slot_start}: {self.booked}"

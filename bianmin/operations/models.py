"""Daily management of a centre (plan 四(一)4(4) 日常管理制, 四(一)1(2) 人员报备, 五(一) 动态巡查).

- ``Attendance`` 考勤: one row per person and day, sign-in and sign-out times, the window worked.
- ``Leave`` 请销假: requested, approved or refused by the director, and closed by 销假 on return.
- ``CentreLog`` 中心运行日志: one per centre and working day, written by the director or deputy.
- ``Patrol`` 动态巡查: the managers' daily rounds, findings and corrections (never deleted).
- ``StaffChange`` 人员调整报备: who joined, left or changed post, reported to the county.

Each record carries the centre it belongs to (copied from the person when written) so scoping is
one filter (``org.selectors.scoped``). Writes go through ``services.py`` and ``services_records.py``
only.
"""

from django.db import models
from django.urls import reverse

from bianmin.core.annul import Annullable, ValidQuerySet
from bianmin.core.evidence import WithEvidence


class AttendanceSource(models.TextChoices):
    SELF = "self", "本人签到"
    ENTERED = "entered", "主任补录"


class Attendance(models.Model):
    """考勤: a person's sign-in and sign-out on one day (plan 四(一)4(4))."""

    staff = models.ForeignKey(
        "org.Staff", verbose_name="工作人员", on_delete=models.PROTECT, related_name="attendances"
    )
    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="+")
    agency_point = models.ForeignKey(
        "org.AgencyPoint", verbose_name="代办点", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField("日期", db_index=True)
    window = models.ForeignKey(
        "org.Window", verbose_name="上岗窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    signed_out_at = models.DateTimeField("签退时间", null=True, blank=True)
    source = models.CharField(
        "登记方式", max_length=10, choices=AttendanceSource.choices, default=AttendanceSource.SELF
    )
    note = models.CharField("备注", max_length=200, blank=True, help_text="补录时写明原因。")
    recorded_by = models.ForeignKey(
        "org.Staff", verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

    class Meta:
        verbose_name = "考勤"
        verbose_name_plural = "考勤"
        ordering = ["-day", "staff__name"]
        constraints = [models.UniqueConstraint(fields=["staff", "day"], name="attendance_one_per_staff_day")]
        indexes = [models.Index(fields=["centre", "day"], name="attendance_centre_day")]

    def __str__(self) -> str:
        return f"{self.staff} {self.day}"

    @property
    def on_post(self) -> bool:
        return self.signed_in_at is not None and self.signed_out_at is None


class LeaveKind(models.TextChoices):
    PERSONAL = "personal", "事假"
    SICK = "sick", "病假"
    ANNUAL = "annual", "年休假"
    BUSINESS = "business", "公出(外出办事)"
    COMPENSATORY = "compensatory", "调休"
    MARRIAGE = "marriage", "婚假"
    MATERNITY = "maternity", "产假/陪产假"
    BEREAVEMENT = "bereavement", "丧假"
    OTHER = "other", "其他"


class LeaveStatus(models.TextChoices):
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"
    RETURNED = "returned", "已销假"
    WITHDRAWN = "withdrawn", "已撤回"


class Leave(models.Model):
    """请销假: request → director's approval (or refusal) → 销假 on return (plan 四(一)4(4), 附件 内部管理制度)."""

    staff = models.ForeignKey("org.Staff", verbose_name="请假人", on_delete=models.PROTECT, related_name="leaves")
    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="+")
    agency_point = models.ForeignKey(
        "org.AgencyPoint", verbose_name="代办点", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("请假类别", max_length=14, choices=LeaveKind.choices)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("预计结束时间")
    reason = models.CharField("事由", max_length=500)
    stand_in = models.ForeignKey(
        "org.Staff",
        verbose_name="顶岗人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="请假期间由谁顶岗,保证窗口不缺岗(四(二))。",
    )
    status = models.CharField("状态", max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.REQUESTED)
    version = models.PositiveIntegerField("版本", default=0)
    requested_at = models.DateTimeField("申请时间")
    requested_by = models.ForeignKey("org.Staff", verbose_name="填报人", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        "org.Staff", verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField("审批意见", max_length=500, blank=True)
    returned_at = models.DateTimeField("销假时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        "org.Staff", verbose_name="销假人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "请销假"
        verbose_name_plural = "请销假"
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["centre", "status", "starts_at"], name="leave_centre_status_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="leave_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.get_kind_display()} {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("operations:leave_detail", args=[self.pk])


class CentreLog(models.Model):
    """中心运行日志: the day's opening, staffing, cases, problems and how they were handled (四(一)4(4), 五(一))."""

    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="logs")
    day = models.DateField("日期")
    opened_at = models.TimeField("开门时间", null=True, blank=True)
    closed_at = models.TimeField("关门时间", null=True, blank=True)
    staff_expected = models.PositiveSmallIntegerField("应到人数", default=0)
    staff_present = models.PositiveSmallIntegerField("实到人数", default=0)
    staffing_note = models.CharField("在岗情况说明", max_length=500, blank=True, help_text="请假、公出、顶岗等。")
    cases_received = models.PositiveIntegerField("当日收件", default=0)
    cases_completed = models.PositiveIntegerField("当日办结", default=0)
    consultations = models.PositiveIntegerField("当日咨询", default=0)
    problems = models.TextField("发现的问题", blank=True)
    handling = models.TextField("处理情况", blank=True)
    remarks = models.TextField("其他事项", blank=True)
    written_by = models.ForeignKey("org.Staff", verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField("填写时间")
    updated_at = models.DateTimeField("最后修改时间")
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "中心运行日志"
        verbose_name_plural = "中心运行日志"
        ordering = ["-day", "centre"]
        constraints = [models.UniqueConstraint(fields=["centre", "day"], name="centre_log_one_per_day")]

    def __str__(self) -> str:
        return f"{self.centre} {self.day} 运行日志"

    def get_absolute_url(self) -> str:
        return reverse("operations:log_detail", args=[self.pk])


class Patrol(Annullable, WithEvidence):
    """动态巡查: a manager's round of the hall, what was found and how it was corrected (五(一))."""

    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="patrols")
    patrolled_at = models.DateTimeField("巡查时间", db_index=True)
    patrolled_by = models.ForeignKey("org.Staff", verbose_name="巡查人", on_delete=models.PROTECT, related_name="+")
    found_problem = models.BooleanField("发现问题", default=False)
    findings = models.TextField("巡查情况", help_text="窗口在岗、秩序、环境卫生、设备、群众等候等。")
    corrections = models.TextField("纠正措施", blank=True)
    window = models.ForeignKey(
        "org.Window", verbose_name="涉及窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff = models.ForeignKey(
        "org.Staff", verbose_name="涉及人员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间")

    objects = ValidQuerySet.as_manager()

    class Meta:
        verbose_name = "动态巡查"
        verbose_name_plural = "动态巡查"
        ordering = ["-patrolled_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.centre} 巡查 {self.patrolled_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("operations:patrol_detail", args=[self.pk])


class StaffChangeKind(models.TextChoices):
    JOINED = "joined", "新进驻"
    LEFT = "left", "调离"
    POST = "post", "岗位调整"


class StaffChange(Annullable):
    """人员调整报备 (四(一)1(2)): the centre reports who joined, left or changed post to the county."""

    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(
        "org.Staff", verbose_name="人员", null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    name = models.CharField("姓名", max_length=30)
    kind = models.CharField("调整类型", max_length=10, choices=StaffChangeKind.choices)
    from_post = models.CharField("原岗位", max_length=60, blank=True)
    to_post = models.CharField("新岗位", max_length=60, blank=True)
    effective_on = models.DateField("调整日期")
    reason = models.CharField("调整原因", max_length=500, blank=True)
    reported_at = models.DateTimeField("报备时间")
    reported_by = models.ForeignKey("org.Staff", verbose_name="报备人", on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField("县管委会确认时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "org.Staff", verbose_name="确认人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = ValidQuerySet.as_manager()

    class Meta:
        verbose_name = "人员调整报备"
        verbose_name_plural = "人员调整报备"
        ordering = ["-effective_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.get_kind_display()} {self.effective_on}"

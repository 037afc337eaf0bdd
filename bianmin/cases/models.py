"""Case handling (办件): the case, its append-only history, consultations and the records around it.

Plan 四(一)4(1)-(3) (首问负责, 一次性告知, 限时办结), 四(二)1、3 (代办点 代办/咨询/帮扶/调解).
Status changes go through ``services.py`` only (conditional updates on ``status`` and ``version``).
"""

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from bianmin.cases.workflow import RUNNING_STATES, Action, Status
from bianmin.core.personal import ID_TYPES

StatusChoices = Status  # the workflow's states are the model's choices

# Cases that went red: completed after their due moment, or still running (the due moment tells
# whether it has passed). ``completed_at`` is set only when a case is decided. Read by the
# monitoring trend and the assessment's 超期 count, through the partial index ``case_red_due``.
WENT_RED = Q(completed_at__gt=F("due_at")) | Q(status__in=RUNNING_STATES)

# CaseEvent.action: the workflow's actions plus the records that keep the state.
EVENT_ACTIONS: list[tuple[str, str]] = [
    *Action.choices,
    ("register", "收件登记"),
    ("register_at_point", "代办登记"),
    ("pending_fulfilled", "容缺材料已补齐"),
    ("callback", "回访"),
    ("recompute", "工作日历变更,重算期限"),
    ("notice", "出具文书"),
    ("attach", "上传材料扫描件"),
    ("reveal", "查看完整证件号码"),
    ("anonymise", "超过保存期限,个人信息匿名化"),
]
ID_TYPE_CHOICES: list[tuple[str, str]] = list(ID_TYPES)


class Channel(models.TextChoices):
    WINDOW = "window", "窗口"
    AGENCY = "agency", "代办点代办"
    PHONE = "phone", "电话"
    ONLINE = "online", "网上申报"


class Result(models.TextChoices):
    APPROVED = "approved", "准予办理"
    REFUSED = "refused", "不予办理"


class DeliveryMethod(models.TextChoices):
    COLLECTED = "collected", "窗口自取"
    MAIL = "mail", "邮寄送达"
    AGENT = "agent", "代办点送达"
    ELECTRONIC = "electronic", "电子送达"


class ReceiptCounter(models.Model):
    """The last receipt number used per centre and year (gapless: allocated inside the case's
    transaction, so a rolled-back intake gives its number back)."""

    centre = models.ForeignKey("org.Centre", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "year"], name="receipt_counter_unique")]

    def __str__(self) -> str:
        return f"{self.centre_id}-{self.year}: {self.last}"


class Case(models.Model):
    receipt_number = models.CharField("办件编号", max_length=32, unique=True)
    public_code = models.CharField("查询码", max_length=8, help_text="办事群众凭办件编号和查询码查询进度。")
    item = models.ForeignKey("catalogue.ServiceItem", verbose_name="事项", on_delete=models.PROTECT, related_name="+")
    guide = models.ForeignKey(
        "catalogue.GuideVersion", verbose_name="办事指南版本", on_delete=models.PROTECT, related_name="+"
    )
    item_name = models.CharField("事项名称", max_length=120)
    handling_type = models.CharField("办件类型", max_length=10)
    limit_days = models.PositiveSmallIntegerField("承诺时限(工作日)", default=0)
    centre = models.ForeignKey("org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="cases")
    window = models.ForeignKey(
        "org.Window", verbose_name="受理窗口", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    agency_point = models.ForeignKey(
        "org.AgencyPoint",
        verbose_name="代办点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    channel = models.CharField("申办渠道", max_length=10, choices=Channel.choices, default=Channel.WINDOW)
    consultation = models.ForeignKey(
        "Consultation", verbose_name="来源咨询", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )

    applicant_name = models.CharField("申请人", max_length=60)
    id_type = models.CharField("证件类型", max_length=20, choices=ID_TYPE_CHOICES, default="resident")
    id_number = models.CharField("证件号码", max_length=30)
    phone = models.CharField("联系电话", max_length=30)
    address = models.CharField("联系地址", max_length=200, blank=True)
    agent_name = models.CharField("代理人", max_length=60, blank=True, help_text="受申请人委托代为办理的人。")
    agent_id_type = models.CharField(
        "代理人证件类型", max_length=20, choices=ID_TYPE_CHOICES, default="resident", blank=True
    )
    agent_id_number = models.CharField("代理人证件号码", max_length=30, blank=True)
    agent_phone = models.CharField("代理人电话", max_length=30, blank=True)

    first_responder = models.ForeignKey(
        "org.Staff", verbose_name="首问责任人", on_delete=models.PROTECT, related_name="first_responded_cases"
    )
    handler = models.ForeignKey(
        "org.Staff",
        verbose_name="当前承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
    )
    status = models.CharField("状态", max_length=24, choices=StatusChoices.choices, db_index=True)
    version = models.PositiveIntegerField("版本", default=0, help_text="每次状态变化加一,用于防止并发覆盖。")

    received_at = models.DateTimeField("收件时间")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    # No index of its own: every read by due moment also names running cases (``case_running_due``),
    # cases that went red (``case_red_due``) or a centre and status (``case_centre_status_due``). A
    # plain due_at index over years of closed cases only led the planner astray (it guessed the
    # red cases of a year at 6× their number and scanned a year of due moments instead).
    due_at = models.DateTimeField("办结期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限暂定", default=False)
    due_note = models.CharField("期限说明", max_length=200, blank=True)
    suspended_days = models.PositiveSmallIntegerField("挂起工作日", default=0)
    extended_days = models.PositiveSmallIntegerField("延期工作日", default=0)
    pending_materials = models.JSONField("容缺材料", default=list, blank=True)
    pending_until = models.DateField("容缺材料补齐期限", null=True, blank=True)
    pending_fulfilled_at = models.DateTimeField("容缺材料补齐时间", null=True, blank=True)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    result = models.CharField("办理结果", max_length=10, choices=Result.choices, blank=True)
    result_note = models.TextField("结果说明", blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    delivery_method = models.CharField("送达方式", max_length=12, choices=DeliveryMethod.choices, blank=True)
    callback_at = models.DateTimeField("回访时间", null=True, blank=True)
    callback_note = models.CharField("回访情况", max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # PIPL 第19条: personal data kept no longer than needed; see bianmin/privacy (保存期限).
    anonymised_at = models.DateTimeField("个人信息匿名化时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["centre", "status", "due_at"], name="case_centre_status_due"),
            # A centre's register by reception, carrying completion and due moments: the month-on-month
            # and year-to-date counts of the reports read the index alone (index-only on PostgreSQL).
            models.Index(fields=["centre", "received_at", "completed_at", "due_at"], name="case_centre_received"),
            models.Index(fields=["agency_point", "status"], name="case_point_status"),
            # The running cases by due moment (电子监察 lights, the lists' red/yellow filters, the home
            # counts): a few thousand rows however many years of closed cases the table holds.
            models.Index(fields=["due_at"], condition=Q(status__in=RUNNING_STATES), name="case_running_due"),
            # Cases that went red, by centre and due moment: the monitoring trend (12 months) and the
            # assessment's overdue count read a few percent of a year's cases instead of all of them.
            models.Index(fields=["centre", "due_at"], condition=WENT_RED, name="case_red_due"),
            # 承诺件 by centre and acceptance: the assessment's count of the year's promised cases and of
            # those without their 承诺件告知单 (a few percent of the table).
            models.Index(
                fields=["centre", "accepted_at"], condition=Q(handling_type="promised"), name="case_promised_accepted"
            ),
            # The county roles' case list, newest first: without it the first page of a county's
            # years of cases is a sort of the whole table.
            models.Index(fields=["received_at", "id"], name="case_received_order"),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.item_name}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def is_immediate(self) -> bool:
        return self.handling_type == "immediate"

    @property
    def on_time(self) -> bool | None:
        """Completed within the due moment (None while not completed or never accepted)."""
        if self.completed_at is None or self.due_at is None:
            return None
        return self.completed_at <= self.due_at


class CaseMaterial(models.Model):
    """One line of the case's material checklist, copied from the guide at intake."""

    class State(models.TextChoices):
        RECEIVED = "received", "已收"
        MISSING = "missing", "缺少"
        DEFECTIVE = "defective", "不符合要求"
        PENDING = "pending", "容缺后补"
        NOT_NEEDED = "not_needed", "不适用"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField("序号")
    name = models.CharField("材料名称", max_length=120)
    form = models.CharField("材料形式", max_length=20, blank=True)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    required = models.BooleanField("必需", default=True)
    pending_allowed = models.BooleanField("可容缺", default=False)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.MISSING)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "办件材料"
        verbose_name_plural = "办件材料"
        ordering = ["case", "position"]

    def __str__(self) -> str:
        return self.name


class CaseEvent(models.Model):
    """Append-only history: one row per action; never updated or deleted (see ``save``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("动作", max_length=24, choices=EVENT_ACTIONS)
    from_status = models.CharField("原状态", max_length=24, choices=StatusChoices.choices, blank=True)
    to_status = models.CharField("新状态", max_length=24, choices=StatusChoices.choices, blank=True)
    actor = models.ForeignKey(
        "org.Staff", verbose_name="办理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间")
    reason = models.TextField("理由/说明", blank=True)
    basis = models.CharField("依据", max_length=200, blank=True)
    data = models.JSONField("详情", default=dict, blank=True)
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "办件记录"
        verbose_name_plural = "办件记录"
        ordering = ["case", "at", "pk"]
        # The exchange feed's reads by time (``since=``, and the settle window of every page): without it
        # each scans the history from its first row (9 M rows on the generated county). With the key:
        # the first event since a moment is read from the index alone.
        indexes = [models.Index(fields=["at", "id"], name="caseevent_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("CaseEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("CaseEvent is append-only")


class Attachment(models.Model):
    """A scan of a material, stored through Django's storage API under a random name."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments")
    material = models.ForeignKey(
        CaseMaterial, verbose_name="对应材料", null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    file = models.FileField("文件", upload_to="cases/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "材料扫描件"
        verbose_name_plural = "材料扫描件"
        ordering = ["case", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class NoticeKind(models.TextChoices):
    ONE_TIME = "one_time", "一次性告知单"
    PROMISE = "promise", "受理通知书(承诺件告知单)"
    REFUSAL = "refusal", "不予受理通知书"
    EXTENSION = "extension", "延期办结告知书"
    PENDING = "pending", "容缺受理告知书"
    HANDOVER = "handover", "代办移交单"


class Notice(models.Model):
    """A written notice as issued: ``data`` is the snapshot it was printed from, ``html`` its body,
    so a reprint is identical to the first print even after the guide or the centre changes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("文书", max_length=12, choices=NoticeKind.choices)
    number = models.CharField("文书编号", max_length=40, unique=True)
    issued_at = models.DateTimeField("出具时间")
    issued_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    data = models.JSONField("内容", default=dict)
    html = models.TextField("正文")

    class Meta:
        verbose_name = "办件文书"
        verbose_name_plural = "办件文书"
        ordering = ["case", "issued_at", "pk"]
        # 承诺件告知单 by issue moment: the assessment looks for the year's (one is issued at acceptance,
        # so a case accepted in a year has its notice among that year's).
        indexes = [
            models.Index(fields=["issued_at", "case"], condition=Q(kind="promise"), name="notice_promise_issued")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Suspension(models.Model):
    class Kind(models.TextChoices):
        PUBLICITY = "publicity", "公示"
        HEARING = "hearing", "听证"
        TESTING = "testing", "检验检测"
        EXPERT = "expert", "专家评审"
        SUPPLEMENT = "supplement", "补正材料"
        OTHER = "other", "其他法定特别程序"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    kind = models.CharField("特别程序", max_length=12, choices=Kind.choices)
    reason = models.TextField("理由")
    began_at = models.DateTimeField("挂起时间")
    ended_at = models.DateTimeField("恢复时间", null=True, blank=True)
    days = models.PositiveSmallIntegerField("不计时工作日", default=0)

    class Meta:
        verbose_name = "挂起(特别程序)"
        verbose_name_plural = "挂起(特别程序)"
        ordering = ["case", "began_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}:{self.reason[:20]}"


class Extension(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "不批准"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField("延期工作日")
    reason = models.TextField("延期理由")
    requested_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间")
    decision = models.CharField("审批", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey("org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "延期"
        verbose_name_plural = "延期"
        ordering = ["case", "requested_at"]

    def __str__(self) -> str:
        return f"延期{self.days}个工作日({self.get_decision_display()})"


class Handover(models.Model):
    """代办移交单: the list of materials handed between a point and its centre, confirmed by both."""

    class Direction(models.TextChoices):
        TO_CENTRE = "to_centre", "代办点移交中心"
        TO_POINT = "to_point", "中心结果送回代办点"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    direction = models.CharField("方向", max_length=10, choices=Direction.choices)
    items = models.JSONField("移交清单", default=list)
    sent_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField("移交时间")
    received_by = models.ForeignKey("org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField("接收时间", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "移交单"
        verbose_name_plural = "移交单"
        ordering = ["case", "sent_at"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.sent_at:%Y-%m-%d}"


class Consultation(models.Model):
    """首问/咨询登记 (四(一)4(1)): who asked what, who answered first, where it was routed, until closed."""

    class State(models.TextChoices):
        OPEN = "open", "跟踪中"
        CLOSED = "closed", "已办结"

    centre = models.ForeignKey(
        "org.Centre", verbose_name="中心", on_delete=models.PROTECT, related_name="consultations"
    )
    agency_point = models.ForeignKey(
        "org.AgencyPoint",
        verbose_name="代办点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    asked_at = models.DateTimeField("咨询时间")
    visitor_name = models.CharField("咨询人", max_length=60)
    visitor_phone = models.CharField("联系电话", max_length=30, blank=True)
    channel = models.CharField("方式", max_length=10, choices=Channel.choices, default=Channel.WINDOW)
    item = models.ForeignKey(
        "catalogue.ServiceItem",
        verbose_name="涉及事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    question = models.TextField("咨询内容")
    answer = models.TextField("答复/告知内容", blank=True)
    first_responder = models.ForeignKey(
        "org.Staff", verbose_name="首问责任人", on_delete=models.PROTECT, related_name="+"
    )
    routed_to_window = models.ForeignKey(
        "org.Window", verbose_name="引导至窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routed_to = models.ForeignKey(
        "org.Staff", verbose_name="引导至承办人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.OPEN)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    outcome = models.CharField("结果", max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    anonymised_at = models.DateTimeField("个人信息匿名化时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "首问/咨询登记"
        verbose_name_plural = "首问/咨询登记"
        ordering = ["-asked_at", "-pk"]
        # A centre's month (the report, the county table, the list): a range, not the whole table.
        indexes = [models.Index(fields=["centre", "asked_at"], name="consultation_centre_asked")]

    def __str__(self) -> str:
        return f"{self.visitor_name}:{self.question[:20]}"


class PointRecord(models.Model):
    """代办点 帮扶、调解 records (四(二)3); 代办 are cases, 咨询 are consultations."""

    class Kind(models.TextChoices):
        HELP = "help", "帮扶"
        MEDIATION = "mediation", "调解"

    agency_point = models.ForeignKey(
        "org.AgencyPoint", verbose_name="代办点", on_delete=models.PROTECT, related_name="records"
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    happened_on = models.DateField("日期")
    people = models.CharField("对象/当事人", max_length=120)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    subject = models.CharField("事由", max_length=120)
    content = models.TextField("经过")
    outcome = models.TextField("结果", blank=True)
    recorded_by = models.ForeignKey("org.Staff", verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    anonymised_at = models.DateTimeField("个人信息匿名化时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "帮扶/调解记录"
        verbose_name_plural = "帮扶/调解记录"
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}:{self.subject}"

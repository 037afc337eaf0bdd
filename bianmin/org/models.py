"""Organisation of the county: regions, centres, windows, agency points, departments and staff.

Clauses: 四(一)1 organisation, 四(一)2 hardware, 四(一)3 windows "5+x", 四(一)4(7) authorization,
四(二) village agency points.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from bianmin.core.roles import Role
from bianmin.core.validators import validate_phone
from bianmin.org import standards


class RegionLevel(models.TextChoices):
    COUNTY = "county", "县(市、区)"
    TOWNSHIP = "township", "乡镇(街道)"
    VILLAGE = "village", "村(社区)"


class RegionKind(models.TextChoices):
    COUNTY = "county", "县"
    STREET = "street", "街道"
    TOWN = "town", "镇"
    XIANG = "xiang", "乡"
    COMMUNITY = "community", "社区"
    VILLAGE = "village", "村"


class Region(models.Model):
    """A unit of the administrative division with its statistical code (统计用区划代码).

    County 6 digits (玉山县 361123); township 9 digits, whose last three say the kind
    (0xx 街道, 1xx 镇, 2xx 乡); village 12 digits (1xx 社区居委会, 2xx 村委会).
    """

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=RegionLevel.choices)
    kind = models.CharField("类型", max_length=10, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField("在用", default=True, help_text="撤并的区划停用而不删除,保留历史。")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BusinessLine(models.Model):
    """A line of business a window serves (民政, 劳动保障 …); configurable by the county.

    ``is_mandatory`` marks the five lines every centre must have (四(一)3(1) "5+x").
    """

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("业务条线", max_length=30, unique=True)
    is_mandatory = models.BooleanField("必设窗口", default=False)
    sort_order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "业务条线"
        verbose_name_plural = "业务条线"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Centre(models.Model):
    township = models.OneToOneField(
        Region,
        verbose_name="乡镇(街道)",
        on_delete=models.PROTECT,
        related_name="centre",
        limit_choices_to={"level": RegionLevel.TOWNSHIP},
    )
    name = models.CharField("中心名称", max_length=60, help_text="统一命名为“xx乡(镇、街道)便民服务中心”。")
    address = models.CharField("地址", max_length=200, blank=True)
    opening_hours = models.CharField("办公时间", max_length=200, blank=True)
    service_phone = models.CharField("便民服务专线", max_length=30, blank=True, validators=[validate_phone])
    complaint_phone = models.CharField("投诉电话", max_length=30, blank=True, validators=[validate_phone])
    hall_area = models.DecimalField(
        "大厅面积(㎡)",
        max_digits=7,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("99999"))],
    )
    director = models.ForeignKey(
        "Staff", verbose_name="中心主任", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deputy = models.ForeignKey(
        "Staff",
        verbose_name="专职副主任",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    commitments = models.TextField("服务承诺", blank=True)
    duties = models.TextField("中心职责", blank=True)
    is_active = models.BooleanField("在用", default=True)

    # Facilities checklist (四(一)2); the labels and clauses are in facilities.CENTRE_FACILITIES.
    has_name_plate = models.BooleanField("中心标识牌", default=False)
    has_window_signs = models.BooleanField("窗口吊牌", default=False)
    has_post_board = models.BooleanField("岗位公示牌", default=False)
    has_open_counters = models.BooleanField("敞开式柜台", default=False)
    has_video_monitoring = models.BooleanField("视频监控", default=False)
    has_office_furniture = models.BooleanField("办公桌椅柜", default=False)
    has_pc_per_window = models.BooleanField("每窗口电脑", default=False)
    has_printer_copier = models.BooleanField("打印复印设备", default=False)
    has_writing_desk = models.BooleanField("便民写字台", default=False)
    has_public_seating = models.BooleanField("休息座椅", default=False)
    has_drinking_water = models.BooleanField("饮水机", default=False)
    has_power_sockets = models.BooleanField("电源插座", default=False)
    has_display_screen = models.BooleanField("电子显示屏", default=False)
    has_touch_kiosk = models.BooleanField("触摸查询机", default=False)
    has_notice_board = models.BooleanField("公示栏", default=False)
    has_complaint_box = models.BooleanField("举报投诉箱", default=False)
    has_complaint_phone = models.BooleanField("投诉电话及记录", default=False)
    has_guides_at_windows = models.BooleanField("窗口办事指南", default=False)
    has_staff_badges = models.BooleanField("工作牌上岗", default=False)

    class Meta:
        verbose_name = "便民服务中心"
        verbose_name_plural = "便民服务中心"
        ordering = ["township__code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:centre_detail", args=[self.pk])

    @property
    def hall_class(self) -> standards.HallClass:
        return standards.hall_class(self.hall_area)

    def clean(self) -> None:
        errors = {}
        for field in ("director", "deputy"):
            person = getattr(self, field)
            if person is not None and person.centre_id != self.pk:
                errors[field] = "只能从本中心的工作人员中选择。"
        if self.director_id and self.director_id == self.deputy_id:
            errors["deputy"] = "专职副主任不能与中心主任为同一人。"
        if errors:
            raise ValidationError(errors)


class WindowKind(models.TextChoices):
    RESIDENT = "resident", "常驻窗口"
    COMPREHENSIVE = "comprehensive", "综合窗口"
    GUIDANCE = "guidance", "咨询导办窗口"


class Window(models.Model):
    centre = models.ForeignKey(Centre, verbose_name="所属中心", on_delete=models.CASCADE, related_name="windows")
    number = models.PositiveSmallIntegerField("窗口号", validators=[MinValueValidator(1)])
    name = models.CharField("窗口名称(吊牌)", max_length=40)
    kind = models.CharField("窗口类型", max_length=20, choices=WindowKind.choices, default=WindowKind.RESIDENT)
    business_line = models.ForeignKey(
        BusinessLine,
        verbose_name="业务条线",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="windows",
        help_text="常驻窗口必填;综合窗口、咨询导办窗口可不填。",
    )
    duties = models.TextField("窗口职责", blank=True)
    staff = models.ManyToManyField("Staff", verbose_name="窗口人员", blank=True, related_name="windows")
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "窗口"
        verbose_name_plural = "窗口"
        ordering = ["centre", "number"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "number"], name="window_number_unique_in_centre"),
        ]

    def __str__(self) -> str:
        return f"{self.number}号窗口 {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("org:window_detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind == WindowKind.RESIDENT and self.business_line_id is None:
            raise ValidationError({"business_line": "常驻窗口必须选择业务条线。"})


class AgencyPoint(models.Model):
    village = models.OneToOneField(
        Region,
        verbose_name="村(社区)",
        on_delete=models.PROTECT,
        related_name="agency_point",
        limit_choices_to={"level": RegionLevel.VILLAGE},
    )
    centre = models.ForeignKey(Centre, verbose_name="指导中心", on_delete=models.PROTECT, related_name="agency_points")
    name = models.CharField("代办点名称", max_length=60, help_text="统一命名为“xx村(社区)便民服务代办点”。")
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    area = models.DecimalField(
        "场地面积(㎡)",
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("9999"))],
    )
    receiving_windows = models.PositiveSmallIntegerField("收件窗口数", default=1, validators=[MaxValueValidator(20)])
    issuing_windows = models.PositiveSmallIntegerField("发件窗口数", default=1, validators=[MaxValueValidator(20)])
    head = models.ForeignKey(
        "Staff",
        verbose_name="负责人(村居党组织书记)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField("在用", default=True)

    has_name_plate = models.BooleanField("代办点标识", default=False)
    has_open_office = models.BooleanField("敞开式办公", default=False)
    has_office_equipment = models.BooleanField("电脑打印复印设备", default=False)
    has_window_sign = models.BooleanField("窗口服务牌", default=False)
    has_staff_badges = models.BooleanField("工作人员胸牌", default=False)
    has_info_board = models.BooleanField("信息公开栏", default=False)
    has_duty_board = models.BooleanField("工作人员职责栏", default=False)
    has_whereabouts_board = models.BooleanField("工作人员去向栏", default=False)
    has_written_guides = models.BooleanField("书面办事指南", default=False)

    class Meta:
        verbose_name = "便民服务代办点"
        verbose_name_plural = "便民服务代办点"
        ordering = ["village__code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:point_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.village_id and self.centre_id and self.village.parent_id != self.centre.township_id:
            errors["village"] = "代办点所在村(社区)必须属于指导中心所在的乡镇(街道)。"
        if self.head is not None and self.head.agency_point_id != self.pk:
            errors["head"] = "负责人只能从本代办点的工作人员中选择。"
        if errors:
            raise ValidationError(errors)


class Department(models.Model):
    """A township functional station (职能站所) whose items are authorized to the centre's windows."""

    township = models.ForeignKey(
        Region,
        verbose_name="乡镇(街道)",
        on_delete=models.PROTECT,
        related_name="departments",
        limit_choices_to={"level": RegionLevel.TOWNSHIP},
    )
    name = models.CharField("站所名称", max_length=60)
    kind = models.CharField(
        "站所类别",
        max_length=40,
        blank=True,
        help_text="与事项的实施主体一致,如“民政所”;用于“涉群必进”核对。",
    )
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "职能站所"
        verbose_name_plural = "职能站所"
        ordering = ["township__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="department_name_unique_in_township"),
        ]

    def __str__(self) -> str:
        return self.name


class Authorization(models.Model):
    """授权委托书 (四(一)4(7)): a department authorizes the centre's windows to act for it.

    Once authorized, the department itself no longer accepts or issues (no 体外循环).
    """

    department = models.ForeignKey(
        Department, verbose_name="委托站所", on_delete=models.PROTECT, related_name="authorizations"
    )
    centre = models.ForeignKey(Centre, verbose_name="受托中心", on_delete=models.PROTECT, related_name="authorizations")
    document_number = models.CharField("委托书编号", max_length=50, blank=True)
    signed_on = models.DateField("签署日期")
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    may_accept = models.BooleanField("受理", default=True)
    may_review = models.BooleanField("审核", default=False)
    may_charge = models.BooleanField("收费", default=False)
    may_deliver = models.BooleanField("办结出件", default=False)
    windows = models.ManyToManyField(Window, verbose_name="授权窗口", blank=True, related_name="authorizations")

    class Meta:
        verbose_name = "授权委托书"
        verbose_name_plural = "授权委托书"
        ordering = ["centre", "-signed_on"]

    def __str__(self) -> str:
        return f"{self.department} → {self.centre}"

    def clean(self) -> None:
        errors = {}
        if self.department_id and self.centre_id and self.department.township_id != self.centre.township_id:
            errors["department"] = "只能由本乡镇(街道)的职能站所授权给本中心。"
        if self.revoked_on and self.signed_on and self.revoked_on < self.signed_on:
            errors["revoked_on"] = "撤销日期不能早于签署日期。"
        if not (self.may_accept or self.may_review or self.may_charge or self.may_deliver):
            errors["may_accept"] = "请至少选择一项授权范围(受理、审核、收费、办结出件)。"
        if errors:
            raise ValidationError(errors)

    @property
    def scope_labels(self) -> list[str]:
        flags = [
            (self.may_accept, "受理"),
            (self.may_review, "审核"),
            (self.may_charge, "收费"),
            (self.may_deliver, "办结"),
        ]
        return [label for on, label in flags if on]


class Staff(models.Model):
    """A person who works for a centre or an agency point (or the county), with their post board entry."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    name = models.CharField("姓名", max_length=30)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.CLERK)
    centre = models.ForeignKey(
        Centre, verbose_name="所属中心", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    agency_point = models.ForeignKey(
        AgencyPoint,
        verbose_name="所属代办点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    post = models.CharField("岗位", max_length=40, blank=True, help_text="如:民政窗口、代办员。")
    position = models.CharField("职务", max_length=40, blank=True, help_text="如:党委委员、专职副主任。")
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    photo = models.ImageField("照片", upload_to="staff/", blank=True)
    on_post_board = models.BooleanField("上岗位公示牌", default=True)
    is_active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering = ["centre", "agency_point", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(centre__isnull=False, agency_point__isnull=False),
                name="staff_belongs_to_centre_or_point",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:staff_detail", args=[self.pk])

    def clean(self) -> None:
        if self.centre_id and self.agency_point_id:
            raise ValidationError("工作人员只能属于一个中心或一个代办点。")
        if self.role == Role.AGENT and not self.agency_point_id:
            raise ValidationError({"agency_point": "代办点工作人员必须选择所属代办点。"})
        if self.role in (Role.CENTRE_DIRECTOR, Role.CLERK) and not self.centre_id:
            raise ValidationError({"centre": "中心主任和窗口工作人员必须选择所属中心。"})
        if self.role in (Role.COUNTY_ADMIN, Role.INSPECTOR) and (self.centre_id or self.agency_point_id):
            raise ValidationError({"role": "县级角色不属于某个中心或代办点,请清空所属单位。"})

    @property
    def workplace(self) -> str:
        if self.agency_point_id:
            return str(self.agency_point)
        if self.centre_id:
            return str(self.centre)
        return "县行政服务中心"

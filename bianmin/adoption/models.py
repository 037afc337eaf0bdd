"""What adopting the system in a county adds to the organisation: the county's own profile, the
history of redistricting (names and codes in force before a change), and accounts that must change
their password at the next login.

Redistricting never deletes: a township renamed, re-coded or merged keeps its centre, points, staff
and cases (all by foreign key); ``UnitChange`` keeps the name and code each unit had before, so a
report of an earlier month shows the name of that month (see ``history.py``).
"""

from django.conf import settings
from django.db import models


class CountyProfile(models.Model):
    """The county this installation serves (one row): set by ``setup_county`` or the wizard."""

    county = models.OneToOneField("org.Region", verbose_name="县(市、区)", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "本县设置"
        verbose_name_plural = "本县设置"

    def __str__(self) -> str:
        return str(self.county)


class ChangeKind(models.TextChoices):
    RENAME = "rename", "更名"
    RECODE = "recode", "调整区划代码"
    CONVERT = "convert", "撤乡(镇)设街道"
    MERGE = "merge", "撤并"
    RETIRE = "retire", "停用"


class UnitChange(models.Model):
    """One redistricting of a township (or of a village re-coded with it): what it was called until
    ``effective_on`` (exclusive). Append-only: a correction is a new change."""

    region = models.ForeignKey("org.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="unit_changes")
    kind = models.CharField("调整类型", max_length=10, choices=ChangeKind.choices)
    effective_on = models.DateField("生效日期", help_text="自该日起使用新名称、新代码。")
    old_name = models.CharField("原名称", max_length=50)
    old_code = models.CharField("原区划代码", max_length=12)
    old_kind = models.CharField("原类型", max_length=10)
    old_centre_name = models.CharField("原中心名称", max_length=60, blank=True)
    new_name = models.CharField("新名称", max_length=50)
    new_code = models.CharField("新区划代码", max_length=12)
    merged_into = models.ForeignKey(
        "org.Region",
        verbose_name="并入",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="absorbed_changes",
    )
    document = models.CharField("批准文件", max_length=100, blank=True)
    note = models.TextField("说明", blank=True)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "区划调整记录"
        verbose_name_plural = "区划调整记录"
        ordering = ["region", "effective_on", "pk"]
        indexes = [models.Index(fields=["region", "effective_on"], name="unitchange_region_day")]

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name}({self.effective_on:%Y-%m-%d})"


class PasswordFlag(models.Model):
    """An account whose password was set by someone else (bulk creation, the county admin's reset):
    it must be changed at the next login before any other page opens."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="登录账号", on_delete=models.CASCADE, related_name="password_flag"
    )
    must_change = models.BooleanField("须修改密码", default=True)
    reason = models.CharField("原因", max_length=20, choices=[("created", "批量开通"), ("reset", "管理员重置")])
    set_at = models.DateTimeField("设置时间", auto_now=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "密码修改要求"
        verbose_name_plural = "密码修改要求"

    def __str__(self) -> str:
        return f"{self.user} 须修改密码" if self.must_change else str(self.user)

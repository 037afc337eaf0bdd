"""First-run set-up of a county (issue #14 point 1): the county, its organisation workbook, the
catalogue, the calendar and the rubric, in that order. ``setup_status`` says which steps are done;
the wizard page and ``manage.py setup_county`` both go through here."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from bianmin.adoption.models import CountyProfile
from bianmin.assessment.models import Rubric, RubricStatus
from bianmin.catalogue.models import ServiceItem
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.models import Centre, Region, RegionLevel, Staff
from bianmin.org.roles import apply_role_to_user, sync_role_groups
from bianmin.workcalendar.selectors import is_year_configured

COUNTY_CODE = re.compile(r"^\d{6}$")


def current_county() -> Region | None:
    profile = CountyProfile.objects.select_related("county").first()
    if profile is not None:
        return profile.county
    return Region.objects.filter(level=RegionLevel.COUNTY).order_by("pk").first()


@transaction.atomic
def county_setup(*, code: str, name: str, actor=None) -> CountyProfile:
    """Step 1: the county's name and 6-digit code. The account doing it becomes its county admin."""
    code, name = code.strip(), name.strip()
    if not COUNTY_CODE.match(code):
        raise ApplicationError("县(市、区)区划代码应为6位数字,如 361123。", field="code")
    if not name:
        raise ApplicationError("请填写县(市、区)名称。", field="name")
    other = Region.objects.filter(level=RegionLevel.COUNTY).exclude(code=code).first()
    if other is not None:
        raise ApplicationError(f"本系统已设置为{other.name}({other.code}),一个系统只服务一个县。", field="code")
    sync_role_groups()
    county, _ = Region.objects.update_or_create(
        code=code, defaults={"name": name, "level": RegionLevel.COUNTY, "kind": "county"}
    )
    profile, _ = CountyProfile.objects.get_or_create(county=county)
    if actor is not None and not Staff.objects.filter(user=actor).exists():
        Staff.objects.create(
            user=actor, name=actor.first_name or actor.username, role=Role.COUNTY_ADMIN, post="系统管理"
        )
        apply_role_to_user(actor, Role.COUNTY_ADMIN)
    return profile


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool
    detail: str


def setup_status(today=None) -> list[Step]:
    today = today or timezone.localdate()
    county = current_county()
    centres = Centre.objects.filter(is_active=True, township__parent=county).count() if county else 0
    items = ServiceItem.objects.filter(is_active=True, current__isnull=False).count()
    years = [today.year] + ([today.year + 1] if today.month >= 10 else [])
    missing_years = [y for y in years if not is_year_configured(y)]
    rubric = Rubric.objects.filter(status=RubricStatus.PUBLISHED, year__lte=today.year).order_by("-year").first()
    return [
        Step(
            "county",
            "本县名称和区划代码",
            county is not None,
            f"{county.name}({county.code})" if county else "尚未设置",
        ),
        Step("org", "组织机构工作簿", centres > 0, f"在用便民服务中心 {centres} 个" if centres else "尚未导入"),
        Step("catalogue", "事项目录", items > 0, f"已发布事项 {items} 个" if items else "尚未导入"),
        Step(
            "calendar",
            "工作日历",
            not missing_years,
            "已录入" + "、".join(str(y) for y in years) + "年节假日安排"
            if not missing_years
            else "缺少" + "、".join(str(y) for y in missing_years) + "年节假日安排",
        ),
        Step("rubric", "考核评分细则", rubric is not None, f"现行细则:{rubric.name}" if rubric else "尚未载入"),
    ]

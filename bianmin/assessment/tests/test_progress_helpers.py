"""Shared set-up of the standardization progress tests (not a test module itself: no tests here)."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bianmin.assessment.models import Assessment, ScoreSheet, SheetStatus
from bianmin.assessment.services_rubric import rubric_load_default
from bianmin.core.roles import Role
from bianmin.org.models import AgencyPoint, BusinessLine, Centre, WindowKind
from bianmin.org.tests.factories import CentreFactory, RegionFactory, StaffFactory, WindowFactory, village

CHINA = ZoneInfo("Asia/Shanghai")


def standardize(centre: Centre) -> Centre:
    """Give ``centre`` every hard requirement: the five mandatory windows, a director and a deputy
    (its hall area is left as it is)."""
    number = (centre.windows.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    have = set(centre.windows.filter(is_active=True).values_list("business_line__name", flat=True))
    for line in BusinessLine.objects.filter(is_mandatory=True).exclude(name__in=have):
        WindowFactory(centre=centre, number=number, name=f"{line.name}窗口", business_line=line)
        number += 1
    if centre.director_id is None:
        centre.director = StaffFactory(role=Role.CENTRE_DIRECTOR, centre=centre, name="主任")
    if centre.deputy_id is None:
        centre.deputy = StaffFactory(role=Role.CENTRE_DIRECTOR, centre=centre, name="副主任")
    centre.save()
    return centre


def cover_every_village(centre: Centre) -> None:
    for v in centre.township.children.filter(agency_point__isnull=True):
        AgencyPoint.objects.create(village=v, centre=centre, name=f"{v.name}便民服务代办点", area=Decimal("30"))


def add_centres(county_region, count: int, *, start: int = 300) -> list[Centre]:
    """``count`` more centres, each with windows, two villages (one with a point) and a staff member."""
    centres = []
    for i in range(count):
        town = RegionFactory(code=f"361123{start + i:03d}", name=f"新{i}镇", parent=county_region)
        centre = CentreFactory(township=town, hall_area=Decimal(150 + 20 * i))
        WindowFactory(centre=centre, number=1)
        WindowFactory(centre=centre, number=2, name="综合窗口", kind=WindowKind.COMPREHENSIVE, business_line=None)
        AgencyPoint.objects.create(
            village=village(town, "201", f"新{i}一村"), centre=centre, name=f"新{i}一村代办点", area=Decimal("31")
        )
        village(town, "202", f"新{i}二村")
        StaffFactory(centre=centre, name=f"新{i}员工")
        centres.append(centre)
    return centres


def publish_total(
    centre: Centre, year: int, total: str, *, status: str = SheetStatus.PUBLISHED, actor=None
) -> ScoreSheet:
    """A sheet of ``centre`` for ``year`` with ``total`` (the assessment workflow is tested elsewhere)."""
    rubric = rubric_load_default()
    at = datetime(year, 12, 30, 10, tzinfo=CHINA)
    assessment, _ = Assessment.objects.get_or_create(
        year=year, defaults={"rubric": rubric, "opened_by": actor, "opened_at": at}
    )
    version = ScoreSheet.objects.filter(assessment=assessment, centre=centre).count() + 1
    return ScoreSheet.objects.create(
        assessment=assessment,
        centre=centre,
        version=version,
        status=status,
        total=Decimal(total),
        base=Decimal(total),
        created_by=actor,
        created_at=at,
    )

"""factory_boy factories and a small named county for the tests."""

import importlib
from dataclasses import dataclass, field
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from bianmin.core.roles import Role
from bianmin.org.models import (
    AgencyPoint,
    BusinessLine,
    Centre,
    Region,
    RegionLevel,
    Staff,
    Window,
    WindowKind,
)
from bianmin.org.roles import apply_role_to_user

PASSWORD = "Test@pass-2018"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    # Township codes are nine digits (village codes add three); the sequence
    # runs on across the whole session, so it wraps instead of growing.
    code = factory.Sequence(lambda n: f"361123{n % 900 + 100:03d}")
    name = factory.Sequence(lambda n: f"测试{n}镇")
    level = RegionLevel.TOWNSHIP
    kind = "town"


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    township = factory.SubFactory(RegionFactory)
    name = factory.LazyAttribute(lambda o: f"{o.township.name}便民服务中心")
    hall_area = Decimal("160")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    name = factory.Sequence(lambda n: f"员工{n}")
    role = Role.CLERK
    phone = "13800138000"


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window

    centre = factory.SubFactory(CentreFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = "民政窗口"
    kind = WindowKind.RESIDENT
    business_line = factory.LazyFunction(lambda: BusinessLine.objects.get(name="民政"))


def staff_with_login(username: str, role: str, **kwargs) -> Staff:
    user = UserFactory(username=username, first_name=username)
    staff = StaffFactory(name=username, role=role, user=user, **kwargs)
    apply_role_to_user(user, role)
    return staff


def village(township: Region, suffix: str, name: str) -> Region:
    return Region.objects.create(
        code=township.code + suffix, name=name, level=RegionLevel.VILLAGE, kind="village", parent=township
    )


@dataclass
class County:
    county: Region
    centre_a: Centre
    centre_b: Centre
    point_a1: AgencyPoint
    point_a2: AgencyPoint
    point_b1: AgencyPoint
    window_a: Window
    window_b: Window
    director_a: Staff
    clerk_a: Staff
    clerk_b: Staff
    agent_a1: Staff
    agent_b1: Staff
    users: dict = field(default_factory=dict)


def restore_reference_data() -> None:
    """What the migrations put in (the plan's business lines, the role groups) is emptied by the flush
    after a transactional test; put it back with the migrations' own functions when it is gone."""
    if BusinessLine.objects.exists():
        return
    from django.apps import apps

    from bianmin.org.roles import sync_role_groups

    importlib.import_module("bianmin.org.migrations.0002_business_lines_of_the_plan").add_lines(apps, None)
    sync_role_groups()


def build_county() -> County:
    restore_reference_data()
    county = Region.objects.create(code="361123", name="玉山县", level=RegionLevel.COUNTY, kind="county")
    town_a = RegionFactory(code="361123101", name="甲镇", parent=county)
    town_b = RegionFactory(code="361123201", name="乙乡", kind="xiang", parent=county)
    centre_a = CentreFactory(township=town_a, hall_area=Decimal("210"))
    centre_b = CentreFactory(township=town_b, hall_area=Decimal("95"))
    point_a1 = AgencyPoint.objects.create(
        village=village(town_a, "201", "一村"), centre=centre_a, name="一村便民服务代办点", area=Decimal("40")
    )
    point_a2 = AgencyPoint.objects.create(
        village=village(town_a, "202", "二村"), centre=centre_a, name="二村便民服务代办点", area=Decimal("25")
    )
    village(town_a, "203", "三村")  # no agency point yet
    point_b1 = AgencyPoint.objects.create(
        village=village(town_b, "201", "乙一村"), centre=centre_b, name="乙一村便民服务代办点", area=Decimal("35")
    )
    admin = staff_with_login("county_admin", Role.COUNTY_ADMIN)
    inspector = staff_with_login("inspector", Role.INSPECTOR)
    director_a = staff_with_login("director_a", Role.CENTRE_DIRECTOR, centre=centre_a, position="中心主任")
    clerk_a = staff_with_login("clerk_a", Role.CLERK, centre=centre_a, post="民政窗口")
    clerk_b = staff_with_login("clerk_b", Role.CLERK, centre=centre_b, post="民政窗口")
    agent_a1 = staff_with_login("agent_a1", Role.AGENT, agency_point=point_a1, post="代办员")
    agent_b1 = staff_with_login("agent_b1", Role.AGENT, agency_point=point_b1, post="代办员")
    centre_a.director = director_a
    centre_a.save()
    window_a = WindowFactory(centre=centre_a, number=1)
    window_a.staff.add(clerk_a)
    window_b = WindowFactory(centre=centre_b, number=1)
    window_b.staff.add(clerk_b)
    return County(
        county=county,
        centre_a=centre_a,
        centre_b=centre_b,
        point_a1=point_a1,
        point_a2=point_a2,
        point_b1=point_b1,
        window_a=window_a,
        window_b=window_b,
        director_a=director_a,
        clerk_a=clerk_a,
        clerk_b=clerk_b,
        agent_a1=agent_a1,
        agent_b1=agent_b1,
        users={Role.COUNTY_ADMIN: admin.user, Role.INSPECTOR: inspector.user},
    )

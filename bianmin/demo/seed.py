"""Create the demo county (yushan.py) without touching anything that already exists.

A township whose centre exists is left as it is, and a demo login that exists keeps its password,
so running ``seed_demo`` again keeps every change made since.
"""

import random
from datetime import date
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.db import transaction

from bianmin.core.roles import Role
from bianmin.demo import yushan
from bianmin.org.facilities import AGENCY_POINT_FACILITIES, CENTRE_FACILITIES
from bianmin.org.models import (
    AgencyPoint,
    Authorization,
    BusinessLine,
    Centre,
    Department,
    Region,
    RegionLevel,
    Staff,
    Window,
    WindowKind,
)
from bianmin.org.roles import apply_role_to_user, sync_role_groups


class _People:
    """Deterministic illustrative names and phone numbers."""

    def __init__(self, seed: str) -> None:
        self.rng = random.Random(seed)

    def name(self) -> str:
        given = "".join(self.rng.choice(yushan.GIVEN) for _ in range(self.rng.choice((1, 2))))
        return self.rng.choice(yushan.SURNAMES) + given

    def mobile(self) -> str:
        return self.rng.choice(("138", "139", "158", "187")) + f"{self.rng.randrange(10**8):08d}"


def seed_demo() -> dict[str, int]:
    """Returns how many townships and logins were created (0 and 0 on a second run)."""
    sync_role_groups()
    created = {"townships": 0, "logins": 0}
    with disable_auditlog(), transaction.atomic():
        county, _ = Region.objects.get_or_create(
            code=yushan.COUNTY["code"],
            defaults={
                "name": yushan.COUNTY["name"],
                "level": RegionLevel.COUNTY,
                "kind": "county",
                "note": f"{yushan.COUNTY['province']}{yushan.COUNTY['city']}(演示数据)",
            },
        )
        lines = {line.name: line for line in BusinessLine.objects.all()}
        for index, row in enumerate(yushan.TOWNSHIPS):
            if not Centre.objects.filter(township__code=yushan.COUNTY["code"] + row[0]).exists():
                _seed_township(county, row, index, lines)
                created["townships"] += 1
        created["logins"] = _seed_logins()
    return created


def _seed_township(county: Region, row, index: int, lines: dict[str, BusinessLine]) -> None:
    suffix, name, kind, area, missing_line, villages = row
    people = _People(f"yushan-{suffix}")
    township, _ = Region.objects.get_or_create(
        code=county.code + suffix,
        defaults={"name": name, "level": RegionLevel.TOWNSHIP, "kind": kind, "parent": county},
    )
    centre = Centre.objects.create(
        township=township,
        name=f"{name}便民服务中心",
        address=f"玉山县{name}人民政府一楼",
        opening_hours=yushan.OPENING_HOURS,
        service_phone=f"0793-22{index:02d}{3000 + index * 7:04d}"[:13],
        complaint_phone=f"0793-22{index:02d}{5000 + index * 7:04d}"[:13],
        hall_area=Decimal(area),
        commitments=yushan.COMMITMENTS,
        duties=yushan.CENTRE_DUTIES,
        **_centre_facilities(area, index),
    )
    director = Staff.objects.create(
        name=people.name(),
        role=Role.CENTRE_DIRECTOR,
        centre=centre,
        post="中心管理",
        position="党委委员、中心主任",
        phone=people.mobile(),
    )
    deputy = Staff.objects.create(
        name=people.name(),
        role=Role.CENTRE_DIRECTOR,
        centre=centre,
        post="中心管理",
        position="专职副主任",
        phone=people.mobile(),
    )
    centre.director, centre.deputy = director, deputy
    centre.save(update_fields=["director", "deputy"])

    resident = [line for line in yushan.MANDATORY if line != missing_line]
    resident += next(extra for threshold, extra in yushan.EXTRA_BY_SIZE if area >= threshold)
    windows: dict[str, Window] = {}
    number = 0
    for number, line_name in enumerate(resident, start=1):
        window = Window.objects.create(
            centre=centre,
            number=number,
            name=f"{line_name}窗口",
            kind=WindowKind.RESIDENT,
            business_line=lines[line_name],
            duties=f"受理、办理{line_name}类政务服务事项。",
        )
        window.staff.add(_clerk(centre, people, f"{line_name}窗口"))
        windows[line_name] = window
    number += 1
    comprehensive = Window.objects.create(
        centre=centre,
        number=number,
        name="综合窗口",
        kind=WindowKind.COMPREHENSIVE,
        duties="代为受理农业、林业、水利、国土、三资管理、财政、党建、工青妇、民生档案查询等事项。",
    )
    comprehensive.staff.add(_clerk(centre, people, "综合窗口"))
    if area >= 100:  # the smallest halls have no room for a guidance desk
        number += 1
        guidance = Window.objects.create(
            centre=centre,
            number=number,
            name="咨询导办窗口",
            kind=WindowKind.GUIDANCE,
            duties="政策解释、办事引导,提供打印、复印、照相服务。",
        )
        guidance.staff.add(_clerk(centre, people, "咨询导办"))

    for doc_no, (dept_name, line_name) in enumerate(yushan.DEPARTMENTS, start=1):
        department = Department.objects.create(township=township, name=f"{name}{dept_name}", kind=dept_name)
        target = windows.get(line_name) if line_name else comprehensive
        if target is None:
            continue  # the missing mandatory window: its department still works outside the centre
        authorization = Authorization.objects.create(
            department=department,
            centre=centre,
            document_number=f"{name}授〔2018〕{doc_no}号",
            signed_on=date(2018, 10, 8 + index % 20),
            may_accept=True,
            may_review=True,
            may_charge=line_name is not None,
            may_deliver=True,
        )
        authorization.windows.add(target)

    _seed_villages(township, centre, villages, people, index)


def _centre_facilities(area: int, index: int) -> dict[str, bool]:
    """Bigger halls are better equipped; every third small centre lacks a kiosk and a screen."""
    facilities = {item.code: True for item in CENTRE_FACILITIES}
    if area < 150:
        facilities["has_touch_kiosk"] = index % 3 != 0
        facilities["has_display_screen"] = index % 2 == 0
        facilities["has_drinking_water"] = index % 4 != 1
    if area < 100:
        facilities["has_open_counters"] = False
        facilities["has_post_board"] = False
    return facilities


def _clerk(centre: Centre, people: _People, post: str) -> Staff:
    return Staff.objects.create(
        name=people.name(), role=Role.CLERK, centre=centre, post=post, position="窗口工作人员", phone=people.mobile()
    )


def _seed_villages(township: Region, centre: Centre, villages: list[str], people: _People, index: int) -> None:
    community_no, village_no = 100, 200
    for position, village_name in enumerate(villages):
        if village_name.endswith("社区"):
            community_no += 1
            code, kind = f"{township.code}{community_no:03d}", "community"
        else:
            village_no += 1
            code, kind = f"{township.code}{village_no:03d}", "village"
        village, _ = Region.objects.get_or_create(
            code=code,
            defaults={"name": village_name, "level": RegionLevel.VILLAGE, "kind": kind, "parent": township},
        )
        # Coverage is not yet complete everywhere (plan 三): the last village of every third township waits.
        if position == len(villages) - 1 and index % 3 == 2:
            continue
        suffix = "社区" if kind == "community" else "村"
        base = village_name.removesuffix("社区").removesuffix("村") + suffix
        point = AgencyPoint.objects.create(
            village=village,
            centre=centre,
            name=f"{base}便民服务代办点",
            address=f"{village_name}{'居委会' if kind == 'community' else '村委会'}一楼",
            phone=people.mobile(),
            area=Decimal(24 if (index + position) % 7 == 3 else 30 + ((index * 11 + position * 17) % 50)),
            receiving_windows=1 + (position % 2),
            issuing_windows=1,
            **{item.code: (index + position + n) % 9 != 0 for n, item in enumerate(AGENCY_POINT_FACILITIES)},
        )
        head = Staff.objects.create(
            name=people.name(),
            role=Role.AGENT,
            agency_point=point,
            post="代办点负责人",
            position="党组织书记",
            phone=people.mobile(),
        )
        if (index + position) % 5 != 4:  # some points have only the secretary so far
            Staff.objects.create(
                name=people.name(),
                role=Role.AGENT,
                agency_point=point,
                post="代办员",
                position="村两委成员" if position % 2 else "大学生村官",
                phone=people.mobile(),
            )
        point.head = head
        point.save(update_fields=["head"])


def _seed_logins() -> int:
    user_model = get_user_model()
    created = 0
    for username, role, label, township_suffix in yushan.DEMO_LOGINS:
        if user_model.objects.filter(username=username).exists():
            continue
        staff = _demo_staff(role, township_suffix, label)
        # Reserved domain (RFC 2606): the monitor's notices reach the console, never a real mailbox.
        user = user_model(username=username, first_name=staff.name, email=f"{username}@yushan.example")
        user.set_password(yushan.DEMO_PASSWORD)
        user.save()
        staff.user = user
        staff.save(update_fields=["user"])
        apply_role_to_user(user, role)
        created += 1
    return created


def _demo_staff(role: str, township_suffix: str | None, label: str) -> Staff:
    """Attach the login to an existing seeded person where there is one, else create one."""
    code = yushan.COUNTY["code"] + (township_suffix or "")
    free = Staff.objects.filter(user__isnull=True)
    if role == Role.CENTRE_DIRECTOR:
        person = free.filter(pk=Centre.objects.get(township__code=code).director_id).first()
    elif role == Role.CLERK:
        person = free.filter(centre__township__code=code, role=role).order_by("pk").first()
    elif role == Role.AGENT:
        point = AgencyPoint.objects.filter(village__parent__code=code).order_by("village__code").first()
        person = (
            free.filter(agency_point=point).exclude(post="代办点负责人").first()
            or free.filter(agency_point=point).first()
        )
    else:
        person = None
    if person is None:
        person = Staff.objects.create(name=label, role=role, post=label)
    return person

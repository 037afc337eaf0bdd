"""The generated organisation: counties of 16 townships (a province is a hundred of them), each
township with its centre, windows, villages, agency points and people, and each person's login.

Per centre: a hall of 85–260㎡ and the facilities checklist (each item present with probability
0.9), a service phone (5 % have none), duties and commitments (10 % leave them blank), a director
(党委委员), a full-time deputy and 5 clerks; the windows of the five mandatory lines (one centre in
six misses one or two), one or two lines of "x", a comprehensive and a guidance window, each with its
clerk. 8–17 villages per township; in a quarter of the townships one to three villages have no
agency point; each point has one or two agents. The county has an administrator and two inspectors.
The implementation list of a centre takes 60–120 catalogue items — every real (parent) item whose
window it has, then sub-items — each at the window of its line, else at the comprehensive window.

Logins (``auth.User``) are ``county-admin``, ``inspector1``…, ``c0001-director``, ``c0001-deputy``,
``c0001-clerk1``…, ``c0001-agent1``… (centre numbers in township-code order); all share the one
password given (hashed once), or have none usable when no password is given.
"""

import bisect
import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from bianmin.demo.yushan import GIVEN, SURNAMES, TOWNSHIPS
from bianmin.loadgen.catalogue import Guide

MANDATORY = ("民政", "劳动保障", "卫计", "医疗保险", "综治信访")
OPTIONAL_LINES = ("社会救助", "涉农补贴", "社会保险", "林业", "国土", "农业")
HALLS = ((Decimal("85"), 1), (Decimal("120"), 3), (Decimal("160"), 5), (Decimal("210"), 5), (Decimal("260"), 2))


@dataclass
class Unit:
    """One centre as the case generator needs it."""

    number: int  # 1-based, in township-code order (the logins' cNNNN)
    centre_id: int
    code: str  # township code: the receipt numbers' prefix
    director: int
    deputy: int
    clerks: list[int]
    window_clerks: dict[int, list[int]]  # window id → its clerks
    points: list[tuple[int, list[int]]]  # (agency point id, its agents)
    guides: list[tuple[Guide, int]] = field(default_factory=list)  # (item, window id), most asked first
    weights: list[float] = field(default_factory=list)  # cumulative, for bisect
    weight: float = 1.0

    def pick(self, rng: random.Random) -> tuple[Guide, int]:
        return self.guides[bisect.bisect(self.weights, rng.random() * self.weights[-1])]


@dataclass
class Org:
    units: list[Unit]
    admin_id: int
    inspector_ids: list[int]
    written: dict[str, int]


def _names(rng: random.Random):
    while True:
        yield rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _facility_codes(points: bool = False) -> list[str]:
    from bianmin.org.facilities import AGENCY_POINT_FACILITIES, CENTRE_FACILITIES

    return [item.code for item in (AGENCY_POINT_FACILITIES if points else CENTRE_FACILITIES)]


def _townships(count: int) -> list[tuple[int, str, str]]:
    """(county index, township code suffix, name): the real 16 of 玉山县 for a county."""
    if count <= len(TOWNSHIPS):
        return [(0, code, name) for code, name, *_ in TOWNSHIPS[:count]]
    return [(n // 16, f"{100 + n % 16:03d}", f"第{n + 1}镇") for n in range(count)]


def build(shape, guides: list[Guide], *, password: str | None) -> Org:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User

    from bianmin.catalogue.models import CentreItem
    from bianmin.core.roles import Role
    from bianmin.org.models import AgencyPoint, BusinessLine, Centre, Region, RegionLevel, Staff, Window, WindowKind

    rng = random.Random(shape.seed)
    names = _names(rng)
    lines = {line.name: line for line in BusinessLine.objects.all()}
    hashed = make_password(password)  # once: hashing is deliberately slow
    written: dict[str, int] = {}

    places = _townships(shape.centres)
    counties = Region.objects.bulk_create(
        Region(
            code="361123" if shape.centres <= 16 else f"36{c:04d}",
            name="玉山县" if shape.centres <= 16 else f"第{c + 1}县",
            level=RegionLevel.COUNTY,
            kind="county",
        )
        for c in range(places[-1][0] + 1)
    )
    towns = Region.objects.bulk_create(
        Region(
            code=f"{counties[c].code}{suffix}",
            name=name,
            level=RegionLevel.TOWNSHIP,
            kind="xiang" if name.endswith("乡") else "town",
            parent=counties[c],
        )
        for c, suffix, name in places
    )
    halls = [area for area, weight in HALLS for _ in range(weight)]
    centres = Centre.objects.bulk_create(
        Centre(
            township=town,
            name=f"{town.name}便民服务中心",
            address=f"{town.name}人民政府一楼",
            opening_hours="周一至周五 上午8:30-11:30,下午14:30-17:30(法定节假日除外)",
            service_phone="" if rng.random() < 0.05 else f"0793-22{n % 100_000:05d}",
            complaint_phone=f"0793-23{n % 100_000:05d}",
            hall_area=rng.choice(halls),
            commitments="" if (blank := rng.random() < 0.1) else "首问负责、一次性告知、限时办结",
            duties="" if blank else "受理、办理群众申办事项;指导村居便民服务代办点",
            **{code: rng.random() < 0.9 for code in _facility_codes()},
        )
        for n, town in enumerate(towns)
    )
    written["centres"] = len(centres)

    users: list[User] = []

    def login(username: str) -> User:
        user = User(username=username, password=hashed, is_active=True)
        users.append(user)
        return user

    county_people = [Staff(name=next(names), role=Role.COUNTY_ADMIN, user=login("county-admin"))]
    county_people += [Staff(name=next(names), role=Role.INSPECTOR, user=login(f"inspector{k}")) for k in (1, 2)]
    staff: list[Staff] = []
    for n, centre in enumerate(centres, start=1):
        tag = f"c{n:04d}"
        staff.append(
            Staff(
                name=next(names),
                role=Role.CENTRE_DIRECTOR,
                centre=centre,
                position="党委委员",
                user=login(f"{tag}-director"),
            )
        )
        staff.append(
            Staff(
                name=next(names),
                role=Role.CENTRE_DIRECTOR,
                centre=centre,
                position="专职副主任",
                user=login(f"{tag}-deputy"),
            )
        )
        staff += [
            Staff(name=next(names), role=Role.CLERK, centre=centre, post="窗口", user=login(f"{tag}-clerk{k}"))
            for k in range(1, 6)
        ]

    villages, owners = [], []
    for town, centre in zip(towns, centres, strict=True):
        for v in range(rng.randint(8, 17)):
            villages.append(
                Region(
                    code=f"{town.code}{200 + v:03d}",
                    name=f"{town.name}{v + 1}村",
                    level=RegionLevel.VILLAGE,
                    kind="village",
                    parent=town,
                )
            )
            owners.append(centre)
    villages = Region.objects.bulk_create(villages, batch_size=2_000)
    written["villages"] = len(villages)
    by_town: dict[int, list[Region]] = {}
    for village in villages:
        by_town.setdefault(village.parent_id, []).append(village)
    uncovered: set[int] = set()
    for town in towns:
        if rng.random() < 0.25:
            uncovered.update(v.pk for v in rng.sample(by_town[town.pk], rng.randint(1, 3)))
    points = AgencyPoint.objects.bulk_create(
        [
            AgencyPoint(
                village=village,
                centre=centre,
                name=f"{village.name}便民服务代办点",
                area=Decimal(rng.choice((25, 35, 40, 60))),
                **{code: rng.random() < 0.85 for code in _facility_codes(points=True)},
            )
            for village, centre in zip(villages, owners, strict=True)
            if village.pk not in uncovered
        ],
        batch_size=2_000,
    )
    written["agency points"] = len(points)
    agents: dict[int, list[Staff]] = {}
    numbers = {centre.pk: n for n, centre in enumerate(centres, start=1)}
    per_centre_agents: dict[int, itertools.count] = {}
    for point in points:
        k = per_centre_agents.setdefault(point.centre_id, itertools.count(1))
        agents[point.pk] = [
            Staff(
                name=next(names),
                role=Role.AGENT,
                agency_point=point,
                post="代办员",
                user=login(f"c{numbers[point.centre_id]:04d}-agent{next(k)}"),
            )
            for _ in range(rng.choice((1, 1, 2)))
        ]
    User.objects.bulk_create(users, batch_size=5_000)
    for person in itertools.chain(county_people, staff, *agents.values()):
        person.user_id = person.user.pk
    Staff.objects.bulk_create(county_people + staff + [a for group in agents.values() for a in group], batch_size=5_000)
    written["staff with logins"] = len(users)

    per_centre = {centre.pk: staff[7 * n : 7 * n + 7] for n, centre in enumerate(centres)}
    for centre in centres:
        centre.director, centre.deputy = per_centre[centre.pk][:2]
    Centre.objects.bulk_update(centres, ["director", "deputy"], batch_size=500)

    windows, plan = [], {}
    for centre in centres:
        present = list(MANDATORY)
        if rng.random() < 0.17:  # misses one or two mandatory lines
            for gone in rng.sample(present, rng.choice((1, 1, 2))):
                present.remove(gone)
        present += rng.sample(OPTIONAL_LINES, rng.choice((1, 2)))
        rows = [
            Window(centre=centre, number=k + 1, name=f"{name}窗口", business_line=lines[name])
            for k, name in enumerate(present)
        ]
        rows.append(Window(centre=centre, number=len(rows) + 1, name="综合窗口", kind=WindowKind.COMPREHENSIVE))
        rows.append(Window(centre=centre, number=len(rows) + 1, name="咨询导办", kind=WindowKind.GUIDANCE))
        plan[centre.pk] = rows
        windows += rows
    Window.objects.bulk_create(windows, batch_size=2_000)
    written["windows"] = len(windows)
    through = Window.staff.through
    links, window_clerks = [], {}
    for centre in centres:
        clerks = per_centre[centre.pk][2:]
        for k, window in enumerate(plan[centre.pk]):
            clerk = clerks[k % len(clerks)]
            links.append(through(window_id=window.pk, staff_id=clerk.pk))
            window_clerks[window.pk] = [clerk.pk]
    through.objects.bulk_create(links, batch_size=5_000)

    units, lists = [], []
    points_of: dict[int, list[tuple[int, list[int]]]] = {}
    for point in points:
        points_of.setdefault(point.centre_id, []).append((point.pk, [a.pk for a in agents[point.pk]]))
    popular = [g for g in guides if g.popular]
    others = [g for g in guides if not g.popular]
    for n, centre in enumerate(centres, start=1):
        by_line = {w.business_line.name: w for w in plan[centre.pk] if w.business_line_id}
        comprehensive = plan[centre.pk][-2]
        mandatory_missing = set(MANDATORY) - set(by_line)
        size = rng.randint(60, 120)
        chosen = [g for g in popular if g.line not in mandatory_missing]
        rng.shuffle(chosen)
        rest = [g for g in others if g.line not in mandatory_missing]
        chosen += rng.sample(rest, min(len(rest), max(0, size - len(chosen))))
        placed = [(g, by_line.get(g.line, comprehensive).pk) for g in chosen]
        lists += [CentreItem(centre=centre, item_id=g.item_id, window_id=w) for g, w in placed]
        people = per_centre[centre.pk]
        unit = Unit(
            number=n,
            centre_id=centre.pk,
            code=centre.township.code,
            director=people[0].pk,
            deputy=people[1].pk,
            clerks=[p.pk for p in people[2:]],
            window_clerks={w.pk: window_clerks[w.pk] for w in plan[centre.pk]},
            points=points_of.get(centre.pk, []),
            guides=placed,
            weight=rng.lognormvariate(0, 0.35),
        )
        # Zipf-like demand: the k-th item of the list is asked for about 1/k as often as the first.
        unit.weights = list(itertools.accumulate(1 / (k + 1) for k in range(len(placed))))
        units.append(unit)
    CentreItem.objects.bulk_create(lists, batch_size=5_000)
    written["implementation list lines"] = len(lists)
    total = sum(u.weight for u in units)
    for unit in units:
        unit.weight = unit.weight * len(units) / total
    return Org(
        units=units, admin_id=county_people[0].pk, inspector_ids=[p.pk for p in county_people[1:]], written=written
    )

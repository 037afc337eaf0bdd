"""Generated data for the annual assessment benchmark (``bench_assessment.py``, issue #9 point 5).

A county of 16 centres by default — or a province of 1,600 (``PROVINCE``) — with everything the
assessment's automatic items read for the year 2026 up to ``NOW`` (2026-11-25 10:00):

- the organisation: per centre a hall of 80–260㎡, the facilities checklist (each item present with
  probability 0.9), a service phone, duties and commitments (a few centres leave them blank), a
  director, a deputy and 5 clerks; windows of the 5 mandatory lines (about one centre in six misses
  one or two), one or two lines of "x", a comprehensive and a guidance window, each with its staff;
  8–17 villages per township (~200 for 16 centres), each with an agency point except in about a
  quarter of the townships, where one to three villages have none;
- the catalogue: 60 items with published guides (a few state no legal basis, no fee basis or no
  materials, so the disclosure check finds gaps) and per centre an implementation list of 40–55 of
  them, each at the window of its line;
- the cases: ``cases_per_centre_year`` per centre received in 2026 up to ``NOW`` (weekdays, office
  hours), plus the last two months of 2025 (so the year's bounds matter). Each case is made by
  ``reports_data._case`` — the monthly report benchmark's generator: 2 % refused, 1.5 % withdrawn,
  a 60/40 split of promised and immediate items, 94 % completed within the deadline, the rest late
  or still running past it at ``NOW``, 5 % suspended for a publicity period, 3 % extended;
- a 承诺件告知单 (``Notice`` kind ``promise``) for most accepted promised cases: 98 % of them, 88 %
  in one centre of eight; written with one ``INSERT … SELECT`` from the cases;
- monthly reports for every month due before ``NOW``: 85 % on time, 9 % late, 6 % never submitted,
  November a draft; each submitted report with its frozen version 1;
- complaints from ``reports_data.complaints`` (0–3 per centre-month), 3 % found 属实 (with the
  verification time), video-monitoring findings (0–5 per centre-year, 5 % annulled), press reports
  and bulletins (positive and negative, county to national level) — a handful per centre-year.

Organisation rows go through ``bulk_create`` and the catalogue services; the bulk tables through
``reports_data.Table`` (``executemany`` on SQLite, ``COPY`` on PostgreSQL). Deterministic: one
``random.Random`` per table from ``seed``.
"""

import json
import random
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from time import perf_counter

from bench import reports_data
from bench.reports_data import CHINA, NOW, Batch, Shape, Table, Unit

YEAR = NOW.year
OPTIONAL_LINES = ("社会救助", "涉农补贴", "林业", "国土", "农业", "社会保险")
HALLS = ((Decimal("85"), 1), (Decimal("120"), 3), (Decimal("160"), 5), (Decimal("210"), 5), (Decimal("260"), 2))


@dataclass(frozen=True)
class AssessmentShape(Shape):
    """The year ``YEAR`` up to ``NOW`` and the last ``history_months`` of the year before."""

    centres: int = 16
    years: int = 1
    cases_per_centre_year: int = 25_000
    last_year: int = YEAR
    last_month: int = NOW.month
    history_months: int = 2
    items: int = 60
    seed: int = 20181008

    @property
    def months(self) -> list[tuple[int, int]]:
        before = [(self.last_year - 1, 13 - k) for k in range(self.history_months, 0, -1)]
        return before + [(self.last_year, m) for m in range(1, self.last_month + 1)]

    @property
    def expected_cases(self) -> int:
        return self.centres * self.cases_per_centre_year

    def describe(self) -> str:
        return (
            f"{self.centres:,} centres, ~{self.cases_per_centre_year:,} cases per centre in {self.last_year} "
            f"(to {NOW:%Y-%m-%d}) + {self.history_months} months of {self.last_year - 1}, seed {self.seed}"
        )


COUNTY = AssessmentShape()
# A province: 1,600 townships. Cases are scaled to a tenth of the county's per centre (4 M in the
# year): the scoring's cost per centre (org, catalogue, reports, findings) is there in full, and the
# case aggregates run on a table ten times the county's; 40 M rows would take hours to generate.
PROVINCE = AssessmentShape(centres=1_600, cases_per_centre_year=2_500)


def elapsed_weekdays(year: int, month: int) -> list[date]:
    """Weekdays of the month before ``NOW``'s day (cases are received before ``NOW``)."""
    return [day for day in reports_data._weekdays(year, month) if day < NOW.date()]


def _moment(rng: random.Random, day: date) -> datetime:
    return reports_data._office(rng, day)


class Discard(list):
    """A list that keeps nothing: the ratings ``_case`` makes are not read by the assessment."""

    def append(self, _value) -> None:
        return None


class FastTable(Table):
    """``reports_data.Table`` with its per-value work done once per column: the same values written
    (datetimes in UTC to the second on SQLite, JSON as text), about twice as fast."""

    def _adapter(self, column: str) -> Callable:
        kind = self.kinds[column]
        if kind == "JSONField":
            return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
        if self.vendor == "sqlite" and kind == "DateTimeField":
            return lambda v: None if v is None else v.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "seconds")
        if self.vendor == "sqlite" and kind == "DateField":
            return lambda v: None if v is None else v.isoformat()
        return lambda v: v

    def _tuples(self, rows: Iterable[dict]) -> Iterator[tuple]:
        plan = [(c, self._adapter(c)) for c in self.columns]
        filled = [(c, adapt, adapt(self.defaults[c])) for c, adapt in plan]
        for row in rows:
            yield tuple(adapt(row[c]) if c in row else default for c, adapt, default in filled)


@contextmanager
def indexes_dropped(model, connection) -> Iterator[int]:
    """Drop the table's secondary (non-unique) indexes while it is bulk-loaded, then build them
    again from their own definitions: one sort per index instead of an insert per row and index.
    Enter it outside the loading transaction: PostgreSQL builds no index on a table with deferred
    foreign-key checks pending."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s",
                [table],
            )
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table])
        secondary = [(name, sql) for name, sql in cursor.fetchall() if sql and "UNIQUE" not in sql.upper()]
        for name, _sql in secondary:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield len(secondary)
    finally:
        with connection.cursor() as cursor:
            for _name, sql in secondary:
                cursor.execute(sql)


# --- the organisation and the catalogue ------------------------------------------------------------


@dataclass
class Org:
    units: list[Unit]
    items: dict[int, list[tuple[int, int, str, str, int]]]  # centre → its implementation list, as cases use it
    admin_id: int
    clerks: dict[int, list[int]] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)


def _catalogue(shape: AssessmentShape, rng: random.Random, lines: dict) -> list:
    """``shape.items`` items with published guides; a few with disclosure gaps."""
    from bianmin.catalogue import services as catalogue

    names = list(reports_data.LINES) + list(OPTIONAL_LINES)
    versions = []
    for i in range(shape.items):
        immediate = i % 5 < 2
        charged = i % 15 == 7
        version = catalogue.item_create(
            code=f"ASMT-{i:03d}",
            business_line=lines[names[i % len(names)]],
            aliases="",
            guide={
                "name": f"考核基准事项{i + 1}",
                "item_type": "public_service",
                "department": "便民服务中心",
                "handling_type": "immediate" if immediate else "promised",
                "statutory_limit_days": 0 if immediate else 20,
                "promised_limit_days": 0 if immediate else rng.choice((5, 10, 15)),
                "legal_basis": "" if i % 17 == 3 else "《社会救助暂行办法》第十一条",
                "conditions": "本乡镇户籍居民",
                "procedure": "受理\n审核\n办结",
                "is_free": not charged,
                "fees": "工本费10元" if charged else "",
                "fee_basis": "" if charged and i % 2 else ("赣发改收费字〔2018〕1号" if charged else ""),
                "visits": 1,
                "agency_allowed": True,
            },
            actor=None,
        )
        if i % 29 != 11:  # one item in 29 lists no materials (申报资料 not disclosed)
            catalogue.materials_replace(
                version=version, rows=[{"name": "居民身份证", "form": "original", "copies": 1, "required": True}]
            )
        versions.append(catalogue.version_publish(version=version, actor=None))
    return versions


def build_org(shape: AssessmentShape) -> Org:
    from bianmin.catalogue.models import CentreItem
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

    rng = random.Random(shape.seed)
    written: dict[str, int] = {}
    lines = {line.name: line for line in BusinessLine.objects.all()}
    mandatory = [line for line in reports_data.LINES]
    versions = _catalogue(shape, rng, lines)
    admin = Staff.objects.create(name="县管委会管理员", role=Role.COUNTY_ADMIN)

    # Counties of 16 townships each (a province is a hundred counties): codes stay 12 digits.
    counties = Region.objects.bulk_create(
        Region(code=f"36{c:04d}", name=f"基准{c + 1}县", level=RegionLevel.COUNTY, kind="county")
        for c in range((shape.centres + 15) // 16)
    )
    towns = Region.objects.bulk_create(
        Region(
            code=f"{counties[n // 16].code}{100 + n % 16:03d}",
            name=f"基准{n + 1}镇",
            level=RegionLevel.TOWNSHIP,
            kind="town",
            parent=counties[n // 16],
        )
        for n in range(shape.centres)
    )
    halls = [area for area, weight in HALLS for _ in range(weight)]
    centres = []
    for n, town in enumerate(towns):
        blank = rng.random() < 0.1  # a few centres have not written their duties and commitments
        centres.append(
            Centre(
                township=town,
                name=f"{town.name}便民服务中心",
                address=f"{town.name}政府大院",
                opening_hours="周一至周五 8:30-11:30 14:30-17:30",
                service_phone="" if rng.random() < 0.05 else f"0793-22{n % 100_000:05d}",
                complaint_phone=f"0793-23{n % 100_000:05d}",
                hall_area=rng.choice(halls),
                commitments="" if blank else "一次告知\n限时办结",
                duties="" if blank else "受理、办理群众申办事项\n代办点业务指导",
                **{code: rng.random() < 0.9 for code in _facility_codes()},
            )
        )
    centres = Centre.objects.bulk_create(centres)
    written["centres"] = len(centres)

    staff = []
    for n, centre in enumerate(centres):
        staff.append(Staff(name=f"主任{n}", role=Role.CENTRE_DIRECTOR, centre=centre, position="党委委员"))
        staff.append(Staff(name=f"副主任{n}", role=Role.CENTRE_DIRECTOR, centre=centre, position="专职副主任"))
        staff += [Staff(name=f"窗口{n}-{k}", role=Role.CLERK, centre=centre, post="窗口") for k in range(5)]
    staff = Staff.objects.bulk_create(staff)
    written["staff"] = len(staff)
    per_centre = {centre.pk: staff[7 * n : 7 * n + 7] for n, centre in enumerate(centres)}
    for centre in centres:
        people = per_centre[centre.pk]
        centre.director, centre.deputy = people[0], people[1]
    Centre.objects.bulk_update(centres, ["director", "deputy"], batch_size=500)

    windows, plan = [], {}
    for centre in centres:
        present = list(mandatory)
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
    links = []
    for centre in centres:
        clerks = per_centre[centre.pk][2:]
        for k, window in enumerate(plan[centre.pk]):
            links.append(through(window_id=window.pk, staff_id=clerks[k % len(clerks)].pk))
    through.objects.bulk_create(links, batch_size=5_000)

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
    uncovered: set[int] = set()
    by_town: dict[int, list[Region]] = {}
    for village in villages:
        by_town.setdefault(village.parent_id, []).append(village)
    for town in towns:
        if rng.random() < 0.25:
            uncovered.update(v.pk for v in rng.sample(by_town[town.pk], rng.randint(1, 3)))
    points = [
        AgencyPoint(
            village=village,
            centre=centre,
            name=f"{village.name}便民服务代办点",
            area=Decimal(rng.choice((25, 35, 40, 60))),
            **{code: rng.random() < 0.85 for code in _point_codes()},
        )
        for village, centre in zip(villages, owners, strict=True)
        if village.pk not in uncovered
    ]
    points = AgencyPoint.objects.bulk_create(points, batch_size=2_000)
    written["agency points"] = len(points)
    points_of: dict[int, list[int]] = {}
    for point in points:
        points_of.setdefault(point.centre_id, []).append(point.pk)

    units, items, lists = [], {}, []
    for centre in centres:
        chosen = rng.sample(versions, rng.randint(40, min(55, len(versions))))
        by_line = {w.business_line_id: w for w in plan[centre.pk] if w.business_line_id}
        comprehensive = plan[centre.pk][-2]
        for version in chosen:
            window = by_line.get(version.item.business_line_id, comprehensive)
            lists.append(CentreItem(centre=centre, item_id=version.item_id, window=window))
        items[centre.pk] = [(v.item_id, v.pk, v.name, v.handling_type, v.promised_limit_days) for v in chosen]
        people = per_centre[centre.pk]
        resident = [w.pk for w in plan[centre.pk][:-2]]
        units.append(
            Unit(
                centre.pk,
                resident,
                points_of.get(centre.pk) or [None],
                [people[0].pk] + [p.pk for p in people[2:]],
                weight=rng.uniform(0.5, 1.5),
            )
        )
    CentreItem.objects.bulk_create(lists, batch_size=5_000)
    written["implementation list lines"] = len(lists)
    total = sum(u.weight for u in units)
    for unit in units:
        unit.weight = unit.weight * len(units) / total
    return Org(units=units, items=items, admin_id=admin.pk, written=written)


def _facility_codes() -> list[str]:
    from bianmin.org.facilities import CENTRE_FACILITIES

    return [item.code for item in CENTRE_FACILITIES]


def _point_codes() -> list[str]:
    from bianmin.org.facilities import AGENCY_POINT_FACILITIES

    return [item.code for item in AGENCY_POINT_FACILITIES]


# --- the bulk tables ---------------------------------------------------------------------------------


def cases(shape: AssessmentShape, org: Org, batch: Batch, progress: Callable[[str], None]) -> Iterator[dict]:
    """``reports_data._case`` for each case, the centre's own implementation list as the items."""
    rng = random.Random(shape.seed + 1)
    months = [(y, m, elapsed_weekdays(y, m)) for y, m in shape.months]
    in_year = sum(len(days) for y, _m, days in months if y == shape.last_year)
    pk = 0
    for year, month, days in months:
        share = len(days) / in_year
        for unit in org.units:
            n = round(shape.cases_per_centre_year * share * unit.weight * rng.uniform(0.85, 1.15))
            for _ in range(n):
                pk += 1
                row = reports_data._case(pk, rng, unit, org.items[unit.centre_id], days, batch)
                if row["agency_point_id"] is None and row["channel"] == "agency":
                    row["channel"] = "window"  # a township without any point
                yield row
        progress(f"{year}-{month:02d}: {pk:,} cases")


NOTICES_SQL = """INSERT INTO cases_notice (case_id, kind, number, issued_at, issued_by_id, data, html)
SELECT c.id, 'promise', 'CN' || c.id, c.accepted_at, c.handler_id, '{}', '<p>承诺件告知单</p>'
FROM cases_case c
WHERE c.handling_type = 'promised' AND c.accepted_at IS NOT NULL
  AND c.id % 100 >= CASE WHEN c.centre_id % 8 = 3 THEN 12 ELSE 2 END"""


def monthly_reports(shape: AssessmentShape, org: Org, versions: list[dict]) -> Iterator[dict]:
    from bianmin.cases.months import Month
    from bianmin.reports.selectors import Deadlines

    rng = random.Random(shape.seed + 5)
    deadline = Deadlines()
    pk = 0
    for year, month in shape.months:
        due = deadline(Month(year, month))
        for unit in org.units:
            first = date(year, month, 1)
            director = unit.staff[0]
            if due >= NOW.date():  # not due yet: a draft
                pk += 1
                yield {"id": pk, "centre_id": unit.centre_id, "month": first, "status": "draft", "version": 1}
                continue
            roll = rng.random()
            if roll < 0.06:
                continue  # never submitted
            late = roll < 0.15
            if late:
                day = due + timedelta(days=rng.randint(1, 12))
            else:
                end = date(year + month // 12, month % 12 + 1, 1)
                day = end + timedelta(days=rng.randint(0, max((due - end).days, 0)))
            at = datetime.combine(day, time(rng.randint(8, 17), rng.randrange(60)), tzinfo=CHINA)
            pk += 1
            yield {
                "id": pk,
                "centre_id": unit.centre_id,
                "month": first,
                "status": "submitted",
                "version": 2,
                "summary": "本月工作总结。",
                "submissions": 1,
                "first_submitted_at": at,
                "submitted_at": at,
                "submitted_by_id": director,
                "deadline": due,
                "on_time": not late,
            }
            versions.append(
                {
                    "report_id": pk,
                    "number": 1,
                    "figures": {"received": 0},
                    "summary": "本月工作总结。",
                    "compiled_at": at,
                    "submitted_at": at,
                    "submitted_by_id": director,
                    "on_time": not late,
                }
            )


def complaints(shape: AssessmentShape, org: Org) -> Iterator[dict]:
    """``reports_data.complaints``, with 3 % (not 20 %) found 属实 and their verification time."""
    rng = random.Random(shape.seed + 6)
    for row in reports_data.complaints(shape, org.units):
        if row["submitted_at"] >= NOW - timedelta(days=3):
            continue
        if row["verdict"] == "substantiated" and rng.random() < 0.85:
            row["verdict"] = "unsubstantiated"
        row["verified_at"] = row["closed_at"] - timedelta(hours=2)
        row["verified_by_id"] = org.admin_id
        row["investigation"] = "经调查核实。"
        yield row


def _year_days(shape: AssessmentShape) -> list[date]:
    return [day for y, m in shape.months for day in elapsed_weekdays(y, m)]


FINDING_KINDS = (("absent", 40, "1"), ("unrelated", 25, "2"), ("chatting", 25, "1"), ("other", 10, "0"))


def findings(shape: AssessmentShape, org: Org) -> Iterator[dict]:
    rng = random.Random(shape.seed + 7)
    days = _year_days(shape)
    kinds, weights = [k[0] for k in FINDING_KINDS], [k[1] for k in FINDING_KINDS]
    deduction = {k: Decimal(d) for k, _w, d in FINDING_KINDS}
    for unit in org.units:
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 4, 5))):
            kind = rng.choices(kinds, weights)[0]
            seen = _moment(rng, rng.choice(days))
            annulled = rng.random() < 0.05
            yield {
                "centre_id": unit.centre_id,
                "window_id": rng.choice(unit.windows),
                "staff_id": rng.choice(unit.staff[1:]),
                "kind": kind,
                "observed_at": seen,
                "description": "视频监控发现。",
                "deduction": deduction[kind],
                "recorded_by_id": org.admin_id,
                "recorded_at": min(seen + timedelta(days=1), NOW),
                "annulled_at": min(seen + timedelta(days=2), NOW) if annulled else None,
                "annulled_by_id": org.admin_id if annulled else None,
                "annul_reason": "误录,重复登记" if annulled else "",
            }


LEVELS = (("county", 50), ("city", 30), ("province", 15), ("national", 5))


def press_reports(shape: AssessmentShape, org: Org) -> Iterator[dict]:
    rng = random.Random(shape.seed + 8)
    days = _year_days(shape)
    levels, weights = [lv[0] for lv in LEVELS], [lv[1] for lv in LEVELS]
    for unit in org.units:
        tones = ["positive"] * rng.choice((0, 0, 0, 1, 1, 2, 3)) + ["negative"] * (rng.random() < 0.06)
        for tone in tones:
            day = rng.choice(days)
            yield {
                "centre_id": unit.centre_id,
                "tone": tone,
                "level": rng.choices(levels, weights)[0],
                "outlet": "上饶日报",
                "title": "便民服务见实效" if tone == "positive" else "窗口工作时间无人",
                "published_on": day,
                "recorded_by_id": org.admin_id,
                "recorded_at": min(_moment(rng, day) + timedelta(days=2), NOW),
            }


def bulletins(shape: AssessmentShape, org: Org) -> Iterator[dict]:
    rng = random.Random(shape.seed + 9)
    days = _year_days(shape)
    levels, weights = [lv[0] for lv in LEVELS], [lv[1] for lv in LEVELS]
    n = 0
    for unit in org.units:
        outcomes = ["praise"] * rng.choice((0, 0, 0, 1, 1, 2, 3)) + ["criticism"] * (rng.random() < 0.08)
        for outcome in outcomes:
            n += 1
            day = rng.choice(days)
            yield {
                "centre_id": unit.centre_id,
                "outcome": outcome,
                "level": rng.choices(levels, weights)[0],
                "issuer": "上饶市行政审批局",
                "reference": f"饶审批字〔{day.year}〕{n}号",
                "title": "通报表扬" if outcome == "praise" else "通报批评",
                "issued_on": day,
                "recorded_by_id": org.admin_id,
                "recorded_at": min(_moment(rng, day) + timedelta(days=2), NOW),
            }


# --- all of it ---------------------------------------------------------------------------------------


def generate(shape: AssessmentShape, progress: Callable[[str], None] = print) -> dict[str, tuple[int, float]]:
    """Write the whole data set into the default database (schema migrated); {table: (rows, seconds)}."""
    from auditlog.context import disable_auditlog
    from django.db import connection, transaction

    from bianmin.cases.models import Case, CaseEvent, Notice, Suspension
    from bianmin.reports.models import MonthlyReport, MonthlyReportVersion
    from bianmin.supervision.models import Bulletin, Complaint, MonitoringFinding, PressReport

    written: dict[str, tuple[int, float]] = {}

    def note(name: str, rows: int, begin: float) -> None:
        seconds = perf_counter() - begin
        written[name] = (rows, seconds)
        progress(f"{name}: {rows:,} rows in {seconds:.1f} s ({rows / max(seconds, 1e-9):,.0f} rows/s)")

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
    begin = perf_counter()
    with disable_auditlog(), transaction.atomic():
        org = build_org(shape)
    note("organisation and catalogue", sum(org.written.values()), begin)
    progress("  " + ", ".join(f"{k} {v:,}" for k, v in org.written.items()))

    batch = Batch(events=[], suspensions=[], ratings=Discard())
    begin = perf_counter()
    with indexes_dropped(Case, connection), transaction.atomic():  # rebuilt after the commit's FK checks
        rows = FastTable(Case, connection, explicit_ids=True).write(cases(shape, org, batch, progress))
    reports_data.reset_sequence(connection, Case)
    note("cases_case (indexes built after)", rows, begin)

    begin = perf_counter()
    with indexes_dropped(Notice, connection), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(NOTICES_SQL)
        rows = cursor.rowcount
    note("cases_notice (INSERT … SELECT, indexes built after)", rows, begin)

    versions: list[dict] = []
    tables = (
        (CaseEvent, False, lambda: batch.events),
        (Suspension, False, lambda: batch.suspensions),
        (MonthlyReport, True, lambda: monthly_reports(shape, org, versions)),
        (MonthlyReportVersion, False, lambda: versions),
        (Complaint, False, lambda: complaints(shape, org)),
        (MonitoringFinding, False, lambda: findings(shape, org)),
        (PressReport, False, lambda: press_reports(shape, org)),
        (Bulletin, False, lambda: bulletins(shape, org)),
    )
    for model, explicit, rows_of in tables:
        begin = perf_counter()
        with transaction.atomic():
            rows = FastTable(model, connection, explicit_ids=explicit).write(rows_of())
        if explicit:
            reports_data.reset_sequence(connection, model)
        note(model._meta.db_table, rows, begin)
    return written

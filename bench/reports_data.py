"""Generated county-scale data for the monthly report benchmark (``bench_reports.py``).

16 centres × 5 years ≈ 2,000,000 cases by default, plus what a centre-month's report also reads:
the case events of refusals and withdrawals, suspensions, consultations, ratings, complaints and
attendance. Organisation and catalogue rows (centres, windows, agency points, staff, published
items) are made through the ORM and the catalogue services; the bulk tables are written directly —
``executemany`` on SQLite, ``COPY`` on PostgreSQL — into the schema the migrations created, with
every column of the model filled (defaults for the ones the generator does not set).

Deterministic: one ``random.Random(seed)``. Times are in office hours on weekdays (holidays are not
skipped: the figures do not depend on them). Every case is received before ``NOW`` and its later
steps happen before ``NOW`` too, or have not happened yet (still open).
"""

import json
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=CHINA)
CHUNK = 20_000
LINES = ("民政", "劳动保障", "卫计", "医疗保险", "综治信访")


@dataclass(frozen=True)
class Shape:
    centres: int = 16
    years: int = 5
    cases_per_centre_year: int = 25_000
    last_year: int = 2026
    last_month: int = 10  # the last full month before NOW
    seed: int = 20181008

    @property
    def months(self) -> list[tuple[int, int]]:
        months = [(self.last_year, self.last_month)]
        while len(months) < self.years * 12:
            y, m = months[-1]
            months.append((y - 1, 12) if m == 1 else (y, m - 1))
        return months[::-1]

    @property
    def expected_cases(self) -> int:
        return self.centres * self.years * self.cases_per_centre_year

    def describe(self) -> str:
        first, last = self.months[0], self.months[-1]
        return (
            f"{self.centres} centres × {self.years} years ({first[0]}-{first[1]:02d}..{last[0]}-{last[1]:02d}), "
            f"~{self.cases_per_centre_year:,} cases per centre-year, seed {self.seed}"
        )


# --- writing rows ----------------------------------------------------------------------------------


class Table:
    """Bulk rows for one model: every concrete column, defaults where the generator gives none."""

    def __init__(self, model, connection, *, explicit_ids: bool = False) -> None:
        self.model = model
        self.connection = connection
        self.vendor = connection.vendor
        # Without explicit ids the id column is left out, so the database numbers the rows.
        self.fields = [f for f in model._meta.concrete_fields if explicit_ids or not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.defaults = {f.column: self._default(f) for f in self.fields}
        self.kinds = {f.column: f.get_internal_type() for f in self.fields}

    def _default(self, field):
        if field.primary_key:
            return None
        if field.has_default():
            return field.get_default()
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return NOW
        if field.null:
            return None
        if field.get_internal_type() in ("CharField", "TextField", "SlugField", "FileField", "ImageField"):
            return ""
        return None

    def _adapt(self, column: str, value):
        if value is None:
            return None
        kind = self.kinds[column]
        if kind == "JSONField":
            return json.dumps(value, ensure_ascii=False)
        if self.vendor == "sqlite":
            if kind == "DateTimeField":
                return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
            if kind == "DateField":
                return value.isoformat()
        return value

    def _tuples(self, rows: Iterable[dict]) -> Iterator[tuple]:
        defaults, columns, adapt = self.defaults, self.columns, self._adapt
        for row in rows:
            yield tuple(adapt(c, row[c] if c in row else defaults[c]) for c in columns)

    def write(self, rows: Iterable[dict]) -> int:
        table = self.model._meta.db_table
        count = 0
        with self.connection.cursor() as wrapper:
            raw = wrapper.cursor
            if self.vendor == "postgresql":
                names = ", ".join(f'"{c}"' for c in self.columns)
                with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for values in self._tuples(rows):
                        copy.write_row(values)
                        count += 1
            else:
                names = ", ".join(f'"{c}"' for c in self.columns)
                marks = ", ".join("?" for _ in self.columns)
                sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608 - model's own columns
                batch = []
                for values in self._tuples(rows):
                    batch.append(values)
                    if len(batch) >= CHUNK:
                        raw.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    raw.executemany(sql, batch)
                    count += len(batch)
        return count


def reset_sequence(connection, model) -> None:
    """After writing explicit ids on PostgreSQL, move the id sequence past them."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


# --- the organisation and the catalogue ------------------------------------------------------------


@dataclass
class Unit:
    centre_id: int
    windows: list[int]
    points: list[int]
    staff: list[int]
    weight: float


def build_county(shape: Shape) -> tuple[list[Unit], list[tuple[int, int, str, str, int]]]:
    """Centres (each 5 windows, 3 agency points, a director and 4 clerks) and 40 published items:
    (item id, guide id, name, handling type, limit days)."""
    from decimal import Decimal

    from bianmin.catalogue import services as catalogue
    from bianmin.core.roles import Role
    from bianmin.org.models import AgencyPoint, BusinessLine, Centre, Region, RegionLevel, Staff, Window

    rng = random.Random(shape.seed)
    lines = {line.name: line for line in BusinessLine.objects.filter(name__in=LINES)}
    county = Region.objects.create(code="361123", name="玉山县", level=RegionLevel.COUNTY, kind="county")
    units = []
    for n in range(shape.centres):
        town = Region.objects.create(
            code=f"361123{100 + n:03d}", name=f"基准{n + 1}镇", level=RegionLevel.TOWNSHIP, kind="town", parent=county
        )
        centre = Centre.objects.create(township=town, name=f"基准{n + 1}镇便民服务中心", hall_area=Decimal("200"))
        windows = [
            Window.objects.create(centre=centre, number=i + 1, name=f"{name}窗口", business_line=lines[name]).pk
            for i, name in enumerate(LINES)
        ]
        points = []
        for v in range(3):
            village = Region.objects.create(
                code=f"{town.code}{200 + v:03d}",
                name=f"{town.name}{v + 1}村",
                level=RegionLevel.VILLAGE,
                kind="village",
                parent=town,
            )
            points.append(AgencyPoint.objects.create(village=village, centre=centre, name=f"{village.name}代办点").pk)
        staff = [Staff.objects.create(name=f"主任{n}", role=Role.CENTRE_DIRECTOR, centre=centre).pk]
        staff += [Staff.objects.create(name=f"窗口{n}-{k}", role=Role.CLERK, centre=centre).pk for k in range(4)]
        units.append(Unit(centre.pk, windows, points, staff, weight=rng.uniform(0.5, 1.5)))
    total = sum(u.weight for u in units)
    for unit in units:
        unit.weight = unit.weight * len(units) / total
    items = []
    for i in range(40):
        immediate = i % 5 < 2
        version = catalogue.item_create(
            code=f"BENCH-{i:03d}",
            business_line=lines[LINES[i % len(LINES)]],
            aliases="",
            guide={
                "name": f"基准事项{i + 1}",
                "item_type": "public_service",
                "department": "便民服务中心",
                "handling_type": "immediate" if immediate else "promised",
                "statutory_limit_days": 0 if immediate else 20,
                "promised_limit_days": 0 if immediate else rng.choice((5, 10, 15)),
                "legal_basis": "",
                "conditions": "",
                "procedure": "受理\n办结",
                "is_free": True,
                "visits": 1,
                "agency_allowed": True,
            },
            actor=None,
        )
        catalogue.materials_replace(
            version=version, rows=[{"name": "居民身份证", "form": "original", "copies": 1, "required": True}]
        )
        version = catalogue.version_publish(version=version, actor=None)
        items.append((version.item_id, version.pk, version.name, version.handling_type, version.promised_limit_days))
    return units, items


# --- the bulk tables ---------------------------------------------------------------------------------

OFFICE = ((8 * 60 + 30, 11 * 60 + 30), (14 * 60 + 30, 17 * 60 + 30))


def _weekdays(year: int, month: int) -> list[date]:
    day, days = date(year, month, 1), []
    while day.month == month:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _office(rng: random.Random, day: date) -> datetime:
    start, end = OFFICE[rng.random() < 0.45]
    minute = rng.randrange(start, end)
    return datetime.combine(day, time(minute // 60, minute % 60, rng.randrange(60)), tzinfo=CHINA)


def _end_of(moment: datetime) -> datetime:
    return datetime.combine(moment.astimezone(CHINA).date(), time(23, 59, 59), tzinfo=CHINA)


@dataclass
class Batch:
    """What generating the cases leaves for the other tables."""

    events: list[dict]
    suspensions: list[dict]
    ratings: list[dict]


def cases(shape: Shape, units: list[Unit], items, batch: Batch, progress: Callable[[str], None]) -> Iterator[dict]:
    rng = random.Random(shape.seed + 1)
    pk = 0
    for year, month in shape.months:
        days = _weekdays(year, month)
        for unit in units:
            n = int(shape.cases_per_centre_year / 12 * unit.weight * rng.uniform(0.85, 1.15))
            for _ in range(n):
                pk += 1
                yield _case(pk, rng, unit, items, days, batch)
        progress(f"{year}-{month:02d}: {pk:,} cases")


def _case(pk: int, rng: random.Random, unit: Unit, items, days: list[date], batch: Batch) -> dict:
    item_id, guide_id, name, handling, limit = items[rng.randrange(len(items))]
    received = _office(rng, rng.choice(days))
    roll = rng.random()
    channel = "agency" if roll < 0.2 else "window" if roll < 0.85 else "online" if roll < 0.95 else "phone"
    clerk = rng.choice(unit.staff[1:])
    row = {
        "id": pk,
        "receipt_number": f"B{unit.centre_id:02d}-{pk:09d}",
        "public_code": f"{pk % 100_000_000:08d}",
        "item_id": item_id,
        "guide_id": guide_id,
        "item_name": name,
        "handling_type": handling,
        "limit_days": limit,
        "centre_id": unit.centre_id,
        "window_id": rng.choice(unit.windows),
        "agency_point_id": rng.choice(unit.points) if channel == "agency" else None,
        "channel": channel,
        "applicant_name": "张三",
        "id_number": "361123198001010016",
        "phone": "13812345678",
        "first_responder_id": clerk,
        "handler_id": clerk,
        "received_at": received,
        "created_at": received,
        "version": 3,
    }
    fate = rng.random()
    if fate < 0.02:  # 不予受理
        closed = received + timedelta(hours=1)
        row["status"] = "not_accepted" if closed < NOW else "received"
        if closed < NOW:
            batch.events.append(_event(pk, "refuse_acceptance", "received", "not_accepted", closed))
        return row
    accepted = received + timedelta(minutes=rng.randrange(5, 120)) + timedelta(days=1 if channel == "agency" else 0)
    if accepted >= NOW:
        row["status"] = "in_transfer" if channel == "agency" else "received"
        return row
    row["accepted_at"] = accepted
    due = _end_of(accepted) if handling == "immediate" else _end_of(accepted + timedelta(days=round(limit * 1.4)))
    if fate < 0.035:  # 撤回 after acceptance
        withdrawn = accepted + timedelta(days=rng.uniform(0.1, 3))
        if withdrawn < NOW:
            batch.events.append(_event(pk, "withdraw", "handling", "withdrawn", withdrawn))
            row.update(status="withdrawn", due_at=due)
            return row
    if handling == "promised" and rng.random() < 0.05:  # 挂起 for a special procedure
        began = accepted + timedelta(days=1)
        ended = began + timedelta(days=7)
        batch.suspensions.append(
            {
                "case_id": pk,
                "kind": "publicity",
                "reason": "公示七天",
                "began_at": began,
                "ended_at": ended if ended < NOW else None,
                "days": 5 if ended < NOW else 0,
            }
        )
        if ended >= NOW:
            row.update(status="suspended", due_at=due)
            return row
        row["suspended_days"] = 5
        due += timedelta(days=7)
    if handling == "promised" and rng.random() < 0.03:  # 延期 approved
        row["extended_days"] = 5
        due += timedelta(days=7)
    row["due_at"] = due
    if rng.random() < 0.94:
        completed = accepted + (due - accepted) * rng.uniform(0.0, 0.95) if handling == "promised" else accepted
    else:
        completed = due + timedelta(days=rng.uniform(0.1, 10))
    if completed >= NOW:
        row["status"] = "handling"
        return row
    row.update(completed_at=completed, result="approved" if rng.random() < 0.97 else "refused")
    delivered = completed + timedelta(days=rng.uniform(0, 3))
    if delivered < NOW and rng.random() < 0.95:
        row.update(status="delivered", delivered_at=delivered, delivery_method="collected")
    else:
        row["status"] = "completed"
    if rng.random() < 0.10 and completed + timedelta(days=1) < NOW:
        levels = rng.choices((5, 4, 3, 2, 1), weights=(60, 25, 10, 3, 2))[0]
        batch.ratings.append(
            {
                "case_id": pk,
                "centre_id": unit.centre_id,
                "window_id": row["window_id"],
                "overall": levels,
                "efficiency": levels,
                "attitude": levels,
                "guide_accuracy": levels,
                "rated_at": completed + timedelta(days=1),
                "comment": "" if levels > 2 else "等待时间较长",
            }
        )
    return row


def _event(case_id: int, action: str, source: str, target: str, at: datetime) -> dict:
    return {"case_id": case_id, "action": action, "from_status": source, "to_status": target, "at": at, "data": {}}


def consultations(shape: Shape, units: list[Unit]) -> Iterator[dict]:
    rng = random.Random(shape.seed + 2)
    for year, month in shape.months:
        days = _weekdays(year, month)
        for unit in units:
            for _ in range(int(shape.cases_per_centre_year / 12 * 0.15 * unit.weight)):
                asked = _office(rng, rng.choice(days))
                at_point = rng.random() < 0.3
                yield {
                    "centre_id": unit.centre_id,
                    "agency_point_id": rng.choice(unit.points) if at_point else None,
                    "asked_at": asked,
                    "visitor_name": "李四",
                    "channel": "agency" if at_point else "window",
                    "question": "咨询办事条件",
                    "first_responder_id": rng.choice(unit.staff[1:]),
                    "state": "closed",
                    "closed_at": asked + timedelta(minutes=20),
                }


def complaints(shape: Shape, units: list[Unit]) -> Iterator[dict]:
    rng = random.Random(shape.seed + 3)
    n = 0
    for year, month in shape.months:
        days = _weekdays(year, month)
        for unit in units:
            for _ in range(rng.randrange(0, 4)):
                n += 1
                submitted = _office(rng, rng.choice(days))
                yield {
                    "code": f"C{n:07d}",
                    "channel": "phone",
                    "category": rng.choice(("attitude", "efficiency", "quality")),
                    "centre_id": unit.centre_id,
                    "content": "窗口工作人员态度不好,等待时间较长。",
                    "status": "closed",
                    "submitted_at": submitted,
                    "closed_at": submitted + timedelta(days=3),
                    "verdict": "substantiated" if rng.random() < 0.2 else "unsubstantiated",
                }


def attendance(shape: Shape, units: list[Unit]) -> Iterator[dict]:
    rng = random.Random(shape.seed + 4)
    for year, month in shape.months:
        for day in _weekdays(year, month):
            for unit in units:
                for staff in unit.staff:
                    if rng.random() < 0.04:
                        continue  # on leave
                    late = rng.random() < 0.05
                    signed_in = datetime.combine(day, time(9 if late else 8, rng.randrange(0, 30)), tzinfo=CHINA)
                    yield {
                        "staff_id": staff,
                        "centre_id": unit.centre_id,
                        "day": day,
                        "window_id": unit.windows[unit.staff.index(staff) % len(unit.windows)],
                        "signed_in_at": signed_in,
                        "signed_out_at": datetime.combine(day, time(17, 30 + rng.randrange(0, 30)), tzinfo=CHINA),
                        "updated_at": signed_in,
                    }


def generate(shape: Shape, progress: Callable[[str], None] = print) -> dict[str, int]:
    """Write the whole data set into the default database (its schema already migrated)."""
    from django.db import connection, transaction

    from bianmin.cases.models import Case, CaseEvent, Consultation, Suspension
    from bianmin.operations.models import Attendance
    from bianmin.supervision.models import Complaint, Rating

    written: dict[str, int] = {}
    with transaction.atomic():
        units, items = build_county(shape)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
    batch = Batch(events=[], suspensions=[], ratings=[])
    with transaction.atomic():
        written["cases"] = Table(Case, connection, explicit_ids=True).write(cases(shape, units, items, batch, progress))
    reset_sequence(connection, Case)
    for model, rows in (
        (CaseEvent, batch.events),
        (Suspension, batch.suspensions),
        (Rating, batch.ratings),
        (Consultation, consultations(shape, units)),
        (Complaint, complaints(shape, units)),
        (Attendance, attendance(shape, units)),
    ):
        with transaction.atomic():
            written[model._meta.db_table] = Table(model, connection).write(rows)
        progress(f"{model._meta.db_table}: {written[model._meta.db_table]:,} rows")
    return written

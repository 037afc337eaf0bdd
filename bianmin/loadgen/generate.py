"""Generate a whole county or province into the default database (empty, migrated).

Order: the calendar (``seed_calendar``), the catalogue, the organisation and its logins (through
the ORM's ``bulk_create``); then month by month the cases with their events, checklists, notices,
suspensions, extensions, hand-overs, ratings and rectifications (``COPY`` on PostgreSQL,
``executemany`` on SQLite, secondary indexes built once at the end), the 承诺件告知单 with one
``INSERT … SELECT``, the receipt-number counters (so new intakes continue the numbering); then
consultations, complaints, attendance, centre logs, monthly reports and oversight records; last,
the planner statistics (``VACUUM ANALYZE`` / ``ANALYZE``, what autovacuum does on a live server).

Deterministic for a given shape (seed and "now"): one ``random.Random`` per kind of record.
"""

import io
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from time import perf_counter

from bianmin.loadgen.shape import Shape
from bianmin.loadgen.writer import Table, indexes_dropped, reset_sequence

# Most accepted 承诺件 get their notice; one centre in eight is careless (the assessment finds it).
PROMISE_NOTICES_SQL = """INSERT INTO cases_notice (case_id, kind, number, issued_at, issued_by_id, data, html)
SELECT c.id, 'promise', 'CN' || c.id, c.accepted_at, c.handler_id, '{}', ''
FROM cases_case c
WHERE c.handling_type = 'promised' AND c.accepted_at IS NOT NULL
  AND c.id % 100 >= CASE WHEN c.centre_id % 8 = 3 THEN 12 ELSE 2 END"""

HISTORY = (
    "cases",
    "events",
    "materials",
    "notices",
    "suspensions",
    "extensions",
    "handovers",
    "ratings",
    "rectifications",
)


@dataclass
class Step:
    name: str
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class Written:
    steps: list[Step] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)  # db table → rows

    @property
    def rows(self) -> int:
        return sum(step.rows for step in self.steps)

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)

    def as_json(self) -> dict:
        return {"steps": [[s.name, s.rows, s.seconds] for s in self.steps], "tables": self.tables}

    @classmethod
    def from_json(cls, data: dict) -> "Written":
        return cls([Step(*row) for row in data.get("steps", [])], dict(data.get("tables", {})))


def names(seed: int):
    from bianmin.loadgen.org import _names

    return _names(random.Random(seed))


def is_empty() -> bool:
    from bianmin.cases.models import Case
    from bianmin.org.models import Centre

    return not (Centre.objects.exists() or Case.objects.exists())


def run(shape: Shape, *, password: str | None = None, progress: Callable[[str], None] = print) -> Written:
    from auditlog.context import disable_auditlog
    from django.core.management import call_command
    from django.db import connection, transaction

    from bianmin.cases.models import (
        Case,
        CaseEvent,
        CaseMaterial,
        Consultation,
        Extension,
        Handover,
        Notice,
        ReceiptCounter,
        Suspension,
    )
    from bianmin.loadgen import catalogue, org, records
    from bianmin.loadgen.cases import CaseMaker
    from bianmin.operations.models import Attendance, CentreLog, Leave
    from bianmin.reports.models import MonthlyReport, MonthlyReportVersion
    from bianmin.supervision.models import (
        Bulletin,
        Complaint,
        Inspection,
        MonitoringFinding,
        PressReport,
        Rating,
        Rectification,
    )
    from bianmin.workcalendar.selectors import load_calendar

    if not is_empty():
        raise ValueError("the database already holds centres or cases")
    written = Written()

    def note(name: str, rows: int, begin: float) -> None:
        step = Step(name, rows, perf_counter() - begin)
        written.steps.append(step)
        progress(f"{name}: {rows:,} 行, {step.seconds:.1f} 秒({step.rate:,.0f} 行/秒)")

    def write(model, rows: Iterable[dict], *, explicit_ids: bool = False) -> int:
        count = Table(model, connection, explicit_ids=explicit_ids, now=shape.now).write(rows)
        written.tables[model._meta.db_table] = written.tables.get(model._meta.db_table, 0) + count
        return count

    outside = not connection.in_atomic_block  # a test runs it inside its transaction
    if connection.vendor == "sqlite" and outside:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")

    begin = perf_counter()
    with disable_auditlog(), transaction.atomic():
        call_command("seed_calendar", stdout=io.StringIO())
        calendar = load_calendar()
        guides = catalogue.build(shape.items, random.Random(shape.seed + 8), published_at=shape.now)
        people = org.build(shape, guides, password=password)
    written.tables.update(people.written, items=len(guides))
    note("组织机构、事项目录和登录账号", sum(people.written.values()) + len(guides), begin)

    maker = CaseMaker(shape, people, calendar)
    visitors = names(shape.seed + 9)
    models = {
        "cases": Case,
        "events": CaseEvent,
        "materials": CaseMaterial,
        "notices": Notice,
        "suspensions": Suspension,
        "extensions": Extension,
        "handovers": Handover,
        "ratings": Rating,
        "rectifications": Rectification,
    }
    begin = perf_counter()
    with indexes_dropped(models.values(), connection):
        for year, month in shape.months:
            rows = maker.month(year, month, visitors)
            with transaction.atomic():
                for name in HISTORY:
                    write(models[name], getattr(rows, name), explicit_ids=name in ("cases", "ratings"))
            progress(f"  {year}-{month:02d}: 累计 {maker.pk:,} 件办件")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(PROMISE_NOTICES_SQL)
            written.tables["cases_notice"] += cursor.rowcount
        progress("  正在重建索引 …")
    reset_sequence(connection, Case)
    reset_sequence(connection, Rating)
    ReceiptCounter.objects.bulk_create(
        [ReceiptCounter(centre_id=c, year=y, last=n) for (c, y), n in maker.sequence.items()], batch_size=5_000
    )
    note(
        "办件及其记录(办件、流转记录、文书、挂起、延期、移交、评价、整改)",
        sum(written.tables[m._meta.db_table] for m in models.values()),
        begin,
    )

    leaves: list[dict] = []
    for name, model, rows_of in (
        ("咨询登记", Consultation, lambda: records.consultations(shape, people, calendar, names(shape.seed + 10))),
        ("投诉举报", Complaint, lambda: records.complaints(shape, people, calendar)),
        ("考勤", Attendance, lambda: records.attendance(shape, people, calendar, leaves)),
        ("请假", Leave, lambda: leaves),
        ("中心运行日志", CentreLog, lambda: records.centre_logs(shape, people, calendar)),
    ):
        begin = perf_counter()
        with transaction.atomic():
            count = write(model, rows_of())
        note(name, count, begin)

    begin = perf_counter()
    reports, submitted = records.monthly_reports(shape, people)
    with transaction.atomic():
        count = write(MonthlyReport, reports, explicit_ids=True)
        reset_sequence(connection, MonthlyReport)
        # Compiled before the COPY starts: PostgreSQL takes no other query on a connection inside COPY.
        count += write(MonthlyReportVersion, list(records.report_versions(submitted, shape.now)))
    note("月度信息报送(含报送版本)", count, begin)

    begin = perf_counter()
    found = records.oversight(shape, people, calendar)
    with transaction.atomic():
        count = write(MonitoringFinding, found["findings"]) + write(Inspection, found["inspections"])
        count += write(PressReport, found["press"]) + write(Bulletin, found["bulletins"])
    note("视频监控发现、督导检查、媒体报道和通报", count, begin)

    begin = perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" and outside else "ANALYZE")
    progress(f"统计信息已更新({perf_counter() - begin:.1f} 秒)")
    return written

"""Benchmark of compiling the monthly reports (信息报送, issue #8 point 4): the ORM aggregates against
the same aggregates written as raw SQL, on generated data of 16 centres × 5 years (~2 million cases).

Run from the repository root:

    .venv/bin/python -m bench.bench_reports [--database-url URL] [--reuse] [--write-docs]

The data (``bianmin/loadgen``, the ``generate_load_data`` generator; ``bench/data.py``) go into their
own database: a SQLite file (``bench/.data/county.sqlite3`` by default; ``--sqlite PATH``) or the
PostgreSQL database of ``--database-url`` (or ``BENCH_DATABASE_URL``), whose name must contain
"bench" — its schema is dropped and rebuilt — never the application's database. The schema comes
from the migrations; ``--reuse`` keeps a database generated earlier with the same shape (the page
and assessment benchmarks use the same county).

Measurements, each the best of ``--repeats`` timings taken in turn (A B C D …, A B C D …):

- centre-month, ORM: ``compile.case_totals`` — the 统计簿's counts (``cases.ledgers``' expressions)
  plus open at month end, suspended, extended, agency-point cases, for one centre and month: one query.
- centre-month, raw SQL: the same figures, handwritten.
- county month, ORM: ``compile.county_case_rows`` — the key case figures of every centre, grouped.
- county month, raw SQL: the same, handwritten.
- and, for scale (no raw counterpart): the whole report of a centre-month (``compile_figures``, about
  17 queries over cases, consultations, points, ratings, complaints, attendance) and the whole county
  page (table, year to date, 24-month trend).

Before timing, the ORM and the raw SQL results are compared (and the ORM centre-month against
``cases.ledgers.statistics`` for the same month); the script exits non-zero on any difference.
``--write-docs`` rewrites the section between the ``bench:reports`` markers of
``docs/performance.md`` and leaves the rest of the file alone.
"""

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from time import perf_counter

from bench import data

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "performance.md"


def markers(vendor: str) -> tuple[str, str]:
    """One section per database: SQLite and PostgreSQL runs do not overwrite each other."""
    return f"<!-- bench:reports-{vendor}:start -->", f"<!-- bench:reports-{vendor}:end -->"


DEFAULT_REPEATS = 5

# --- raw SQL (portable: SQLite and PostgreSQL) ------------------------------------------------------

ACCEPTED_OPEN = "('handling', 'suspended', 'extension_pending')"
RUNNING = "('handling', 'extension_pending')"
AWAITING = "('registered_at_point', 'in_transfer', 'received', 'awaiting_supplement')"
CLOSED_UNDECIDED = "('not_accepted', 'withdrawn')"
OPEN_AT_END = f"""COUNT(CASE WHEN (c.completed_at IS NULL OR c.completed_at >= %(end)s)
      AND NOT (c.status IN {CLOSED_UNDECIDED} AND EXISTS (
        SELECT 1 FROM cases_caseevent e
        WHERE e.case_id = c.id AND e.to_status IN {CLOSED_UNDECIDED} AND e.at < %(end)s))
    THEN 1 END)"""  # noqa: S608 - constants only; values go in as parameters
KEY_COUNTS = f"""COUNT(*) AS received,
  COUNT(CASE WHEN c.accepted_at IS NOT NULL THEN 1 END) AS accepted,
  COUNT(CASE WHEN c.completed_at IS NOT NULL THEN 1 END) AS completed,
  COUNT(CASE WHEN c.completed_at IS NOT NULL AND c.completed_at <= c.due_at THEN 1 END) AS on_time,
  COUNT(CASE WHEN c.completed_at IS NOT NULL AND c.completed_at > c.due_at THEN 1 END) AS late,
  COUNT(CASE WHEN c.status IN {RUNNING} AND c.due_at < %(now)s THEN 1 END) AS overdue_open"""

CENTRE_MONTH_SQL = f"""SELECT {KEY_COUNTS},
  COUNT(CASE WHEN c.status IN {ACCEPTED_OPEN} THEN 1 END) AS in_progress,
  COUNT(CASE WHEN c.status IN {AWAITING} THEN 1 END) AS awaiting,
  COUNT(CASE WHEN c.status = 'not_accepted' THEN 1 END) AS not_accepted,
  COUNT(CASE WHEN c.status = 'withdrawn' THEN 1 END) AS withdrawn,
  {OPEN_AT_END} AS open_at_month_end,
  COUNT(CASE WHEN EXISTS (SELECT 1 FROM cases_suspension s WHERE s.case_id = c.id) THEN 1 END) AS suspended,
  COUNT(CASE WHEN c.extended_days > 0 THEN 1 END) AS extended,
  COUNT(CASE WHEN c.agency_point_id IS NOT NULL THEN 1 END) AS at_points
FROM cases_case c
WHERE c.centre_id = %(centre)s AND c.received_at >= %(start)s AND c.received_at < %(end)s"""  # noqa: S608 - constants only; values go in as parameters

COUNTY_MONTH_SQL = f"""SELECT c.centre_id, {KEY_COUNTS},
  {OPEN_AT_END} AS open_at_month_end
FROM cases_case c
WHERE c.centre_id IN (%(centres)s) AND c.received_at >= %(start)s AND c.received_at < %(end)s
GROUP BY c.centre_id"""  # noqa: S608 - constants only; values go in as parameters


@dataclass(frozen=True)
class Row:
    name: str
    code: str
    seconds: float
    queries: int


# --- the measurements ---------------------------------------------------------------------------------


def raw(sql: str, params: dict, *, names: list[str] | None = None) -> list[tuple]:
    from django.db import connection

    adapt = connection.ops.adapt_datetimefield_value
    values = {k: adapt(v) if isinstance(v, dt.datetime) else v for k, v in params.items()}
    if "centres" in values:
        sql = sql.replace("%(centres)s", ", ".join(str(int(pk)) for pk in values.pop("centres")))
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


class Subject:
    def __init__(self, centre_id: int, centre_ids: list[int], month, now: dt.datetime) -> None:
        from bianmin.reports import compile as compiler

        self.compiler = compiler
        self.centre_id, self.centre_ids, self.month, self.now = centre_id, centre_ids, month, now
        self.start, self.end = compiler.bounds(month)

    def orm_centre_month(self):
        qs = self.compiler.month_cases(self.month).filter(centre_id=self.centre_id)
        return self.compiler.case_totals(qs, month=self.month, now=self.now)

    def sql_centre_month(self):
        params = {"centre": self.centre_id, "start": self.start, "end": self.end, "now": self.now}
        return raw(CENTRE_MONTH_SQL, params)[0]

    def orm_county_month(self):
        return self.compiler.county_case_rows(self.month, self.centre_ids, now=self.now)

    def sql_county_month(self):
        params = {"centres": self.centre_ids, "start": self.start, "end": self.end, "now": self.now}
        return raw(COUNTY_MONTH_SQL, params)

    def full_report(self):
        from bianmin.org.models import Centre

        return self.compiler.compile_figures(Centre(pk=self.centre_id, name="基准"), self.month, now=self.now)

    def county_page(self):
        from bianmin.org.models import Centre
        from bianmin.reports import selectors

        centres = list(Centre.objects.filter(pk__in=self.centre_ids).select_related("township").order_by("pk"))
        table = selectors.county_month(centres, self.month, now=self.now)
        return table, selectors.chart_data(centres, self.month, table["lines"], table["spans"])


CENTRE_FIELDS = (
    "received",
    "accepted",
    "completed",
    "on_time",
    "late",
    "overdue_open",
    "in_progress",
    "awaiting",
    "not_accepted",
    "withdrawn",
    "open_at_month_end",
    "suspended",
    "extended",
    "at_points",
)
COUNTY_FIELDS = ("received", "accepted", "completed", "on_time", "late", "overdue_open", "open_at_month_end")


def mismatches(subject: Subject) -> list[str]:
    """ORM against raw SQL, and the ORM against the ledger's own statistics."""
    from bianmin.cases import ledgers
    from bianmin.cases.models import Case

    problems = []
    counts, extras = subject.orm_centre_month()
    orm = {**asdict(counts), **asdict(extras)}
    sql = dict(zip(CENTRE_FIELDS, subject.sql_centre_month(), strict=True))
    if any(orm[k] != sql[k] for k in CENTRE_FIELDS):
        problems.append(f"centre-month: ORM {orm} != SQL {sql}")
    start, end = subject.start, subject.end
    ledger = ledgers.summary(
        Case.objects.filter(centre_id=subject.centre_id, received_at__gte=start, received_at__lt=end), now=subject.now
    )
    if ledger != counts:
        problems.append(f"centre-month: ORM {counts} != ledger {ledger}")
    orm_rows = {pk: {k: row[k] for k in COUNTY_FIELDS} for pk, row in subject.orm_county_month().items()}
    sql_rows = {r[0]: dict(zip(COUNTY_FIELDS, r[1:], strict=True)) for r in subject.sql_county_month()}
    if orm_rows != sql_rows:
        problems.append(f"county month: ORM {orm_rows} != SQL {sql_rows}")
    return problems


def count_queries(run: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


def plan(sql: str, params: dict) -> list[str]:
    """The query plan (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN), to show which index is used."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return [str(row[-1]) for row in raw("EXPLAIN QUERY PLAN " + sql, params)]
    # PostgreSQL: only the scans (which table, which index), without costs.
    scans = [
        re.search(r"(\w[\w ]*Scan(?: using| on) \S+(?: on \S+)?)", str(row[0])) for row in raw("EXPLAIN " + sql, params)
    ]
    return [found.group(1).strip() for found in scans if found]


# --- report -------------------------------------------------------------------------------------------


def table(rows: Sequence[Row]) -> list[str]:
    lines = ["| measurement | queries | best ms | ratio to raw SQL |", "|---|---:|---:|---:|"]
    by_name = {row.name: row for row in rows}
    for row in rows:
        base = {
            "centre-month, ORM": "centre-month, raw SQL",
            "county month, ORM": "county month, raw SQL",
        }.get(row.name)
        ratio = f"{row.seconds / by_name[base].seconds:.2f}×" if base else ("1.00×" if "raw SQL" in row.name else "—")
        lines.append(f"| {row.name} | {row.queries} | {row.seconds * 1e3:,.1f} | {ratio} |")
    return lines


def section(
    *, command, today, shape, vendor, server, cases, month, centre_cases, generated, load, rows, repeats, plans
):
    from bench.bench_workdays import machine

    start, end = markers(vendor)
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)
    return (
        "\n".join(
            [
                start,
                f"## Monthly reports on {title} (`bench/bench_reports.py`)",
                "",
                "Generated by the script; do not edit by hand between the markers.",
                "",
                f"- Command: `{command}`",
                f"- Measured on {today}: {machine()}; database {server}",
                f"- Data: {shape.describe()} — {cases:,} cases in all; {generated}.",
                f"- Load average (1, 5, 15 min) at start: {load[0]}; at end: {load[1]}.",
                f"- Subject: month {month.param}; the centre-month is the busiest centre's "
                f"({centre_cases:,} cases), the county month all {shape.centres} centres. Every figure is the best "
                f"of {repeats} timings taken in turn (A B C …, A B C …); the results were checked equal "
                "(ORM = raw SQL = `ledgers.summary`) before timing.",
                "",
                *table(rows),
                "",
                "What each line runs:",
                "",
                *(f"- {row.name}: {row.code}" for row in rows),
                "",
                "Query plans of the raw SQL (the ORM's queries use the same index):",
                "",
                *(f"- {name}: `{' / '.join(lines)}`" for name, lines in plans.items()),
                end,
            ]
        )
        + "\n"
    )


def splice(existing: str | None, new_section: str, vendor: str) -> str:
    """``existing`` with this database's section replaced (or appended), the rest unchanged."""
    return data.splice(existing, new_section, *markers(vendor))


# --- main ---------------------------------------------------------------------------------------------


def positive(text: str) -> int:
    value = int(text.replace("_", ""))
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_reports", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""), help="PostgreSQL URL")
    parser.add_argument(
        "--sqlite", default=str(data.DATA / "county.sqlite3"), help="SQLite file when no --database-url"
    )
    parser.add_argument("--centres", type=positive, default=16)
    parser.add_argument("--years", type=positive, default=5)
    parser.add_argument("--cases-per-centre-year", type=positive, default=25_000)
    parser.add_argument("--items", type=positive, default=None, help="catalogue size (2,000)")
    parser.add_argument("--repeats", type=positive, default=DEFAULT_REPEATS)
    parser.add_argument("--reuse", action="store_true", help="keep a database generated earlier with this shape")
    parser.add_argument("--write-docs", action="store_true", help=f"update the section in {DOCS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    command = " ".join([".venv/bin/python -m bench.bench_reports", *data.shown(argv)])
    data.configure(data.database_url(args.database_url, args.sqlite))

    from django.db.models import Count

    from bench.bench_workdays import best_of_interleaved, machine
    from bianmin.cases.ledgers import Month
    from bianmin.cases.models import Case
    from bianmin.org.models import Centre

    shape = data.bench_shape(
        "county",
        centres=args.centres,
        years=args.years,
        cases_per_centre_year=args.cases_per_centre_year,
        items=args.items,
    )
    now = shape.now
    print(f"machine: {machine()}")
    print(f"data: {shape.describe()}")
    written, reused = data.prepare(shape, reuse=args.reuse, progress=lambda m: print(m, flush=True))
    from django.db import connection

    vendor = connection.vendor
    server = data.server()
    load_start = data.loadavg()
    cases = Case.objects.count()
    centre_ids = list(Centre.objects.order_by("pk").values_list("pk", flat=True))
    month = Month(now.year, now.month).previous()  # the last full month
    start, end = month.bounds(now.tzinfo)
    busiest = (
        Case.objects.filter(centre_id__in=centre_ids, received_at__gte=start, received_at__lt=end)
        .values("centre_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "centre_id")
        .values_list("centre_id", flat=True)
        .first()
    )
    subject = Subject(busiest, centre_ids, month, now)
    centre_cases = Case.objects.filter(centre_id=busiest, received_at__gte=start, received_at__lt=end).count()
    print(f"{server}: {cases:,} cases; month {month.param}, centre {busiest} with {centre_cases:,} cases")

    problems = mismatches(subject)
    if problems:
        print("FAILED: the ORM and the raw SQL disagree:")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print("correctness: ORM = raw SQL = ledgers.summary for the centre-month; ORM = raw SQL for the county month")

    orm_centre = "`compile.case_totals(month_cases(month).filter(centre_id=…), month=…, now=…)`"
    orm_county = "`compile.county_case_rows(month, centre_ids, now=…)` (grouped by centre)"
    measurements: list[tuple[str, str, Callable[[], object]]] = [
        ("centre-month, ORM", orm_centre, subject.orm_centre_month),
        ("centre-month, raw SQL", "the same 14 counts, handwritten (`CENTRE_MONTH_SQL`)", subject.sql_centre_month),
        ("county month, ORM", orm_county, subject.orm_county_month),
        (
            "county month, raw SQL",
            "the same 7 counts per centre, handwritten (`COUNTY_MONTH_SQL`)",
            subject.sql_county_month,
        ),
        ("whole report of a centre-month, ORM", "`compile.compile_figures(centre, month)`", subject.full_report),
        ("whole county page, ORM", "`selectors.county_month(…)` + `selectors.chart_data(…)`", subject.county_page),
    ]
    for _, _, run in measurements:
        run()  # warm the database's and the calendar's caches once

    def clock(run):
        def timing() -> float:
            begin = perf_counter()
            run()
            return perf_counter() - begin

        return timing

    print(f"timing {len(measurements)} measurements, best of {args.repeats} taken in turn ...", flush=True)
    best = best_of_interleaved(args.repeats, [clock(run) for _, _, run in measurements])
    rows = [
        Row(name, code, seconds, count_queries(run))
        for (name, code, run), seconds in zip(measurements, best, strict=True)
    ]
    params = {"centre": busiest, "start": start, "end": end, "now": now}
    plans = {
        "centre-month": plan(CENTRE_MONTH_SQL, params),
        "county month": plan(COUNTY_MONTH_SQL, {**params, "centres": centre_ids}),
    }
    print()
    print("\n".join(table(rows)))
    print()
    for name, lines in plans.items():
        print(f"plan {name}: {' / '.join(lines)}")
    if args.write_docs:
        generated = data.describe_data(written, reused)
        new = section(
            command=command,
            today=dt.date.today().isoformat(),
            shape=shape,
            vendor=vendor,
            server=server,
            cases=cases,
            month=month,
            centre_cases=centre_cases,
            generated=generated,
            load=(load_start, data.loadavg()),
            rows=rows,
            repeats=args.repeats,
            plans=plans,
        )
        existing = DOCS.read_text(encoding="utf-8") if DOCS.exists() else None
        DOCS.write_text(splice(existing, new, vendor), encoding="utf-8")
        print(f"wrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

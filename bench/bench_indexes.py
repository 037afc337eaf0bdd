"""The indexes of ``cases/migrations/0003`` and ``0004`` (issue #11): the slowest statement of each read
they were made for, explained on PostgreSQL with them (after) and without them (before), on the
generated county.

    .venv/bin/python -m bench.bench_indexes --database-url URL [--reuse] [--write-docs]

"Before" is the schema of migration 0002 rebuilt inside a transaction that is rolled back: the new
indexes dropped (0004's ``caseevent_at`` too), ``case_centre_received`` back to (centre, received_at)
and the plain ``due_at`` index back; the same statements (captured as the application runs them) are
then explained again. Plans are ``EXPLAIN (ANALYZE)`` on a warm cache (each statement run once
before), the fastest of three; the times are the plans' execution times. ``--write-docs`` rewrites
the ``bench:indexes-postgresql`` section of ``docs/performance.md``.
"""

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from unittest import mock

from bench import data, harness

MARKERS = ("<!-- bench:indexes-postgresql:start -->", "<!-- bench:indexes-postgresql:end -->")
# Migrations 0003's and 0004's indexes, and what 0002 had instead.
NEW_INDEXES = (
    "caseevent_at",
    "case_running_due",
    "case_red_due",
    "case_promised_accepted",
    "case_received_order",
    "consultation_centre_asked",
    "notice_promise_issued",
)
BEFORE = (
    *(f'DROP INDEX "{name}"' for name in NEW_INDEXES),
    'DROP INDEX "case_centre_received"',
    'CREATE INDEX "case_centre_received" ON "cases_case" ("centre_id", "received_at")',
    'CREATE INDEX "case_due_at_before" ON "cases_case" ("due_at")',
    "ANALYZE cases_case",
)


def subjects(now: dt.datetime) -> list[tuple[str, Callable[[], object]]]:
    """The reads the indexes were made for, as the pages and reports run them."""
    from bench import bench_assessment, bench_pages, bench_reports
    from bianmin.cases.months import Month

    pages = bench_pages.Subject(now)
    last = Month(now.year, now.month).previous()
    reports = bench_reports.Subject(pages.centre_id, pages.centre_ids, last, now)
    assessment = bench_assessment.Subject(now.year, now)
    return [
        ("exchange feed, first page since yesterday", feed_since(pages.admin, now)),
        ("clerk's work queue (我的待办), page 1", pages.queue),
        ("centre case list, red lights only", pages.centre_red),
        ("county case list, page 1 (newest first)", pages.county_list),
        ("county monitoring dashboard", pages.dashboard),
        ("county month summary (信息报送)", reports.county_page),
        ("assessment facts of 16 centres", assessment.facts_for),
    ]


def feed_since(user, now: dt.datetime) -> Callable[[], object]:
    """A provincial client's first read of the exchange feed (``GET /api/v1/exchange/cases?since=``)."""
    from bianmin.api import exchange
    from bianmin.org.selectors import scope_for

    cursor = exchange.Cursor(after=0, since=now - dt.timedelta(days=1))
    return lambda: exchange.feed_page(scope_for(user), cursor=cursor, limit=100, now=now)


def execution_ms(plan: list[str]) -> float:
    for line in plan:
        found = re.match(r"Execution Time: ([\d.]+) ms", line)
        if found:
            return float(found.group(1))
    return float("nan")


def explained(statements: list[str], runs: int = 3) -> list[tuple[float, list[str]]]:
    """(execution ms, plan) of each statement: the fastest of ``runs`` plans, after one plain run
    (a warm cache)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
    found = []
    for sql in statements:
        plans = [harness.explain(sql) for _ in range(runs)]
        found.append(min(((execution_ms(plan), plan) for plan in plans), key=lambda p: p[0]))
    return found


def measure(now: dt.datetime, per_subject: int) -> list[dict]:
    from django.db import connection, transaction

    rows = []
    for name, run in subjects(now):
        for seconds, sql in harness.slowest(run, n=per_subject, runs=2):
            rows.append({"name": name, "sql": sql, "tables": harness.tables_of(sql), "seconds": seconds})
    after = explained([r["sql"] for r in rows])
    with transaction.atomic():
        with connection.cursor() as cursor:
            for statement in BEFORE:
                cursor.execute(statement)
        before = explained([r["sql"] for r in rows])
        transaction.set_rollback(True)
    for row, (b_ms, b_plan), (a_ms, a_plan) in zip(rows, before, after, strict=True):
        row.update(before_ms=b_ms, before_plan=b_plan, after_ms=a_ms, after_plan=a_plan)
    return rows


def section(*, command, today, server, generated, load, rows) -> str:
    from bench.bench_workdays import machine

    lines = [
        MARKERS[0],
        "## Indexes for years of history: plans before and after, on PostgreSQL (`bench/bench_indexes.py`)",
        "",
        "Generated by the script; do not edit by hand between the markers.",
        "",
        f"- Command: `{command}`",
        f"- Measured on {today}: {machine()}; database {server}",
        f"- Data: {generated}",
        f"- Load average (1, 5, 15 min) at start: {load[0]}; at end: {load[1]}.",
        "- After: the schema as migrated (`cases/migrations/0003_indexes_for_pages_reports_and_assessment.py`: "
        "partial indexes of the running cases (`case_running_due`) and of the cases that went red (`case_red_due`), "
        "promised cases by acceptance, promise notices by issue, the county's newest-first order, consultations by "
        "centre and month, `case_centre_received` covering completion and due moments, no plain `due_at` index; "
        "`0004_caseevent_at.py`: the history's events by time, for the exchange feed). "
        "Before: migration 0002's indexes, rebuilt in a rolled-back transaction. The same statements, captured as "
        "the application runs them (the slowest of each read), explained with `EXPLAIN (ANALYZE)` on a warm "
        "cache: the fastest of 3 plans.",
        "",
        "| read | statement on | before ms | after ms | before / after |",
        "|---|---|---:|---:|---:|",
    ]
    for r in rows:
        ratio = r["before_ms"] / r["after_ms"] if r["after_ms"] else float("nan")
        lines.append(f"| {r['name']} | {r['tables']} | {r['before_ms']:,.1f} | {r['after_ms']:,.1f} | {ratio:,.1f}× |")
    lines += ["", "The plans (nodes only, costs left out):", ""]
    for r in rows:
        lines.append(f"- {r['name']} ({r['tables']}):")
        lines.append(f"  - before: `{' / '.join(r['before_plan'])}`")
        lines.append(f"  - after: `{' / '.join(r['after_plan'])}`")
    lines.append(MARKERS[1])
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_indexes", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""), help="PostgreSQL URL")
    parser.add_argument("--per-subject", type=int, default=2, help="slowest statements explained per read")
    parser.add_argument("--reuse", action="store_true", help="keep a database generated earlier with this shape")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--docs", default=str(data.DOCS))
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url (or BENCH_DATABASE_URL) must name a PostgreSQL database: plans are PostgreSQL's")
    argv = list(sys.argv[1:] if argv is None else argv)
    command = " ".join([".venv/bin/python -m bench.bench_indexes", *data.shown(argv)])
    data.configure(args.database_url)

    shape = data.bench_shape("county")
    print(f"data: {shape.describe()}")
    written, reused = data.prepare(shape, reuse=args.reuse, progress=lambda m: print(m, flush=True))
    server, load_start = data.server(), data.loadavg()
    with mock.patch("django.utils.timezone.now", return_value=shape.now):
        rows = measure(shape.now, args.per_subject)
    for r in rows:
        print(f"{r['name']}: {r['tables']}: before {r['before_ms']:,.1f} ms, after {r['after_ms']:,.1f} ms")
    if args.write_docs:
        docs = Path(args.docs)
        new = section(
            command=command,
            today=dt.date.today().isoformat(),
            server=server,
            generated=data.describe_data(written, reused),
            load=(load_start, data.loadavg()),
            rows=rows,
        )
        existing = docs.read_text(encoding="utf-8") if docs.exists() else None
        docs.write_text(data.splice(existing, new, *MARKERS), encoding="utf-8")
        print(f"wrote {docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

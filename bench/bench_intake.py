"""Benchmark of case intake (收件 and 受理, issue #11 point 2): the services a window runs for one
complete 承诺件 application, against a bare INSERT of the same case row, on the county of
``bench/data.py`` (16 centres, ~2 M cases).

Run from the repository root:

    .venv/bin/python -m bench.bench_intake [--database-url URL] [--reuse] [--write-docs]

Measurements, each one call at a time inside a transaction that is rolled back afterwards (so the
county stays as generated; the commit itself — the same one row-group write for every line — is left
out of every line alike), ``--calls`` calls per line, taken in rounds in turn:

- bare INSERT: the case row as ``case_register`` writes it, one ``INSERT`` by hand — the limit;
- ``Case.objects.create`` of the same row: what the ORM adds to one insert;
- ``case_register``: the receipt number (the centre-year counter row, updated under its lock), the
  case, its material checklist copied from the guide, the 收件 event;
- ``case_accept``: the materials checked, the due moment from the working calendar, the conditional
  update, the 受理 event and the 承诺件告知单 (rendered and stored);
- intake: both, as the intake form runs them for a complete application.

The ratio to the bare INSERT is the figure to compare between machines. ``--write-docs`` rewrites
the ``bench:intake-<vendor>`` section of ``docs/performance.md``.
"""

import argparse
import datetime as dt
import itertools
import os
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from time import perf_counter

from bench import data
from bench.bench_reports import positive

DEFAULT_CALLS = 200
ROUND = 20  # calls of one line in a row before the next line's


def markers(vendor: str) -> tuple[str, str]:
    return f"<!-- bench:intake-{vendor}:start -->", f"<!-- bench:intake-{vendor}:end -->"


class Intake:
    """One clerk of the busiest centre taking complete applications for a promised item."""

    def __init__(self, now: dt.datetime) -> None:
        from django.db.models import Count

        from bianmin.cases.models import Case
        from bianmin.cases.services import Applicant
        from bianmin.catalogue.models import CentreItem
        from bianmin.org.models import Staff

        self.now = now
        centre_id = Case.objects.values("centre_id").annotate(n=Count("pk")).order_by("-n")[0]["centre_id"]
        entry = (
            CentreItem.objects.filter(centre_id=centre_id, item__current__handling_type="promised")
            .annotate(materials=Count("item__current__materials"))
            .filter(materials__gte=3)
            .select_related("item__current", "window")
            .order_by("item__code")
            .first()
        )
        self.item, self.window = entry.item, entry.window
        self.clerk = Staff.objects.select_related("centre__township").get(pk=entry.window.staff.first().pk)
        self.applicant = Applicant(
            name="王小明", id_type="resident", id_number="11010519491231002X", phone="13812345678"
        )
        self.numbers = itertools.count(1)
        self.ticks = {n: ("received", "") for n in range(1, entry.materials + 1)}

    def row(self) -> dict:
        """The case row ``case_register`` writes, with a receipt number of its own."""
        guide = self.item.current
        n = next(self.numbers)
        return {
            "receipt_number": f"BENCH-{n:08d}",
            "public_code": "ABCDEF",
            "item_id": self.item.pk,
            "guide_id": guide.pk,
            "item_name": guide.name,
            "handling_type": guide.handling_type,
            "limit_days": guide.promised_limit_days,
            "centre_id": self.clerk.centre_id,
            "window_id": self.window.pk,
            "channel": "window",
            "applicant_name": self.applicant.name,
            "id_type": "resident",
            "id_number": self.applicant.id_number,
            "phone": self.applicant.phone,
            "first_responder_id": self.clerk.pk,
            "handler_id": self.clerk.pk,
            "status": "received",
            "received_at": self.now,
            "created_at": self.now,
        }

    def bare_insert(self) -> None:
        from django.db import connection

        from bianmin.cases.models import Case
        from bianmin.loadgen.writer import Table

        table = self.__dict__.setdefault("_table", Table(Case, connection, now=self.now))
        values = next(table._tuples([self.row()]))
        names = ", ".join(f'"{c}"' for c in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        with connection.cursor() as cursor:
            cursor.execute(f'INSERT INTO "cases_case" ({names}) VALUES ({marks})', values)  # noqa: S608

    def orm_create(self) -> None:
        from bianmin.cases.models import Case

        Case.objects.create(**self.row())

    def register(self):
        from bianmin.cases import services

        return services.case_register(
            actor=self.clerk, item=self.item, applicant=self.applicant, materials=self.ticks, at=self.now
        )

    def accept_registered(self, case) -> None:
        from bianmin.cases import services

        services.case_accept(case=case, actor=self.clerk, materials=self.ticks, at=self.now)

    def intake(self) -> None:
        self.accept_registered(self.register())


def rolled_back(run: Callable, before: Callable[[], object] | None = None) -> Callable[..., float]:
    """One call of ``run`` timed inside a transaction rolled back afterwards (``before`` runs in the
    same transaction, untimed). With ``statements`` (a list), the data statements of the timed part
    are appended to it instead of timing anything extra."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    def timing(statements: list | None = None) -> float:
        with transaction.atomic():
            prepared = before() if before else None
            begin = perf_counter()
            if statements is None:
                run(prepared) if before else run()
            else:
                with CaptureQueriesContext(connection) as captured:
                    run(prepared) if before else run()
                statements += [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(CONTROL)]
            seconds = perf_counter() - begin
            transaction.set_rollback(True)
        return seconds

    return timing


CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")


def measure(lines: list[tuple[str, str, Callable[..., float]]], calls: int) -> list[tuple[str, str, float, int]]:
    """Median per call of each line, ``calls`` calls in rounds of ``ROUND`` taken in turn; with the
    data statements (not transaction control) one call runs."""
    from bench.bench_workdays import timed

    samples: dict[str, list[float]] = {name: [] for name, _c, _r in lines}
    for _ in range(max(1, calls // ROUND)):
        for name, _code, run in lines:
            for _ in range(ROUND):
                samples[name].append(timed(run))
    out = []
    for name, code, run in lines:
        statements: list[str] = []
        run(statements)
        out.append((name, code, statistics.median(samples[name]) * 1e3, len(statements)))
    return out


def table(rows) -> list[str]:
    base = rows[0][2]
    lines = ["| measurement | statements | median ms per call | ratio to bare INSERT |", "|---|---:|---:|---:|"]
    for name, _code, ms, statements in rows:
        lines.append(f"| {name} | {statements} | {ms:,.2f} | {ms / base:.1f}× |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_intake", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""), help="PostgreSQL URL")
    parser.add_argument("--sqlite", default=str(data.DATA / "county.sqlite3"), help="SQLite file when no URL")
    parser.add_argument("--centres", type=positive)
    parser.add_argument("--years", type=positive)
    parser.add_argument("--cases-per-centre-year", type=positive)
    parser.add_argument("--items", type=positive)
    parser.add_argument("--calls", type=positive, default=DEFAULT_CALLS)
    parser.add_argument("--reuse", action="store_true", help="keep a database generated earlier with this shape")
    parser.add_argument("--write-docs", action="store_true", help="update this database's section of --docs")
    parser.add_argument("--docs", default=str(data.DOCS))
    args = parser.parse_args(argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    command = " ".join([".venv/bin/python -m bench.bench_intake", *data.shown(argv)])
    data.configure(data.database_url(args.database_url, args.sqlite))

    from auditlog.context import disable_auditlog

    from bench.bench_workdays import machine

    shape = data.bench_shape(
        "county",
        centres=args.centres,
        years=args.years,
        cases_per_centre_year=args.cases_per_centre_year,
        items=args.items,
    )
    print(f"machine: {machine()}")
    print(f"data: {shape.describe()}")
    written, reused = data.prepare(shape, reuse=args.reuse, progress=lambda m: print(m, flush=True))
    server, load_start = data.server(), data.loadavg()
    intake = Intake(shape.now)
    lines = [
        ("bare INSERT of the case row", "one hand-written `INSERT INTO cases_case`", rolled_back(intake.bare_insert)),
        ("`Case.objects.create` of the same row", "the ORM's insert", rolled_back(intake.orm_create)),
        ("`case_register` (收件)", "receipt number, case, checklist, event", rolled_back(intake.register)),
        (
            "`case_accept` (受理)",
            "due moment, conditional update, event, 承诺件告知单",
            rolled_back(intake.accept_registered, before=intake.register),
        ),
        (
            "intake: register + accept",
            "what the intake form runs for a complete application",
            rolled_back(intake.intake),
        ),
    ]
    with disable_auditlog():  # as in production: cases are not in the audit log (their events are the history)
        for _name, _code, run in lines:
            run()  # warm: calendar, templates, the counter row's page
        print(f"{server}: {intake.clerk.centre.name}, item {intake.item.current.name}; {args.calls} calls per line")
        rows = measure(lines, args.calls)
    print()
    print("\n".join(table(rows)))
    if args.write_docs:
        from bench.bench_workdays import machine

        vendor = server.split()[0]
        start, end = markers(vendor)
        title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)
        new = (
            "\n".join(
                [
                    start,
                    f"## Case intake on {title} (`bench/bench_intake.py`)",
                    "",
                    "Generated by the script; do not edit by hand between the markers.",
                    "",
                    f"- Command: `{command}`",
                    f"- Measured on {dt.date.today().isoformat()}: {machine()}; database {server}",
                    f"- Data: {shape.describe()}; {data.describe_data(written, reused)}.",
                    f"- Load average (1, 5, 15 min) at start: {load_start}; at end: {data.loadavg()}.",
                    f"- Subject: a clerk of {intake.clerk.centre.name} takes a complete application for "
                    f"“{intake.item.current.name}” ({len(intake.ticks)} materials). Each call runs in its own "
                    f"transaction, rolled back after the timing; median of {args.calls} calls per line, in rounds of "
                    f"{ROUND} taken in turn.",
                    "",
                    *table(rows),
                    "",
                    "What each line runs:",
                    "",
                    *(f"- {name}: {code}" for name, code, _ms, _s in rows),
                    end,
                ]
            )
            + "\n"
        )
        docs = Path(args.docs)
        existing = docs.read_text(encoding="utf-8") if docs.exists() else None
        docs.write_text(data.splice(existing, new, start, end), encoding="utf-8")
        print(f"wrote {docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

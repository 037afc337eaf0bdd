"""Benchmark of the hall queue (排队叫号, issue #13 point 6): 16 halls calling at once.

Run from the repository root:

    .venv/bin/python -m bench.bench_queue [--database-url URL] [--halls 16] [--windows 4]
                                          [--tickets 1000] [--write-docs]

The database is a throwaway one made and dropped by the script, never the application's: on SQLite
a file in the temporary directory, on PostgreSQL (``--database-url`` or ``BENCH_DATABASE_URL``) a
database named ``bench_queue_<name>`` on the URL's server (the named database is not touched).
The schema comes from the migrations.

Each hall (a centre) has ``--windows`` windows with a clerk each and two queue lines: A (every
window but the last-but-one) and B (the last two); ``--tickets`` tickets a day are taken through
``services.ticket_take`` (timed one by one) for the first hall, one in eight 绿色通道, and written in
bulk for the other halls (their taking is not what they are here to measure). Then, in the same
process:

- call next, all windows at once: one thread per window of every hall (16 × 4 = 64 by default),
  started together at a barrier; each loops ``ticket_call_next`` (timed) then ``ticket_finish``
  (not timed) until its hall has nobody waiting;
- bare conditional update, all at once: the same threads, the same number of calls, each a bare
  ``Ticket.objects.filter(pk=…, status="waiting").update(…)`` on tickets dealt out beforehand
  (timed), then a second bare update in place of the finish — the floor any "call next" costs;
- the same two, one window alone (no contention), and taking a ticket at the kiosk.

Before anything is written the script checks the outcome of the concurrent calling: every ticket
called exactly once (one call event each, all finished) — it exits non-zero on any duplicate or
lost ticket. Latencies depend on the machine (2 cores here, shared); the ratio to the bare update
in the same run is the figure to compare. ``--write-docs`` rewrites this database's section
between the ``bench:queue-<database>`` markers of ``docs/performance.md``.
"""

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from urllib.parse import urlparse

from bench import data

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "performance.md"
GREEN_EVERY = 8


def markers(vendor: str) -> tuple[str, str]:
    return f"<!-- bench:queue-{vendor}:start -->", f"<!-- bench:queue-{vendor}:end -->"


@dataclass(frozen=True)
class Row:
    name: str
    code: str
    latencies: list[float]  # seconds
    wall: float  # seconds for the whole measurement

    @property
    def mean(self) -> float:
        return statistics.fmean(self.latencies)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- the throwaway database ------------------------------------------------------------------------


def configure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.pop("DEBUG", None)  # DEBUG would keep every query in memory
    import django
    from django.conf import settings

    settings.DATABASES["default"]["TEST"] = {
        **settings.DATABASES["default"].get("TEST", {}),
        "NAME": bench_name(database_url),
    }
    django.setup()


def bench_name(database_url: str) -> str:
    parsed = urlparse(database_url)
    if parsed.scheme == "sqlite":
        return str(Path(tempfile.gettempdir()) / f"bench-queue-{os.getpid()}.sqlite3")
    return f"bench_queue_{parsed.path.lstrip('/') or 'db'}"


def create_database() -> str:
    from django.db import connection

    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)


def drop_database(name: str) -> None:
    from django.db import connection

    connection.creation.destroy_test_db(name, verbosity=0)


# --- the halls -----------------------------------------------------------------------------------------


def build_halls(halls: int, windows: int):
    """(centre, [(window, clerk)], [line A, line B]) per hall, created directly (no services needed)."""
    from bianmin.core.roles import Role
    from bianmin.hallqueue.models import QueueLine
    from bianmin.org.models import BusinessLine, Centre, Region, RegionLevel, Staff, Window

    county = Region.objects.create(code="361199", name="基准县", level=RegionLevel.COUNTY, kind="county")
    civil = BusinessLine.objects.get_or_create(code="minzheng", defaults={"name": "民政", "is_mandatory": True})[0]
    result = []
    for h in range(halls):
        town = Region.objects.create(
            code=f"361199{h + 100:03d}", name=f"基准{h + 1}镇", level=RegionLevel.TOWNSHIP, kind="town", parent=county
        )
        centre = Centre.objects.create(township=town, name=f"基准{h + 1}镇便民服务中心")
        staffed = []
        for n in range(1, windows + 1):
            window = Window.objects.create(centre=centre, number=n, name=f"{n}号窗口", business_line=civil)
            clerk = Staff.objects.create(name=f"窗口{h + 1}-{n}", role=Role.CLERK, centre=centre)
            window.staff.add(clerk)
            staffed.append((window, clerk))
        line_a = QueueLine.objects.create(centre=centre, name="民政", prefix="A")
        line_b = QueueLine.objects.create(centre=centre, name="综合业务", prefix="B")
        all_windows = [w for w, _ in staffed]
        line_a.windows.set(all_windows[:-2] + all_windows[-1:] if windows > 2 else all_windows)
        line_b.windows.set(all_windows[-2:])
        result.append((centre, staffed, [line_a, line_b]))
    return result


def take_tickets(halls, per_hall: int) -> list[float]:
    """The first hall's tickets through ``ticket_take`` (timed one by one); the other halls' the
    same tickets written in bulk (the taking is not what the other halls are here to measure)."""
    from django.utils import timezone

    from bianmin.hallqueue import services
    from bianmin.hallqueue.models import Ticket, TicketCounter
    from bianmin.hallqueue.numbering import format_number, new_token

    latencies = []
    for index, (centre, _, (line_a, line_b)) in enumerate(halls):
        if index == 0:
            for n in range(per_hall):
                begin = perf_counter()
                services.ticket_take(
                    line=line_a if n % 3 else line_b, priority="elderly" if n % GREEN_EVERY == 0 else ""
                )
                latencies.append(perf_counter() - begin)
            continue
        now = timezone.now()
        day, sequences, tickets = timezone.localdate(now), {line_a.pk: 0, line_b.pk: 0}, []
        for n in range(per_hall):
            line = line_a if n % 3 else line_b
            sequences[line.pk] += 1
            tickets.append(
                Ticket(
                    centre=centre,
                    line=line,
                    day=day,
                    sequence=sequences[line.pk],
                    number=format_number(line.prefix, sequences[line.pk]),
                    token=new_token(),
                    priority="elderly" if n % GREEN_EVERY == 0 else "",
                    taken_at=now,
                    queued_at=now,
                    ready_at=now,
                    hour=timezone.localtime(now).hour,
                )
            )
        Ticket.objects.bulk_create(tickets, batch_size=500)
        TicketCounter.objects.bulk_create([TicketCounter(line_id=pk, day=day, last=n) for pk, n in sequences.items()])
    return latencies


# --- running many windows at once ---------------------------------------------------------------------


def run_threads(jobs: Sequence[Callable[[], list[float]]]) -> tuple[list[float], float, list[str]]:
    """Run each job in its own thread, all released together; (latencies, wall seconds, errors)."""
    from django.db import connection

    barrier = threading.Barrier(len(jobs) + 1)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def body(job: Callable[[], list[float]]) -> None:
        try:
            barrier.wait(timeout=120)
            mine = job()
            with lock:
                latencies.extend(mine)
        except Exception as exc:  # reported with the database's own message
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(job,)) for job in jobs]
    # No cyclic garbage collection while the threads run: CPython 3.11's sqlite3 module can deadlock
    # when the collector, running in one thread, finalizes a cursor of another thread's connection
    # that is waiting for the database lock (seen here: every thread stopped for good). The cycles
    # come from the "database is locked" exceptions; they are collected once the threads are done.
    gc.disable()
    try:
        for thread in threads:
            thread.start()
        barrier.wait(timeout=120)
        begin = perf_counter()
        for thread in threads:
            thread.join()
        wall = perf_counter() - begin
    finally:
        gc.enable()
        gc.collect()
    return latencies, wall, errors


class Refusals:
    """Attempts the database refused with "database is locked" (SQLite's busy timeout ran out): the
    window retries, as a clerk pressing again would. Thread-safe."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self._lock = threading.Lock()

    def add(self, seconds: float) -> None:
        with self._lock:
            self.seconds.append(seconds)


def retrying(operation: Callable[[], object], refusals: Refusals):
    from django.db import OperationalError

    while True:
        begin = perf_counter()
        try:
            return operation(), perf_counter() - begin
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            refusals.add(perf_counter() - begin)


def pauses(pause_ms: int, seed: int) -> Callable[[], None]:
    """The clerk's time with the resident between two calls: uniform in 0.5–1.5 × ``pause_ms``."""
    rng = random.Random(seed)

    def pause() -> None:
        if pause_ms:
            time.sleep(rng.uniform(0.5, 1.5) * pause_ms / 1000)

    return pause


def calling_job(window, clerk, refusals: Refusals, pause_ms: int = 0) -> Callable[[], list[float]]:
    from bianmin.core.errors import ApplicationError
    from bianmin.hallqueue import services
    from bianmin.hallqueue.services import NOBODY_WAITING

    pause = pauses(pause_ms, window.pk)

    def job() -> list[float]:
        latencies = []
        while True:
            try:
                ticket, seconds = retrying(lambda: services.ticket_call_next(window=window, actor=clerk), refusals)
            except ApplicationError as exc:
                if exc.message != NOBODY_WAITING:
                    raise
                return latencies
            latencies.append(seconds)
            retrying(lambda t=ticket: services.ticket_finish(ticket=t, window=window, actor=clerk), refusals)
            pause()

    return job


def bare_job(pks: list[int], refusals: Refusals, pause_ms: int = 0, seed: int = 0) -> Callable[[], list[float]]:
    from bianmin.hallqueue.models import Ticket

    pause = pauses(pause_ms, seed)

    def job() -> list[float]:
        latencies = []
        for pk in pks:
            _, seconds = retrying(
                lambda pk=pk: Ticket.objects.filter(pk=pk, status="waiting").update(status="called"), refusals
            )
            latencies.append(seconds)
            retrying(lambda pk=pk: Ticket.objects.filter(pk=pk, status="called").update(status="done"), refusals)
            pause()
        return latencies

    return job


def reset_tickets() -> None:
    from django.db.models import F

    from bianmin.hallqueue.models import Ticket, TicketEvent

    TicketEvent.objects.exclude(action="take").delete()
    Ticket.objects.update(
        status="waiting",
        window=None,
        first_called_at=None,
        called_at=None,
        calls=0,
        started_at=None,
        finished_at=None,
        wait_seconds=None,
        handle_seconds=None,
        version=F("version") + 1,
    )


def problems_after_calling(expected: int) -> list[str]:
    from django.db.models import Count

    from bianmin.hallqueue.models import Ticket, TicketEvent

    found = []
    calls = TicketEvent.objects.filter(action="call").values("ticket_id").annotate(n=Count("pk"))
    twice = [row["ticket_id"] for row in calls if row["n"] != 1]
    if twice:
        found.append(f"{len(twice)} tickets called more than once (e.g. {twice[:5]})")
    if calls.count() != expected:
        found.append(f"{calls.count()} tickets called, {expected} taken")
    not_done = Ticket.objects.exclude(status="done").count()
    if not_done:
        found.append(f"{not_done} tickets not finished")
    return found


# --- the docs ------------------------------------------------------------------------------------------


def table(rows: Sequence[Row], base: dict[str, str]) -> list[str]:
    lines = [
        "| measurement | calls | mean ms | median ms | p95 ms | max ms | calls/s | ratio to bare update |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by_name = {row.name: row for row in rows}
    for row in rows:
        ratio = f"{row.mean / by_name[base[row.name]].mean:.2f}×" if row.name in base else "—"
        if row.name in base.values():
            ratio = "1.00×"
        lines.append(
            f"| {row.name} | {len(row.latencies):,} | {row.mean * 1e3:.2f} | {row.percentile(50) * 1e3:.2f} | "
            f"{row.percentile(95) * 1e3:.2f} | {max(row.latencies) * 1e3:.1f} | {len(row.latencies) / row.wall:,.0f} | "
            f"{ratio} |"
        )
    return lines


def refusals_line(refused: tuple[list[float], list[float]]) -> str:
    calls, bare = refused
    if not calls and not bare:
        return '- Refused attempts: none (no "database is locked").'
    return (
        f"- Refused attempts: {len(calls):,} while calling and {len(bare):,} of the bare updates ended in "
        '"database is locked" after the busy timeout'
        + (f" (each waited {min(calls + bare):.1f}–{max(calls + bare):.1f} s)" if calls + bare else "")
        + "; the window pressed again (counted in the latency of that call only from its last attempt)."
    )


def section(*, command, today, vendor, server, halls, windows, tickets, rows, base, checks, pause_ms, refused) -> str:
    from bench.bench_workdays import machine

    start, end = markers(vendor)
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)
    threads = halls * windows
    return (
        "\n".join(
            [
                start,
                f"## Hall queue on {title}: {halls} halls calling at once (`bench/bench_queue.py`)",
                "",
                "Generated by the script; do not edit by hand between the markers.",
                "",
                f"- Command: `{command}`",
                f"- Measured on {today}: {machine()}; database {vendor} {server}",
                f"- Data: {halls} halls × {windows} windows (one clerk each), lines A and B, {tickets:,} tickets a "
                f"hall for the day ({halls * tickets:,} in all, one in {GREEN_EVERY} 绿色通道); the first hall's "
                "taken through `services.ticket_take`, the others' written in bulk.",
                f"- Concurrency: {threads} threads (one per window) released together; every window calls and "
                "finishes until its hall has nobody waiting, "
                + (
                    f"spending {pause_ms / 1000:g} s on average (0.5–1.5×) with each resident before the next call"
                    if pause_ms
                    else "pressing again at once (no time with the resident: the hardest case)"
                )
                + ". Latency is per call, measured in the calling thread (it includes waiting for the database's "
                "lock); calls/s is calls over the wall time.",
                f"- Checked before writing: {checks}",
                refusals_line(refused),
                "",
                *table(rows, base),
                "",
                "What each line runs:",
                "",
                *(f"- {row.name}: {row.code}" for row in rows),
                end,
            ]
        )
        + "\n"
    )


def splice(existing: str | None, new_section: str, vendor: str) -> str:
    return data.splice(existing, new_section, *markers(vendor))


# --- main ------------------------------------------------------------------------------------------------


def positive(text: str) -> int:
    value = int(text.replace("_", ""))
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_queue", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""), help="PostgreSQL URL")
    parser.add_argument("--halls", type=positive, default=16)
    parser.add_argument("--windows", type=positive, default=4)
    parser.add_argument("--tickets", type=positive, default=1000, help="tickets a hall takes in the day (≤ 999 a line)")
    parser.add_argument(
        "--pause-ms",
        type=int,
        default=0,
        help="a window's time with the resident between two calls (0: press again at once, the hardest case)",
    )
    parser.add_argument("--write-docs", action="store_true", help=f"update the section in {DOCS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    shown = [a if not a.startswith(("postgres://", "postgresql://")) else "$DATABASE_URL" for a in argv]
    command = " ".join([".venv/bin/python -m bench.bench_queue", *shown])
    database_url = args.database_url or "sqlite:///bench-queue.sqlite3"
    if not database_url.startswith(("sqlite:", "postgres://", "postgresql://")):
        print("--database-url must be a sqlite: or postgres:// URL")
        return 2
    configure(database_url)
    from django.db import connection

    from bench.bench_workdays import machine

    print(f"machine: {machine()}")
    name = create_database()
    try:
        return run(args, command, name, connection)
    finally:
        connection.close()
        drop_database(name)


def run(args, command: str, name: str, connection) -> int:
    from bianmin.hallqueue.models import Ticket

    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
        server = cursor.fetchone()[0]
    print(f"{vendor} {server}: throwaway database {name}")
    halls = build_halls(args.halls, args.windows)
    total = args.halls * args.tickets
    print(f"taking {total:,} tickets ...", flush=True)
    begin = perf_counter()
    took = take_tickets(halls, args.tickets)
    take_row = Row(
        "take a ticket (kiosk), one at a time",
        "`services.ticket_take(line=…)`, the first hall's tickets",
        took,
        perf_counter() - begin,
    )

    windows = [(window, clerk) for _, staffed, _ in halls for window, clerk in staffed]
    print(f"calling with {len(windows)} windows at once ...", flush=True)
    refused = Refusals()
    latencies, wall, errors = run_threads([calling_job(w, c, refused, args.pause_ms) for w, c in windows])
    if errors:
        print(f"FAILED: {len(errors)} windows raised: {errors[:3]}")
        return 1
    problems = problems_after_calling(total)
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    checks = f"all {total:,} tickets called exactly once (one call event each) and finished; no window failed."
    print(checks)
    bare_refused = Refusals()
    call_row = Row(
        f"call next, {len(windows)} windows at once",
        "`services.ticket_call_next(window=…, actor=…)`: read the waiting, order them, conditional update, event",
        latencies,
        wall,
    )

    reset_tickets()
    pks = list(Ticket.objects.order_by("pk").values_list("pk", flat=True))
    slices = [pks[i :: len(windows)] for i in range(len(windows))]
    print(f"bare updates with {len(windows)} threads at once ...", flush=True)
    latencies, wall, errors = run_threads(
        [bare_job(part, bare_refused, args.pause_ms, n) for n, part in enumerate(slices)]
    )
    if errors:
        print(f"FAILED: {errors[:3]}")
        return 1
    bare_row = Row(
        f"bare conditional update, {len(windows)} threads at once",
        '`Ticket.objects.filter(pk=…, status="waiting").update(status="called")`',
        latencies,
        wall,
    )

    # One window alone: the first hall's first window calls through its hall's tickets.
    reset_tickets()
    window, clerk = halls[0][1][0]
    hall_pks = list(Ticket.objects.filter(centre=halls[0][0]).order_by("pk").values_list("pk", flat=True))
    halls[0][2][1].windows.add(window)  # it calls line B too: the whole hall, alone
    begin = perf_counter()
    alone = calling_job(window, clerk, Refusals())()
    alone_row = Row("call next, one window alone", call_row.code, alone, perf_counter() - begin)
    reset_tickets()
    begin = perf_counter()
    bare_alone = bare_job(hall_pks, Refusals())()
    bare_alone_row = Row("bare conditional update, alone", bare_row.code, bare_alone, perf_counter() - begin)

    rows = [call_row, bare_row, alone_row, bare_alone_row, take_row]
    base = {call_row.name: bare_row.name, alone_row.name: bare_alone_row.name}
    for line in table(rows, base):
        print(line)
    if args.write_docs:
        text = section(
            command=command,
            today=dt.date.today().isoformat(),
            vendor=vendor,
            server=server,
            halls=args.halls,
            windows=args.windows,
            tickets=args.tickets,
            rows=rows,
            base=base,
            checks=checks,
            pause_ms=args.pause_ms,
            refused=(refused.seconds, bare_refused.seconds),
        )
        existing = DOCS.read_text(encoding="utf-8") if DOCS.exists() else None
        DOCS.write_text(splice(existing, text, vendor), encoding="utf-8")
        print(f"wrote the {vendor} section of {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the working-day arithmetic: due dates per call against plain calendar-day addition.

Run from the repository root (no database, no Django settings needed):

    .venv/bin/python -m bench.bench_workdays [--calls N] [--write-docs]

Inputs are generated before any timing from a fixed seed: acceptance moments in Asia/Shanghai
across 2020-01-01..2026-12-31 and limits of 1..60 working days. Three measurements run on the same
inputs in the same process, each the best of three repetitions:

- baseline          ``accepted.date() + timedelta(days=n)``
- add_working_days  ``calendar.add_working_days(accepted.date(), n)``
- promised_due      ``deadlines.promised_due(accepted_at=accepted, limit_days=n, calendar=calendar)``

Nanoseconds depend on the machine; the ratio to the baseline is the figure to compare. Every
figure includes the same Python ``for`` loop over the inputs. The calendar's per-year indexes are
built (warmed) before timing; the one-off cost of building them from cold is reported separately.
A sample of 1,000 inputs is checked against a day-by-day walk first, and the script exits non-zero
if any differs. ``--write-docs`` rewrites the section of ``docs/performance.md`` between the
``bench:workdays`` markers and leaves the rest of the file alone.
"""

import argparse
import datetime as dt
import gc
import os
import platform
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from bianmin.workcalendar import deadlines, package
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.statutory import statutory_holidays

SEED = 20250101
DEFAULT_CALLS = 1_000_000
REPEATS = 3
SAMPLE = 1_000
FIRST_DAY = dt.date(2020, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)
MAX_LIMIT = 60
TZ = deadlines.CHINA

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "performance.md"
START_MARKER = "<!-- bench:workdays:start -->"
END_MARKER = "<!-- bench:workdays:end -->"

Inputs = list[tuple[dt.datetime, int]]


@dataclass(frozen=True)
class Row:
    name: str
    code: str
    seconds: float
    calls: int

    @property
    def ns_per_call(self) -> float:
        return self.seconds / self.calls * 1e9


# --- inputs -------------------------------------------------------------------------------------


def make_inputs(calls: int, seed: int = SEED) -> Inputs:
    """(acceptance moment in Asia/Shanghai, limit in working days), uniformly at random."""
    rng = random.Random(seed)
    start = dt.datetime.combine(FIRST_DAY, dt.time(0, 0), tzinfo=TZ)
    span = int((dt.datetime.combine(LAST_DAY, dt.time(23, 59, 59), tzinfo=TZ) - start).total_seconds())
    return [(start + dt.timedelta(seconds=rng.randint(0, span)), rng.randint(1, MAX_LIMIT)) for _ in range(calls)]


def official_calendar() -> WorkCalendar:
    return WorkCalendar({year: package.schedule_of(year) for year in package.known_years()})


# --- correctness --------------------------------------------------------------------------------


def walk(calendar: WorkCalendar, start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start``, found day by day."""
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def mismatches(calendar: WorkCalendar, sample: Inputs) -> list[str]:
    """One line for each sampled input whose due date differs from the day-by-day walk."""
    problems = []
    for accepted, n in sample:
        expected = walk(calendar, accepted.date(), n)
        got = calendar.add_working_days(accepted.date(), n).value
        due = deadlines.promised_due(accepted_at=accepted, limit_days=n, calendar=calendar).moment
        if got != expected or due != deadlines.end_of(expected):
            problems.append(
                f"accepted {accepted.isoformat()}, limit {n}: walk gives {expected}; "
                f"add_working_days gives {got}, promised_due gives {due.isoformat()}"
            )
    return problems


# --- timing -------------------------------------------------------------------------------------


def time_baseline(inputs: Inputs, calendar: WorkCalendar) -> float:
    timedelta = dt.timedelta
    begin = perf_counter()
    for accepted, n in inputs:
        _ = accepted.date() + timedelta(days=n)
    return perf_counter() - begin


def time_add_working_days(inputs: Inputs, calendar: WorkCalendar) -> float:
    add = calendar.add_working_days
    begin = perf_counter()
    for accepted, n in inputs:
        _ = add(accepted.date(), n)
    return perf_counter() - begin


def time_promised_due(inputs: Inputs, calendar: WorkCalendar) -> float:
    promised_due = deadlines.promised_due
    begin = perf_counter()
    for accepted, n in inputs:
        _ = promised_due(accepted_at=accepted, limit_days=n, calendar=calendar)
    return perf_counter() - begin


MEASUREMENTS: list[tuple[str, str, Callable[[Inputs, WorkCalendar], float]]] = [
    ("baseline", "accepted.date() + timedelta(days=n)", time_baseline),
    ("add_working_days", "calendar.add_working_days(accepted.date(), n)", time_add_working_days),
    (
        "promised_due",
        "deadlines.promised_due(accepted_at=accepted, limit_days=n, calendar=calendar)",
        time_promised_due,
    ),
]


def timed(run: Callable[[], float]) -> float:
    """One timing, with the garbage collector off while it runs (as timeit does)."""
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        return run()
    finally:
        if enabled:
            gc.enable()


def best_of(repeats: int, run: Callable[[], float]) -> float:
    return min(timed(run) for _ in range(repeats))


def best_of_interleaved(repeats: int, runs: Sequence[Callable[[], float]]) -> list[float]:
    """The best of ``repeats`` timings of each run, taking the runs in turn (A B C, A B C, ...) so that
    a slow spell of a noisy machine does not fall on one measurement only."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for run, samples in zip(runs, times, strict=True):
            samples.append(timed(run))
    return [min(samples) for samples in times]


def cold_build(years: Sequence[int], repeats: int) -> float:
    """Best time to build the per-year indexes of ``years`` in a fresh calendar (schedules already loaded)."""
    schedules = {year: package.schedule_of(year) for year in package.known_years()}

    def run() -> float:
        calendar = WorkCalendar(schedules)
        begin = perf_counter()
        for year in years:
            calendar.is_working_day(dt.date(year, 1, 1))
        return perf_counter() - begin

    return best_of(repeats, run)


def cold_fallback_year(year: int, repeats: int) -> float:
    """Best time to build a year without an official schedule, statutory holidays (lunar dates) included."""

    def run() -> float:
        statutory_holidays.cache_clear()
        calendar = WorkCalendar({})
        begin = perf_counter()
        calendar.is_working_day(dt.date(year, 1, 1))
        return perf_counter() - begin

    return best_of(repeats, run)


# --- report -------------------------------------------------------------------------------------


def machine() -> str:
    processor = platform.processor() or "unknown"
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    parts = [
        f"processor {processor!r}",
        f"machine {platform.machine()}",
        *([f"CPU model {model}"] if model else []),
        f"{cpus} CPUs" + (f" ({usable} usable)" if usable != cpus else ""),
        f"{platform.system()} {platform.release()}",
        f"{platform.python_implementation()} {platform.python_version()}",
    ]
    return ", ".join(parts)


def table(rows: Sequence[Row]) -> list[str]:
    baseline = rows[0].seconds
    lines = [
        "| measurement | total seconds | ns per call | ratio to baseline |",
        "|---|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(f"| {row.name} | {row.seconds:.3f} | {row.ns_per_call:,.0f} | {row.seconds / baseline:.1f}× |")
    return lines


def ratio_lines(rows: Sequence[Row]) -> list[str]:
    by_name = {row.name: row for row in rows}
    base, add, due = by_name["baseline"], by_name["add_working_days"], by_name["promised_due"]
    return [
        f"ratio add_working_days / baseline: {add.seconds / base.seconds:.1f}×",
        f"ratio promised_due / baseline: {due.seconds / base.seconds:.1f}×",
        f"ratio promised_due / add_working_days: {due.seconds / add.seconds:.1f}×",
    ]


def section(
    *,
    command: str,
    calls: int,
    rows: Sequence[Row],
    warmed: Sequence[int],
    known: Sequence[int],
    build_seconds: float,
    fallback_year: int,
    fallback_seconds: float,
    today: str,
) -> str:
    lines = [
        START_MARKER,
        "## Working-day arithmetic (`bench/bench_workdays.py`)",
        "",
        "Generated by the script; do not edit by hand between the markers.",
        "",
        f"- Command: `{command}`",
        f"- Measured on {today}: {machine()}",
        f"- Calls: {calls:,} per measurement; best of {REPEATS} repetitions, taken in turn (A B C, A B C, ...); "
        "`time.perf_counter`; garbage "
        "collector off while timing (as `timeit` does). Each figure includes the same Python `for` loop over "
        "the inputs.",
        f"- Inputs (seed {SEED}, generated before timing): acceptance moments in Asia/Shanghai across "
        f"{FIRST_DAY}..{LAST_DAY}, limits 1..{MAX_LIMIT} working days.",
        f"- The calendar (official schedules of {known[0]}–{known[-1]} from `{package.source()}`) had its "
        f"per-year indexes for {warmed[0]}–{warmed[-1]} built (warmed) before timing.",
        f"- Correctness: {SAMPLE:,} sampled inputs (or all, if fewer) agree with a day-by-day walk over "
        "`is_working_day`.",
        "",
        *table(rows),
        "",
        "Measurements:",
        "",
        *(f"- {row.name}: `{row.code}`" for row in rows),
        "",
        "Ratios (the figures to compare between machines):",
        "",
        *(f"- {line}" for line in ratio_lines(rows)),
        "",
        "One-off cost of building the per-year indexes from cold (not in the table):",
        "",
        f"- all {len(known)} official years ({known[0]}–{known[-1]}): {build_seconds * 1e3:.2f} ms "
        f"({build_seconds / len(known) * 1e6:,.0f} µs per year)",
        f"- one year without an official schedule ({fallback_year}, statutory holidays from lunar dates): "
        f"{fallback_seconds * 1e3:.2f} ms",
        END_MARKER,
    ]
    return "\n".join(lines) + "\n"


def header(today: str) -> str:
    return (
        "# Performance\n"
        "\n"
        "Every figure in this file is measured and written by the scripts in `bench/` (never typed by hand);\n"
        "each script owns the section between its `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`\n"
        "markers and leaves the rest of the file alone. Re-run them with `make bench` (or one of them with\n"
        "`.venv/bin/python -m bench.bench_workdays --write-docs`).\n"
        "\n"
        f"This file was created on {today} on: {machine()}.\n"
        "Each section states the machine, Python version and date of its own measurements; compare ratios,\n"
        "not nanoseconds, between machines.\n"
        "\n"
    )


def splice(existing: str | None, new_section: str, today: str) -> str:
    """``existing`` with the section between the markers replaced (or appended); a header if new."""
    if existing is None:
        return header(today) + new_section
    start, end = existing.find(START_MARKER), existing.find(END_MARKER)
    if start == -1 and end == -1:
        return existing.rstrip("\n") + "\n\n" + new_section
    if start == -1 or end == -1 or end < start:
        raise ValueError(f"unbalanced {START_MARKER} / {END_MARKER} markers")
    after = existing[end + len(END_MARKER) :]
    if after.startswith("\n"):
        after = after[1:]
    return existing[:start] + new_section + after


def write_docs(new_section: str, today: str, path: Path = DOCS) -> None:
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(splice(existing, new_section, today), encoding="utf-8")


# --- main ---------------------------------------------------------------------------------------


def positive(text: str) -> int:
    value = int(text.replace("_", ""))
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_workdays", description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=positive, default=DEFAULT_CALLS, help="due dates per measurement")
    parser.add_argument("--write-docs", action="store_true", help=f"update the section in {DOCS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    command = " ".join([".venv/bin/python -m bench.bench_workdays", *argv])
    today = dt.date.today().isoformat()

    print(f"machine: {machine()}")
    print(f"generating {args.calls:,} inputs (seed {SEED}) ...", flush=True)
    inputs = make_inputs(args.calls)

    calendar = official_calendar()
    known = package.known_years()
    # Warm every year the inputs can reach: acceptance years up to a due date 60 working days later.
    warmed = list(range(FIRST_DAY.year, LAST_DAY.year + 2))
    for year in warmed:
        calendar.is_working_day(dt.date(year, 1, 1))

    problems = mismatches(calendar, inputs[:SAMPLE])
    if problems:
        print(f"FAILED: {len(problems)} of {min(SAMPLE, len(inputs))} sampled inputs differ from the day-by-day walk:")
        for problem in problems[:20]:
            print(f"  {problem}")
        return 1
    print(f"correctness: {min(SAMPLE, len(inputs)):,} sampled inputs agree with the day-by-day walk")
    print(
        f"calendar cache warmed for {warmed[0]}–{warmed[-1]} before timing; "
        f"best of {REPEATS} (rounds interleaved), GC off while timing"
    )

    print(f"timing {len(MEASUREMENTS)} measurements, {REPEATS} rounds taken in turn ...", flush=True)
    runs = [lambda measure=measure: measure(inputs, calendar) for _, _, measure in MEASUREMENTS]
    best = best_of_interleaved(REPEATS, runs)
    rows = [Row(name, code, seconds, args.calls) for (name, code, _), seconds in zip(MEASUREMENTS, best, strict=True)]

    build_seconds = cold_build(known, REPEATS)
    fallback_year = known[-1] + 1
    fallback_seconds = cold_fallback_year(fallback_year, REPEATS)

    print()
    print(f"{args.calls:,} calls per measurement")
    print("\n".join(table(rows)))
    print()
    print("\n".join(ratio_lines(rows)))
    print()
    print(
        f"cold build of all {len(known)} official years' indexes ({known[0]}–{known[-1]}): "
        f"{build_seconds * 1e3:.2f} ms ({build_seconds / len(known) * 1e6:,.0f} µs per year)"
    )
    print(f"cold build of {fallback_year} (no official schedule, statutory fallback): {fallback_seconds * 1e3:.2f} ms")

    if args.write_docs:
        new_section = section(
            command=command,
            calls=args.calls,
            rows=rows,
            warmed=warmed,
            known=known,
            build_seconds=build_seconds,
            fallback_year=fallback_year,
            fallback_seconds=fallback_seconds,
            today=today,
        )
        write_docs(new_section, today)
        print(f"wrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the page and intake benchmarks share: timing two ways of getting the same thing in turn,
the ratio and the verdict against the issue's limits, the query plans, and the docs section."""

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from time import perf_counter

from bench.bench_workdays import timed


@dataclass(frozen=True)
class Pair:
    """A subject (the application's own code) and its limit (the same result by hand-written SQL)."""

    name: str
    subject: Callable[[], object]
    limit: Callable[[], object]
    subject_code: str
    limit_code: str
    same: Callable[[object, object], bool] | None = None  # the results agree (checked before timing)
    target_ms: float | None = 50.0  # the bound for a page-level query (None: no bound)
    target_ratio: float | None = 1.5
    # A page of many small statements (a dashboard): the time bound is for each of its queries (the
    # slowest), the whole page's time is reported beside it; otherwise it bounds the whole subject.
    per_query: bool = False


@dataclass(frozen=True)
class Result:
    pair: Pair
    subject_ms: float  # median
    limit_ms: float
    subject_spread: tuple[float, float]
    queries: int
    limit_queries: int
    slowest_ms: float = 0.0
    # The subject's own statements sent again as captured: no query building, no model objects.
    statements_ms: float | None = None

    @property
    def ratio(self) -> float:
        return self.subject_ms / self.limit_ms if self.limit_ms else float("inf")

    @property
    def statements_ratio(self) -> float | None:
        if self.statements_ms is None:
            return None
        return self.statements_ms / self.limit_ms if self.limit_ms else float("inf")

    def verdict(self) -> str:
        checks = []
        if self.pair.target_ms is not None:
            timed = self.slowest_ms if self.pair.per_query else self.subject_ms
            checks.append(timed <= self.pair.target_ms)
        if self.pair.target_ratio is not None:
            # The issue bounds each page-level *query* by the same query in raw SQL: the statements the
            # subject sends (timed as sent again) against the limit's. The whole call, the ORM's Python
            # included, is the table's *ratio*, reported beside it and bounded by the time target.
            checks.append(self.statements_ratio is not None and self.statements_ratio <= self.pair.target_ratio)
        if not checks:
            return "—"
        return "met" if all(checks) else "MISSED"


def clock(run: Callable[[], object]) -> Callable[[], float]:
    def timing() -> float:
        begin = perf_counter()
        run()
        return perf_counter() - begin

    return timing


def samples_interleaved(repeats: int, runs: Sequence[Callable[[], float]]) -> list[list[float]]:
    """``repeats`` timings of each run taken in turn (A B C, A B C, …), the garbage collector off
    while each runs: a slow spell of a shared machine falls on every measurement alike."""
    samples: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for run, times in zip(runs, samples, strict=True):
            times.append(timed(run))
    return samples


def captured(run: Callable[[], object]) -> list[str]:
    """The statements one call of ``run`` sends, as executed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as capture:
        run()
    return [query["sql"] for query in capture.captured_queries]


def count_queries(run: Callable[[], object]) -> int:
    return len(captured(run))


def reads(run: Callable[[], object]) -> list[str]:
    """The SELECT statements one call of ``run`` sends, as executed."""
    return [sql for sql in captured(run) if sql.lstrip().upper().startswith("SELECT")]


def replay(run: Callable[[], object]) -> Callable[[], object]:
    """``run``'s reads sent again as captured, to their last row: the database's and the driver's share
    of ``run``, without the ORM's building of the SQL and of the model objects."""
    from django.db import connection

    statements = reads(run)

    def again() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return again


def measure(pairs: Sequence[Pair], repeats: int, progress: Callable[[str], None] = print) -> list[Result]:
    """Check each pair agrees, warm both once, then time them all in turn."""
    for pair in pairs:
        a, b = pair.subject(), pair.limit()
        if pair.same is not None and not pair.same(a, b):
            raise AssertionError(f"{pair.name}: the subject and its raw SQL disagree:\n  {a!r}\n  {b!r}")
    progress(f"correctness: every subject agrees with its raw SQL ({len(pairs)} pairs)")
    runs = []
    for pair in pairs:
        runs += [clock(pair.subject), clock(pair.limit), clock(replay(pair.subject))]
    samples = samples_interleaved(repeats, runs)
    results = []
    for n, pair in enumerate(pairs):
        subject, limit, statements = samples[3 * n : 3 * n + 3]
        results.append(
            Result(
                pair,
                statistics.median(subject) * 1e3,
                statistics.median(limit) * 1e3,
                (min(subject) * 1e3, max(subject) * 1e3),
                count_queries(pair.subject),
                count_queries(pair.limit),
                max((seconds for seconds, _sql in slowest(pair.subject, n=1, runs=3)), default=0.0) * 1e3,
                statistics.median(statements) * 1e3,
            )
        )
    return results


def table(results: Sequence[Result]) -> list[str]:
    lines = [
        "| measurement | queries | median ms | fastest–slowest ms | slowest query ms | its SQL ms | raw SQL ms "
        "| ratio | SQL ratio | target | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        target = []
        if r.pair.target_ms is not None:
            target.append(f"≤ {r.pair.target_ms:g} ms" + (" each query" if r.pair.per_query else ""))
        if r.pair.target_ratio is not None:
            target.append(f"≤ {r.pair.target_ratio:g}×")
        low, high = r.subject_spread
        lines.append(
            f"| {r.pair.name} | {r.queries} | {r.subject_ms:,.1f} | {low:,.1f}–{high:,.1f} | {r.slowest_ms:,.1f} "
            f"| {_ms(r.statements_ms)} | {r.limit_ms:,.1f} | {r.ratio:.2f}× | {_ratio(r.statements_ratio)} "
            f"| {', '.join(target) or '—'} | {r.verdict()} |"
        )
    return lines


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def slowest(run: Callable[[], object], n: int = 2, runs: int = 1) -> list[tuple[float, str]]:
    """The ``n`` slowest statements of one run (seconds, SQL as executed), each run again to its
    last row (SQLite's execute returns at the first row), the best of ``runs`` times."""
    from django.db import connection

    timed_queries = []
    with connection.cursor() as cursor:
        for sql in reads(run):
            best = float("inf")
            for _ in range(runs):
                begin = perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                best = min(best, perf_counter() - begin)
            timed_queries.append((best, sql))
    return sorted(timed_queries, key=lambda q: q[0], reverse=True)[:n]


def explain(sql: str) -> list[str]:
    """The plan: SQLite's EXPLAIN QUERY PLAN; PostgreSQL's EXPLAIN (ANALYZE) nodes without costs."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return [str(row[-1]) for row in cursor.fetchall()]
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql)
        rows = [str(row[0]) for row in cursor.fetchall()]
    keep = []
    for row in rows:
        text = row.strip().removeprefix("-> ").strip()
        if re.match(r"(Planning|Execution) Time", text) or re.search(r"(Scan|Join|Aggregate|Sort|Limit)", text):
            text = re.sub(r"\s+", " ", text)
            keep.append(text if len(text) <= 120 else text[:117] + "…")
    return keep


def tables_of(sql: str) -> str:
    return " + ".join(dict.fromkeys(re.findall(r'(?:FROM|JOIN) "?(\w+)"?', sql))) or "?"

"""Benchmark of scoring the annual assessment (考核评分, issue #9 point 5): reading a year's records
of every centre (``inputs.facts_for``) and scoring every sheet, on a generated county of 16 centres
with ~400,000 cases in the year and on a province of 1,600 centres.

Run from the repository root:

    .venv/bin/python -m bench.bench_assessment [--scale county|province] [--database-url URL] [--reuse] [--write-docs]

The data (``bianmin/loadgen``, the ``generate_load_data`` generator; ``bench/data.py``) go into their
own database: a SQLite file (``bench/.data/<scale>.sqlite3`` by default; ``--sqlite PATH``) or the
PostgreSQL database of ``--database-url`` (or ``BENCH_DATABASE_URL``), whose name must contain
"bench" — its schema is dropped and rebuilt — never the application's database. The county is the
one the report and page benchmarks use (16 centres, 5 years, ~2 million cases); ``--reuse`` keeps a
database generated earlier with the same shape.

Measurements, each the median of ``--repeats`` timings taken in turn (A B C D E, A B C D E, …),
for the year 2026 at 2026-11-25 10:00 (``loadgen.shape.BENCH_NOW``):

- ``facts_for``: ``inputs.facts_for(centres, year=, now=)`` — every ``CentreFacts`` of every centre,
  evidence samples included.
- the same counts, raw SQL: what ``facts_for`` counts (the months whose register holds a case,
  promised cases accepted and those without a 承诺件告知单, overdue cases, reports on time, villages
  without a point, items printed and their disclosure gaps, verified complaints, findings, press
  reports, bulletins), handwritten in the cheapest shape we know (the months as index probes, the
  missing notices as an anti-join) and grouped by centre, without the evidence lists — the baseline.
- pure scoring: every automatic item of every sheet (``scoring.auto_value``, evidence cut at
  ``inputs.EVIDENCE_LIMIT``), the indicators and the totals — what ``services.assessment_autoscore``
  computes, without the database.
- score all centres: ``facts_for`` + pure scoring — the figure of the issue (16 centres under 1 s,
  1,600 under 20 s).
- ``assessment_open``: the whole service with its writes (sheets, ~60 scores per sheet, the
  automatic values, the totals), in a transaction that is rolled back after the timing.

Before timing, the counts of ``facts_for`` are compared with the raw SQL; the script exits non-zero
on any difference. ``--write-docs`` rewrites the section between the
``bench:assessment-<scale>-<vendor>`` markers of ``docs/performance.md`` and leaves the rest alone.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from time import perf_counter

from bench import data
from bench.bench_reports import count_queries, positive, raw

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "performance.md"
DEFAULT_REPEATS = 5
SCALES = ("county", "province")
TARGETS = {16: 1.0, 1_600: 20.0}  # centres → seconds (issue #9 point 5; the province's is the lead's)


def markers(scale: str, vendor: str) -> tuple[str, str]:
    """One section per data set and database: no run overwrites another's figures."""
    return f"<!-- bench:assessment-{scale}-{vendor}:start -->", f"<!-- bench:assessment-{scale}-{vendor}:end -->"


def target_for(centres: int) -> float:
    """The time allowed for scoring ``centres`` (the smallest target that covers them)."""
    for n, seconds in sorted(TARGETS.items()):
        if centres <= n:
            return seconds
    return TARGETS[max(TARGETS)] * centres / max(TARGETS)


# --- raw SQL (portable: SQLite and PostgreSQL) ------------------------------------------------------
# %(centres)s is replaced by the literal id list (as in bench_reports); the rest are parameters.

# 台账: whether each month's register holds a case — one index probe per centre and month.
LEDGER_SQL = """SELECT o.id, {months}
FROM org_centre o
WHERE o.id IN (%(centres)s)"""
MONTH_EXISTS = (
    "EXISTS (SELECT 1 FROM cases_case c WHERE c.centre_id = o.id"
    " AND c.received_at >= %(m{n}s)s AND c.received_at < %(m{n}e)s)"
)

PROMISED = """c.centre_id IN (%(centres)s) AND c.handling_type = 'promised'
  AND c.accepted_at >= %(start)s AND c.accepted_at < %(end)s"""
PROMISED_SQL = f"""SELECT c.centre_id, COUNT(*)
FROM cases_case c
WHERE {PROMISED}
GROUP BY c.centre_id"""  # noqa: S608 - constants only
WITHOUT_NOTICE_SQL = f"""SELECT c.centre_id, COUNT(*)
FROM cases_case c
WHERE {PROMISED}
  AND NOT EXISTS (SELECT 1 FROM cases_notice n
                  WHERE n.case_id = c.id AND n.kind = 'promise' AND n.issued_at >= %(start)s)
GROUP BY c.centre_id"""  # noqa: S608 - constants only

OVERDUE_SQL = """SELECT c.centre_id, COUNT(*)
FROM cases_case c
WHERE c.centre_id IN (%(centres)s) AND c.due_at >= %(start)s AND c.due_at < %(end)s
  AND (c.completed_at > c.due_at OR c.status IN ('extension_pending', 'handling'))
GROUP BY c.centre_id"""

REPORTS_SQL = """SELECT r.centre_id, COUNT(*)
FROM reports_monthlyreport r
WHERE r.centre_id IN (%(centres)s) AND r.month >= %(first_day)s AND r.month <= %(last_month)s
  AND r.status = 'submitted' AND r.on_time AND r.first_submitted_at <= %(now)s
GROUP BY r.centre_id"""

VILLAGES_SQL = """SELECT c.id, COUNT(v.id),
  COUNT(CASE WHEN NOT EXISTS (SELECT 1 FROM org_agencypoint p WHERE p.village_id = v.id AND p.is_active)
        THEN 1 END)
FROM org_centre c JOIN org_region v ON v.parent_id = c.township_id AND v.level = 'village' AND v.is_active
WHERE c.id IN (%(centres)s)
GROUP BY c.id"""

# Printed items (handbook) and, per disclosure name, the printed items whose guide does not state it.
HANDBOOK_SQL = """SELECT ci.centre_id, COUNT(*),
  COUNT(CASE WHEN TRIM(g.legal_basis) = '' THEN 1 END),
  COUNT(CASE WHEN TRIM(g.procedure) = '' THEN 1 END),
  COUNT(CASE WHEN NOT EXISTS (SELECT 1 FROM catalogue_material m WHERE m.version_id = g.id) THEN 1 END),
  COUNT(CASE WHEN g.handling_type = 'promised' AND g.promised_limit_days < 1 THEN 1 END),
  COUNT(CASE WHEN NOT g.is_free AND (TRIM(g.fees) = '' OR TRIM(g.fee_basis) = '') THEN 1 END)
FROM catalogue_centreitem ci
JOIN catalogue_serviceitem i ON i.id = ci.item_id
JOIN catalogue_guideversion g ON g.id = i.current_id
WHERE ci.centre_id IN (%(centres)s) AND ci.is_active AND i.is_active
GROUP BY ci.centre_id"""
DISCLOSURE_NAMES = ("办理依据", "办理流程", "申报材料", "承诺时限", "收费标准及依据")

COMPLAINTS_SQL = """SELECT k.centre_id, COUNT(*)
FROM supervision_complaint k
WHERE k.centre_id IN (%(centres)s) AND k.verdict = 'substantiated'
  AND k.verified_at >= %(start)s AND k.verified_at < %(end)s
GROUP BY k.centre_id"""

FINDINGS_SQL = """SELECT f.centre_id, f.kind, COUNT(*)
FROM supervision_monitoringfinding f
WHERE f.centre_id IN (%(centres)s) AND f.annulled_at IS NULL
  AND f.observed_at >= %(start)s AND f.observed_at < %(end)s
GROUP BY f.centre_id, f.kind"""

CITY_OR_ABOVE = "('city', 'province', 'national')"
PRESS_SQL = f"""SELECT p.centre_id,
  COUNT(CASE WHEN p.tone = 'negative' AND p.level IN {CITY_OR_ABOVE} THEN 1 END),
  COUNT(CASE WHEN p.tone = 'positive' AND p.level IN {CITY_OR_ABOVE} THEN 1 END)
FROM supervision_pressreport p
WHERE p.centre_id IN (%(centres)s) AND p.annulled_at IS NULL
  AND p.published_on >= %(first_day)s AND p.published_on <= %(last_day)s
GROUP BY p.centre_id"""  # noqa: S608 - constants only

BULLETINS_SQL = f"""SELECT b.centre_id,
  COUNT(CASE WHEN b.outcome = 'criticism' THEN 1 END),
  COUNT(CASE WHEN b.outcome = 'praise' AND b.level IN {CITY_OR_ABOVE} THEN 1 END)
FROM supervision_bulletin b
WHERE b.centre_id IN (%(centres)s) AND b.annulled_at IS NULL
  AND b.issued_on >= %(first_day)s AND b.issued_on <= %(last_day)s
GROUP BY b.centre_id"""  # noqa: S608 - constants only


@dataclass(frozen=True)
class Row:
    name: str
    code: str
    seconds: float  # median
    spread: tuple[float, float]  # fastest, slowest
    queries: int


# --- the subject ----------------------------------------------------------------------------------------


class Subject:
    """The assessment of ``year`` at ``now`` for every centre of the bench database."""

    def __init__(self, year: int, now: dt.datetime) -> None:
        from bianmin.assessment import services
        from bianmin.assessment.services_rubric import rubric_for_year, rubric_load_default
        from bianmin.core.roles import Role
        from bianmin.org.models import Centre, Staff

        rubric_load_default()
        self.year, self.now = year, now
        self.rubric = rubric_for_year(year)
        self.specs = services.rubric_indicators(self.rubric)
        self.auto_items = [
            (item.pk, item.source, item.points)
            for indicator, _spec, _bonus in self.specs
            for item in indicator.items.all()
            if item.source
        ]
        self.admin = Staff.objects.filter(role=Role.COUNTY_ADMIN, is_active=True).order_by("pk").first()
        self.centres = list(Centre.objects.filter(is_active=True).order_by("township__code"))
        self.ids = [centre.pk for centre in self.centres]
        self.facts = None

    def facts_for(self):
        from bianmin.assessment import inputs

        return inputs.facts_for(self.centres, year=self.year, now=self.now)

    def score(self, facts) -> dict:
        """What ``assessment_autoscore`` computes per sheet, without the database."""
        from bianmin.assessment import inputs
        from bianmin.assessment.scoring import auto_value, indicator_points, totals

        limit = inputs.EVIDENCE_LIMIT
        out = {}
        for centre_id, centre_facts in facts.items():
            values, stored = {}, {}
            for item_id, source, points in self.auto_items:
                auto = auto_value(source, centre_facts, points)
                values[item_id] = auto.value
                stored[item_id] = (auto.summary[:300], [asdict(e) for e in auto.evidence[:limit]])
            results = [(indicator_points(spec, values), is_bonus) for _ind, spec, is_bonus in self.specs]
            out[centre_id] = (totals(results), stored)
        return out

    def score_prepared(self):
        return self.score(self.facts)

    def score_all(self):
        return self.score(self.facts_for())

    def open_rolled_back(self) -> float:
        """``assessment_open`` for the year, timed, then rolled back (the timing excludes the rollback)."""
        from django.db import transaction

        from bianmin.assessment import services

        with transaction.atomic():
            begin = perf_counter()
            services.assessment_open(year=self.year, actor=self.admin, at=self.now)
            seconds = perf_counter() - begin
            transaction.set_rollback(True)
        return seconds

    # --- the baseline ------------------------------------------------------------------------------

    def params(self) -> dict:
        from bianmin.assessment.inputs import Period
        from bianmin.cases.months import Month

        period = Period.of(self.year, self.now)
        params = {
            "centres": self.ids,
            "start": period.start,
            "end": period.end,
            "now": self.now,
            "first_day": period.first_day,
            "last_day": period.last_day,
            "last_month": dt.date(self.year, 12, 1),
        }
        for m in range(1, 13):
            params[f"m{m}s"], params[f"m{m}e"] = Month(self.year, m).bounds(period.start.tzinfo)
        return params

    def raw_counts(self) -> dict[str, dict]:
        """The counts ``facts_for`` makes, in handwritten SQL, grouped by centre (one query each)."""
        params = self.params()
        months = ",\n  ".join(MONTH_EXISTS.format(n=m) for m in range(1, 13))
        return {
            "ledger": {r[0]: r[1:] for r in raw(LEDGER_SQL.format(months=months), params)},
            "promised": {r[0]: r[1] for r in raw(PROMISED_SQL, params)},
            "without_notice": {r[0]: r[1] for r in raw(WITHOUT_NOTICE_SQL, params)},
            "overdue": {r[0]: r[1] for r in raw(OVERDUE_SQL, params)},
            "reports": {r[0]: r[1] for r in raw(REPORTS_SQL, params)},
            "villages": {r[0]: r[1:] for r in raw(VILLAGES_SQL, params)},
            "handbook": {r[0]: r[1:] for r in raw(HANDBOOK_SQL, params)},
            "complaints": {r[0]: r[1] for r in raw(COMPLAINTS_SQL, params)},
            "findings": {(r[0], r[1]): r[2] for r in raw(FINDINGS_SQL, params)},
            "press": {r[0]: r[1:] for r in raw(PRESS_SQL, params)},
            "bulletins": {r[0]: r[1:] for r in raw(BULLETINS_SQL, params)},
        }


def expected(subject: Subject, counts: dict) -> dict[int, dict]:
    """Per centre, the figures ``facts_for`` must give, from the raw counts."""
    from bianmin.assessment.inputs import Period

    last = Period.of(subject.year, subject.now).last_finished_month()
    owed = last.month if last and last.year == subject.year else 0  # the data start before the year
    out = {}
    for pk in subject.ids:
        months = counts["ledger"].get(pk, (False,) * 12)
        promised = counts["promised"].get(pk, 0)
        handbook = counts["handbook"].get(pk, (0,) * 6)
        negative, positive_press = counts["press"].get(pk, (0, 0))
        criticism, praise = counts["bulletins"].get(pk, (0, 0))
        out[pk] = {
            "ledger_months_kept": sum(1 for n in months[:owed] if n),
            "promised_cases": promised,
            "promised_with_notice": promised - counts["without_notice"].get(pk, 0),
            "overdue_count": counts["overdue"].get(pk, 0),
            "reports_on_time": counts["reports"].get(pk, 0),
            "villages": counts["villages"].get(pk, (0, 0))[0],
            "villages_without_point": counts["villages"].get(pk, (0, 0))[1],
            "handbook_items": handbook[0],
            "disclosure_gaps": {name: n for name, n in zip(DISCLOSURE_NAMES, handbook[1:], strict=True) if n},
            "complaints_verified": counts["complaints"].get(pk, 0),
            "video": {k: counts["findings"].get((pk, k), 0) for k in ("absent", "unrelated", "chatting")},
            "criticisms_and_exposures": negative + criticism,
            "commendations": praise,
            "positive_media": positive_press,
        }
    return out


def observed(facts) -> dict:
    return {
        "ledger_months_kept": facts.ledger_months_kept,
        "promised_cases": facts.promised_cases,
        "promised_with_notice": facts.promised_with_notice,
        "overdue_count": facts.overdue_count,
        "reports_on_time": facts.reports_on_time,
        "villages": facts.villages,
        "villages_without_point": len(facts.villages_without_point),
        "handbook_items": facts.handbook_items,
        "disclosure_gaps": {name: len(rows) for name, rows in facts.disclosure_gaps.items() if rows},
        "complaints_verified": len(facts.complaints_verified),
        "video": {k: len(facts.video.get(k, ())) for k in ("absent", "unrelated", "chatting")},
        "criticisms_and_exposures": len(facts.criticisms_and_exposures),
        "commendations": len(facts.commendations),
        "positive_media": len(facts.positive_media),
    }


def mismatches(subject: Subject, facts: dict) -> list[str]:
    problems = []
    want = expected(subject, subject.raw_counts())
    for pk in subject.ids:
        got = observed(facts[pk])
        diff = {k: (got[k], want[pk][k]) for k in want[pk] if got[k] != want[pk][k]}
        if diff:
            problems.append(f"centre {pk}: facts_for ≠ raw SQL (facts_for, SQL): {diff}")
    return problems


def summary(subject: Subject, facts: dict) -> str:
    """What the data look like through ``facts_for`` (sums over all centres)."""
    keys = ("promised_cases", "promised_with_notice", "overdue_count", "reports_on_time", "villages")
    sums = {k: sum(observed(f)[k] for f in facts.values()) for k in keys}
    sums["villages_without_point"] = sum(len(f.villages_without_point) for f in facts.values())
    sums["centres missing a mandatory line"] = sum(1 for f in facts.values() if f.missing_lines)
    sums["complaints verified"] = sum(len(f.complaints_verified) for f in facts.values())
    return ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in sums.items())


# --- timing -----------------------------------------------------------------------------------------


def medians_interleaved(repeats: int, runs: Sequence[Callable[[], float]]) -> list[list[float]]:
    """``repeats`` timings of each run, taken in turn (A B C, A B C, …), garbage collector off while
    each runs; each run returns its own seconds."""
    from bench.bench_workdays import timed

    samples: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for run, times in zip(runs, samples, strict=True):
            times.append(timed(run))
    return samples


def clock(run: Callable[[], object]) -> Callable[[], float]:
    def timing() -> float:
        begin = perf_counter()
        run()
        return perf_counter() - begin

    return timing


def slowest_queries(run: Callable[[], object], n: int = 3) -> list[tuple[float, str]]:
    """The ``n`` slowest queries of one run: (seconds, SQL as executed). Each captured query is run
    again to the last row: SQLite's ``execute`` returns at the first row, so the captured times of
    a grouped query can miss most of its work."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    timed_queries = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            begin = perf_counter()
            cursor.execute(query["sql"])
            cursor.fetchall()
            timed_queries.append((perf_counter() - begin, query["sql"]))
    return sorted(timed_queries, key=lambda q: q[0], reverse=True)[:n]


def explain(sql: str) -> list[str]:
    """The scans of a query's plan (which table, which index), without costs."""
    import re

    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return [str(row[-1]) for row in cursor.fetchall()]
        cursor.execute("EXPLAIN " + sql)
        rows = [str(row[0]) for row in cursor.fetchall()]
    found = [re.search(r"(\w[\w ]*Scan(?: using| on) \S+(?: on \S+)?)", row) for row in rows]
    return [f.group(1).strip() for f in found if f]


def describe_query(sql: str) -> str:
    """A short name for a captured query: the tables it reads and its shape."""
    import re

    tables = list(dict.fromkeys(re.findall(r'(?:FROM|JOIN) "?(\w+)"?', sql)))
    upper = sql.upper()
    shape = [
        name
        for key, name in (("ROW_NUMBER", "ROW_NUMBER sample"), ("GROUP BY", "GROUP BY"), ("EXISTS", "EXISTS"))
        if key in upper
    ]
    return " + ".join(tables or ["?"]) + (f" ({', '.join(shape)})" if shape else "")


# --- report -------------------------------------------------------------------------------------------


def table(rows: Sequence[Row], *, target: float) -> list[str]:
    lines = [
        "| measurement | queries | median ms | fastest–slowest ms | ratio / target |",
        "|---|---:|---:|---:|---:|",
    ]
    by_name = {row.name: row for row in rows}
    for row in rows:
        if row.name == "facts_for, ORM":
            base = by_name.get("the same counts, raw SQL")
            ratio = f"{row.seconds / base.seconds:.2f}× raw SQL" if base else "—"
        elif row.name == "the same counts, raw SQL":
            ratio = "1.00×"
        elif row.name.startswith("score all centres"):
            ratio = f"{row.seconds / target:.0%} of {target:g} s"
        else:
            ratio = "—"
        low, high = row.spread
        lines.append(
            f"| {row.name} | {row.queries} | {row.seconds * 1e3:,.1f} | {low * 1e3:,.0f}–{high * 1e3:,.0f} | {ratio} |"
        )
    return lines


def verdict(rows: Sequence[Row], *, target: float, vendor: str) -> str:
    headline = next(row for row in rows if row.name.startswith("score all centres"))
    met = "met" if headline.seconds <= target else "MISSED"
    where = "" if vendor == "postgresql" else " (the issue sets it for PostgreSQL)"
    return f"target: score all centres ≤ {target:g} s{where} — {met} ({headline.seconds:.3f} s median)"


def section(
    *, scale, command, today, shape, vendor, server, generated, load, rows, repeats, target, check, slow
) -> str:
    from bench.bench_workdays import machine

    start, end = markers(scale, vendor)
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)
    what = "county" if scale == "county" else "province"
    return (
        "\n".join(
            [
                start,
                f"## Annual assessment, {what} of {shape.centres:,} centres, on {title} (`bench/bench_assessment.py`)",
                "",
                "Generated by the script; do not edit by hand between the markers.",
                "",
                f"- Command: `{command}`",
                f"- Measured on {today}: {machine()}; database {server}",
                f"- Data: {shape.describe()}; {generated}.",
                f"- Load average (1, 5, 15 min) at start: {load[0]}; at end: {load[1]}.",
                f"- Subject: the assessment of {shape.now.year} at {shape.now:%Y-%m-%d %H:%M} for all "
                f"{shape.centres:,} centres. Every figure is the median of {repeats} timings taken in turn "
                "(A B C …, A B C …) after one warm-up run; the counts of `facts_for` were checked equal to the raw "
                "SQL before timing.",
                f"- Through `facts_for`: {check}.",
                "",
                *table(rows, target=target),
                "",
                f"- {verdict(rows, target=target, vendor=vendor)}",
                "",
                "What each line runs:",
                "",
                *(f"- {row.name}: {row.code}" for row in rows),
                "",
                "The slowest queries of one `facts_for` run, and their plans:",
                "",
                *(f"- {ms:,.1f} ms, {name}: `{' / '.join(plan)}`" for ms, name, plan in slow),
                end,
            ]
        )
        + "\n"
    )


def splice(existing: str | None, new_section: str, scale: str, vendor: str) -> str:
    """``existing`` with this data set's and database's section replaced (or appended)."""
    return data.splice(existing, new_section, *markers(scale, vendor))


# --- main ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_assessment", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="county", help="county: 16 centres; province: 1,600")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""), help="PostgreSQL URL")
    parser.add_argument("--sqlite", default="", help="SQLite file when no --database-url")
    parser.add_argument("--centres", type=positive, help="override the scale's number of centres")
    parser.add_argument("--cases-per-centre-year", type=positive, help="override the scale's cases per centre")
    parser.add_argument("--years", type=positive, help="override the scale's years of cases (county 5, province 1)")
    parser.add_argument("--items", type=positive, help="override the catalogue's size (2,000)")
    parser.add_argument("--repeats", type=positive, default=DEFAULT_REPEATS)
    parser.add_argument("--reuse", action="store_true", help="keep a database generated earlier with this shape")
    parser.add_argument("--write-docs", action="store_true", help="update this run's section of --docs")
    parser.add_argument("--docs", default=str(DOCS), help=f"the file --write-docs updates ({DOCS.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    command = " ".join([".venv/bin/python -m bench.bench_assessment", *data.shown(argv)])
    configure_url = data.database_url(args.database_url, args.sqlite or str(data.DATA / f"{args.scale}.sqlite3"))
    data.configure(configure_url)

    from bench.bench_workdays import machine

    shape = data.bench_shape(
        args.scale,
        centres=args.centres,
        cases_per_centre_year=args.cases_per_centre_year,
        years=args.years,
        items=args.items,
    )
    print(f"machine: {machine()}")
    print(f"data: {shape.describe()}")
    written, reused = data.prepare(shape, reuse=args.reuse, progress=lambda m: print(m, flush=True))
    generated = data.describe_data(written, reused)

    from django.db import connection

    vendor = connection.vendor
    server = data.server()
    load_start = data.loadavg()

    subject = Subject(shape.now.year, shape.now)
    target = target_for(len(subject.ids))
    from bianmin.cases.models import Case

    in_year = Case.objects.filter(centre_id__in=subject.ids, received_at__gte=subject.params()["start"]).count()
    print(f"{server}: {len(subject.ids):,} centres, {in_year:,} cases received in {shape.now.year}")

    subject.facts = subject.facts_for()
    problems = mismatches(subject, subject.facts)
    if problems:
        print("FAILED: facts_for and the raw SQL disagree:")
        for problem in problems[:20]:
            print(f"  {problem}")
        return 1
    check = summary(subject, subject.facts)
    print("correctness: facts_for = raw SQL for every centre's counts")
    print(f"facts: {check}")

    measurements: list[tuple[str, str, Callable[[], float], Callable[[], object]]] = [
        (
            "facts_for, ORM",
            "`inputs.facts_for(centres, year=2026, now=…)` (every field, evidence samples included)",
            clock(subject.facts_for),
            subject.facts_for,
        ),
        (
            "the same counts, raw SQL",
            "the counts `facts_for` makes, handwritten and grouped by centre, no evidence lists: months as index "
            "probes (`EXISTS` per centre and month), missing notices as an anti-join (`NOT EXISTS`)",
            clock(subject.raw_counts),
            subject.raw_counts,
        ),
        (
            "pure scoring of every sheet",
            "`scoring.auto_value` of every automatic item (evidence cut at `EVIDENCE_LIMIT`), "
            "`indicator_points` and `totals` of every sheet, from facts read beforehand",
            clock(subject.score_prepared),
            subject.score_prepared,
        ),
        (
            "score all centres (facts_for + scoring)",
            "the two above in one go: what `assessment_autoscore` computes, without its writes",
            clock(subject.score_all),
            subject.score_all,
        ),
        (
            "assessment_open, with writes",
            f"`services.assessment_open(year={shape.now.year}, …)`: {len(subject.ids):,} sheets, a score per item, "
            "auto-scored and totalled (in a transaction rolled back after the timing)",
            subject.open_rolled_back,
            subject.open_rolled_back,
        ),
    ]
    for _name, _code, run, _plain in measurements:
        run()  # warm the database's caches and the URL patterns once
    print(f"timing {len(measurements)} measurements, median of {args.repeats} taken in turn ...", flush=True)
    samples = medians_interleaved(args.repeats, [run for _n, _c, run, _p in measurements])
    rows = []
    for (name, code, _run, plain), times in zip(measurements, samples, strict=True):
        if name == "assessment_open, with writes":
            queries = count_queries(subject.open_rolled_back)
        else:
            queries = count_queries(plain)
        rows.append(Row(name, code, statistics.median(times), (min(times), max(times)), queries))
    slow = [(seconds * 1e3, describe_query(sql), explain(sql)) for seconds, sql in slowest_queries(subject.facts_for)]
    print()
    print("\n".join(table(rows, target=target)))
    print()
    print(verdict(rows, target=target, vendor=vendor))
    for ms, name, plan in slow:
        print(f"slow query {ms:,.1f} ms, {name}: {' / '.join(plan)}")
    if args.write_docs:
        new = section(
            scale=args.scale,
            command=command,
            today=dt.date.today().isoformat(),
            shape=shape,
            vendor=vendor,
            server=server,
            generated=generated,
            load=(load_start, data.loadavg()),
            rows=rows,
            repeats=args.repeats,
            target=target,
            check=check,
            slow=slow,
        )
        docs = Path(args.docs)
        existing = docs.read_text(encoding="utf-8") if docs.exists() else None
        docs.write_text(splice(existing, new, args.scale, vendor), encoding="utf-8")
        print(f"wrote {docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the page-level reads on a county's ~2 million cases (issue #11 point 2): the clerk's
work queue, the centre's case list (all, and its red lights), a centre's home counts, the county's
monitoring dashboard, and guide search over the 2,000-item catalogue — each against the same result
written by hand in SQL (``bench/pages_sql.py``), in the same run.

Run from the repository root:

    .venv/bin/python -m bench.bench_pages [--database-url URL] [--reuse] [--write-docs]

The data are the county of ``bench/data.py`` (16 centres, 5 years, ~2 M cases; generated once and
shared with the report and assessment benchmarks). "Now" is the data's (2026-11-25 10:00): the pages'
clock is set to it while they run, so lights and filters see the data as a live county would.

Each subject is what the view computes before rendering: the same selectors, filters, paginator
(page 1: the count and 30 rows) and lights. Its limit is the same rows and counts by hand-written SQL
(``cursor.execute`` + ``fetchall``, no models) in the cheapest shape we know; for the dashboard the
case reads are hand-written and its other (small) statements replayed as captured. Results are
checked equal first; then every subject and limit is timed ``--repeats`` times in turn and the median
reported, with the ratio; the subject's own statements are also sent again as captured, to show the
database's share apart from the ORM's. Targets (PostgreSQL, 2 M cases): every page-level query
≤ 50 ms and ≤ 1.5× its limit.
``--write-docs`` rewrites the ``bench:pages-<vendor>`` section of ``docs/performance.md``.
"""

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from unittest import mock

from bench import data, harness, pages_sql
from bench.bench_reports import positive, raw

DEFAULT_REPEATS = 15
SEARCHES = {
    "guide search, Chinese keywords": ("低保", "养老保险", "残疾人", "医保", "宅基地", "临时救助"),
    "guide search, full pinyin": ("dibao", "yanglao", "canji", "yibao", "linshijiuzhu"),
    "guide search, pinyin initials": ("db", "ylbx", "zdshbz", "cjr", "lsjz"),
}


def markers(vendor: str) -> tuple[str, str]:
    return f"<!-- bench:pages-{vendor}:start -->", f"<!-- bench:pages-{vendor}:end -->"


def _login(username: str):
    from django.contrib.auth.models import User

    return User.objects.get(username=username)


class Subject:
    """The people and centre the pages are read for: the busiest centre, its director, the clerk
    with the longest queue, and the county administrator."""

    def __init__(self, now: dt.datetime) -> None:
        from django.db.models import Count

        from bianmin.cases import selectors
        from bianmin.cases.models import Case
        from bianmin.org.models import Centre, Staff

        self.now = now
        self.centre_id = (
            Case.objects.values("centre_id").annotate(n=Count("pk")).order_by("-n", "centre_id")[0]["centre_id"]
        )
        self.centre = Centre.objects.select_related("township").get(pk=self.centre_id)
        self.centre_ids = list(Centre.objects.order_by("pk").values_list("pk", flat=True))
        clerks = Staff.objects.filter(centre_id=self.centre_id, role="clerk").select_related("user")
        self.clerk = max((s.user for s in clerks), key=lambda u: (selectors.work_queue(u).count(), -u.pk))
        self.director = Staff.objects.get(pk=self.centre.director_id).user
        self.admin = _login("county-admin")
        # The views' filter forms, validated once: the query is timed, not the form.
        from bianmin.cases.filters import CaseFilterForm

        self.forms = {
            "queue": CaseFilterForm(None, user=self.clerk),
            "list": CaseFilterForm(None, user=self.director, full=True),
            "red": CaseFilterForm({"light": "red"}, user=self.director, full=True),
            "county": CaseFilterForm(None, user=self.admin, full=True),
        }
        for form in self.forms.values():
            form.is_valid()

    # --- subjects: what the views compute ---------------------------------------------------------

    def _page(self, qs) -> tuple[int, list[int]]:
        """What the paginator asks the database for page 1: the count, then 30 rows as models."""
        from bianmin.cases.selectors import with_names

        return qs.count(), [case.pk for case in with_names(qs[:30])]

    def queue(self):
        from bianmin.cases import filters, selectors

        qs = filters.apply(self.forms["queue"], selectors.for_page(selectors.work_queue(self.clerk)))
        return self._page(qs.order_by(*filters.DUE_FIRST))

    def case_list(self, user, form):
        from bianmin.cases import filters, selectors

        return self._page(filters.apply(form, selectors.for_page(selectors.cases_for(user))))

    def centre_list(self):
        return self.case_list(self.director, self.forms["list"])

    def centre_red(self):
        return self.case_list(self.director, self.forms["red"])

    def county_list(self):
        return self.case_list(self.admin, self.forms["county"])

    def home_counts(self):
        from bianmin.cases.selectors import case_summary, cases_for

        counts = case_summary(cases_for(self.clerk).filter(centre_id=self.centre_id))
        return tuple(counts[k] for k in ("open", "red", "yellow", "in_transfer", "extension_pending"))

    def dashboard(self):
        from bianmin.monitoring import selectors
        from bianmin.monitoring.lights import Kind

        scope = selectors.monitoring_scope(self.admin)
        centres = selectors.centres_in(scope)
        lights = selectors.current_lights(scope)
        board = selectors.board(centres, lights)
        trends = selectors.trends(centres)
        selectors.last_run()
        cases = sum(1 for light in lights if light.kind == Kind.CASE)
        return cases, trends["by_kind"][Kind.CASE.label], board["red"]

    def search(self, queries):
        from bianmin.catalogue.search import search_items

        return [[hit.item.pk for hit in search_items(q, limit=51)] for q in queries]

    # --- limits: the same by hand -----------------------------------------------------------------

    def params(self, **extra) -> dict:
        from bianmin.cases.filters import yellow_horizon

        return {"centre": self.centre_id, "now": self.now, "horizon": yellow_horizon(), **extra}

    def _raw_page(self, count_sql: str, page_sql: str, params: dict) -> tuple[int, list[int]]:
        return raw(count_sql, params)[0][0], [row[0] for row in raw(page_sql, params)]

    def queue_sql(self):
        params = self.params(staff=self.clerk.staff.pk)
        return self._raw_page(pages_sql.QUEUE_COUNT, pages_sql.QUEUE_PAGE, params)

    def centre_list_sql(self):
        return self._raw_page(pages_sql.CENTRE_COUNT, pages_sql.CENTRE_PAGE, self.params())

    def centre_red_sql(self):
        return self._raw_page(pages_sql.RED_COUNT, pages_sql.RED_PAGE, self.params())

    def county_list_sql(self):
        return self._raw_page(pages_sql.COUNTY_COUNT, pages_sql.COUNTY_PAGE, self.params())

    def home_counts_sql(self):
        from bianmin.workcalendar.models import CalendarDay, CalendarYear
        from bianmin.workcalendar.selectors import VERSION_SQL

        # The page reads the calendar's version too (its yellow horizon): the same read here.
        raw(VERSION_SQL.format(years=CalendarYear._meta.db_table, days=CalendarDay._meta.db_table), {})
        return tuple(raw(pages_sql.HOME_COUNTS, self.params())[0])

    def trend_params(self) -> tuple[dict, list[str]]:
        from bianmin.cases.months import Month
        from bianmin.monitoring.selectors import months_back

        firsts = months_back(self.now.astimezone(data_tz()).date())
        params = self.params(centres=self.centre_ids)
        for n, first in enumerate(firsts):
            params[f"m{n}s"], params[f"m{n}e"] = Month(first.year, first.month).bounds(data_tz())
        params["start"] = params["m0s"]
        months = ",\n  ".join(pages_sql.TREND_MONTH.format(n=n) for n in range(len(firsts)))
        return params, [pages_sql.TREND_CASES.format(months=months, late=pages_sql.LATE)]

    def dashboard_sql(self):
        from django.db import connection

        params, (trend,) = self.trend_params()
        lights = raw(pages_sql.CASE_LIGHTS, params)
        rows = raw(trend, params)
        with connection.cursor() as cursor:
            for sql in self.dashboard_rest:
                cursor.execute(sql)
                cursor.fetchall()
        months = [sum(row[1 + n] for row in rows) for n in range(12)]
        return len(lights), months

    def search_sql(self, queries):
        from bianmin.catalogue.search import normalise

        # The keys are stored normalised, one term per name or alias (catalogue.pinyin_keys): plain
        # LIKE of the normalised query, with spaces around a term for exact and prefix matches.
        out = []
        for query in queries:
            q = normalise(query)
            params = {
                "q": q,
                "inside": f"%{q}%",
                "name": f"{q} %",
                "term": f"% {q} %",
                "start": f"{q}%",
                "term_start": f"% {q}%",
            }
            out.append([row[0] for row in raw(pages_sql.SEARCH, params)])
        return out

    def capture_dashboard_rest(self) -> None:
        """The dashboard's statements that do not read the cases (org, calendar, logs, reports …)."""
        self.dashboard_rest = [
            sql for sql in harness.captured(self.dashboard) if not sql.startswith('SELECT "cases_case".')
        ]


def data_tz():
    from bianmin.loadgen.shape import CHINA

    return CHINA


def pairs(s: Subject) -> list[harness.Pair]:
    def same_search(a, b):
        return a == b  # the same items in the same order

    def same_dashboard(a, b):
        return a[0] == b[0] and a[1] == b[1]

    out = [
        harness.Pair(
            "clerk's work queue (我的待办), page 1",
            s.queue,
            s.queue_sql,
            "`cases:queue`: `filters.apply(form, selectors.for_page(selectors.work_queue(user)))` due first; "
            "page 1 as the paginator reads it (count + 30 rows as models)",
            "`QUEUE_COUNT` + `QUEUE_PAGE` (the window test as `EXISTS`)",
            lambda a, b: a == b,
        ),
        harness.Pair(
            "centre case list, page 1",
            s.centre_list,
            s.centre_list_sql,
            "`cases:list` of the director: `filters.apply(form, for_page(cases_for(user)))` newest first, page 1",
            "`CENTRE_COUNT` + `CENTRE_PAGE`",
            lambda a, b: a == b,
        ),
        harness.Pair(
            "centre case list, red lights only",
            s.centre_red,
            s.centre_red_sql,
            "`cases:list?light=red`",
            "`RED_COUNT` + `RED_PAGE`",
            lambda a, b: a == b,
        ),
        harness.Pair(
            "centre home: case counts",
            s.home_counts,
            s.home_counts_sql,
            "`selectors.case_summary(cases_for(user).filter(centre_id=…))` (open, red, yellow, hand-overs, extensions)",
            "the calendar's version (`workcalendar.selectors.VERSION_SQL`, as the page) + `HOME_COUNTS`",
            lambda a, b: tuple(a) == tuple(b),
        ),
        harness.Pair(
            "county monitoring dashboard",
            s.dashboard,
            s.dashboard_sql,
            "`monitoring:dashboard` of the county admin: `current_lights` (every collector), `board`, `trends` "
            "(12 months), `last_run`",
            "`CASE_LIGHTS` + `TREND_CASES` by hand, the dashboard's other statements replayed as captured",
            same_dashboard,
            per_query=True,
        ),
        harness.Pair(
            "county case list, page 1 (information)",
            s.county_list,
            s.county_list_sql,
            "`cases:list` of the county admin (every case)",
            "`COUNTY_COUNT` + `COUNTY_PAGE`",
            lambda a, b: a == b,
            target_ms=None,
            target_ratio=None,
        ),
    ]
    for name, queries in SEARCHES.items():
        out.append(
            harness.Pair(
                f"{name} ({len(queries)} queries)",
                lambda q=queries: s.search(q),
                lambda q=queries: s.search_sql(q),
                f"`search_items(q, limit=51)` (the public guide page's search) for {', '.join(queries)}",
                "`SEARCH`: the matching items ranked in SQL (the same ranks and order), first 51, the same columns",
                same_search,
                target_ms=50.0 * len(queries),
            )
        )
    return out


RESPONSES = (
    ("clerk", "/cases/", "我的待办"),
    ("clerk", "/", "home of a clerk"),
    ("director", "/cases/all/", "centre case list"),
    ("director", "/cases/all/?light=red", "centre case list, red lights"),
    ("director", "/", "home of a director (with the centre's monitoring strip)"),
    ("director", "/monitoring/", "centre monitoring dashboard"),
    ("admin", "/", "home of the county admin (with the county's monitoring strip)"),
    ("admin", "/monitoring/", "county monitoring dashboard"),
    ("admin", "/reports/county/?month={month}", "county month summary (信息报送, last month)"),
    ("admin", "/cases/all/", "county case list"),
    (None, "/public/guides/?q=dibao", "public guide search (pinyin)"),
    (None, "/public/guides/?q=低保", "public guide search (keyword)"),
    (None, "/public/progress/?no={number}&code={code}", "public progress lookup"),
    (None, "/healthz", "health check (no database)"),
)


def responses(s: Subject, repeats: int) -> list[tuple[str, str, int, int, float]]:
    """Each page as a user gets it: the whole response (middleware, view, template) through Django's
    test client, median of ``repeats``; public requests from a different address each time (the
    public forms are throttled per address)."""
    import statistics
    from time import perf_counter

    from django.test import Client

    from bianmin.cases.models import Case

    case = Case.objects.filter(centre_id=s.centre_id, status="handling").order_by("pk").first()
    month = (s.now.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    clients = {None: Client()}
    for role, user in (("clerk", s.clerk), ("director", s.director), ("admin", s.admin)):
        clients[role] = Client()
        clients[role].force_login(user)
    rows = []
    for role, url, label in RESPONSES:
        url = url.format(month=month, number=case.receipt_number, code=case.public_code)
        times, status, size = [], 0, 0
        for n in range(repeats + 1):
            extra = {"REMOTE_ADDR": f"127.0.{n // 250}.{n % 250 + 1}"} if role is None else {}
            begin = perf_counter()
            response = clients[role].get(url, secure=True, **extra)
            elapsed = perf_counter() - begin
            status, size = response.status_code, len(response.content)
            if n:  # the first request warms the caches
                times.append(elapsed)
        rows.append((label, url, status, size, statistics.median(times) * 1e3))
    return rows


def response_table(rows) -> list[str]:
    lines = ["| page | URL | status | KB | median ms |", "|---|---|---:|---:|---:|"]
    for label, url, status, size, ms in rows:
        lines.append(f"| {label} | `{url}` | {status} | {size / 1024:,.0f} | {ms:,.1f} |")
    return lines


def section(*, command, today, shape, server, generated, load, results, repeats, plans, centre, pages) -> str:
    from bench.bench_workdays import machine

    vendor = server.split()[0]
    start, end = markers(vendor)
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)
    missed = [r.pair.name for r in results if r.verdict() == "MISSED"]
    return (
        "\n".join(
            [
                start,
                f"## Page-level reads on {title} (`bench/bench_pages.py`)",
                "",
                "Generated by the script; do not edit by hand between the markers.",
                "",
                f"- Command: `{command}`",
                f"- Measured on {today}: {machine()}; database {server}",
                f"- Data: {shape.describe()}; {generated}.",
                f"- Load average (1, 5, 15 min) at start: {load[0]}; at end: {load[1]}.",
                f"- Subject: {centre}; the pages' clock set to {shape.now:%Y-%m-%d %H:%M}. Every figure is the median "
                f"of {repeats} timings taken in turn (subject, its raw SQL, the subject's own statements, the next "
                "subject …); each subject's result was checked equal to its raw SQL's first.",
                "- Columns: *median ms* is the application's call (the ORM builds the SQL, the database answers, the "
                "ORM builds model objects); *its SQL ms* is the statements that call sent, sent again as captured "
                "through a cursor (the database's and the driver's share alone); *raw SQL ms* is the hand-written "
                "limit; *ratio* = median / raw SQL (the whole call), *SQL ratio* = its SQL / raw SQL (the page's "
                "queries against the same queries hand-written: the verdict's ratio).",
                "",
                *harness.table(results),
                "",
                "- Targets (PostgreSQL, 2 M cases): every page-level query ≤ 50 ms and ≤ 1.5× its raw SQL — a "
                "list's two queries together, each of the dashboard's queries (its whole time is in the table); a "
                "search ≤ 50 ms. The verdict: the time bound on the whole call (ORM included; for the dashboard on "
                "each query), the ratio bound on the queries (*SQL ratio*). "
                + (f"Missed: {'; '.join(missed)}." if missed else "All met."),
                "",
                "What each line runs (subject; raw SQL in `bench/pages_sql.py`):",
                "",
                *(f"- {r.pair.name}: {r.pair.subject_code}; limit: {r.pair.limit_code}" for r in results),
                "",
                "The slowest statement of each subject, and its plan:",
                "",
                *plans,
                "",
                "Whole responses as a user gets them (Django's test client in the same process: middleware, view, "
                f"template; median of {repeats} after one warm-up request; no network, no gunicorn):",
                "",
                *response_table(pages),
                end,
            ]
        )
        + "\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_pages", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""), help="PostgreSQL URL")
    parser.add_argument("--sqlite", default=str(data.DATA / "county.sqlite3"), help="SQLite file when no URL")
    parser.add_argument("--centres", type=positive)
    parser.add_argument("--years", type=positive)
    parser.add_argument("--cases-per-centre-year", type=positive)
    parser.add_argument("--items", type=positive)
    parser.add_argument("--repeats", type=positive, default=DEFAULT_REPEATS)
    parser.add_argument("--reuse", action="store_true", help="keep a database generated earlier with this shape")
    parser.add_argument("--write-docs", action="store_true", help="update this database's section of --docs")
    parser.add_argument("--docs", default=str(data.DOCS))
    args = parser.parse_args(argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    command = " ".join([".venv/bin/python -m bench.bench_pages", *data.shown(argv)])
    data.configure(data.database_url(args.database_url, args.sqlite))

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
    with mock.patch("django.utils.timezone.now", return_value=shape.now):
        subject = Subject(shape.now)
        subject.capture_dashboard_rest()
        from bianmin.cases.models import Case

        centre = (
            f"centre {subject.centre.name} (the busiest: {Case.objects.filter(centre_id=subject.centre_id).count():,}"
            f" cases), its clerk {subject.clerk.username} ({subject.queue()[0]:,} cases in the queue), its "
            f"director, the county admin"
        )
        print(f"{server}: {centre}")
        results = harness.measure(pairs(subject), args.repeats, progress=print)
        plans = []
        for r in results:
            for seconds, sql in harness.slowest(r.pair.subject, n=1):
                plans.append(
                    f"- {r.pair.name}: {seconds * 1e3:,.1f} ms, {harness.tables_of(sql)}: "
                    f"`{' / '.join(harness.explain(sql))}`"
                )
        data.ensure_static()
        pages = responses(subject, args.repeats)
    print()
    print("\n".join(harness.table(results)))
    print()
    print("\n".join(plans))
    print()
    print("\n".join(response_table(pages)))
    if args.write_docs:
        docs = Path(args.docs)
        new = section(
            command=command,
            today=dt.date.today().isoformat(),
            shape=shape,
            server=server,
            generated=data.describe_data(written, reused),
            load=(load_start, data.loadavg()),
            results=results,
            repeats=args.repeats,
            plans=plans,
            centre=centre,
            pages=pages,
        )
        existing = docs.read_text(encoding="utf-8") if docs.exists() else None
        docs.write_text(data.splice(existing, new, *markers(server.split()[0])), encoding="utf-8")
        print(f"wrote {docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Load test (issue #11 point 3): gunicorn (one worker per core) and a PostgreSQL cluster of its own,
both started here on loopback, a generated county in it, and locust (headless, bounded run time)
driving the people of ``bench/loadtest/locustfile.py`` at them.

Run from the repository root (as root or as the postgres user: the cluster is made with initdb):

    .venv/bin/python -m bench.bench_load [--users 50,200] [--run-time 60] [--years 1] [--write-docs]

Scenarios, each a separate locust run with statistics reset once every simulated person is running:

- mix at each ``--users``: clerks (intake, transitions, queue, lists), directors and the county admin
  (home dashboards, monitoring, reports, red lights) and the public (guide search, guides, progress
  lookup), think time 1–5 s;
- ceiling at each ``--users``: the trivial JSON view ``/healthz`` on the same stack, no think time;
- intake only at the first ``--users``: clerks taking complete applications back to back, no think
  time — its completed intakes per second against the ceiling's requests per second.

Before the runs every account used is logged in through the login form (POST /login/ with its CSRF
token) and the time those logins took is reported apart (password hashing is deliberately slow).
Targets on this 2-core machine: zero errors; p95 ≤ 200 ms at 50 users; intakes ≥ 40 % of the trivial
view's throughput. ``--write-docs`` rewrites the ``bench:load`` section of ``docs/performance.md``.
Everything (cluster, static files, locust's CSV) lives in a temporary directory removed at the end
(``--keep`` keeps it and prints where).
"""

# The subprocesses are PostgreSQL's and this repository's own programs, with arguments built here.
# ruff: noqa: S603

import argparse
import csv
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench import data

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
LOCUSTFILE = ROOT / "bench" / "loadtest" / "locustfile.py"
MIX = ("Clerk", "Director", "CountyAdmin", "Public")
MARKERS = ("<!-- bench:load:start -->", "<!-- bench:load:end -->")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin() -> Path:
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])[
        -1
    ]


@contextmanager
def postgres(tmp: Path, log):
    """A throwaway cluster on a free loopback port: (url, server version)."""
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    cluster = tmp / "pg"
    cluster.mkdir()
    if as_pg:
        shutil.chown(cluster, "postgres")
    port = free_port()
    binary = pg_bin()
    run = [
        *as_pg,
        str(binary / "initdb"),
        "-D",
        str(cluster / "data"),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    ]
    subprocess.run(run, check=True, stdout=log, stderr=log)
    options = f"-p {port} -k {cluster} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB"
    ctl = [*as_pg, str(binary / "pg_ctl"), "-D", str(cluster / "data")]
    subprocess.run([*ctl, "-l", str(cluster / "server.log"), "-w", "-o", options, "start"], check=True, stdout=log)
    try:
        subprocess.run(
            [*as_pg, str(binary / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "bianmin_load"],
            check=True,
            stdout=log,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/bianmin_load", binary.parent.name
    finally:
        subprocess.run([*ctl, "-m", "fast", "stop"], stdout=log, stderr=log)


def manage(env: dict, *args: str, log) -> None:
    subprocess.run([str(VENV / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=log, stderr=log)


EXPORT = """
import json, sys
from bianmin.cases.models import Case
from bianmin.catalogue.models import CentreItem, ServiceItem
from bianmin.org.models import Staff
people = {"clerk": [], "director": [], "county": []}
for s in Staff.objects.filter(user__isnull=False, role__in=["clerk", "centre_director", "county_admin"]).exclude(
        position="专职副主任").select_related("user").order_by("pk"):
    role = {"clerk": "clerk", "centre_director": "director", "county_admin": "county"}[s.role]
    row = {"username": s.user.username, "centre": s.centre_id}
    if role == "clerk":
        items = list(CentreItem.objects.filter(centre_id=s.centre_id, window__staff=s, item__current__isnull=False)
                     .values_list("item_id", "item__current__name")[:20])
        row["items"] = [pk for pk, _n in items] or list(CentreItem.objects.filter(centre_id=s.centre_id)
                                                        .values_list("item_id", flat=True)[:20])
        row["keywords"] = sorted({name[:2] for _pk, name in items}) or ["低保"]
    people[role].append(row)
receipts = list(Case.objects.order_by("?").values_list("receipt_number", "public_code")[:2000])
guides = list(ServiceItem.objects.filter(is_active=True, current__isnull=False).values_list("pk", flat=True)[:2000])
json.dump({"accounts": people, "receipts": receipts, "guides": guides}, sys.stdout, ensure_ascii=False)
"""


def login_all(base: str, data_: dict, password: str) -> dict:
    """Every account through the login form; their cookies, and how long the logins took."""
    import re

    import requests

    times = []
    for role, accounts in data_["accounts"].items():
        for account in accounts:
            session = requests.Session()
            page = session.get(base + "/login/", timeout=60)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            cookies = {c.name: c.value for c in session.cookies}
            begin = time.perf_counter()
            response = requests.post(
                base + "/login/",
                data={"csrfmiddlewaretoken": token, "username": account["username"], "password": password},
                headers={"Referer": base + "/login/", "Cookie": f"csrftoken={cookies['csrftoken']}"},
                allow_redirects=False,
                timeout=60,
            )
            times.append(time.perf_counter() - begin)
            if response.status_code != 302:
                raise SystemExit(f"login of {account['username']} failed: HTTP {response.status_code}")
            account["sessionid"] = response.cookies["sessionid"]
            account["csrftoken"] = response.cookies.get("csrftoken", cookies["csrftoken"])
        data_["accounts"][role] = accounts
    times.sort()
    return {"count": len(times), "median_ms": times[len(times) // 2] * 1e3, "total_s": sum(times)}


@contextmanager
def gunicorn(env: dict, port: int, workers: int, threads: int, log):
    command = [
        str(VENV / "gunicorn"),
        "config.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--graceful-timeout",
        "10",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not answer /healthz")
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def locust(env: dict, base: str, users: int, seconds: int, classes: Sequence[str], out: Path, log) -> dict:
    spawn = max(10, users // 5)
    command = [
        str(VENV / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(spawn),
        "-t",
        f"{seconds + users // spawn + 2}s",
        "--reset-stats",
        "--host",
        base,
        "--csv",
        str(out),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=log, timeout=seconds * 3 + 120)
    return read_stats(Path(f"{out}_stats.csv"), Path(f"{out}_failures.csv"))


def read_stats(path: Path, failures: Path) -> dict:
    rows = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
                "avg": float(row["Average Response Time"] or 0),
            }
    errors = []
    if failures.exists():
        with failures.open(encoding="utf-8") as f:
            errors = [f"{r['Name']}: {r['Error']} ×{r['Occurrences']}" for r in csv.DictReader(f)]
    return {"rows": rows, "errors": errors}


def scenario_table(name: str, users: int, stats: dict) -> list[str]:
    total = stats["rows"].get("Aggregated", {})
    lines = [
        f"**{name}, {users} users** — {total.get('requests', 0):,} requests, {total.get('rps', 0):,.1f} requests/s, "
        f"{total.get('failures', 0)} errors; p50 {total.get('p50', 0):,.0f} ms, p95 {total.get('p95', 0):,.0f} ms, "
        f"p99 {total.get('p99', 0):,.0f} ms",
        "",
        "| request | count | req/s | errors | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, row in sorted(stats["rows"].items(), key=lambda kv: (kv[0] == "Aggregated", -kv[1]["requests"])):
        lines.append(
            f"| {label} | {row['requests']:,} | {row['rps']:,.1f} | {row['failures']} | {row['p50']:,.0f} "
            f"| {row['p95']:,.0f} | {row['p99']:,.0f} |"
        )
    if stats["errors"]:
        lines += ["", "Errors: " + "; ".join(stats["errors"])]
    return [*lines, ""]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_load", description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="50,200", help="simulated users of each run, comma separated")
    parser.add_argument("--run-time", type=int, default=60, help="seconds measured per run (after ramp-up)")
    parser.add_argument("--years", type=int, default=1, help="years of generated county cases")
    parser.add_argument("--cases-per-centre-year", type=int, default=None)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (one per core)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (1: sync workers)")
    parser.add_argument("--only", choices=("mix",), help="run only these scenarios (a quick look)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--docs", default=str(data.DOCS))
    args = parser.parse_args(argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    command = " ".join([".venv/bin/python -m bench.bench_load", *argv])
    users = [int(u) for u in args.users.split(",") if u.strip()]
    from bench.bench_workdays import machine

    tmp = Path(tempfile.mkdtemp(prefix="bianmin-load-"))
    os.chmod(tmp, 0o755)  # noqa: S103 - the postgres user runs the cluster inside it
    log = (tmp / "run.log").open("w")
    print(f"machine: {machine()}; working in {tmp}", flush=True)
    results: dict[str, dict] = {}
    load = [data.loadavg()]
    try:
        with ExitStack() as stack:
            url, version = stack.enter_context(postgres(tmp, log))
            password = secrets.token_urlsafe(16)
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SECURE_SSL_REDIRECT": "0",
                "CACHE_BACKEND": "database",
                "STATIC_ROOT": str(tmp / "static"),
                "BIANMIN_TESTING": "0",
            }
            env.pop("DEBUG", None)
            env.pop("DJANGO_SETTINGS_MODULE", None)
            began = time.perf_counter()
            manage(env, "migrate", "--noinput", log=log)
            manage(env, "createcachetable", log=log)
            manage(env, "collectstatic", "--noinput", log=log)
            now = dt.datetime.now().astimezone().replace(second=0, microsecond=0)
            generate = [
                "generate_load_data",
                "--scale",
                "county",
                "--years",
                str(args.years),
                "--password",
                password,
                "--now",
                now.isoformat(),
            ]
            if args.cases_per_centre_year:
                generate += ["--cases-per-centre-year", str(args.cases_per_centre_year)]
            manage(env, *generate, log=log)
            print(
                f"PostgreSQL {version} on {url.split('@')[1]}; county generated in {time.perf_counter() - began:.0f} s",
                flush=True,
            )
            exported = subprocess.run(
                [str(VENV / "python"), "manage.py", "shell", "-c", EXPORT],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            people = json.loads(exported[exported.index("{") :])
            people["month"] = (now.date().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            stack.enter_context(gunicorn(env, port, args.workers, args.threads, log))
            logins = login_all(base, people, password)
            print(f"logged in {logins['count']} accounts, median {logins['median_ms']:.0f} ms each", flush=True)
            (tmp / "load.json").write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
            locust_env = {**os.environ, "LOAD_DATA": str(tmp / "load.json"), "PYTHONPATH": str(ROOT)}
            plan = []
            for n in users:
                plan += [("mix", n, MIX), ("ceiling", n, ("Ceiling",)), ("intake only", n, ("IntakeOnly",))]
            plan += [("ceiling, no think time", users[0], ("CeilingFlat",))]
            plan += [("intake only, no think time", users[0], ("IntakeFlat",))]
            if args.only:
                plan = [step for step in plan if step[0] == args.only]
            for name, n, classes in plan:
                print(f"running {name} with {n} users for {args.run_time} s ...", flush=True)
                key = f"{name}-{n}"
                results[key] = locust(locust_env, base, n, args.run_time, classes, tmp / key.replace(" ", "_"), log)
                total = results[key]["rows"].get("Aggregated", {})
                print(
                    f"  {total.get('rps', 0):,.1f} req/s, p95 {total.get('p95', 0):,.0f} ms, "
                    f"{total.get('failures', 0)} errors",
                    flush=True,
                )
            load.append(data.loadavg())
    finally:
        log.close()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return report(args, command, users, results, logins, load, version, machine())


def intake_share(results: dict, key: str, ceiling_key: str) -> tuple[float, float, float]:
    intake = results[key]["rows"].get("intake: submit", {}).get("rps", 0.0)
    ceiling = results[ceiling_key]["rows"]["Aggregated"]["rps"]
    return intake, ceiling, intake / ceiling if ceiling else 0.0


def verdicts(users: list[int], results: dict) -> list[str]:
    lines = []
    # Every failure locust saw, ramp-up included (its failures file is never reset).
    errors = sum(int(e.rsplit("×", 1)[1]) for r in results.values() for e in r["errors"])
    lines.append(f"zero errors: {'met' if errors == 0 else f'MISSED ({errors} errors)'}")
    if "mix-50" in results:
        p95 = results["mix-50"]["rows"]["Aggregated"]["p95"]
        lines.append(f"p95 ≤ 200 ms at 50 users: {'met' if p95 <= 200 else 'MISSED'} ({p95:,.0f} ms)")
    for n in users:
        if f"intake only-{n}" not in results:
            continue
        intake, ceiling, share = intake_share(results, f"intake only-{n}", f"ceiling-{n}")
        lines.append(
            f"intakes ≥ 40 % of the trivial view's throughput, {n} users paced alike: "
            f"{'met' if share >= 0.4 else 'MISSED'} ({intake:,.1f} intakes/s against {ceiling:,.1f} requests/s of "
            f"/healthz = {share:.0%})"
        )
    flat = (f"intake only, no think time-{users[0]}", f"ceiling, no think time-{users[0]}")
    if all(key in results for key in flat):
        intake, ceiling, share = intake_share(results, *flat)
        lines.append(
            f"capacity without think time ({users[0]} users): {intake:,.1f} intakes/s against {ceiling:,.1f} "
            f"requests/s of /healthz = {share:.0%} (information: an intake is four requests and about forty "
            "statements, /healthz one request and none)"
        )
    return lines


def report(args, command, users, results, logins, load, version, machine) -> int:
    body = []
    for key, stats in results.items():
        name, n = key.rsplit("-", 1)
        body += scenario_table(name, int(n), stats)
    checks = verdicts(users, results)
    print("\n".join(body))
    print("\n".join(checks))
    if not args.write_docs:
        return 0
    start, end = MARKERS
    section = "\n".join(
        [
            start,
            "## Load test (`bench/bench_load.py`)",
            "",
            "Generated by the script; do not edit by hand between the markers.",
            "",
            f"- Command: `{command}`",
            f"- Measured on {dt.date.today().isoformat()}: {machine}; PostgreSQL {version} started by the script "
            f"(its own cluster on loopback, shared_buffers 256MB); gunicorn {args.workers} sync workers "
            "(`-w` one per core); locust on the same machine (it takes CPU from the server: the figures are a floor).",
            f"- Load average (1, 5, 15 min) at start: {load[0]}; at end: {load[-1]}.",
            f'- Data: a county generated by `generate_load_data --scale county --years {args.years}` with "now" the '
            "time of the run; settings as in production (DEBUG off, collected static files served by WhiteNoise, "
            "`CACHE_BACKEND=database` for the throttles shared by the workers) but plain HTTP on loopback.",
            f"- Logins before the runs: {logins['count']} accounts through the login form, median "
            f"{logins['median_ms']:,.0f} ms each (PBKDF2 password hashing, deliberately slow; not in the runs).",
            f"- Each run: {args.run_time} s measured after every simulated user has started (`--reset-stats`); "
            "think time 1–5 s in every run except the two capacity runs (no think time).",
            "",
            *(f"- {line}" for line in checks),
            "",
            *body,
            end,
        ]
    )
    docs = Path(args.docs)
    existing = docs.read_text(encoding="utf-8") if docs.exists() else None
    docs.write_text(data.splice(existing, section + "\n", start, end), encoding="utf-8")
    print(f"wrote {docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

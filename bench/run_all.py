"""Every benchmark in one command (issue #11): each script measures its subject against its limit in
the same run and rewrites its own section of ``docs/performance.md``.

    .venv/bin/python -m bench.run_all [--database-url URL] [--province-url URL] [--wait-quiet 1.5] [--no-load]

In order: working-day arithmetic; on the county (16 centres, 5 years, ~2 million cases; generated once
into ``--database-url``, reused by the next scripts) the monthly reports, the page-level reads, case
intake and the annual assessment, and (PostgreSQL) the plans before and after the indexes; the hall
queue's 16 halls calling at once (a throwaway database of its own); the assessment of a province of
1,600 centres (``--province-url``, generated once); and the load test (its own PostgreSQL cluster and
gunicorn). Without ``--database-url`` (or ``BENCH_DATABASE_URL``) the county goes into SQLite files
under ``bench/.data/`` and the province and the load test are skipped.

The machine is shared: with ``--wait-quiet L`` each script starts only once the 1-minute load average
is below ``L`` (checked every 60 s, for at most ``--max-wait`` seconds, then it runs anyway); every
section records the load average at its start and end.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.data import loadavg

ROOT = Path(__file__).resolve().parent.parent


def wait_for_quiet(limit: float | None, max_wait: int) -> None:
    if limit is None:
        return
    waited = 0
    while float(loadavg().split()[0]) >= limit and waited < max_wait:
        print(f"  load average {loadavg()}: waiting for < {limit} ({waited // 60} min so far)", flush=True)
        time.sleep(60)
        waited += 60


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run_all", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--province-url", default=os.environ.get("BENCH_PROVINCE_URL", ""))
    parser.add_argument("--wait-quiet", type=float, default=None, help="start each script below this 1-min load")
    parser.add_argument("--max-wait", type=int, default=45 * 60, help="seconds to wait for quiet, per script")
    parser.add_argument("--no-load", action="store_true", help="skip the load test")
    args = parser.parse_args(argv)
    county = ["--database-url", args.database_url] if args.database_url else []
    steps = [
        ["bench.bench_workdays", "--write-docs"],
        ["bench.bench_reports", *county, "--reuse", "--write-docs"],
        ["bench.bench_pages", *county, "--reuse", "--write-docs"],
        ["bench.bench_intake", *county, "--reuse", "--write-docs"],
        ["bench.bench_assessment", *county, "--reuse", "--write-docs"],
        # its own throwaway database next to the county's (bench_queue_<name>), or an SQLite file
        ["bench.bench_queue", *county, "--write-docs"],
    ]
    if args.database_url:
        steps.append(["bench.bench_indexes", *county, "--reuse", "--write-docs"])
    if args.province_url:
        steps.append(["bench.bench_assessment", "--scale", "province", "--database-url", args.province_url,
                      "--reuse", "--write-docs"])  # fmt: skip
    if args.database_url and not args.no_load:
        steps.append(["bench.bench_load", "--write-docs"])
    failed = []
    for step in steps:
        wait_for_quiet(args.wait_quiet, args.max_wait)
        print(f"=== {' '.join(step[:1] + [a if '://' not in a else '$URL' for a in step[1:]])}", flush=True)
        if subprocess.run([sys.executable, "-m", *step], cwd=ROOT).returncode != 0:  # noqa: S603 - our own scripts
            failed.append(step[0])
    if failed:
        print(f"FAILED: {', '.join(failed)}")
        return 1
    print("every benchmark wrote its section of docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

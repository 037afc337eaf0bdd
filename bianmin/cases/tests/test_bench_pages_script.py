"""CI smoke benchmark of the page-level reads and of intake (bench/bench_pages.py, bench/bench_intake.py):
on a tiny generated county each page's result is checked against its hand-written SQL, its queries
counted, and its time compared with the raw SQL's in the same run. The bounds are ratios and
generous — they catch an order-of-magnitude regression (a query per row, a page reading the whole
table into Python), never a slow machine; the figures of record are in docs/performance.md."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TINY = ["--centres", "2", "--years", "1", "--cases-per-centre-year", "1500", "--items", "200"]


def run_bench(module: str, *args: str) -> str:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "BIANMIN_TESTING")
    }
    result = subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    return str(tmp_path_factory.mktemp("bench") / "county.sqlite3")


def rows(out: str) -> dict[str, dict[str, str]]:
    """The page table: measurement → {column header: cell}."""
    table, header = {}, []
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| measurement |"):
            header = cells
        elif line.startswith("| ") and header and len(cells) == len(header) and cells[1].isdigit():
            table[cells[0]] = dict(zip(header, cells, strict=True))
    return table


def test_the_pages_agree_with_their_sql_in_few_queries_and_within_a_generous_ratio(county):
    out = run_bench("bench.bench_pages", "--sqlite", county, *TINY, "--repeats", "3", "--reuse")
    assert "correctness: every subject agrees with its raw SQL (9 pairs)" in out
    table = rows(out)
    queries = {
        "clerk's work queue (我的待办), page 1": 2,
        "centre case list, page 1": 2,
        "centre case list, red lights only": 2,
        "centre home: case counts": 2,
    }
    for name, expected in queries.items():
        assert int(table[name]["queries"]) == expected, (name, table[name])
    assert int(table["county monitoring dashboard"]["queries"]) <= 35  # a constant number, whatever the cases
    assert len(table) == 9, table
    for name, cells in table.items():
        for column in ("ratio", "SQL ratio"):
            ratio = float(cells[column].rstrip("×"))
            assert ratio < 20, f"{name}: {column} {ratio}× its raw SQL"
    # Whole responses, rendered: every page answers.
    assert re.search(r"^\| county monitoring dashboard \| `/monitoring/` \| 200 \|", out, re.MULTILINE), out
    assert re.search(r"^\| public progress lookup \| `/public/progress/\?no=[^`]+` \| 200 \|", out, re.MULTILINE)
    assert re.search(r"^\| health check \(no database\) \| `/healthz` \| 200 \|", out, re.MULTILINE)


def test_intake_stays_within_a_generous_ratio_of_a_bare_insert(county):
    out = run_bench("bench.bench_intake", "--sqlite", county, *TINY, "--calls", "20", "--reuse")
    table = {}
    for line in out.splitlines():
        found = re.match(r"^\| (.+?) \| (\d+) \| ([\d,.]+) \| ([\d.]+)× \|$", line)
        if found:
            table[found.group(1)] = (int(found.group(2)), float(found.group(4)))
    assert table["bare INSERT of the case row"] == (1, 1.0)
    statements, ratio = table["intake: register + accept"]
    assert statements <= 25, statements  # number, checklist, events, notice: a fixed number
    assert ratio < 100, ratio

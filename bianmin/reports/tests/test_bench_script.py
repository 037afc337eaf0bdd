"""Keeps bench/bench_reports.py from rotting: on a tiny data set it generates, checks the ORM against
the raw SQL and prints its table. No timing is asserted (performance is measured in bench/)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import bench_reports

ROOT = Path(__file__).resolve().parents[3]


def test_benchmark_runs_on_a_tiny_county(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "BIANMIN_TESTING")
    }
    args = ["--sqlite", str(tmp_path / "bench.sqlite3"), "--centres", "2", "--years", "1"]
    args += ["--cases-per-centre-year", "600", "--repeats", "1", "--items", "200"]
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_reports", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "correctness: ORM = raw SQL = ledgers.summary" in out
    for name in ("centre-month, ORM", "centre-month, raw SQL", "county month, ORM", "county month, raw SQL"):
        assert re.search(rf"^\| {name} \| 1 \| [\d,.]+ \| [\d.]+× \|$", out, re.MULTILINE), out
    assert "USING INDEX case_centre_received" in out
    assert "wrote" not in out


def test_each_database_keeps_its_own_section():
    sqlite_start, sqlite_end = bench_reports.markers("sqlite")
    pg_start, pg_end = bench_reports.markers("postgresql")
    doc = f"# Performance\n\nintro\n\n{sqlite_start}\nold\n{sqlite_end}\n\n{pg_start}\npg\n{pg_end}\n"
    new = f"{sqlite_start}\nnew\n{sqlite_end}\n"
    assert bench_reports.splice(doc, new, "sqlite") == (
        f"# Performance\n\nintro\n\n{sqlite_start}\nnew\n{sqlite_end}\n\n{pg_start}\npg\n{pg_end}\n"
    )
    appended = bench_reports.splice("# Performance\n\nother\n", new, "sqlite")
    assert appended == f"# Performance\n\nother\n\n{new}"
    with pytest.raises(ValueError):
        bench_reports.splice(f"{sqlite_start}\nno end\n", new, "sqlite")

"""Keeps bench/bench_assessment.py from rotting: on a tiny generated county it checks ``facts_for``
against the raw SQL, times each measurement once and prints its table. No timing is asserted
(performance is measured in bench/)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import bench_assessment

ROOT = Path(__file__).resolve().parents[3]


def run_bench(*args: str) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "BIANMIN_TESTING")
    }
    return subprocess.run(
        [sys.executable, "-m", "bench.bench_assessment", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_it_runs_on_a_tiny_county_and_reuses_it(tmp_path):
    args = ["--sqlite", str(tmp_path / "bench.sqlite3"), "--centres", "2", "--cases-per-centre-year", "400"]
    args += ["--years", "1", "--items", "200"]
    args += ["--repeats", "1", "--reuse"]
    result = run_bench(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "generating" in out
    assert "correctness: facts_for = raw SQL for every centre's counts" in out
    assert re.search(r"^generated [\d,]+ rows in \d+ s \([\d,]+ rows/s\)$", out, re.MULTILINE), out
    row = r"^\| {name} \| {queries} \| [\d,.]+ \| [\d,]+–[\d,]+ \| {ratio} \|$"
    expected = [
        ("facts_for, ORM", r"\d+", r"[\d.]+× raw SQL"),
        ("the same counts, raw SQL", "11", r"1\.00×"),
        ("pure scoring of every sheet", "0", "—"),
        (r"score all centres \(facts_for \+ scoring\)", r"\d+", r"\d+% of 1 s"),
        ("assessment_open, with writes", r"\d+", "—"),
    ]
    for name, queries, ratio in expected:
        assert re.search(row.format(name=name, queries=queries, ratio=ratio), out, re.MULTILINE), out
    assert re.search(
        r"^target: score all centres ≤ 1 s \(the issue sets it for PostgreSQL\) — (met|MISSED) \([\d.]+ s median\)$",
        out,
        re.MULTILINE,
    )
    assert re.search(r"^slow query [\d,.]+ ms, \w+", out, re.MULTILINE), out
    assert "wrote" not in out

    again = run_bench(*args)  # the same shape: the data are reused, not generated again
    assert again.returncode == 0, again.stdout + again.stderr
    assert "generating" not in again.stdout
    assert "correctness: facts_for = raw SQL" in again.stdout


def test_each_data_set_and_database_keeps_its_own_section():
    county_start, county_end = bench_assessment.markers("county", "sqlite")
    province_start, province_end = bench_assessment.markers("province", "sqlite")
    doc = f"# Performance\n\nintro\n\n{county_start}\nold\n{county_end}\n\n{province_start}\np\n{province_end}\n"
    new = f"{county_start}\nnew\n{county_end}\n"
    assert bench_assessment.splice(doc, new, "county", "sqlite") == (
        f"# Performance\n\nintro\n\n{county_start}\nnew\n{county_end}\n\n{province_start}\np\n{province_end}\n"
    )
    appended = bench_assessment.splice("# Performance\n\nother\n", new, "county", "postgresql")
    assert appended == f"# Performance\n\nother\n\n{new}"
    with pytest.raises(ValueError):
        bench_assessment.splice(f"{county_start}\nno end\n", new, "county", "sqlite")


def test_the_targets_are_the_issues():
    assert bench_assessment.target_for(2) == 1.0
    assert bench_assessment.target_for(16) == 1.0
    assert bench_assessment.target_for(17) == 20.0
    assert bench_assessment.target_for(1_600) == 20.0

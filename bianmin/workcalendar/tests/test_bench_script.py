"""Keeps bench/bench_workdays.py from rotting: it runs, checks itself and prints its ratios.

No timing is asserted here (performance is measured in bench/, never in tests).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import bench_workdays

ROOT = Path(__file__).resolve().parents[3]


def test_benchmark_runs_without_django_and_prints_ratios():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_workdays", "--calls", "2000"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "correctness: 1,000 sampled inputs agree with the day-by-day walk" in out
    assert "2,000 calls per measurement" in out
    for name in ("baseline", "add_working_days", "promised_due"):
        assert re.search(rf"^\| {name} \| [\d.]+ \| [\d,]+ \| [\d.]+× \|$", out, re.MULTILINE), out
    assert re.search(r"^ratio add_working_days / baseline: [\d.]+×$", out, re.MULTILINE), out
    assert re.search(r"^ratio promised_due / baseline: [\d.]+×$", out, re.MULTILINE), out
    assert "wrote" not in out


def test_section_is_replaced_between_markers_and_the_rest_kept():
    start, end = bench_workdays.START_MARKER, bench_workdays.END_MARKER
    old = f"# Performance\n\nintro\n\n{start}\nold figures\n{end}\n\n## Other\nkept\n"
    new = f"{start}\nnew figures\n{end}\n"
    assert bench_workdays.splice(old, new, "2026-01-01") == (
        f"# Performance\n\nintro\n\n{start}\nnew figures\n{end}\n\n## Other\nkept\n"
    )
    appended = bench_workdays.splice("# Performance\n\nother text\n", new, "2026-01-01")
    assert appended == f"# Performance\n\nother text\n\n{new}"
    created = bench_workdays.splice(None, new, "2026-01-01")
    assert created.startswith("# Performance\n") and "make bench" in created and created.endswith(new)
    with pytest.raises(ValueError):
        bench_workdays.splice(f"{start}\nno end\n", new, "2026-01-01")


def test_benchmark_aborts_when_a_sampled_due_date_differs(monkeypatch, capsys):
    real_walk = bench_workdays.walk
    monkeypatch.setattr(bench_workdays, "walk", lambda calendar, start, n: real_walk(calendar, start, n + 1))
    assert bench_workdays.main(["--calls", "50"]) == 1
    out = capsys.readouterr().out
    assert "FAILED: 50 of 50 sampled inputs differ" in out
    assert "ratio" not in out

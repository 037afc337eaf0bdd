"""Figures the reliability tests measure (kill test, restore round trip), for people to read.

Each test records one summary line per database vendor; the lines are written to
``test-artifacts/reliability-<name>-<vendor>.txt`` and printed in pytest's terminal summary (the hook
is in this folder's conftest.py), so they appear in ``make test`` output with or without ``-s``.
"""

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
LINES: list[str] = []


def record(name: str, vendor: str, summary: str, details: list[str] | None = None) -> Path:
    line = f"[{vendor}] {summary}"
    LINES.append(line)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"reliability-{name}-{vendor.lower()}.txt"
    path.write_text("\n".join([line, *(details or [])]) + "\n", encoding="utf-8")
    return path

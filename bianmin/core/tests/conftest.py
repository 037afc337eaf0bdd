from dataclasses import dataclass
from pathlib import Path

import pytest

from bianmin.core.tests import figures
from bianmin.core.tests.live import ScratchDatabase, prepare, server_env


def pytest_terminal_summary(terminalreporter):
    if figures.LINES:
        terminalreporter.section("reliability figures (test-artifacts/reliability-*.txt)")
        for line in figures.LINES:
            terminalreporter.write_line(line)


@dataclass
class LiveCounty:
    scratch: ScratchDatabase
    folder: Path
    env: dict[str, str]
    seeded: dict


@pytest.fixture(scope="session")
def live_county(django_db_setup, tmp_path_factory):
    """A scratch database, migrated and seeded once for the live-server tests of this folder."""
    folder = tmp_path_factory.mktemp("live")
    scratch = ScratchDatabase("live", folder).create()
    env = server_env(scratch.url(), folder / "media")
    try:
        yield LiveCounty(scratch, folder, env, prepare(env, clerks_per_centre=5))
    finally:
        scratch.drop()

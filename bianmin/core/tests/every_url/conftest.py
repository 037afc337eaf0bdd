"""The tests that walk every URL share one demo county, built once for this package (world.py).

They check the application's own rules — who may open what, how bad input is answered, what is
masked — which do not depend on the database engine, and they are the slowest part of the suite
(every URL × every role). `.ci/run` therefore runs them in its SQLite pass only; set
BIANMIN_EVERY_URL_ON_POSTGRES=1 to run them on PostgreSQL too.
"""

import os

import pytest

from bianmin.core.tests.every_url.world import sessions, world  # noqa: F401 - pytest fixtures


def pytest_collection_modifyitems(config, items):
    if os.environ.get("DATABASE_URL", "").startswith("postgres") and not os.environ.get(
        "BIANMIN_EVERY_URL_ON_POSTGRES"
    ):
        skip = pytest.mark.skip(reason="every-URL tests run in the SQLite pass (rules independent of the engine)")
        for item in items:
            if "every_url" in item.nodeid:
                item.add_marker(skip)

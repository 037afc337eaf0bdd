"""Shared fixtures: the named actors of DESIGN §4 on a small two-centre county.

county admin, inspector, centre A director, centre A clerk, centre B clerk, agent of point A1,
anonymous. Centre A = 甲镇 (with point A1 and A2), centre B = 乙乡 (with point B1).
"""

import pytest

from bianmin.core.roles import Role
from bianmin.org.tests import factories


@pytest.fixture
def county(db):
    return factories.build_county()


def _login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def as_county_admin(client, county):
    return _login(client, county.users[Role.COUNTY_ADMIN])


@pytest.fixture
def as_inspector(client, county):
    return _login(client, county.users[Role.INSPECTOR])


@pytest.fixture
def as_director_a(client, county):
    return _login(client, county.director_a.user)


@pytest.fixture
def as_clerk_a(client, county):
    return _login(client, county.clerk_a.user)


@pytest.fixture
def as_clerk_b(client, county):
    return _login(client, county.clerk_b.user)


@pytest.fixture
def as_agent_a1(client, county):
    return _login(client, county.agent_a1.user)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles and cached pages live in the cache: every test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

"""Fixtures of the monitoring tests: the calendar seeded, an item on both centres' lists, and
e-mail addresses on the named actors' accounts (the monitor can only tell people with one)."""

import pytest

from bianmin.cases.tests.helpers import listed_item
from bianmin.core.roles import Role
from bianmin.workcalendar import services as calendar_services


@pytest.fixture
def item(county):
    calendar_services.seed_from_package()
    return listed_item(county)


@pytest.fixture
def mailboxes(county):
    people = {
        "director_a": county.director_a.user,
        "clerk_a": county.clerk_a.user,
        "clerk_b": county.clerk_b.user,
        "county_admin": county.users[Role.COUNTY_ADMIN],
    }
    for name, user in people.items():
        user.email = f"{name}@yushan.example"
        user.save(update_fields=["email"])
    return {name: user.email for name, user in people.items()}

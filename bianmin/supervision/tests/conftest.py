"""Fixtures of the supervision tests: the calendar seeded, an item on both centres' lists, and
decided (rateable) cases in centre A or B, built through the case services."""

import pytest

from bianmin.cases import services as case_services
from bianmin.cases.tests.helpers import handling_case, listed_item, received_case
from bianmin.core.roles import Role
from bianmin.org.tests import factories
from bianmin.workcalendar import services as calendar_services


@pytest.fixture
def item(county):
    calendar_services.seed_from_package()
    return listed_item(county)


@pytest.fixture
def decided(county, item):
    """Build a decided case: ``decided()`` in centre A, ``decided(centre="b")`` in centre B."""

    def build(centre: str = "a"):
        if centre == "a":
            case = handling_case(county, item)
            clerk = county.clerk_a
        else:
            case = received_case(county, item, actor=county.clerk_b)
            case_services.case_accept(case=case, actor=county.clerk_b)
            clerk = county.clerk_b
        return case_services.case_complete(case=case, actor=clerk, result="approved")

    return build


@pytest.fixture
def director_b(county):
    staff = factories.staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b)
    county.centre_b.director = staff
    county.centre_b.save()
    return staff

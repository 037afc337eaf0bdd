"""List pages run a constant number of queries however many rows they show (DESIGN §4: no N+1).

Each test measures a page on the small county, adds rows of the kind the page lists (each with the
related rows the page displays: director, windows with staff, points with a head, logins), measures
again and expects the same count. A warm-up request first fills per-process caches (content types).
"""

from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianmin.core.roles import Role
from bianmin.org.models import AgencyPoint, Centre, Staff
from bianmin.org.tests import factories


def count_queries(client, url: str) -> int:
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_point(centre: Centre, suffix: str) -> AgencyPoint:
    """An agency point in a new village of ``centre``'s township, with an agent as its head."""
    village = factories.village(centre.township, suffix, f"{centre.township.name}{suffix}村")
    point = AgencyPoint.objects.create(
        village=village, centre=centre, name=f"{village.name}便民服务代办点", area=Decimal("30")
    )
    point.head = factories.StaffFactory(role=Role.AGENT, agency_point=point)
    point.save()
    return point


def add_centre(county, i: int) -> Centre:
    """A centre with a director, a deputy, two staffed windows and an agency point."""
    town = factories.RegionFactory(parent=county.county)
    centre = factories.CentreFactory(township=town)
    director = factories.staff_with_login(f"director_x{i}", Role.CENTRE_DIRECTOR, centre=centre)
    deputy = factories.StaffFactory(centre=centre, role=Role.CLERK)
    centre.director, centre.deputy = director, deputy
    centre.save()
    for number in (1, 2):
        factories.WindowFactory(centre=centre, number=number).staff.add(deputy)
    add_point(centre, "201")
    return centre


def add_centre_a_rows(county, i: int) -> None:
    """More of centre A: a window with staff, a staff member with a login, an agency point."""
    clerk = factories.staff_with_login(f"clerk_x{i}", Role.CLERK, centre=county.centre_a)
    factories.WindowFactory(centre=county.centre_a, number=10 + i).staff.add(clerk, county.clerk_a)
    add_point(county.centre_a, f"{300 + i}")


def test_it_keeps_the_county_dashboard_constant_as_centres_are_added(as_county_admin, county):
    add_centre(county, 0)
    before = count_queries(as_county_admin, reverse("home"))
    for i in range(1, 4):
        add_centre(county, i)
    assert count_queries(as_county_admin, reverse("home")) == before


def test_it_keeps_the_centre_dashboard_constant_as_rows_are_added(as_director_a, county):
    add_centre_a_rows(county, 0)
    before = count_queries(as_director_a, reverse("home"))
    for i in range(1, 4):
        add_centre_a_rows(county, i)
    assert count_queries(as_director_a, reverse("home")) == before


@pytest.mark.parametrize("url_name", ["org:centre_list", "org:window_list", "org:point_list", "org:staff_list"])
def test_it_keeps_each_county_list_constant_as_centres_are_added(as_county_admin, county, url_name):
    add_centre(county, 0)
    before = count_queries(as_county_admin, reverse(url_name))
    for i in range(1, 4):
        add_centre(county, i)
    assert count_queries(as_county_admin, reverse(url_name)) == before


@pytest.mark.parametrize("url_name", ["org:centre_list", "org:window_list", "org:point_list", "org:staff_list"])
def test_it_keeps_each_centre_list_constant_as_rows_are_added(as_director_a, county, url_name):
    add_centre_a_rows(county, 0)
    before = count_queries(as_director_a, reverse(url_name))
    for i in range(1, 4):
        add_centre_a_rows(county, i)
    assert count_queries(as_director_a, reverse(url_name)) == before


def test_it_keeps_the_staff_list_of_an_agent_constant_as_colleagues_are_added(as_agent_a1, county):
    factories.StaffFactory(role=Role.AGENT, agency_point=county.point_a1)
    before = count_queries(as_agent_a1, reverse("org:staff_list"))
    for _ in range(3):
        factories.StaffFactory(role=Role.AGENT, agency_point=county.point_a1)
    assert count_queries(as_agent_a1, reverse("org:staff_list")) == before


def test_it_shows_every_added_row_on_the_pages_it_measures(as_county_admin, county):
    centre = add_centre(county, 0)
    point = centre.agency_points.get()
    for url_name, obj in [
        ("org:centre_list", centre),
        ("org:window_list", centre.windows.first()),
        ("org:point_list", point),
        ("org:staff_list", centre.director),
    ]:
        assert obj.get_absolute_url() in as_county_admin.get(reverse(url_name)).content.decode()


# --- audit log ---------------------------------------------------------------------------------
# Entries written outside a request have no actor and make the page crash (see test_views_forms),
# so every entry here is written as the county admin.


def rename_staff(county, numbers: range) -> None:
    """Plain-field changes only: one log entry each, no foreign key in the diff."""
    with set_actor(county.users[Role.COUNTY_ADMIN]):
        for n in numbers:
            person = Staff.objects.get(pk=county.clerk_b.pk)
            person.post = f"岗位{n}"
            person.save()


def test_it_keeps_the_audit_log_constant_as_plain_changes_are_added(as_county_admin, county):
    LogEntry.objects.filter(actor=None).delete()
    rename_staff(county, range(1))
    before = count_queries(as_county_admin, reverse("org:audit_log"))
    rename_staff(county, range(1, 6))
    assert LogEntry.objects.count() == 6
    assert count_queries(as_county_admin, reverse("org:audit_log")) == before


def test_it_keeps_the_audit_log_constant_as_entries_with_foreign_keys_are_added(as_county_admin, county):
    LogEntry.objects.filter(actor=None).delete()
    with set_actor(county.users[Role.COUNTY_ADMIN]):
        factories.WindowFactory(centre=county.centre_a, number=20)
    before = count_queries(as_county_admin, reverse("org:audit_log"))
    with set_actor(county.users[Role.COUNTY_ADMIN]):
        for number in range(21, 25):
            factories.WindowFactory(centre=county.centre_a, number=number)
    assert count_queries(as_county_admin, reverse("org:audit_log")) == before

"""The electronic monitoring dashboard: county roles see every centre, a director their own centre,
clerks and agents 403; each count links to the records behind it; the page's query count does not
grow with the number of lights."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bianmin.cases import services as case_services
from bianmin.cases.tests.helpers import received_case

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("monitoring:dashboard")
LIGHTS = reverse("monitoring:light_list")


@pytest.fixture
def overdue(county, item):
    """Cases of centre A accepted two months ago and still open: red now."""

    def build(n: int = 1):
        past = timezone.now() - timedelta(days=60)
        cases = []
        for _ in range(n):
            case = received_case(county, item, at=past)
            cases.append(case_services.case_accept(case=case, actor=county.clerk_a, at=past))
        return cases

    return build


def test_it_shows_the_county_every_centre_and_the_red_case(as_county_admin, county, overdue):
    (case,) = overdue()
    page = as_county_admin.get(DASHBOARD).content.decode()
    assert county.centre_a.name in page and county.centre_b.name in page
    listing = as_county_admin.get(LIGHTS, {"kind": "case", "colour": "red"}).content.decode()
    assert case.receipt_number in listing and reverse("cases:detail", args=[case.pk]) in listing


def test_it_shows_a_director_only_their_centre(client, county, overdue):
    overdue()
    client.force_login(county.director_a.user)
    page = client.get(DASHBOARD).content.decode()
    assert county.centre_a.name in page and county.centre_b.name not in page
    assert client.get(LIGHTS, {"centre": county.centre_b.pk}).status_code == 404


def test_it_lets_the_inspector_read_the_county(as_inspector, overdue):
    overdue()
    assert as_inspector.get(DASHBOARD).status_code == 200


@pytest.mark.parametrize("who", ["clerk_a", "agent_a1"])
def test_it_refuses_clerks_and_agents(client, county, who):
    client.force_login(getattr(county, who).user)
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(LIGHTS).status_code == 403


def test_its_queries_do_not_grow_with_the_lights(as_county_admin, overdue, django_assert_max_num_queries):
    overdue(1)
    with django_assert_max_num_queries(40) as few:
        as_county_admin.get(DASHBOARD)
    overdue(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_county_admin.get(DASHBOARD)
    with django_assert_max_num_queries(40):
        assert as_county_admin.get(LIGHTS).status_code == 200

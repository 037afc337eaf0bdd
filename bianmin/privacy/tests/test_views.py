"""The log of looks at full ID numbers: who may read it, scoped by centre, filtered, exported with
masked numbers, in a constant number of queries."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bianmin.cases import services
from bianmin.cases.tests.helpers import ID_1, listed_item, received_case
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db

URL = reverse("privacy:reveal_log")
XLSX = reverse("privacy:reveal_log_xlsx")


@pytest.fixture
def reveals(county):
    """Clerk A looked at a centre-A applicant's number twice, clerk B at a centre-B applicant's once."""
    calendar_services.seed_from_package()
    item = listed_item(county)
    case_a = received_case(county, item)
    case_b = received_case(county, item, actor=county.clerk_b)
    services.case_reveal_id(case=case_a, actor=county.clerk_a)
    services.case_reveal_id(case=case_a, actor=county.clerk_a)
    services.case_reveal_id(case=case_b, actor=county.clerk_b)
    return case_a, case_b


def test_the_county_sees_every_look_and_a_director_only_their_centres(client, county, reveals, as_county_admin):
    case_a, case_b = reveals
    page = as_county_admin.get(URL).content.decode()
    assert page.count(case_a.receipt_number) == 2 and page.count(case_b.receipt_number) == 1
    assert ID_1 not in page

    client.force_login(county.director_a.user)
    page = client.get(URL).content.decode()
    assert page.count(case_a.receipt_number) == 2 and case_b.receipt_number not in page


@pytest.mark.parametrize("actor", ["clerk_a", "agent_a1"])
def test_clerks_and_agents_are_refused(client, county, actor):
    client.force_login(getattr(county, actor).user)
    assert client.get(URL).status_code == 403
    assert client.get(XLSX).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_it_filters_by_centre_and_refuses_a_backwards_range_in_chinese(county, reveals, as_county_admin):
    case_a, case_b = reveals
    page = as_county_admin.get(URL, {"centre": county.centre_b.pk}).content.decode()
    assert case_b.receipt_number in page and case_a.receipt_number not in page
    page = as_county_admin.get(URL, {"start": "2026-12-31", "end": "2026-01-01"}).content.decode()
    assert "起始日期不能晚于截止日期" in page


def test_the_export_lists_each_look_with_the_number_masked(county, reveals, as_county_admin):
    response = as_county_admin.get(XLSX)
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    body = [row for row in rows[2:] if row[0]]
    assert len(body) == 3
    assert {row[1] for row in body} == {county.clerk_a.name, county.clerk_b.name}
    assert all(row[6].startswith("3611") and "*" in row[6] for row in body)
    assert ID_1 not in str(rows)


def test_the_page_reads_in_a_constant_number_of_queries(
    county, reveals, as_county_admin, django_assert_max_num_queries
):
    as_county_admin.get(URL)  # warm
    with django_assert_max_num_queries(14) as few:
        as_county_admin.get(URL)
    case_a, _b = reveals
    for _ in range(5):
        services.case_reveal_id(case=case_a, actor=county.clerk_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_county_admin.get(URL)

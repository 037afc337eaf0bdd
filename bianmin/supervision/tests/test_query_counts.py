"""The staff lists and the dashboard panel run a constant number of queries, with one row or many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianmin.supervision import selectors, services, services_complaints

pytestmark = pytest.mark.django_db

LISTS = ["supervision:rating_list", "supervision:rectification_list", "supervision:complaint_list"]


def add_records(county, decided, n: int) -> None:
    for i in range(n):
        bad = i % 2 == 0
        services.rating_submit(
            case=decided(),
            overall=1 if bad else 5,
            efficiency=3,
            attitude=2,
            guide_accuracy=4,
            comment="排队太久" if bad else "",
        )
        services_complaints.complaint_submit(
            centre=county.centre_a,
            category="efficiency",
            content="窗口办理速度太慢,等了一上午。",
            staff=county.clerk_a,
            name="王五" if i % 2 else "",
        )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("login", ["director_a", "county_admin"])
def test_it_lists_with_a_constant_number_of_queries(client, county, decided, name, login):
    user = county.director_a.user if login == "director_a" else county.users["county_admin"]
    client.force_login(user)
    url = reverse(name)
    add_records(county, decided, 1)
    one = count_queries(client, url)
    add_records(county, decided, 5)
    many = count_queries(client, url)
    assert one == many
    assert many <= 12


def test_it_builds_the_director_panel_in_five_queries(county, decided):
    add_records(county, decided, 1)
    with CaptureQueriesContext(connection) as ctx:
        selectors.director_panel(county.director_a.user)
    one = len(ctx.captured_queries)
    add_records(county, decided, 4)
    user = type(county.director_a.user).objects.get(pk=county.director_a.user.pk)  # no cached scope
    with CaptureQueriesContext(connection) as ctx:
        panel = selectors.director_panel(user)
        [(r.case.item_name, r.rating.overall) for r in panel["rectifications"]]
    assert len(ctx.captured_queries) == one <= 6

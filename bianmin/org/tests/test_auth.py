"""The signed-in user is read with their staff row (``org.auth.StaffModelBackend``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianmin.org.models import Staff

PASSWORD = "Yushan@2018-test"


def sign_in(client, staff: Staff) -> None:
    staff.user.set_password(PASSWORD)
    staff.user.save()
    response = client.post(reverse("login"), {"username": staff.user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.django_db
def test_a_staff_page_reads_the_user_and_the_staff_row_in_one_statement(client, county):
    sign_in(client, county.clerk_a)
    client.get(reverse("cases:queue"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("cases:queue")).status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    users = [s for s in sql if 'FROM "auth_user"' in s]
    assert len(users) == 1 and 'JOIN "org_staff"' in users[0]
    assert not any('FROM "org_staff"' in s for s in sql)


@pytest.mark.django_db
def test_an_inactive_staff_row_gives_no_role(client, county):
    sign_in(client, county.clerk_a)
    Staff.objects.filter(pk=county.clerk_a.pk).update(is_active=False)
    assert client.get(reverse("cases:queue")).status_code == 403

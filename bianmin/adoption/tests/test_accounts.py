"""Accounts (issue #14 point 5): bulk creation from the staff sheet, first login forces a password
change, the county admin resets a forgotten password (audit entry, no e-mail), people who leave
are disabled (the staff sheet's 在岗=否, tested with the import). Factory and demo users are never flagged."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from bianmin.adoption import accounts
from bianmin.adoption.models import PasswordFlag
from bianmin.core.roles import Role
from bianmin.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Qingshi#2026-new"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


def test_a_temporary_password_must_be_changed_before_anything_else(county, client):
    password = accounts.password_reset(staff=county.clerk_a, actor=county.users[Role.COUNTY_ADMIN])
    response = login(client, "clerk_a", password)
    assert response.redirect_chain[-1][0] == reverse("password_change")
    assert "临时密码" in response.content.decode()
    assert client.get(reverse("cases:list")).url == reverse("password_change")
    htmx = client.get(reverse("cases:list"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == reverse("password_change")
    assert client.get(reverse("guide:page", args=["clerk"])).status_code == 200  # the guide stays open
    changed = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert changed.redirect_chain[-1][0] == reverse("login")  # proven by logging in with it
    assert "密码已修改,请用新密码重新登录" in changed.content.decode()
    assert login(client, "clerk_a", NEW_PASSWORD).redirect_chain[-1][0] == reverse("home")
    assert client.get(reverse("cases:list")).status_code == 200
    assert not PasswordFlag.objects.get(user=county.clerk_a.user).must_change


def test_factory_users_log_in_without_being_asked(county, client):
    response = login(client, "clerk_a", PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert not PasswordFlag.objects.exists()


def test_the_county_admin_resets_a_password_with_an_audit_entry(county, client):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    page = client.get(reverse("org:staff_detail", args=[county.clerk_a.pk]))
    assert "重置密码" in page.content.decode()
    response = client.post(reverse("adoption:password_reset", args=[county.clerk_a.pk]))
    shown = response.content.decode().split('id="temporary-password">', 1)[1].split("<", 1)[0]
    user = get_user_model().objects.get(pk=county.clerk_a.user.pk)
    assert user.check_password(shown) and not user.check_password(PASSWORD)
    entry = LogEntry.objects.filter(object_pk=str(county.clerk_a.pk)).latest("timestamp")
    assert accounts.RESET_LABEL in entry.changes_dict
    assert entry.actor == county.users[Role.COUNTY_ADMIN] and shown not in str(entry.changes)
    log = client.get(reverse("org:audit_log")).content.decode()
    assert "已由县管委会重置" in log and shown not in log


@pytest.mark.parametrize("who", ["director_a", "clerk_b"])
def test_only_the_county_admin_may_reset(county, client, who):
    client.force_login(get_user_model().objects.get(username=who))
    response = client.post(reverse("adoption:password_reset", args=[county.clerk_a.pk]))
    assert response.status_code in (403, 404)
    assert get_user_model().objects.get(username="clerk_a").check_password(PASSWORD)


def test_a_reset_unlocks_a_locked_out_account(county, client):
    for _ in range(5):
        login(client, "clerk_a", "wrong-password")
    assert login(client, "clerk_a", PASSWORD).status_code == 429
    password = accounts.password_reset(staff=county.clerk_a, actor=county.users[Role.COUNTY_ADMIN])
    response = login(client, "clerk_a", password)
    assert response.redirect_chain[-1][0] == reverse("password_change")

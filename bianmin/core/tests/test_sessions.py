"""Sessions (issue #12 point 4): they end at logout, after a working day, and — for every device of
the account — when the password changes; the new password has to be proven by logging in."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bianmin.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "Bingxi#2026-changed"


def logged_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def test_logout_ends_the_session(county):
    client = logged_in("clerk_a")
    assert client.get(reverse("cases:list")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("cases:list"))["Location"].startswith(reverse("login"))


def test_a_session_lasts_one_working_day(county, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    client = logged_in("clerk_a")
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("cases:list"))["Location"].startswith(reverse("login"))


def test_changing_the_password_logs_out_every_device_and_needs_the_new_one(county):
    desk, phone = logged_in("clerk_a"), logged_in("clerk_a")
    response = desk.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response["Location"] == reverse("login")
    for client in (desk, phone):
        assert client.get(reverse("cases:list"))["Location"].startswith(reverse("login"))
    refused = Client().post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
    assert refused.status_code == 200  # the old password no longer opens the account
    logged_in("clerk_a", NEW)


def test_a_wrong_old_password_changes_nothing(county):
    client = logged_in("clerk_a")
    response = client.post(
        reverse("password_change"), {"old_password": "wrong-one", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200 and "旧密码不正确" in response.content.decode()
    assert client.get(reverse("cases:list")).status_code == 200
    logged_in("clerk_a")

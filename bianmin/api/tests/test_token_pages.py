"""The 接口令牌 page: create (shown once), list, revoke; the county admin revokes anyone's."""

import pytest
from django.urls import reverse

from bianmin.api import tokens
from bianmin.api.models import ApiToken
from bianmin.api.tests.helpers import get, token_for

pytestmark = pytest.mark.django_db


def test_it_shows_a_new_token_once(as_clerk_a, county):
    response = as_clerk_a.post(reverse("api:tokens"), {"name": "县大数据平台", "days": "90"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert tokens.is_token_shaped(secret) and secret in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    # "no-referrer" would make Chromium post this page's forms with "Origin: null" (CSRF 403, seen in a browser).
    assert response.get("Referrer-Policy") != "no-referrer"
    later = as_clerk_a.get(reverse("api:tokens")).content.decode()
    assert secret not in later and secret[:10] in later and "县大数据平台" in later
    assert ApiToken.objects.get().user == county.clerk_a.user


def test_the_user_menu_links_to_the_page(as_clerk_a):
    assert reverse("api:tokens") in as_clerk_a.get(reverse("home")).content.decode()


def test_a_bad_name_or_lifetime_is_refused_in_chinese(as_clerk_a):
    response = as_clerk_a.post(reverse("api:tokens"), {"name": "", "days": "999"})
    assert response.status_code == 200 and response.context["secret"] is None
    assert "请填写令牌的用途说明" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_another_clerk_cannot_see_or_revoke_my_token(client, county):
    token_for(county.clerk_a.user)
    row = ApiToken.objects.get()
    client.force_login(county.clerk_b.user)
    assert row.prefix not in client.get(reverse("api:tokens")).content.decode()
    assert client.post(reverse("api:revoke", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_the_county_admin_revokes_anyones_token_and_it_stops_working(client, county):
    secret = token_for(county.clerk_a.user)
    row = ApiToken.objects.get()
    client.force_login(county.users["county_admin"])
    assert row.prefix in client.get(reverse("api:tokens")).content.decode()
    client.post(reverse("api:revoke", args=[row.pk]))
    row.refresh_from_db()
    assert row.revoked_at is not None and row.revoked_by == county.users["county_admin"]
    client.logout()
    assert get(client, "/api/v1/me", secret).status_code == 401

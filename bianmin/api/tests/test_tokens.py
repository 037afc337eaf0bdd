"""API tokens: stored hashed, shown once, scoped exactly as their user; expired, revoked and unknown
tokens get 401 in the one error shape; throttled per token."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bianmin.api import services, tokens
from bianmin.api.models import ApiToken
from bianmin.api.tests.helpers import get, post, token_for
from bianmin.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_it_stores_only_a_digest_of_the_secret(county):
    row, secret = services.token_create(user=county.clerk_a.user, name="县平台", days=30)
    assert tokens.is_token_shaped(secret)
    assert row.digest == tokens.digest(secret) and secret not in (row.digest, row.prefix)
    assert row.prefix == secret[:10]
    assert row.expires_at - row.created_at == timedelta(days=30)


def test_a_token_acts_as_its_user(client, county):
    body = get(client, "/api/v1/me", token_for(county.clerk_a.user)).json()
    assert body["role"] == "clerk" and body["centre_id"] == county.centre_a.pk
    assert body["token"]["name"] == "测试"


def test_it_records_when_a_token_was_last_used(client, county):
    row, secret = services.token_create(user=county.clerk_a.user, name="x", days=30)
    assert row.last_used_at is None
    get(client, "/api/v1/me", secret)
    row.refresh_from_db()
    assert row.last_used_at is not None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda row: setattr(row, "revoked_at", timezone.now()), "token_revoked"),
        (lambda row: setattr(row, "expires_at", timezone.now() - timedelta(seconds=1)), "token_expired"),
    ],
)
def test_a_revoked_or_expired_token_gets_401(client, county, change, code):
    row, secret = services.token_create(user=county.clerk_a.user, name="x", days=30)
    assert get(client, "/api/v1/cases", secret).status_code == 200
    change(row)
    row.save()
    response = get(client, "/api/v1/cases", secret)
    assert response.status_code == 401
    assert response.json()["code"] == code and "令牌" in response.json()["message"]


def test_an_unknown_or_missing_token_gets_401(client, county):
    assert get(client, "/api/v1/cases", "bm_" + "x" * 43).json()["code"] == "token_invalid"
    response = client.get("/api/v1/cases")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_revoking_is_for_the_owner_or_the_county_admin(county):
    row, _ = services.token_create(user=county.clerk_a.user, name="x", days=30)
    with pytest.raises(ApplicationError):
        services.token_revoke(token=row, actor=county.clerk_b.user)
    services.token_revoke(token=row, actor=county.users["county_admin"])
    with pytest.raises(ApplicationError, match="已被他人处理"):
        services.token_revoke(token=row, actor=county.clerk_a.user)


def test_it_limits_lifetimes_and_names(county):
    with pytest.raises(ApplicationError, match="有效期"):
        services.token_create(user=county.clerk_a.user, name="x", days=3650)
    with pytest.raises(ApplicationError, match="用途"):
        services.token_create(user=county.clerk_a.user, name=" ", days=30)
    assert ApiToken.objects.count() == 0


def test_it_throttles_per_token_with_429(client, county, settings):
    settings.API_RATE_PER_MINUTE = 3
    first, second = token_for(county.clerk_a.user), token_for(county.clerk_a.user)
    codes = [get(client, "/api/v1/me", first).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    throttled = get(client, "/api/v1/me", first)
    assert throttled.json()["code"] == "throttled" and int(throttled["Retry-After"]) > 0
    assert get(client, "/api/v1/me", second).status_code == 200  # another token has its own budget


def test_errors_share_one_shape(client, county, settings):
    secret = token_for(county.clerk_a.user)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    cases = {
        404: get(client, "/api/v1/cases/999999", secret),
        422: get(client, "/api/v1/cases", secret, page=0),
        413: post(client, "/api/v1/cases", {"item_id": 1, "applicant": {"name": "x" * 2000}}, secret),
        400: client.post(
            "/api/v1/cases", "{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
        ),
    }
    for status, response in cases.items():
        assert response.status_code == status, (status, response.content)
        body = response.json()
        assert set(body) == {"code", "message", "details"}, status
        assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body
    assert cases[422].json()["details"][0]["field"] == "query.page"
    unknown = client.get("/api/v1/no/such/thing")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"


def test_a_bug_is_a_500_without_a_trace(client, county, monkeypatch):
    from bianmin.api.routers import me

    monkeypatch.setattr(me, "scope_for", lambda user: 1 / 0)
    client.raise_request_exception = False
    response = get(client, "/api/v1/me", token_for(county.clerk_a.user))
    assert response.status_code == 500
    assert response.json()["code"] == "server_error" and "Traceback" not in response.content.decode()


def test_the_operator_command_prints_a_working_token(client, county):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("create_api_token", county.clerk_a.user.username, "--name", "演示", stdout=out, stderr=io.StringIO())
    secret = out.getvalue().strip()
    assert get(client, "/api/v1/me", secret).json()["role"] == "clerk"


def test_the_case_list_reads_in_a_fixed_number_of_queries(client, county):
    from bianmin.cases.tests.helpers import listed_item, received_case
    from bianmin.workcalendar import services as calendar_services

    calendar_services.seed_from_package()
    item = listed_item(county)
    secret = token_for(county.clerk_a.user)
    received_case(county, item)
    get(client, "/api/v1/cases", secret)  # warm: the token's last-used time and the calendar cache
    with CaptureQueriesContext(connection) as one:
        assert get(client, "/api/v1/cases", secret).json()["count"] == 1
    for _ in range(5):
        received_case(county, item)
    with CaptureQueriesContext(connection) as six:
        assert get(client, "/api/v1/cases", secret).json()["count"] == 6
    assert len(six) == len(one), [q["sql"] for q in six.captured_queries]

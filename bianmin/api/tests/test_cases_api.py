"""Cases through the API: the same scope, masking and workflow rules as the case pages."""

import pytest

from bianmin.api.tests.helpers import get, post, token_for
from bianmin.cases import services
from bianmin.cases.models import CaseEvent
from bianmin.cases.tests.helpers import ID_1, PHONE, handling_case, listed_item, received_case
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(county):
    calendar_services.seed_from_package()
    return listed_item(county)


def test_it_lists_the_clerks_own_centre_with_masked_personal_data(client, county, item):
    mine = received_case(county, item)
    received_case(county, item, actor=county.clerk_b)
    response = get(client, "/api/v1/cases", token_for(county.clerk_a.user))
    assert response.status_code == 200, response.content
    data = response.json()
    assert [row["receipt_number"] for row in data["items"]] == [mine.receipt_number]
    row = data["items"][0]
    assert row["id_number_masked"] == "3611**********0016" and row["phone_masked"] == "138****5678"
    assert ID_1 not in response.content.decode() and PHONE not in response.content.decode()


def test_it_answers_404_for_another_centres_case(client, county, item):
    theirs = received_case(county, item, actor=county.clerk_b)
    secret = token_for(county.clerk_a.user)
    for url in (f"/api/v1/cases/{theirs.pk}", f"/api/v1/cases/{theirs.pk}/timeline"):
        response = get(client, url, secret)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
    response = post(client, f"/api/v1/cases/{theirs.pk}/actions/accept", {"version": theirs.version}, secret)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "received"


def test_it_accepts_a_case_through_the_action_and_reports_a_stale_version_as_409(client, county, item):
    case = received_case(county, item)
    secret = token_for(county.clerk_a.user)
    stale = case.version
    response = post(client, f"/api/v1/cases/{case.pk}/actions/accept", {"version": stale}, secret)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["case"]["status"] == "handling" and body["notice"]["kind"] == "promise"
    again = post(
        client,
        f"/api/v1/cases/{case.pk}/actions/transfer",
        {"version": stale, "reason": "x", "handler_id": county.director_a.pk},
        secret,
    )
    assert again.status_code == 409
    assert "已被他人处理" in again.json()["message"]


def test_it_refuses_an_action_the_state_or_role_does_not_allow(client, county, item):
    case = handling_case(county, item)
    services.case_request_extension(case=case, actor=county.clerk_a, days=2, reason="需要实地核查")
    case.refresh_from_db()
    clerk = token_for(county.clerk_a.user)
    response = post(client, f"/api/v1/cases/{case.pk}/actions/approve_extension", {"version": case.version}, clerk)
    assert response.status_code == 403 and "中心主任" in response.json()["message"]
    response = post(
        client, f"/api/v1/cases/{case.pk}/actions/deliver", {"version": case.version, "method": "collected"}, clerk
    )
    assert response.status_code == 409 and response.json()["code"] == "invalid_state"
    director = token_for(county.director_a.user)
    response = post(client, f"/api/v1/cases/{case.pk}/actions/approve_extension", {"version": case.version}, director)
    assert response.status_code == 200, response.content
    assert response.json()["case"]["extended_days"] == 2


def test_it_registers_an_intake_and_decides_like_the_page(client, county, item):
    body = {
        "item_id": item.pk,
        "applicant": {"name": "李四", "id_number": ID_1, "phone": PHONE},
        "materials": [{"position": 1, "state": "received"}, {"position": 2, "state": "missing"}],
    }
    response = post(client, "/api/v1/cases", body, token_for(county.clerk_a.user), HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["decision"] == "one_time_notice" and data["case"]["status"] == "awaiting_supplement"
    replay = post(client, "/api/v1/cases", body, token_for(county.clerk_a.user), HTTP_IDEMPOTENCY_KEY="k1")
    assert replay.json()["case"]["id"] == data["case"]["id"]


def test_it_rejects_a_bad_id_number_with_a_chinese_message(client, county, item):
    body = {"item_id": item.pk, "applicant": {"name": "李四", "id_number": "361123198001010017", "phone": PHONE}}
    response = post(client, "/api/v1/cases", body, token_for(county.clerk_a.user))
    assert response.status_code == 422
    assert "校验位" in response.json()["message"]


def test_it_reveals_the_full_id_only_with_an_audit_event(client, county, item):
    case = received_case(county, item)
    response = post(client, f"/api/v1/cases/{case.pk}/reveal-id", {}, token_for(county.clerk_a.user))
    assert response.status_code == 200 and response.json()["id_number"] == ID_1
    assert CaseEvent.objects.filter(case=case, action="reveal").count() == 1
    county_reader = token_for(county.users["inspector"])
    assert post(client, f"/api/v1/cases/{case.pk}/reveal-id", {}, county_reader).status_code == 403


def test_it_keeps_county_roles_read_only(client, county, item):
    case = received_case(county, item)
    secret = token_for(county.users["county_admin"])
    assert get(client, f"/api/v1/cases/{case.pk}", secret).json()["actions"] == []
    response = post(client, f"/api/v1/cases/{case.pk}/actions/accept", {"version": case.version}, secret)
    assert response.status_code == 403


def test_session_calls_need_the_csrf_token_for_writes(county, item):
    from django.test import Client

    case = received_case(county, item)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(county.clerk_a.user)
    assert browser.get(f"/api/v1/cases/{case.pk}").status_code == 200
    response = browser.post(
        f"/api/v1/cases/{case.pk}/actions/accept", {"version": case.version}, content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"


def test_a_long_idempotency_key_still_fits_every_step_of_the_intake(client, county, item):
    """The intake derives its accept/notice keys from the client's key: they must fit the 64-character
    columns on PostgreSQL too (SQLite would not complain)."""
    body = {
        "item_id": item.pk,
        "applicant": {"name": "李四", "id_number": ID_1, "phone": PHONE},
        "materials": [{"position": n, "state": "received"} for n in (1, 2, 3)],
        "pledge": False,
    }
    response = post(client, "/api/v1/cases", body, token_for(county.clerk_a.user), HTTP_IDEMPOTENCY_KEY="k" * 64)
    assert response.status_code == 201, response.content
    assert response.json()["decision"] == "accept"
    assert all(
        len(key) <= 64 for key in CaseEvent.objects.exclude(request_key=None).values_list("request_key", flat=True)
    )


def test_an_agent_registers_and_hands_over_and_the_centre_confirms(client, county):
    calendar_services.seed_from_package()
    item = listed_item(county, agency_allowed=True)
    body = {
        "item_id": item.pk,
        "applicant": {"name": "王五", "id_number": ID_1, "phone": PHONE},
        "materials": [{"position": n, "state": "received"} for n in (1, 2, 3)],
    }
    response = post(client, "/api/v1/cases", body, token_for(county.agent_a1.user))
    assert response.status_code == 201, response.content
    case = response.json()["case"]
    assert response.json()["decision"] == "handed_over" and case["status"] == "in_transfer"
    assert case["agency_point"]["id"] == county.point_a1.pk
    clerk = token_for(county.clerk_a.user)
    confirmed = post(
        client, f"/api/v1/cases/{case['id']}/actions/confirm_handover", {"version": case["version"]}, clerk
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["case"]["status"] == "received"
    # The agent may not accept at the centre's place (the workflow table: 受理 is for the centre).
    again = post(client, f"/api/v1/cases/{case['id']}/actions/accept", {"version": 99}, token_for(county.agent_a1.user))
    assert again.status_code == 403

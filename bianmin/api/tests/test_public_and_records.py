"""Public endpoints show only what the public pages show; staff registers keep their rules of who
sees whom (the rater anonymous, the complainant only to the director and the county)."""

import json

import pytest

from bianmin.api.tests.helpers import get, post, token_for
from bianmin.cases import services
from bianmin.cases.tests.helpers import ID_1, PHONE, handling_case, listed_item
from bianmin.supervision import services_complaints
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(county):
    calendar_services.seed_from_package()
    item = listed_item(county)
    case = handling_case(county, item)
    services.case_transfer(case=case, actor=county.clerk_a, window=None, handler=county.director_a, reason="内部备注X")
    services.case_complete(case=case, actor=county.director_a, result="approved")
    return case


def test_public_reads_never_show_personal_data(client, county, decided):
    urls = [
        "/api/v1/centres",
        f"/api/v1/centres/{county.centre_a.pk}",
        f"/api/v1/centres/{county.centre_a.pk}/items",
        "/api/v1/catalogue/items?q=dibao",
        f"/api/v1/catalogue/items/{decided.item_id}",
        f"/api/v1/public/progress?number={decided.receipt_number}&phone4={PHONE[-4:]}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        text = json.dumps(response.json(), ensure_ascii=False)
        for secret in (ID_1, PHONE, "内部备注X"):
            assert secret not in text, (secret, url)
    progress = client.get(urls[-1]).json()
    assert progress["applicant"] == "张*" and progress["can_rate"]


def test_a_wrong_lookup_gets_the_same_404_as_the_page(client, decided):
    response = client.get(f"/api/v1/public/progress?number={decided.receipt_number}&phone4=0000")
    assert response.status_code == 404 and "未查询到办件信息" in response.json()["message"]


def test_the_public_rates_a_decided_case_once(client, decided):
    body = {
        "number": decided.receipt_number,
        "phone4": PHONE[-4:],
        "overall": 2,
        "efficiency": 3,
        "attitude": 2,
        "guide_accuracy": 3,
        "comment": "等了很久",
    }
    response = post(client, "/api/v1/public/ratings", body)
    assert response.status_code == 201 and response.json()["rectification_opened"]
    again = post(client, "/api/v1/public/ratings", body)
    assert again.status_code == 409
    wrong = post(client, "/api/v1/public/ratings", body | {"phone4": "0000", "number": decided.receipt_number})
    assert wrong.status_code == 404


def test_complaints_go_in_with_a_code_and_hide_the_complainant_from_clerks(client, county):
    body = {
        "centre_id": county.centre_a.pk,
        "category": "attitude",
        "content": "窗口人员态度生硬,不耐心解答问题。",
        "name": "王五",
        "phone": "13700001111",
    }
    created = post(client, "/api/v1/public/complaints", body)
    assert created.status_code == 201
    code = created.json()["code"]
    status = client.get(f"/api/v1/public/complaints/{code}").json()
    assert status["status"] == "received" and "王五" not in json.dumps(status, ensure_ascii=False)
    clerk_view = get(client, "/api/v1/complaints", token_for(county.clerk_a.user)).json()["items"][0]
    assert clerk_view["complainant"] == "实名" and clerk_view["complainant_phone_masked"] == ""
    director_view = get(client, "/api/v1/complaints", token_for(county.director_a.user)).json()["items"][0]
    assert director_view["complainant"] == "王五" and director_view["complainant_phone_masked"] == "137****1111"
    assert get(client, "/api/v1/complaints", token_for(county.clerk_b.user)).json()["count"] == 0
    assert get(client, "/api/v1/complaints", token_for(county.agent_a1.user)).status_code == 403


def test_a_consultation_is_registered_with_the_caller_as_first_responder(client, county):
    secret = token_for(county.clerk_a.user)
    response = post(
        client,
        "/api/v1/consultations",
        {"visitor_name": "赵六", "visitor_phone": PHONE, "question": "低保怎么申请?"},
        secret,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["first_responder"] == county.clerk_a.name and body["visitor_phone_masked"] == "138****5678"
    assert get(client, f"/api/v1/consultations/{body['id']}", token_for(county.clerk_b.user)).status_code == 404
    readonly = post(
        client, "/api/v1/consultations", {"visitor_name": "x", "question": "y"}, token_for(county.users["inspector"])
    )
    assert readonly.status_code == 403


def test_complaint_register_lists_are_scoped(client, county):
    services_complaints.complaint_submit(centre=county.centre_b, category="fees", content="窗口违规收取材料复印费用。")
    assert get(client, "/api/v1/complaints", token_for(county.users["county_admin"])).json()["count"] == 1
    assert get(client, "/api/v1/complaints", token_for(county.director_a.user)).json()["count"] == 0


@pytest.mark.parametrize("value", ["-1.6476425648663698e-226", "0", "1767225600", "2026/01/05", "明天"])
def test_dates_are_iso_text_only_not_unix_times(client, county, value):
    # Pydantic would read a number as a Unix time (1970-01-01); the schema says format: date.
    secret = token_for(county.users["county_admin"])
    refused = get(client, "/api/v1/complaints", secret, until=value)
    assert refused.status_code == 422 and "YYYY-MM-DD" in refused.content.decode()
    assert get(client, "/api/v1/complaints", secret, until="2026-01-05").status_code == 200
    assert get(client, "/api/v1/calendar/add", start=value, days=3).status_code == 422
    assert get(client, "/api/v1/exchange/cases", secret, since=value).status_code == 422

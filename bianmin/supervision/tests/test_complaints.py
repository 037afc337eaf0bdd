"""投诉举报: anonymous intake returns a query code; the status page shows category, centre, date,
status and the public reply only (never the investigation or the verdict); receipt numbers are
never confirmed; both forms are throttled and CSRF-protected; the director replies and closes once
a verdict is recorded; other centres get 404."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from bianmin.core.errors import ApplicationError
from bianmin.core.tests.pages import without_nonce
from bianmin.supervision import rules, services_complaints
from bianmin.supervision.models import Complaint

pytestmark = pytest.mark.django_db

NEW = reverse("portal:complaint_new")
STATUS = reverse("portal:complaint_status")
CONTENT = "3号窗口工作人员上班时间玩手机,让排队群众等了很久。"


def form(county, key="k1", **overrides):
    data = {
        "request_key": key,
        "centre": county.centre_a.pk,
        "category": "attitude",
        "staff": "",
        "subject": "",
        "receipt_number": "",
        "content": CONTENT,
        "name": "",
        "phone": "",
    }
    return data | overrides


def shown_code(response) -> str:
    match = re.search(r">([23456789A-HJ-NP-Z]{8})</p>", response.content.decode())
    assert match, "the query code is shown"
    return match.group(1)


def file_complaint(county, **kw):
    values = {"centre": county.centre_a, "category": "attitude", "content": CONTENT} | kw
    return services_complaints.complaint_submit(**values)


# --- public intake -----------------------------------------------------------------------------


def test_it_takes_an_anonymous_complaint_and_returns_a_code(client, county):
    page = client.get(NEW)
    assert page.status_code == 200
    for label in ("服务态度", "工作作风", "办事效率", "办事质量", "违规收费", "其他"):
        assert label in page.content.decode()
    response = client.post(NEW, form(county))
    assert response.status_code == 200
    code = shown_code(response)
    complaint = Complaint.objects.get()
    assert complaint.code == code and rules.is_code_shaped(code)
    assert complaint.is_anonymous and complaint.status == "received"
    assert complaint.channel == "portal"
    assert "只显示这一次" in response.content.decode()


def test_it_takes_a_named_complaint_with_a_valid_phone(client, county):
    client.post(NEW, form(county, name="李四", phone="138 1234 5678"))
    complaint = Complaint.objects.get()
    assert (complaint.name, complaint.phone) == ("李四", "13812345678")


def test_it_checks_the_phone_if_given(client, county):
    response = client.post(NEW, form(county, phone="12345"))
    assert "请输入有效的电话号码" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"content": "太慢了"}, "至少 10 个字"),
        ({"content": "字" * 2001}, "最多 2000 字"),
        ({"category": ""}, "请选择投诉举报类别"),
        ({"centre": ""}, "请选择便民服务中心"),
    ],
)
def test_it_checks_the_form(client, county, overrides, message):
    response = client.post(NEW, form(county, **overrides))
    assert message in response.content.decode()
    assert not Complaint.objects.exists()


def test_it_accepts_staff_of_the_chosen_centre_only(client, county):
    response = client.post(NEW, form(county, staff=county.clerk_b.pk))
    assert "不属于该中心" in response.content.decode()
    client.post(NEW, form(county, staff=county.clerk_a.pk))
    assert Complaint.objects.get().staff == county.clerk_a


def test_it_offers_only_post_board_staff(client, county):
    county.clerk_a.on_post_board = False
    county.clerk_a.save()
    html = client.get(NEW).content.decode()
    assert f'value="{county.clerk_b.pk}"' in html
    assert f'value="{county.clerk_a.pk}"' not in html
    assert county.clerk_a.phone == "" or county.clerk_a.phone not in html


def test_it_links_a_receipt_number_without_revealing_it(client, county, decided):
    case = decided()
    known = client.post(NEW, form(county, key="a", receipt_number=case.receipt_number))
    unknown = client.post(NEW, form(county, key="b", receipt_number="361123101-2025-999999"))
    other_centre = client.post(
        NEW, form(county, key="c", receipt_number=case.receipt_number, centre=county.centre_b.pk)
    )

    def page_without_code(response):
        html = without_nonce(response.content.decode())
        return re.sub(r"[23456789A-HJ-NP-Z]( ?[23456789A-HJ-NP-Z]){7}", "CODE", html)

    assert page_without_code(known) == page_without_code(unknown) == page_without_code(other_centre)
    linked = dict(Complaint.objects.values_list("request_key", "case_id"))
    assert linked == {"a": case.pk, "b": None, "c": None}


def test_it_answers_a_double_submit_once(client, county):
    first = client.post(NEW, form(county, key="same"))
    second = client.post(NEW, form(county, key="same"))
    assert shown_code(first) == shown_code(second)
    assert Complaint.objects.count() == 1


def test_it_refuses_a_complaint_without_a_csrf_token(county):
    client = Client(enforce_csrf_checks=True)
    assert client.post(NEW, form(county)).status_code == 403
    assert not Complaint.objects.exists()


def test_it_throttles_complaints(client, county):
    statuses = [client.post(NEW, form(county, key=f"k{n}")).status_code for n in range(6)]
    assert statuses == [200] * 5 + [429]
    assert Complaint.objects.count() == 5
    assert "10 分钟后再试" in client.post(NEW, form(county, key="late")).content.decode()


# --- public status page ------------------------------------------------------------------------


def test_it_shows_the_status_and_reply_but_no_internal_notes(client, county):
    complaint = file_complaint(county, name="王五", phone="13900001111", subject="3号窗口")
    found = "内部:调取监控核实,当事人确有玩手机行为。"
    services_complaints.complaint_investigate(complaint=complaint, actor=county.director_a, investigation=found)
    services_complaints.complaint_verify(complaint=complaint, actor=county.director_a, verdict="unsubstantiated")
    services_complaints.complaint_respond(
        complaint=complaint,
        actor=county.director_a,
        internal_note="内部:经查属实,已对当事人通报批评。",
        reply="经核查情况属实,已责令整改,感谢您的监督。",
        close=True,
    )
    response = client.get(STATUS, {"code": complaint.code.lower()})
    html = response.content.decode()
    assert response.status_code == 200
    for shown in ("服务态度", county.centre_a.name, "已办结", "经核查情况属实"):
        assert shown in html
    secrets = ("内部:经查属实", found, "不属实", "王五", "13900001111", "139****1111", CONTENT, "3号窗口")
    for hidden in (*secrets, county.director_a.name):
        assert hidden not in html


def test_it_answers_unknown_and_malformed_codes_alike(client, county):
    file_complaint(county)
    unknown = client.get(STATUS, {"code": "ZZZZZZZZ"}).content.decode()
    malformed = client.get(STATUS, {"code": "abc"}).content.decode()
    assert "没有找到该查询码" in unknown and "没有找到该查询码" in malformed


def test_it_throttles_status_lookups(client, county):
    complaint = file_complaint(county)
    statuses = [client.get(STATUS, {"code": "ZZZZZZZZ"}).status_code for _ in range(10)]
    assert statuses == [200] * 10
    blocked = client.get(STATUS, {"code": complaint.code})
    assert blocked.status_code == 429
    assert complaint.get_status_display() not in blocked.content.decode()


def test_it_shows_the_empty_lookup_form_without_counting(client):
    for _ in range(12):
        assert client.get(STATUS).status_code == 200


# --- staff side (the full register: test_complaint_register.py, test_complaint_steps.py) -----------


def detail_url(complaint) -> str:
    return reverse("supervision:complaint_detail", args=[complaint.pk])


def reply_url(complaint) -> str:
    return reverse("supervision:complaint_reply", args=[complaint.pk])


def respond(complaint, key="r1", op="close", **overrides):
    data = {"request_key": key, "version": complaint.version, "internal_note": "已核查", "reply": "已整改", "op": op}
    return {f"reply-{name}" if name != "op" else name: value for name, value in (data | overrides).items()}


def verified(complaint, actor, verdict="unsubstantiated"):
    services_complaints.complaint_investigate(complaint=complaint, actor=actor, investigation="调取监控并询问当事人。")
    return services_complaints.complaint_verify(complaint=complaint, actor=actor, verdict=verdict)


def test_it_lets_the_director_reply_and_close(as_director_a, county):
    complaint = file_complaint(county, name="王五", phone="13900001111")
    page = as_director_a.get(detail_url(complaint)).content.decode()
    assert "13900001111" in page  # the director calls the complainant back
    response = as_director_a.post(reply_url(complaint), respond(complaint, op="save", reply=""))
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "processing"
    response = as_director_a.post(reply_url(complaint), respond(complaint, key="r2", reply=""))
    assert "办结前请填写给投诉人的答复意见" in response.content.decode()
    response = as_director_a.post(reply_url(complaint), respond(complaint, key="r3"))
    assert "办结前须先作出查证结论" in response.content.decode()
    complaint = verified(complaint, county.director_a)
    as_director_a.post(reply_url(complaint), respond(complaint, key="r4"))
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.handled_by == county.director_a and complaint.replied_at


def test_it_hides_the_complainant_from_clerks(as_clerk_a, county):
    complaint = file_complaint(county, name="王五", phone="13900001111")
    response = as_clerk_a.get(detail_url(complaint))
    html = response.content.decode()
    assert response.status_code == 200
    assert "王五" not in html and "13900001111" not in html and "1111" not in html
    assert as_clerk_a.post(reply_url(complaint), respond(complaint)).status_code == 403
    with pytest.raises(ApplicationError):
        services_complaints.complaint_respond(complaint=complaint, actor=county.clerk_a, reply="x")


def test_it_hides_centre_a_complaints_from_clerk_b(as_clerk_b, county):
    complaint = file_complaint(county)
    assert as_clerk_b.get(detail_url(complaint)).status_code == 404
    assert as_clerk_b.post(reply_url(complaint), respond(complaint)).status_code == 404
    assert detail_url(complaint) not in as_clerk_b.get(reverse("supervision:complaint_list")).content.decode()


def test_it_hides_centre_a_complaints_from_director_b(client, county, director_b):
    complaint = file_complaint(county)
    client.force_login(director_b.user)
    assert client.get(detail_url(complaint)).status_code == 404
    assert client.post(reply_url(complaint), respond(complaint)).status_code == 404
    with pytest.raises(ApplicationError):
        services_complaints.complaint_respond(complaint=complaint, actor=director_b, reply="x")


def test_it_lets_county_roles_read_and_answer_complaints(as_inspector, county):
    complaint = file_complaint(county)
    assert as_inspector.get(detail_url(complaint)).status_code == 200
    assert detail_url(complaint) in as_inspector.get(reverse("supervision:complaint_list")).content.decode()
    inspector = county.users["inspector"].staff
    verified(complaint, inspector)
    complaint.refresh_from_db()
    assert as_inspector.post(reply_url(complaint), respond(complaint)).status_code == 302
    complaint.refresh_from_db()
    assert complaint.is_closed and complaint.handled_by == inspector


def test_it_refuses_a_stale_reply(county):
    complaint = file_complaint(county)
    services_complaints.complaint_respond(
        complaint=complaint, actor=county.director_a, internal_note="a", seen_version=0
    )
    with pytest.raises(ApplicationError) as refused:
        services_complaints.complaint_respond(complaint=complaint, actor=county.director_a, reply="b", seen_version=0)
    assert "已被他人处理" in refused.value.message


def test_it_filters_the_complaint_list(as_director_a, county):
    open_one = file_complaint(county)
    closed = file_complaint(county, category="fees")
    verified(closed, county.director_a)
    services_complaints.complaint_respond(complaint=closed, actor=county.director_a, reply="已退还", close=True)
    html = as_director_a.get(reverse("supervision:complaint_list"), {"status": "received"}).content.decode()
    assert detail_url(open_one) in html and detail_url(closed) not in html
    html = as_director_a.get(reverse("supervision:complaint_list"), {"category": "fees"}).content.decode()
    assert detail_url(closed) in html and detail_url(open_one) not in html


def test_it_records_a_complaint_from_the_kiosk_and_stays_in_kiosk_mode(client, county):
    url = f"{NEW}?centre={county.centre_a.pk}&kiosk={county.centre_a.pk}"
    page = client.get(url).content.decode()
    assert "kiosk.js" in page
    assert f'<option value="{county.centre_a.pk}" selected>' in page
    response = client.post(url, form(county))
    assert Complaint.objects.get().channel == "kiosk"
    assert "kiosk.js" in response.content.decode()

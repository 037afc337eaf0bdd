"""The public progress lookup (no login), where the QR code on every notice leads (issues #5, #6).

It answers only to the receipt number together with the last 4 digits of the applicant's phone or
the notice's query code, does not tell which was wrong, is throttled per client so numbers cannot be
enumerated, and shows no personal data beyond the masked name.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bianmin.cases import services
from bianmin.cases.tests.helpers import ID_1, PHONE, handling_case, listed_item, received_case
from bianmin.core.tests.pages import without_nonce
from bianmin.portal.views_progress import INCOMPLETE, LOOKUPS_PER_MINUTE, NOT_FOUND, VERIFIED, mask_name
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db

CN = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2025, 3, 3, 9, 30, tzinfo=CN)
URL = reverse("portal:progress")


@pytest.fixture
def item(county):
    calendar_services.seed_from_package()
    return listed_item(county)


def lookup(client, case, code=None):
    return client.get(URL, {"no": case.receipt_number, "code": case.public_code if code is None else code})


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧***"), ("王", "王*"), ("  李四 ", "李*"), ("", "")],
)
def test_it_masks_the_applicant_name(name, masked):
    assert mask_name(name) == masked


def test_it_shows_the_form_to_anonymous_visitors(client, county):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="no"' in page and 'name="code"' in page
    assert "办件进度查询" in page
    assert NOT_FOUND not in page
    assert "<script" not in page  # works without JavaScript
    assert "navbar" not in page  # not the staff layout


def test_it_shows_the_status_for_the_right_code(client, county, item):
    case = received_case(county, item, at=MONDAY)
    services.case_accept(case=case, actor=county.clerk_a, at=MONDAY)
    response = lookup(client, case, code=case.public_code.lower())  # the code is not case-sensitive
    assert response.status_code == 200
    page = response.content.decode()
    assert "最低生活保障" in page
    assert "甲镇便民服务中心" in page
    assert "张*" in page and "张三" not in page
    assert "办理中" in page
    assert "2025年3月3日 09:30" in page  # received and accepted
    assert "2025年3月24日" in page  # due
    assert "暂定" not in page
    assert "收件登记" in page and "受理" in page  # the timeline


def test_it_gives_no_data_and_no_hint_for_a_wrong_code(client, county, item):
    case = handling_case(county, item)
    wrong = lookup(client, case, code="ZZZZZZ")
    assert wrong.status_code == 200
    page = without_nonce(wrong.content.decode())
    assert NOT_FOUND in page
    assert "最低生活保障" not in page and "办理中" not in page and "张*" not in page
    # An unknown number gets the very same answer: the page does not reveal which numbers exist.
    unknown = client.get(URL, {"no": "361123101-2025-999999", "code": "ZZZZZZ"})
    assert without_nonce(unknown.content.decode()).replace("361123101-2025-999999", case.receipt_number) == page
    # The code of another case does not open this one.
    other = received_case(county, item)
    assert NOT_FOUND in lookup(client, case, code=other.public_code).content.decode()


def test_it_asks_for_both_fields(client, county, item):
    case = handling_case(county, item)
    page = client.get(URL, {"no": case.receipt_number}).content.decode()
    assert INCOMPLETE in page and "最低生活保障" not in page
    page = client.get(URL, {"no": "", "code": case.public_code}).content.decode()
    assert INCOMPLETE in page


def test_it_shows_no_personal_data_or_staff_names(client, county, item):
    case = received_case(county, item, at=MONDAY)
    services.case_accept(case=case, actor=county.clerk_a, at=MONDAY)
    services.case_suspend(
        case=case, actor=county.clerk_a, kind="hearing", reason=f"申请人张三电话{PHONE}要求听证", at=MONDAY
    )
    page = lookup(client, case).content.decode()
    for secret in (ID_1, PHONE, "138****5678", "**********0016", "一村3组", "要求听证", county.clerk_a.name):
        assert secret not in page, secret
    assert "挂起" in page and "听证" in page  # the structured fact is shown, the free text is not


def test_it_shows_the_refusal_reason_with_numbers_masked(client, county, item):
    case = received_case(county, item, at=MONDAY)
    services.case_refuse_acceptance(
        case=case, actor=county.clerk_a, reason=f"户籍不在本镇(已电话{PHONE}告知)", at=MONDAY
    )
    page = lookup(client, case).content.decode()
    assert "不予受理" in page
    assert "户籍不在本镇" in page
    assert PHONE not in page and "138****5678" in page


def test_it_shows_the_result_when_completed(client, county, item):
    case = received_case(county, item, at=MONDAY)
    services.case_accept(case=case, actor=county.clerk_a, at=MONDAY)
    services.case_complete(case=case, actor=county.clerk_a, result="refused", note="家庭人均收入高于保障标准")
    page = lookup(client, case).content.decode()
    assert "已办结" in page and "不予办理" in page and "家庭人均收入高于保障标准" in page


def test_it_flags_a_provisional_due_date(client, county, item):
    at = datetime(2040, 6, 4, 9, 0, tzinfo=CN)
    case = received_case(county, item, at=at)
    services.case_accept(case=case, actor=county.clerk_a, at=at)
    assert case.due_provisional
    page = lookup(client, case).content.decode()
    assert "暂定" in page


def test_it_is_not_cached_and_keeps_the_code_out_of_referers(client, county, item):
    case = handling_case(county, item)
    response = lookup(client, case)
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex"


def test_it_answers_in_a_few_queries(client, county, item, django_assert_max_num_queries):
    case = handling_case(county, item)
    # the case, its events, and the session that remembers the proof for rating (read, create/save)
    with django_assert_max_num_queries(6):
        assert lookup(client, case).status_code == 200


# --- issue #6: phone digits, enumeration, throttling, the proof for rating ----------------------


def test_it_finds_the_case_by_the_last_four_phone_digits(client, county, item):
    case = received_case(county, item, at=MONDAY)
    response = client.get(URL, {"no": case.receipt_number, "phone4": PHONE[-4:]})
    assert response.status_code == 200 and response.context["case"] == case
    assert client.session[VERIFIED] == [case.pk]


def test_wrong_digits_and_unknown_numbers_get_the_same_answer(client, county, item):
    case = received_case(county, item, at=MONDAY)
    wrong = without_nonce(client.get(URL, {"no": case.receipt_number, "phone4": "0000"}).content.decode())
    unknown = without_nonce(
        client.get(URL, {"no": case.receipt_number[:-1] + "9", "phone4": PHONE[-4:]}).content.decode()
    )
    assert NOT_FOUND in wrong and NOT_FOUND in unknown
    strip = lambda page: page.replace(case.receipt_number, "").replace(case.receipt_number[:-1] + "9", "")  # noqa: E731
    assert strip(wrong) == strip(unknown)
    assert VERIFIED not in client.session


def test_the_lookup_is_throttled_per_client_so_numbers_cannot_be_enumerated(client, county, item):
    case = received_case(county, item, at=MONDAY)
    for n in range(LOOKUPS_PER_MINUTE):
        assert client.get(URL, {"no": f"361123101-2025-{n:06d}", "phone4": "1234"}).status_code == 200
    blocked = client.get(URL, {"no": case.receipt_number, "phone4": PHONE[-4:]})
    assert blocked.status_code == 429
    assert "操作过于频繁" in blocked.content.decode() and blocked.context["case"] is None
    other = client.get(URL, {"no": case.receipt_number, "phone4": PHONE[-4:]}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200 and other.context["case"] == case


def test_the_old_address_on_printed_notices_still_works(client, county, item):
    case = received_case(county, item, at=MONDAY)
    response = client.get(reverse("cases:progress"), {"no": case.receipt_number, "code": case.public_code})
    assert response.status_code == 302
    assert response["Location"].startswith(URL + "?no=")
    assert client.get(response["Location"]).context["case"] == case


def test_qr_codes_on_new_notices_open_the_result_directly(client, county, item):
    case = handling_case(county, item)
    url = case.notices.get(kind="promise").data["progress_url"]
    assert "/public/progress/?no=" in url
    path = url.split("8000", 1)[-1] if "8000" in url else url
    assert client.get(path).context["case"] == case


def test_a_decided_case_offers_the_rating(client, county, item):
    case = handling_case(county, item)
    services.case_complete(case=case, actor=county.clerk_a, result="approved")
    page = client.get(URL, {"no": case.receipt_number, "phone4": PHONE[-4:]}).content.decode()
    assert reverse("portal:rate", args=[case.pk]) in page


def test_a_missing_public_page_keeps_the_public_layout(client, county):
    response = client.get("/public/centres/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "返回便民服务首页" in page and "工作台" not in page

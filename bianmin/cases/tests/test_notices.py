"""Written notices (文书) of a case: complete per kind, stored as issued, printed and reprinted
identically as A4 HTML and PDF (issue #5 point 6; plan 四(一)4(2)(3), 四(二)1).

Every case is driven by the services, at fixed moments in 2025 (its holiday schedule is seeded, so
due dates are final, not provisional).
"""

import re
import shutil
import subprocess
from datetime import date, datetime
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bianmin.cases import services
from bianmin.cases.models import Notice
from bianmin.cases.notices import REMEDY
from bianmin.cases.tests.helpers import ALL_RECEIVED, ID_1, PHONE, applicant, listed_item, received_case
from bianmin.core.tests.pages import without_nonce
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db

CN = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2025, 3, 3, 9, 30, tzinfo=CN)  # 15 working days later: Monday 24 March 2025
LATER = datetime(2025, 3, 10, 10, 0, tzinfo=CN)


@pytest.fixture
def item(county):
    calendar_services.seed_from_package()  # 2025's holiday schedule is published: final due dates
    centre = county.centre_a
    centre.address = "甲镇人民路1号"
    centre.service_phone = "0793-2220000"
    centre.complaint_phone = "0793-2229999"
    centre.save()
    return listed_item(county, pending_allowed=True, consult_phone="0793-2221234")


def notice_of(case, kind) -> Notice:
    return case.notices.get(kind=kind)


def promise_case(county, item, **kw):
    case = received_case(county, item, at=MONDAY, **kw)
    return services.case_accept(case=case, actor=county.clerk_a, at=MONDAY)


def text(html: str) -> str:
    """The visible text of a notice body, without tags and whitespace."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def print_url(notice: Notice, name="cases:notice_print") -> str:
    return reverse(name, args=[notice.case_id, notice.pk])


# --- content per kind -------------------------------------------------------------------------


def assert_frame(notice: Notice, title: str) -> None:
    """What every notice carries: centre, title, number, QR code, seal place, date (行政许可法第32条)."""
    body = text(notice.html)
    assert "甲镇" in notice.data["centre"] and notice.data["centre"] in body
    assert title in body
    assert f"编号:{notice.number}" in body
    assert 'src="data:image/png;base64,' in notice.html
    assert "盖章处" in body
    assert notice.data["issued_on"] in body
    assert notice.data["public_code"] in body
    assert "/public/progress/?no=" in notice.data["progress_url"]
    assert f"code={notice.case.public_code}" in notice.data["progress_url"]


def assert_masked(notice: Notice) -> None:
    assert ID_1 not in notice.html and PHONE not in notice.html
    assert "3611**********0016" in notice.html
    assert "138****5678" in notice.html


def test_it_lists_exactly_the_missing_materials_on_the_one_time_notice(county, item):
    case = received_case(county, item, at=MONDAY)
    services.case_request_supplement(
        case=case,
        actor=county.clerk_a,
        materials={2: ("missing", "需户主页和本人页")},
        note="请本人到场",
        at=MONDAY,
    )
    notice = notice_of(case, "one_time")
    assert_frame(notice, "一次性告知单")
    assert_masked(notice)
    body = text(notice.html)
    assert "户口簿" in body and "需户主页和本人页" in body and "缺少" in body
    assert "其他说明:请本人到场" in body
    listed = re.findall(r"<tr>\s*<td class=\"num\">(\d+)</td>\s*<td>([^<]+)</td>", notice.html)
    assert listed == [("1", "户口簿")]  # only the missing one, not the received ID card or income proof
    assert [m["name"] for m in notice.data["materials"]] == ["户口簿"]
    assert notice.data["materials"][0]["form"] == "复印件" and notice.data["materials"][0]["copies"] == 1
    assert "不再要求您补充其他材料" in body


def test_it_marks_a_defective_material_with_its_note(county, item):
    case = received_case(county, item, at=MONDAY)
    services.case_request_supplement(
        case=case, actor=county.clerk_a, materials={1: ("defective", "证件已过有效期")}, at=MONDAY
    )
    body = text(notice_of(case, "one_time").html)
    assert "居民身份证" in body and "不符合要求" in body and "证件已过有效期" in body
    assert "户口簿" not in body


def test_it_prints_the_promise_notice_with_everything_the_plan_asks(county, item):
    """四(一)4(3): applicant, time received, item, materials received, time limit, contact phone."""
    case = promise_case(county, item)
    notice = notice_of(case, "promise")
    assert_frame(notice, "受理通知书(承诺件告知单)")
    assert_masked(notice)
    body = text(notice.html)
    assert "张三" in body
    assert "2025年03月03日09时30分" in body  # received and accepted
    assert "最低生活保障" in body
    for name in ("居民身份证", "户口簿", "收入证明"):
        assert name in body
    assert "15个工作日" in body
    assert "2025年03月24日" in body
    assert "暂定" not in body
    assert "联系电话" in body and "0793-2221234" in body  # the guide's consultation line


def test_it_flags_a_provisional_due_date_with_its_reason(county, item):
    at = datetime(2040, 6, 4, 9, 0, tzinfo=CN)  # a year without holiday data
    case = received_case(county, item, at=at)
    services.case_accept(case=case, actor=county.clerk_a, at=at)
    assert case.due_provisional
    notice = notice_of(case, "promise")
    body = text(notice.html)
    assert "暂定" in body
    assert text(case.due_note) in body


def test_it_prints_the_refusal_with_reason_and_remedies(county, item):
    case = received_case(county, item, at=MONDAY)
    services.case_refuse_acceptance(case=case, actor=county.clerk_a, reason="申请人户籍不在本镇", at=MONDAY)
    notice = notice_of(case, "refusal")
    assert_frame(notice, "不予受理通知书")
    assert_masked(notice)
    body = text(notice.html)
    assert "申请人户籍不在本镇" in body
    assert "行政复议" in body and "行政诉讼" in body
    assert text(REMEDY) in body


def test_it_prints_the_extension_with_reason_days_and_both_due_dates(county, item):
    case = promise_case(county, item)
    services.case_request_extension(case=case, actor=county.clerk_a, days=5, reason="需入户核查家庭收入", at=LATER)
    services.case_decide_extension(case=case, actor=county.director_a, approve=True, at=LATER)
    notice = notice_of(case, "extension")
    assert_frame(notice, "延期办结告知书")
    assert_masked(notice)
    body = text(notice.html)
    assert "需入户核查家庭收入" in body
    assert "5个工作日" in body
    assert "2025年03月24日" in body  # original
    assert "2025年03月31日" in body  # 5 working days later
    assert notice.data["old_due"] == "2025年03月24日" and notice.data["due_at"] == "2025年03月31日"


def test_it_prints_the_pending_notice_with_materials_catch_up_date_and_pledge(county, item):
    materials = {1: ("received", ""), 2: ("received", ""), 3: ("missing", "")}
    case = received_case(county, item, at=MONDAY, materials=materials)
    services.case_accept_pending(case=case, actor=county.clerk_a, pledge=True, catch_up=date(2025, 3, 14), at=MONDAY)
    notice = notice_of(case, "pending")
    assert_frame(notice, "容缺受理告知书")
    assert_masked(notice)
    body = text(notice.html)
    assert [m["name"] for m in notice.data["pending"]] == ["收入证明"]
    assert "收入证明" in body
    assert "2025年03月14日" in body
    assert "申请人承诺" in body and "申请人(签字)" in body
    assert "2025年03月24日" in body  # the due date the catch-up date may not pass


def test_it_prints_the_handover_list_with_two_signature_lines(county, item):
    case = services.case_register(
        actor=county.agent_a1, item=item, applicant=applicant(), materials=ALL_RECEIVED, at=MONDAY
    )
    services.case_hand_over(case=case, actor=county.agent_a1, note="原件已核对", at=MONDAY)
    notice = notice_of(case, "handover")
    assert_frame(notice, "代办移交单")
    assert_masked(notice)
    body = text(notice.html)
    for name in ("居民身份证", "户口簿", "收入证明"):
        assert name in body
    assert county.agent_a1.name in body
    assert "移交人" in body and "接收人" in body
    assert notice.html.count('class="blank"') >= 2  # a line to sign for each side
    assert "原件已核对" in body


def test_it_escapes_applicant_input_when_issuing(county, item, client):
    case = services.case_register(
        actor=county.clerk_a,
        item=item,
        applicant=applicant(name="<script>alert(1)</script>"),
        materials=ALL_RECEIVED,
        at=MONDAY,
    )
    services.case_accept(case=case, actor=county.clerk_a, at=MONDAY)
    notice = notice_of(case, "promise")
    assert "<script>" not in notice.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in notice.html
    client.force_login(county.clerk_a.user)
    response = client.get(print_url(notice))
    assert b"<script>alert(1)" not in response.content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


# --- the print page ---------------------------------------------------------------------------


def test_it_shows_the_stored_notice_on_an_a4_print_page(county, item, as_clerk_a):
    case = promise_case(county, item)
    notice = notice_of(case, "promise")
    response = as_clerk_a.get(print_url(notice))
    assert response.status_code == 200
    page = response.content.decode()
    assert notice.html in page
    assert "size: A4" in page
    assert 'id="print-button"' in page and "@media print" in page
    assert reverse("cases:notice_pdf", args=[case.pk, notice.pk]) in page
    assert reverse("cases:detail", args=[case.pk]) in page


def printed(client, notice) -> bytes:
    """The print page without the per-response CSP nonce of its <style> block."""
    return without_nonce(client.get(print_url(notice)).content.decode())


def test_it_reprints_identically_after_the_centre_and_guide_change(county, item, as_clerk_a):
    case = promise_case(county, item)
    notice = notice_of(case, "promise")
    first = printed(as_clerk_a, notice)
    assert printed(as_clerk_a, notice) == first

    county.centre_a.service_phone = "0793-2998888"
    county.centre_a.name = "甲镇便民服务中心(新)"
    county.centre_a.save()
    type(case.guide).objects.filter(pk=case.guide_id).update(consult_phone="0793-2997777", name="改名后的事项")

    again = printed(as_clerk_a, notice)
    assert again == first
    page = again
    assert "0793-2221234" in page and "0793-2997777" not in page and "0793-2998888" not in page
    assert "改名后的事项" not in page and "(新)" not in page


def test_it_hides_notices_outside_the_users_scope(county, item, client):
    case = promise_case(county, item)
    notice = notice_of(case, "promise")
    other = received_case(county, item, at=MONDAY)
    for name in ("cases:notice_print", "cases:notice_pdf"):
        response = client.get(print_url(notice, name))
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(county.clerk_b.user)
    assert client.get(print_url(notice)).status_code == 404
    assert client.get(print_url(notice, "cases:notice_pdf")).status_code == 404
    client.force_login(county.clerk_a.user)
    # A notice of one case under another case's address is not found either.
    assert client.get(reverse("cases:notice_print", args=[other.pk, notice.pk])).status_code == 404
    assert client.get(reverse("cases:notice_print", args=[case.pk, 999999])).status_code == 404


def test_it_lets_the_county_read_and_the_point_print_its_own_notices(county, item, client):
    case = services.case_register(
        actor=county.agent_a1, item=item, applicant=applicant(), materials=ALL_RECEIVED, at=MONDAY
    )
    services.case_hand_over(case=case, actor=county.agent_a1, at=MONDAY)
    notice = notice_of(case, "handover")
    client.force_login(county.agent_a1.user)
    assert client.get(print_url(notice)).status_code == 200
    client.force_login(county.users["county_admin"])
    assert client.get(print_url(notice)).status_code == 200


# --- the PDF ----------------------------------------------------------------------------------


def test_it_downloads_the_notice_as_a_one_page_pdf_with_a_chinese_name(county, item, as_clerk_a, tmp_path):
    case = promise_case(county, item)
    notice = notice_of(case, "promise")
    response = as_clerk_a.get(print_url(notice, "cases:notice_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    encoded = re.search(r"filename\*=UTF-8''(\S+)$", response["Content-Disposition"]).group(1)
    assert unquote(encoded) == f"《受理通知书(承诺件告知单)》{notice.number}.pdf"
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "notice.pdf"
    path.write_bytes(response.content)
    content = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
    assert "受理通知书" in content
    assert notice.number in content
    assert ID_1 not in content
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.M), info  # one A4 sheet
        assert "595" in info and "841" in info  # A4 in points


def test_it_links_the_other_notices_of_the_case_from_the_print_page(county, item, as_clerk_a):
    """容缺受理 issues the 容缺受理告知书 and the 承诺件告知单 at once; the window prints both."""
    materials = {1: ("received", ""), 2: ("received", ""), 3: ("missing", "")}
    case = received_case(county, item, at=MONDAY, materials=materials)
    services.case_accept_pending(case=case, actor=county.clerk_a, pledge=True, catch_up=date(2025, 3, 14), at=MONDAY)
    pending, promise = notice_of(case, "pending"), notice_of(case, "promise")
    page = as_clerk_a.get(print_url(pending)).content.decode()
    assert print_url(promise) in page
    assert [m["name"] for m in promise.data["materials_received"]] == ["居民身份证", "户口簿"]
    assert "容缺后补材料:收入证明,请于2025年03月14日前补齐" in text(promise.html)

"""Case pages: cross-centre isolation of every page, county roles read-only, intake deciding
between acceptance and the one-time notice, double submits, the two-clerks race, masking,
uploads checked by content, and constant query counts on the lists."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from bianmin.cases import services
from bianmin.cases.models import Case
from bianmin.cases.tests.helpers import ID_1, PHONE, applicant, handling_case, listed_item, received_case
from bianmin.core.roles import Role
from bianmin.org.models import Staff
from bianmin.org.tests import factories
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(county):
    calendar_services.seed_from_package()
    return listed_item(county)


@pytest.fixture
def case_a(county, item):
    case = handling_case(county, item)
    services.case_attach(case=case, actor=county.clerk_a, file=png_upload(), material=case.materials.first())
    return case


def png_upload(name="scan.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    upload = SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
    upload.detected_content_type = "image/png"
    return upload


def agent_a2(county) -> Staff:
    return factories.staff_with_login("agent_a2", Role.AGENT, agency_point=county.point_a2)


def case_urls(case):
    notice = case.notices.first()
    attachment = case.attachments.first()
    return [
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:notice_print", args=[case.pk, notice.pk]),
        reverse("cases:notice_pdf", args=[case.pk, notice.pk]),
        reverse("cases:attachment", args=[case.pk, attachment.pk]),
    ]


def post_urls(case):
    return [
        reverse("cases:act", args=[case.pk, "complete"]),
        reverse("cases:act", args=[case.pk, "withdraw"]),
        reverse("cases:reveal", args=[case.pk]),
        reverse("cases:attach", args=[case.pk]),
    ]


# --- isolation ----------------------------------------------------------------------------------


def test_another_centres_clerk_and_another_points_agent_get_404_on_every_case_page(client, county, case_a):
    for outsider in (county.clerk_b.user, agent_a2(county).user, county.agent_b1.user):
        client.force_login(outsider)
        for url in case_urls(case_a):
            assert client.get(url).status_code == 404, (outsider, url)
        for url in post_urls(case_a):
            assert client.post(url, {"result": "approved", "reason": "x", "version": case_a.version}).status_code == 404
        listed = client.get(reverse("cases:list")).content.decode()
        assert case_a.receipt_number not in listed
        assert case_a.receipt_number not in client.get(reverse("cases:queue")).content.decode()
    case_a.refresh_from_db()
    assert case_a.status == "handling"
    assert not case_a.events.filter(action="reveal").exists()


def test_county_roles_read_every_case_but_cannot_act(client, county, case_a):
    for role in (Role.COUNTY_ADMIN, Role.INSPECTOR):
        client.force_login(county.users[role])
        for url in case_urls(case_a):
            assert client.get(url).status_code == 200, url
        for url in post_urls(case_a):
            assert client.post(url, {"result": "approved", "version": case_a.version}).status_code == 403, url
    case_a.refresh_from_db()
    assert case_a.status == "handling"


def test_the_agent_of_the_point_sees_its_case_and_not_the_centres_window_cases(client, county, item, case_a):
    at_point = services.case_register(actor=county.agent_a1, item=item, applicant=applicant())
    client.force_login(county.agent_a1.user)
    assert client.get(reverse("cases:detail", args=[at_point.pk])).status_code == 200
    assert client.get(reverse("cases:detail", args=[case_a.pk])).status_code == 404
    listed = client.get(reverse("cases:list")).content.decode()
    assert at_point.receipt_number in listed and case_a.receipt_number not in listed


# --- intake ----------------------------------------------------------------------------------


def intake_data(key="k-1", **overrides):
    data = {
        "request_key": key,
        "applicant_name": "李四",
        "id_type": "resident",
        "id_number": ID_1,
        "phone": PHONE,
        "address": "",
        "channel": "window",
        "mat_1": "received",
        "mat_2": "received",
        "mat_3": "received",
    }
    data.update(overrides)
    return data


def test_intake_with_all_materials_accepts_and_opens_the_promise_notice(as_clerk_a, county, item):
    response = as_clerk_a.post(reverse("cases:intake_form", args=[item.pk]), intake_data())
    case = Case.objects.get()
    notice = case.notices.get(kind="promise")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:notice_print", args=[case.pk, notice.pk])
    assert case.status == "handling" and case.first_responder == county.clerk_a


@pytest.mark.parametrize("ticks", [{}, {"mat_2": "missing"}], ids=["accept", "one-time notice"])
def test_an_intake_reads_the_list_entry_the_guides_materials_and_the_checklist_once(as_clerk_a, item, ticks):
    # The page, the service and the notice share what one of them read (services._keep_checklist).
    as_clerk_a.get(reverse("cases:intake_form", args=[item.pk]))
    with CaptureQueriesContext(connection) as ctx:
        response = as_clerk_a.post(reverse("cases:intake_form", args=[item.pk]), intake_data(**ticks))
    assert response.status_code == 302 and "/notices/" in response["Location"]
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    for table in ("catalogue_centreitem", "catalogue_material"):
        assert sum(f'FROM "{table}"' in sql for sql in reads) == 1, table
    for table in ("cases_casematerial", "cases_suspension", "cases_extension"):
        assert not any(f'FROM "{table}"' in sql for sql in reads), table


def test_intake_with_a_missing_material_issues_the_one_time_notice(as_clerk_a, county, item):
    as_clerk_a.post(reverse("cases:intake_form", args=[item.pk]), intake_data(mat_2="missing", note_2="需户主页"))
    case = Case.objects.get()
    assert case.status == "awaiting_supplement"
    notice = case.notices.get(kind="one_time")
    assert [m["name"] for m in notice.data["materials"]] == ["户口簿"]


def test_a_double_submitted_intake_creates_one_case(as_clerk_a, item):
    url = reverse("cases:intake_form", args=[item.pk])
    first = as_clerk_a.post(url, intake_data(key="same"))
    second = as_clerk_a.post(url, intake_data(key="same"))
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert Case.objects.get().events.filter(action="accept").count() == 1


def test_intake_shows_chinese_errors_and_saves_nothing(as_clerk_a, item):
    response = as_clerk_a.post(
        reverse("cases:intake_form", args=[item.pk]), intake_data(id_number="361123198001010017", phone="123")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "校验位不正确" in page and "有效的电话号码" in page
    assert not Case.objects.exists()


def test_agents_see_non_agency_items_refused_with_a_clear_message(client, county, item):
    office_only = listed_item(county, code="YS-MZ-010", agency_allowed=False)
    client.force_login(county.agent_a1.user)
    page = client.get(reverse("cases:intake")).content.decode()
    assert "不可代办" in page
    response = client.get(reverse("cases:intake_form", args=[office_only.pk]), follow=True)
    assert "不是代办点可代办事项" in response.content.decode()


def test_the_agent_registers_and_hands_over_in_one_step(client, county, item):
    client.force_login(county.agent_a1.user)
    data = intake_data(hand_over_now="on")
    del data["channel"]
    response = client.post(reverse("cases:intake_form", args=[item.pk]), data)
    case = Case.objects.get()
    assert case.status == "in_transfer" and case.agency_point == county.point_a1 and case.channel == "agency"
    assert response["Location"] == reverse("cases:notice_print", args=[case.pk, case.notices.get(kind="handover").pk])


def test_intake_search_finds_items_by_pinyin_initials(as_clerk_a, item):
    page = as_clerk_a.get(reverse("cases:intake"), {"q": "db"}).content.decode()
    assert reverse("cases:intake_form", args=[item.pk]) in page


# --- acting on the case page -------------------------------------------------------------------


def test_two_clerks_on_the_same_page_the_second_is_told_it_was_handled(client, county, item):
    case = received_case(county, item)
    other_clerk = factories.staff_with_login("clerk_a2", Role.CLERK, centre=county.centre_a)
    version = case.version
    client.force_login(county.clerk_a.user)
    client.post(
        reverse("cases:act", args=[case.pk, "accept"]),
        {"request_key": "a", "version": version, "mat_1": "received", "mat_2": "received", "mat_3": "received"},
    )
    client.force_login(other_clerk.user)
    response = client.post(
        reverse("cases:act", args=[case.pk, "refuse_acceptance"]),
        {"request_key": "b", "version": version, "reason": "不符合条件"},
        follow=True,
    )
    assert "已被他人处理" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "handling" and not case.events.filter(action="refuse_acceptance").exists()


def test_the_director_approves_an_extension_from_the_case_page(client, county, item):
    case = handling_case(county, item)
    services.case_request_extension(case=case, actor=county.clerk_a, days=3, reason="需实地核查")
    client.force_login(county.clerk_a.user)
    assert "批准延期" not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    client.force_login(county.director_a.user)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "批准延期" in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(
        reverse("cases:act", args=[case.pk, "approve_extension"]), {"request_key": "x", "version": version, "note": ""}
    )
    case.refresh_from_db()
    assert case.status == "handling" and case.extended_days == 3
    assert response["Location"] == reverse("cases:notice_print", args=[case.pk, case.notices.get(kind="extension").pk])


def test_an_invalid_action_form_says_why_in_chinese(as_clerk_a, county, item):
    case = handling_case(county, item)
    response = as_clerk_a.post(
        reverse("cases:act", args=[case.pk, "request_extension"]),
        {"request_key": "x", "version": case.version, "days": "99", "reason": "x"},
        follow=True,
    )
    assert "未能申请延期" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "handling"


# --- personal data -----------------------------------------------------------------------------


def test_lists_and_the_case_page_show_masked_id_and_phone_and_reveal_is_logged(as_clerk_a, county, item):
    case = received_case(county, item)
    for url in (reverse("cases:list"), reverse("cases:queue"), reverse("cases:detail", args=[case.pk])):
        page = as_clerk_a.get(url).content.decode()
        assert ID_1 not in page and PHONE not in page, url
    assert "138****5678" in as_clerk_a.get(reverse("cases:list")).content.decode()
    assert "3611**********0016" in as_clerk_a.get(reverse("cases:detail", args=[case.pk])).content.decode()
    revealed = as_clerk_a.post(reverse("cases:reveal", args=[case.pk]))
    assert ID_1 in revealed.content.decode()
    assert case.events.filter(action="reveal", actor=county.clerk_a).count() == 1


def test_personal_data_never_reaches_the_logs(as_clerk_a, county, item, caplog):
    caplog.set_level("DEBUG")
    as_clerk_a.post(reverse("cases:intake_form", args=[item.pk]), intake_data())
    as_clerk_a.post(reverse("cases:reveal", args=[Case.objects.get().pk]))
    assert ID_1 not in caplog.text and PHONE not in caplog.text


# --- uploads ----------------------------------------------------------------------------------


def test_scans_are_checked_by_content_and_stored_under_a_random_name(as_clerk_a, county, item, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = received_case(county, item)
    url = reverse("cases:attach", args=[case.pk])
    fake = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = as_clerk_a.post(url, {"request_key": "u1", "file": fake, "material": ""}, follow=True)
    assert "实际内容不是这几种格式" in response.content.decode()
    assert not case.attachments.exists()
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="PNG")
    good = SimpleUploadedFile("户口簿.pdf", buffer.getvalue(), content_type="application/pdf")
    material = case.materials.get(position=2)
    as_clerk_a.post(url, {"request_key": "u2", "file": good, "material": material.pk})
    stored = case.attachments.get()
    assert stored.content_type == "image/png" and stored.material == material
    assert stored.original_name == "户口簿.pdf" and "户口簿" not in stored.file.name
    download = as_clerk_a.get(reverse("cases:attachment", args=[case.pk, stored.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"


# --- query counts ------------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["cases:list", "cases:queue"])
def test_case_lists_run_a_constant_number_of_queries(client, county, item, name):
    client.force_login(county.clerk_a.user)
    handling_case(county, item)
    url = reverse(name) + "?light=alarm" if name == "cases:list" else reverse(name)
    base = (count_queries(client, reverse(name)), count_queries(client, url))
    for _ in range(9):
        case = handling_case(county, item)
        services.case_transfer(case=case, actor=county.clerk_a, window=None, handler=county.director_a, reason="x")
    assert (count_queries(client, reverse(name)), count_queries(client, url)) == base


def test_the_county_list_runs_a_constant_number_of_queries(client, county, item):
    client.force_login(User.objects.get(username="county_admin"))
    received_case(county, item)
    base = count_queries(client, reverse("cases:list"))
    for _ in range(5):
        received_case(county, item, actor=county.clerk_b)
        handling_case(county, item)
    assert count_queries(client, reverse("cases:list")) == base


def test_the_case_page_runs_a_bounded_number_of_queries(as_clerk_a, county, item):
    case = handling_case(county, item)
    url = reverse("cases:detail", args=[case.pk])
    base = count_queries(as_clerk_a, url)
    for n in range(5):
        services.case_transfer(case=case, actor=county.clerk_a, window=None, handler=county.director_a, reason=str(n))
        services.case_attach(case=case, actor=county.clerk_a, file=png_upload())
    assert count_queries(as_clerk_a, url) == base


def test_the_case_summary_counts_each_kind_once(county, item):
    from datetime import timedelta

    from django.utils import timezone

    from bianmin.cases.selectors import case_summary, cases_for

    now = timezone.now()
    late = handling_case(county, item)  # red
    soon = handling_case(county, item)  # yellow: due within the horizon
    Case.objects.filter(pk__in=[late.pk, soon.pk]).update(due_at=now - timedelta(hours=1))
    Case.objects.filter(pk=soon.pk).update(due_at=now + timedelta(hours=1))
    waiting = handling_case(county, item)  # extension pending, due far away: neither light
    services.case_request_extension(case=waiting, actor=county.clerk_a, days=2, reason="核查")
    Case.objects.filter(pk=waiting.pk).update(due_at=now + timedelta(days=60))
    point = services.case_register(actor=county.agent_a1, item=item, applicant=applicant())
    services.case_hand_over(case=point, actor=county.agent_a1)  # in transfer
    received_case(county, item)  # open only
    received_case(county, item, actor=county.clerk_b)  # another centre
    summary = case_summary(cases_for(county.director_a.user))
    assert summary == {"open": 5, "red": 1, "yellow": 1, "in_transfer": 1, "extension_pending": 1}


def test_the_centre_dashboard_counts_red_lights_and_waiting_extensions(client, county, item):
    late = handling_case(county, item)
    Case.objects.filter(pk=late.pk).update(due_at=late.accepted_at)  # overdue now
    waiting = handling_case(county, item)
    services.case_request_extension(case=waiting, actor=county.clerk_a, days=2, reason="核查")
    received_case(county, item, actor=county.clerk_b)  # another centre: not counted
    client.force_login(county.director_a.user)
    summary = client.get(reverse("home")).context["cases"]
    assert (summary["open"], summary["red"], summary["extension_pending"]) == (2, 1, 1)

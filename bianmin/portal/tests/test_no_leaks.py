"""Issue #6 point 7: no public page (portal, progress result, complaint status, kiosk, display)
shows an unmasked ID number, an applicant's phone, or an internal note — checked on every public
page at once, with a case, a rating, a rectification and a complaint full of such data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bianmin.cases import services
from bianmin.cases.tests.helpers import ID_1, PHONE, handling_case, listed_item
from bianmin.portal.models import DisplayNotice
from bianmin.supervision import services as supervision
from bianmin.supervision import services_complaints as supervision_complaints
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db

SECRETS = {
    "id": ID_1,
    "phone": PHONE,
    "transfer note": "内部备注-转办给主任核查家庭财产",
    "result note": "内部备注-核查发现另有房产",
    "complainant phone": "13700001111",
    "complaint internal": "内部备注-已约谈窗口人员",
    "rectification finding": "内部备注-经核实确有推诿",
}


@pytest.fixture
def world(county):
    calendar_services.seed_from_package()
    item = listed_item(county)
    case = handling_case(county, item)
    services.case_transfer(
        case=case, actor=county.clerk_a, window=None, handler=county.director_a, reason=SECRETS["transfer note"]
    )
    services.case_request_extension(case=case, actor=county.director_a, days=2, reason=SECRETS["result note"])
    services.case_decide_extension(case=case, actor=county.director_a, approve=True)
    services.case_complete(case=case, actor=county.director_a, result="approved")
    rating = supervision.rating_submit(
        case=case, overall=1, efficiency=2, attitude=1, guide_accuracy=3, comment="态度不好"
    )
    supervision.rectification_close(
        rectification=rating.rectification,
        actor=county.director_a,
        callback_at=timezone.now(),
        callback_note="已回访",
        finding=SECRETS["rectification finding"],
        action="批评教育",
    )
    complaint = supervision_complaints.complaint_submit(
        centre=county.centre_a,
        category="attitude",
        content="窗口人员态度生硬,请处理。",
        name="王五",
        phone=SECRETS["complainant phone"],
    )
    supervision_complaints.complaint_respond(
        complaint=complaint, actor=county.director_a, internal_note=SECRETS["complaint internal"], reply="已处理"
    )
    DisplayNotice.objects.create(
        centre=county.centre_a,
        kind="policy",
        title="医保缴费",
        body="请按时缴费",
        publish_on=timezone.localdate(),
        created_by=county.director_a,
    )
    return case, complaint


def public_pages(county, item_pk, case, complaint):
    centre = county.centre_a.pk
    return [
        reverse("portal:home"),
        reverse("portal:centres"),
        reverse("portal:centre", args=[centre]),
        reverse("portal:guides") + "?q=dibao",
        reverse("portal:guide", args=[item_pk]),
        reverse("portal:progress") + f"?no={case.receipt_number}&phone4={PHONE[-4:]}",
        reverse("portal:progress") + f"?no={case.receipt_number}&code={case.public_code}",
        reverse("portal:complaint_status") + f"?code={complaint.code}",
        reverse("screens:kiosk", args=[centre]),
        reverse("screens:display", args=[centre]),
        reverse("screens:display_data", args=[centre]),
    ]


def test_no_public_page_shows_personal_data_or_internal_notes(client, county, world):
    case, complaint = world
    for url in public_pages(county, case.item_id, case, complaint):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for what, secret in SECRETS.items():
            assert secret not in page, f"{what} shown on {url}"
    # The lookups themselves did show the case: the check above is not vacuous.
    result = client.get(public_pages(county, case.item_id, case, complaint)[5])
    assert result.context["case"] == case and "张*" in result.content.decode()


def test_public_forms_carry_a_csrf_token(client, county, world):
    case, _ = world
    fresh = handling_case(county, case.item)
    services.case_complete(case=fresh, actor=county.clerk_a, result="approved")
    client.get(reverse("portal:progress") + f"?no={fresh.receipt_number}&phone4={PHONE[-4:]}")
    for url in (reverse("portal:complaint_new"), reverse("portal:rate", args=[fresh.pk])):
        response = client.get(url)
        assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode(), url

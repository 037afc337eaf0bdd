import pytest

from bianmin.cases import services
from bianmin.cases.tests.helpers import ALL_RECEIVED, applicant, listed_item

pytestmark = pytest.mark.django_db


def test_it_runs_an_agency_case_from_point_to_delivery(county):
    item = listed_item(county)
    case = services.case_register(actor=county.agent_a1, item=item, applicant=applicant(), materials=ALL_RECEIVED)
    assert case.status == "registered_at_point"
    assert case.receipt_number.startswith(f"{county.centre_a.township.code}-")
    services.case_hand_over(case=case, actor=county.agent_a1)
    services.case_confirm_handover(case=case, actor=county.clerk_a, confirmed=[1, 2, 3])
    services.case_accept(case=case, actor=county.clerk_a)
    assert case.status == "handling" and case.due_at is not None
    services.case_request_extension(case=case, actor=county.clerk_a, days=5, reason="需入户核查")
    services.case_decide_extension(case=case, actor=county.director_a, approve=True)
    services.case_complete(case=case, actor=county.clerk_a, result="approved")
    services.case_return_to_point(case=case, actor=county.clerk_a)
    services.case_deliver(case=case, actor=county.agent_a1, method="agent")
    services.case_callback(case=case, actor=county.agent_a1, note="群众表示满意")
    case.refresh_from_db()
    assert case.status == "delivered"
    kinds = sorted(case.notices.values_list("kind", flat=True))
    assert kinds == ["extension", "handover", "promise"]

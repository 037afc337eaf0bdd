"""办理经过: every step of a complaint is kept as an append-only event, so a reassignment or a verdict
the county changed stays visible in the history."""

import pytest

from bianmin.core.roles import Role
from bianmin.supervision import selectors, services_complaints
from bianmin.supervision.models import ComplaintEvent

pytestmark = pytest.mark.django_db

CONTENT = "综合窗口工作人员多收了复印费,要求退还并道歉。"
FINDING = (
    "调取当日大厅监控并询问当事人和同窗口人员,查明该工作人员收取复印费十元未开具票据;初查时误认为是代收的证件工本费。"
)


def test_it_keeps_every_step_including_a_reassignment_and_a_changed_verdict(county):
    admin = county.users[Role.COUNTY_ADMIN].staff
    complaint = services_complaints.complaint_submit(centre=county.centre_a, category="fees", content=CONTENT)
    complaint = services_complaints.complaint_assign(
        complaint=complaint, actor=county.director_a, assignee=county.clerk_a
    )
    complaint = services_complaints.complaint_assign(complaint=complaint, actor=admin, assignee=county.director_a)
    complaint = services_complaints.complaint_investigate(
        complaint=complaint, actor=county.director_a, investigation=FINDING
    )
    complaint = services_complaints.complaint_verify(
        complaint=complaint, actor=county.director_a, verdict="unsubstantiated"
    )
    complaint = services_complaints.complaint_verify(complaint=complaint, actor=admin, verdict="substantiated")

    history = [(step.label, step.who, step.detail) for step in selectors.complaint_history(complaint)]

    assert history == [
        ("受理", "", ""),
        ("交办", county.director_a.name, f"承办人 {county.clerk_a.name}"),
        ("交办", admin.name, f"承办人 {county.director_a.name}"),
        ("调查核实", county.director_a.name, ""),
        ("查证", county.director_a.name, "不属实"),
        ("查证", admin.name, "属实"),
    ]


def test_an_event_cannot_be_rewritten(county):
    complaint = services_complaints.complaint_submit(centre=county.centre_a, category="fees", content=CONTENT)
    event = ComplaintEvent.objects.get(complaint=complaint)
    event.detail = "改写"
    with pytest.raises(ValueError):
        event.save()

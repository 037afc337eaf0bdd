"""Handling a complaint (issue #7 point 2): 交办 → 调查核实 → 查证 属实/不属实 with evidence → 答复 →
办结, who may take each step, and the rules between them.

Who may (→ 302), may not in scope (→ 403), out of scope (→ 404):

| step      | county admin | inspector | director A | assignee clerk A | clerk A | director B, clerk B | agent A1 |
|-----------|--------------|-----------|------------|------------------|---------|---------------------|----------|
| 交办      | yes          | 403       | yes        | 403              | 403     | 404                 | 403      |
| 调查核实  | yes          | yes       | yes        | yes              | 403     | 404                 | 403      |
| 查证      | yes          | yes       | yes        | 403              | 403     | 404                 | 403      |
| 答复/办结 | yes          | yes       | yes        | 403              | 403     | 404                 | 403      |
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.tests import factories
from bianmin.supervision import services_complaints
from bianmin.supervision.models import Complaint

pytestmark = pytest.mark.django_db

CONTENT = "综合窗口工作人员多收了复印费,要求退还并道歉。"
DETAILED = "调取当日大厅监控并询问当事人和同窗口人员,查明该工作人员确向群众收取复印费十元,未开具票据,违反免费复印规定。"


def png_upload(name="监控截图.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (12, 12), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def file_complaint(county, **kw):
    values = {"centre": county.centre_a, "category": "fees", "content": CONTENT, "name": "王五"} | kw
    return services_complaints.complaint_submit(**values)


def admin(county):
    return county.users[Role.COUNTY_ADMIN].staff


def inspector(county):
    return county.users[Role.INSPECTOR].staff


def fresh(complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


# --- who may take each step (the table above) ---------------------------------------------------


def url(name, complaint):
    return reverse(f"supervision:complaint_{name}", args=[complaint.pk])


def post_data(step, complaint, county, key="p1"):
    c = fresh(complaint)
    fields = {
        "assign": {"assignee": county.director_a.pk},
        "investigate": {"investigation": "询问了当事人。"},
        "verdict": {"verdict": "unsubstantiated"},
        "reply": {"reply": "经核查,已退还。"},
    }[step]
    data = {f"{step}-{name}": value for name, value in ({"request_key": key, "version": c.version} | fields).items()}
    return data | ({"op": "save"} if step == "reply" else {})


STEPS = {"assign": "assign", "investigate": "investigate", "verdict": "verify", "reply": "reply"}
EXPECTED = {
    # actor: (assign, investigate, verdict, reply)
    "county_admin": (302, 302, 302, 302),
    "inspector": (403, 302, 302, 302),
    "director_a": (302, 302, 302, 302),
    "assignee": (403, 302, 403, 403),
    "clerk_a": (403, 403, 403, 403),
    "director_b": (404, 404, 404, 404),
    "clerk_b": (404, 404, 404, 404),
    "agent_a1": (403, 403, 403, 403),
}


def actor_of(name, county, director_b):
    return {
        "county_admin": admin(county),
        "inspector": inspector(county),
        "director_a": county.director_a,
        "director_b": director_b,
        "clerk_a": county.clerk_a,
        "assignee": county.clerk_a,
        "clerk_b": county.clerk_b,
        "agent_a1": county.agent_a1,
    }[name]


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("position", range(4))
def test_it_lets_only_the_right_people_take_each_step(client, county, director_b, who, position):
    step = list(STEPS)[position]
    complaint = file_complaint(county)
    services_complaints.complaint_investigate(
        complaint=complaint, actor=county.director_a, investigation="已调阅监控。"
    )
    if who == "assignee":
        services_complaints.complaint_assign(complaint=complaint, actor=county.director_a, assignee=county.clerk_a)
    before = fresh(complaint).version
    client.force_login(actor_of(who, county, director_b).user)
    response = client.post(url(STEPS[step], complaint), post_data(step, complaint, county))
    assert response.status_code == EXPECTED[who][position]
    assert (fresh(complaint).version > before) == (response.status_code == 302)


def test_it_shows_each_reader_only_the_forms_they_may_use(client, county):
    complaint = file_complaint(county)
    forms = {"assign": "assign-assignee", "investigate": "investigate-investigation", "verdict": "verdict-verdict"}

    def shown(user):
        client.force_login(user)
        html = client.get(url("detail", complaint)).content.decode()
        return {name for name, field in forms.items() if f'name="{field}"' in html} | (
            {"reply"} if 'name="reply-reply"' in html else set()
        )

    everything = {"assign", "investigate", "verdict", "reply"}
    assert shown(county.users[Role.COUNTY_ADMIN]) == everything
    assert shown(county.director_a.user) == everything
    assert shown(county.users[Role.INSPECTOR]) == everything - {"assign"}
    assert shown(county.clerk_a.user) == set()
    services_complaints.complaint_assign(complaint=complaint, actor=county.director_a, assignee=county.clerk_a)
    assert shown(county.clerk_a.user) == {"investigate"}
    assert "交办给我" in client.get(url("detail", complaint)).content.decode()


# --- the whole way through -----------------------------------------------------------------------


def test_it_takes_a_complaint_from_assignment_to_closing(client, county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    complaint = file_complaint(county, phone="13900001111")
    client.force_login(county.director_a.user)
    data = post_data("assign", complaint, county) | {"assign-assignee": county.clerk_a.pk}
    assert client.post(url("assign", complaint), data).status_code == 302
    complaint = fresh(complaint)
    assert (complaint.assigned_to, complaint.status) == (county.clerk_a, "processing") and complaint.assigned_at

    client.force_login(county.clerk_a.user)
    data = post_data("investigate", complaint, county, key="p2") | {
        "investigate-investigation": DETAILED,
        "investigate-evidence": png_upload(),
    }
    assert client.post(url("investigate", complaint), data).status_code == 302
    complaint = fresh(complaint)
    assert complaint.investigation == DETAILED and complaint.evidence_name == "监控截图.png"
    assert client.get(url("evidence", complaint)).status_code == 200  # the assignee sees their evidence
    assert "13900001111" not in client.get(url("detail", complaint)).content.decode()

    client.force_login(county.director_a.user)
    data = post_data("verdict", complaint, county, key="p3") | {"verdict-verdict": "substantiated"}
    assert client.post(url("verify", complaint), data).status_code == 302
    complaint = fresh(complaint)
    assert complaint.is_substantiated and complaint.verified_by == county.director_a and complaint.verified_at

    data = post_data("reply", complaint, county, key="p4") | {
        "reply-reply": "情况属实,已退还十元并道歉。",
        "op": "close",
    }
    assert client.post(url("reply", complaint), data).status_code == 302
    complaint = fresh(complaint)
    assert complaint.is_closed and complaint.closed_at and complaint.replied_at

    html = client.get(url("detail", complaint)).content.decode()
    for step in ("受理", "交办", "承办人 clerk_a", "查证", "属实", "答复", "办结"):
        assert step in html
    assert 'name="reply-reply"' not in html and 'name="assign-assignee"' not in html

    public = client.get(reverse("portal:complaint_status"), {"code": complaint.code}).content.decode()
    assert "已办结" in public and "已退还十元并道歉" in public
    assert DETAILED not in public and "clerk_a" not in public


def test_it_refuses_every_step_once_closed(county):
    complaint = file_complaint(county)
    services_complaints.complaint_investigate(
        complaint=complaint, actor=county.director_a, investigation="询问了当事人。"
    )
    services_complaints.complaint_verify(complaint=complaint, actor=county.director_a, verdict="unsubstantiated")
    services_complaints.complaint_respond(
        complaint=complaint, actor=county.director_a, reply="不属实,已说明。", close=True
    )
    who = admin(county)
    for attempt in (
        lambda: services_complaints.complaint_assign(complaint=complaint, actor=who, assignee=county.clerk_a),
        lambda: services_complaints.complaint_investigate(complaint=complaint, actor=who, investigation="补充"),
        lambda: services_complaints.complaint_verify(complaint=complaint, actor=who, verdict="substantiated"),
        lambda: services_complaints.complaint_respond(complaint=complaint, actor=who, reply="改"),
    ):
        with pytest.raises(ApplicationError, match="已办结"):
            attempt()


def test_it_tells_a_late_poster_that_the_complaint_was_closed(as_director_a, county):
    complaint = file_complaint(county)
    data = post_data("investigate", complaint, county)
    Complaint.objects.filter(pk=complaint.pk).update(status=Complaint.Status.CLOSED)
    response = as_director_a.post(url("investigate", complaint), data, follow=True)
    assert "已办结" in response.content.decode()
    assert fresh(complaint).investigation == ""


# --- 交办 -----------------------------------------------------------------------------------------


def test_it_lets_the_county_assign_to_the_centre_or_an_inspector_only(county):
    complaint = file_complaint(county)
    for wrong in (county.clerk_b, county.agent_a1):
        with pytest.raises(ApplicationError, match="只能交办给"):
            services_complaints.complaint_assign(complaint=complaint, actor=admin(county), assignee=wrong)
    done = services_complaints.complaint_assign(complaint=complaint, actor=admin(county), assignee=inspector(county))
    assert done.assigned_to == inspector(county)


def test_it_keeps_a_directors_assignment_within_the_centre(county):
    complaint = file_complaint(county)
    deputy = factories.staff_with_login("deputy_a", Role.CENTRE_DIRECTOR, centre=county.centre_a)
    for wrong in (county.clerk_b, inspector(county)):
        with pytest.raises(ApplicationError, match="只能交办给"):
            services_complaints.complaint_assign(complaint=complaint, actor=county.director_a, assignee=wrong)
    assert (
        services_complaints.complaint_assign(complaint=complaint, actor=county.director_a, assignee=deputy).assigned_to
        == deputy
    )
    assert (
        services_complaints.complaint_assign(
            complaint=complaint, actor=county.director_a, assignee=county.clerk_a
        ).assigned_to
        == county.clerk_a
    )  # reassigned (改派)


def test_it_does_not_let_the_centre_take_back_what_the_county_gave_an_inspector(client, county):
    complaint = file_complaint(county)
    services_complaints.complaint_assign(complaint=complaint, actor=admin(county), assignee=inspector(county))
    with pytest.raises(ApplicationError, match="中心不能改派"):
        services_complaints.complaint_assign(complaint=complaint, actor=county.director_a, assignee=county.clerk_a)
    client.force_login(county.director_a.user)
    assert client.post(url("assign", complaint), post_data("assign", complaint, county)).status_code == 403


def test_it_answers_a_replayed_assignment_once(county):
    complaint = file_complaint(county)
    first = services_complaints.complaint_assign(
        complaint=complaint, actor=county.director_a, assignee=county.clerk_a, request_key="a1", seen_version=0
    )
    again = services_complaints.complaint_assign(
        complaint=complaint, actor=county.director_a, assignee=county.clerk_a, request_key="a1", seen_version=0
    )
    assert first.version == again.version == 1


def test_it_refuses_a_stale_step(county):
    complaint = file_complaint(county)
    services_complaints.complaint_assign(
        complaint=complaint, actor=county.director_a, assignee=county.clerk_a, seen_version=0
    )
    with pytest.raises(ApplicationError, match="已被他人处理"):
        services_complaints.complaint_investigate(
            complaint=complaint, actor=county.director_a, investigation="询问了当事人。", seen_version=0
        )


# --- 查证 -----------------------------------------------------------------------------------------


def test_it_needs_the_investigation_before_a_verdict(as_director_a, county):
    complaint = file_complaint(county)
    with pytest.raises(ApplicationError, match="请先填写调查核实情况"):
        services_complaints.complaint_verify(complaint=complaint, actor=county.director_a, verdict="unsubstantiated")
    response = as_director_a.post(url("verify", complaint), post_data("verdict", complaint, county))
    assert "请先填写调查核实情况" in response.content.decode()
    assert fresh(complaint).verdict == ""


def test_it_needs_evidence_or_a_detailed_investigation_for_substantiated(county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    short, detailed, with_file = file_complaint(county), file_complaint(county), file_complaint(county)
    for complaint in (short, with_file):
        services_complaints.complaint_investigate(
            complaint=complaint, actor=county.director_a, investigation="确有此事。"
        )
    services_complaints.complaint_investigate(complaint=detailed, actor=county.director_a, investigation=DETAILED)
    with pytest.raises(ApplicationError, match="须上传证据材料"):
        services_complaints.complaint_verify(complaint=short, actor=county.director_a, verdict="substantiated")
    assert services_complaints.complaint_verify(
        complaint=short, actor=county.director_a, verdict="unsubstantiated"
    ).verdict
    assert services_complaints.complaint_verify(
        complaint=detailed, actor=county.director_a, verdict="substantiated"
    ).verdict
    upload = png_upload()
    upload.detected_content_type = "image/png"
    done = services_complaints.complaint_verify(
        complaint=with_file, actor=county.director_a, verdict="substantiated", evidence=upload
    )
    assert done.is_substantiated and done.has_evidence


def test_it_lets_the_county_change_the_centres_verdict_but_not_the_reverse(client, county):
    complaint = file_complaint(county)
    services_complaints.complaint_investigate(complaint=complaint, actor=county.director_a, investigation=DETAILED)
    services_complaints.complaint_verify(complaint=complaint, actor=county.director_a, verdict="unsubstantiated")
    services_complaints.complaint_verify(
        complaint=complaint, actor=county.director_a, verdict="substantiated"
    )  # own change
    changed = services_complaints.complaint_verify(
        complaint=complaint, actor=inspector(county), verdict="unsubstantiated"
    )
    assert (changed.verdict, changed.verified_by) == ("unsubstantiated", inspector(county))
    with pytest.raises(ApplicationError, match="中心不能修改"):
        services_complaints.complaint_verify(complaint=complaint, actor=county.director_a, verdict="substantiated")
    client.force_login(county.director_a.user)
    html = client.get(url("detail", complaint)).content.decode()
    assert 'name="verdict-verdict"' not in html and 'name="reply-reply"' in html
    assert client.post(url("verify", complaint), post_data("verdict", complaint, county)).status_code == 403
    # The director still answers and closes on the county's verdict.
    closed = services_complaints.complaint_respond(
        complaint=complaint, actor=county.director_a, reply="经查不属实。", close=True
    )
    assert closed.is_closed and closed.verdict == "unsubstantiated"


def test_it_refuses_the_verdict_to_the_assignee_clerk(county):
    complaint = file_complaint(county)
    services_complaints.complaint_assign(complaint=complaint, actor=county.director_a, assignee=county.clerk_a)
    services_complaints.complaint_investigate(complaint=complaint, actor=county.clerk_a, investigation=DETAILED)
    with pytest.raises(ApplicationError, match="只有县管委会、督查员和本中心主任"):
        services_complaints.complaint_verify(complaint=complaint, actor=county.clerk_a, verdict="unsubstantiated")


def test_it_refuses_a_deactivated_director(county):
    complaint = file_complaint(county)
    county.director_a.is_active = False
    county.director_a.save()
    with pytest.raises(ApplicationError):
        services_complaints.complaint_investigate(
            complaint=complaint, actor=county.director_a, investigation="询问了当事人。"
        )

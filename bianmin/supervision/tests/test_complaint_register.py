"""登记 and deadlines of the complaint register (issue #7 point 2): every complaint — filed by the
public or registered by staff — is due COMPLAINT_WORKING_DAYS working days after the day it was
received (that day not counted), provisional in a year without a schedule, and follows calendar
changes while open. Who may register: the county admin, inspectors, a director for their centre."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.supervision import services_complaints
from bianmin.supervision.models import Complaint
from bianmin.supervision.tests.helpers import china
from bianmin.workcalendar import services as calendar_services
from bianmin.workcalendar.selectors import load_calendar

pytestmark = pytest.mark.django_db

REGISTER = reverse("supervision:complaint_register")
CONTENT = "来电反映民政窗口工作人员态度生硬,不解释政策。"


@pytest.fixture(autouse=True)
def calendar(db):
    calendar_services.seed_from_package()


def png_upload(name="投诉信.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (12, 12), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def register_form(key="g1", **overrides):
    received = timezone.localtime() - timedelta(hours=2)
    data = {
        "request_key": key,
        "channel": "phone",
        "external_ref": "",
        "received_at": received.strftime("%Y-%m-%dT%H:%M"),
        "category": "attitude",
        "staff": "",
        "subject": "",
        "content": CONTENT,
        "name": "",
        "phone": "",
    }
    return data | overrides


def register(county, actor=None, **kw):
    values = {
        "actor": actor or county.director_a,
        "centre": county.centre_a,
        "channel": "phone",
        "category": "attitude",
        "content": CONTENT,
        "received_at": timezone.now() - timedelta(hours=1),
    } | kw
    return services_complaints.complaint_register(**values)


# --- deadlines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        # Wednesday → the 5th working day after it is the next Wednesday.
        (china(2025, 11, 19, 16), date(2025, 11, 26)),
        # Friday before National Day 2025: Sunday 28 Sep is an adjusted working day, 1–8 Oct are off.
        (china(2025, 9, 26), date(2025, 10, 10)),
        # Received on a Saturday: counting starts with Monday.
        (china(2025, 11, 22), date(2025, 11, 28)),
        # Late evening (Shanghai time) still counts as that day.
        (china(2025, 11, 19, 23, 50), date(2025, 11, 26)),
    ],
)
def test_it_gives_public_complaints_a_deadline_in_working_days(county, received, deadline):
    complaint = services_complaints.complaint_submit(
        centre=county.centre_a, category="fees", content=CONTENT, at=received
    )
    assert (complaint.deadline, complaint.working_days, complaint.deadline_provisional) == (deadline, 5, False)


def test_it_marks_the_deadline_provisional_in_a_year_without_a_schedule(county):
    complaint = services_complaints.complaint_submit(
        centre=county.centre_a, category="fees", content=CONTENT, at=china(2041, 3, 1)
    )
    assert complaint.deadline_provisional and complaint.deadline > date(2041, 3, 1)


def test_it_counts_the_configured_number_of_days(county, settings):
    settings.COMPLAINT_WORKING_DAYS = 3
    complaint = register(county, received_at=china(2025, 11, 19, 9), at=china(2025, 11, 19, 10))
    assert (complaint.working_days, complaint.deadline) == (3, date(2025, 11, 24))


def test_it_counts_a_registered_complaint_from_the_day_it_was_received(county):
    complaint = register(county, received_at=china(2025, 9, 26, 9), at=china(2025, 9, 30, 9))
    assert complaint.submitted_at == china(2025, 9, 26, 9) and complaint.deadline == date(2025, 10, 10)


def test_it_moves_open_deadlines_when_the_calendar_changes(county):
    received = timezone.now() - timedelta(hours=1)
    open_one = register(county, received_at=received)
    closed = register(county, received_at=received)
    Complaint.objects.filter(pk=closed.pk).update(status=Complaint.Status.CLOSED)
    before = open_one.deadline
    # The county gives a day off on the first working day of the open complaint's window.
    first = load_calendar().add_working_days(timezone.localdate(received), 1).value
    calendar_services.local_day_save(day=first, kind="rest", name="县政府通知放假")
    assert services_complaints.recompute_open_complaints(load_calendar()) == 1
    open_one.refresh_from_db()
    closed.refresh_from_db()
    assert open_one.deadline > before and closed.deadline == before


def test_it_registers_the_recomputer_with_the_calendar(county):
    from bianmin.workcalendar.services import _recomputers

    assert services_complaints.recompute_open_complaints in _recomputers


# --- who registers -------------------------------------------------------------------------------


def test_it_lets_a_director_register_for_their_own_centre(as_director_a, county):
    page = as_director_a.get(REGISTER).content.decode()
    assert county.centre_a.name in page and 'name="centre"' not in page
    for label in ("投诉电话", "举报投诉箱", "来访", "12345热线", "新闻媒体", "上级转办"):
        assert label in page
    assert "网上投诉" not in page
    response = as_director_a.post(REGISTER, register_form(name="赵六", phone="0793-2221234"))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == complaint.get_absolute_url()
    assert (complaint.centre, complaint.recorded_by, complaint.channel) == (county.centre_a, county.director_a, "phone")
    assert (complaint.name, complaint.phone, complaint.status) == ("赵六", "0793-2221234", "received")
    assert complaint.deadline is not None
    shown = as_director_a.get(complaint.get_absolute_url()).content.decode()
    assert complaint.code in shown and "查询码" in shown


@pytest.mark.parametrize("role", [Role.COUNTY_ADMIN, Role.INSPECTOR])
def test_it_lets_county_roles_register_for_any_centre(client, county, role):
    client.force_login(county.users[role])
    assert 'name="centre"' in client.get(REGISTER).content.decode()
    data = register_form(channel="hotline", external_ref="YS20261124-0031", centre=county.centre_b.pk)
    client.post(REGISTER, data)
    complaint = Complaint.objects.get()
    assert complaint.centre == county.centre_b and complaint.external_ref == "YS20261124-0031"
    assert complaint.recorded_by == county.users[role].staff


def test_it_refuses_registration_to_clerks_and_agents(client, county):
    for staff in (county.clerk_a, county.agent_a1):
        client.force_login(staff.user)
        assert client.get(REGISTER).status_code == 403
        assert client.post(REGISTER, register_form()).status_code == 403
    assert not Complaint.objects.exists()
    for actor in (county.clerk_a, county.agent_a1):
        with pytest.raises(ApplicationError):
            register(county, actor=actor)


def test_it_keeps_a_director_to_their_centre(county, director_b):
    with pytest.raises(ApplicationError):
        register(county, actor=director_b)
    assert register(county, actor=director_b, centre=county.centre_b).centre == county.centre_b


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"channel": "portal"}, "请选择来源"),
        ({"channel": "hotline"}, "请填写12345工单号"),
        ({"channel": "media"}, "请填写报道标题"),
        ({"phone": "12345"}, "请输入有效的电话号码"),
        ({"content": "太慢了"}, "至少 10 个字"),
        ({"category": ""}, "请选择投诉举报类别"),
    ],
)
def test_it_checks_the_registration_form(as_director_a, county, overrides, message):
    response = as_director_a.post(REGISTER, register_form(**overrides))
    assert message in response.content.decode()
    assert not Complaint.objects.exists()


def test_it_refuses_a_received_time_in_the_future(as_director_a, county):
    later = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    assert "受理时间不能晚于现在" in as_director_a.post(REGISTER, register_form(received_at=later)).content.decode()
    with pytest.raises(ApplicationError, match="不能晚于现在"):
        register(county, received_at=timezone.now() + timedelta(minutes=5))
    with pytest.raises(ApplicationError, match="一年前"):
        register(county, received_at=timezone.now() - timedelta(days=400))


def test_it_accepts_only_staff_of_the_centre_as_the_person_complained_about(as_director_a, county):
    response = as_director_a.post(REGISTER, register_form(staff=county.clerk_b.pk))
    assert "重新选择被投诉人" in response.content.decode()
    as_director_a.post(REGISTER, register_form(key="g2", staff=county.agent_a1.pk))
    assert Complaint.objects.get().staff == county.agent_a1  # the centre's agency points count
    with pytest.raises(ApplicationError, match="不是该中心"):
        register(county, staff=county.clerk_b)


def test_it_registers_once_on_a_double_submit(as_director_a, county):
    as_director_a.post(REGISTER, register_form(key="same"))
    as_director_a.post(REGISTER, register_form(key="same"))
    assert Complaint.objects.count() == 1


def test_it_keeps_the_evidence_for_who_may_see_identities(client, county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(county.director_a.user)
    client.post(REGISTER, register_form(channel="box", evidence=png_upload()))
    complaint = Complaint.objects.get()
    assert complaint.evidence_name == "投诉信.png" and complaint.evidence_type == "image/png"
    assert "投诉信" not in complaint.evidence.name
    url = reverse("supervision:complaint_evidence", args=[complaint.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    client.force_login(county.clerk_a.user)
    assert client.get(url).status_code == 403
    client.force_login(county.clerk_b.user)
    assert client.get(url).status_code == 404


def test_it_refuses_a_fake_evidence_file(as_director_a, county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("信.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = as_director_a.post(REGISTER, register_form(evidence=fake))
    assert "实际内容不是这几种格式" in response.content.decode()
    assert not Complaint.objects.exists()

"""Bad input on the organisation forms gets a clear Chinese error and changes nothing; good input
leaves a trace in the audit log (who, old → new) with phones masked."""

import re

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from bianmin.core.roles import Role
from bianmin.org.forms import AgencyPointForm, CentreForm, StaffForm, WindowForm
from bianmin.org.models import BusinessLine, Centre, Staff, Window, WindowKind
from bianmin.org.tests.test_views_scope import ADMIN_SCOPE, form_data

User = get_user_model()


def errors(response) -> dict:
    assert response.status_code == 200  # the form is shown again, nothing was saved
    assert "保存失败,请按提示修改后再提交。" in response.content.decode()
    return response.context["form"].errors


def centre_post(client, centre: Centre, **changes):
    return client.post(reverse("org:centre_edit", args=[centre.pk]), form_data(CentreForm(instance=centre), **changes))


def new_window_post(client, centre: Centre, **changes):
    data = form_data(WindowForm(centre=centre, instance=Window(centre=centre)), **changes)
    return client.post(reverse("org:window_create", args=[centre.pk]), data)


def new_staff_post(client, **changes):
    data = form_data(StaffForm(instance=Staff(), scope=ADMIN_SCOPE), **changes)
    return client.post(reverse("org:staff_create"), data)


# --- centre --------------------------------------------------------------------------------------


def test_it_rejects_a_negative_hall_area(as_county_admin, county):
    response = centre_post(as_county_admin, county.centre_a, hall_area="-5")
    assert errors(response)["hall_area"] == ["确保该值大于或等于0。"]
    county.centre_a.refresh_from_db()
    assert str(county.centre_a.hall_area) == "210.0"


@pytest.mark.parametrize("field", ["service_phone", "complaint_phone"])
def test_it_rejects_an_invalid_centre_phone(as_director_a, county, field):
    response = centre_post(as_director_a, county.centre_a, **{field: "12345"})
    assert errors(response)[field] == ["请输入有效的电话号码:11位手机号,或带区号的固定电话(如 0793-2221234)。"]
    assert getattr(Centre.objects.get(pk=county.centre_a.pk), field) == ""


def test_it_rejects_an_invalid_agency_point_phone(as_director_a, county):
    data = form_data(AgencyPointForm(instance=county.point_a1), phone="12345")
    response = as_director_a.post(reverse("org:point_edit", args=[county.point_a1.pk]), data)
    assert "请输入有效的电话号码" in errors(response)["phone"][0]
    county.point_a1.refresh_from_db()
    assert county.point_a1.phone == ""


def test_it_rejects_a_deputy_from_another_centre(as_director_a, county):
    response = centre_post(as_director_a, county.centre_a, deputy=county.clerk_b.pk)
    assert errors(response)["deputy"][0].startswith("选择一个有效的选项")
    assert Centre.objects.get(pk=county.centre_a.pk).deputy_id is None


def test_it_rejects_the_director_as_their_own_deputy(as_director_a, county):
    response = centre_post(as_director_a, county.centre_a, deputy=county.director_a.pk)
    assert errors(response)["deputy"] == ["专职副主任不能与中心主任为同一人。"]
    assert Centre.objects.get(pk=county.centre_a.pk).deputy_id is None


# --- windows -------------------------------------------------------------------------------------


def test_it_requires_a_business_line_for_a_resident_window(as_director_a, county):
    response = new_window_post(as_director_a, county.centre_a, number=2, name="常驻窗口", business_line="")
    assert errors(response)["business_line"] == ["常驻窗口必须选择业务条线。"]
    assert county.centre_a.windows.count() == 1


def test_it_accepts_a_comprehensive_window_without_a_business_line(as_director_a, county):
    response = new_window_post(
        as_director_a, county.centre_a, number=2, name="综合窗口", kind=WindowKind.COMPREHENSIVE, business_line=""
    )
    assert response.status_code == 302
    assert county.centre_a.windows.get(number=2).business_line is None


def test_it_rejects_a_window_number_already_used_in_the_centre(as_director_a, county):
    line = BusinessLine.objects.get(name="民政").pk
    response = new_window_post(as_director_a, county.centre_a, number=1, name="第二个1号", business_line=line)
    assert errors(response)["number"] == ["本中心已有1号窗口。"]
    assert list(county.centre_a.windows.values_list("name", flat=True)) == ["民政窗口"]


def test_it_rejects_renumbering_a_window_onto_another(as_county_admin, county):
    second = Window.objects.create(
        centre=county.centre_a, number=2, name="卫计窗口", business_line=BusinessLine.objects.get(name="卫计")
    )
    data = form_data(WindowForm(centre=county.centre_a, instance=second), number=1)
    response = as_county_admin.post(reverse("org:window_edit", args=[second.pk]), data)
    assert errors(response)["number"] == ["本中心已有1号窗口。"]
    second.refresh_from_db()
    assert second.number == 2


def test_it_rejects_window_staff_from_another_centre(as_director_a, county):
    window = county.window_a
    data = form_data(WindowForm(centre=county.centre_a, instance=window), staff=[county.clerk_a.pk, county.clerk_b.pk])
    response = as_director_a.post(reverse("org:window_edit", args=[window.pk]), data)
    assert errors(response)["staff"][0].startswith("选择一个有效的选项")
    assert list(window.staff.values_list("name", flat=True)) == ["clerk_a"]


# --- staff ---------------------------------------------------------------------------------------


def test_it_rejects_an_invalid_staff_phone(as_director_a, county):
    data = form_data(StaffForm(instance=county.clerk_a, scope=ADMIN_SCOPE), phone="12345")
    response = as_director_a.post(reverse("org:staff_edit", args=[county.clerk_a.pk]), data)
    assert "请输入有效的电话号码" in errors(response)["phone"][0]
    assert Staff.objects.get(pk=county.clerk_a.pk).phone == "13800138000"


def test_it_requires_an_agency_point_for_an_agent(as_director_a, county):
    response = new_staff_post(as_director_a, name="新代办员", role=Role.AGENT)
    assert errors(response)["agency_point"] == ["代办点工作人员必须选择所属代办点。"]
    assert not Staff.objects.filter(name="新代办员").exists()


def test_it_does_not_let_a_director_hand_out_county_roles(as_director_a, county):
    response = new_staff_post(as_director_a, name="冒充管委会", role=Role.COUNTY_ADMIN)
    assert errors(response)["role"][0].startswith("选择一个有效的选项")
    assert not Staff.objects.filter(name="冒充管委会").exists()


def test_it_opens_a_login_in_the_group_of_the_role(as_director_a, county):
    response = new_staff_post(
        as_director_a,
        name="王窗口",
        role=Role.CLERK,
        centre=county.centre_a.pk,
        username="wang_chuangkou",
        password="Yushan#Centre-2018",
    )
    assert response.status_code == 302
    person = Staff.objects.get(name="王窗口")
    assert person.user.username == "wang_chuangkou"
    assert person.user.check_password("Yushan#Centre-2018")
    assert list(person.user.groups.values_list("name", flat=True)) == [Role.CLERK.label]
    assert not person.user.is_staff


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("wang_chuangkou", "12345678", "这个密码太常见了。"),
        ("wang_chuangkou", "", "开通登录账号时请设置初始密码。"),
        ("clerk_b", "Yushan#Centre-2018", "该登录名已被使用,请换一个。"),
    ],
)
def test_it_refuses_a_bad_login_and_creates_neither_staff_nor_user(as_director_a, county, username, password, message):
    staff_before, users_before = Staff.objects.count(), User.objects.count()
    response = new_staff_post(
        as_director_a, name="王窗口", role=Role.CLERK, centre=county.centre_a.pk, username=username, password=password
    )
    field_errors = errors(response)
    assert message in " ".join(field_errors.get("password", []) + field_errors.get("username", []))
    assert (Staff.objects.count(), User.objects.count()) == (staff_before, users_before)


def test_it_does_not_link_a_refused_new_staff_to_a_record_that_was_never_saved(as_director_a, county):
    response = new_staff_post(
        as_director_a, name="王窗口", role=Role.CLERK, centre=county.centre_a.pk, username="wang", password="12345678"
    )
    errors(response)
    assert response.context["form"].instance.pk is None


# --- audit log -----------------------------------------------------------------------------------


@pytest.fixture
def audit_page(county):
    """The county admin's audit log page (own client, so a test can edit as someone else), as a
    function returning its table body.

    The fixture's own rows were written outside a request and have no actor; they are removed
    first so the table holds only what the test itself changed.
    """
    LogEntry.objects.filter(actor=None).delete()
    admin = Client()
    admin.force_login(county.users[Role.COUNTY_ADMIN])

    def read() -> str:
        response = admin.get(reverse("org:audit_log"))
        assert response.status_code == 200
        return re.sub(r"\s+", " ", response.content.decode().split("<tbody>")[1])

    return read


def test_it_logs_an_edit_with_its_actor_and_old_and_new_value(as_director_a, county, audit_page):
    assert centre_post(as_director_a, county.centre_a, hall_area="230").status_code == 302
    body = audit_page()
    assert "<td>director_a</td>" in body
    assert "便民服务中心:甲镇便民服务中心" in body
    assert "<strong>大厅面积(㎡)</strong>:210.0 → 230" in body


def test_it_masks_the_staff_phone_in_the_audit_log(as_county_admin, county, audit_page):
    data = form_data(StaffForm(instance=county.clerk_a, scope=ADMIN_SCOPE), phone="13912345678")
    assert as_county_admin.post(reverse("org:staff_edit", args=[county.clerk_a.pk]), data).status_code == 302
    assert Staff.objects.get(pk=county.clerk_a.pk).phone == "13912345678"
    body = audit_page()
    assert "<strong>联系电话</strong>" in body
    assert "13912345678" not in body
    assert "13800138000" not in body


def test_it_shows_entries_without_an_actor_as_written_by_the_system(as_county_admin, county):
    assert LogEntry.objects.filter(actor=None).exists()
    response = as_county_admin.get(reverse("org:audit_log"))
    assert response.status_code == 200
    assert "<td>系统</td>" in response.content.decode()


def test_it_shows_who_was_put_on_a_window_in_the_audit_log(as_county_admin, county, audit_page):
    with set_actor(county.users[Role.COUNTY_ADMIN]):
        other = Staff.objects.create(name="李窗口", centre=county.centre_a)
    data = form_data(WindowForm(centre=county.centre_a, instance=county.window_a), staff=[county.clerk_a.pk, other.pk])
    assert as_county_admin.post(reverse("org:window_edit", args=[county.window_a.pk]), data).status_code == 302
    body = audit_page()
    assert "<strong>窗口人员</strong>" in body
    assert "type → operation" not in body
    assert "李窗口" in body


# --- people's names, photos ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["张三😀", "clerk<script>", "王\x07五"])
def test_a_new_staff_name_must_be_a_persons_name(as_county_admin, county, name):
    before = Staff.objects.count()
    response = new_staff_post(as_county_admin, name=name, role=Role.CLERK, centre=county.centre_a.pk)
    assert errors(response)["name"]
    assert Staff.objects.count() == before


def test_a_rare_ideograph_in_a_name_is_kept_and_shown(as_county_admin, county):
    response = new_staff_post(as_county_admin, name="刘䶮𠀀", role=Role.CLERK, centre=county.centre_a.pk)
    assert response.status_code == 302
    staff = Staff.objects.get(name="刘䶮𠀀")
    assert "刘䶮𠀀" in as_county_admin.get(reverse("org:staff_detail", args=[staff.pk])).content.decode()


def test_a_program_renamed_as_a_photo_is_refused(as_county_admin, county):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100, content_type="image/jpeg")
    data = form_data(StaffForm(instance=Staff(), scope=ADMIN_SCOPE), name="赵六", role=Role.CLERK)
    data["centre"] = county.centre_a.pk
    data["photo"] = fake
    response = as_county_admin.post(reverse("org:staff_create"), data)
    assert "photo" in errors(response)
    assert not Staff.objects.filter(name="赵六").exists()

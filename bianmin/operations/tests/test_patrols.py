"""动态巡查 (plan 五(一)): recorded by the centre's director-role staff; never deleted, annulled with a
reason (issue #7 point 4) by the recorder, the centre's director or the county admin."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from bianmin.core.errors import ApplicationError
from bianmin.operations import services_records
from bianmin.operations.models import Patrol
from bianmin.operations.tests.conftest import TUESDAY, on

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def patrol(county, actor=None, **kw) -> Patrol:
    values = {
        "actor": actor or county.director_a,
        "centre": county.centre_a,
        "patrolled_at": on(TUESDAY, 10),
        "findings": "各窗口在岗,秩序良好。",
        "at": on(TUESDAY, 10, 30),
    } | kw
    return services_records.patrol_record(**values)


def test_the_director_records_a_round(county, deputy_a):
    record = patrol(county, actor=deputy_a, found_problem=True, corrections="当场提醒", window=county.window_a)
    assert record.patrolled_by == deputy_a and record.found_problem and not record.is_annulled


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"found_problem": True, "corrections": ""}, "发现问题时请填写纠正措施"),
        ({"patrolled_at": on(TUESDAY, 11)}, "巡查时间不能晚于现在"),
        ({"findings": ""}, "请填写巡查情况"),
    ],
)
def test_it_refuses_a_bad_round(county, overrides, message):
    with pytest.raises(ApplicationError, match=message):
        patrol(county, **overrides)


def test_only_the_centres_director_role_staff_record(county, director_b, admin_staff):
    for actor in (county.clerk_a, director_b, admin_staff):
        with pytest.raises(ApplicationError, match="才能登记动态巡查"):
            patrol(county, actor=actor)
    with pytest.raises(ApplicationError, match="只能选择本中心的窗口"):
        patrol(county, window=county.window_b)
    with pytest.raises(ApplicationError, match="只能选择本中心或其代办点的工作人员"):
        patrol(county, staff=county.clerk_b)


def test_it_is_never_deleted_only_annulled_with_a_reason(county, deputy_a):
    record = patrol(county)
    with pytest.raises(ApplicationError, match="不能删除"):
        record.delete()
    with pytest.raises(ApplicationError, match="不能删除"):
        Patrol.objects.all().delete()
    with pytest.raises(ApplicationError, match="请填写作废原因"):
        services_records.patrol_annul(patrol=record, actor=deputy_a, reason="错")
    services_records.patrol_annul(patrol=record, actor=deputy_a, reason="时间登记错误,重新登记")
    record.refresh_from_db()
    assert record.is_annulled and record.annul_reason == "时间登记错误,重新登记" and record.annulled_by == deputy_a
    with pytest.raises(ApplicationError, match="已被作废"):
        services_records.patrol_annul(patrol=record, actor=county.director_a, reason="重复作废一次")
    assert Patrol.objects.count() == 1 and Patrol.objects.valid().count() == 0


def test_who_may_annul(county, director_b, admin_staff, inspector_staff):
    record = patrol(county)
    for actor in (county.clerk_a, director_b, inspector_staff):
        with pytest.raises(ApplicationError, match="只有巡查人、本中心主任或县管委会可以作废"):
            services_records.patrol_annul(patrol=record, actor=actor, reason="我觉得不对")
    services_records.patrol_annul(patrol=record, actor=admin_staff, reason="督查发现重复登记")


# --- pages ------------------------------------------------------------------------------------


def test_the_director_records_with_a_photo_and_annuls_on_the_pages(client, county, clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clock(on(TUESDAY, 10, 30))
    client.force_login(county.director_a.user)
    data = {
        "patrolled_at": "2026-11-24T10:00",
        "findings": "2号窗口人员玩手机",
        "found_problem": "on",
        "corrections": "当场批评",
        "window": county.window_a.pk,
        "staff": county.clerk_a.pk,
        "evidence": SimpleUploadedFile("现场.png", png(), content_type="image/png"),
    }
    response = client.post(reverse("operations:patrol_new"), data)
    record = Patrol.objects.get()
    assert response.status_code == 302 and record.has_evidence and record.evidence_name == "现场.png"
    evidence = client.get(reverse("operations:patrol_evidence", args=[record.pk]))
    assert evidence.status_code == 200 and evidence["Content-Type"] == "image/png"
    response = client.post(record.get_absolute_url(), {"reason": "重复登记,作废"})
    assert response.status_code == 302
    html = client.get(reverse("operations:patrol_list")).content.decode()
    assert "2号窗口人员玩手机" not in html  # annulled ones hidden by default
    html = client.get(reverse("operations:patrol_list"), {"with_annulled": "on"}).content.decode()
    assert "text-decoration-line-through" in html and "重复登记,作废" in html
    detail = client.get(record.get_absolute_url()).content.decode()
    assert "已作废" in detail and "重复登记,作废" in detail and 'name="reason"' not in detail


def test_another_centre_and_other_roles_cannot_read_or_annul(client, county, director_b):
    record = patrol(county)
    client.force_login(director_b.user)
    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.post(record.get_absolute_url(), {"reason": "越权作废试试"}).status_code == 404
    assert client.get(reverse("operations:patrol_evidence", args=[record.pk])).status_code == 404
    for person in (county.clerk_a, county.clerk_b, county.agent_a1):
        client.force_login(person.user)
        assert client.get(reverse("operations:patrol_list")).status_code == 403
        assert client.get(record.get_absolute_url()).status_code == 403
    client.force_login(county.users["inspector"])
    assert client.get(record.get_absolute_url()).status_code == 200
    assert client.post(record.get_absolute_url(), {"reason": "督查员不能作废"}).status_code == 403
    assert client.get(reverse("operations:patrol_new")).status_code == 403
    assert not Patrol.objects.get().is_annulled


def test_it_exports_with_the_annulled_when_asked(client, county):
    patrol(county, findings="大厅秩序良好")
    bad = patrol(county, findings="登记错误的记录")
    services_records.patrol_annul(patrol=bad, actor=county.director_a, reason="登记错误")
    client.force_login(county.director_a.user)
    response = client.get(reverse("operations:patrol_export"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert [r[4] for r in rows] == ["大厅秩序良好"]
    response = client.get(reverse("operations:patrol_export"), {"with_annulled": "on"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert sorted((r[4], r[9], r[10]) for r in rows) == [
        ("大厅秩序良好", "有效", None),
        ("登记错误的记录", "已作废", "登记错误"),
    ]

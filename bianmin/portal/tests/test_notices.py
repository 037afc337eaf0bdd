"""Hall display notices managed by the centres (/hall-notices/, plan 四(一)2(3) 电子显示屏).

Actors (conftest): the county admin picks any centre; centre A's director and clerk publish for
centre A only; centre B's clerk cannot see centre A's notices (404); agents and inspectors read
but get 403 on every write.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.models import Staff
from bianmin.portal import services
from bianmin.portal.models import DisplayNotice, NoticeState

pytestmark = pytest.mark.django_db

LIST = reverse("hall:notice_list")
NEW = reverse("hall:notice_new")


def notice(county, *, centre=None, actor=None, **changes) -> DisplayNotice:
    values = {
        "kind": "policy",
        "title": "城乡低保标准提高",
        "body": "自本月起,城乡低保标准每人每月提高50元。",
        "publish_on": timezone.localdate(),
        "expire_on": None,
        "is_active": True,
    }
    values.update(changes)
    return services.notice_create(actor=actor or county.director_a, centre=centre or county.centre_a, changes=values)


def form_data(**overrides) -> dict:
    data = {
        "kind": "jobs",
        "title": "县人社局春风行动招聘会",
        "body": "3月5日上午在中心广场举办,岗位200余个。",
        "publish_on": timezone.localdate().isoformat(),
        "expire_on": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def edit_url(n: DisplayNotice) -> str:
    return reverse("hall:notice_edit", args=[n.pk])


def staff_of(county, role) -> Staff:
    return county.users[role].staff


# --- writing ---------------------------------------------------------------------------------------


def test_it_lets_the_director_publish_for_the_own_centre(as_director_a, county):
    page = as_director_a.get(NEW)
    assert page.status_code == 200
    assert "centre" not in page.context["form"].fields  # the centre is fixed: their own
    response = as_director_a.post(NEW, form_data())
    assert response.status_code == 302 and response.url == LIST
    created = DisplayNotice.objects.get()
    assert created.centre == county.centre_a and created.created_by == county.director_a
    assert created.kind == "jobs" and created.expire_on is None and created.is_active


def test_it_lets_a_clerk_publish_and_edit_the_centres_notices(as_clerk_a, county):
    existing = notice(county)  # published by the director
    response = as_clerk_a.post(edit_url(existing), form_data(title="低保标准调整(更正)", is_active=""))
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.title == "低保标准调整(更正)" and not existing.is_active
    assert existing.updated_by == county.clerk_a and existing.created_by == county.director_a
    assert as_clerk_a.post(NEW, form_data()).status_code == 302
    assert DisplayNotice.objects.filter(centre=county.centre_a).count() == 2


def test_it_ignores_a_centre_posted_by_centre_staff(as_clerk_a, county):
    as_clerk_a.post(NEW, form_data(centre=county.centre_b.pk))
    assert DisplayNotice.objects.get().centre == county.centre_a


def test_it_lets_the_county_admin_choose_the_centre(as_county_admin, county):
    page = as_county_admin.get(NEW)
    assert "centre" in page.context["form"].fields
    missing = as_county_admin.post(NEW, form_data())
    assert missing.status_code == 200 and "请选择中心。" in missing.content.decode()
    response = as_county_admin.post(NEW, form_data(centre=county.centre_b.pk))
    assert response.status_code == 302
    created = DisplayNotice.objects.get()
    assert created.centre == county.centre_b
    assert created.created_by == staff_of(county, Role.COUNTY_ADMIN)
    # …and may move it to another centre.
    as_county_admin.post(edit_url(created), form_data(centre=county.centre_a.pk))
    created.refresh_from_db()
    assert created.centre == county.centre_a


@pytest.mark.parametrize("actor", ["as_agent_a1", "as_inspector"])
def test_it_refuses_writes_to_agents_and_inspectors(actor, request, county):
    client = request.getfixturevalue(actor)
    existing = notice(county)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    assert client.get(edit_url(existing)).status_code == 403
    assert client.post(edit_url(existing), form_data(title="改")).status_code == 403
    existing.refresh_from_db()
    assert existing.title == "城乡低保标准提高" and DisplayNotice.objects.count() == 1


def test_it_answers_404_for_another_centres_notice(as_clerk_b, county):
    other = notice(county)
    assert as_clerk_b.get(edit_url(other)).status_code == 404
    assert as_clerk_b.post(edit_url(other), form_data()).status_code == 404
    assert "城乡低保标准提高" not in as_clerk_b.get(LIST).content.decode()


def test_it_requires_login(client, county):
    response = client.get(LIST)
    assert response.status_code == 302 and "/login/" in response.url


# --- validation ------------------------------------------------------------------------------------


def test_it_rejects_a_last_day_before_the_publish_day_in_chinese(as_director_a):
    today = timezone.localdate()
    response = as_director_a.post(
        NEW, form_data(publish_on=today.isoformat(), expire_on=(today - timedelta(days=1)).isoformat())
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expire_on"] == ["截止日期不能早于发布日期。"]
    assert not DisplayNotice.objects.exists()


def test_it_explains_missing_and_malformed_fields_in_chinese(as_director_a):
    response = as_director_a.post(NEW, form_data(title="   ", body="", publish_on="2026/13/40", kind="ads"))
    errors = response.context["form"].errors
    assert errors["title"] == ["请填写标题。"]
    assert errors["body"] == ["请填写正文。"]
    assert errors["publish_on"] == ["请按“年-月-日”填写发布日期。"]
    assert errors["kind"] == ["请选择公告类别。"]
    assert "保存失败" in response.content.decode()


def test_it_limits_the_length_of_title_and_body(as_director_a):
    response = as_director_a.post(NEW, form_data(title="长" * 61, body="字" * 1001))
    errors = response.context["form"].errors
    assert errors["title"] == ["标题不能超过 60 个字。"] and errors["body"] == ["正文不能超过 1000 个字。"]


def test_it_keeps_personal_data_off_the_screen(as_director_a):
    response = as_director_a.post(NEW, form_data(body="联系人张三,电话13912345678。"))
    assert "不能出现身份证号码或手机号码" in response.context["form"].errors["body"][0]
    response = as_director_a.post(NEW, form_data(title="寻找361123198001010016"))
    assert "title" in response.context["form"].errors
    assert as_director_a.post(NEW, form_data(body="报名电话:0793-2212345(中心服务电话)")).status_code == 302


def test_it_validates_in_the_service_and_the_database_too(county):
    with pytest.raises(ApplicationError) as refused:
        notice(county, publish_on=date(2026, 5, 2), expire_on=date(2026, 5, 1))
    assert refused.value.message == "截止日期不能早于发布日期。" and refused.value.field == "expire_on"
    with pytest.raises(PermissionDenied):
        notice(county, actor=county.agent_a1)
    with pytest.raises(PermissionDenied):
        notice(county, actor=county.clerk_b)  # centre B's clerk, centre A's notice
    with pytest.raises(PermissionDenied):
        services.notice_update(actor=county.clerk_a, notice=notice(county), changes={}, centre=county.centre_b)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisplayNotice.objects.create(
            centre=county.centre_a,
            created_by=county.director_a,
            title="t",
            body="b",
            publish_on=date(2026, 5, 2),
            expire_on=date(2026, 5, 1),
        )


# --- the list --------------------------------------------------------------------------------------


def test_it_lists_notices_with_their_state_today(as_director_a, county):
    today = timezone.localdate()
    notice(county, title="现行公告")
    notice(county, title="明天发布", publish_on=today + timedelta(days=1))
    notice(county, title="昨天到期", publish_on=today - timedelta(days=9), expire_on=today - timedelta(days=1))
    notice(county, title="已经撤下", is_active=False)
    notice(county, title="乙乡的公告", centre=county.centre_b, actor=county.clerk_b)
    page = as_director_a.get(LIST)
    states = {n.title: state for n, state, writable in page.context["rows"]}
    assert states == {
        "现行公告": NoticeState.CURRENT,
        "明天发布": NoticeState.SCHEDULED,
        "昨天到期": NoticeState.EXPIRED,
        "已经撤下": NoticeState.INACTIVE,
    }
    assert all(writable for _, _, writable in page.context["rows"])
    for state, title in [("current", "现行公告"), ("scheduled", "明天发布"), ("expired", "昨天到期")]:
        rows = as_director_a.get(LIST, {"state": state}).context["rows"]
        assert [n.title for n, _, _ in rows] == [title]
    assert reverse("screens:display", args=[county.centre_a.pk]) in page.content.decode()


def test_it_shows_every_centre_read_only_to_the_inspector(as_inspector, county):
    notice(county, title="甲镇公告")
    notice(county, title="乙乡公告", centre=county.centre_b, actor=county.clerk_b)
    page = as_inspector.get(LIST)
    assert {n.title for n, _, _ in page.context["rows"]} == {"甲镇公告", "乙乡公告"}
    assert not any(writable for _, _, writable in page.context["rows"])
    assert NEW not in page.content.decode()
    only_b = as_inspector.get(LIST, {"centre": county.centre_b.pk}).context["rows"]
    assert [n.title for n, _, _ in only_b] == ["乙乡公告"]


def test_it_shows_the_points_centre_to_its_agent(as_agent_a1, county):
    notice(county, title="甲镇公告")
    notice(county, title="乙乡公告", centre=county.centre_b, actor=county.clerk_b)
    rows = as_agent_a1.get(LIST).context["rows"]
    assert [(n.title, writable) for n, _, writable in rows] == [("甲镇公告", False)]


def test_it_lists_with_a_constant_number_of_queries(as_county_admin, county):
    notice(county)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_county_admin.get(LIST).status_code == 200
        return len(ctx)

    one = count()
    for i in range(6):
        notice(county, title=f"公告{i}", centre=county.centre_b, actor=county.clerk_b)
        notice(county, title=f"公告{i}", actor=county.clerk_a)
    assert count() == one

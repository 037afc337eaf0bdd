"""代办点 帮扶/调解 records (plan 四(二)3): services, pages, scope and idempotency."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bianmin.cases import services_records as services
from bianmin.cases.models import PointRecord
from bianmin.cases.tests.helpers import PHONE
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.tests.factories import staff_with_login

pytestmark = pytest.mark.django_db

LIST = reverse("cases:point_record_list")
NEW = reverse("cases:point_record_new")


def record(actor, **kw) -> PointRecord:
    values = {
        "kind": "mediation",
        "happened_on": timezone.localdate(),
        "people": "张某与李某",
        "phone": PHONE,
        "subject": "宅基地边界纠纷",
        "content": "双方到代办点反映,经现场查看、耐心劝说。",
        "outcome": "双方达成一致",
    }
    values.update(kw)
    return services.point_record_create(actor=actor, **values)


def form_data(**kw) -> dict:
    data = {
        "kind": "help",
        "happened_on": timezone.localdate().isoformat(),
        "people": "五保户王某",
        "phone": PHONE,
        "subject": "代为申请临时救助",
        "content": "入户了解情况,协助准备材料。",
        "outcome": "",
        "idempotency_key": "p" * 32,
    }
    data.update(kw)
    return data


@pytest.fixture
def agent_a2(county):
    return staff_with_login("agent_a2", Role.AGENT, agency_point=county.point_a2)


# --- services -------------------------------------------------------------------------------------


def test_it_records_at_the_agents_point(county):
    r = record(county.agent_a1, phone="138 1234 5678")
    assert r.agency_point == county.point_a1 and r.recorded_by == county.agent_a1
    assert r.kind == "mediation" and r.phone == PHONE


def test_it_returns_the_existing_row_on_a_replayed_key(county):
    first = record(county.agent_a1, idempotency_key="r1")
    assert record(county.agent_a1, idempotency_key="r1", subject="别的").pk == first.pk
    assert PointRecord.objects.count() == 1
    with pytest.raises(ApplicationError, match="表单已失效"):
        record(county.agent_b1, idempotency_key="r1")


def test_it_refuses_everyone_but_agents(county):
    for staff in (county.clerk_a, county.director_a, county.users[Role.COUNTY_ADMIN].staff):
        with pytest.raises(ApplicationError, match="只有代办点工作人员"):
            record(staff)


def test_it_refuses_a_future_date_a_bad_phone_and_a_bad_kind(county):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ApplicationError, match="日期不能晚于今天") as exc:
        record(county.agent_a1, happened_on=tomorrow)
    assert exc.value.field == "happened_on"
    with pytest.raises(ApplicationError, match="请输入有效的电话号码") as exc:
        record(county.agent_a1, phone="0793")
    assert exc.value.field == "phone"
    with pytest.raises(ApplicationError, match="帮扶或调解"):
        record(county.agent_a1, kind="other")
    with pytest.raises(ApplicationError, match="请填写经过"):
        record(county.agent_a1, content=" ")
    assert record(county.agent_a1, phone="").phone == ""


# --- pages ----------------------------------------------------------------------------------------


def test_it_records_through_the_form_once_on_a_double_submit(as_agent_a1, county):
    form = as_agent_a1.get(NEW)
    assert form.status_code == 200 and "帮扶" in form.content.decode()
    first = as_agent_a1.post(NEW, form_data())
    second = as_agent_a1.post(NEW, form_data())
    assert first.status_code == second.status_code == 302 and first["Location"] == LIST
    r = PointRecord.objects.get()
    assert r.kind == "help" and r.agency_point == county.point_a1


def test_it_shows_chinese_errors_on_the_form(as_agent_a1):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = as_agent_a1.post(NEW, form_data(happened_on=tomorrow, phone="555", kind="", subject=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["happened_on"] == ["日期不能晚于今天。"]
    assert "请输入有效的电话号码" in errors["phone"][0]
    assert errors["kind"] == ["请选择类别:帮扶或调解。"]
    assert errors["subject"] == ["请填写事由。"]
    assert PointRecord.objects.count() == 0


@pytest.mark.parametrize("who", ["clerk_a", "director_a", "county_admin", "inspector"])
def test_it_lets_only_agents_open_the_new_form(client, county, who):
    user = getattr(county, who).user if hasattr(county, who) else county.users[Role(who)]
    client.force_login(user)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    assert PointRecord.objects.count() == 0
    assert client.get(LIST).status_code == 200


def test_it_lists_with_masked_phones_and_filters(as_agent_a1, county):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=5)
    help_ = record(county.agent_a1, kind="help", subject="帮扶困难户", happened_on=last_month)
    mediation = record(county.agent_a1, kind="mediation", subject="邻里纠纷")
    response = as_agent_a1.get(LIST)
    page = response.content.decode()
    assert PHONE not in page and "138****5678" in page
    assert [r.pk for r in response.context["page"]] == [mediation.pk, help_.pk]

    def subjects(**params):
        return [r.subject for r in as_agent_a1.get(LIST, params).context["page"]]

    assert subjects(kind="help") == ["帮扶困难户"]
    assert subjects(kind="mediation") == ["邻里纠纷"]
    assert subjects(month=f"{last_month:%Y-%m}") == ["帮扶困难户"]
    assert subjects(month=f"{today:%Y-%m}", kind="help") == []
    response = as_agent_a1.get(LIST, {"month": "2026-13"})
    assert "月份格式应为" in response.content.decode()


def test_it_keeps_agency_points_and_centres_apart(client, county, agent_a2):
    at_a1 = record(county.agent_a1)
    at_a2 = record(agent_a2, subject="二村的事")
    at_b1 = record(county.agent_b1, subject="乙乡的事")

    def seen(staff_or_user) -> set[int]:
        client.force_login(getattr(staff_or_user, "user", staff_or_user))
        return {r.pk for r in client.get(LIST).context["page"]}

    assert seen(agent_a2) == {at_a2.pk}
    assert seen(county.agent_a1) == {at_a1.pk}
    assert seen(county.clerk_b) == {at_b1.pk}
    assert seen(county.director_a) == {at_a1.pk, at_a2.pk}
    assert seen(county.users[Role.COUNTY_ADMIN]) == {at_a1.pk, at_a2.pk, at_b1.pk}


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("viewer", ["agent_a1", "director_a", "county_admin"])
def test_it_lists_in_a_constant_number_of_queries(client, county, agent_a2, viewer):
    user = getattr(county, viewer).user if hasattr(county, viewer) else county.users[Role(viewer)]
    client.force_login(user)
    record(county.agent_a1)
    one = _list_queries(client)
    for n in range(9):
        record(
            county.agent_a1 if n % 2 else agent_a2,
            subject=f"事由{n}",
            happened_on=timezone.localdate() - timedelta(days=n),
        )
    assert _list_queries(client) == one

"""首问/咨询登记 (plan 四(一)4(1)): services, pages, scope and idempotency."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bianmin.cases import services_records as services
from bianmin.cases.models import Consultation
from bianmin.cases.tests.helpers import PHONE, listed_item
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.tests.factories import WindowFactory, staff_with_login

pytestmark = pytest.mark.django_db

LIST = reverse("cases:consultation_list")
NEW = reverse("cases:consultation_new")


def detail(pk: int) -> str:
    return reverse("cases:consultation_detail", args=[pk])


def consult(actor, **kw) -> Consultation:
    values = {"visitor_name": "李四", "question": "办低保要带什么材料?", "visitor_phone": PHONE}
    values.update(kw)
    return services.consultation_create(actor=actor, **values)


def form_data(**kw) -> dict:
    data = {
        "asked_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "visitor_name": "李四",
        "visitor_phone": PHONE,
        "channel": "window",
        "item": "",
        "question": "办低保要带什么材料?",
        "answer": "",
        "idempotency_key": "k" * 32,
    }
    data.update(kw)
    return data


# --- services -------------------------------------------------------------------------------------


def test_it_registers_a_consultation_with_the_clerk_as_first_responder(county):
    c = consult(county.clerk_a, channel="phone", visitor_phone=" 138 1234 5678 ")
    assert c.centre == county.centre_a and c.agency_point is None
    assert c.first_responder == county.clerk_a
    assert c.state == "open" and c.channel == "phone"
    assert c.visitor_phone == PHONE


def test_it_registers_an_agents_consultation_at_the_point_and_its_centre(county):
    c = consult(county.agent_a1)
    assert c.agency_point == county.point_a1 and c.centre == county.centre_a
    assert c.channel == "agency"


def test_it_returns_the_existing_row_on_a_replayed_key(county):
    first = consult(county.clerk_a, idempotency_key="abc123")
    again = consult(county.clerk_a, idempotency_key="abc123", question="另一个问题")
    assert again.pk == first.pk
    assert Consultation.objects.count() == 1


def test_it_refuses_a_key_replayed_by_someone_else(county):
    consult(county.clerk_a, idempotency_key="abc123")
    with pytest.raises(ApplicationError, match="表单已失效"):
        consult(county.director_a, idempotency_key="abc123")


def test_it_refuses_county_roles_and_items_off_the_centres_list(county):
    admin = county.users[Role.COUNTY_ADMIN].staff
    with pytest.raises(ApplicationError, match="只有中心工作人员和代办点工作人员"):
        consult(admin)
    item = listed_item(county)
    item.centres.filter(centre=county.centre_b).delete()
    assert consult(county.clerk_a, item=item).item == item
    with pytest.raises(ApplicationError, match="实施清单") as exc:
        consult(county.clerk_b, item=item)
    assert exc.value.field == "item"


def test_it_refuses_a_future_time_a_bad_phone_and_an_empty_question(county):
    with pytest.raises(ApplicationError, match="咨询时间不能晚于当前时间") as exc:
        consult(county.clerk_a, asked_at=timezone.now() + timedelta(hours=2))
    assert exc.value.field == "asked_at"
    with pytest.raises(ApplicationError, match="请输入有效的电话号码") as exc:
        consult(county.clerk_a, visitor_phone="12345")
    assert exc.value.field == "visitor_phone"
    with pytest.raises(ApplicationError, match="请填写咨询内容") as exc:
        consult(county.clerk_a, question="   ")
    assert exc.value.field == "question"
    assert Consultation.objects.count() == 0


def test_it_routes_and_the_first_responder_stays_responsible(county):
    c = consult(county.clerk_a)
    services.consultation_route(consultation=c, actor=county.clerk_a, window=county.window_a, staff=county.director_a)
    c.refresh_from_db()
    assert c.routed_to_window == county.window_a and c.routed_to == county.director_a
    assert c.first_responder == county.clerk_a and c.state == "open"


def test_it_routes_only_within_the_same_centre(county):
    c = consult(county.clerk_a)
    with pytest.raises(ApplicationError, match="本中心在用的窗口"):
        services.consultation_route(consultation=c, actor=county.clerk_a, window=county.window_b)
    with pytest.raises(ApplicationError, match="本中心在岗的工作人员"):
        services.consultation_route(consultation=c, actor=county.clerk_a, staff=county.clerk_b)
    with pytest.raises(ApplicationError, match="请选择引导至"):
        services.consultation_route(consultation=c, actor=county.clerk_a)
    with pytest.raises(ApplicationError, match="无权处理其他单位"):
        services.consultation_route(consultation=c, actor=county.clerk_b, window=county.window_b)


def test_it_closes_and_a_repeated_close_is_a_replay(county):
    c = consult(county.clerk_a)
    services.consultation_close(consultation=c, actor=county.clerk_a, outcome="已当场答复", answer="需带身份证")
    c.refresh_from_db()
    assert c.state == "closed" and c.closed_at is not None
    assert c.outcome == "已当场答复" and c.answer == "需带身份证"
    closed_at = c.closed_at
    twin = Consultation.objects.get(pk=c.pk)
    services.consultation_close(consultation=twin, actor=county.clerk_a, outcome="已当场答复")
    assert Consultation.objects.get(pk=c.pk).closed_at == closed_at
    with pytest.raises(ApplicationError, match="已办结"):
        services.consultation_close(
            consultation=Consultation.objects.get(pk=c.pk), actor=county.clerk_a, outcome="别的"
        )
    with pytest.raises(ApplicationError, match="已办结,不能再引导"):
        services.consultation_route(consultation=c, actor=county.clerk_a, window=county.window_a)


def test_it_lets_the_centre_close_a_consultation_from_its_point(county):
    c = consult(county.agent_a1)
    services.consultation_route(consultation=c, actor=county.agent_a1, window=county.window_a)
    services.consultation_close(consultation=c, actor=county.clerk_a, outcome="已在1号窗口办理")
    assert Consultation.objects.get(pk=c.pk).state == "closed"
    with pytest.raises(ApplicationError, match="无权处理其他单位"):
        services.consultation_close(consultation=consult(county.agent_a1), actor=county.agent_b1, outcome="x")


# --- pages ----------------------------------------------------------------------------------------


def test_it_registers_through_the_form_once_on_a_double_submit(as_clerk_a, county):
    item = listed_item(county)
    data = form_data(item=str(item.pk), channel="phone")
    first = as_clerk_a.post(NEW, data)
    second = as_clerk_a.post(NEW, data)
    c = Consultation.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == detail(c.pk)
    assert c.first_responder == county.clerk_a and c.item == item and c.centre == county.centre_a


def test_it_renders_the_form_with_a_fresh_key_and_the_centres_items(as_clerk_a, county):
    item = listed_item(county)
    one = as_clerk_a.get(NEW)
    two = as_clerk_a.get(NEW)
    assert one.status_code == 200
    assert one.context["form"].initial["idempotency_key"] != two.context["form"].initial["idempotency_key"]
    assert list(one.context["form"].fields["item"].queryset) == [item]
    assert "代办点现场" not in one.content.decode()


def test_it_lets_an_agent_register_at_own_point(as_agent_a1, county):
    response = as_agent_a1.get(NEW)
    assert "代办点现场" in response.content.decode()
    response = as_agent_a1.post(NEW, form_data(channel="agency"))
    c = Consultation.objects.get()
    assert response["Location"] == detail(c.pk)
    assert c.agency_point == county.point_a1 and c.centre == county.centre_a
    assert c.first_responder == county.agent_a1


def test_it_shows_chinese_errors_on_the_form(as_clerk_a):
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = as_clerk_a.post(NEW, form_data(asked_at=future, visitor_phone="1381234", question=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["asked_at"] == ["咨询时间不能晚于当前时间。"]
    assert "请输入有效的电话号码" in errors["visitor_phone"][0]
    assert errors["question"] == ["请填写咨询内容。"]
    assert Consultation.objects.count() == 0


def test_it_routes_and_closes_on_the_detail_page(as_clerk_a, county):
    c = consult(county.clerk_a)
    response = as_clerk_a.post(detail(c.pk), {"action": "route", "window": county.window_a.pk, "staff": ""})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.routed_to_window == county.window_a and c.first_responder == county.clerk_a
    response = as_clerk_a.post(detail(c.pk), {"action": "route", "window": "", "staff": ""})
    assert "请选择引导至的窗口或工作人员。" in response.content.decode()
    response = as_clerk_a.post(detail(c.pk), {"action": "close", "outcome": ""})
    assert response.context["close_form"].errors["outcome"] == ["请填写办结结果。"]
    response = as_clerk_a.post(detail(c.pk), {"action": "close", "outcome": "已引导至1号窗口办理"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == "closed" and c.outcome == "已引导至1号窗口办理"
    page = as_clerk_a.get(detail(c.pk)).content.decode()
    assert "保存引导去向" not in page and "转为收件" not in page


def test_it_offers_intake_from_an_open_consultation(client, county):
    c = consult(county.agent_a1)
    intake = reverse("cases:intake") + f"?consultation={c.pk}"
    for staff in (county.clerk_a, county.director_a, county.agent_a1):
        client.force_login(staff.user)
        response = client.get(detail(c.pk))
        assert response.context["intake_url"] == intake
        assert "转为收件" in response.content.decode()
    client.force_login(county.users[Role.COUNTY_ADMIN])
    page = client.get(detail(c.pk)).content.decode()
    assert "转为收件" not in page and "保存引导去向" not in page


def test_it_shows_the_full_phone_only_to_those_who_follow_up(client, county):
    c = consult(county.clerk_a)
    client.force_login(county.clerk_a.user)
    assert PHONE in client.get(detail(c.pk)).content.decode()
    client.force_login(county.director_a.user)
    page = client.get(detail(c.pk)).content.decode()
    assert PHONE not in page and "138****5678" in page
    services.consultation_route(consultation=c, actor=county.clerk_a, staff=county.director_a)
    assert PHONE in client.get(detail(c.pk)).content.decode()


def test_it_lists_with_masked_phones_and_filters(as_clerk_a, county):
    now = timezone.now()
    old = consult(county.clerk_a, visitor_name="王五", asked_at=now - timedelta(days=40))
    recent = consult(county.agent_a1, visitor_name="赵六", question="户口迁移怎么办")
    services.consultation_close(consultation=old, actor=county.clerk_a, outcome="已答复")
    consult(county.clerk_b, visitor_name="乙乡群众")
    response = as_clerk_a.get(LIST)
    page = response.content.decode()
    assert PHONE not in page and "138****5678" in page
    assert [c.pk for c in response.context["page"]] == [recent.pk, old.pk]

    def names(**params):
        return [c.visitor_name for c in as_clerk_a.get(LIST, params).context["page"]]

    assert names(state="open") == ["赵六"]
    assert names(state="closed") == ["王五"]
    assert names(q="户口") == ["赵六"]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert names(date_from=since) == ["赵六"]
    assert names(date_to=since) == ["王五"]
    response = as_clerk_a.get(LIST, {"date_from": since, "date_to": "2000-01-01"})
    assert "结束日期不能早于开始日期。" in response.content.decode()


def test_it_keeps_centres_apart(as_clerk_b, county):
    c = consult(county.clerk_a)
    assert as_clerk_b.get(detail(c.pk)).status_code == 404
    assert as_clerk_b.post(detail(c.pk), {"action": "close", "outcome": "x"}).status_code == 404
    assert list(as_clerk_b.get(LIST).context["page"]) == []
    assert Consultation.objects.get(pk=c.pk).state == "open"


def test_it_keeps_agency_points_apart(client, county):
    agent_a2 = staff_with_login("agent_a2", Role.AGENT, agency_point=county.point_a2)
    at_a1 = consult(county.agent_a1)
    at_centre = consult(county.clerk_a)
    client.force_login(agent_a2.user)
    assert client.get(detail(at_a1.pk)).status_code == 404
    assert client.get(detail(at_centre.pk)).status_code == 404
    assert list(client.get(LIST).context["page"]) == []
    # The centre sees its points' consultations.
    client.force_login(county.director_a.user)
    assert {c.pk for c in client.get(LIST).context["page"]} == {at_a1.pk, at_centre.pk}


@pytest.mark.parametrize("role", [Role.COUNTY_ADMIN, Role.INSPECTOR])
def test_it_lets_county_roles_read_but_not_write(client, county, role):
    c = consult(county.clerk_a)
    client.force_login(county.users[role])
    assert client.get(LIST).status_code == 200
    assert client.get(detail(c.pk)).status_code == 200
    assert client.post(detail(c.pk), {"action": "close", "outcome": "x"}).status_code == 403
    assert client.post(detail(c.pk), {"action": "route", "window": county.window_a.pk}).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    assert Consultation.objects.get(pk=c.pk).state == "open"
    assert Consultation.objects.count() == 1


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_it_lists_in_a_constant_number_of_queries(client, county):
    item = listed_item(county)
    window = WindowFactory(centre=county.centre_a, number=2, name="综合窗口")
    client.force_login(county.director_a.user)
    consult(county.clerk_a, item=item)
    one = _list_queries(client)
    for n in range(9):
        actor = county.agent_a1 if n % 2 else county.clerk_a
        c = consult(actor, item=item, visitor_name=f"群众{n}")
        services.consultation_route(consultation=c, actor=actor, window=window, staff=county.clerk_a)
    assert _list_queries(client) == one
    client.force_login(county.users[Role.COUNTY_ADMIN])
    assert _list_queries(client) == one

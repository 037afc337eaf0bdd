"""Issue #5's journey in real Chromium: an agent registers a case at the point and forwards it; a
clerk at the centre confirms the hand-over, accepts it and prints the promise notice; the director
approves an extension; the clerk completes it and sends the result back; the agent delivers it."""

import re

import pytest

from bianmin.cases.models import Case
from bianmin.cases.tests.helpers import ID_1, listed_item
from bianmin.org.tests.factories import PASSWORD
from bianmin.workcalendar import services as calendar_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_case(journey, case):
    journey.goto(f"/cases/{case.pk}/")


def act(page, label: str, button: str | None = None):
    """Open the action's accordion item (unless already open) and submit its form."""
    header = page.locator(".accordion-button", has_text=re.compile(f"^\\s*{label}\\s*$"))
    if header.get_attribute("aria-expanded") != "true":
        header.click()
    panel = page.locator(f"#{header.get_attribute('aria-controls')}")
    panel.wait_for(state="visible")
    return panel


def test_it_runs_an_agency_case_from_the_village_to_delivery(journey, county):
    calendar_services.seed_from_package()
    listed_item(county)
    page = journey.page

    # 1. The agent of 一村 registers the application and hands it over to the centre.
    journey.login("agent_a1", PASSWORD)
    journey.goto("/cases/new/")
    page.get_by_label("查找事项").fill("dibao")
    page.get_by_role("link", name=re.compile("最低生活保障")).click()
    page.get_by_label("申请人姓名").fill("赵大娘")
    page.locator("#id_phone").fill("13912345678")
    page.locator("#id_id_number").fill(ID_1)
    for radio in page.locator("input[type=radio][value=received]").all():
        radio.check()
    assert page.get_by_label("登记后立即移交中心").is_checked()
    page.get_by_role("button", name="代办登记").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="代办移交单").is_visible()
    journey.screenshot("case-1-agent-handover-list")
    case = Case.objects.get()
    assert case.status == "in_transfer"

    # 2. The centre's clerk checks the hand-over list, accepts, and prints the promise notice.
    journey.login("clerk_a", PASSWORD)
    journey.goto("/cases/")
    page.get_by_role("link", name=case.receipt_number).click()
    panel = act(page, "确认接收移交")
    panel.get_by_role("button", name="确认接收移交").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("已核对并接收移交材料").is_visible()
    panel = act(page, "受理")
    panel.get_by_role("button", name="受理", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=re.compile("受理通知书")).is_visible()
    assert page.get_by_text("3611**********0016").first.is_visible()
    journey.screenshot("case-2-clerk-promise-notice")
    case.refresh_from_db()
    assert case.status == "handling" and case.due_at is not None
    first_due = case.due_at

    # The clerk asks for an extension, which only the director may approve.
    open_case(journey, case)
    panel = act(page, "申请延期")
    panel.get_by_label("延长工作日").fill("5")
    panel.get_by_label("理由").fill("需入户核实家庭收入")
    panel.get_by_role("button", name="申请延期").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("延期申请已提交中心主任审批").is_visible()

    # 3. The director approves the extension and gets the extension notice to print.
    journey.login("director_a", PASSWORD)
    open_case(journey, case)
    journey.screenshot("case-3-director-case-page")
    panel = act(page, "批准延期")
    panel.get_by_role("button", name="批准延期").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="延期办结告知书").is_visible()
    journey.screenshot("case-4-extension-notice")
    case.refresh_from_db()
    assert case.extended_days == 5 and case.due_at > first_due

    # 4. The clerk completes it and sends the result back to the point.
    journey.login("clerk_a", PASSWORD)
    open_case(journey, case)
    panel = act(page, "办结")
    panel.get_by_label("准予办理").check()
    panel.get_by_role("button", name="办结").click()
    page.wait_for_load_state("networkidle")
    panel = act(page, "结果送回代办点")
    panel.get_by_role("button", name="结果送回代办点").click()
    page.wait_for_load_state("networkidle")
    case.refresh_from_db()
    assert case.status == "result_at_point"

    # 5. The agent delivers the result and records the call-back.
    journey.login("agent_a1", PASSWORD)
    journey.goto("/cases/")
    page.get_by_role("link", name=case.receipt_number).click()
    panel = act(page, "送达")
    panel.get_by_role("button", name="送达").click()
    page.wait_for_load_state("networkidle")
    panel = act(page, "登记回访")
    panel.get_by_label("回访情况").fill("电话回访,群众表示满意")
    panel.get_by_role("button", name="登记回访").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("已送达").first.is_visible()
    journey.screenshot("case-5-agent-delivered")
    case.refresh_from_db()
    assert case.status == "delivered" and case.callback_note == "电话回访,群众表示满意"
    assert list(
        case.events.filter(from_status__isnull=False)
        .exclude(action__in=["notice", "callback"])
        .values_list("action", flat=True)
    ) == [
        "register_at_point",
        "hand_over",
        "confirm_handover",
        "accept",
        "request_extension",
        "approve_extension",
        "complete",
        "return_to_point",
        "deliver",
    ]
    journey.assert_clean()

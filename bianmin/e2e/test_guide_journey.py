"""The user guide's screenshots and the clerk's guide, followed in real Chromium on the demo county
(issue #14 point 3): a newcomer who does what docs/guide/clerk.md says, label by label, takes a case
from intake to completion; the screenshots of every role's guide are taken here, so they never go
stale (docs/guide/img/). The hall queue's part goes through the kiosk, the phone page and the booking
as a resident, every 「label」 of the clerk's 排队叫号 section as clerk_a, and the director's setup
and figures, on the demo's busy queue in 冰溪镇."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from bianmin.cases.models import Case
from bianmin.cases.tests.helpers import ID_1, PHONE
from bianmin.demo import yushan
from bianmin.guide.pages import GUIDE_DIR, IMAGE_DIR
from bianmin.hallqueue.models import Appointment, Ticket
from bianmin.org.models import Centre, Staff, Window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())


def shot(journey, name: str) -> Path:
    """A screenshot for the guide: the visible window (not the whole page), the same size each time."""
    IMAGE_DIR.mkdir(parents=True, exist_ok=True)
    path = IMAGE_DIR / f"{name}.png"
    journey.page.screenshot(path=str(path), full_page=False)
    return path


def guide_labels(*sections: str) -> list[str]:
    """The 「labels」 of the named sections of the clerk's guide, in the order the guide names them."""
    text = (GUIDE_DIR / "clerk.md").read_text(encoding="utf-8")
    labels = []
    for section in sections:
        body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
        labels += re.findall(r"「(.+?)」", body)
    return labels


class Newcomer:
    """Does only what a label on the screen says, and remembers which labels it used."""

    def __init__(self, journey) -> None:
        self.journey, self.page, self.used = journey, journey.page, []

    def _done(self, label: str) -> None:
        self.used.append(label)
        self.page.wait_for_load_state("networkidle")

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label).first.fill(value)
        self._done(label)

    def _named(self, role: str, label: str, scope):
        """The element named exactly ``label``, else the first whose name contains it (an icon glyph
        before the text, a search hit with its business line after it: those appear after typing)."""
        found = (scope or self.page).get_by_role(role, name=label, exact=True)
        return found.first if found.count() else (scope or self.page).get_by_role(role, name=label).first

    def link(self, label: str, *, scope=None) -> None:
        self._named("link", label, scope).click()
        self._done(label)

    def button(self, label: str, *, scope=None) -> None:
        self._named("button", label, scope).click()
        self._done(label)

    def choose_all(self, label: str) -> None:
        for radio in self.page.get_by_label(label, exact=True).all():
            radio.check()
        self._done(label)

    def choose(self, label: str, *, scope) -> None:
        radios = scope.get_by_label(label, exact=True)
        if radios.count():
            radios.first.check()
        else:  # a drop-down list: pick the option by its text
            scope.locator("select").first.select_option(label=label)
        self._done(label)

    def see(self, label: str) -> None:
        assert self.page.get_by_role("button", name=label).first.is_visible(), label
        self._done(label)

    def action(self, label: str):
        """Open the case page's action (accordion) named ``label``; returns its panel."""
        header = self.page.locator(".accordion-button", has_text=re.compile(f"^\\s*{label}\\s*$"))
        if header.get_attribute("aria-expanded") != "true":
            header.click()
        panel = self.page.locator(f"#{header.get_attribute('aria-controls')}")
        panel.wait_for(state="visible")
        self._done(label)
        return panel


def test_a_newcomer_follows_the_clerks_guide_from_intake_to_completion(journey, demo):
    me = Newcomer(journey)
    page = journey.page
    journey.goto("/login/")
    me.fill("用户名", "clerk_a")
    me.fill("密码", yushan.DEMO_PASSWORD)
    me.button("登录")
    me.link("我的待办")
    shot(journey, "clerk-1-queue")
    me.link("收件")
    me.fill("查找事项", "dibao")
    me.link("最低生活保障")
    me.fill("申请人姓名", "王秀英")
    me.fill("证件号码", ID_1)
    me.fill("联系电话", PHONE)
    me.choose_all("已收")
    shot(journey, "clerk-2-intake")
    me.button("提交收件")
    assert page.get_by_role("heading", name=re.compile("受理通知书")).is_visible()
    me.see("打印")
    shot(journey, "clerk-3-notice")
    me.link("返回办件")
    case = Case.objects.filter(applicant_name="王秀英").get()
    assert case.status == "handling"

    me.link("我的待办")
    page.get_by_role("link", name=case.receipt_number).first.click()
    page.wait_for_load_state("networkidle")
    shot(journey, "clerk-4-case")
    panel = me.action("办结")
    me.choose("准予办理", scope=panel)
    me.button("办结", scope=panel)
    panel = me.action("送达")
    me.choose("窗口自取", scope=panel)
    me.button("送达", scope=panel)
    case.refresh_from_db()
    assert case.status == "delivered"
    # The test did exactly what the guide says, in the guide's order, and nothing it does not say.
    assert me.used == guide_labels("登录", "从收件到办结")
    journey.assert_clean()


@pytest.fixture
def busy_demo(settings):
    """The demo with a few weeks' worth of cases, so the dashboards and reports have figures."""
    settings.DEMO_CASE_VOLUME = 0.04
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())


def test_it_takes_every_roles_guide_screenshots_on_the_demo_county(journey, busy_demo):
    page = journey.page
    journey.login("county_admin", yushan.DEMO_PASSWORD)
    shot(journey, "county-admin-1-home")
    journey.goto("/setup/")
    assert page.get_by_role("heading", name=re.compile("本县设置")).is_visible()
    shot(journey, "county-admin-2-setup")
    journey.goto(f"/org/staff/{Staff.objects.get(user__username='clerk_a').pk}/")
    assert page.get_by_role("button", name="重置密码").is_visible()
    shot(journey, "county-admin-3-staff")

    journey.login("inspector", yushan.DEMO_PASSWORD)
    journey.goto("/monitoring/")
    shot(journey, "inspector-1-monitoring")
    journey.goto("/supervision/inspections/")
    shot(journey, "inspector-2-inspections")

    journey.login("director_a", yushan.DEMO_PASSWORD)
    shot(journey, "director-1-home")
    journey.goto("/reports/")
    shot(journey, "director-2-report")

    journey.login("agent_a1", yushan.DEMO_PASSWORD)
    shot(journey, "agent-1-home")
    journey.goto("/cases/new/")
    page.get_by_label("查找事项").fill("dibao")
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=re.compile("最低生活保障")).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("申请人姓名").fill("李桂兰")
    page.locator("#id_id_number").fill(ID_1)
    page.locator("#id_phone").fill(PHONE)
    for radio in page.locator("input[type=radio][value=received]").all():
        radio.check()
    page.get_by_role("button", name="代办登记").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="代办移交单").is_visible()
    shot(journey, "agent-2-handover")

    page.context.clear_cookies()
    journey.goto("/public/")
    shot(journey, "public-1-home")
    journey.goto("/public/progress/")
    shot(journey, "public-2-progress")

    # The hall queue (seeded busy in 冰溪镇, where director_a and clerk_a work): a resident takes a
    # ticket for clerk_a's window, the clerk calls it, the director looks at the setup and figures.
    centre = Centre.objects.get(township__code=yushan.COUNTY["code"] + "100")
    window = Window.objects.get(staff__user__username="clerk_a")
    line = window.queue_lines.filter(is_active=True).order_by("sort_order").first()
    public_queue_shots(journey, centre, line.name)
    clerk_queue_shots(journey, window)
    director_queue_shots(journey)
    journey.assert_clean()


def public_queue_shots(journey, centre: Centre, line_name: str) -> None:
    """docs/guide/public.md 排队取号 and 网上预约: the kiosk, the phone page of a ticket, a booking."""
    page = journey.page
    page.context.clear_cookies()
    journey.goto(f"/kiosk/{centre.pk}/")
    page.locator(".tile", has_text="取号").first.click()
    page.wait_for_load_state("networkidle")
    page.locator(".queue-line", has_text=line_name).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="普通取号").is_visible()
    shot(journey, "public-3-kiosk-queue")
    page.get_by_role("button", name="老年人").click()
    page.wait_for_url(re.compile(rf"/kiosk/{centre.pk}/queue/ticket/[^/]+/"))
    page.wait_for_load_state("networkidle")
    ticket = Ticket.objects.filter(centre=centre, priority="elderly", source="kiosk").latest("taken_at")
    assert page.locator(".ticket-big").inner_text() == ticket.number
    assert page.get_by_role("button", name="重新打印").is_visible()
    shot(journey, "public-4-kiosk-ticket")
    # Someone else takes an ordinary number after her, so the window has a next one to call.
    journey.goto(f"/kiosk/{centre.pk}/queue/")
    page.locator(".queue-line", has_text=line_name).click()
    page.get_by_role("button", name="普通取号").click()
    page.wait_for_url(re.compile(rf"/kiosk/{centre.pk}/queue/ticket/[^/]+/"))
    page.wait_for_load_state("networkidle")

    # Her phone, after scanning the receipt's QR code.
    page.set_viewport_size({"width": 412, "height": 860})
    journey.goto(reverse("queue_public:ticket", args=[ticket.token]))
    assert page.get_by_text("您前面还有").is_visible()
    shot(journey, "public-5-queue-progress")
    page.set_viewport_size({"width": 1366, "height": 900})

    # 网上预约取号 from the portal's home page, then 取消预约.
    journey.goto("/public/")
    page.get_by_role("link", name="网上预约取号").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=centre.name).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=line_name, exact=True).click()
    page.wait_for_load_state("networkidle")
    page.locator("input[name=choice]").first.check()
    page.get_by_label("姓名").fill("张桂英")
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_label("手机号码").blur()
    page.get_by_role("heading", name="3. 选择时段并填写信息").evaluate("e => e.scrollIntoView()")
    shot(journey, "public-6-booking")
    page.get_by_role("button", name="提交预约").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="预约成功").is_visible()
    booking = Appointment.objects.get(name="张桂英")
    assert page.locator(".booking-code").inner_text() == booking.code
    page.get_by_role("button", name="取消预约").click()
    page.wait_for_load_state("networkidle")
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def clerk_queue_shots(journey, window: Window) -> None:
    """docs/guide/clerk.md 排队叫号, label by label: every 「label」 of the section is used here."""
    page = journey.page
    page.on("dialog", lambda dialog: dialog.accept())  # 过号 asks to confirm
    journey.login("clerk_a", yushan.DEMO_PASSWORD)
    me = Newcomer(journey)
    current = page.locator("#window-current")

    def act(label: str) -> Ticket | None:
        """A button of the window screen (htmx): wait for its answer; the window's ticket after it."""
        with page.expect_response(lambda r: "/act/" in r.url and r.request.method == "POST"):
            me.button(label, scope=current)
        page.wait_for_load_state("networkidle")
        return Ticket.objects.filter(window=window, status__in=("called", "serving")).first()

    me.link("排队叫号")
    me.link("我的窗口")
    # The seeded morning leaves a resident at this window whatever the hour (seed_queue._today).
    assert Ticket.objects.filter(window=window, status="serving").exists()
    assert act("办结") is None
    ticket = act("叫号(下一位)")
    assert ticket.status == "called" and ticket.is_priority  # 绿色通道 first (the kiosk's 老年人 number)
    for label in ("重呼", "开始办理", "过号", "办结", "办结并叫下一位", "转窗口"):
        assert current.get_by_role("button", name=label).first.is_visible(), label
    assert current.get_by_role("link", name="收件登记").is_visible()
    shot(journey, "clerk-5-window-calling")
    assert act("重呼").calls == 2
    assert act("开始办理").status == "serving"
    me.link("收件登记", scope=current)
    assert page.get_by_text(f"排队号 {ticket.number}").is_visible()
    page.go_back()
    page.wait_for_load_state("networkidle")
    nobody = act("办结并叫下一位")
    ticket.refresh_from_db()
    assert ticket.status == "done" and nobody.status == "called"
    assert act("过号") is None
    me.button("群众已回来,重新排队")
    nobody.refresh_from_db()
    assert nobody.status == "waiting"
    moved = act("叫号(下一位)")
    to = page.locator("#id_to_window option").nth(1).get_attribute("value")
    page.locator("#id_to_window").select_option(value=to)
    assert act("转窗口") is None
    moved.refresh_from_db()
    assert moved.status == "waiting" and moved.target_window_id == int(to)

    # 代取号 (绿色通道) at the guidance desk: the receipt page prints itself.
    me.link("排队叫号")
    # The overview shows "已叫 … 号" of the last 叫号: the window screen's htmx answer does not show
    # messages, so it waits for the next whole page. Close it, as the clerk would.
    for close in page.get_by_role("alert").get_by_role("button", name="关闭").all():
        close.click()
    page.mouse.move(5, 890)  # no button left hovered in the screenshot
    desk = page.locator("section", has_text="代取号")
    me.choose("绿色通道:残疾人", scope=desk.locator(".col-sm-4"))
    shot(journey, "clerk-6-issue-ticket")
    me.button("取号", scope=desk)
    assert page.locator(".receipt-line", has_text="残疾人").is_visible()
    me.see("打印取号单")
    me.link("返回排队叫号")
    missing = set(guide_labels("排队叫号")) - set(me.used)
    assert not missing, f"clerk.md 排队叫号 names labels the journey did not use: {missing}"


def director_queue_shots(journey) -> None:
    """docs/guide/director.md 排队叫号: the lines (取号业务设置) and the figures."""
    page = journey.page
    journey.login("director_a", yushan.DEMO_PASSWORD)
    page.get_by_role("link", name="排队叫号").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="取号业务设置").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="新增取号业务").is_visible()
    shot(journey, "director-3-queue-lines")
    page.get_by_role("link", name="排队叫号").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="统计").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("#queue-hour-chart canvas")
    shot(journey, "director-4-queue-figures")
    page.get_by_role("link", name="排队叫号").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="今日预约").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=re.compile("预约")).is_visible()

"""Issue #13's journey in real Chromium: an elderly resident takes a priority (绿色通道) ticket at the
kiosk and gets it printed; the clerk of window 3 calls it and the hall display shows it called to
window 3 and fetches the offline announcement; the clerk opens a case from the ticket and finishes
it. The display's calling panel swaps in place (one block, one timer) while it runs."""

import re

import pytest

from bianmin.cases.models import Case
from bianmin.cases.tests.helpers import ID_1, listed_item
from bianmin.e2e.conftest import Journey
from bianmin.hallqueue import audio, services
from bianmin.hallqueue.models import Ticket
from bianmin.hallqueue.tests.helpers import build_hall
from bianmin.org.tests.factories import PASSWORD
from bianmin.workcalendar import services as calendar_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def audio_dir(settings, tmp_path):
    settings.QUEUE_AUDIO_DIR = tmp_path / "queue-audio"


def test_a_priority_ticket_from_the_kiosk_to_a_finished_case(journey, county, browser, live_server):
    if audio.engine() is None:
        pytest.fail("未找到 espeak-ng:请安装 Debian 的 espeak-ng 软件包(.ci/run 会自动安装)。")
    calendar_services.seed_from_package()
    hall = build_hall(county)
    listed_item(county)
    centre = county.centre_a.pk
    ordinary = services.ticket_take(line=hall.line_a)  # someone came earlier, without priority
    page = journey.page

    # The hall's TV shows the display (its own browser window, 16:9) and polls the calls.
    display_context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="zh-CN")
    screen = Journey(display_context.new_page(), live_server.url)
    display = screen.page
    screen.goto(f"/display/{centre}/")
    display.wait_for_selector("#queue-calls")
    assert display.evaluate("Object.keys(window.bianminCalls.timers).length") == 2

    # 1. At the kiosk: 取号 → 民政 → 绿色通道 老年人; the ticket page prints itself.
    journey.goto(f"/kiosk/{centre}/")
    journey.screenshot("queue-1-kiosk-home")
    page.locator(".tile", has_text="取号").first.click()
    page.wait_for_url(re.compile(rf"/kiosk/{centre}/queue/$"))
    assert page.locator(".queue-line", has_text="民政").get_by_text("当前等候 1 人").is_visible()
    journey.screenshot("queue-2-kiosk-lines")
    page.locator(".queue-line", has_text="民政").click()
    page.get_by_role("button", name="老年人").click()
    page.wait_for_url(re.compile(rf"/kiosk/{centre}/queue/ticket/[^/]+/$"))  # ?print=1 dropped once printed
    ticket = Ticket.objects.get(priority="elderly")
    assert ticket.number == "A002" and ticket.source == "kiosk"
    assert page.locator(".ticket-big").inner_text() == "A002"
    assert page.locator(".receipt-ahead").inner_text() == "您前面还有 0 人等候"  # ahead of the ordinary A001
    journey.screenshot("queue-3-kiosk-ticket")
    # The receipt as the printer gets it: only the receipt, on an 80 mm page. (Reloading shows the
    # ticket without printing it again: the page dropped ?print=1 from its address.)
    page.reload()
    page.wait_for_load_state("networkidle")
    assert "print=1" not in page.url
    page.emulate_media(media="print")
    journey.screenshot("queue-4-receipt-print")
    assert not page.locator(".kiosk-head").is_visible() and page.locator(".receipt").is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert sizes and abs(float(sizes[0][0]) - 80 / 25.4 * 72) < 1  # 80 mm wide
    assert len(sizes) == 1  # one receipt, one page

    # 2. The clerk of window 3 (综合窗口, which also calls 民政) calls the next: the priority ticket.
    journey.login("clerk_a3", PASSWORD)
    journey.goto(f"/queue/windows/{hall.window_3.pk}/")
    assert page.get_by_text("A002(老年人)").is_visible()
    with display.expect_response(lambda r: "/audio/A002-3.wav" in r.url, timeout=20000) as spoken:
        page.get_by_role("button", name="叫号(下一位)").click()
        page.wait_for_selector("#window-current .current-number")
        assert page.locator("#window-current .current-number").inner_text() == "A002"
        journey.screenshot("queue-5-window-called")
    response = spoken.value
    assert response.status == 200 and response.headers["content-type"] == "audio/wav"
    assert response.body()[:4] == b"RIFF"

    # 3. The display shows it called to window 3, in place, and plays the announcement to its end
    # (a browser that blocks sound until touched shows a notice: one touch, as on the hall's TV).
    display.wait_for_selector(".call-latest .call-number:text('A002')")
    display.wait_for_function(
        "() => document.body.dataset.lastSpoken || document.querySelector('.sound-unlock:not([hidden])')",
        timeout=30000,
    )
    if display.locator(".sound-unlock").is_visible():
        display.mouse.click(5, 5)
    display.wait_for_function("() => document.body.dataset.lastSpoken", timeout=30000)
    event = ticket.events.get(action="call")
    assert display.evaluate("document.body.dataset.lastSpoken") == f"audio:{event.pk}"
    assert "请到 3 号窗口" in display.locator(".call-latest").inner_text()
    assert display.locator("#queue-calls").count() == 1
    display.wait_for_timeout(3500)  # one more poll: swapped again, not appended
    assert display.locator("#queue-calls").count() == 1 and display.locator(".call-latest").count() == 1
    assert int(display.evaluate("document.body.dataset.callsRefreshed")) >= 2
    screen.screenshot("queue-6-display")
    screen.assert_clean()
    display_context.close()

    # 4. The clerk opens a case from the ticket: the intake keeps to 民政, and the case is linked.
    page.get_by_role("link", name="收件登记").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("排队号 A002").is_visible()
    page.get_by_label("查找事项").fill("dibao")
    page.get_by_role("link", name=re.compile("最低生活保障")).click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("申请人姓名").fill("王大爷")
    page.locator("#id_phone").fill("13912345678")
    page.locator("#id_id_number").fill(ID_1)
    for radio in page.locator("input[type=radio][value=received]").all():
        radio.check()
    journey.screenshot("queue-7-intake-from-ticket")
    page.get_by_role("button", name=re.compile("收件")).first.click()
    page.wait_for_load_state("networkidle")
    case = Case.objects.get()
    ticket.refresh_from_db()
    assert ticket.case == case

    # 5. Back at the window: the case is shown with the ticket; 办结.
    journey.goto(f"/queue/windows/{hall.window_3.pk}/")
    assert page.get_by_role("link", name=case.receipt_number).is_visible()
    page.get_by_role("button", name="开始办理").click()
    page.wait_for_selector("#window-current .badge:text('办理中')")
    page.get_by_role("button", name=re.compile("办结$")).click()  # not 办结并叫下一位
    page.wait_for_selector("#window-current:has-text('本窗口当前空闲')")
    journey.screenshot("queue-8-window-finished")
    ticket.refresh_from_db()
    assert ticket.status == "done" and ticket.handle_seconds is not None
    assert Ticket.objects.get(pk=ordinary.pk).status == "waiting"
    journey.assert_clean()


def test_the_display_left_on_keeps_a_constant_page(journey, county):
    """A week on the hall's TV is many thousands of polls: every one swaps the panel in place, so
    the number of elements and timers stays the same, and a burst of calls queues at most six
    announcements (the oldest are dropped, never piled up)."""
    hall = build_hall(county)
    centre = county.centre_a.pk
    for _ in range(12):
        services.ticket_take(line=hall.line_a)
    services.ticket_call_next(window=hall.window_1, actor=county.clerk_a)
    page = journey.page
    journey.goto(f"/display/{centre}/")
    page.wait_for_selector("#queue-calls")
    count_nodes = "document.getElementsByTagName('*').length"

    def polls(n: int) -> None:
        before = int(page.evaluate("Number(document.body.dataset.callsRefreshed || 0)"))
        for _ in range(n):
            page.evaluate("window.bianminCalls.poll()")
            page.wait_for_function(
                "n => Number(document.body.dataset.callsRefreshed || 0) > n", arg=before, timeout=10000
            )
            before += 1

    polls(3)
    nodes = page.evaluate(count_nodes)
    polls(40)
    assert page.evaluate(count_nodes) == nodes
    assert page.locator("#queue-calls").count() == 1
    assert page.evaluate("Object.keys(window.bianminCalls.timers).length") == 2

    # Ten calls at once (a recall storm): the display queues six at most.
    page.evaluate("window.bianminCalls.player.muted = true")
    for window, clerk in ((hall.window_3, hall.clerk_3), (hall.window_1, county.clerk_a)):
        called = Ticket.objects.filter(window=window, status="called").first()
        if called is None:
            called = services.ticket_call_next(window=window, actor=clerk)
        for _ in range(5):
            services.ticket_recall(ticket=called, window=window, actor=clerk)
            called.refresh_from_db()
    polls(1)
    assert page.evaluate("window.bianminCalls.pending.length") <= 6
    journey.screenshot("queue-9-display-after-polls")
    journey.assert_clean()

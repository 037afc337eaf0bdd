"""The user guide's screenshots and the clerk's guide, followed in real Chromium on the demo county
(issue #14 point 3): a newcomer who does what docs/guide/clerk.md says, label by label, takes a case
from intake to completion; the screenshots of every role's guide are taken here, so they never go
stale (docs/guide/img/)."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from bianmin.cases.models import Case
from bianmin.cases.tests.helpers import ID_1, PHONE
from bianmin.demo import yushan
from bianmin.guide.pages import GUIDE_DIR, IMAGE_DIR
from bianmin.org.models import Staff

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
    journey.assert_clean()

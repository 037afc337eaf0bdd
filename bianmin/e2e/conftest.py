"""Browser journeys in real headless Chromium (Debian's package) driven by Playwright.

Never `playwright install`: the browser is /usr/bin/chromium. Every request that leaves the test
server is blocked and recorded, so a page that needs the internet (a CDN link) fails its test.
Screenshots are saved under test-artifacts/ for a person to look at.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bianmin.org.tests.factories import restore_reference_data

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("未找到 Chromium:请安装 Debian 的 chromium 软件包(.ci/run 会自动安装)。")
    return path


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the fixtures are
    # still synchronous and safe, so allow them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Browser tests run in real transactions and the database is flushed after each one, which
    also empties what migrations put there: put it back."""
    restore_reference_data()


class Journey:
    """A page plus what went wrong on it: off-server requests, failed responses, console errors."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.offline_violations: list[str] = []
        self.failures: list[str] = []
        host = urlparse(base_url).netloc
        page.route("**/*", lambda route: self._gate(route, host))
        page.on("response", lambda r: r.status >= 400 and self.failures.append(f"{r.status} {r.url}"))
        page.on("requestfailed", self._request_failed)
        page.on("console", lambda m: m.type == "error" and self.failures.append(f"console {m.text}"))
        page.on("pageerror", lambda e: self.failures.append(f"pageerror {e}"))

    def _request_failed(self, request) -> None:
        # A request the page itself dropped (an htmx search still running when the user follows a
        # link, navigation away) is aborted, not failed; real failures are errors or HTTP >= 400.
        if request.failure != "net::ERR_ABORTED":
            self.failures.append(f"failed {request.url} ({request.failure})")

    def _gate(self, route, host: str) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == host:
            route.continue_()
        else:
            self.offline_violations.append(route.request.url)
            route.abort()

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")

    def login(self, username: str, password: str) -> None:
        self.page.context.clear_cookies()  # a fresh session: journeys switch between users
        self.goto("/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_load_state("networkidle")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert self.offline_violations == [], f"页面请求了外部资源: {self.offline_violations}"
        assert self.failures == [], f"页面有加载失败或脚本错误: {self.failures}"


@pytest.fixture
def journey(browser, live_server):
    # Reduced motion: charts are drawn at once (echarts-setup.js), so a screenshot shows the figures.
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", reduced_motion="reduce")
    page = context.new_page()
    yield Journey(page, live_server.url)
    context.close()

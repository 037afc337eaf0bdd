"""Bad input on every form of the system (issue #12 point 3), driven by hypothesis over the POST
forms the demo county's pages really show: over-long and empty strings, control characters, emoji
and rare CJK characters, invalid ID numbers, dates and numbers, SQL and HTML/JS injection strings,
unknown choices and a program renamed as a PDF scan.

For every submission: no server error; when nothing was stored, the answer tells why in Chinese;
when something was stored, the page it leads to shows any markup it was given escaped (as text),
never as markup. Every submission runs in a savepoint rolled back afterwards.
"""

import re
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bianmin.core.tests.every_url.forms_html import Form, post_forms
from bianmin.core.tests.every_url.world import ROUTES, client_for, table_sizes, url_of

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = (
    "",
    "   ",
    "字" * 6000,
    "a\x00b",
    "a\x07b",
    "\u202eevil",
    "张三😀",
    "刘䶮𠀀",
    SCRIPT,
    IMG,
    "'; DROP TABLE cases_case; --",
    "1 OR 1=1",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31T25:61",
    "361123198001010017",  # a resident ID number with a wrong check digit
    "138123456789",  # twelve digits
)
# The roles tried for each page, most privileged first: the first that gets the page shows its forms.
ROLE_ORDER = ("county_admin", "director_a", "clerk_a", "agent_a1", "inspector", "anon")
CJK = re.compile(r"[\u4e00-\u9fff]")
ERROR_MARK = re.compile(
    r'class="[^"]*\b(invalid-feedback|alert-danger|text-danger|errorlist)\b[^"]*"[^>]*>\s*(<[^>]+>\s*)*[^<]*[\u4e00-\u9fff]'
)
DISGUISED = b"MZ\x90\x00\x03" + b"\x00" * 256  # a Windows program


@dataclass(frozen=True)
class Target:
    page: str
    role: str
    form: Form

    def __str__(self) -> str:
        return f"{self.form.action} ({self.role}, from {self.page})"


@pytest.fixture(scope="module")
def targets(world, sessions, django_db_blocker) -> list[Target]:
    """Every distinct POST form the demo county's pages show (by action and field names)."""
    found: dict[tuple, Target] = {}
    with django_db_blocker.unblock():
        for route in ROUTES:
            if route.name in ("logout", "password_change"):  # they end or change the session under test
                continue
            url = url_of(route, world)
            for role in ROLE_ORDER:
                cache.clear()
                with transaction.atomic():
                    response = client_for(sessions[role]).get(url)
                    transaction.set_rollback(True)
                if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                    for form in post_forms(response.content.decode(), url):
                        key = (form.action.split("?")[0], tuple(sorted(c.name for c in form.controls)))
                        found.setdefault(key, Target(url, role, form))
                    break
    return list(found.values())


def test_the_pass_reaches_the_forms_of_every_part_of_the_system(targets):
    actions = {t.form.action for t in targets}
    for part in ("/cases/", "/supervision/", "/operations/", "/org/", "/catalogue/", "/assessment/", "/public/"):
        assert any(part in action for action in actions), part
    assert len(targets) >= 40


def submission(target: Target, draw) -> tuple[dict, list[str]]:
    data = target.form.data()
    editable = target.form.text_controls + [c for c in target.form.controls if c.kind == "select"]
    changed = []
    if editable:
        for control in draw(st.lists(st.sampled_from(editable), min_size=1, max_size=3, unique_by=lambda c: c.name)):
            data[control.name] = draw(st.sampled_from(HOSTILE))
            changed.append(control.name)
    files = [c for c in target.form.controls if c.kind == "file"]
    if files and draw(st.booleans()):
        data[files[0].name] = SimpleUploadedFile("扫描件.pdf", DISGUISED, content_type="application/pdf")
        changed.append(files[0].name)
    return data, changed


EXAMPLES_PER_FORM = 5


def test_every_form_answers_hostile_input_in_chinese_and_stores_only_what_it_accepts(targets, sessions):
    for target in targets:
        check_form(target, sessions)


def check_form(target: Target, sessions: dict) -> None:
    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(data=st.data())
    def attempt(data):
        sent, changed = submission(target, data.draw)
        cache.clear()
        with transaction.atomic():
            before = table_sizes()
            response = client_for(sessions[target.role]).post(target.form.action, sent)
            status = response.status_code
            assert status != 500, f"{target}: server error for {changed}"
            html = ""
            if status == 302:
                html = client_for(sessions[target.role]).get(response["Location"]).content.decode(errors="replace")
            elif "text/html" in response.get("Content-Type", ""):
                html = response.content.decode(errors="replace")
            if status >= 400:
                body = response.content.decode(errors="replace")
                assert CJK.search(body), f"{target}: {status} without a Chinese message for {changed}"
            if status == 200 and ERROR_MARK.search(html):
                assert table_sizes() == before, f"{target}: refused {changed} but stored something"
            assert SCRIPT not in html and "<img src=x" not in html, f"{target}: markup from {changed} shown unescaped"
            transaction.set_rollback(True)

    attempt()

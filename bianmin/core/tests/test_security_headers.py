"""Security headers (issue #12 point 4): a Content-Security-Policy that allows only this site's own
files on every page — staff, public, print, errors — and templates that need nothing else (no
inline script, inline handler or style attribute; <style> blocks carry the request's nonce)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from bianmin.core.security import content_security_policy

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "core" / "static" / "bianmin"


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/public/", "/no-such-page/"])
def test_every_page_allows_only_its_own_origin(client, path):
    response = client.get(path)
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline script, no eval, no CDN
    assert policy["style-src"].startswith("'self' 'nonce-")
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_a_staff_page_and_its_style_blocks_share_a_fresh_nonce(as_clerk_a):
    first = as_clerk_a.get(reverse("cases:ledger"))
    second = as_clerk_a.get(reverse("cases:ledger"))
    nonce = directives(first)["style-src"].split("'nonce-")[1].rstrip("'")
    assert nonce != directives(second)["style-src"].split("'nonce-")[1].rstrip("'")
    assert len(nonce) >= 16


@pytest.mark.django_db
def test_a_public_page_prints_the_nonce_on_its_style_block(client):
    response = client.get(reverse("portal:home"))
    nonce = directives(response)["style-src"].split("'nonce-")[1].rstrip("'")
    assert f'<style nonce="{nonce}">' in response.content.decode()


@pytest.mark.django_db
def test_only_the_admin_may_use_inline_styles_and_never_inline_scripts(as_county_admin):
    response = as_county_admin.get("/admin/")
    policy = directives(response)
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"


def test_the_policy_is_one_line_of_known_directives():
    policy = content_security_policy("abc")
    assert "\n" not in policy
    assert policy.startswith("default-src 'self'; script-src 'self'; style-src 'self' 'nonce-abc';")


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_WITHOUT_NONCE = re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.IGNORECASE)


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "inline <script> (put it in a static .js file)"),
        (INLINE_HANDLER, "inline event handler (use app.js: data-autosubmit, data-confirm, data-print)"),
        (STYLE_ATTRIBUTE, "style attribute (use a class in app.css or the page's <style nonce> block)"),
        (STYLE_WITHOUT_NONCE, '<style> without nonce="{{ csp_nonce }}"'),
    ],
)
def test_no_template_needs_an_inline_exception(pattern, what):
    offenders = [
        f"{path.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in _templates()
        for text in [path.read_text(encoding="utf-8")]
        for m in pattern.finditer(text)
    ]
    assert offenders == [], f"{what}: {offenders}"


def test_our_scripts_do_not_evaluate_strings():
    for script in STATIC.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert "eval(" not in text and "new Function" not in text, script.name

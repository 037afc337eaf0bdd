"""本页说明 (issue #14 point 4): every named staff URL has a help entry or is declared not to be a
page; the base layout shows the entry, collapsed; the guide pages render for every role."""

import shutil
import subprocess

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bianmin.guide import help as registry
from bianmin.guide import pages
from bianmin.guide.views import pdf_bytes


def named_urls(patterns=None, namespace=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from named_urls(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


def test_every_staff_page_has_help_or_is_declared_not_a_page():
    names = set(named_urls())
    staff = {n for n in names if not n.startswith(registry.PUBLIC_PREFIXES) and n not in registry.PUBLIC_NAMES}
    missing = sorted(staff - set(registry.HELP) - registry.NOT_PAGES)
    assert missing == [], f"这些页面没有“本页说明”,请在 bianmin/guide/help.py 补上:{missing}"
    stale = sorted((set(registry.HELP) | registry.NOT_PAGES) - names)
    assert stale == [], f"help.py 中的这些名称已没有对应的 URL:{stale}"
    assert not set(registry.HELP) & registry.NOT_PAGES


def test_every_entry_says_what_the_page_is_for():
    for name, entry in registry.HELP.items():
        assert len(entry.text) >= 6, name


@pytest.mark.django_db
def test_the_layout_shows_the_pages_help_collapsed(as_clerk_a):
    html = as_clerk_a.get(reverse("cases:queue")).content.decode()
    assert '<details class="page-help' in html and "本页说明" in html
    assert registry.HELP["cases:queue"].text in html and "四(一)4(3) 限时办结制" in html


@pytest.mark.django_db
def test_the_help_menu_leads_to_the_users_own_guide(as_clerk_a):
    html = as_clerk_a.get(reverse("home")).content.decode()
    assert reverse("guide:index") in html and reverse("guide:page", args=["clerk"]) in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", pages.ROLES, ids=lambda r: r.slug)
def test_every_roles_guide_renders_with_its_screenshots(client, role):
    html = client.get(reverse("guide:page", args=[role.slug])).content.decode()
    assert "<h1" in html and role.title in html
    images = [part.split('"', 1)[0] for part in html.split('src="')[1:] if "/help/img/" in part.split('"', 1)[0]]
    assert images, "每份指南至少有一张截图"
    for src in images:
        name = src.rsplit("/", 1)[1]
        assert pages.image_path(name) is not None, f"截图 {name} 不存在:运行 bianmin/e2e/test_guide_journey.py 生成"


@pytest.mark.django_db
def test_it_serves_only_png_screenshots_from_the_guide(client):
    assert client.get(reverse("guide:image", args=["..%2F..%2Fmanage.py"])).status_code == 404
    assert client.get(reverse("guide:image", args=["nothing.png"])).status_code == 404


@pytest.mark.django_db
def test_the_clerks_guide_prints_as_a_pdf_with_chinese_text(as_clerk_a, tmp_path):
    response = as_clerk_a.get(reverse("guide:pdf", args=["clerk"]))
    assert response["Content-Type"] == "application/pdf"
    assert as_clerk_a.get(reverse("guide:pdf", args=["public"])).status_code == 404
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils 未安装")
    path = tmp_path / "clerk.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "从收件到办结" in text and "提交收件" in text


def test_the_agents_guide_pdf_is_built_from_the_same_page():
    assert pdf_bytes("agent").startswith(b"%PDF")

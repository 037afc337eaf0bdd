"""The touch kiosk (/kiosk/<centre>/, plan 四(一)2(3) 触摸查询机; issue #6 point 5): no login, big
buttons into the public portal in kiosk mode, and no way into the staff pages."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from bianmin.cases.tests.helpers import listed_item
from bianmin.catalogue.models import CentreItem
from bianmin.catalogue.tests.helpers import published_item
from bianmin.portal.views_kiosk import kiosk_home_for

pytestmark = pytest.mark.django_db


def kiosk(centre, name="screens:kiosk") -> str:
    return reverse(name, args=[centre.pk])


def links(html: str) -> list[str]:
    """Every place a touch could lead: link targets and form actions."""
    return re.findall(r'<a [^>]*href="([^"]*)"', html) + re.findall(r'<form [^>]*action="([^"]*)"', html)


def test_it_shows_the_start_page_with_big_buttons(client, county):
    response = client.get(kiosk(county.centre_a))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("办事指南", "办件进度查询", "评价", "中心介绍"):
        assert f'<span class="tile-title">{label}</span>' in html
    assert f'data-kiosk-home="{kiosk(county.centre_a)}"' in html and 'data-kiosk-idle="60"' in html
    assert "/static/bianmin/kiosk.js" in html
    pk = str(county.centre_a.pk)
    progress = [u for u in links(html) if u.startswith(reverse("portal:progress"))]
    assert len(progress) == 2  # 办件进度查询 and 评价 (the rating follows a lookup)
    assert all(parse_qs(urlsplit(u.replace("&amp;", "&")).query)["kiosk"] == [pk] for u in progress)
    assert reverse("portal:centre", args=[county.centre_a.pk]) + f"?kiosk={pk}" in html
    assert f'href="{kiosk(county.centre_a, "screens:kiosk_guides")}"' in html


def test_it_has_no_way_into_the_staff_pages(client, county):
    listed_item(county)
    for url in (kiosk(county.centre_a), kiosk(county.centre_a, "screens:kiosk_guides")):
        html = client.get(url).content.decode()
        targets = links(html)
        assert targets
        assert all(t.startswith(("/public/", "/kiosk/")) for t in targets), targets
        for staff in ("/login/", "/cases/", "/admin/", "/hall-notices/", "/org/", "/logout/"):
            assert staff not in html


def test_it_offers_a_search_made_for_the_on_screen_keyboard(client, county):
    html = client.get(kiosk(county.centre_a)).content.decode()
    search = re.search(r'<form class="kiosk-search"[^>]*action="([^"]*)".*?</form>', html, re.S)
    assert search.group(1) == reverse("portal:guides")
    form = search.group(0)
    for attribute in ('name="q"', 'inputmode="search"', 'enterkeyhint="search"', 'autocomplete="off"'):
        assert attribute in form
    assert (
        f'name="centre" value="{county.centre_a.pk}"' in form and f'name="kiosk" value="{county.centre_a.pk}"' in form
    )
    assert '<label class="visually-hidden" for="kiosk-q">' in form
    assert "min-height: 64px" in html and "min-height: 72px" in html  # touch targets


def test_it_lists_the_centres_business_lines_with_guides(client, county):
    listed_item(county)  # 民政, on both centres' lists
    published_item(code="YS-LD-001", line="劳动保障", name="失业登记", aliases="失业")
    jobs = published_item(code="YS-LD-002", line="劳动保障", name="就业登记", aliases="就业")
    CentreItem.objects.create(centre=county.centre_a, item=jobs)
    hidden = published_item(code="YS-LD-003", line="劳动保障", name="停用事项", aliases="停用")
    CentreItem.objects.create(centre=county.centre_a, item=hidden, is_active=False)
    response = client.get(kiosk(county.centre_a, "screens:kiosk_guides"))
    lines = [(line.name, line.guide_count) for line, url in response.context["lines"]]
    assert lines == [("民政", 1), ("劳动保障", 1)]
    line, url = response.context["lines"][1]
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == reverse("portal:guides")
    assert query == {"centre": [str(county.centre_a.pk)], "line": [str(line.pk)], "kiosk": [str(county.centre_a.pk)]}
    assert url.replace("&", "&amp;") in response.content.decode()
    assert [n for n, _ in lines] == ["民政", "劳动保障"]
    only_b = client.get(kiosk(county.centre_b, "screens:kiosk_guides")).context["lines"]
    assert [(line.name, line.guide_count) for line, _ in only_b] == [("民政", 1)]


def test_it_says_when_no_guides_are_listed(client, county):
    html = client.get(kiosk(county.centre_b, "screens:kiosk_guides")).content.decode()
    assert "办事指南正在整理中" in html and "返回首页" in html


@pytest.mark.parametrize(
    ("query", "idle"), [("?idle=2", "2"), ("?idle=0", "2"), ("?idle=abc", "60"), ("?idle=9999", "600")]
)
def test_it_takes_a_short_idle_time_for_tests(client, county, query, idle):
    html = client.get(kiosk(county.centre_a) + query).content.decode()
    assert f'data-kiosk-idle="{idle}"' in html


def test_it_keeps_an_explicit_idle_time_on_its_own_links(client, county):
    html = client.get(kiosk(county.centre_a) + "?idle=5").content.decode()
    assert f'href="{kiosk(county.centre_a, "screens:kiosk_guides")}?idle=5"' in html


def test_it_answers_404_for_unknown_or_closed_centres(client, county):
    assert client.get(reverse("screens:kiosk", args=[99999])).status_code == 404
    assert client.get(reverse("screens:kiosk_guides", args=[99999])).status_code == 404
    county.centre_b.is_active = False
    county.centre_b.save()
    assert client.get(kiosk(county.centre_b)).status_code == 404


def test_it_shows_no_staff_names_or_phones(client, county):
    county.centre_a.service_phone = "0793-2212345"
    county.centre_a.save()
    html = client.get(kiosk(county.centre_a)).content.decode()
    assert "0793-2212345" in html  # the centre's public service line
    for private in ("director_a", "clerk_a", "13800138000"):
        assert private not in html


def test_it_tells_public_pages_when_they_are_in_kiosk_mode():
    factory = RequestFactory()
    assert kiosk_home_for(factory.get("/public/progress/", {"kiosk": "7"})) == "/kiosk/7/"
    for value in ("", "abc", "-1", "7/../../login", "1" * 12):
        assert kiosk_home_for(factory.get("/public/progress/", {"kiosk": value})) is None
    assert kiosk_home_for(factory.get("/public/progress/")) is None
    tag = render_to_string("portal/kiosk_script.html", {"kiosk_home": "/kiosk/7/"})
    assert re.search(r'<script src="/static/bianmin/kiosk.js" data-kiosk-home="/kiosk/7/" defer></script>', tag)
    assert "<script" not in render_to_string("portal/kiosk_script.html", {})


def test_public_pages_opened_from_the_kiosk_stay_in_kiosk_mode(client, county):
    from django.urls import reverse

    centre = county.centre_a
    page = client.get(reverse("portal:progress"), {"kiosk": centre.pk}).content.decode()
    assert "bianmin/kiosk.js" in page and f'data-kiosk-home="/kiosk/{centre.pk}/"' in page
    assert "kiosk.js" not in client.get(reverse("portal:progress")).content.decode()

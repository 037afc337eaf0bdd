"""The public pages (issue #6 point 1; plan 四(一)2(1) 岗位公示, 四(一)4(6) 办事公开): home, centres directory,
a centre's page, guide search and guide pages, the 大字 switch. No login anywhere; only active, published
data; no staff-only or personal data; a constant number of queries; no external links.
"""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianmin.catalogue import services as catalogue_services
from bianmin.catalogue.models import CentreItem, Material, ServiceItem
from bianmin.core.roles import Role
from bianmin.org.models import AgencyPoint, BusinessLine, Staff, Window
from bianmin.org.tests import factories
from bianmin.portal import views_pages

pytestmark = pytest.mark.django_db

LOW_INCOME = "最低生活保障审核确认"
TEMPORARY = "临时救助"
DRAFT_ONLY = "草稿中的事项"
RETIRED = "已停用的事项"
OFF_BOARD = "不公示者"
RETIRED_CLERK = "已离岗者"


def guide_data(name: str, **overrides) -> dict:
    data = {
        "name": name,
        "item_type": "benefit",
        "department": "民政所",
        "handling_type": "promised",
        "statutory_limit_days": 30,
        "promised_limit_days": 15,
        "legal_basis": "《社会救助暂行办法》第十一条",
        "conditions": "共同生活的家庭成员人均收入低于当地最低生活保障标准。",
        "procedure": "提出申请\n窗口受理\n入户调查\n民主评议\n审核确认",
        "is_free": True,
        "fees": "",
        "fee_basis": "",
        "place": "甲镇便民服务中心民政窗口",
        "hours": "工作日 8:30-12:00,14:30-17:30",
        "consult_phone": "0793-2221234",
        "complaint_phone": "0793-2225678",
        "visits": 1,
        "online": True,
        "agency_allowed": True,
        "pending_allowed": False,
    }
    data.update(overrides)
    return data


MATERIALS = [
    {"name": "最低生活保障申请书", "form": "original", "copies": 1, "required": True, "notes": "本人签名"},
    {"name": "居民身份证", "form": "both", "copies": 1, "required": True},
    {"name": "收入证明", "form": "original", "copies": 2, "required": False, "pending_allowed": True},
]


def publish(code: str, name: str, actor, *, aliases: str = "", line: str = "民政", **overrides) -> ServiceItem:
    draft = catalogue_services.item_create(
        code=code,
        business_line=BusinessLine.objects.get(name=line),
        aliases=aliases,
        guide=guide_data(name, **overrides),
        actor=actor,
    )
    catalogue_services.materials_replace(version=draft, rows=MATERIALS)
    return catalogue_services.version_publish(version=draft, actor=actor).item


@pytest.fixture
def portal(county):
    """Centre A with contacts, two published items on its list, and things the public must not see."""
    centre = county.centre_a
    centre.address = "甲镇人民路1号"
    centre.opening_hours = "周一至周五 8:30-17:30"
    centre.service_phone = "0793-2220000"
    centre.complaint_phone = "0793-2229999"
    centre.commitments = "一次告知,限时办结"
    centre.duties = "负责本镇政务服务事项的受理和办理"
    centre.save()
    county.window_a.duties = "办理低保、临时救助等民政事项"
    county.window_a.save()
    county.clerk_a.phone = "13911112222"
    county.clerk_a.save()
    county.agent_a1.phone = "13933334444"
    county.agent_a1.save()

    actor = county.users[Role.COUNTY_ADMIN]
    low_income = publish("MZ-001", LOW_INCOME, actor, aliases="低保")
    temporary = publish(
        "MZ-002",
        TEMPORARY,
        actor,
        handling_type="immediate",
        statutory_limit_days=None,
        promised_limit_days=0,
        visits=0,
        is_free=False,
        fees="工本费每份5元",
        fee_basis="赣发改收费〔2018〕1号",
    )
    retired = publish("MZ-003", RETIRED, actor)
    catalogue_services.centre_list_set(
        centre=centre,
        entries=[(low_income, county.window_a), (temporary, county.window_a), (retired, county.window_a)],
    )
    ServiceItem.objects.filter(pk=retired.pk).update(is_active=False)
    draft_only = catalogue_services.item_create(
        code="MZ-004",
        business_line=BusinessLine.objects.get(name="民政"),
        aliases="",
        guide=guide_data(DRAFT_ONLY),
        actor=actor,
    ).item
    CentreItem.objects.create(centre=centre, item=draft_only, window=county.window_a)

    # Not for the public: an inactive centre, window and point, staff off the board or out of post.
    closed_town = factories.RegionFactory(code="361123299", name="撤并乡", parent=county.county)
    closed = factories.CentreFactory(township=closed_town, name="撤并乡便民服务中心", is_active=False)
    Window.objects.create(centre=centre, number=9, name="停用窗口", kind="comprehensive", is_active=False)
    AgencyPoint.objects.filter(pk=county.point_a2.pk).update(is_active=False)
    off_board = factories.StaffFactory(centre=centre, name=OFF_BOARD, on_post_board=False, phone="13955556666")
    gone = factories.StaffFactory(centre=centre, name=RETIRED_CLERK, is_active=False, phone="13977778888")
    county.window_a.staff.add(off_board, gone)
    return {
        "low_income": low_income,
        "temporary": temporary,
        "retired": retired,
        "draft_only": draft_only,
        "closed": closed,
    }


def get(client, name: str, *args, **params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def public_pages(county, portal) -> list[str]:
    return [
        reverse("portal:home"),
        reverse("portal:centres"),
        reverse("portal:centre", args=[county.centre_a.pk]),
        reverse("portal:guides"),
        reverse("portal:guides") + "?q=db",
        reverse("portal:guide", args=[portal["low_income"].pk]),
        reverse("portal:guide", args=[portal["temporary"].pk]),
    ]


# --- every page, anonymous ---------------------------------------------------------------------


def test_it_shows_every_page_without_login(client, county, portal):
    for url in public_pages(county, portal):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'href="/accounts/login' not in html
        assert "跳到正文" in html and 'id="main"' in html
        for label in ["首页", "便民服务中心", "办事指南", "进度查询", "投诉举报"]:
            assert label in html


def test_it_links_to_no_external_site(client, county, portal):
    for url in public_pages(county, portal):
        html = client.get(url).content.decode()
        targets = re.findall(r"""(?:href|src|action)=["']([^"']*)["']""", html)
        assert targets, url
        external = [t for t in targets if t.startswith(("http:", "https:", "//"))]
        assert external == [], (url, external)
        assert "http://" not in html and "https://" not in html, url


def test_it_links_the_home_page_to_the_four_services(client, county, portal):
    html = get(client, "portal:home")
    for name in ["portal:guides", "portal:progress", "portal:centres", "portal:complaint_new"]:
        assert f'href="{reverse(name)}"' in html
    for text in ["找办事指南", "查办件进度", "便民服务中心", "投诉举报"]:
        assert text in html
    assert f'action="{reverse("portal:guides")}"' in html
    assert f'href="{reverse("portal:guides")}?line={BusinessLine.objects.get(name="民政").pk}"' in html


# --- centres -----------------------------------------------------------------------------------


def test_it_lists_the_active_centres_with_contacts_and_hall_class(client, county, portal):
    html = get(client, "portal:centres")
    assert county.centre_a.name in html and county.centre_b.name in html
    assert "撤并乡便民服务中心" not in html
    for text in ["甲镇人民路1号", "周一至周五 8:30-17:30", 'href="tel:0793-2220000"', "示范型", "未达标"]:
        assert text in html
    assert f'href="{reverse("portal:centre", args=[county.centre_a.pk])}"' in html


def test_it_shows_the_centre_disclosure(client, county, portal):
    html = get(client, "portal:centre", county.centre_a.pk)
    for text in [
        "甲镇人民路1号",
        "周一至周五 8:30-17:30",
        'href="tel:0793-2220000"',
        'href="tel:0793-2229999"',
        "示范型",
        "一次告知,限时办结",
        "负责本镇政务服务事项的受理和办理",
        "1号",
        "民政窗口",
        "常驻窗口",
        "办理低保、临时救助等民政事项",
        "一村便民服务代办点",
    ]:
        assert text in html, text


def test_it_shows_the_post_board_with_full_work_phones(client, county, portal):
    html = get(client, "portal:centre", county.centre_a.pk)
    board = html.split('id="board"')[1].split('id="points"')[0]
    # 四(一)2(1): name, post, position and the full work phone; the director comes first.
    assert board.index("director_a") < board.index("clerk_a")
    assert "中心主任" in board and "民政窗口" in board
    assert 'href="tel:13911112222"' in board
    assert "avatar" in board  # no photo: the surname stands in
    points = html.split('id="points"')[1].split('id="items"')[0]
    assert "agent_a1" in points and "代办员" in points and "13933334444" in points


def test_it_shows_the_staff_photo_on_the_board(client, county, portal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    county.clerk_a.photo = SimpleUploadedFile("clerk.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    county.clerk_a.save()
    html = get(client, "portal:centre", county.centre_a.pk)
    assert f'src="{county.clerk_a.photo.url}"' in html
    assert 'alt="clerk_a的照片"' in html


def test_it_lists_the_centre_items_by_business_line_with_links(client, county, portal):
    html = get(client, "portal:centre", county.centre_a.pk)
    items = html.split('id="items"')[1]
    assert "民政" in items
    for item in (portal["low_income"], portal["temporary"]):
        assert f'href="{reverse("portal:guide", args=[item.pk])}?centre={county.centre_a.pk}"' in items
    assert f'href="{reverse("portal:guides")}?centre={county.centre_a.pk}"' in items


def test_it_hides_what_is_not_public_on_the_centre_page(client, county, portal):
    html = get(client, "portal:centre", county.centre_a.pk)
    for text in [OFF_BOARD, RETIRED_CLERK, "13955556666", "13977778888", "停用窗口", "二村便民服务代办点"]:
        assert text not in html, text
    for text in [RETIRED, DRAFT_ONLY]:
        assert text not in html, text
    # The hall's kiosk and display screen are not advertised to the public.
    assert "/kiosk/" not in html and "/display/" not in html


def test_it_404s_an_inactive_or_unknown_centre(client, portal):
    assert client.get(reverse("portal:centre", args=[portal["closed"].pk])).status_code == 404
    assert client.get(reverse("portal:centre", args=[999999])).status_code == 404


# --- guides ------------------------------------------------------------------------------------


def test_it_shows_every_disclosure_item_of_a_guide(client, county, portal):
    html = get(client, "portal:guide", portal["low_income"].pk)
    for text in [
        LOW_INCOME,
        "《社会救助暂行办法》第十一条",
        "共同生活的家庭成员人均收入低于当地最低生活保障标准。",
        "最低生活保障申请书",
        "本人签名",
        "原件和复印件",
        "可容缺",
        "提出申请",
        "审核确认",
        "承诺件",
        "30 个工作日",
        "15 个工作日",
        "不收费",
        "甲镇便民服务中心民政窗口",
        "工作日 8:30-12:00,14:30-17:30",
        'href="tel:0793-2221234"',
        'href="tel:0793-2225678"',
        "最多跑一次",
        "可以网上办理",
        "可由村(社区)便民服务代办点代办",
        "民政所",
        f'href="{reverse("portal:complaint_new")}"',
        f'href="{reverse("portal:progress")}"',
        f'href="{reverse("portal:centre", args=[county.centre_a.pk])}"',
    ]:
        assert text in html, text


def test_it_names_the_window_of_the_centre_the_visitor_came_from(client, county, portal):
    html = get(client, "portal:guide", portal["low_income"].pk, centre=county.centre_a.pk)
    assert "<strong>1号窗口(民政窗口)</strong>办理" in html
    html = get(client, "portal:guide", portal["low_income"].pk, centre="x")
    assert "</strong>办理" not in html


def test_it_falls_back_to_the_centre_phones_when_the_guide_has_none(client, county, portal):
    from bianmin.catalogue.models import GuideVersion

    GuideVersion.objects.filter(pk=portal["low_income"].current_id).update(consult_phone="", complaint_phone="")
    html = get(client, "portal:guide", portal["low_income"].pk, centre=county.centre_a.pk)
    assert 'href="tel:0793-2220000"' in html and 'href="tel:0793-2229999"' in html
    html = get(client, "portal:guide", portal["low_income"].pk)
    assert "办理中心的服务电话" in html


def test_it_shows_fees_and_their_basis(client, portal):
    html = get(client, "portal:guide", portal["temporary"].pk)
    for text in ["即办件", "当场办结", "工本费每份5元", "赣发改收费〔2018〕1号", "全程网办"]:
        assert text in html, text
    assert "不收费" not in html


def test_it_links_the_blank_form_and_the_sample(client, portal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    material = Material.objects.get(version=portal["low_income"].current, position=1)
    material.blank_form = SimpleUploadedFile("申请书.docx", b"form")
    material.sample = SimpleUploadedFile("申请书样本.pdf", b"%PDF-1.4")
    material.save()
    html = get(client, "portal:guide", portal["low_income"].pk)
    assert f'href="{material.blank_form.url}"' in html and "下载空白表格" in html
    assert f'href="{material.sample.url}"' in html and "下载示范文本" in html


def test_it_404s_inactive_and_unpublished_items(client, portal):
    for key in ("retired", "draft_only"):
        assert client.get(reverse("portal:guide", args=[portal[key].pk])).status_code == 404, key


def test_it_finds_a_guide_by_pinyin_initials(client, portal):
    html = get(client, "portal:guides", q="lsjz")
    assert TEMPORARY in html and "拼音首字母" in html
    assert f'href="{reverse("portal:guide", args=[portal["temporary"].pk])}"' in html
    assert LOW_INCOME not in html
    html = get(client, "portal:guides", q="dibao")
    assert LOW_INCOME in html and TEMPORARY not in html


def test_it_searches_only_published_active_items(client, portal):
    html = get(client, "portal:guides")
    assert LOW_INCOME in html and TEMPORARY in html
    assert RETIRED not in html.split('id="guide-results"')[1] and DRAFT_ONLY not in html


def test_it_filters_the_search_by_centre_and_line(client, county, portal):
    html = get(client, "portal:guides", centre=county.centre_b.pk)
    results = html.split('id="guide-results"')[1]
    assert LOW_INCOME not in results and "共找到 0 项" in results
    html = get(client, "portal:guides", centre=county.centre_a.pk, q="db")
    assert LOW_INCOME in html.split('id="guide-results"')[1]
    other_line = BusinessLine.objects.exclude(name="民政").first()
    html = get(client, "portal:guides", line=other_line.pk)
    assert "共找到 0 项" in html


def test_it_ignores_filters_it_cannot_use(client, portal):
    for params in [{"centre": "abc"}, {"line": "-1"}, {"centre": str(portal["closed"].pk)}, {"line": "99999"}]:
        html = get(client, "portal:guides", **params)
        assert LOW_INCOME in html, params


def test_it_answers_htmx_with_the_results_only(client, portal):
    response = client.get(reverse("portal:guides"), {"q": "db"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert LOW_INCOME in html and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_it_throttles_the_search(client, portal):
    url = reverse("portal:guides")
    for _ in range(views_pages.SEARCH_LIMIT_PER_MINUTE):
        assert client.get(url, {"q": "db"}).status_code == 200
    response = client.get(url, {"q": "db"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "操作过于频繁" in html and LOW_INCOME not in html
    response = client.get(url, {"q": "db"}, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps no 4xx: the live results say it instead
    assert "操作过于频繁" in response.content.decode()


# --- no staff-only or personal data ------------------------------------------------------------


def test_it_shows_no_case_or_applicant_data(client, county, portal):
    from bianmin.cases import services as case_services
    from bianmin.cases.tests.helpers import ALL_RECEIVED, ID_1, PHONE, applicant, listed_item
    from bianmin.workcalendar import services as calendar_services

    calendar_services.seed_from_package()
    item = listed_item(county, code="YS-MZ-101", name="测试办件事项")
    case = case_services.case_register(
        actor=county.clerk_a, item=item, applicant=applicant(name="欧阳娜娜"), materials=ALL_RECEIVED
    )
    for url in public_pages(county, portal):
        html = client.get(url).content.decode()
        for secret in ["欧阳娜娜", ID_1, PHONE, case.receipt_number, case.public_code, "一村3组"]:
            assert secret not in html, (url, secret)


# --- 大字 switch ---------------------------------------------------------------------------------


def test_it_switches_to_large_text_and_back(client, county, portal):
    target = reverse("portal:centre", args=[county.centre_a.pk])
    assert 'class="text-large"' not in get(client, "portal:centre", county.centre_a.pk)
    response = client.get(reverse("portal:text_size"), {"size": "large", "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert response.cookies[views_pages.TEXT_SIZE_COOKIE].value == "large"
    html = get(client, "portal:centre", county.centre_a.pk)
    assert '<html lang="zh-CN" class="text-large">' in html
    assert re.search(r'size=large[^"]*" aria-current="true">大字', html)
    client.get(reverse("portal:text_size"), {"size": "standard", "next": target})
    assert 'class="text-large"' not in get(client, "portal:home")


def test_it_offers_the_switch_as_a_plain_link_back_to_the_page(client, portal):
    html = get(client, "portal:guides", q="db")
    # The path only: a query string (a progress lookup's number and phone digits) is never echoed.
    assert f'href="{reverse("portal:text_size")}?size=large&amp;next=/public/guides/"' in html


def test_it_does_not_redirect_to_another_site(client):
    for target in ["https://example.com/", "//example.com/", "javascript:alert(1)", ""]:
        response = client.get(reverse("portal:text_size"), {"size": "large", "next": target})
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:home"), target


def test_it_ignores_an_unknown_size(client):
    response = client.get(reverse("portal:text_size"), {"size": "huge", "next": "/public/"})
    assert response.status_code == 302 and views_pages.TEXT_SIZE_COOKIE not in response.cookies


# --- queries -----------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_it_keeps_the_centre_page_queries_constant(client, county, portal):
    url = reverse("portal:centre", args=[county.centre_a.pk])
    before = count_queries(client, url)
    centre = county.centre_a
    actor = county.users[Role.COUNTY_ADMIN]
    for i in range(5):
        clerk = factories.StaffFactory(centre=centre, name=f"窗口员{i}", post="综合窗口", position="科员")
        factories.WindowFactory(centre=centre, number=20 + i, duties="综合受理").staff.add(clerk, county.clerk_a)
        village = factories.village(centre.township, f"{300 + i}", f"新{i}村")
        point = AgencyPoint.objects.create(village=village, centre=centre, name=f"新{i}村代办点", area=Decimal("30"))
        factories.StaffFactory(role=Role.AGENT, agency_point=point, name=f"代办员{i}", post="代办员")
    extra = [publish(f"LD-{i:03d}", f"劳动事项{i}", actor, line="劳动保障") for i in range(5)]
    catalogue_services.centre_list_set(
        centre=centre,
        entries=[(item, county.window_a) for item in [portal["low_income"], portal["temporary"], *extra]],
    )
    assert Staff.objects.filter(centre=centre).count() > 8
    assert count_queries(client, url) == before


def test_it_keeps_the_centre_list_queries_constant(client, county, portal):
    url = reverse("portal:centres")
    before = count_queries(client, url)
    for _ in range(5):
        factories.CentreFactory(township=factories.RegionFactory(parent=county.county))
    assert count_queries(client, url) == before


def test_it_keeps_the_search_queries_constant(client, county, portal):
    url = reverse("portal:guides") + f"?centre={county.centre_a.pk}"
    before = count_queries(client, url)
    actor = county.users[Role.COUNTY_ADMIN]
    extra = [publish(f"LD-{i:03d}", f"劳动事项{i}", actor, line="劳动保障") for i in range(5)]
    catalogue_services.centre_list_set(
        centre=county.centre_a, entries=[(item, county.window_a) for item in [portal["low_income"], *extra]]
    )
    assert count_queries(client, url) == before


# --- printed guides ----------------------------------------------------------------------------


def test_it_points_the_printed_guide_qr_code_to_the_public_guide(rf, portal, settings):
    from bianmin.catalogue.views_print import guide_url

    settings.PUBLIC_BASE_URL = "https://bm.example.gov.cn/"
    item = portal["low_income"]
    assert guide_url(rf.get("/"), item) == f"https://bm.example.gov.cn/public/guides/{item.pk}/"


def test_it_loads_htmx_locally_on_the_search_page_only(client, portal):
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', get(client, "portal:guides"))
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert "<script" not in get(client, "portal:home")

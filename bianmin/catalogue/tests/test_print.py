"""Printable guides and the centre's 便民服务指南 (plan 四(一)2(3), 附件 "便民服务指南").

The PDFs are checked with poppler's tools (Debian poppler-utils): ``pdffonts`` for an embedded CJK
font, ``pdftotext`` for the Chinese text coming back, ``pdfinfo`` for the page count.
"""

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianmin.catalogue import handbook, services
from bianmin.core.downloads import attachment_header
from bianmin.core.roles import Role
from bianmin.org.models import BusinessLine

LOW_INCOME = "最低生活保障审核确认"


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
        "procedure": "申请\n受理\n入户调查\n民主评议\n审核确认",
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
        "pending_allowed": True,
        "pending_note": "户口簿可后补",
    }
    data.update(overrides)
    return data


MATERIALS = [
    {"name": "最低生活保障申请书", "form": "original", "copies": 1, "required": True, "notes": "本人签名"},
    {"name": "居民身份证", "form": "both", "copies": 1, "required": True},
    {"name": "户口簿", "form": "copy", "copies": 1, "required": True, "pending_allowed": True},
    {"name": "收入证明", "form": "original", "copies": 1, "required": False},
]


def publish(code: str, name: str, actor, **overrides):
    draft = services.item_create(
        code=code,
        business_line=BusinessLine.objects.get(name="民政"),
        aliases="低保",
        guide=guide_data(name, **overrides),
        actor=actor,
    )
    services.materials_replace(version=draft, rows=MATERIALS)
    return services.version_publish(version=draft, actor=actor)


def add_items(county, start: int, count: int) -> None:
    """Publish ``count`` more items and put them all on centre A's list at window A."""
    actor = county.users[Role.COUNTY_ADMIN]
    for i in range(start, start + count):
        publish(f"MZ-{i:03d}", f"测试事项{i:02d}", actor)
    from bianmin.catalogue.models import ServiceItem

    services.centre_list_set(
        centre=county.centre_a, entries=[(item, county.window_a) for item in ServiceItem.objects.all()]
    )


@pytest.fixture
def catalogue(county):
    """Centre A with contact data and two published items on its implementation list."""
    centre = county.centre_a
    centre.address = "甲镇人民路1号"
    centre.opening_hours = "周一至周五 8:30-17:30"
    centre.service_phone = "0793-2220000"
    centre.complaint_phone = "0793-2229999"
    centre.duties = "负责本镇政务服务事项的受理和办理\n负责代办点的业务指导"
    centre.commitments = "一次告知,限时办结"
    centre.save()
    county.window_a.duties = "办理低保、临时救助等民政事项"
    county.window_a.save()
    actor = county.users[Role.COUNTY_ADMIN]
    low_income = publish("MZ-001", LOW_INCOME, actor)
    temporary = publish(
        "MZ-002",
        "临时救助",
        actor,
        handling_type="immediate",
        statutory_limit_days=None,
        promised_limit_days=0,
        visits=0,
        is_free=False,
        fees="工本费每份5元",
        fee_basis="赣发改收费〔2018〕1号",
    )
    services.centre_list_set(
        centre=centre, entries=[(low_income.item, county.window_a), (temporary.item, county.window_a)]
    )
    return {"low_income": low_income, "temporary": temporary}


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def pdf_pages(tmp_path, pdf: bytes) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    count = int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(path)), re.M).group(1))
    pages = run("pdftotext", "-layout", str(path), "-").split("\f")[:count]
    assert len(pages) == count
    return pages


def save_artifact(name: str, content: bytes) -> None:
    """Keep a rendered PDF for a human to look at (BIANMIN_PRINT_ARTIFACTS=<dir>)."""
    directory = os.environ.get("BIANMIN_PRINT_ARTIFACTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        (Path(directory) / name).write_bytes(content)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- one guide ---------------------------------------------------------------------------------


def test_it_prints_every_disclosure_field_of_a_guide(as_clerk_a, catalogue):
    item = catalogue["low_income"].item
    response = as_clerk_a.get(reverse("catalogue:item_print", args=[item.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        LOW_INCOME,
        "MZ-001",
        "行政给付",
        "民政所",
        "承诺件",
        "法定时限:30个工作日",
        "承诺时限:15个工作日",
        "《社会救助暂行办法》第十一条",
        "人均收入低于当地最低生活保障标准",
        "最低生活保障申请书",
        "原件和复印件",
        "本人签名",
        "可容缺",
        "<li>入户调查</li>",
        "不收费",
        "甲镇便民服务中心民政窗口",
        "工作日 8:30-12:00",
        "1次(最多跑一次)",
        "0793-2221234",
        "0793-2225678",
        "可在村(社区)便民服务代办点代办",
        "可容缺受理:户口簿可后补",
        "扫码查看网上办事指南",
        "data:image/png;base64,",
        "第1版",
        "下载PDF",
    ]:
        assert text in html, text
    for header in ["序号", "材料名称", "形式", "份数", "必需", "备注"]:
        assert f">{header}</th>" in html
    assert "@media print" in html


def test_it_prints_an_immediate_fee_charging_online_guide(as_clerk_a, catalogue):
    response = as_clerk_a.get(reverse("catalogue:item_print", args=[catalogue["temporary"].item.pk]))
    html = response.content.decode()
    assert "承诺时限:当场办结" in html
    assert "0次(全程网办)" in html
    assert "收费标准:工本费每份5元" in html
    assert "收费依据:赣发改收费〔2018〕1号" in html


def test_it_answers_404_for_an_item_without_a_published_guide(as_clerk_a, county):
    draft = services.item_create(
        code="MZ-900",
        business_line=BusinessLine.objects.get(name="民政"),
        guide=guide_data("只有草稿的事项"),
        actor=county.users[Role.COUNTY_ADMIN],
    )
    for name in ("catalogue:item_print", "catalogue:item_pdf"):
        assert as_clerk_a.get(reverse(name, args=[draft.item.pk])).status_code == 404
    assert as_clerk_a.get(reverse("catalogue:item_print", args=[999999])).status_code == 404


def test_it_requires_login_for_print_pages(client, catalogue, county):
    item = catalogue["low_income"].item
    for url in (
        reverse("catalogue:item_print", args=[item.pk]),
        reverse("catalogue:item_pdf", args=[item.pk]),
        reverse("catalogue:handbook", args=[county.centre_a.pk]),
        reverse("catalogue:handbook_pdf", args=[county.centre_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_it_renders_a_guide_pdf_with_an_embedded_cjk_font(as_clerk_a, catalogue, tmp_path):
    item = catalogue["low_income"].item
    response = as_clerk_a.get(reverse("catalogue:item_pdf", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")

    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf)
    fonts = run("pdffonts", str(path)).splitlines()[2:]  # two header lines
    cjk = [line for line in fonts if "CJK" in line or "WenQuanYi" in line]
    assert cjk, fonts
    # Columns: name type encoding emb sub uni object ID; emb and sub are "yes" for a subset.
    assert all(line.split()[-5] == "yes" for line in cjk), cjk

    text = squeeze(run("pdftotext", str(path), "-"))
    assert LOW_INCOME in text
    assert "申请材料" in text
    assert "最低生活保障申请书" in text
    assert "第1页共1页" in text  # a usual guide fits one A4 page; the footer is drawn in the CJK font


def test_it_names_the_pdf_in_chinese(as_clerk_a, catalogue):
    item = catalogue["low_income"].item
    response = as_clerk_a.get(reverse("catalogue:item_pdf", args=[item.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f'filename="guide-{item.pk}.pdf"' in disposition  # ASCII fallback for old clients
    encoded = re.search(r"filename\*=UTF-8''(\S+)$", disposition).group(1)
    assert encoded.isascii()
    assert unquote(encoded, encoding="utf-8") == f"{LOW_INCOME}办事指南.pdf"


def test_it_keeps_unsafe_characters_out_of_the_download_name():
    header = attachment_header('a/b\\c"d\r\n.pdf', "x y.pdf")
    assert "\r" not in header and "\n" not in header
    assert 'filename="x_y.pdf"' in header
    assert unquote(header.split("''", 1)[1]) == "a_b_c_d_.pdf"


def test_it_links_the_qr_code_to_the_public_guide_page(rf, catalogue, settings):
    from bianmin.catalogue.views_print import guide_url

    item = catalogue["low_income"].item
    request = rf.get("/")
    assert guide_url(request, item) == settings.PUBLIC_BASE_URL.rstrip("/") + f"/public/guides/{item.pk}/"
    uri = handbook.qr_png_data_uri(guide_url(request, item))
    assert uri.startswith("data:image/png;base64,iVBORw0KGgo")  # the PNG signature, base64


# --- the centre's handbook ---------------------------------------------------------------------


def test_it_prints_the_centre_handbook(as_director_a, catalogue, county):
    response = as_director_a.get(reverse("catalogue:handbook", args=[county.centre_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        county.centre_a.name,
        "便民服务指南",
        "目录",
        'href="#item-',
        "target-counter(attr(href), page)",
        "一、中心简介",
        "甲镇人民路1号",
        "周一至周五 8:30-17:30",
        "0793-2220000",
        "0793-2229999",
        "负责代办点的业务指导",
        "一次告知,限时办结",
        "首问负责制",
        "一次性告知制",
        "限时办结制",
        "办事公开制",
        "授权负责制",
        "办理低保、临时救助等民政事项",
        "clerk_a",
        "director_a",
        "中心主任",
        LOW_INCOME,
        "临时救助",
        "1号窗口 民政窗口",
    ]:
        assert text in html, text
    assert html.count('class="page-break"') == 2 + 2  # profile, windows + one per item


def test_it_renders_the_handbook_pdf_one_item_per_page(as_director_a, catalogue, county, tmp_path):
    add_items(county, 3, 2)  # four items in all
    response = as_director_a.get(reverse("catalogue:handbook_pdf", args=[county.centre_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    save_artifact("handbook.pdf", response.content)
    pages = [squeeze(page) for page in pdf_pages(tmp_path, response.content)]

    cover, contents, profile, windows, *items = pages
    assert county.centre_a.name in cover and "便民服务指南" in cover and "第1页" not in cover
    assert "目录" in contents and "五、服务事项(共4项)" in contents
    assert "一、中心简介" in profile and "二、服务规范" in profile
    assert "三、窗口职责" in windows and "四、工作人员及联系方式" in windows
    names = [LOW_INCOME, "临时救助", "测试事项03", "测试事项04"]
    assert len(items) == len(names)
    for page, name in zip(items, names, strict=True):
        assert sum(n in page for n in names) == 1, page  # exactly one item on the page
        assert name in page
        assert "申请材料" in page
    assert f"第{len(pages)}页共{len(pages)}页" in pages[-1]
    # The contents lead to the item pages: the page number of the first item is printed there.
    assert re.search(re.escape("五、服务事项(共4项)") + r"\.*5", contents), contents


def test_it_names_the_handbook_pdf_after_the_centre(as_director_a, catalogue, county):
    response = as_director_a.get(reverse("catalogue:handbook_pdf", args=[county.centre_a.pk]))
    encoded = re.search(r"filename\*=UTF-8''(\S+)$", response["Content-Disposition"]).group(1)
    assert unquote(encoded) == f"{county.centre_a.name}便民服务指南.pdf"


def test_it_hides_another_centres_handbook(as_clerk_b, catalogue, county):
    for name in ("catalogue:handbook", "catalogue:handbook_pdf"):
        assert as_clerk_b.get(reverse(name, args=[county.centre_a.pk])).status_code == 404
    assert as_clerk_b.get(reverse("catalogue:handbook", args=[county.centre_b.pk])).status_code == 200


def test_it_lets_the_county_read_every_handbook(as_county_admin, catalogue, county):
    assert as_county_admin.get(reverse("catalogue:handbook", args=[county.centre_a.pk])).status_code == 200


def test_it_leaves_inactive_lines_out_of_the_handbook(as_director_a, catalogue, county):
    services.centre_list_set(centre=county.centre_a, entries=[(catalogue["low_income"].item, county.window_a)])
    html = as_director_a.get(reverse("catalogue:handbook", args=[county.centre_a.pk])).content.decode()
    assert LOW_INCOME in html
    assert "MZ-002" not in html


def test_it_reads_the_handbook_in_a_constant_number_of_queries(as_director_a, catalogue, county):
    url = reverse("catalogue:handbook", args=[county.centre_a.pk])

    def count() -> int:
        as_director_a.get(url)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            response = as_director_a.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    with_two = count()
    add_items(county, 3, 4)
    for i in range(2, 5):  # more windows with staff, more staff on the post board
        window = county.window_a.__class__.objects.create(
            centre=county.centre_a, number=i, name=f"{i}号综合窗口", kind="comprehensive"
        )
        window.staff.add(county.clerk_a, county.director_a)
    html = as_director_a.get(url).content.decode()
    assert html.count('class="page-break"') == 2 + 6
    assert count() == with_two

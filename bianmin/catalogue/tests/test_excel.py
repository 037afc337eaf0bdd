"""Excel export and import of the catalogue: the round trip, every way a file can be wrong, and the pages."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bianmin.catalogue import excel, services
from bianmin.catalogue.models import CentreItem, GuideVersion, Material, ServiceItem, VersionStatus
from bianmin.catalogue.selectors import published_items
from bianmin.catalogue.tests.helpers import published_item
from bianmin.catalogue.views_excel import XLSX_CONTENT_TYPE
from bianmin.core.errors import ApplicationError
from bianmin.org.models import BusinessLine

ITEM_HEADERS = [c.header for c in excel.ITEM_COLUMNS]
MATERIAL_HEADERS = [c.header for c in excel.MATERIAL_COLUMNS]


@pytest.fixture
def items(county):
    """Two published items: a promised one (民政) and a charged immediate one (劳动保障)."""
    dibao = published_item()  # YS-MZ-001 最低生活保障, 30/15 days, two materials
    version = services.item_create(
        code="YS-LD-001",
        business_line=BusinessLine.objects.get(name="劳动保障"),
        aliases="失业证",
        guide={
            "name": "失业登记",
            "item_type": "public_service",
            "department": "劳动保障所",
            "handling_type": "immediate",
            "promised_limit_days": 0,
            "procedure": "申请\r\n登记",  # as a browser's textarea sends it
            "is_free": False,
            "fees": "工本费5元",
            "consult_phone": "0793-2221234",
            "visits": 1,
        },
        actor=None,
    )
    services.materials_replace(version=version, rows=[{"name": "居民身份证", "form": "original", "copies": 1}])
    services.version_publish(version=version, actor=None)
    return dibao, ServiceItem.objects.get(code="YS-LD-001")


def exported() -> bytes:
    return excel.export_workbook(excel.with_materials(published_items()))


def upload(content: bytes, name: str = "目录.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def edited(content: bytes, changes) -> bytes:
    """Apply ``changes``: (sheet, row, header, value) sets a cell; (sheet, None, None, [values]) appends a row."""
    wb = load_workbook(BytesIO(content))
    for sheet, row, header, value in changes:
        ws = wb[sheet]
        if row is None:
            ws.append(value)
            continue
        headers = [c.value for c in ws[1]]
        ws.cell(row=row, column=headers.index(header) + 1).value = value
    stream = BytesIO()
    wb.save(stream)
    return stream.getvalue()


def run(content: bytes, county, name: str = "目录.xlsx") -> excel.ImportResult:
    return excel.import_workbook(upload(content, name), actor=county.users["county_admin"])


def counts() -> tuple[int, int, int]:
    return ServiceItem.objects.count(), GuideVersion.objects.count(), Material.objects.count()


def new_item_row(code="YS-MZ-002", name="临时救助", **cells) -> list:
    row = dict.fromkeys(ITEM_HEADERS, None) | {
        "事项编码": code,
        "事项名称": name,
        "业务条线": "民政",
        "事项类型": "行政给付",
        "实施主体": "民政所",
        "办件类型": "承诺件",
        "法定时限(工作日)": "20",  # numbers typed as text are accepted
        "承诺时限(工作日)": 10.0,  # and floats that are whole numbers
        "是否收费": "不收费",
        "办理流程": "申请\n审批",
    }
    return list((row | cells).values())


# --- export --------------------------------------------------------------------------------------


def test_it_exports_every_published_item_with_its_materials(items):
    wb = load_workbook(BytesIO(exported()))
    assert wb.sheetnames[:2] == ["事项", "申请材料"]
    rows = list(wb["事项"].iter_rows(values_only=True))
    assert list(rows[0]) == ITEM_HEADERS and wb["事项"]["A1"].font.b and wb["事项"].freeze_panes == "A2"
    assert [r[0] for r in rows[1:]] == ["YS-MZ-001", "YS-LD-001"]
    dibao = dict(zip(ITEM_HEADERS, rows[1], strict=True))
    assert dibao["业务条线"] == "民政" and dibao["事项类型"] == "行政给付" and dibao["办件类型"] == "承诺件"
    assert dibao["承诺时限(工作日)"] == 15 and dibao["是否收费"] == "不收费" and dibao["可代办"] == "是"
    materials = list(wb["申请材料"].iter_rows(values_only=True))
    assert list(materials[0]) == MATERIAL_HEADERS
    assert materials[1:] == [
        ("YS-MZ-001", 1, "居民身份证", "原件", 1, "是", "否", None),
        ("YS-MZ-001", 2, "户口簿", "复印件", 1, "是", "否", None),
        ("YS-LD-001", 1, "居民身份证", "原件", 1, "是", "否", None),
    ]


# --- import: success -----------------------------------------------------------------------------


def test_it_reimports_its_own_export_unchanged(items, county):
    before = counts()
    result = run(exported(), county)
    assert result.errors == [] and (len(result.created), len(result.updated)) == (0, 0)
    assert sorted(result.unchanged) == ["YS-LD-001", "YS-MZ-001"]
    assert counts() == before


def test_an_edited_cell_publishes_a_new_version_noted_excel_import(items, county):
    content = edited(exported(), [("事项", 2, "承诺时限(工作日)", 10), ("事项", 2, "俗称/简称", "低保、城乡低保")])
    result = run(content, county)
    assert (result.updated, result.unchanged, result.created) == (["YS-MZ-001"], ["YS-LD-001"], [])
    item = ServiceItem.objects.select_related("current").get(code="YS-MZ-001")
    assert item.current.number == 2 and item.current.promised_limit_days == 10
    assert item.current.change_note == "Excel导入" and item.current.status == VersionStatus.PUBLISHED
    assert item.aliases == "低保、城乡低保" and "chengxiangdibao" in item.pinyin_full
    assert item.versions.get(number=1).status == VersionStatus.SUPERSEDED
    assert list(item.current.materials.values_list("name", flat=True)) == ["居民身份证", "户口簿"]


def test_a_changed_material_is_an_update_too(items, county):
    result = run(edited(exported(), [("申请材料", 3, "份数", "2")]), county)
    assert result.updated == ["YS-MZ-001"]
    assert ServiceItem.objects.get(code="YS-MZ-001").current.materials.get(name="户口簿").copies == 2


def test_a_new_row_creates_and_publishes_an_item(items, county):
    content = edited(
        exported(),
        [
            ("事项", None, None, new_item_row()),
            ("申请材料", None, None, ["YS-MZ-002", 2, "困难情况说明", "原件", 1, "是", "否", "本人签名"]),
            ("申请材料", None, None, ["YS-MZ-002", 1, "居民身份证", "原件和复印件", 2, "是", "是", None]),
        ],
    )
    result = run(content, county)
    assert (result.created, len(result.unchanged)) == (["YS-MZ-002"], 2)
    guide = ServiceItem.objects.get(code="YS-MZ-002").current
    assert (guide.name, guide.statutory_limit_days, guide.promised_limit_days) == ("临时救助", 20, 10)
    assert guide.steps == ["申请", "审批"] and guide.change_note == "Excel导入"
    assert [(m.position, m.name, m.form, m.copies) for m in guide.materials.all()] == [
        (1, "居民身份证", "both", 2),
        (2, "困难情况说明", "original", 1),
    ]


def test_it_imports_a_centre_export_ignoring_the_window_column(items, county, as_clerk_a):
    CentreItem.objects.create(centre=county.centre_a, item=items[0], window=county.window_a)
    content = as_clerk_a.get(reverse("catalogue:centre_export", args=[county.centre_a.pk])).content
    assert run(content, county).unchanged == ["YS-MZ-001"]


def test_a_failure_while_writing_rolls_back_the_whole_import(items, county, monkeypatch):
    publish = services.version_publish

    def publish_then_fail(*, version, actor):
        if version.item.code == "YS-MZ-003":
            raise ApplicationError("模拟失败")
        return publish(version=version, actor=actor)

    monkeypatch.setattr(services, "version_publish", publish_then_fail)
    before = counts()
    rows = [("事项", None, None, new_item_row()), ("事项", None, None, new_item_row("YS-MZ-003", "医疗救助"))]
    result = run(edited(exported(), rows), county)
    assert [(e.row, e.reason) for e in result.errors] == [(5, "事项“YS-MZ-003”未能导入:模拟失败")]
    assert counts() == before and not result.created


# --- import: failures (nothing is written) -------------------------------------------------------

BAD_CELLS = [
    (("事项", 2, "事项名称", None), ("事项", 2, "事项名称", "必填")),
    (("事项", 3, "法定时限(工作日)", "十天"), ("事项", 3, "法定时限(工作日)", "应为整数,不能是“十天”")),
    (("事项", 2, "承诺时限(工作日)", -1), ("事项", 2, "承诺时限(工作日)", "应为0到365之间的整数")),
    (("事项", 2, "承诺时限(工作日)", 3.5), ("事项", 2, "承诺时限(工作日)", "应为整数,不能是“3.5”")),
    (("事项", 2, "到现场次数", "10"), ("事项", 2, "到现场次数", "应为0到9之间的整数")),
    (("申请材料", 3, "份数", 0), ("申请材料", 3, "份数", "应为1到20之间的整数")),
    (("事项", 2, "业务条线", "殡葬"), ("事项", 2, "业务条线", "业务条线“殡葬”不存在")),
    (("事项", 2, "办件类型", "急件"), ("事项", 2, "办件类型", "应为以下之一:即办件、承诺件")),
    (("事项", 3, "咨询电话", "12345"), ("事项", 3, "咨询电话", "请输入有效的电话号码")),
    (("事项", 2, "承诺时限(工作日)", 40), ("事项", 2, "承诺时限(工作日)", "承诺时限不能超过法定时限(30个工作日)")),
    (("事项", 3, "是否收费", "不收费"), ("事项", 3, "收费标准", "已勾选“不收费”,收费标准应为空")),
    (("申请材料", 4, "材料形式", "扫描件"), ("申请材料", 4, "材料形式", "应为以下之一:原件、复印件")),
    (
        ("申请材料", 2, "事项编码", "YS-XX-404"),
        ("申请材料", 2, "事项编码", "事项编码“YS-XX-404”在“事项”工作表中不存在"),
    ),
    (("申请材料", 3, "材料名称", "居民身份证"), ("申请材料", 3, "材料名称", "材料“居民身份证”重复")),
    (("事项", None, None, new_item_row("YS-MZ-001")), ("事项", 4, "事项编码", "事项编码重复(与第2行相同)")),
    (("事项", 2, "容缺说明", "说" * 201), ("事项", 2, "容缺说明", "不能超过200个字")),
]


@pytest.mark.parametrize(("change", "expected"), BAD_CELLS, ids=[e[3][:12] for _c, e in BAD_CELLS])
def test_a_bad_cell_is_reported_and_nothing_is_written(items, county, change, expected):
    content = edited(exported(), [change, ("事项", 3, "事项名称", "失业登记(已改)")])
    before = counts()
    result = run(content, county)
    sheet, row, column, reason = expected
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [(sheet, row, column)]
    assert reason in result.errors[0].reason
    assert counts() == before and ServiceItem.objects.get(code="YS-LD-001").current.name == "失业登记"
    assert (result.created, result.updated, result.unchanged) == ([], [], [])


def test_every_row_is_checked_before_reporting(items, county):
    changes = [("事项", 2, "事项类型", "许可"), ("事项", 3, "到现场次数", "两次"), ("申请材料", 4, "份数", "")]
    result = run(edited(exported(), changes), county)
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("事项", 2, "事项类型"),
        ("事项", 3, "到现场次数"),
    ]  # a blank 份数 means 1


def _workbook(items_header, material_header=MATERIAL_HEADERS, rows=()) -> bytes:
    wb = Workbook()
    wb.active.title = "事项"
    wb["事项"].append(items_header)
    for row in rows:
        wb["事项"].append(row)
    if material_header is not None:
        wb.create_sheet("申请材料").append(material_header)
    stream = BytesIO()
    wb.save(stream)
    return stream.getvalue()


@pytest.mark.parametrize(
    ("header", "column", "reason"),
    [
        ([h for h in ITEM_HEADERS if h != "办件类型"], "办件类型", "表头缺少列:办件类型"),
        ([*ITEM_HEADERS, "备用"], "备用", "表头无法识别的列:备用"),
        ([h.replace("事项名称", "名称") for h in ITEM_HEADERS], "事项名称", "表头缺少列:事项名称"),
    ],
)
def test_wrong_columns_are_named(county, header, column, reason):
    result = run(_workbook(header, rows=[new_item_row()[: len(header)]]), county)
    assert any(
        e.sheet == "事项" and e.row == 1 and e.column == column and e.reason.startswith(reason) for e in result.errors
    )
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (_workbook(ITEM_HEADERS), "工作表“事项”没有数据行。"),
        (_workbook(ITEM_HEADERS, material_header=None, rows=[new_item_row()]), "缺少工作表“申请材料”。"),
        (_workbook(ITEM_HEADERS, material_header=[], rows=[new_item_row()]), "工作表“申请材料”是空的,第1行应为表头。"),
    ],
)
def test_empty_or_missing_sheets_are_refused(county, content, reason):
    assert [e.reason for e in run(content, county).errors] == [reason]
    assert counts() == (0, 0, 0)


def test_a_text_file_renamed_xlsx_is_refused(items, county):
    before = counts()
    result = run("事项编码,事项名称\nYS-1,低保\n".encode(), county, name="目录.xlsx")
    assert [e.reason for e in result.errors] == ["文件不是有效的 Excel 工作簿(.xlsx),可能已损坏或只是改了扩展名。"]
    assert counts() == before


def test_a_damaged_sheet_inside_a_real_workbook_is_refused(items, county):
    source, damaged = zipfile.ZipFile(BytesIO(exported())), BytesIO()
    with zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"<broken" if name.endswith("sheet2.xml") else source.read(name))
    assert run(damaged.getvalue(), county).errors[0].reason == excel.BROKEN


@pytest.mark.parametrize(("name", "hint"), [("目录.txt", "只能导入"), ("目录.xls", "另存为")])
def test_other_extensions_are_refused(county, name, hint):
    assert hint in run(exported(), county, name=name).errors[0].reason


def test_a_file_over_10_mb_is_refused_before_it_is_opened(items, county, monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("the size check must come first")

    monkeypatch.setattr(excel, "load_workbook", must_not_open)
    before = counts()
    result = excel.import_workbook(
        SimpleUploadedFile("x.xlsx", b"0" * (20 * 1024 * 1024)), actor=county.users["county_admin"]
    )
    assert [e.reason for e in result.errors] == ["文件过大(20.0 MB),不能超过 10 MB。"]
    assert counts() == before


# --- pages ---------------------------------------------------------------------------------------


def _sheet_headers(response, sheet="事项") -> list:
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return [c.value for c in load_workbook(BytesIO(response.content))[sheet][1]]


def test_any_staff_role_exports_the_catalogue(items, as_agent_a1):
    response = as_agent_a1.get(reverse("catalogue:export"))
    assert _sheet_headers(response) == ITEM_HEADERS and _sheet_headers(response, "申请材料") == MATERIAL_HEADERS


def test_a_centre_export_adds_the_window_and_follows_scope(items, county, client):
    CentreItem.objects.create(centre=county.centre_a, item=items[0], window=county.window_a)
    url = reverse("catalogue:centre_export", args=[county.centre_a.pk])
    client.force_login(county.clerk_a.user)
    response = client.get(url)
    assert _sheet_headers(response) == [*ITEM_HEADERS, "受理窗口"]
    rows = list(load_workbook(BytesIO(response.content))["事项"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[-1]) for r in rows] == [("YS-MZ-001", "1号窗口 民政窗口")]
    client.force_login(county.clerk_b.user)
    assert client.get(url).status_code == 404


def test_the_blank_template_has_the_headers_and_no_rows(as_county_admin):
    response = as_county_admin.get(reverse("catalogue:import_template"))
    assert _sheet_headers(response) == ITEM_HEADERS
    assert load_workbook(BytesIO(response.content))["事项"].max_row == 1


def test_the_admin_uploads_and_sees_the_counts(items, as_county_admin):
    page = as_county_admin.get(reverse("catalogue:import")).content.decode()
    assert reverse("catalogue:import_template") in page and "各列填写说明" in page
    content = edited(exported(), [("事项", None, None, new_item_row())])
    response = as_county_admin.post(reverse("catalogue:import"), {"file": upload(content)})
    page = response.content.decode()
    assert response.status_code == 200 and "导入完成" in page
    assert "新建 <strong>1</strong> 项" in page and "未变化 <strong>2</strong> 项" in page


def test_the_admin_sees_the_error_report(items, as_county_admin):
    before = counts()
    content = edited(exported(), [("事项", 2, "承诺时限(工作日)", "十天")])
    page = as_county_admin.post(reverse("catalogue:import"), {"file": upload(content)}).content.decode()
    assert "导入未执行" in page and '<th scope="col">工作表</th>' in page
    assert "承诺时限(工作日)" in page and "应为整数,不能是“十天”" in page
    assert counts() == before


def test_only_the_county_admin_may_import(items, as_director_a):
    assert as_director_a.get(reverse("catalogue:import")).status_code == 403
    response = as_director_a.post(reverse("catalogue:import"), {"file": upload(exported())})
    assert response.status_code == 403
    assert as_director_a.get(reverse("catalogue:import_template")).status_code == 403


def test_exports_take_a_constant_number_of_queries(items, county, as_clerk_a):
    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert as_clerk_a.get(url).status_code == 200
        return len(captured)

    urls = [reverse("catalogue:export"), reverse("catalogue:centre_export", args=[county.centre_a.pk])]
    CentreItem.objects.create(centre=county.centre_a, item=items[0], window=county.window_a)
    before = [queries(url) for url in urls]
    extra = published_item(code="YS-MZ-005", aliases="")
    CentreItem.objects.create(centre=county.centre_a, item=extra, window=county.window_a)
    CentreItem.objects.create(centre=county.centre_a, item=items[1], window=None)
    assert [queries(url) for url in urls] == before


def test_it_refuses_to_overwrite_an_open_draft(items, county):
    dibao, _ = items
    draft = services.draft_for(item=dibao, actor=None)
    content = edited(exported(), [("事项", 2, "事项名称", "最低生活保障(新)")])
    result = run(content, county)
    assert [e.reason for e in result.errors] == [
        "该事项有尚未发布的网上草稿,导入会覆盖它。请先发布或放弃该草稿,再导入。"
    ]
    draft.refresh_from_db()
    assert draft.name == "最低生活保障" and draft.status == VersionStatus.DRAFT

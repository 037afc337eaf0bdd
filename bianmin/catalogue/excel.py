"""Excel (.xlsx) export and import of the catalogue (the catalogue issue, point 4).

One layout both ways: sheet "事项" (one row per item, its current published guide) and sheet
"申请材料" (one row per material, joined on 事项编码). A centre's export adds 受理窗口, which an
import ignores. An import is all or nothing: every row of both sheets is parsed and checked first
(the same rules as the guide form, ``rules.guide_errors`` included); one error and nothing is
written. Items of the catalogue that the file does not mention are left alone.
"""

import re
from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bianmin.catalogue import services
from bianmin.catalogue.models import (
    GuideVersion,
    HandlingType,
    ItemType,
    Material,
    MaterialForm,
    ServiceItem,
    VersionStatus,
)
from bianmin.catalogue.rules import guide_errors
from bianmin.core.errors import ApplicationError
from bianmin.core.personal import phone_error
from bianmin.org.models import BusinessLine

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000  # per sheet; a county catalogue has a few hundred items
ITEMS_SHEET, MATERIALS_SHEET = "事项", "申请材料"
WINDOW_HEADER = "受理窗口"
CHANGE_NOTE = "Excel导入"
BROKEN = "文件不是有效的 Excel 工作簿(.xlsx),可能已损坏或只是改了扩展名。"

YES_NO = {"是": True, "否": False}
FEE = {"收费": False, "不收费": True}  # the value of GuideVersion.is_free


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text | int | choice | phone | line
    required: bool = False
    default: Any = ""
    choices: dict[str, Any] | None = None  # Chinese label → stored value
    low: int = 0
    high: int = 365
    width: int = 14
    max_length: int | None = None


def _labels(choices) -> dict[str, str]:
    return {label: value for value, label in choices.choices}


def _len(model, name: str) -> int:
    return model._meta.get_field(name).max_length


ITEM_COLUMNS = (
    Column("事项编码", "code", required=True, width=16, max_length=_len(ServiceItem, "code")),
    Column("事项名称", "name", required=True, width=28, max_length=_len(GuideVersion, "name")),
    Column("俗称/简称", "aliases", width=16, max_length=_len(ServiceItem, "aliases")),
    Column("业务条线", "business_line", "line", required=True, width=12),
    Column("事项类型", "item_type", "choice", required=True, choices=_labels(ItemType), width=14),
    Column("实施主体", "department", required=True, width=14, max_length=_len(GuideVersion, "department")),
    Column("办件类型", "handling_type", "choice", required=True, choices=_labels(HandlingType), width=10),
    Column("法定时限(工作日)", "statutory_limit_days", "int", default=None, width=12),
    Column("承诺时限(工作日)", "promised_limit_days", "int", default=0, width=12),
    Column("设定依据", "legal_basis", width=30),
    Column("申请条件", "conditions", width=30),
    Column("办理流程", "procedure", width=30),
    Column("是否收费", "is_free", "choice", default=True, choices=FEE, width=10),
    Column("收费标准", "fees", width=20),
    Column("收费依据", "fee_basis", width=20),
    Column("办理地点", "place", width=20, max_length=_len(GuideVersion, "place")),
    Column("办理时间", "hours", width=20, max_length=_len(GuideVersion, "hours")),
    Column("咨询电话", "consult_phone", "phone", width=16, max_length=_len(GuideVersion, "consult_phone")),
    Column("监督投诉电话", "complaint_phone", "phone", width=16, max_length=_len(GuideVersion, "complaint_phone")),
    Column("到现场次数", "visits", "int", default=1, high=9, width=10),
    Column("可网上办理", "online", "choice", default=False, choices=YES_NO, width=10),
    Column("可代办", "agency_allowed", "choice", default=False, choices=YES_NO, width=8),
    Column("可容缺受理", "pending_allowed", "choice", default=False, choices=YES_NO, width=10),
    Column("容缺说明", "pending_note", width=20, max_length=_len(GuideVersion, "pending_note")),
)
MATERIAL_COLUMNS = (
    Column("事项编码", "code", required=True, width=16),
    Column("序号", "position", "int", default=None, low=1, high=999, width=6),
    Column("材料名称", "name", required=True, width=30, max_length=_len(Material, "name")),
    Column("材料形式", "form", "choice", default=MaterialForm.ORIGINAL, choices=_labels(MaterialForm), width=14),
    Column("份数", "copies", "int", default=1, low=1, high=20, width=6),
    Column("是否必需", "required", "choice", default=True, choices=YES_NO, width=10),
    Column("可容缺", "pending_allowed", "choice", default=False, choices=YES_NO, width=8),
    Column("备注", "notes", width=24, max_length=_len(Material, "notes")),
)
_ITEM_KEYS = ("code", "aliases", "business_line")
_RULE_FIELDS = {"handling_type", "statutory_limit_days", "promised_limit_days", "is_free", "fees"}


# --- export ------------------------------------------------------------------------------------


def _cell(col: Column, value: Any) -> Any:
    """A stored value as its cell shows it: a Chinese label, a business line's name, blank for None."""
    if col.choices:
        return next((label for label, stored in col.choices.items() if stored == value), "")
    return "" if value is None else str(value) if col.kind == "line" else value


def _item_row(item: ServiceItem) -> list:
    return [_cell(c, getattr(item if c.field in _ITEM_KEYS else item.current, c.field)) for c in ITEM_COLUMNS]


def _sheet(wb: Workbook, title: str, columns: Iterable[Column], extra: Iterable[tuple[str, int]], rows) -> None:
    ws = wb.create_sheet(title)
    headers = [(c.header, c.width) for c in columns] + list(extra)
    for index, (_header, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    cells = [WriteOnlyCell(ws, value=header) for header, _width in headers]
    for cell in cells:
        cell.font = Font(bold=True)
    ws.append(cells)
    for row in rows:
        ws.append(row)


def export_workbook(items: Iterable[ServiceItem], *, windows: dict[int, str] | None = None) -> bytes:
    """The .xlsx bytes for ``items`` (their ``current`` guide with materials prefetched).

    ``windows`` (item pk → window name) adds the 受理窗口 column of a centre's export.
    """
    wb = Workbook(write_only=True)
    items = list(items)
    item_rows = [_item_row(i) + ([windows.get(i.pk, "")] if windows is not None else []) for i in items]
    extra = [(WINDOW_HEADER, 18)] if windows is not None else []
    _sheet(wb, ITEMS_SHEET, ITEM_COLUMNS, extra, item_rows)
    material_rows = [
        [i.code] + [_cell(c, getattr(m, c.field)) for c in MATERIAL_COLUMNS[1:]]
        for i in items
        for m in i.current.materials.all()
    ]
    _sheet(wb, MATERIALS_SHEET, MATERIAL_COLUMNS, [], material_rows)
    stream = BytesIO()
    wb.save(stream)
    return stream.getvalue()


def with_materials(items):
    """``items`` (a ServiceItem queryset with ``current``) with the current materials prefetched."""
    materials = Material.objects.order_by("position", "pk")
    return items.prefetch_related(Prefetch("current__materials", queryset=materials))


# --- import: check every row, then apply all or nothing ----------------------------------------


RowError = namedtuple("RowError", "sheet row column reason")  # row None: the whole file or sheet


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # empty: the import was applied


_INTEGER = re.compile(r"^[+-]?\d+(\.0*)?$")


def _text(value: Any) -> str:
    """A cell (or stored) value as trimmed text with Unix line breaks."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or phone typed as a number: 13800138000.0
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _integer(value: Any) -> int | None:
    """20, 20.0 and "20" are 20; 3.5, "十天" and True are not integers."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else None
    text = _text(value)
    return int(float(text)) if _INTEGER.match(text) else None


def _parse(col: Column, raw: Any, lines: dict[str, BusinessLine]) -> tuple[Any, str | None]:
    """(value, Chinese reason or None) for one cell."""
    text = _text(raw)
    if not text:
        return col.default, "必填,不能为空。" if col.required else None
    if col.kind == "int":
        number = _integer(raw)
        if number is None:
            return None, f"应为整数,不能是“{text}”。"
        if not col.low <= number <= col.high:
            return None, f"应为{col.low}到{col.high}之间的整数,不能是{number}。"
        return number, None
    if col.kind == "choice":
        if text not in col.choices:
            return None, f"应为以下之一:{'、'.join(col.choices)};不能是“{text}”。"
        return col.choices[text], None
    if col.kind == "line":
        if text not in lines:
            return None, f"业务条线“{text}”不存在(请使用系统中已配置的业务条线名称)。"
        return lines[text], None
    if col.kind == "phone" and phone_error(text):
        return None, phone_error(text)
    if col.max_length and len(text) > col.max_length:
        return None, f"不能超过{col.max_length}个字(现有{len(text)}个字)。"
    return text, None


def read_sheet(wb, title: str, columns, errors: list[RowError], *, optional=()) -> list[tuple[int, list]]:
    """The non-blank data rows of a sheet as (row number, values in ``columns`` order); header errors
    (missing, unknown or repeated columns; headers ``optional`` may be there) go to ``errors``. A
    trailing "*" (the templates mark required columns so) is not part of a header."""
    if title not in wb.sheetnames:
        errors.append(RowError(title, None, "", f"缺少工作表“{title}”。"))
        return []
    sheet = wb[title]
    sheet.reset_dimensions()  # some writers store a wrong <dimension>; read what is there
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v).rstrip("*").strip() for v in next(rows, ())]
    while header and not header[-1]:
        header.pop()
    if not header:
        errors.append(RowError(title, 1, "", f"工作表“{title}”是空的,第1行应为表头。"))
        return []
    expected = [c.header for c in columns]
    missing = [h for h in expected if h not in header]
    unknown = [h or "(空白表头)" for h in header if h not in expected and h not in optional]
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    for names, what in ((missing, "缺少列"), (unknown, "无法识别的列"), (repeated, "重复的列")):
        if names:
            errors.append(RowError(title, 1, "、".join(names), f"表头{what}:{'、'.join(names)}。"))
    if missing or unknown or repeated:
        return []
    positions = [header.index(h) for h in expected]
    data = []
    for number, values in enumerate(rows, start=2):
        if all(_text(v) == "" for v in values):
            continue
        if len(data) >= MAX_ROWS:
            errors.append(RowError(title, number, "", f"数据行超过{MAX_ROWS}行,请分批导入。"))
            break
        values = list(values) + [None] * len(header)
        data.append((number, [values[p] for p in positions]))
    return data


def _parse_row(sheet: str, columns, number: int, values: list, lines, errors: list[RowError]) -> tuple[dict, set]:
    """The row's parsed values by field, and the fields that failed (their errors are recorded)."""
    parsed, bad = {}, set()
    for col, raw in zip(columns, values, strict=True):
        parsed[col.field], reason = _parse(col, raw, lines)
        if reason:
            bad.add(col.field)
            errors.append(RowError(sheet, number, col.header, reason))
    return parsed, bad


def _check_items(rows, lines, errors: list[RowError]) -> dict[str, dict]:
    """Parsed items by code: {"row", "code", "aliases", "business_line", "guide", "materials"}."""
    items: dict[str, dict] = {}
    for number, values in rows:
        parsed, bad = _parse_row(ITEMS_SHEET, ITEM_COLUMNS, number, values, lines, errors)
        code = parsed["code"]
        if code and code in items:
            errors.append(RowError(ITEMS_SHEET, number, "事项编码", f"事项编码重复(与第{items[code]['row']}行相同)。"))
            continue
        if not bad & _RULE_FIELDS:
            for name, reason in guide_errors(**{f: parsed[f] for f in _RULE_FIELDS}).items():
                header = next(c.header for c in ITEM_COLUMNS if c.field == name)
                errors.append(RowError(ITEMS_SHEET, number, header, reason))
        if code:
            guide = {f: parsed[f] for f in services.GUIDE_FIELDS}
            keys = {k: parsed[k] for k in _ITEM_KEYS}
            items[code] = {"row": number, **keys, "guide": guide, "materials": []}
    return items


def _check_materials(rows, items: dict[str, dict], errors: list[RowError]) -> None:
    for number, values in rows:
        parsed, bad = _parse_row(MATERIALS_SHEET, MATERIAL_COLUMNS, number, values, {}, errors)
        item = items.get(parsed["code"])
        if parsed["code"] and item is None:
            reason = f"事项编码“{parsed['code']}”在“{ITEMS_SHEET}”工作表中不存在。"
            errors.append(RowError(MATERIALS_SHEET, number, "事项编码", reason))
            continue
        if item is None or bad:
            continue
        if any(m["name"] == parsed["name"] for _p, _n, m in item["materials"]):
            errors.append(RowError(MATERIALS_SHEET, number, "材料名称", f"同一事项的材料“{parsed['name']}”重复。"))
            continue
        position, _code = parsed.pop("position"), parsed.pop("code")
        item["materials"].append((position or 1000, number, parsed))


def _open(upload):
    """(workbook, "") or (None, why the file cannot be read)."""
    name = (getattr(upload, "name", "") or "").lower()
    if upload.size > MAX_UPLOAD_BYTES:  # known before reading: Django counted it while receiving
        return None, f"文件过大({upload.size / 2**20:.1f} MB),不能超过 {MAX_UPLOAD_BYTES // 2**20} MB。"
    if not name.endswith(".xlsx"):
        hint = "请在 Excel 中“另存为”.xlsx 格式后再导入。" if name.endswith(".xls") else ""
        return None, f"只能导入 Excel 工作簿(.xlsx)文件。{hint}"
    try:
        upload.seek(0)
        return load_workbook(upload, read_only=True, data_only=True), ""
    except Exception:  # a damaged or renamed file fails in zipfile or an XML parser, in many ways
        return None, BROKEN


def check_workbook(upload) -> tuple[dict[str, dict], list[RowError]]:
    """Parse and check every row; returns the parsed items and all errors (empty when valid)."""
    wb, problem = _open(upload)
    if wb is None:
        return {}, [RowError("", None, "", problem)]
    errors: list[RowError] = []
    try:
        item_rows = read_sheet(wb, ITEMS_SHEET, ITEM_COLUMNS, errors, optional=[WINDOW_HEADER])
        material_rows = read_sheet(wb, MATERIALS_SHEET, MATERIAL_COLUMNS, errors)
    except Exception:  # sheets are parsed lazily: damage inside one shows only here
        return {}, [RowError("", None, "", BROKEN)]
    finally:
        wb.close()
    return check_rows(item_rows, material_rows, errors)


def check_rows(
    item_rows, material_rows, errors: list[RowError] | None = None
) -> tuple[dict[str, dict], list[RowError]]:
    """The row checks of an import on rows already read: (row number, values in ``ITEM_COLUMNS`` /
    ``MATERIAL_COLUMNS`` order). The workbook import and the provincial JSON import share them."""
    errors = [] if errors is None else errors
    lines = {line.name: line for line in BusinessLine.objects.all()}
    if not errors and not item_rows:
        errors.append(RowError(ITEMS_SHEET, 2, "", "工作表“事项”没有数据行。"))
    items = _check_items(item_rows, lines, errors)
    _check_materials(material_rows, items, errors)
    for item in items.values():
        item["materials"] = [m for _p, _n, m in sorted(item["materials"], key=lambda t: t[:2])]
    return items, errors


def _item_differs(item: ServiceItem, parsed: dict) -> bool:
    return item.aliases.strip() != parsed["aliases"] or item.business_line_id != parsed["business_line"].pk


def _unchanged(item: ServiceItem, parsed: dict) -> bool:
    guide = item.current
    if guide is None or _item_differs(item, parsed):
        return False
    # Compared as cell text, so "a\r\nb" typed in the web form equals "a\nb" read back from a cell.
    if any(_text(getattr(guide, f)) != _text(v) for f, v in parsed["guide"].items()):
        return False
    keys = [c.field for c in MATERIAL_COLUMNS[2:]]
    current = [[_text(getattr(m, k)) for k in keys] for m in guide.materials.all()]
    return current == [[_text(m[k]) for k in keys] for m in parsed["materials"]]


def _apply(code: str, parsed: dict, existing: ServiceItem | None, actor) -> str:
    """Write one checked item; returns "created", "updated" or "unchanged"."""
    if existing is None:
        guide = parsed["guide"] | {"change_note": CHANGE_NOTE}
        line, aliases = parsed["business_line"], parsed["aliases"]
        draft = services.item_create(code=code, business_line=line, aliases=aliases, guide=guide, actor=actor)
        status = "created"
    elif _unchanged(existing, parsed):
        return "unchanged"
    else:
        if _item_differs(existing, parsed):
            line, active = parsed["business_line"], existing.is_active
            services.item_update(item=existing, aliases=parsed["aliases"], business_line=line, is_active=active)
        draft = services.draft_for(item=existing, actor=actor)
        services.draft_update(version=draft, changes=parsed["guide"], change_note=CHANGE_NOTE)
        status = "updated"
    services.materials_replace(version=draft, rows=parsed["materials"])
    services.version_publish(version=draft, actor=actor)
    return status


def import_workbook(upload, *, actor) -> ImportResult:
    """Check the whole upload, then (only if it is clean) write every item in one transaction."""
    items, errors = check_workbook(upload)
    if errors:
        return ImportResult(errors=errors)
    return apply_checked(items, actor=actor)


def apply_checked(items: dict[str, dict], *, actor) -> ImportResult:
    """Write checked items (``check_rows``) in one transaction; refused whole if it would overwrite
    a draft someone is editing on the web."""
    result = ImportResult()
    found = with_materials(ServiceItem.objects.filter(code__in=items).select_related("current"))
    existing = {item.code: item for item in found}
    drafted = GuideVersion.objects.filter(item__code__in=items, status=VersionStatus.DRAFT)
    for code in drafted.values_list("item__code", flat=True):
        if not _unchanged(existing[code], items[code]):  # importing would overwrite someone's draft
            reason = "该事项有尚未发布的网上草稿,导入会覆盖它。请先发布或放弃该草稿,再导入。"
            result.errors.append(RowError(ITEMS_SHEET, items[code]["row"], "事项编码", reason))
    if result.errors:
        return result
    code = ""
    try:
        with transaction.atomic():
            for code, parsed in items.items():
                getattr(result, _apply(code, parsed, existing.get(code), actor)).append(code)
    except ApplicationError as exc:
        # The checks above mirror the services' rules; this is the safety net, rolled back whole.
        row = items[code]["row"] if code in items else None
        return ImportResult(errors=[RowError(ITEMS_SHEET, row, "", f"事项“{code}”未能导入:{exc.message}")])
    return result

"""Import of the provincial item catalogue (省政务服务事项目录), keeping local items' codes in step
(issue #10 point 4): the exchange feed reports cases under the codes the province knows.

Input: the catalogue issue's .xlsx layout (sheets 事项 and 申请材料), or the same as JSON::

    {"事项": [{"事项编码": "…", "事项名称": "…", …}], "申请材料": [{"事项编码": "…", "材料名称": "…", …}]}

with one optional extra column in 事项, ``原事项编码``: the code the item had before (the province
publishes code changes with the old code). A provincial code not in the local catalogue is matched to
a local item by that old code, else by the same name (exactly one active local item of that name
whose own code the file does not use); the local item takes the provincial code (recorded in the
audit log; its cases follow it). Then the rows are checked and applied by the catalogue's own import
(bianmin/catalogue/excel.py): all or nothing, with sheet, row, column and reason for every error.
"""

import json
from dataclasses import dataclass, field

from django.db import transaction
from openpyxl import load_workbook

from bianmin.catalogue import excel, services
from bianmin.catalogue.models import ServiceItem
from bianmin.core.errors import ApplicationError

OLD_CODE = "原事项编码"
RowError = excel.RowError


@dataclass
class ProvinceResult:
    recoded: list[tuple[str, str]] = field(default_factory=list)  # (local code before, provincial code)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class _RolledBack(Exception):
    pass


def _records_from_json(data) -> tuple[dict[str, list[dict]], list[RowError]]:
    if not isinstance(data, dict) or not isinstance(data.get(excel.ITEMS_SHEET), list):
        return {}, [
            RowError("", None, "", f"JSON 应为对象,含“{excel.ITEMS_SHEET}”和“{excel.MATERIALS_SHEET}”两个数组。")
        ]
    sheets = {}
    for title in (excel.ITEMS_SHEET, excel.MATERIALS_SHEET):
        rows = data.get(title, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            return {}, [RowError(title, None, "", f"“{title}”应为对象数组。")]
        sheets[title] = rows
    return sheets, []


def _records_from_xlsx(path) -> tuple[dict[str, list[dict]], list[RowError]]:
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a damaged or renamed file fails in many ways
        return {}, [RowError("", None, "", excel.BROKEN)]
    sheets: dict[str, list[dict]] = {}
    try:
        for title in (excel.ITEMS_SHEET, excel.MATERIALS_SHEET):
            if title not in wb.sheetnames:
                return {}, [RowError(title, None, "", f"缺少工作表“{title}”。")]
            rows = wb[title].iter_rows(values_only=True)
            header = [excel._text(v) for v in next(rows, ())]
            sheets[title] = [dict(zip(header, values, strict=False)) for values in rows]
    except Exception:
        return {}, [RowError("", None, "", excel.BROKEN)]
    finally:
        wb.close()
    return sheets, []


def read(path: str) -> tuple[dict[str, list[dict]], list[RowError]]:
    """The two sheets as lists of {header: value}, from a .xlsx or a .json file."""
    if str(path).lower().endswith(".json"):
        try:
            with open(path, encoding="utf-8") as handle:
                return _records_from_json(json.load(handle))
        except (OSError, ValueError):
            return {}, [RowError("", None, "", "文件不是有效的 JSON(UTF-8 编码)。")]
    if str(path).lower().endswith(".xlsx"):
        return _records_from_xlsx(path)
    return {}, [RowError("", None, "", "只能导入 .xlsx 或 .json 文件。")]


def _rows(title: str, records: list[dict], columns, extra: tuple[str, ...], errors: list[RowError]) -> list:
    """(row number, values in column order) for the catalogue's checks; header errors recorded."""
    expected = [c.header for c in columns]
    seen = set().union(*(r.keys() for r in records)) if records else set()
    missing = [h for h in expected if h not in seen and records]
    unknown = sorted(h for h in seen if h not in expected and h not in extra and h)
    for names, what in ((missing, "缺少列"), (unknown, "无法识别的列")):
        if names:
            errors.append(RowError(title, 1, "、".join(names), f"表头{what}:{'、'.join(names)}。"))
    if missing or unknown:
        return []
    return [
        (number, [record.get(h) for h in expected])
        for number, record in enumerate(records, start=2)
        if any(excel._text(v) for v in record.values())
    ]


def _recodes(records: list[dict], items: dict[str, dict], errors: list[RowError]) -> list[tuple[ServiceItem, str]]:
    """Which local items take which provincial codes (errors for ambiguous or conflicting matches)."""
    codes = set(items)
    local = {i.code: i for i in ServiceItem.objects.select_related("current")}
    by_name: dict[str, list[ServiceItem]] = {}
    for item in local.values():
        if item.is_active and item.current is not None and item.code not in codes:
            by_name.setdefault(item.current.name, []).append(item)
    old_codes = {excel._text(r.get("事项编码")): excel._text(r.get(OLD_CODE)) for r in records}
    taken: dict[int, str] = {}
    plan = []
    for code, parsed in items.items():
        if code in local:
            continue
        old = old_codes.get(code, "")
        if old:
            candidates = [local[old]] if old in local else []
            if not candidates:
                errors.append(RowError(excel.ITEMS_SHEET, parsed["row"], OLD_CODE, f"本地没有编码为“{old}”的事项。"))
                continue
        else:
            candidates = by_name.get(parsed["guide"]["name"], [])
        if len(candidates) > 1:
            names = "、".join(c.code for c in candidates)
            reason = f"本地有多个同名事项({names}),无法确定对应哪一个,请填写“{OLD_CODE}”。"
            errors.append(RowError(excel.ITEMS_SHEET, parsed["row"], "事项名称", reason))
            continue
        if candidates:
            item = candidates[0]
            if item.pk in taken:
                reason = f"本地事项 {item.code} 已对应省编码 {taken[item.pk]},不能再对应 {code}。"
                errors.append(RowError(excel.ITEMS_SHEET, parsed["row"], "事项编码", reason))
                continue
            taken[item.pk] = code
            plan.append((item, code))
    return plan


def import_catalogue(path: str, *, actor, dry_run: bool = False) -> ProvinceResult:
    sheets, errors = read(path)
    result = ProvinceResult(errors=errors)
    if errors:
        return result
    item_rows = _rows(excel.ITEMS_SHEET, sheets[excel.ITEMS_SHEET], excel.ITEM_COLUMNS, (OLD_CODE,), result.errors)
    material_rows = _rows(
        excel.MATERIALS_SHEET, sheets[excel.MATERIALS_SHEET], excel.MATERIAL_COLUMNS, (), result.errors
    )
    if result.errors:
        return result
    items, errors = excel.check_rows(item_rows, material_rows)
    result.errors += errors
    plan = _recodes(sheets[excel.ITEMS_SHEET], items, result.errors) if not result.errors else []
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for item, code in plan:
                before = item.code
                services.item_recode(item=item, code=code)
                result.recoded.append((before, code))
            applied = excel.apply_checked(items, actor=actor)
            if applied.errors or dry_run:
                result.errors += applied.errors
                raise _RolledBack
    except _RolledBack:
        if result.errors:
            result.recoded = []
        else:  # a dry run: report what would happen
            result.created, result.updated, result.unchanged = applied.created, applied.updated, applied.unchanged
        return result
    except ApplicationError as exc:
        result.errors.append(RowError(excel.ITEMS_SHEET, None, "", exc.message))
        result.recoded = []
        return result
    result.created, result.updated, result.unchanged = applied.created, applied.updated, applied.unchanged
    return result

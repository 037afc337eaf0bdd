"""Reading and checking the organisation workbook: every sheet, every row, before anything is
written. Errors name (sheet, row, column, reason) in Chinese; phones in them are masked."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from bianmin.adoption import workbook as wbk
from bianmin.catalogue.excel import RowError, _open, _parse, _text, read_sheet
from bianmin.core.personal import normalize_phone
from bianmin.core.roles import Role
from bianmin.org.models import BusinessLine, WindowKind

BROKEN = "文件不是有效的 Excel 工作簿(.xlsx),可能已损坏或只是改了扩展名。"
_SPLIT = re.compile(r"[、,,;;\s]+")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_username = UnicodeUsernameValidator()


def _cell(col: wbk.Column, raw: Any, lines) -> tuple[Any, str | None]:
    text = _text(raw)
    if col.kind == "code":
        if not text:
            return "", "必填,不能为空。" if col.required else None
        if not (text.isdigit() and len(text) == col.digits):
            return None, f"应为{col.digits}位数字的区划代码,不能是“{text}”。"
        return text, None
    if col.kind == "unit":
        if text and not (text.isdigit() and len(text) in (9, 12)):
            return None, f"应为9位乡镇(街道)代码或12位村(社区)代码,不能是“{text}”。"
        return text, None
    if not text:
        return col.default, "必填,不能为空。" if col.required else None
    if col.kind == "decimal":
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, f"应为数字,不能是“{text}”。"
        if not (0 <= number <= col.high) or number.as_tuple().exponent < -1:
            return None, f"应为0到{col.high}之间、最多一位小数的数字,不能是{text}。"
        return number, None
    if col.kind == "date":
        if isinstance(raw, datetime):
            return raw.date(), None
        if isinstance(raw, date):
            return raw, None
        match = _DATE.match(text)
        try:
            if match:
                return date(*map(int, match.groups())), None
        except ValueError:  # 2026-13-01, 2026-02-30
            pass
        return None, f"应为日期(如 2026-01-31),不能是“{text}”。"
    if col.kind == "list":
        return [part for part in _SPLIT.split(text) if part], None
    if col.kind == "username":
        try:
            _username(text)
        except ValidationError:
            return None, "登录名只能包含字母、数字和 @ . + - _。"
        return (text, None) if len(text) <= 150 else (None, "登录名不能超过150个字符。")
    if col.kind == "phone":
        value, reason = _parse(col, raw, lines)
        return (normalize_phone(value) if value and not reason else value), reason
    return _parse(col, raw, lines)


def _parse_sheet(title: str, rows, lines, errors: list[RowError]) -> list[dict]:
    parsed_rows = []
    for number, values in rows:
        parsed, bad = {"row": number}, False
        for col, raw in zip(wbk.COLUMNS[title], values, strict=True):
            parsed[col.field], reason = _cell(col, raw, lines)
            if reason is not None:
                bad = True
                errors.append(RowError(title, number, col.header, reason or f"“{_text(raw)}”无法识别。"))
        if not bad:
            parsed_rows.append(parsed)
    return parsed_rows


def _unique(title: str, rows: list[dict], key, label: str, errors: list[RowError], show=str) -> dict:
    seen: dict = {}
    for row in rows:
        k = key(row)
        if k in seen:
            errors.append(RowError(title, row["row"], label, f"{show(k)}重复(与第{seen[k]['row']}行相同)。"))
        else:
            seen[k] = row
    return seen


def read_workbook(upload) -> tuple[dict[str, list[dict]], list[RowError]]:
    """Every sheet's valid rows (dicts with "row") and all errors of reading and cell parsing."""
    wb, problem = _open(upload)
    if wb is None:
        return {}, [RowError("", None, "", problem)]
    errors: list[RowError] = []
    lines = {line.name: line for line in BusinessLine.objects.all()}
    try:
        raw = {title: read_sheet(wb, title, wbk.COLUMNS[title], errors) for title in wbk.SHEETS}
    except Exception:  # damage inside a sheet shows only when it is read
        return {}, [RowError("", None, "", BROKEN)]
    finally:
        wb.close()
    if errors:
        return {}, errors
    return {title: _parse_sheet(title, rows, lines, errors) for title, rows in raw.items()}, errors


def check(sheets: dict[str, list[dict]], county_code: str, errors: list[RowError]) -> dict:
    """Cross-sheet checks; returns the rows by key for the writer."""
    townships = _unique(wbk.TOWNSHIPS, sheets[wbk.TOWNSHIPS], lambda r: r["code"], "区划代码", errors)
    for row in townships.values():
        if not row["code"].startswith(county_code):
            errors.append(RowError(wbk.TOWNSHIPS, row["row"], "区划代码", f"应以本县代码{county_code}开头。"))
    if not townships:
        errors.append(RowError(wbk.TOWNSHIPS, 2, "", "工作表“乡镇街道”没有数据行。"))
    villages = _unique(wbk.VILLAGES, sheets[wbk.VILLAGES], lambda r: r["code"], "区划代码", errors)
    for row in villages.values():
        if row["parent"] not in townships:
            reason = f"所属乡镇(街道)代码{row['parent']}不在“乡镇街道”工作表中。"
            errors.append(RowError(wbk.VILLAGES, row["row"], "所属乡镇(街道)代码", reason))
        elif not row["code"].startswith(county_code):
            errors.append(RowError(wbk.VILLAGES, row["row"], "区划代码", f"应以本县代码{county_code}开头。"))

    keyed = []
    for row in sheets[wbk.STAFF]:
        if row["phone"] or row["username"]:
            keyed.append(row)
        else:  # the key that finds the same person again on the next import
            errors.append(
                RowError(wbk.STAFF, row["row"], "手机号", "手机号和登录名至少填写一项(再次导入时据此对应本人)。")
            )
    with_phone = _unique(
        wbk.STAFF, [r for r in keyed if r["phone"]], lambda r: r["phone"], "手机号", errors, show=wbk.masked
    )
    with_login = _unique(wbk.STAFF, [r for r in keyed if r["username"]], lambda r: r["username"], "登录名", errors)
    # A person by phone, or (no phone) by login name; references from other sheets are by phone.
    staff = with_phone | {f"@{name}": row for name, row in with_login.items() if not row["phone"]}
    centres = _unique(wbk.CENTRES, sheets[wbk.CENTRES], lambda r: r["township"], "乡镇(街道)代码", errors)
    for row in centres.values():
        if row["township"] not in townships:
            reason = f"乡镇(街道)代码{row['township']}不在“乡镇街道”工作表中。"
            errors.append(RowError(wbk.CENTRES, row["row"], "乡镇(街道)代码", reason))
    points = _unique(wbk.POINTS, sheets[wbk.POINTS], lambda r: r["village"], "村(社区)代码", errors)
    for row in points.values():
        village = villages.get(row["village"])
        if village is None:
            errors.append(RowError(wbk.POINTS, row["row"], "村(社区)代码", f"{row['village']}不在“村社区”工作表中。"))
        elif village["parent"] not in centres:
            reason = f"该村(社区)所属乡镇(街道){village['parent']}在“便民服务中心”工作表中没有中心。"
            errors.append(RowError(wbk.POINTS, row["row"], "村(社区)代码", reason))
    _check_staff(staff, centres, points, errors)
    _check_people_refs(centres, points, staff, errors)
    windows = _check_windows(sheets[wbk.WINDOWS], centres, staff, errors)
    departments = _unique(
        wbk.DEPARTMENTS,
        sheets[wbk.DEPARTMENTS],
        lambda r: (r["township"], r["name"]),
        "站所名称",
        errors,
        show=lambda k: f"站所“{k[1]}”",
    )
    for row in departments.values():
        if row["township"] not in townships:
            reason = f"乡镇(街道)代码{row['township']}不在“乡镇街道”工作表中。"
            errors.append(RowError(wbk.DEPARTMENTS, row["row"], "乡镇(街道)代码", reason))
    authorizations = _check_authorizations(sheets[wbk.AUTHORIZATIONS], departments, centres, windows, errors)
    return {
        "townships": townships,
        "villages": villages,
        "centres": centres,
        "windows": windows,
        "points": points,
        "staff": staff,
        "departments": departments,
        "authorizations": authorizations,
    }


def _check_staff(staff: dict, centres: dict, points: dict, errors: list[RowError]) -> None:
    for row in staff.values():
        role, unit = row["role"], row["unit"]
        where = (wbk.STAFF, row["row"], "所属单位代码")
        if role in (Role.COUNTY_ADMIN, Role.INSPECTOR) and unit:
            errors.append(RowError(*where, "县管委会、督查员不属于某个中心或代办点,请不填所属单位代码。"))
        elif role in (Role.CENTRE_DIRECTOR, Role.CLERK) and unit not in centres:
            errors.append(
                RowError(
                    *where,
                    "中心主任、专职副主任和窗口工作人员应填写本中心所在乡镇(街道)代码,且该乡镇在“便民服务中心”工作表中有中心。",
                )
            )
        elif role == Role.AGENT and unit not in points:
            errors.append(RowError(*where, "代办员应填写所在村(社区)代码,且该村(社区)在“代办点”工作表中有代办点。"))


def _person(staff: dict, phone: str, sheet: str, row: dict, column: str, errors, *, role, unit) -> None:
    person = staff.get(phone)
    if person is None:
        errors.append(RowError(sheet, row["row"], column, f"手机号{wbk.masked(phone)}不在“工作人员”工作表中。"))
    elif person["role"] not in role or person["unit"] != unit:
        errors.append(
            RowError(
                sheet,
                row["row"],
                column,
                f"手机号{wbk.masked(phone)}对应的人员({person['name']})不是本单位的相应人员。",
            )
        )


def _check_people_refs(centres: dict, points: dict, staff: dict, errors: list[RowError]) -> None:
    for row in centres.values():
        for field, column in (("director", "中心主任手机号"), ("deputy", "专职副主任手机号")):
            if row[field]:
                _person(
                    staff,
                    row[field],
                    wbk.CENTRES,
                    row,
                    column,
                    errors,
                    role=(Role.CENTRE_DIRECTOR,),
                    unit=row["township"],
                )
        if row["director"] and row["director"] == row["deputy"]:
            errors.append(RowError(wbk.CENTRES, row["row"], "专职副主任手机号", "专职副主任不能与中心主任为同一人。"))
    for row in points.values():
        if row["head"]:
            _person(
                staff, row["head"], wbk.POINTS, row, "负责人手机号", errors, role=(Role.AGENT,), unit=row["village"]
            )


def _check_windows(rows: list[dict], centres: dict, staff: dict, errors: list[RowError]) -> dict:
    windows = _unique(
        wbk.WINDOWS, rows, lambda r: (r["township"], r["number"]), "窗口号", errors, show=lambda k: f"{k[1]}号窗口"
    )
    for row in windows.values():
        if row["township"] not in centres:
            reason = f"乡镇(街道)代码{row['township']}在“便民服务中心”工作表中没有中心。"
            errors.append(RowError(wbk.WINDOWS, row["row"], "乡镇(街道)代码", reason))
            continue
        if row["kind"] == WindowKind.RESIDENT and row["business_line"] is None:
            errors.append(RowError(wbk.WINDOWS, row["row"], "业务条线", "常驻窗口必须填写业务条线。"))
        phones = []
        for raw in row["staff"]:
            phone = normalize_phone(raw)
            _person(
                staff,
                phone,
                wbk.WINDOWS,
                row,
                "窗口人员手机号",
                errors,
                role=(Role.CENTRE_DIRECTOR, Role.CLERK),
                unit=row["township"],
            )
            phones.append(phone)
        row["staff"] = phones
    return windows


def _check_authorizations(rows, departments: dict, centres: dict, windows: dict, errors) -> dict:
    auths = _unique(
        wbk.AUTHORIZATIONS,
        rows,
        lambda r: (r["township"], r["department"], r["signed_on"]),
        "签署日期",
        errors,
        show=lambda k: f"站所“{k[1]}”{k[2]:%Y-%m-%d}的授权委托",
    )
    for row in auths.values():
        here = (wbk.AUTHORIZATIONS, row["row"])
        if (row["township"], row["department"]) not in departments:
            errors.append(RowError(*here, "站所名称", f"站所“{row['department']}”不在“职能站所”工作表中(同一乡镇)。"))
        if row["township"] not in centres:
            errors.append(RowError(*here, "乡镇(街道)代码", "该乡镇(街道)在“便民服务中心”工作表中没有中心。"))
        if row["revoked_on"] and row["revoked_on"] < row["signed_on"]:
            errors.append(RowError(*here, "撤销日期", "撤销日期不能早于签署日期。"))
        if not (row["may_accept"] or row["may_review"] or row["may_charge"] or row["may_deliver"]):
            errors.append(RowError(*here, "受理", "请至少选择一项授权范围(受理、审核、收费、办结出件)为“是”。"))
        numbers = []
        for raw in row["windows"]:
            number = int(raw) if raw.isdigit() else None
            if number is None or (row["township"], number) not in windows:
                errors.append(RowError(*here, "授权窗口号", f"本中心没有{raw}号窗口(见“窗口”工作表)。"))
            else:
                numbers.append(number)
        row["windows"] = numbers
    return auths

"""青石县 (369901), an invented county for the adoption tests: three townships and one street
(街道), ten villages and communities, a centre in each, windows, points, staff, stations and
authorizations — filled into the template workbook the way a county admin would."""

from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from bianmin.adoption import workbook as wbk

CODE, NAME = "369901", "青石县"
TOWNSHIPS = [  # code, name, kind
    ("369901001", "城关街道", "街道"),
    ("369901101", "石门镇", "镇"),
    ("369901102", "河口镇", "镇"),
    ("369901201", "桃溪乡", "乡"),
]
VILLAGES = [  # code, name, kind, township
    ("369901001101", "东街社区", "社区", "369901001"),
    ("369901001102", "西街社区", "社区", "369901001"),
    ("369901001201", "城郊村", "村", "369901001"),
    ("369901101201", "石门村", "村", "369901101"),
    ("369901101202", "上坊村", "村", "369901101"),
    ("369901101203", "下坊村", "村", "369901101"),
    ("369901102201", "河口村", "村", "369901102"),
    ("369901102202", "渡头村", "村", "369901102"),
    ("369901201201", "桃溪村", "村", "369901201"),
    ("369901201202", "杏花村", "村", "369901201"),
]
MANDATORY = ["民政", "劳动保障", "卫计", "医疗保险", "综治信访"]


def phone(n: int) -> str:
    return f"1390000{n:04d}"


def rows() -> dict[str, list[list]]:
    """Every sheet's rows. People: 9xxx county, 1xyy centres (x township), 2xyy village agents."""
    data: dict[str, list[list]] = {sheet: [] for sheet in wbk.SHEETS}
    data[wbk.TOWNSHIPS] = [[code, name, kind, "是", ""] for code, name, kind in TOWNSHIPS]
    data[wbk.VILLAGES] = [[code, name, kind, parent, "是", ""] for code, name, kind, parent in VILLAGES]
    data[wbk.STAFF] += [
        ["管委会甲", phone(9001), "县管委会", "", "系统管理", "副主任", "qs_admin", "是"],
        ["督查乙", phone(9002), "督查员", "", "督查", "", "qs_inspector", "是"],
    ]
    for t, (code, name, _kind) in enumerate(TOWNSHIPS, start=1):
        director, deputy = phone(1000 + t * 100), phone(1000 + t * 100 + 1)
        data[wbk.CENTRES].append(
            [
                code,
                f"{name}便民服务中心",
                f"青石县{name}政府一楼",
                "周一至周五 8:30-12:00 14:30-17:30",
                f"0797-88{t:02d}1234",
                f"0797-88{t:02d}5678",
                120 + 30 * t,
                director,
                deputy,
                "是",
            ]
        )
        data[wbk.STAFF] += [
            [f"{name[:2]}主任", director, "中心主任", code, "中心管理", "党委委员", f"qs_director{t}", "是"],
            [f"{name[:2]}副主任", deputy, "专职副主任", code, "中心管理", "专职副主任", "", "是"],
        ]
        for n, line in enumerate(MANDATORY, start=1):
            clerk = phone(1000 + t * 100 + 10 + n)
            data[wbk.STAFF].append(
                [
                    f"{name[:2]}{line}员",
                    clerk,
                    "窗口工作人员",
                    code,
                    f"{line}窗口",
                    "",
                    f"qs_clerk{t}{n}" if n == 1 else "",
                    "是",
                ]
            )
            data[wbk.WINDOWS].append([code, n, f"{line}窗口", "常驻窗口", line, f"受理{line}事项", clerk, "是"])
        data[wbk.WINDOWS].append(
            [code, 6, "综合窗口", "综合窗口", "", "代办农业、林业等事项", phone(1000 + t * 100 + 11), "是"]
        )
        data[wbk.DEPARTMENTS] += [[code, f"{name}民政所", "民政所", "是"], [code, f"{name}农业站", "农业站", "是"]]
        data[wbk.AUTHORIZATIONS] += [
            [code, f"{name}民政所", f"{name[:2]}授〔2026〕1号", date(2026, 1, 5), None, "是", "是", "否", "是", "1"],
            [code, f"{name}农业站", f"{name[:2]}授〔2026〕2号", "2026-01-05", None, "是", "否", "否", "否", "6"],
        ]
    for v, (code, name, _kind, _parent) in enumerate(VILLAGES, start=1):
        head, agent = phone(2000 + v * 10), phone(2000 + v * 10 + 1)
        suffix = "社区" if name.endswith("社区") else "村"
        data[wbk.POINTS].append(
            [code, f"{name.removesuffix(suffix)}{suffix}便民服务代办点", f"{name}委会", "", 40, 1, 1, head, "是"]
        )
        data[wbk.STAFF] += [
            [f"{name}书记", head, "代办员", code, "代办点负责人", "党组织书记", "", "是"],
            [f"{name}代办员", agent, "代办员", code, "代办员", "村两委成员", f"qs_agent{v}" if v == 4 else "", "是"],
        ]
    return data


def workbook(data: dict[str, list[list]] | None = None) -> bytes:
    """The template downloaded from the system, filled with ``data``."""
    wb = load_workbook(BytesIO(wbk.build_workbook()))
    for sheet, sheet_rows in (data or rows()).items():
        for row in sheet_rows:
            wb[sheet].append(row)
    stream = BytesIO()
    wb.save(stream)
    return stream.getvalue()


def upload(content: bytes, name: str = "青石县组织机构.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def edited(content: bytes, sheet: str, row: int, header: str, value) -> bytes:
    wb = load_workbook(BytesIO(content))
    ws = wb[sheet]
    headers = [str(c.value).rstrip("*") for c in ws[1]]
    ws.cell(row=row, column=headers.index(header) + 1).value = value
    stream = BytesIO()
    wb.save(stream)
    return stream.getvalue()

"""The organisation workbook (.xlsx): one sheet per kind of unit, the same layout for the blank
template, the export of the county as it is, and the import.

Keys (what makes a row the same unit on re-import): regions by 区划代码, a centre by its township's
code, a window by (township code, 窗口号), an agency point by its village's code, a person by 手机号
(a login, once opened, stays with that person), a station by (township code, 站所名称), an
authorization by (township code, 站所名称, 签署日期). A person without a phone (a county login
made by hand) is found by 登录名.
"""

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bianmin.catalogue.excel import YES_NO
from bianmin.catalogue.excel import Column as CatalogueColumn
from bianmin.core.personal import mask_phone
from bianmin.core.roles import Role
from bianmin.org.models import (
    AgencyPoint,
    Authorization,
    Centre,
    Department,
    Region,
    RegionLevel,
    Staff,
    Window,
    WindowKind,
)

TOWNSHIPS, VILLAGES, CENTRES, WINDOWS = "乡镇街道", "村社区", "便民服务中心", "窗口"
POINTS, STAFF, DEPARTMENTS, AUTHORIZATIONS = "代办点", "工作人员", "职能站所", "授权委托"
NOTES_SHEET = "填写说明"
SHEETS = (TOWNSHIPS, VILLAGES, CENTRES, WINDOWS, POINTS, STAFF, DEPARTMENTS, AUTHORIZATIONS)

TOWNSHIP_KINDS = {"镇": "town", "乡": "xiang", "街道": "street"}
VILLAGE_KINDS = {"村": "village", "社区": "community"}
ROLE_LABELS = {
    "县管委会": Role.COUNTY_ADMIN,
    "督查员": Role.INSPECTOR,
    "中心主任": Role.CENTRE_DIRECTOR,
    "专职副主任": Role.CENTRE_DIRECTOR,
    "窗口工作人员": Role.CLERK,
    "代办员": Role.AGENT,
}
ROLE_OUT = {
    Role.COUNTY_ADMIN: "县管委会",
    Role.INSPECTOR: "督查员",
    Role.CENTRE_DIRECTOR: "中心主任",
    Role.CLERK: "窗口工作人员",
    Role.AGENT: "代办员",
}
WINDOW_KINDS = {label: value for value, label in WindowKind.choices}
ACTIVE = {"是": True, "否": False}


@dataclass(frozen=True)
class Column(CatalogueColumn):
    """The catalogue's column plus kinds of this workbook: code (digits of a length), decimal, date,
    list (several values separated by 、 or commas), username."""

    digits: int = 0


def _c(header, field, kind="text", **kw) -> Column:
    return Column(header, field, kind, **kw)


ACTIVE_COL = _c("在用", "is_active", "choice", default=True, choices=ACTIVE, width=6)
COLUMNS: dict[str, tuple[Column, ...]] = {
    TOWNSHIPS: (
        _c("区划代码", "code", "code", required=True, digits=9, width=12),
        _c("名称", "name", required=True, max_length=50, width=14),
        _c("类型", "kind", "choice", required=True, choices=TOWNSHIP_KINDS, width=6),
        ACTIVE_COL,
        _c("备注", "note", max_length=200, width=24),
    ),
    VILLAGES: (
        _c("区划代码", "code", "code", required=True, digits=12, width=15),
        _c("名称", "name", required=True, max_length=50, width=14),
        _c("类型", "kind", "choice", required=True, choices=VILLAGE_KINDS, width=6),
        _c("所属乡镇(街道)代码", "parent", "code", required=True, digits=9, width=14),
        ACTIVE_COL,
        _c("备注", "note", max_length=200, width=20),
    ),
    CENTRES: (
        _c("乡镇(街道)代码", "township", "code", required=True, digits=9, width=14),
        _c("中心名称", "name", required=True, max_length=60, width=24),
        _c("地址", "address", max_length=200, width=24),
        _c("办公时间", "opening_hours", max_length=200, width=24),
        _c("便民服务专线", "service_phone", "phone", max_length=30, width=14),
        _c("投诉电话", "complaint_phone", "phone", max_length=30, width=14),
        _c("大厅面积(㎡)", "hall_area", "decimal", default=None, high=99999, width=10),
        _c("中心主任手机号", "director", "phone", width=14),
        _c("专职副主任手机号", "deputy", "phone", width=14),
        ACTIVE_COL,
    ),
    WINDOWS: (
        _c("乡镇(街道)代码", "township", "code", required=True, digits=9, width=14),
        _c("窗口号", "number", "int", required=True, low=1, high=99, width=8),
        _c("窗口名称", "name", required=True, max_length=40, width=16),
        _c("窗口类型", "kind", "choice", required=True, choices=WINDOW_KINDS, width=12),
        _c("业务条线", "business_line", "line", default=None, width=10),
        _c("窗口职责", "duties", width=24),
        _c("窗口人员手机号", "staff", "list", width=28),
        ACTIVE_COL,
    ),
    POINTS: (
        _c("村(社区)代码", "village", "code", required=True, digits=12, width=15),
        _c("代办点名称", "name", required=True, max_length=60, width=24),
        _c("地址", "address", max_length=200, width=20),
        _c("联系电话", "phone", "phone", max_length=30, width=14),
        _c("场地面积(㎡)", "area", "decimal", default=None, high=9999, width=10),
        _c("收件窗口数", "receiving_windows", "int", default=1, low=0, high=20, width=8),
        _c("发件窗口数", "issuing_windows", "int", default=1, low=0, high=20, width=8),
        _c("负责人手机号", "head", "phone", width=14),
        ACTIVE_COL,
    ),
    STAFF: (
        _c("姓名", "name", required=True, max_length=30, width=10),
        _c("手机号", "phone", "phone", max_length=30, width=14),
        _c("角色", "role", "choice", required=True, choices=ROLE_LABELS, width=12),
        _c("所属单位代码", "unit", "unit", width=15),
        _c("岗位", "post", max_length=40, width=14),
        _c("职务", "position", max_length=40, width=14),
        _c("登录名", "username", "username", width=14),
        _c("在岗", "is_active", "choice", default=True, choices=ACTIVE, width=6),
    ),
    DEPARTMENTS: (
        _c("乡镇(街道)代码", "township", "code", required=True, digits=9, width=14),
        _c("站所名称", "name", required=True, max_length=60, width=20),
        _c("站所类别", "kind", max_length=40, width=12),
        ACTIVE_COL,
    ),
    AUTHORIZATIONS: (
        _c("乡镇(街道)代码", "township", "code", required=True, digits=9, width=14),
        _c("站所名称", "department", required=True, max_length=60, width=20),
        _c("委托书编号", "document_number", max_length=50, width=18),
        _c("签署日期", "signed_on", "date", required=True, width=12),
        _c("撤销日期", "revoked_on", "date", default=None, width=12),
        _c("受理", "may_accept", "choice", default=True, choices=YES_NO, width=6),
        _c("审核", "may_review", "choice", default=False, choices=YES_NO, width=6),
        _c("收费", "may_charge", "choice", default=False, choices=YES_NO, width=6),
        _c("办结出件", "may_deliver", "choice", default=False, choices=YES_NO, width=8),
        _c("授权窗口号", "windows", "list", width=12),
    ),
}

NOTES = [
    "本工作簿描述本县的乡镇(街道)、村(社区)、便民服务中心、窗口、代办点、工作人员、职能站所和授权委托。",
    "导入时先检查全部工作表,任何一处有误都不写入,并列出工作表、行、列和原因。",
    "再次导入修改后的工作簿会就地更新:区划按区划代码、中心按乡镇代码、窗口按乡镇代码+窗口号、"
    "代办点按村(社区)代码、工作人员按手机号(没有手机号的按登录名)、站所按乡镇代码+站所名称、授权按乡镇代码+站所名称+签署日期对应。",
    "工作簿中不再出现的单位和人员会被停用(在用/在岗=否),不会删除,办件和报表历史保持可查。",
    "乡镇(街道)区划代码9位、村(社区)12位(国家统计用区划代码),均以本县6位代码开头。",
    "工作人员“所属单位代码”:中心主任、专职副主任、窗口工作人员填乡镇(街道)代码;代办员填村(社区)代码;县管委会、督查员不填。",
    "填写“登录名”的人员将开通登录账号,初始密码在导入结果中显示一次,首次登录必须修改。“在岗”为否的人员账号会被停用。",
    "多个手机号或窗口号用顿号(、)或逗号分隔。日期写作 2026-01-31。",
    "常驻窗口必须填写业务条线(如 民政、劳动保障、卫计、医疗保险、综治信访);综合窗口、咨询导办窗口可不填。",
]


def _phone_of(staff: Staff | None) -> str:
    return staff.phone if staff else ""


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _rows(county: Region) -> dict[str, list[list[Any]]]:
    """The county's organisation as rows of every sheet (active and retired units alike)."""
    townships = Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP).order_by("code")
    kinds_out = {v: k for k, v in TOWNSHIP_KINDS.items()} | {v: k for k, v in VILLAGE_KINDS.items()}
    rows: dict[str, list[list[Any]]] = {sheet: [] for sheet in SHEETS}
    rows[TOWNSHIPS] = [[t.code, t.name, kinds_out.get(t.kind, ""), _yes(t.is_active), t.note] for t in townships]
    villages = Region.objects.filter(parent__in=townships, level=RegionLevel.VILLAGE).select_related("parent")
    rows[VILLAGES] = [
        [v.code, v.name, kinds_out.get(v.kind, ""), v.parent.code, _yes(v.is_active), v.note]
        for v in villages.order_by("code")
    ]
    centres = Centre.objects.filter(township__in=townships).select_related("township", "director", "deputy")
    rows[CENTRES] = [
        [
            c.township.code,
            c.name,
            c.address,
            c.opening_hours,
            c.service_phone,
            c.complaint_phone,
            c.hall_area,
            _phone_of(c.director),
            _phone_of(c.deputy),
            _yes(c.is_active),
        ]
        for c in centres.order_by("township__code")
    ]
    windows = Window.objects.filter(centre__in=centres).select_related("centre__township", "business_line")
    kinds = dict(WindowKind.choices)
    rows[WINDOWS] = [
        [
            w.centre.township.code,
            w.number,
            w.name,
            kinds[w.kind],
            str(w.business_line or ""),
            w.duties,
            "、".join(s.phone for s in w.staff.all() if s.phone),
            _yes(w.is_active),
        ]
        for w in windows.prefetch_related("staff").order_by("centre__township__code", "number")
    ]
    points = AgencyPoint.objects.filter(centre__in=centres).select_related("village", "head")
    rows[POINTS] = [
        [
            p.village.code,
            p.name,
            p.address,
            p.phone,
            p.area,
            p.receiving_windows,
            p.issuing_windows,
            _phone_of(p.head),
            _yes(p.is_active),
        ]
        for p in points.order_by("village__code")
    ]
    staff = Staff.objects.select_related("centre__township", "agency_point__village", "user")
    staff = (
        staff.filter(centre__in=centres)
        | staff.filter(agency_point__in=points)
        | staff.filter(centre__isnull=True, agency_point__isnull=True)
    )
    deputies = set(centres.values_list("deputy_id", flat=True))
    rows[STAFF] = [
        [
            s.name,
            s.phone,
            "专职副主任" if s.pk in deputies else ROLE_OUT[s.role],
            s.centre.township.code if s.centre_id else s.agency_point.village.code if s.agency_point_id else "",
            s.post,
            s.position,
            s.user.username if s.user_id else "",
            _yes(s.is_active),
        ]
        for s in staff.distinct().order_by("centre__township__code", "agency_point__village__code", "pk")
    ]
    departments = Department.objects.filter(township__in=townships).select_related("township")
    rows[DEPARTMENTS] = [
        [d.township.code, d.name, d.kind, _yes(d.is_active)] for d in departments.order_by("township__code", "name")
    ]
    authorizations = Authorization.objects.filter(centre__in=centres).select_related("department__township")
    rows[AUTHORIZATIONS] = [
        [
            a.department.township.code,
            a.department.name,
            a.document_number,
            a.signed_on,
            a.revoked_on,
            _yes(a.may_accept),
            _yes(a.may_review),
            _yes(a.may_charge),
            _yes(a.may_deliver),
            "、".join(str(w.number) for w in a.windows.all()),
        ]
        for a in authorizations.prefetch_related("windows").order_by("department__township__code", "signed_on")
    ]
    return rows


def build_workbook(county: Region | None = None) -> bytes:
    """The template (``county`` None: headers and notes only) or the county as it is now."""
    wb = Workbook(write_only=True)
    notes = wb.create_sheet(NOTES_SHEET)
    notes.column_dimensions["A"].width = 110
    for line in NOTES:
        cell = WriteOnlyCell(notes, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        notes.append([cell])
    rows = _rows(county) if county is not None else {}
    for title in SHEETS:
        ws = wb.create_sheet(title)
        for index, col in enumerate(COLUMNS[title], start=1):
            ws.column_dimensions[get_column_letter(index)].width = col.width
        ws.freeze_panes = "A2"
        header = []
        for col in COLUMNS[title]:
            cell = WriteOnlyCell(ws, value=col.header + ("*" if col.required else ""))
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in rows.get(title, []):
            ws.append(row)
    stream = BytesIO()
    wb.save(stream)
    return stream.getvalue()


def masked(phone: str) -> str:
    """How a phone appears in an error message (never in full: the report is shown and printed)."""
    return mask_phone(phone) if phone else ""

"""The ledger as an .xlsx workbook: sheet 登记簿 (one row per case) and sheet 统计簿 (the totals).

Personal data is masked as on every list (issue #5 point 7): ID numbers with ``mask_id_document``,
phones with ``mask_phone``; the full values never enter the file. Each sheet opens with a title row
(unit, month, filters) and a bold header row, both frozen.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bianmin.cases.ledgers import COUNT_FIELDS, COUNT_LABELS, RATE_LABEL, GroupRow, Statistics, timeliness_label
from bianmin.cases.models import Case
from bianmin.core.personal import mask_id_document, mask_phone

REGISTER_SHEET, STATISTICS_SHEET = "登记簿", "统计簿"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    header: str
    width: int


REGISTER_COLUMNS = (
    Column("序号", 6),
    Column("办件编号", 22),
    Column("收件时间", 17),
    Column("事项", 28),
    Column("申请人", 10),
    Column("证件类型", 12),
    Column("证件号码", 21),
    Column("联系电话", 14),
    Column("中心", 18),
    Column("渠道", 11),
    Column("代办点", 18),
    Column("受理窗口", 18),
    Column("承办人", 10),
    Column("首问责任人", 10),
    Column("受理时间", 17),
    Column("办结期限", 17),
    Column("状态", 12),
    Column("办结时间", 17),
    Column("办理结果", 10),
    Column("是否按时", 10),
)
STATISTICS_COLUMNS = (Column("分类", 36), *(Column(COUNT_LABELS[f], 10) for f in COUNT_FIELDS), Column(RATE_LABEL, 10))


def _local(moment: datetime | None) -> datetime | None:
    """Excel has no time zones: write the county's local wall-clock time."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _bold(ws, value, size: int | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = Font(bold=True, size=size) if size else Font(bold=True)
    return cell


def _datetime(ws, moment: datetime | None):
    if moment is None:
        return None
    cell = WriteOnlyCell(ws, value=_local(moment))
    cell.number_format = DATETIME_FORMAT
    return cell


def _start(wb: Workbook, title: str, heading: str, columns: Iterable[Column]):
    ws = wb.create_sheet(title)
    columns = list(columns)
    for index, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = col.width
    # Rows 1 (title) and 2 (headers) stay in view while scrolling.
    ws.freeze_panes = "A3"
    ws.append([_bold(ws, heading, size=14)])
    ws.append([_bold(ws, col.header) for col in columns])
    return ws


def register_row(ws, number: int, case: Case) -> list:
    """One 登记簿 row; ``case`` has its list relations selected and ``case.light`` set."""
    return [
        number,
        case.receipt_number,
        _datetime(ws, case.received_at),
        case.item_name,
        case.applicant_name,
        case.get_id_type_display(),
        mask_id_document(case.id_type, case.id_number) if case.id_number else "",
        mask_phone(case.phone) if case.phone else "",
        case.centre.name,
        case.get_channel_display(),
        case.agency_point.name if case.agency_point else "",
        str(case.window) if case.window else "",
        case.handler.name if case.handler else "",
        case.first_responder.name,
        _datetime(ws, case.accepted_at),
        _datetime(ws, case.due_at),
        case.get_status_display(),
        _datetime(ws, case.completed_at),
        case.get_result_display() if case.result else "",
        timeliness_label(case.status, case.light),
    ]


def _group_table(ws, heading: str, rows: list[GroupRow]) -> None:
    ws.append([])
    ws.append([_bold(ws, heading)])
    for row in rows:
        ws.append([row.label, *row.counts.values(), row.counts.on_time_percent])


def workbook(*, heading: str, cases: Iterable[Case], stats: Statistics) -> bytes:
    """The .xlsx bytes: ``heading`` names the unit, month and filters; ``cases`` are lit register rows."""
    wb = Workbook(write_only=True)
    ws = _start(wb, REGISTER_SHEET, f"{heading} 办件登记簿", REGISTER_COLUMNS)
    for number, case in enumerate(cases, start=1):
        ws.append(register_row(ws, number, case))

    ws = _start(wb, STATISTICS_SHEET, f"{heading} 办件统计簿", STATISTICS_COLUMNS)
    totals = stats.totals
    ws.append([_bold(ws, "合计"), *totals.values(), totals.on_time_percent])
    if stats.by_centre is not None:
        _group_table(ws, "按中心", stats.by_centre)
    _group_table(ws, "按窗口", stats.by_window)
    _group_table(ws, "按事项", stats.by_item)
    _group_table(ws, "按渠道", stats.by_channel)
    ws.append([])
    ws.append([_bold(ws, "按状态"), _bold(ws, "件数")])
    for row in stats.by_status:
        ws.append([row.label, row.count])
    ws.append([_bold(ws, "合计"), _bold(ws, stats.totals.received)])
    ws.append([])
    ws.append([f"统计时点:{_local(stats.as_of):%Y-%m-%d %H:%M}。统计对象为本月收件的办件,状态为统计时点的状态。"])
    ws.append(["按时办结率 = 按时办结 ÷ 办结;超期未办结 = 办理中且已超过办结期限(红灯)。"])

    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

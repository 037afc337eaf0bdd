"""One .xlsx table (title row, bold header row, both frozen) for the registers' "导出 Excel".

The caller gives the columns and rows of plain values; datetimes are written as the county's local
wall-clock time (Excel has no time zones) with a date/time format, dates with a date format. The
caller is responsible for masking personal data before it reaches a row.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bianmin.core.downloads import download

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    wrap: bool = False


def _cell(ws, value, column: Column) -> WriteOnlyCell:
    if isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    if column.wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def table_workbook(*, sheet: str, title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    """The bytes of a one-sheet workbook: row 1 the title, row 2 the headers, then ``rows``."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    for index, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = col.width
    ws.freeze_panes = "A3"
    heading = WriteOnlyCell(ws, value=title)
    heading.font = Font(bold=True, size=14)
    ws.append([heading])
    headers = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font = Font(bold=True)
        headers.append(cell)
    ws.append(headers)
    for row in rows:
        ws.append([_cell(ws, value, col) for value, col in zip(row, columns, strict=True)])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, fallback: str, **table) -> HttpResponse:
    """``table_workbook(**table)`` as a download named ``filename`` (Chinese) / ``fallback`` (ASCII)."""
    return download(table_workbook(**table), content_type=XLSX_TYPE, filename=filename, fallback=fallback)


def a4_page(ws, widths: Sequence[float], *, landscape: bool) -> None:
    """Column widths and the A4 print set-up of a printable worksheet: fitted to the page width,
    centred, with "第 n 页 共 m 页" in the footer (the monthly report, the assessment sheets)."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"

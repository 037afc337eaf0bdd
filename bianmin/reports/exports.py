"""The monthly report and the county summary as .xlsx, laid out as a county office prints them:
A4 (the centre's report portrait, the county summary landscape), fitted to the page width, a title
over the whole table, thin borders, bold headers, totals, page numbers in the footer, and a place
for the director's signature. LibreOffice and Excel open them as they are (``soffice --headless
--convert-to pdf`` gives the printed sheet).

Only figures and the director's texts go in: no applicant, no phone, no ID number.
"""

import math
from collections.abc import Sequence
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from bianmin.cases.ledgers import COUNT_FIELDS, COUNT_LABELS, RATE_LABEL, Month
from bianmin.core.xlsx import a4_page
from bianmin.reports import figures as fig
from bianmin.supervision.rules import LEVELS_BEST_FIRST

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="EDEDED")
SECTION_FILL = PatternFill("solid", fgColor="DDE5F0")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
FONT = "宋体"


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


class Sheet:
    """A worksheet written row by row with the house style."""

    def __init__(self, ws: Worksheet, widths: Sequence[int], *, landscape: bool) -> None:
        self.ws = ws
        self.width = len(widths)
        self.row = 0
        a4_page(ws, widths, landscape=landscape)
        self.chars_per_line = max(20, int(sum(widths) / 2.1))  # CJK characters are two columns wide

    def _merge(self, first: int = 1, last: int | None = None) -> None:
        last = last or self.width
        if last > first:
            self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)

    def title(self, text: str) -> None:
        self.row += 1
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(name=FONT, bold=True, size=16)
        cell.alignment = CENTRE
        self._merge()
        self.ws.row_dimensions[self.row].height = 30

    def note(self, text: str, *, size: int = 10) -> None:
        self.row += 1
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(name=FONT, size=size)
        cell.alignment = LEFT
        self._merge()
        lines = max(1, math.ceil(len(text) / self.chars_per_line))
        self.ws.row_dimensions[self.row].height = 15 * lines + 3

    def blank(self) -> None:
        self.row += 1

    def section(self, text: str) -> None:
        self.row += 1
        for col in range(1, self.width + 1):
            cell = self.ws.cell(self.row, col)
            cell.fill = SECTION_FILL
            cell.border = BOX
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(name=FONT, bold=True, size=11)
        cell.alignment = LEFT
        self._merge()

    def line(self, values: Sequence, *, bold: bool = False, header: bool = False, first_left: bool = True) -> None:
        self.row += 1
        for col, value in enumerate(values, start=1):
            cell = self.ws.cell(self.row, col, value)
            cell.border = BOX
            cell.font = Font(name=FONT, bold=bold or header, size=10)
            cell.alignment = LEFT if (col == 1 and first_left and not header) else CENTRE
            if header:
                cell.fill = HEAD_FILL
        if header:
            self.ws.row_dimensions[self.row].height = 28

    def text_block(self, label: str, text: str) -> None:
        """A labelled paragraph across the page (the director's texts)."""
        self.section(label)
        self.row += 1
        body = text or "(无)"
        cell = self.ws.cell(self.row, 1, body)
        cell.font = Font(name=FONT, size=10.5)
        cell.alignment = TOP_LEFT
        for col in range(1, self.width + 1):
            self.ws.cell(self.row, col).border = BOX
        self._merge()
        lines = sum(max(1, math.ceil(len(part) / self.chars_per_line)) for part in body.splitlines() or [""])
        self.ws.row_dimensions[self.row].height = min(409, 16 * lines + 8)

    def bytes(self) -> bytes:
        buffer = BytesIO()
        self.ws.parent.save(buffer)
        return buffer.getvalue()


# --- one centre's report -------------------------------------------------------------------------

REPORT_WIDTHS = (26, *(7 for _ in COUNT_FIELDS), 9)
OVERALL = (
    ("收件", lambda f: f.totals.received),
    ("受理", lambda f: f.totals.accepted),
    ("办结", lambda f: f.totals.completed),
    ("按时办结", lambda f: f.totals.on_time),
    ("超期办结", lambda f: f.totals.late),
    ("按时办结率", lambda f: f.on_time_percent),
    ("月末在办", lambda f: f.extras.open_at_month_end),
    ("超期未办结", lambda f: f.totals.overdue_open),
    ("在办", lambda f: f.totals.in_progress),
    ("待受理", lambda f: f.totals.awaiting),
    ("不予受理", lambda f: f.totals.not_accepted),
    ("撤回", lambda f: f.totals.withdrawn),
    ("挂起(特别程序)", lambda f: f.extras.suspended),
    ("延期", lambda f: f.extras.extended),
    ("代办点代办", lambda f: f.extras.at_points),
)


def _pairs(sheet: Sheet, label: str, items: Sequence[tuple[str, object]]) -> None:
    """Labels over values, as many per row as the sheet has columns after the first."""
    per_row = sheet.width - 1
    for start in range(0, len(items), per_row):
        chunk = list(items[start : start + per_row])
        sheet.line([label if start == 0 else "", *[k for k, _ in chunk]], header=True)
        sheet.line(["", *[v for _, v in chunk]], first_left=False)


def _group(sheet: Sheet, title: str, rows: list[fig.Row], totals) -> None:
    sheet.line([title, *COUNT_LABELS.values(), RATE_LABEL], header=True)
    for row in rows:
        sheet.line([row.label, *row.counts.values(), row.counts.on_time_percent])
    sheet.line(["合计", *totals.values(), totals.on_time_percent], bold=True)


def report_workbook(
    figures: fig.Figures, *, status: str, version=None, summary: str, problems: str, measures: str
) -> bytes:
    """``status`` says 按时报送 / 逾期报送 / 未报送 …; ``version`` is the submitted version shown (None: live)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "月报"
    sheet = Sheet(ws, REPORT_WIDTHS, landscape=False)
    month = Month.parse(figures.month)
    sheet.title(f"{figures.centre_name}{month.label}信息报送表")
    if version is not None:
        head = f"第{version.number}版 报送时间:{_local(version.submitted_at)} 报送人:{version.submitted_by.name}"
    else:
        head = "尚未报送(以下为系统实时汇总)"
    sheet.note(f"报送单位:{figures.centre_name}  {head}  状态:{status}  数据截至:{_local(figures.compiled_at)}")
    if version is not None and version.reason:
        sheet.note(f"重新报送理由:{version.reason}")

    sheet.section("一、办件总体情况(本月收件的办件)")
    _pairs(sheet, "件数", [(label, get(figures)) for label, get in OVERALL])

    sheet.section("二、分类统计")
    for title, rows in (
        ("按业务条线", figures.by_line),
        ("即办件与承诺件", figures.by_handling),
        ("按办理渠道", figures.by_channel),
        ("按窗口", figures.by_window),
        ("按事项", figures.by_item),
    ):
        _group(sheet, title, rows, figures.totals)

    sheet.section("三、咨询与代办点")
    c = figures.consultations
    _pairs(sheet, "咨询登记", [("咨询总数", c.total), ("其中代办点", c.at_points), ("已办结", c.closed)])
    sheet.line(["代办点", "代办件", "咨询", "帮扶", "调解", "合计"], header=True)
    for p in [*figures.points, figures.point_totals]:
        sheet.line([p.label, p.cases, p.consultations, p.help, p.mediation, p.total], bold=p.label == "合计")

    sheet.section("四、好差评与差评整改")
    r = figures.ratings
    levels = [(label, r.by_level.get(value, 0)) for value, label in LEVELS_BEST_FIRST]
    _pairs(sheet, "好差评", [("评价总数", r.total), *levels, ("差评", r.bad), ("好评率", r.good_percent)])
    x = figures.rectifications
    _pairs(
        sheet,
        "差评整改",
        [
            ("本月发起", x.opened),
            ("已办结", x.closed),
            ("超期办结", x.closed_late),
            ("整改中", x.open),
            ("超期未办结", x.overdue),
        ],
    )

    sheet.section("五、投诉举报")
    k = figures.complaints
    _pairs(
        sheet,
        "投诉举报",
        [
            ("收到", k.received),
            ("已办结", k.closed),
            ("查证属实", k.substantiated),
            ("不属实", k.unsubstantiated),
            ("未查证", k.undecided),
        ],
    )

    sheet.section("六、考勤与请销假")
    a = figures.attendance
    _pairs(
        sheet,
        "考勤",
        [
            ("考勤人数", a.people),
            ("出勤人天", a.person_days),
            ("迟到", a.late),
            ("早退", a.left_early),
            ("未签退", a.no_sign_out),
            ("主任补录", a.entered),
            ("无故缺勤", a.absences),
            ("请假(批准)", a.leaves),
        ],
    )
    if a.leave_by_kind:
        sheet.note("请假类别:" + "、".join(f"{kind}{n}次" for kind, n in a.leave_by_kind))

    _queue_section(sheet, figures.queue)
    sheet.text_block("八、本月工作总结", summary)
    sheet.text_block("九、存在问题", problems)
    sheet.text_block("十、改进措施", measures)
    sheet.blank()
    sheet.note("中心主任(签字):                         报送日期:        年    月    日", size=11)
    sheet.note(
        "说明:办件数据统计本月收件的办件,状态截至“数据截至”时间,与同月台账(统计簿)一致;月末在办为月末仍未办结、"
        "未被退回或撤回的办件;按时办结率 = 按时办结 ÷ 办结。",
        size=9,
    )
    return sheet.bytes()


def _queue_section(sheet: Sheet, q) -> None:
    """七、排队叫号与预约 (bianmin/hallqueue): the month's tickets and times, by line and window."""
    sheet.section("七、排队叫号与预约")
    t = q.totals
    _pairs(
        sheet,
        "排队叫号",
        [
            ("取号", t.tickets),
            ("绿色通道及预约", q.priority),
            ("办结", t.served),
            ("过号", t.no_show),
            ("过号率", t.no_show_percent),
            ("平均等候", t.avg_wait_label),
            ("最长等候", t.max_wait_label),
            (f"等候超{q.limit_minutes}分钟", t.over_limit),
            ("平均办理", t.avg_handle_label),
        ],
    )
    for title, rows in (("按取号业务", q.by_line), ("按窗口", q.by_window)):
        sheet.line([title, "取号", "办结", "过号", "过号率", "平均等候", "平均办理"], header=True)
        for row in rows:
            sheet.line(
                [
                    row.label,
                    row.tickets,
                    row.served,
                    row.no_show,
                    row.no_show_percent,
                    row.avg_wait_label,
                    row.avg_handle_label,
                ]
            )
    a = q.appointments
    sheet.note(
        f"预约:共 {a.booked} 个,已签到 {a.checked_in},失约 {a.no_show}(失约率 {a.no_show_percent}),取消 {a.cancelled}。"
    )


# --- the county summary --------------------------------------------------------------------------

COUNTY_WIDTHS = (5, 18, 10, 16, 8, *(7 for _ in fig.KEY_FIELDS), 9)
YEAR_WIDTHS = (5, 18, 8, 8, 8, 8, 9, 9, 9, 9, 9)


def county_workbook(month: Month, table: dict, *, compiled_at) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    sheet = Sheet(ws, COUNTY_WIDTHS, landscape=True)
    counts = table["counts"]
    sheet.title(f"全县便民服务中心{month.label}信息报送汇总表")
    sheet.note(
        f"报送期限:{table['deadline']:%Y年%m月%d日};按时报送 {counts['on_time']} 个,逾期报送 {counts['late']} 个,"
        f"逾期未报送 {counts['missing']} 个,待报送 {counts['due']} 个。汇总时间:{_local(compiled_at)}。"
    )
    labels = list(fig.KEY_LABELS.values())
    labels.insert(labels.index("超期办结") + 1, "按时办结率")
    sheet.line(["序号", "中心", "报送情况", "报送时间", "数据来源", *labels], header=True)
    for number, line in enumerate(table["lines"], start=1):
        f = line.figures
        values = f.values()
        values.insert(list(fig.KEY_LABELS).index("late") + 1, f.on_time_percent)
        report = line.line.report
        sheet.line(
            [
                number,
                line.centre.name,
                line.line.standing.label,
                _local(report.first_submitted_at) if report and report.first_submitted_at else "",
                "报送数据" if line.frozen else "系统实时",
                *values,
            ],
            first_left=False,
        )
    t = table["totals"]
    values = t.values()
    values.insert(list(fig.KEY_LABELS).index("late") + 1, t.on_time_percent)
    sheet.line(["", "合计", "", "", "", *values], bold=True)
    sheet.note(
        "说明:已报送的中心为其报送时冻结的数据(重新报送的取最新一版),未报送的中心为系统按台账实时汇总的数据;"
        "办件统计本月收件的办件,月末在办为月末仍未办结的办件。",
        size=9,
    )

    ws2 = wb.create_sheet("本年累计")
    year = Sheet(ws2, YEAR_WIDTHS, landscape=True)
    year.title(f"全县便民服务中心{month.year}年1–{month.month}月累计")
    year.line(
        [
            "序号",
            "中心",
            "收件",
            "办结",
            "按时办结",
            "超期办结",
            "按时办结率",
            "按时报送(月)",
            "逾期报送(月)",
            "未报送(月)",
            "材料上报得分",
        ],
        header=True,
    )
    for number, line in enumerate(table["lines"], start=1):
        y = line.ytd
        year.line(
            [
                number,
                line.centre.name,
                y.received,
                y.completed,
                y.on_time,
                y.late,
                y.on_time_percent,
                line.year_on_time,
                line.year_late,
                line.year_missing,
                line.year_points,
            ],
            first_left=False,
        )
    y = table["ytd_totals"]
    year.line(["", "合计", y.received, y.completed, y.on_time, y.late, y.on_time_percent, "", "", "", ""], bold=True)
    year.note("材料上报得分:按要求(按时)报送的月份每月0.5分(考核评分细则“材料上报”)。", size=9)
    return sheet.bytes()


def report_filename(figures: fig.Figures) -> str:
    return f"{figures.centre_name}{Month.parse(figures.month).label}信息报送表.xlsx"


def county_filename(month: Month) -> str:
    return f"全县便民服务中心{month.label}信息报送汇总表.xlsx"

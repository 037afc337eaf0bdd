"""The annual assessment on paper (issue #9 point 3, plan 五(三) and its 附件): the ranking of the year
and one centre's score sheet, as .xlsx and as the data of their A4 print pages.

- ``year_table(ranking)``: the ranking with each centre's points per section and per indicator, read
  from the sheets' stored results (two queries besides the ranking's own, whatever the number of
  centres); ``year_workbook`` writes it (sheet "考核结果" and sheet "指标得分").
- ``sheet_lines(breakdown)``: one centre's sheet laid out like the 附件 table (考核内容 | 考核指标及
  评分标准 | 分值 | 得分 | 备注); ``sheet_workbook`` writes it, the print page renders the same lines.

Only points, the rubric's text, the automatic readings' summaries and the inspectors' notes go in:
no names of applicants or staff (the signature lines are left blank to sign on paper).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from bianmin.assessment.breakdown import Breakdown, IndicatorRow, ItemRow, SectionRow, value_text
from bianmin.assessment.models import Assessment, Indicator, ScoreSheet
from bianmin.assessment.scoring import Rule, fmt
from bianmin.assessment.scoring import fmt_or_dash as points
from bianmin.assessment.scoring import fmt_signed as signed
from bianmin.assessment.selectors import Ranking, RankRow
from bianmin.core.xlsx import a4_page

ZERO = Decimal("0")
COUNTY_TITLE = "玉山县乡镇(街道)便民服务中心"
OPEN_NOTE = "评分中,结果未发布"


def _local(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def year_title(assessment: Assessment) -> str:
    return f"{COUNTY_TITLE}{assessment.year}年度工作考核结果"


def status_text(assessment: Assessment) -> str:
    return OPEN_NOTE if assessment.is_open else f"已发布({_local(assessment.published_at)})"


# --- the year: ranking with section and indicator points -----------------------------------------


@dataclass(frozen=True)
class SectionColumn:
    title: str
    max_points: Decimal
    indicator_keys: tuple[str, ...]  # keys of ScoreSheet.results

    @property
    def header(self) -> str:
        return f"{self.title}({fmt(self.max_points)})"

    @property
    def max_text(self) -> str:
        return fmt(self.max_points)


@dataclass(frozen=True)
class IndicatorColumn:
    key: str
    section: str
    title: str
    max_points: Decimal

    @property
    def header(self) -> str:
        return f"{self.section}·{self.title}({fmt(self.max_points)})"


@dataclass(frozen=True)
class YearRow:
    rank: RankRow
    sections: tuple[Decimal, ...]
    indicators: tuple[Decimal, ...]

    @property
    def sheet(self) -> ScoreSheet:
        return self.rank.sheet

    @property
    def previous_total(self) -> Decimal | None:
        return None if self.rank.previous is None else self.rank.previous.total

    # As printed (the print page has no arithmetic of its own).
    @property
    def section_texts(self) -> list[str]:
        return [fmt(value) for value in self.sections]

    @property
    def texts(self) -> dict[str, str]:
        return {
            "base": fmt(self.sheet.base),
            "bonus": fmt(self.sheet.bonus),
            "total": fmt(self.sheet.total),
            "previous": points(self.previous_total),
            "change": signed(self.rank.change),
        }


@dataclass(frozen=True)
class YearTable:
    assessment: Assessment
    of: int  # centres ranked (a director's table has one row but a place among all)
    previous_year: int | None
    sections: tuple[SectionColumn, ...]  # the 100-point sections; the bonus ones add up to 加分
    indicators: tuple[IndicatorColumn, ...]  # every indicator, bonus included
    base_max: Decimal
    bonus_max: Decimal
    rows: list[YearRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return year_title(self.assessment)

    @property
    def max_texts(self) -> dict[str, str]:
        return {"base": fmt(self.base_max), "bonus": fmt(self.bonus_max)}

    @property
    def corrected(self) -> list[ScoreSheet]:
        """Sheets shown in a corrected version (their reason is printed under the table)."""
        return [row.sheet for row in self.rows if row.sheet.version > 1]


def _point(results: dict, key: str) -> Decimal:
    result = results.get(key)
    return Decimal(str(result["points"])) if result else ZERO


def year_table(ranking: Ranking) -> YearTable:
    """The ranking with every row's section and indicator points (one query for the rubric)."""
    indicators = list(
        Indicator.objects.filter(section__rubric_id=ranking.assessment.rubric_id)
        .select_related("section")
        .order_by("section__position", "section__pk", "position", "pk")
    )
    columns = tuple(IndicatorColumn(str(ind.pk), ind.section.title, ind.title, ind.max_points) for ind in indicators)
    sections: dict[int, list[Indicator]] = {}
    for ind in indicators:
        sections.setdefault(ind.section_id, []).append(ind)
    section_columns = tuple(
        SectionColumn(inds[0].section.title, sum((i.max_points for i in inds), ZERO), tuple(str(i.pk) for i in inds))
        for inds in sections.values()
        if not inds[0].section.is_bonus
    )
    bonus_max = sum((ind.max_points for ind in indicators if ind.section.is_bonus), ZERO)
    base_max = sum((column.max_points for column in section_columns), ZERO)
    rows = []
    for rank in ranking.rows:
        results = rank.sheet.results or {}
        rows.append(
            YearRow(
                rank,
                tuple(sum((_point(results, key) for key in col.indicator_keys), ZERO) for col in section_columns),
                tuple(_point(results, col.key) for col in columns),
            )
        )
    return YearTable(
        assessment=ranking.assessment,
        of=ranking.of,
        previous_year=ranking.previous.year if ranking.previous else None,
        sections=section_columns,
        indicators=columns,
        base_max=base_max,
        bonus_max=bonus_max,
        rows=rows,
    )


# --- the workbook house style (as the monthly reports': A4, fitted to width, boxed) ---------------

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="EDEDED")
SECTION_FILL = PatternFill("solid", fgColor="DDE5F0")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
FONT = "宋体"


def _text_width(text: str) -> int:
    return sum(1 if ord(char) < 128 else 2 for char in text)


class Writer:
    """A worksheet written row by row: title, notes across the page, boxed table rows."""

    def __init__(self, ws: Worksheet, widths: Sequence[float], *, landscape: bool, header_rows: str = "") -> None:
        self.ws = ws
        self.widths = list(widths)
        self.row = 0
        a4_page(ws, widths, landscape=landscape)

    def _merge(self, first: int, last: int) -> None:
        if last > first:
            self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)

    def _height(self, texts: Sequence[tuple[str, float]], line: float = 14) -> None:
        """Row height for wrapped text: a CJK character takes about two width units, ASCII one."""
        lines = 1
        for text, width in texts:
            room = max(2.0, width - 1)
            parts = str(text).splitlines() or [""]
            lines = max(lines, sum(max(1, math.ceil(_text_width(part) / room)) for part in parts))
        if lines > 1:
            self.ws.row_dimensions[self.row].height = min(409, line * lines + 4)

    def title(self, text: str) -> None:
        self.row += 1
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(name=FONT, bold=True, size=16)
        cell.alignment = CENTRE
        self._merge(1, len(self.widths))
        self.ws.row_dimensions[self.row].height = 30

    def note(self, text: str, *, size: int = 10, bold: bool = False) -> None:
        self.row += 1
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(name=FONT, size=size, bold=bold)
        cell.alignment = LEFT
        self._merge(1, len(self.widths))
        self._height([(text, sum(self.widths))], line=size + 5)

    def blank(self) -> None:
        self.row += 1

    def line(
        self,
        values: Sequence,
        *,
        header: bool = False,
        bold: bool = False,
        fill: PatternFill | None = None,
        left: Sequence[int] = (),
        unmeasured: Sequence[int] = (),
    ) -> int:
        """One boxed row; ``left`` are the 1-based columns aligned left (text), others centred;
        ``unmeasured`` columns do not set the row's height (a cell merged down over several rows)."""
        self.row += 1
        for col, value in enumerate(values, start=1):
            cell = self.ws.cell(self.row, col, value)
            cell.border = BOX
            cell.font = Font(name=FONT, bold=bold or header, size=10)
            cell.alignment = LEFT if col in left and not header else CENTRE
            if header:
                cell.fill = HEAD_FILL
            elif fill is not None:
                cell.fill = fill
        measured = [
            (str(value or ""), width)
            for col, (value, width) in enumerate(zip(values, self.widths, strict=False), start=1)
            if col not in unmeasured
        ]
        self._height(measured)
        if self.ws.row_dimensions[self.row].height is None:
            self.ws.row_dimensions[self.row].height = 18  # a table row on paper, not Excel's 15
        return self.row

    def merge_down(self, column: int, first_row: int, last_row: int) -> None:
        if last_row > first_row:
            self.ws.merge_cells(start_row=first_row, start_column=column, end_row=last_row, end_column=column)

    def bytes(self) -> bytes:
        buffer = BytesIO()
        self.ws.parent.save(buffer)
        return buffer.getvalue()


def _number(value: Decimal | None) -> int | float | None:
    """Points written as a number (Excel's General format shows 95.5, 10, -5); none is a blank cell."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


YEAR_HEADERS_BEFORE = ("名次", "乡镇(街道)", "中心")
YEAR_HEADERS_AFTER = ("总分", "上年总分", "增减", "状态")


def year_headers(table: YearTable) -> list[str]:
    return [
        *YEAR_HEADERS_BEFORE,
        *(column.header for column in table.sections),
        f"基础分({fmt(table.base_max)})",
        f"加分({fmt(table.bonus_max)})",
        *YEAR_HEADERS_AFTER,
    ]


def year_notes(table: YearTable) -> list[str]:
    """The explanations printed under the ranking (on the page and in the workbook)."""
    notes = [
        "总分 = 基础分 + 加分;总分相同的名次并列。“不限次”扣分的指标(群众满意情况)可扣至该项分值以下,从基础分中扣减。",
    ]
    if table.previous_year:
        notes.append(f"上年总分为{table.previous_year}年度同一中心的总分(已更正的以更正后为准)。")
    for sheet in table.corrected:
        notes.append(f"{sheet.centre.name}评分表为第{sheet.version}版(更正),更正理由:{sheet.reason}")
    return notes


YEAR_SIGNATURES = "制表:                 审核:                 县行政服务中心管委会(盖章)      日期:    年  月  日"


def year_workbook(table: YearTable, *, exported_at: datetime) -> bytes:
    """Sheet "考核结果": the ranking; sheet "指标得分": every centre × indicator."""
    wb = Workbook()
    ws = wb.active
    ws.title = "考核结果"
    widths = [6, 12, 24, *(11 for _ in table.sections), 9, 8, 8, 9, 8, 9]
    sheet = Writer(ws, widths, landscape=True)
    sheet.title(table.title)
    meta = f"状态:{status_text(table.assessment)}  参加考核中心:{table.of}个  导出时间:{_local(exported_at)}"
    sheet.note(meta)
    sheet.line(year_headers(table), header=True)
    ws.freeze_panes = ws.cell(sheet.row + 1, 4)
    ws.print_title_rows = f"{sheet.row}:{sheet.row}"
    for row in table.rows:
        sheet.line(
            [
                row.rank.place,
                row.sheet.centre.township.name,
                row.sheet.centre.name,
                *(_number(value) for value in row.sections),
                _number(row.sheet.base),
                _number(row.sheet.bonus),
                _number(row.sheet.total),
                _number(row.previous_total),
                _number(row.rank.change),
                row.sheet.get_status_display(),
            ],
            left=(3,),
        )
    for text in year_notes(table):
        sheet.note(text, size=9)
    sheet.blank()
    sheet.note(YEAR_SIGNATURES)

    ws2 = wb.create_sheet("指标得分")
    detail = Writer(ws2, [6, 24, *(9 for _ in table.indicators), 8, 8, 8], landscape=True)
    detail.title(f"{table.title}(分指标得分)")
    detail.note(meta)
    detail.line(["名次", "中心", *(c.header for c in table.indicators), "基础分", "加分", "总分"], header=True)
    ws2.row_dimensions[detail.row].height = 96
    ws2.freeze_panes = ws2.cell(detail.row + 1, 3)
    ws2.print_title_rows = f"{detail.row}:{detail.row}"
    for row in table.rows:
        detail.line(
            [
                row.rank.place,
                row.sheet.centre.name,
                *(_number(value) for value in row.indicators),
                _number(row.sheet.base),
                _number(row.sheet.bonus),
                _number(row.sheet.total),
            ],
            left=(2,),
        )
    return sheet.bytes()


def year_filename(assessment: Assessment, ext: str = "xlsx") -> str:
    return f"{year_title(assessment)}.{ext}"


# --- one centre's sheet: the 附件 table ----------------------------------------------------------

SHEET_HEADERS = ("考核内容", "考核指标及评分标准", "分值", "得分", "备注")
OVERRIDDEN_MARK = "【人工调整】"


@dataclass(frozen=True)
class SheetLine:
    """One row of the 附件 table: an indicator (bold, with its points) or one of its items."""

    kind: str  # "indicator" | "item"
    text: str
    standard: str  # 分值
    score: str  # 得分
    note: str  # 备注
    section: SectionRow | None = None  # on the first row of a section only
    span: int = 0  # rows the section's cell covers
    overridden: bool = False
    incomplete: bool = False

    @property
    def is_indicator(self) -> bool:
        return self.kind == "indicator"

    @property
    def section_points(self) -> str:
        """ "(10分)", "(最多20分)" under the section's title."""
        if self.section is None:
            return ""
        prefix = "最多" if self.section.section.is_bonus else ""
        return f"({prefix}{fmt(self.section.max_points)}分)"


def indicator_note(row: IndicatorRow) -> str:
    parts = []
    if not row.complete:
        parts.append("尚有未评分项")
    if row.below_zero:
        parts.append("不限次扣分,计入总分")
    elif row.floored and row.raw < row.points:
        parts.append("扣完为止")
    elif row.floored and row.rule is Rule.BONUS:
        parts.append(f"最多加{fmt(row.indicator.max_points)}分")
    elif row.floored:
        parts.append(f"以{fmt(row.indicator.max_points)}分为限")
    if row.previous is not None:
        parts.append(f"上年{fmt(row.previous)}分({signed(row.change)})")
    return ";".join(parts)


def item_note(row: ItemRow) -> str:
    """备注 of an item: the automatic reading's summary, the inspector's note, an attachment."""
    score = row.score
    parts = []
    if score.overridden:
        auto = value_text(row.rule, row.item, score.auto_value)
        parts.append(f"{OVERRIDDEN_MARK}自动评分{auto}" + (f":{score.auto_summary}" if score.auto_summary else ""))
    elif row.is_auto and score.auto_summary:
        parts.append(f"自动评分:{score.auto_summary}")
    if score.note:
        parts.append(f"评分说明:{score.note}")
    if score.has_evidence:
        parts.append("附证明材料")
    return ";".join(parts)


def sheet_lines(breakdown: Breakdown) -> list[SheetLine]:
    lines: list[SheetLine] = []
    for section in breakdown.sections:
        span = sum(1 + len(row.items) for row in section.indicators)
        first = True
        for row in section.indicators:
            lines.append(
                SheetLine(
                    kind="indicator",
                    text=f"{row.indicator.title}({fmt(row.indicator.max_points)}分)",
                    standard=f"{fmt(row.indicator.max_points)}分",
                    score=fmt(row.points),
                    note=indicator_note(row),
                    section=section if first else None,
                    span=span if first else 0,
                    incomplete=not row.complete,
                )
            )
            first = False
            for number, item in enumerate(row.items, start=1):
                lines.append(
                    SheetLine(
                        kind="item",
                        text=f"{number}、{item.item.text}",
                        standard=item.standard,
                        score=item.value,
                        note=item_note(item),
                        overridden=item.score.overridden,
                        incomplete=item.score.value is None,
                    )
                )
    return lines


@dataclass(frozen=True)
class SheetSummary:
    """The totals block under the table."""

    base: str
    base_max: str
    bonus: str
    bonus_max: str
    total: str
    previous_total: str
    change: str
    place: str  # "3 / 16", "" when the sheet is not the one ranked


def sheet_summary(breakdown: Breakdown, place: int | None = None, of: int = 0) -> SheetSummary:
    sheet, before = breakdown.sheet, breakdown.previous_sheet
    return SheetSummary(
        base=fmt(sheet.base),
        base_max=fmt(breakdown.base_max),
        bonus=fmt(sheet.bonus),
        bonus_max=fmt(breakdown.bonus_max),
        total=fmt(sheet.total),
        previous_total=points(before.total if before else None),
        change=signed(sheet.total - before.total if before else None),
        place=f"{place} / {of}" if place else "",
    )


def sheet_title(sheet: ScoreSheet) -> str:
    return f"{sheet.centre.name}{sheet.assessment.year}年度工作考核评分表"


def sheet_meta(sheet: ScoreSheet) -> str:
    """Version and status in one line: "第2版(更正) · 已发布 2027-01-10"."""
    version = f"第{sheet.version}版" + ("(更正)" if sheet.version > 1 else "")
    status = sheet.get_status_display()
    if sheet.published_at:
        status += f" {timezone.localtime(sheet.published_at):%Y-%m-%d}"
    elif sheet.is_draft:
        status = OPEN_NOTE
    return f"{version} · {status}"


SIGNATURES = "考核人(签字):                    被考核单位负责人(签字):                    日期:    年  月  日"


def sheet_workbook(breakdown: Breakdown, summary: SheetSummary, *, exported_at: datetime) -> bytes:
    sheet = breakdown.sheet
    wb = Workbook()
    ws = wb.active
    ws.title = "评分表"
    out = Writer(ws, [14, 46, 10, 9, 34], landscape=False)
    out.title(sheet_title(sheet))
    out.note(
        f"被考核单位:{sheet.centre.name}  考核年度:{sheet.assessment.year}  {sheet_meta(sheet)}  "
        f"导出时间:{_local(exported_at)}"
    )
    if sheet.reason:
        out.note(f"更正理由:{sheet.reason}")
    out.line(SHEET_HEADERS, header=True)
    ws.print_title_rows = f"{out.row}:{out.row}"
    merges = []
    for line in sheet_lines(breakdown):
        row = out.line(
            [
                f"{line.section.section.title}\n{line.section_points}" if line.section else None,
                line.text,
                line.standard,
                line.score,
                line.note,
            ],
            bold=line.is_indicator,
            fill=SECTION_FILL if line.is_indicator else None,
            left=(2, 5),
            unmeasured=(1,),
        )
        if line.section:
            ws.cell(row, 1).fill = PatternFill(fill_type=None)
            merges.append((row, row + line.span - 1))
        if line.overridden:
            ws.cell(row, 5).font = Font(name=FONT, size=10, color="B02A37")
    for first, last in merges:  # after the rows are written: cells under a merge are read-only
        out.merge_down(1, first, last)
    out.line(["基础分", f"满分{summary.base_max}分", None, summary.base, None], bold=True)
    out.line(["加分", f"最多{summary.bonus_max}分", None, summary.bonus, None], bold=True)
    place = f"名次 {summary.place}" if summary.place else None
    out.line(["总分", "基础分 + 加分", None, summary.total, place], bold=True)
    out.line(["上年总分", None, None, summary.previous_total, f"增减 {summary.change}"], bold=True)
    if breakdown.unscored:
        out.note(f"注:尚有{breakdown.unscored}项未评分,以上为当前得分。", size=9)
    out.note(
        "说明:“分值”为该项满分或每次(每月)分值;扣分、按月和加分项目的“得分”栏为次数(月数),按分值折算后计入指标得分。"
        f"标“{OVERRIDDEN_MARK}”的为督查人员调整了系统自动评分结果的项目。",
        size=9,
    )
    out.blank()
    out.note(SIGNATURES, size=11)
    return out.bytes()


def sheet_filename(sheet: ScoreSheet, ext: str = "xlsx") -> str:
    version = f"(第{sheet.version}版)" if sheet.version > 1 else ""
    return f"{sheet_title(sheet)}{version}.{ext}"

"""The "导出 Excel" tables of the four supervision registers (one sheet each, ``bianmin.core.xlsx``).

Rows are the list's rows (same scope and filters); annulled records appear only under 含已作废,
with who annulled them, when and why. No personal data beyond staff names (public on the post
boards) and the inspector's name as entered.
"""

from collections.abc import Iterable

from bianmin.core.xlsx import Column
from bianmin.supervision import rules_findings
from bianmin.supervision.models import Bulletin, Inspection, MonitoringFinding, PressReport

ANNUL_COLUMNS = [Column("状态", 8), Column("作废时间", 17), Column("作废人", 10), Column("作废原因", 30, wrap=True)]
RECORDED_COLUMNS = [Column("登记人", 10), Column("登记时间", 17)]


def _recorded_and_annul(record) -> list:
    return [
        record.recorded_by.name,
        record.recorded_at,
        "已作废" if record.is_annulled else "有效",
        record.annulled_at,
        record.annulled_by.name if record.annulled_by_id else "",
        record.annul_reason,
    ]


def _points(points) -> str:
    if points > 0:
        return f"加{points:g}分"
    if points < 0:
        return f"扣{-points:g}分"
    return "不计分"


# --- inspections -------------------------------------------------------------------------------

INSPECTION_COLUMNS = [
    Column("检查时间", 17),
    Column("中心", 22),
    Column("代办点", 20),
    Column("检查类型", 13),
    Column("检查方", 18),
    Column("检查单位/人员", 20),
    Column("服务态度", 9),
    Column("工作作风", 9),
    Column("工作效率", 9),
    Column("办事质量", 9),
    Column("收费行为", 9),
    Column("发现的问题", 40, wrap=True),
    Column("意见建议", 30, wrap=True),
    Column("通报结果", 10),
    Column("通报文号", 18),
    Column("整改期限", 12),
    Column("整改情况", 36, wrap=True),
    *RECORDED_COLUMNS,
    *ANNUL_COLUMNS,
]


def inspection_rows(rows: Iterable[Inspection]):
    for r in rows:
        yield [
            r.inspected_at,
            r.centre.name,
            r.agency_point.name if r.agency_point_id else "",
            r.get_kind_display(),
            r.get_inspector_kind_display(),
            r.inspector_name,
            *(getattr(r, f"get_{name}_display")() for name in Inspection.ASPECTS),
            r.findings,
            r.suggestions,
            r.get_outcome_display(),
            r.bulletin_ref,
            r.rectification_due,
            r.rectification,
            *_recorded_and_annul(r),
        ]


# --- video-monitoring findings -----------------------------------------------------------------

FINDING_COLUMNS = [
    Column("发现时间", 17),
    Column("中心", 22),
    Column("窗口", 18),
    Column("涉及人员", 10),
    Column("问题类型", 28),
    Column("情况描述", 40, wrap=True),
    Column("扣分", 6),
    *RECORDED_COLUMNS,
    *ANNUL_COLUMNS,
]


def finding_rows(rows: Iterable[MonitoringFinding]):
    for r in rows:
        yield [
            r.observed_at,
            r.centre.name,
            str(r.window) if r.window_id else "",
            r.staff.name if r.staff_id else "",
            r.get_kind_display(),
            r.description,
            float(r.deduction),
            *_recorded_and_annul(r),
        ]


# --- press reports and bulletins ---------------------------------------------------------------

PRESS_COLUMNS = [
    Column("发布日期", 12),
    Column("中心", 22),
    Column("性质", 6),
    Column("媒体级别", 10),
    Column("媒体名称", 18),
    Column("标题", 36, wrap=True),
    Column("网址", 30),
    Column("内容摘要", 36, wrap=True),
    Column("考核计分", 10),
    *RECORDED_COLUMNS,
    *ANNUL_COLUMNS,
]


def press_points(report: PressReport) -> str:
    if rules_findings.counts_as_exposure(tone=report.tone, level=report.level):
        return _points(-rules_findings.EXPOSURE_POINTS)
    if rules_findings.counts_as_media_bonus(tone=report.tone, level=report.level):
        return _points(rules_findings.BONUS_POINTS) + "(年度最多10分)"
    return _points(0)


def press_rows(rows: Iterable[PressReport]):
    for r in rows:
        yield [
            r.published_on,
            r.centre.name,
            r.get_tone_display(),
            r.get_level_display(),
            r.outlet,
            r.title,
            r.link,
            r.summary,
            press_points(r),
            *_recorded_and_annul(r),
        ]


BULLETIN_COLUMNS = [
    Column("通报日期", 12),
    Column("中心", 22),
    Column("通报类型", 10),
    Column("部门级别", 10),
    Column("通报部门", 22),
    Column("文号", 18),
    Column("标题/事由", 36, wrap=True),
    Column("来源检查", 24),
    Column("考核计分", 10),
    *RECORDED_COLUMNS,
    *ANNUL_COLUMNS,
]


def bulletin_points(bulletin: Bulletin) -> str:
    if rules_findings.counts_as_criticism(outcome=bulletin.outcome, level=bulletin.level):
        return _points(-rules_findings.EXPOSURE_POINTS)
    if rules_findings.counts_as_commendation(outcome=bulletin.outcome, level=bulletin.level):
        return _points(rules_findings.BONUS_POINTS) + "(年度最多10分)"
    return _points(0)


def bulletin_rows(rows: Iterable[Bulletin]):
    for r in rows:
        yield [
            r.issued_on,
            r.centre.name,
            r.get_outcome_display(),
            r.get_level_display(),
            r.issuer,
            r.reference,
            r.title,
            str(r.inspection) if r.inspection_id else "",
            bulletin_points(r),
            *_recorded_and_annul(r),
        ]

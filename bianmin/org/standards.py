"""The standardization check of a centre and of an agency point, as pure functions.

Inputs are plain values (no queries), so the dashboard, the assessment (附件) and the
standardization progress all reuse these rules. Each finding cites the plan clause.
"""

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from bianmin.org.facilities import AGENCY_POINT_FACILITIES, CENTRE_FACILITIES, ChecklistItem


class HallClass(enum.Enum):
    """四(一)2(2): 示范型 ≥200㎡, 标准型 ≥150㎡, 简朴型 ≥100㎡; below that the hall is not up to standard."""

    MODEL = "示范型"
    STANDARD = "标准型"
    BASIC = "简朴型"
    BELOW = "未达标"

    @property
    def label(self) -> str:
        return self.value

    @property
    def badge(self) -> str:
        """Bootstrap colour used for the class everywhere it is shown."""
        return {"示范型": "success", "标准型": "primary", "简朴型": "info", "未达标": "danger"}[self.value]


HALL_THRESHOLDS: tuple[tuple[Decimal, HallClass], ...] = (
    (Decimal(200), HallClass.MODEL),
    (Decimal(150), HallClass.STANDARD),
    (Decimal(100), HallClass.BASIC),
)

POINT_MIN_AREA = Decimal(30)  # 四(二)2: 场地面积不少于30平方米
POINT_RECEIVING_WINDOWS = (1, 2)  # 四(二)1: 收件窗口1-2个
POINT_ISSUING_WINDOWS = 1  # 四(二)1: 发件窗口1个
POINT_STAFF = (1, 2)  # 四(二)1: 工作人员1-2名


def hall_class(area: Decimal | int | float) -> HallClass:
    area = Decimal(str(area))
    for threshold, cls in HALL_THRESHOLDS:
        if area >= threshold:
            return cls
    return HallClass.BELOW


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    clause: str
    severity: str = "warning"  # "danger" for a hard requirement of the plan, "warning" for a gap


def missing_mandatory_lines(present: Iterable[str], mandatory: Sequence[str]) -> list[str]:
    """The mandatory business lines (in the given order) that no active window serves."""
    have = set(present)
    return [line for line in mandatory if line not in have]


def _checklist_gaps(items: Sequence[ChecklistItem], values: Mapping[str, bool]) -> list[Finding]:
    return [
        Finding(code=f"facility:{item.code}", message=f"缺少:{item.label}", clause=item.clause)
        for item in items
        if not values.get(item.code, False)
    ]


def centre_findings(
    *,
    hall_area: Decimal,
    lines_present: Iterable[str],
    mandatory_lines: Sequence[str],
    window_kinds: Iterable[str],
    has_director: bool,
    has_deputy: bool,
    facilities: Mapping[str, bool],
) -> list[Finding]:
    """Everything about one centre that falls short of the plan, most serious first."""
    findings: list[Finding] = []
    cls = hall_class(hall_area)
    if cls is HallClass.BELOW:
        findings.append(Finding("hall_area", f"大厅面积 {hall_area}㎡,不足100㎡(简朴型下限)", "四(一)2(2)", "danger"))
    for line in missing_mandatory_lines(lines_present, mandatory_lines):
        findings.append(Finding(f"line:{line}", f"缺少必设的{line}窗口(5+x)", "四(一)3(1)", "danger"))
    kinds = set(window_kinds)
    if "comprehensive" not in kinds:
        findings.append(Finding("window:comprehensive", "未设综合窗口", "四(一)3(2)"))
    if "guidance" not in kinds:
        findings.append(Finding("window:guidance", "未设咨询导办窗口", "四(一)3(3)"))
    if not has_director:
        findings.append(Finding("director", "未明确中心主任(党政班子成员兼任)", "四(一)1(1)", "danger"))
    if not has_deputy:
        findings.append(Finding("deputy", "未配备专职副主任", "四(一)1(1)", "danger"))
    findings.extend(_checklist_gaps(CENTRE_FACILITIES, facilities))
    return findings


def point_findings(
    *,
    area: Decimal,
    receiving_windows: int,
    issuing_windows: int,
    staff_count: int,
    has_head: bool,
    facilities: Mapping[str, bool],
) -> list[Finding]:
    """Everything about one agency point that falls short of 四(二)."""
    findings: list[Finding] = []
    if Decimal(str(area)) < POINT_MIN_AREA:
        findings.append(Finding("area", f"场地面积 {area}㎡,不足30㎡", "四(二)2", "danger"))
    low, high = POINT_RECEIVING_WINDOWS
    if not low <= receiving_windows <= high:
        findings.append(Finding("receiving_windows", f"收件窗口 {receiving_windows} 个,应为1-2个", "四(二)1"))
    if issuing_windows != POINT_ISSUING_WINDOWS:
        findings.append(Finding("issuing_windows", f"发件窗口 {issuing_windows} 个,应为1个", "四(二)1"))
    low, high = POINT_STAFF
    if staff_count < low:
        findings.append(Finding("staff", "未安排工作人员,窗口不能缺岗", "四(二)1", "danger"))
    elif staff_count > high:
        findings.append(Finding("staff", f"工作人员 {staff_count} 名,标准为1-2名", "四(二)1"))
    if not has_head:
        findings.append(Finding("head", "未明确代办点负责人(原则上由村居党组织书记兼任)", "四(二)1"))
    findings.extend(_checklist_gaps(AGENCY_POINT_FACILITIES, facilities))
    return findings


def is_up_to_standard(findings: Iterable[Finding]) -> bool:
    """A unit meets the standard when no hard requirement ("danger") is missed."""
    return not any(f.severity == "danger" for f in findings)

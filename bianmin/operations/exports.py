"""The registers' "导出 Excel" (one sheet each, through ``bianmin.core.xlsx``): what the list shows
with the same filters. No phone numbers or ID numbers are exported here at all."""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

from bianmin.core.xlsx import Column, xlsx_response
from bianmin.operations.models import Attendance, CentreLog, Leave, Patrol, StaffChange
from bianmin.operations.selectors_attendance import MonthRow, with_flags
from bianmin.operations.selectors_records import LogMonthRow


def _title(base: str, unit: str, filters: str) -> str:
    title = f"{unit}{base}"
    return title + (f"({filters})" if filters else "")


def _stamp() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def _yes(value: bool) -> str:
    return "是" if value else ""


def attendance_xlsx(rows: Iterable[Attendance], *, unit: str, filters: str) -> HttpResponse:
    columns = [
        Column("日期", 12),
        Column("中心", 22),
        Column("代办点", 22),
        Column("姓名", 10),
        Column("上岗窗口", 16),
        Column("签到时间", 17),
        Column("签退时间", 17),
        Column("迟到", 6),
        Column("早退", 6),
        Column("登记方式", 10),
        Column("备注", 30, wrap=True),
        Column("登记人", 10),
    ]
    data = [
        [
            a.day,
            a.centre.name,
            a.agency_point.name if a.agency_point else "",
            a.staff.name,
            f"{a.window.number}号 {a.window.name}" if a.window else "",
            a.signed_in_at,
            a.signed_out_at,
            _yes(a.late),
            _yes(a.early),
            a.get_source_display(),
            a.note,
            a.recorded_by.name if a.recorded_by else "",
        ]
        for a in with_flags(rows)
    ]
    return xlsx_response(
        filename=f"考勤记录_{_stamp()}.xlsx",
        fallback=f"attendance-{_stamp()}.xlsx",
        sheet="考勤记录",
        title=_title("考勤记录", unit, filters),
        columns=columns,
        rows=data,
    )


def summary_xlsx(rows: Iterable[MonthRow], *, unit: str, month: str, centres: dict) -> HttpResponse:
    columns = [
        Column("中心", 22),
        Column("代办点", 22),
        Column("姓名", 10),
        Column("岗位", 14),
        Column("出勤天数", 9),
        Column("迟到", 6),
        Column("早退", 6),
        Column("请假天数", 9),
        Column("旷岗", 6),
        Column("旷岗日期", 40, wrap=True),
    ]
    data = [
        [
            centres.get(r.centre_id, ""),
            r.staff.agency_point.name if r.staff.agency_point_id else "",
            r.staff.name,
            r.staff.post,
            r.present,
            r.late,
            r.early,
            r.leave_days,
            r.absent,
            "、".join(d.strftime("%m-%d") for d in r.absent_days),
        ]
        for r in rows
    ]
    return xlsx_response(
        filename=f"考勤月度汇总_{month}.xlsx",
        fallback=f"attendance-summary-{month}.xlsx",
        sheet="考勤月度汇总",
        title=f"{unit}考勤月度汇总 {month}",
        columns=columns,
        rows=data,
    )


def leaves_xlsx(rows: Iterable[Leave], *, unit: str, filters: str) -> HttpResponse:
    columns = [
        Column("中心", 22),
        Column("代办点", 22),
        Column("请假人", 10),
        Column("类别", 10),
        Column("开始时间", 17),
        Column("预计结束时间", 17),
        Column("事由", 30, wrap=True),
        Column("顶岗人员", 10),
        Column("状态", 10),
        Column("申请时间", 17),
        Column("审批/撤回人", 11),
        Column("审批时间", 17),
        Column("审批意见", 24, wrap=True),
        Column("销假时间", 17),
    ]
    data = [
        [
            leave.centre.name,
            leave.agency_point.name if leave.agency_point else "",
            leave.staff.name,
            leave.get_kind_display(),
            leave.starts_at,
            leave.ends_at,
            leave.reason,
            leave.stand_in.name if leave.stand_in else "",
            leave.get_status_display(),
            leave.requested_at,
            leave.decided_by.name if leave.decided_by else "",
            leave.decided_at,
            leave.decision_note,
            leave.returned_at,
        ]
        for leave in rows
    ]
    return xlsx_response(
        filename=f"请销假登记_{_stamp()}.xlsx",
        fallback=f"leaves-{_stamp()}.xlsx",
        sheet="请销假",
        title=_title("请销假登记", unit, filters),
        columns=columns,
        rows=data,
    )


def logs_xlsx(rows: Iterable[LogMonthRow], *, unit: str, month: str) -> HttpResponse:
    """Every working day of the month up to today, the missing ones as 未填写."""
    columns = [
        Column("日期", 12),
        Column("中心", 22),
        Column("状态", 8),
        Column("开门", 7),
        Column("关门", 7),
        Column("应到", 6),
        Column("实到", 6),
        Column("在岗情况说明", 30, wrap=True),
        Column("当日收件", 8),
        Column("当日办结", 8),
        Column("当日咨询", 8),
        Column("发现的问题", 30, wrap=True),
        Column("处理情况", 30, wrap=True),
        Column("其他事项", 20, wrap=True),
        Column("记录人", 10),
        Column("填写时间", 17),
    ]
    data = []
    for row in rows:
        for cell in row.cells:
            log: CentreLog | None = cell.log
            if log is not None:
                data.append(
                    [
                        cell.day,
                        row.centre.name,
                        "已填写",
                        log.opened_at.strftime("%H:%M") if log.opened_at else "",
                        log.closed_at.strftime("%H:%M") if log.closed_at else "",
                        log.staff_expected,
                        log.staff_present,
                        log.staffing_note,
                        log.cases_received,
                        log.cases_completed,
                        log.consultations,
                        log.problems,
                        log.handling,
                        log.remarks,
                        log.written_by.name,
                        log.written_at,
                    ]
                )
            elif cell.missing:
                data.append([cell.day, row.centre.name, "未填写", *[""] * 13])
    return xlsx_response(
        filename=f"中心运行日志_{month}.xlsx",
        fallback=f"centre-logs-{month}.xlsx",
        sheet="运行日志",
        title=f"{unit}中心运行日志 {month}",
        columns=columns,
        rows=data,
    )


def patrols_xlsx(rows: Iterable[Patrol], *, unit: str, filters: str) -> HttpResponse:
    columns = [
        Column("巡查时间", 17),
        Column("中心", 22),
        Column("巡查人", 10),
        Column("发现问题", 8),
        Column("巡查情况", 36, wrap=True),
        Column("纠正措施", 30, wrap=True),
        Column("涉及窗口", 14),
        Column("涉及人员", 10),
        Column("现场照片", 8),
        Column("状态", 8),
        Column("作废原因", 24, wrap=True),
        Column("作废人", 10),
        Column("作废时间", 17),
    ]
    data = [
        [
            p.patrolled_at,
            p.centre.name,
            p.patrolled_by.name,
            _yes(p.found_problem),
            p.findings,
            p.corrections,
            f"{p.window.number}号 {p.window.name}" if p.window else "",
            p.staff.name if p.staff else "",
            _yes(p.has_evidence),
            "已作废" if p.is_annulled else "有效",
            p.annul_reason,
            p.annulled_by.name if p.annulled_by else "",
            p.annulled_at,
        ]
        for p in rows
    ]
    return xlsx_response(
        filename=f"动态巡查记录_{_stamp()}.xlsx",
        fallback=f"patrols-{_stamp()}.xlsx",
        sheet="动态巡查",
        title=_title("动态巡查记录", unit, filters),
        columns=columns,
        rows=data,
    )


def staff_changes_xlsx(rows: Iterable[StaffChange], *, unit: str, filters: str) -> HttpResponse:
    columns = [
        Column("中心", 22),
        Column("姓名", 10),
        Column("调整类型", 10),
        Column("原岗位", 14),
        Column("新岗位", 14),
        Column("调整日期", 12),
        Column("报备时间", 17),
        Column("报备期限", 12),
        Column("报备", 10),
        Column("报备人", 10),
        Column("县管委会确认", 17),
        Column("确认人", 10),
        Column("调整原因", 30, wrap=True),
        Column("状态", 8),
        Column("作废原因", 24, wrap=True),
    ]
    data = [
        [
            c.centre.name,
            c.name,
            c.get_kind_display(),
            c.from_post,
            c.to_post,
            c.effective_on,
            c.reported_at,
            c.deadline,
            "及时报备" if c.on_time else "逾期报备",
            c.reported_by.name,
            c.acknowledged_at,
            c.acknowledged_by.name if c.acknowledged_by else "",
            c.reason,
            "已作废" if c.is_annulled else "有效",
            c.annul_reason,
        ]
        for c in rows
    ]
    return xlsx_response(
        filename=f"人员调整报备_{_stamp()}.xlsx",
        fallback=f"staff-changes-{_stamp()}.xlsx",
        sheet="人员调整报备",
        title=_title("人员调整报备", unit, filters),
        columns=columns,
        rows=data,
    )

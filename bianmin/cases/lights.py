"""The electronic-monitoring light of a case as lists show it (五(一) 电子监察; pure, no ORM).

Running cases get the workcalendar light (normal / yellow / red); suspended cases are paused;
decided cases show whether they were completed on time; cases not yet accepted have no clock.
"""

from dataclasses import dataclass
from datetime import datetime

from bianmin.cases.workflow import DECIDED, RUNNING, Status
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.deadlines import Light, light


@dataclass(frozen=True)
class CaseLight:
    key: str  # normal, yellow, red, paused, on_time, late, none
    label: str
    css: str  # Bootstrap colour name

    @property
    def is_alarm(self) -> bool:
        return self.key in ("yellow", "red")


NONE = CaseLight("none", "未受理", "secondary")
WITHDRAWN = CaseLight("closed", "已撤回", "secondary")
PAUSED = CaseLight("paused", "挂起中", "info")
ON_TIME = CaseLight("on_time", "按时办结", "success")
LATE = CaseLight("late", "超期办结", "danger")
BY_LIGHT = {
    Light.NORMAL: CaseLight("normal", "正常", "success"),
    Light.YELLOW: CaseLight("yellow", "黄灯", "warning"),
    Light.RED: CaseLight("red", "红灯", "danger"),
}


def case_light(
    *,
    status: str,
    accepted_at: datetime | None,
    due_at: datetime | None,
    completed_at: datetime | None,
    now: datetime,
    calendar: WorkCalendar,
    yellow_days: int = 1,
    yellow_share: float | None = None,
) -> CaseLight:
    if status == Status.WITHDRAWN:
        return WITHDRAWN  # also when it was withdrawn after acceptance: no clock runs any more
    if due_at is None or accepted_at is None:
        return NONE
    if Status(status) in DECIDED and completed_at is not None:
        return ON_TIME if completed_at <= due_at else LATE
    if status == Status.SUSPENDED:
        return PAUSED
    if Status(status) in RUNNING:
        return BY_LIGHT[
            light(
                due=due_at,
                now=now,
                calendar=calendar,
                accepted_at=accepted_at,
                yellow_days=yellow_days,
                yellow_share=yellow_share,
            )
        ]
    return NONE

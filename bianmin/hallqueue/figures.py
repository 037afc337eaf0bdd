"""The queue's figures as plain values (waiting and handling times, tickets, 过号), and their JSON
form for the monthly report's frozen snapshot. Pure: ``selectors_figures.py`` fills them from
aggregate queries; the centre dashboard, the queue's figures page and the monthly report
(``reports.figures.Figures.queue``) render them.

Times are kept as totals in seconds with the number of tickets they cover, so groups add up and the
averages are computed where they are shown: waiting = ready (taken, or an appointment's slot start)
to the first call; handling = 开始办理 (or the call) to 办结.
"""

from dataclasses import dataclass, field, fields
from typing import Any


def _minutes(total: int, count: int) -> float | None:
    return None if count <= 0 else total / count / 60


def minutes_label(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} 分钟"


@dataclass(frozen=True)
class Timing:
    """One group's tickets and times (a line, a window, an hour, a day, or all)."""

    key: str = ""
    label: str = ""
    tickets: int = 0
    called: int = 0  # called at least once
    served: int = 0  # 已办结
    no_show: int = 0  # 过号 (at the end of it)
    wait_total: int = 0  # seconds, over the ``called`` tickets
    wait_max: int = 0
    handled: int = 0  # finished with a known handling time
    handle_total: int = 0
    over_limit: int = 0  # waited longer than the limit

    @property
    def avg_wait(self) -> float | None:
        return _minutes(self.wait_total, self.called)

    @property
    def avg_handle(self) -> float | None:
        return _minutes(self.handle_total, self.handled)

    @property
    def avg_wait_label(self) -> str:
        return minutes_label(self.avg_wait)

    @property
    def avg_handle_label(self) -> str:
        return minutes_label(self.avg_handle)

    @property
    def max_wait_label(self) -> str:
        return minutes_label(self.wait_max / 60) if self.called else "—"

    @property
    def no_show_rate(self) -> float | None:
        """过号率: of the tickets called, the share nobody came for (None when none were called)."""
        return None if self.called <= 0 else self.no_show / self.called

    @property
    def no_show_percent(self) -> str:
        rate = self.no_show_rate
        return "—" if rate is None else f"{rate * 100:.1f}%"


@dataclass(frozen=True)
class Appointments:
    booked: int = 0  # all bookings for days in the period (whatever became of them)
    checked_in: int = 0
    no_show: int = 0  # 失约
    cancelled: int = 0

    @property
    def no_show_percent(self) -> str:
        due = self.checked_in + self.no_show
        return "—" if due <= 0 else f"{self.no_show / due * 100:.1f}%"


@dataclass(frozen=True)
class QueueFigures:
    limit_minutes: int = 30
    totals: Timing = field(default_factory=Timing)
    priority: int = 0  # 绿色通道 tickets
    by_line: list[Timing] = field(default_factory=list)
    by_window: list[Timing] = field(default_factory=list)
    by_hour: list[Timing] = field(default_factory=list)
    by_day: list[Timing] = field(default_factory=list)
    appointments: Appointments = field(default_factory=Appointments)

    @property
    def is_empty(self) -> bool:
        return self.totals.tickets == 0 and self.appointments.booked == 0


# --- JSON ------------------------------------------------------------------------------------------


def _plain(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _known(cls: Any, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def to_json(figures: QueueFigures) -> dict[str, Any]:
    return {
        "limit_minutes": figures.limit_minutes,
        "totals": _plain(figures.totals),
        "priority": figures.priority,
        "by_line": [_plain(t) for t in figures.by_line],
        "by_window": [_plain(t) for t in figures.by_window],
        "by_hour": [_plain(t) for t in figures.by_hour],
        "by_day": [_plain(t) for t in figures.by_day],
        "appointments": _plain(figures.appointments),
    }


def from_json(data: dict[str, Any] | None) -> QueueFigures:
    """A report submitted before the queue existed has no queue figures: an empty set."""
    if not data:
        return QueueFigures()

    def rows(name: str) -> list[Timing]:
        return [Timing(**_known(Timing, row)) for row in data.get(name, [])]

    return QueueFigures(
        limit_minutes=int(data.get("limit_minutes", 30)),
        totals=Timing(**_known(Timing, data.get("totals") or {})),
        priority=int(data.get("priority", 0)),
        by_line=rows("by_line"),
        by_window=rows("by_window"),
        by_hour=rows("by_hour"),
        by_day=rows("by_day"),
        appointments=Appointments(**_known(Appointments, data.get("appointments") or {})),
    )

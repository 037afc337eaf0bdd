"""A year as twelve month grids (Monday first), for the calendar page. Pure."""

import calendar as _calendar
from dataclasses import dataclass
from datetime import date

from bianmin.workcalendar.arithmetic import WorkCalendar


@dataclass(frozen=True)
class Cell:
    day: date
    working: bool
    kind: str  # "workday", "weekend", "rest" (holiday on a weekday or weekend), "adjusted"
    name: str
    local: bool


def year_grid(year: int, calendar: WorkCalendar, names: dict[date, str], local: set[date]) -> list:
    """[(month number, [[Cell | None] * 7 per week])] for the 12 months of ``year``."""
    schedule = calendar.schedule(year)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row: list[Cell | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                if day in schedule.work_days:
                    kind = "adjusted"
                elif day in schedule.rest_days:
                    kind = "rest"
                elif day.weekday() >= 5:
                    kind = "weekend"
                else:
                    kind = "workday"
                row.append(Cell(day, kind in ("workday", "adjusted"), kind, names.get(day, ""), day in local))
            weeks.append(row)
        months.append((month, weeks))
    return months

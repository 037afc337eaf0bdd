"""Reading the chinesecalendar package: the years it knows and their schedules.

Only the seeding command uses this; the package raises NotImplementedError for years it has no
data for (2027 and later in version 1.11), which is how a year is found to be unknown.
"""

from datetime import date
from importlib.metadata import version

import chinese_calendar

from bianmin.workcalendar.arithmetic import YearSchedule

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def source() -> str:
    return f"chinesecalendar {version('chinesecalendar')}"


def known_years(first: int = 2004, last: int = 2100) -> list[int]:
    years = []
    for year in range(first, last + 1):
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            continue
        years.append(year)
    return years


def days_of(year: int) -> list[tuple[date, str, str]]:
    """(date, "rest"|"work", Chinese name) for every exception of ``year``."""
    rows = [(d, "rest", NAMES.get(name, name)) for d, name in chinese_calendar.holidays.items() if d.year == year]
    rows += [
        (d, "work", NAMES.get(name, name) + "调休") for d, name in chinese_calendar.workdays.items() if d.year == year
    ]
    return sorted(rows)


def schedule_of(year: int) -> YearSchedule:
    rows = days_of(year)
    return YearSchedule(
        year=year,
        rest_days=frozenset(d for d, kind, _ in rows if kind == "rest"),
        work_days=frozenset(d for d, kind, _ in rows if kind == "work"),
    )

"""Reading the calendar tables into a ``WorkCalendar``, cached per process and refreshed when a
year's schedule changes (one small query per call decides)."""

from collections import defaultdict
from datetime import date, datetime

from django.conf import settings
from django.db import connection

from bianmin.workcalendar.arithmetic import WorkCalendar, YearSchedule
from bianmin.workcalendar.deadlines import Light, light
from bianmin.workcalendar.models import CalendarDay, CalendarYear, DayKind
from bianmin.workcalendar.statutory import statutory_holidays

_cached: tuple[object, WorkCalendar] | None = None


VERSION_SQL = (
    "SELECT (SELECT COUNT(*) FROM {years}), (SELECT MAX(updated_at) FROM {years}),"
    " (SELECT COUNT(*) FROM {days}), (SELECT MAX(updated_at) FROM {days})"
)


def _version() -> tuple:
    """What tells the cached calendar is stale: rows and last change of both tables, in one round
    trip (every page that shows a deadline asks)."""
    sql = VERSION_SQL.format(years=CalendarYear._meta.db_table, days=CalendarDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def load_calendar() -> WorkCalendar:
    global _cached
    version = _version()
    if _cached is not None and _cached[0] == version:
        return _cached[1]
    calendar = build_calendar(
        configured=set(CalendarYear.objects.values_list("year", flat=True)),
        days=CalendarDay.objects.values_list("date", "kind"),
    )
    _cached = (version, calendar)
    return calendar


def build_calendar(*, configured: set[int], days) -> WorkCalendar:
    rest: dict[int, set[date]] = defaultdict(set)
    work: dict[int, set[date]] = defaultdict(set)
    for day, kind in days:
        (rest if kind == DayKind.REST else work)[day.year].add(day)
    years = configured | set(rest) | set(work)
    return WorkCalendar(
        {
            year: YearSchedule(
                year=year,
                rest_days=frozenset(rest[year]),
                work_days=frozenset(work[year]),
                official=year in configured,
            )
            for year in years
        }
    )


def is_year_configured(year: int) -> bool:
    return CalendarYear.objects.filter(year=year).exists()


def monitoring_light(*, due: datetime, now: datetime, accepted_at: datetime | None = None) -> Light:
    """The electronic-monitoring light of a case with the county's thresholds (settings)."""
    return light(
        due=due,
        now=now,
        calendar=load_calendar(),
        accepted_at=accepted_at,
        yellow_days=settings.MONITORING_YELLOW_DAYS,
        yellow_share=settings.MONITORING_YELLOW_SHARE,
    )


def year_days(year: int, calendar: WorkCalendar | None = None) -> list[tuple[date, str, str]]:
    """A year's exceptions to the Monday–Friday week, in date order: (day, "rest" | "work", name).

    For a year without the official schedule these are the statutory holidays (provisional); names
    come from the county's table where it has one (the ``workdays year`` command and the API)."""
    schedule = (calendar or load_calendar()).schedule(year)
    names = {} if schedule.official else statutory_holidays(year)
    names = names | dict(CalendarDay.objects.filter(date__year=year).values_list("date", "name"))
    rows = [(d, "rest") for d in schedule.rest_days] + [(d, "work") for d in schedule.work_days]
    return [(day, kind, names.get(day, "")) for day, kind in sorted(rows)]

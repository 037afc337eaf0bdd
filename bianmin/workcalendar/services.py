"""Writes to the calendar. Whenever a schedule changes, the registered recomputers are called so
that open cases' due dates follow (the case handling app registers one)."""

from collections.abc import Callable, Sequence
from datetime import date

from django.db import transaction

from bianmin.core.errors import ApplicationError
from bianmin.workcalendar import package
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.models import CalendarDay, CalendarYear, DayKind
from bianmin.workcalendar.notice import Entry, missing_statutory_days
from bianmin.workcalendar.selectors import load_calendar
from bianmin.workcalendar.statutory import statutory_holidays

# Each takes the new calendar and returns how many records it changed.
_recomputers: list[Callable[[WorkCalendar], int]] = []


def register_recomputer(func: Callable[[WorkCalendar], int]) -> Callable[[WorkCalendar], int]:
    if func not in _recomputers:
        _recomputers.append(func)
    return func


def recompute_due_dates() -> int:
    """Run every registered recomputer on the current calendar; return the records changed."""
    calendar = load_calendar()
    return sum(func(calendar) for func in _recomputers)


def _after_change() -> None:
    transaction.on_commit(recompute_due_dates)


@transaction.atomic
def year_configure(*, year: int, source: str, entries: Sequence[Entry]) -> CalendarYear:
    """Enter a year's official schedule (State Council notice): replaces that year's notice days,
    keeps the county's local exceptions, and marks the year configured."""
    if not source.strip():
        raise ApplicationError("请填写依据(通知名称和文号)。", field="source")
    if not entries:
        raise ApplicationError("请至少录入一天放假或调休安排。", field="text")
    missing = missing_statutory_days(list(entries), statutory_holidays(year))
    if missing:
        raise ApplicationError(
            "录入的安排缺少法定节假日(《全国年节及纪念日放假办法》规定必须放假):"
            + "、".join(missing)
            + "。请对照通知补全。",
            field="text",
        )
    local = set(CalendarDay.objects.filter(date__year=year, is_local=True).values_list("date", flat=True))
    CalendarDay.objects.filter(date__year=year, is_local=False).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=e.day, kind=e.kind, name=e.name, source=source) for e in entries if e.day not in local]
    )
    configured, _ = CalendarYear.objects.update_or_create(year=year, defaults={"source": source.strip()})
    _after_change()
    return configured


@transaction.atomic
def local_day_save(*, day: date, kind: str, name: str) -> CalendarDay:
    """A county exception (本地调整) on one day, e.g. a day off ordered by the county government."""
    if kind not in DayKind.values:
        raise ApplicationError("类型只能是“放假”或“调休上班”。", field="kind")
    if kind == DayKind.WORK and day.weekday() < 5:
        raise ApplicationError("周一至周五本来就是工作日,无需登记为调休上班。", field="date")
    if not name.strip():
        raise ApplicationError("请填写名称或事由。", field="name")
    saved, _ = CalendarDay.objects.update_or_create(
        date=day, defaults={"kind": kind, "name": name.strip(), "is_local": True, "source": "本地调整"}
    )
    _after_change()
    return saved


@transaction.atomic
def day_delete(*, day: date) -> None:
    deleted, _ = CalendarDay.objects.filter(date=day).delete()
    if not deleted:
        raise ApplicationError(f"{day:%Y-%m-%d} 没有登记的节假日或调休。")
    _after_change()


@transaction.atomic
def seed_from_package() -> list[int]:
    """Fill every year the chinesecalendar package knows and the table does not have yet.

    A year already in the table (entered by the county or seeded before) is left as it is.
    """
    have = set(CalendarYear.objects.values_list("year", flat=True))
    added = []
    source = package.source()
    for year in package.known_years():
        if year in have:
            continue
        taken = set(CalendarDay.objects.filter(date__year=year).values_list("date", flat=True))
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(date=day, kind=kind, name=name, source=source)
                for day, kind, name in package.days_of(year)
                if day not in taken
            ]
        )
        CalendarYear.objects.create(year=year, source=source)
        added.append(year)
    if added:
        _after_change()
    return added

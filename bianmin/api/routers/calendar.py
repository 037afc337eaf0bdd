"""The statutory working-day calendar (no credentials): the same ``WorkCalendar`` every deadline in
the system is computed with (行政许可法第82条; DESIGN §3)."""

from datetime import date

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from bianmin.api.errors import PUBLIC
from bianmin.api.types import IsoDate
from bianmin.workcalendar.selectors import load_calendar, year_days

router = Router(tags=["工作日历(公开)"])


# --- the statutory calendar ----------------------------------------------------------------------


class AddOut(Schema):
    start: date
    days: int
    result: date = Field(description="起始日之后的第 n 个工作日(起始日不计)")
    provisional: bool = Field(description="跨入尚未录入节假日安排的年度,结果为暂定")
    note: str


class BetweenOut(Schema):
    start: date
    end: date
    working_days: int = Field(description="起始日之后至结束日(含)的工作日数")
    provisional: bool
    note: str


class DayOut(Schema):
    date: date
    kind: str = Field(description="rest 放假 / work 调休上班")
    name: str


class YearOut(Schema):
    year: int
    official: bool = Field(description="已录入国务院办公厅的官方安排;否则按法定节假日暂定")
    working_days: int
    days: list[DayOut]


@router.get("/calendar/add", response={200: AddOut, **PUBLIC}, auth=None, summary="工作日推算")
def calendar_add(
    request,
    start: IsoDate = Query(..., description="起始日期 YYYY-MM-DD"),
    days: int = Query(..., ge=0, le=3650, description="工作日数"),
):
    """行政许可法第82条:期限以工作日计算,不含法定节假日;受理当日不计。"""
    if not 1900 <= start.year <= 2090:
        raise Http404("日期超出日历范围(1900–2090年)")
    counted = load_calendar().add_working_days(start, days)
    return {
        "start": start,
        "days": days,
        "result": counted.value,
        "provisional": counted.provisional,
        "note": counted.reason,
    }


@router.get("/calendar/between", response={200: BetweenOut, **PUBLIC}, auth=None, summary="两日之间的工作日数")
def calendar_between(request, start: IsoDate = Query(...), end: IsoDate = Query(...)):
    for day in (start, end):
        if not 1900 <= day.year <= 2100:
            raise Http404("日期超出日历范围(1900–2100年)")
    counted = load_calendar().working_days_between(start, end)
    return {
        "start": start,
        "end": end,
        "working_days": counted.value,
        "provisional": counted.provisional,
        "note": counted.reason,
    }


@router.get("/calendar/years/{year}", response={200: YearOut, **PUBLIC}, auth=None, summary="一年的放假和调休安排")
def calendar_year(request, year: int = Path(..., ge=1900, le=2100)):
    calendar = load_calendar()
    working = calendar.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)).value
    return {
        "year": year,
        "official": calendar.is_configured(year),
        "working_days": working,
        "days": [{"date": d, "kind": k, "name": n} for d, k, n in year_days(year, calendar)],
    }

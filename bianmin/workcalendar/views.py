"""The county admin's calendar page: a year as a month grid, the year's official schedule entered
from the State Council notice, and local exceptions. Every other role is refused (403)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.org.selectors import require_county_admin
from bianmin.workcalendar import services
from bianmin.workcalendar.forms import LocalDayForm, NoticeForm
from bianmin.workcalendar.grid import year_grid
from bianmin.workcalendar.models import CalendarDay, CalendarYear, DayKind
from bianmin.workcalendar.notice import parse_notice
from bianmin.workcalendar.selectors import load_calendar
from bianmin.workcalendar.statutory import statutory_holidays

FIRST_YEAR, LAST_YEAR = 2004, 2100


def _require_county_admin(request) -> None:
    require_county_admin(request.user, "只有县行政服务中心管委会可以管理工作日历。")


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404("年份无效") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("年份超出范围")
    return year


def _notice_text(days) -> str:
    """The year's notice days written back in the notice format, ranges folded."""
    lines, run = [], []
    for day in days:
        if run and (day.date - run[-1].date).days == 1 and (day.kind, day.name) == (run[0].kind, run[0].name):
            run.append(day)
            continue
        if run:
            lines.append(_notice_line(run))
        run = [day]
    if run:
        lines.append(_notice_line(run))
    return "\n".join(lines)


def _notice_line(run) -> str:
    kind = "放假" if run[0].kind == DayKind.REST else "上班"
    span = f"{run[0].date:%Y-%m-%d}" + (f" 至 {run[-1].date:%Y-%m-%d}" if len(run) > 1 else "")
    return f"{span} {kind} {run[0].name}"


@login_required
def calendar_year(request, year: int | None = None):
    _require_county_admin(request)
    year = _year(year or timezone.localdate().year)
    return _render(request, year)


def _render(request, year: int, notice_form=None, local_form=None, notice_errors=()):
    calendar = load_calendar()
    days = list(CalendarDay.objects.filter(date__year=year))
    configured = CalendarYear.objects.filter(year=year).first()
    names = {} if configured else dict(statutory_holidays(year))
    names.update({d.date: d.name for d in days})
    notice_days = [d for d in days if not d.is_local]
    if notice_form is None:
        notice_form = NoticeForm(
            initial={"source": configured.source if configured else "", "text": _notice_text(notice_days)}
        )
    context = {
        "year": year,
        "configured": configured,
        "months": year_grid(year, calendar, names, {d.date for d in days if d.is_local}),
        "working_days": calendar.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)).value,
        "local_days": [d for d in days if d.is_local],
        "notice_form": notice_form,
        "notice_errors": notice_errors,
        "local_form": local_form or LocalDayForm(),
        "previous": year - 1 if year > FIRST_YEAR else None,
        "next": year + 1 if year < LAST_YEAR else None,
    }
    return render(request, "workcalendar/year.html", context)


@login_required
@require_POST
def calendar_configure(request, year: int):
    _require_county_admin(request)
    year = _year(year)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        return _render(request, year, notice_form=form)
    entries, errors = parse_notice(form.cleaned_data["text"], year)
    if errors:
        return _render(request, year, notice_form=form, notice_errors=errors)
    try:
        services.year_configure(year=year, source=form.cleaned_data["source"], entries=entries)
    except ApplicationError as exc:
        add_application_error(form, exc)
        return _render(request, year, notice_form=form)
    messages.success(request, f"{year}年节假日安排已保存(共 {len(entries)} 天)。")
    return redirect(reverse("workcalendar:year", args=[year]))


@login_required
@require_POST
def calendar_local_day(request, year: int):
    _require_county_admin(request)
    year = _year(year)
    form = LocalDayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["date"].year != year:
            form.add_error("date", f"请选择{year}年内的日期。")
        else:
            try:
                services.local_day_save(day=data["date"], kind=data["kind"], name=data["name"])
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, f"已登记本地调整:{data['date']:%Y-%m-%d} {data['name']}。")
                return redirect(reverse("workcalendar:year", args=[year]))
    return _render(request, year, local_form=form)


@login_required
@require_POST
def calendar_day_delete(request, year: int, day: str):
    _require_county_admin(request)
    year = _year(year)
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        raise Http404("日期无效") from None
    try:
        services.day_delete(day=parsed)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除 {parsed:%Y-%m-%d} 的登记。")
    return redirect(reverse("workcalendar:year", args=[year]))

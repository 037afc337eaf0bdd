"""中心运行日志 pages (plan 四(一)4(4) 填写好中心运行日志; 五(一) 每日动态巡查并记载中心日志): the month
(working days without a log in red "未填写"), the form prefilled from the day's records, the detail
with the day's patrols, and the export. Written and edited by the centre's director-role staff only;
clerks read their centre's logs; agents have no logs.
"""

from contextlib import suppress
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.operations import exports, selectors, selectors_records, services_records
from bianmin.operations.forms import CentreLogForm
from bianmin.operations.forms_filters import MonthForm
from bianmin.operations.models import CentreLog
from bianmin.operations.views import WEEKDAYS, unit_name
from bianmin.org.models import Centre
from bianmin.workcalendar.selectors import load_calendar


def _log_scope(user):
    scope = selectors.ops_scope(user)
    if not (scope.is_countywide or scope.is_centre):
        raise PermissionDenied("运行日志由便民服务中心和县级管理部门查看。")
    return scope


def _month(request, scope):
    form = MonthForm(request.GET or None, countywide=scope.is_countywide)
    first, last = form.bounds()
    chosen = form.chosen_centre()
    centres = selectors.centres_in(scope)
    if chosen is not None:
        centres = centres.filter(pk=chosen.pk)
    return form, first, last, chosen, list(centres)


@login_required
@require_GET
def log_list(request):
    scope = _log_scope(request.user)
    form, first, last, chosen, centres = _month(request, scope)
    today = timezone.localdate()
    rows = selectors_records.log_month(centres, first=first, last=last, today=today)
    single = (len(rows) == 1 and not scope.is_countywide) or chosen is not None
    context = {
        "scope": scope,
        "form": form,
        "rows": rows,
        "single": single,
        "first": first,
        "today": today,
        "may_write": selectors.is_director(scope),
        "missing_total": sum(row.missing_count for row in rows),
    }
    return render(request, "operations/log_list.html", context)


@login_required
@require_GET
def log_export(request):
    scope = _log_scope(request.user)
    _form, first, last, chosen, centres = _month(request, scope)
    rows = selectors_records.log_month(centres, first=first, last=last, today=timezone.localdate())
    return exports.logs_xlsx(rows, unit=unit_name(request, scope, chosen), month=f"{first:%Y-%m}")


def _director_centre(request) -> tuple[object, Centre]:
    scope = _log_scope(request.user)
    if not selectors.is_director(scope):
        raise PermissionDenied("运行日志由本中心主任、专职副主任填写。")
    return scope, Centre.objects.get(pk=scope.centre_id)


@login_required
@require_http_methods(["GET", "POST"])
def log_new(request):
    """填写 the log of a day (today by default); prefilled from attendance, leave, cases and consultations."""
    scope, centre = _director_centre(request)
    actor = selectors.actor_of(request.user)
    day = timezone.localdate()
    with suppress(ValueError):
        day = date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else day
    existing = CentreLog.objects.filter(centre=centre, day=day).first()
    if existing is not None:
        messages.info(request, f"{day:%Y-%m-%d} 的运行日志已填写,可在此修改。")
        return redirect("operations:log_edit", existing.pk)
    problem = None
    if day > timezone.localdate():
        problem = "不能填写今后日期的运行日志。"
    elif not load_calendar().is_working_day(day):
        problem = services_records.NOT_WORKING_DAY.format(day=day.isoformat())
    form = None
    stats = selectors_records.log_prefill(centre, day) if problem is None else None
    if problem is None:
        if request.method == "POST":
            form = CentreLogForm(request.POST)
            if form.is_valid():
                try:
                    log = services_records.centre_log_create(actor=actor, centre=centre, day=day, values=form.values())
                except ApplicationError as exc:
                    add_application_error(form, exc)
                else:
                    messages.success(request, f"{day:%Y-%m-%d} 运行日志已保存。")
                    return redirect(log.get_absolute_url())
        else:
            form = CentreLogForm(initial=stats)
    context = {
        "scope": scope,
        "centre": centre,
        "day": day,
        "weekday": WEEKDAYS[day.weekday()],
        "form": form,
        "problem": problem,
        "patrols": selectors_records.day_patrols(centre.pk, day),
        "refresh": stats,
    }
    return render(request, "operations/log_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def log_edit(request, pk: int):
    scope = _log_scope(request.user)
    log = selectors.get_log(request.user, pk)
    if not selectors.is_director_of(scope, log.centre_id):
        raise PermissionDenied("运行日志由本中心主任、专职副主任填写和修改。")
    actor = selectors.actor_of(request.user)
    if request.method == "POST":
        form = CentreLogForm(request.POST, instance=CentreLog(centre_id=log.centre_id, day=log.day))
        if form.is_valid():
            try:
                services_records.centre_log_update(
                    log=log, actor=actor, values=form.values(), seen_version=form.cleaned_data.get("version")
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, "运行日志已修改。")
                return redirect(log.get_absolute_url())
    else:
        form = CentreLogForm(instance=log, initial={"version": log.version})
    context = {
        "scope": scope,
        "centre": log.centre,
        "day": log.day,
        "weekday": WEEKDAYS[log.day.weekday()],
        "form": form,
        "log": log,
        "patrols": selectors_records.day_patrols(log.centre_id, log.day),
        "refresh": selectors_records.log_prefill(log.centre, log.day),
    }
    return render(request, "operations/log_form.html", context)


@login_required
@require_GET
def log_detail(request, pk: int):
    scope = _log_scope(request.user)
    log = selectors.get_log(request.user, pk)
    context = {
        "scope": scope,
        "log": log,
        "weekday": WEEKDAYS[log.day.weekday()],
        "patrols": selectors_records.day_patrols(log.centre_id, log.day)
        if scope.is_countywide or selectors.is_director(scope)
        else None,
        "may_edit": selectors.is_director_of(scope, log.centre_id),
    }
    return render(request, "operations/log_detail.html", context)

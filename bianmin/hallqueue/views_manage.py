"""The centre's queue pages for staff: today's overview (lines, windows, 代取号, 过号), the figures
(waiting and handling times per line, window and hour; tickets per day; 过号率), today's
appointments, and the settings of the lines. County roles read any centre's (``?centre=``)."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.core.personal import mask_phone
from bianmin.hallqueue import selectors, services_setup
from bianmin.hallqueue.forms import IssueForm, QueueLineForm
from bianmin.hallqueue.models import Ticket
from bianmin.hallqueue.selectors_figures import period_figures, today_summary
from bianmin.hallqueue.workflow import TicketStatus
from bianmin.org.selectors import scope_for
from bianmin.portal.views_progress import mask_name

MAX_RANGE_DAYS = 92


@login_required
@require_GET
def overview(request):
    centre = selectors.get_centre(request.user, request.GET.get("centre"))
    scope = selectors.queue_scope(request.user)
    now = timezone.now()
    day = timezone.localdate(now)
    counts = selectors.line_counts(centre.pk, day)
    lines = [(line, counts.get(line.pk, {"taken": 0, "waiting": 0})) for line in selectors.lines_of(centre.pk)]
    context = {
        "centre": centre,
        "centres": selectors.centres_for(request.user) if scope.is_countywide else [],
        "today": today_summary(centre.pk, day, now),
        "lines": lines,
        "windows": selectors.windows_now(centre.pk, day),
        "own_window": selectors.own_window(request.user, selectors.calling_windows(centre.pk)),
        "no_shows": Ticket.objects.filter(centre=centre, day=day, status=TicketStatus.NO_SHOW)
        .select_related("line", "window")
        .order_by("-called_at")[:20],
        "waiting": [t for t in selectors.waiting_today(centre.pk, day)][:60],
        "issue_form": IssueForm(centre_id=centre.pk) if scope.is_centre else None,
        "can_configure": scope.can_edit_centre(centre.pk),
        "can_work": scope.is_centre,
    }
    return render(request, "hallqueue/overview.html", context)


def _day(raw: str, default: date) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return default


@login_required
@require_GET
def figures(request):
    centre = selectors.get_centre(request.user, request.GET.get("centre"))
    today = timezone.localdate()
    last = _day(request.GET.get("to", ""), today)
    first = _day(request.GET.get("from", ""), last.replace(day=1))
    error = ""
    if first > last:
        first, last, error = last, last, "开始日期晚于结束日期,已改为只看结束日期当天。"
    if (last - first).days >= MAX_RANGE_DAYS:
        first, error = (
            last - timedelta(days=MAX_RANGE_DAYS - 1),
            f"一次最多统计{MAX_RANGE_DAYS}天,已从结束日期往前截取。",
        )
    figures = period_figures(centre.pk, first, last)
    context = {
        "centre": centre,
        "centres": selectors.centres_for(request.user) if scope_for(request.user).is_countywide else [],
        "first": first,
        "last": last,
        "error": error,
        "q": figures,
        "chart": {
            "hours": [t.label[:5] for t in figures.by_hour],
            "tickets": [t.tickets for t in figures.by_hour],
            "wait": [round(t.avg_wait, 1) if t.avg_wait is not None else None for t in figures.by_hour],
            "handle": [round(t.avg_handle, 1) if t.avg_handle is not None else None for t in figures.by_hour],
        },
    }
    return render(request, "hallqueue/figures.html", context)


@login_required
@require_GET
def appointments(request):
    centre = selectors.get_centre(request.user, request.GET.get("centre"))
    day = _day(request.GET.get("day", ""), timezone.localdate())
    rows = [(a, mask_name(a.name), mask_phone(a.phone)) for a in selectors.appointments_on(centre.pk, day)]
    return render(request, "hallqueue/appointments.html", {"centre": centre, "day": day, "rows": rows})


# --- settings --------------------------------------------------------------------------------------


def _require_configure(request, centre):
    scope = selectors.queue_scope(request.user)
    if not scope.can_edit_centre(centre.pk):
        raise PermissionDenied(services_setup.NOT_ALLOWED)


@login_required
@require_GET
def line_list(request):
    centre = selectors.get_centre(request.user, request.GET.get("centre"))
    scope = selectors.queue_scope(request.user)
    context = {
        "centre": centre,
        "centres": selectors.centres_for(request.user) if scope.is_countywide else [],
        "lines": selectors.lines_of(centre.pk),
        "can_configure": scope.can_edit_centre(centre.pk),
    }
    return render(request, "hallqueue/line_list.html", context)


@login_required
@require_POST
def lines_from_windows(request):
    centre = selectors.get_centre(request.user, request.POST.get("centre"))
    _require_configure(request, centre)
    try:
        made = services_setup.queue_lines_from_windows(actor=request.user.staff, centre=centre)
        messages.success(request, f"已按窗口生成 {len(made)} 项取号业务,请核对字头和叫号窗口。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("hallqueue:line_list") + f"?centre={centre.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, pk: int | None = None):
    if pk is None:
        centre = selectors.get_centre(request.user, request.GET.get("centre") or request.POST.get("centre"))
        line = None
    else:
        line = selectors.get_line(request.user, pk)
        centre = line.centre
    _require_configure(request, centre)
    form = QueueLineForm(request.POST or None, instance=line, centre_id=centre.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in services_setup.FIELDS}
        try:
            services_setup.queue_line_save(
                actor=request.user.staff, centre=centre, changes=changes, windows=data["windows"], line=line
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"取号业务“{data['name']}”已保存。")
            return redirect(reverse("hallqueue:line_list") + f"?centre={centre.pk}")
    return render(request, "hallqueue/line_form.html", {"form": form, "line": line, "centre": centre})

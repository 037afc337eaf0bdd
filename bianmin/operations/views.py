"""考勤 pages (plan 四(一)4(4)): 今日考勤 (sign in / sign out), 在岗情况 (who is on post at each window
now; the county's summary per centre), the attendance register with its export, 补录 by the
director, and the monthly summary per person.

Views are thin: scoped reads in ``selectors`` (see its docstring for who reads what), writes in
``services``. POST-only for changes.
"""

from contextlib import suppress
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.operations import exports, selectors, selectors_attendance, selectors_on_post, services
from bianmin.operations.forms import AttendanceEnterForm, SignInForm
from bianmin.operations.forms_filters import AttendanceFilterForm, MonthForm
from bianmin.operations.models import Attendance, CentreLog, Leave, LeaveStatus
from bianmin.org.models import Centre, Staff, Window
from bianmin.workcalendar.selectors import load_calendar

PAGE_SIZE = 50
WEEKDAYS = "一二三四五六日"


def page_of(request, qs, size: int = PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def unit_name(request, scope, centre: Centre | None = None) -> str:
    """Whose records a page or an export shows, for its title."""
    if centre is not None:
        return centre.name
    if scope.is_countywide:
        return "全县"
    if selectors.is_director(scope):
        return Centre.objects.filter(pk=scope.centre_id).values_list("name", flat=True).first() or ""
    return request.user.staff.name


@login_required
@require_GET
def home(request):
    """日常管理: county roles start at 在岗情况, everyone else at 今日考勤."""
    scope = selectors.ops_scope(request.user)
    return redirect("operations:on_post" if scope.is_countywide else "operations:today")


# --- 今日考勤 --------------------------------------------------------------------------------------


@login_required
@require_GET
def today(request):
    scope = selectors.ops_scope(request.user)
    if scope.is_countywide:
        return redirect("operations:on_post")
    staff = selectors.actor_of(request.user)
    now = timezone.now()
    day = selectors_attendance.local_day(now)
    record = Attendance.objects.filter(staff=staff, day=day).select_related("window").first()
    if record is not None:
        selectors_attendance.with_flags([record])
    recent = selectors_attendance.with_flags(
        Attendance.objects.filter(staff=staff, day__gte=day - timedelta(days=13), day__lt=day)
        .select_related("window")
        .order_by("-day")
    )
    context = {
        "scope": scope,
        "staff": staff,
        "now": now,
        "day": day,
        "weekday": WEEKDAYS[day.weekday()],
        "record": record,
        "hours": selectors_attendance.office_hours(),
        "working_day": load_calendar().is_working_day(day),
        "form": SignInForm(staff=staff),
        "leave_now": selectors_attendance.leaves_covering_moment(now)
        .filter(staff=staff)
        .select_related("stand_in")
        .first(),
        "my_leaves": list(
            Leave.objects.filter(staff=staff, status__in=[LeaveStatus.REQUESTED, LeaveStatus.APPROVED]).order_by(
                "starts_at"
            )[:5]
        ),
        "recent": recent,
    }
    if selectors.is_director(scope):
        context.update(_director_today(scope.centre_id, staff, day, now))
    return render(request, "operations/today.html", context)


def _director_today(centre_id: int, actor: Staff, day, now) -> dict:
    """The director's reminders on 今日考勤: leaves to decide, today's log, the centre's counts now."""
    counts = selectors_on_post.county_now(now=now, centre_ids=[centre_id])
    return {
        "to_decide": Leave.objects.filter(centre_id=centre_id, status=LeaveStatus.REQUESTED)
        .exclude(staff=actor)
        .count(),
        "log_today": CentreLog.objects.filter(centre_id=centre_id, day=day).first(),
        "centre_count": counts[0] if counts else None,
    }


@login_required
@require_POST
def sign_in(request):
    selectors.ops_scope(request.user)
    staff = selectors.actor_of(request.user)
    form = SignInForm(request.POST, staff=staff)
    if not form.is_valid():
        messages.error(request, "请选择本中心在用的窗口。")
        return redirect("operations:today")
    try:
        record = services.attendance_sign_in(staff=staff, window=form.cleaned_data.get("window"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        (row,) = selectors_attendance.with_flags([record])
        when = timezone.localtime(record.signed_in_at).strftime("%H:%M")
        messages.success(request, f"签到成功({when})。" + ("已超过上班时间,记为迟到。" if row.late else ""))
    return redirect("operations:today")


@login_required
@require_POST
def sign_out(request):
    selectors.ops_scope(request.user)
    staff = selectors.actor_of(request.user)
    try:
        record = services.attendance_sign_out(staff=staff)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        (row,) = selectors_attendance.with_flags([record])
        when = timezone.localtime(record.signed_out_at).strftime("%H:%M")
        messages.success(request, f"签退成功({when})。" + ("未到下班时间,记为早退。" if row.early else ""))
    return redirect("operations:today")


# --- 在岗情况 --------------------------------------------------------------------------------------


@login_required
@require_GET
def on_post(request):
    """Each window's staff and their state now; the county picks a centre and sees the summary."""
    scope = selectors.ops_scope(request.user)
    selectors.require_management_reader(scope, "在岗情况")
    now = timezone.now()
    centres = list(selectors.centres_in(scope))
    centre = None
    summary = None
    if scope.is_countywide:
        summary = selectors_on_post.county_now(now=now)
        wanted = request.GET.get("centre", "")
        centre = next((c for c in centres if str(c.pk) == wanted), None)
    else:
        centre = centres[0] if centres else None
    context = {
        "scope": scope,
        "now": now,
        "centres": centres,
        "centre": centre,
        "summary": summary,
        "totals": _totals(summary) if summary else None,
        "board": selectors_on_post.centre_now(centre, now=now) if centre else None,
        "hours": selectors_attendance.office_hours(),
    }
    return render(request, "operations/on_post.html", context)


def _totals(rows) -> dict:
    keys = ("expected", "on_post", "signed_out", "on_leave", "not_signed_in")
    return {key: sum(getattr(row, key) for row in rows) for key in keys}


# --- 考勤记录 --------------------------------------------------------------------------------------


def _attendance_filter(request, scope) -> AttendanceFilterForm:
    people = selectors.people_for(request.user).order_by("name", "pk")
    return AttendanceFilterForm(request.GET or None, countywide=scope.is_countywide, people=people)


@login_required
@require_GET
def attendance_list(request):
    scope = selectors.ops_scope(request.user)
    form = _attendance_filter(request, scope)
    qs = form.apply(selectors.attendance_for_list(request.user)).order_by("-day", "centre_id", "staff__name", "pk")
    page = page_of(request, qs)
    one_day = form.one_day()
    context = {
        "scope": scope,
        "form": form,
        "page": page,
        "rows": selectors_attendance.with_flags(page.object_list),
        "one_day": _one_day(*one_day) if one_day and not page.paginator.count else None,
        "today": timezone.localdate(),
        "hours": selectors_attendance.office_hours(),
        "may_enter": selectors.is_director(scope) or scope.is_county_admin,
    }
    return render(request, "operations/attendance_list.html", context)


def _one_day(staff: Staff, day: date) -> dict:
    """One person's day with no attendance row: say so, with the leave that covers it if any."""
    leave = (
        selectors_attendance.leaves_covering_day(day)
        .filter(staff=staff)
        .select_related("stand_in")
        .order_by("starts_at")
        .first()
    )
    return {
        "staff": staff,
        "day": day,
        "leave": leave,
        "working": load_calendar().is_working_day(day),
        "may_enter": day <= timezone.localdate(),
    }


@login_required
@require_GET
def attendance_export(request):
    scope = selectors.ops_scope(request.user)
    form = _attendance_filter(request, scope)
    qs = form.apply(selectors.attendance_for_list(request.user)).order_by("day", "centre_id", "staff__name", "pk")
    centre = form.cleaned_data.get("centre") if form.is_valid() and scope.is_countywide else None
    return exports.attendance_xlsx(
        qs.iterator(chunk_size=2000), unit=unit_name(request, scope, centre), filters=form.describe()
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_enter(request):
    """补录/更正 a person's attendance (the centre's director-role staff, or the county admin)."""
    scope = selectors.ops_scope(request.user)
    if not (selectors.is_director(scope) or scope.is_county_admin):
        raise PermissionDenied("只有中心主任和县管委会可以补录考勤。")
    actor = selectors.actor_of(request.user)
    if scope.is_county_admin:
        people = Staff.objects.filter(is_active=True, role__in=selectors.WORKING_ROLES).select_related("agency_point")
        windows = Window.objects.none()
    else:
        people = selectors.centre_people(scope.centre_id)
        windows = Window.objects.filter(centre_id=scope.centre_id, is_active=True).order_by("number")
    people = people.exclude(pk=actor.pk).order_by("centre_id", "agency_point_id", "name", "pk")
    if request.method == "POST":
        form = AttendanceEnterForm(request.POST, people=people, windows=windows)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.attendance_enter(
                    actor=actor,
                    staff=data["staff"],
                    day=data["day"],
                    signed_in=data["signed_in"],
                    signed_out=data["signed_out"],
                    window=data["window"],
                    note=data["note"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, f"已补录 {data['staff'].name} {data['day']:%Y-%m-%d} 的考勤。")
                return redirect(f"{reverse('operations:attendance_list')}?staff={data['staff'].pk}")
    else:
        form = AttendanceEnterForm(people=people, windows=windows, initial=_enter_initial(request, people))
    return render(request, "operations/attendance_enter.html", {"form": form, "scope": scope})


def _enter_initial(request, people) -> dict:
    """?staff=&day= prefill the form with what is recorded (to correct it)."""
    initial = {"day": timezone.localdate() - timedelta(days=1)}
    wanted = request.GET.get("staff", "")
    staff = people.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if staff is not None:
        initial["staff"] = staff.pk
    with suppress(ValueError):
        initial["day"] = date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else initial["day"]
    if staff is not None:
        record = Attendance.objects.filter(staff=staff, day=initial["day"]).first()
        if record is not None:
            initial.update(
                signed_in=timezone.localtime(record.signed_in_at).time() if record.signed_in_at else None,
                signed_out=timezone.localtime(record.signed_out_at).time() if record.signed_out_at else None,
                window=record.window_id,
                note=record.note,
            )
    return initial


# --- 月度汇总 --------------------------------------------------------------------------------------


def _summary_people(request, scope, centre):
    if scope.is_countywide:
        qs = selectors_attendance.expected_staff([centre.pk] if centre else None)
    elif selectors.is_director(scope):
        qs = selectors.centre_people(scope.centre_id)
    else:
        qs = Staff.objects.filter(user=request.user)
    return qs.select_related("agency_point", "centre").order_by(
        "centre__township__code", "agency_point__centre__township__code", "agency_point_id", "name", "pk"
    )


@login_required
@require_GET
def attendance_summary(request):
    """Per person and month: 出勤天数, 迟到, 早退, 请假天数, 旷岗."""
    scope = selectors.ops_scope(request.user)
    form = MonthForm(request.GET or None, countywide=scope.is_countywide)
    first, last = form.bounds()
    centre = form.chosen_centre()
    page = page_of(request, _summary_people(request, scope, centre))
    rows = selectors_attendance.monthly_summary(page.object_list, first=first, last=last, now=timezone.now())
    names = dict(Centre.objects.values_list("pk", "name")) if scope.is_countywide else {}
    for row in rows:
        row.centre_name = names.get(row.centre_id, "")
    context = {
        "scope": scope,
        "form": form,
        "page": page,
        "rows": rows,
        "first": first,
        "hours": selectors_attendance.office_hours(),
    }
    return render(request, "operations/attendance_summary.html", context)


@login_required
@require_GET
def attendance_summary_export(request):
    scope = selectors.ops_scope(request.user)
    form = MonthForm(request.GET or None, countywide=scope.is_countywide)
    first, last = form.bounds()
    centre = form.chosen_centre()
    rows = selectors_attendance.monthly_summary(
        list(_summary_people(request, scope, centre)), first=first, last=last, now=timezone.now()
    )
    return exports.summary_xlsx(
        rows,
        unit=unit_name(request, scope, centre),
        month=f"{first:%Y-%m}",
        centres=dict(Centre.objects.values_list("pk", "name")),
    )

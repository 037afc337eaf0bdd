"""Pages of the monthly information reports (信息报送, plan 四(一)4(5)).

- ``index``: where a user's reports are — the county table for county roles, the own centre's months
  for centre staff; agency point staff 403.
- ``centre_months``: a centre's months of a year with their deadline and standing (按时/逾期/未报送).
- ``detail``: one centre-month: the live figures (until submitted) or the frozen ones of a version,
  the director's form (draft, submit, resubmit with a reason), the version history.
- ``county``: the month's table of all centres, totals, year to date and charts (county roles).

Views are thin: reads through ``selectors`` (scoped: out of scope 404, read-only 403), writes
through ``services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from bianmin.adoption import history
from bianmin.cases.ledgers import COUNT_LABELS, Month
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.reports import figures as fig
from bianmin.reports import rules, selectors, services
from bianmin.reports.forms import MonthForm, ReportForm
from bianmin.supervision.rules import LEVELS_BEST_FIRST


@login_required
def index(request):
    scope = selectors.reports_scope(request.user)
    if scope.is_countywide:
        return redirect("reports:county")
    if scope.is_centre:
        return redirect("reports:centre", centre_id=scope.centre_id)
    raise PermissionDenied(selectors.NO_AGENTS)


@login_required
def centre_months(request, centre_id: int):
    centre = selectors.get_centre(request.user, centre_id)
    scope = selectors.reports_scope(request.user)
    today = timezone.localdate()
    years = selectors.reporting_years(centre, today)
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if year not in years:
        year = years[0]
    lines = selectors.centre_year(centre, year, today=today)
    on_time = sum(1 for line in lines if line.standing.key == "on_time")
    context = {
        "centre": centre,
        "scope": scope,
        "year": year,
        "years": years,
        "lines": lines,
        "on_time": on_time,
        "late": sum(1 for line in lines if line.standing.key == "late"),
        "missing": sum(1 for line in lines if line.standing.key == "missing"),
        "points": rules.assessment_points(on_time),
        "is_director": selectors.is_director_of(scope, centre.pk),
    }
    return render(request, "reports/centre.html", context)


def figures_context(figures: fig.Figures) -> dict:
    """What ``reports/_figures.html`` needs besides the figures themselves."""
    return {
        "figures": figures,
        "count_labels": list(COUNT_LABELS.values()),
        "group_tables": [
            ("按业务条线", figures.by_line),
            ("即办件与承诺件", figures.by_handling),
            ("按办理渠道", figures.by_channel),
            ("按窗口", figures.by_window),
            ("按事项", figures.by_item),
        ],
        "levels": [(label, figures.ratings.by_level.get(value, 0)) for value, label in LEVELS_BEST_FIRST],
    }


def _initial(report) -> dict:
    if report is None:
        return {"version": 0}
    return {
        "version": report.version,
        "summary": report.summary,
        "problems": report.problems,
        "measures": report.measures,
    }


def _handle_post(request, centre, month: Month, report, form: ReportForm):
    """Save the draft or submit; the redirect on success, None to show the form again."""
    staff = request.user.staff
    submitting = request.POST.get("op") == "submit"
    valid = form.check_submit() if submitting else form.is_valid()
    if not valid:
        return None
    data = form.cleaned_data
    texts = {"summary": data["summary"], "problems": data["problems"], "measures": data["measures"]}
    keys = {"seen_version": data["version"], "request_key": data["request_key"]}
    try:
        if submitting:
            version = services.report_submit(
                centre=centre, month=month, actor=staff, reason=data.get("reason", ""), **texts, **keys
            )
        else:
            services.report_save_draft(centre=centre, month=month, actor=staff, **texts, **keys)
    except ApplicationError as exc:
        add_application_error(form, exc)
        return None
    if submitting:
        late = "" if version.on_time else "(已超过报送期限,记为逾期报送)"
        messages.success(request, f"{month.label}月报已报送,数据已冻结为第{version.number}版{late}。")
    else:
        messages.success(request, "草稿已保存(尚未报送)。")
    return redirect("reports:detail", centre_id=centre.pk, month=month.param)


@login_required
def detail(request, centre_id: int, month: str):
    centre = selectors.get_centre(request.user, centre_id)
    scope = selectors.reports_scope(request.user)
    now = timezone.now()
    today = timezone.localdate(now)
    period = selectors.parse_month(month, today)
    centre.name = history.centre_name_on(centre, history.last_day(period))  # the month's name, shown only
    report = selectors.report_of(centre, period)
    is_director = selectors.is_director_of(scope, centre.pk)
    resubmission = report is not None and report.is_submitted
    form = None
    if request.method == "POST":
        if not is_director:
            raise PermissionDenied(selectors.DIRECTOR_ONLY)
        form = ReportForm(request.POST, resubmission=resubmission)
        done = _handle_post(request, centre, period, report, form)
        if done is not None:
            return done
        report = selectors.report_of(centre, period)
    elif is_director:
        form = ReportForm(initial=_initial(report), resubmission=resubmission)
    versions = selectors.versions_of(report)
    shown = selectors.shown_version(versions, request.GET.get("version"))
    figures = selectors.figures_for(centre, period, shown, now)
    deadline = selectors.deadline_of(period)
    line = selectors.line_for(centre.pk, period, report, today=today, deadline=deadline)
    context = {
        "centre": centre,
        "scope": scope,
        "month": period,
        "report": report,
        "versions": versions,
        "shown": shown,
        "latest": versions[-1] if versions else None,
        "line": line,
        "deadline": deadline,
        "deadline_moment": rules.due_moment(deadline),
        "form": form,
        "is_director": is_director,
        "may_submit": rules.is_due_for_submission(period, today),
        "previous_month": period.previous().param,
        "next_month": period.next().param if period.next() <= Month.of(today) else "",
        "version_query": f"?version={shown.number}" if shown and shown is not versions[-1] else "",
        **figures_context(figures),
    }
    return render(request, "reports/detail.html", context)


def county_month(request) -> tuple[Month, MonthForm]:
    today = timezone.localdate()
    current = Month.of(today)
    form = MonthForm(request.GET or None, default=current.previous(), latest=current)
    return form.chosen(), form


@login_required
def county(request):
    scope = selectors.reports_scope(request.user)
    selectors.require_countywide(scope)
    month, form = county_month(request)
    now = timezone.now()
    centres = selectors.centres_in(scope, month)
    table = selectors.county_month(centres, month, now=now)
    context = {
        "form": form,
        "month": month,
        "table": table,
        "key_labels": list(fig.KEY_LABELS.values()),
        "charts": selectors.chart_data(centres, month, table["lines"], table["spans"]),
        "previous_month": month.previous().param,
        "next_month": month.next().param if month.next() <= Month.of(timezone.localdate(now)) else "",
        "xlsx_url": reverse("reports:county_xlsx") + f"?month={month.param}",
        "print_url": reverse("reports:county_print") + f"?month={month.param}",
    }
    return render(request, "reports/county.html", context)

"""The ledgers (台账, plan 四(一)3 and 附件 规范办事制度): the month's 登记簿 and 统计簿 on screen and
as .xlsx. Every working role sees its own scope (county: all centres; centre roles: their centre;
agents: their point); reads go through ``ledgers`` → ``selectors.cases_for``."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bianmin.cases import excel_ledger, ledgers
from bianmin.cases.forms_ledger import LedgerFilterForm
from bianmin.cases.selectors import with_lights
from bianmin.core.downloads import download
from bianmin.org.selectors import require_staff

PAGE_SIZE = 50
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _heading(unit: str, month: ledgers.Month, filters: str) -> str:
    return f"{unit} {month.label}" + (f"({filters})" if filters else "")


def _month_links(month: ledgers.Month) -> dict:
    """Previous and next month for the page's arrows; no next month after the current one."""
    following = month.next()
    current = ledgers.Month.of(timezone.localdate())
    return {"previous_month": month.previous().param, "next_month": following.param if following <= current else ""}


def _group_tables(stats: ledgers.Statistics) -> list[tuple[str, list[ledgers.GroupRow]]]:
    tables = [("按中心", stats.by_centre)] if stats.by_centre is not None else []
    return [*tables, ("按窗口", stats.by_window), ("按事项", stats.by_item), ("按渠道", stats.by_channel)]


@login_required
@require_GET
def ledger(request):
    require_staff(request.user)
    form = LedgerFilterForm(request.GET, user=request.user)
    context = {"form": form, "tab": form.active_tab, "countywide": form.countywide}
    if form.is_valid():
        spec = form.spec()
        cases = ledgers.ledger_cases(request.user, spec)
        now = timezone.now()
        unit, filters = ledgers.unit_name(request.user, spec), form.describe()
        context.update(month=spec.month, unit=unit, filters=filters, **_month_links(spec.month))
        if context["tab"] == "stats":
            by_centre = form.countywide and spec.centre is None
            stats = ledgers.statistics(cases, now=now, by_centre=by_centre)
            context.update(
                stats=stats, group_tables=_group_tables(stats), count_labels=list(ledgers.COUNT_LABELS.values())
            )
        else:
            page = Paginator(ledgers.register(cases), PAGE_SIZE).get_page(request.GET.get("page"))
            rows = with_lights(page, now=now)
            for case in rows:
                case.timeliness = ledgers.timeliness_label(case.status, case.light)
            context.update(page=page, rows=rows, totals=ledgers.summary(cases, now=now))
    return render(request, "cases/ledger.html", context)


@login_required
@require_GET
def ledger_xlsx(request):
    require_staff(request.user)
    form = LedgerFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        # No file for bad filters: the page shows what to correct.
        return render(request, "cases/ledger.html", {"form": form, "tab": form.active_tab}, status=400)
    spec = form.spec()
    cases = ledgers.ledger_cases(request.user, spec)
    now = timezone.now()
    unit = ledgers.unit_name(request.user, spec)
    stats = ledgers.statistics(cases, now=now, by_centre=form.countywide and spec.centre is None)
    content = excel_ledger.workbook(
        heading=_heading(unit, spec.month, form.describe()),
        cases=ledgers.register_with_lights(cases, now=now),
        stats=stats,
    )
    return download(
        content,
        content_type=XLSX_CONTENT_TYPE,
        filename=ledgers.ledger_filename(unit, spec.month),
        fallback=f"ledger-{spec.month.param}.xlsx",
    )

"""个人信息保护 pages: the log of looks at full ID numbers (with its Excel export) and the
retention runs. Thin: reads in ``selectors`` (scoped; clerks and agents 403)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bianmin.core.personal import mask_id_document
from bianmin.core.xlsx import Column, xlsx_response
from bianmin.org.selectors import centres_for
from bianmin.privacy import selectors
from bianmin.privacy.forms import RevealFilterForm
from bianmin.privacy.selectors import RevealFilters


def _filters(request) -> tuple[RevealFilterForm, RevealFilters]:
    scope = selectors.audit_scope(request.user)
    centres = centres_for(request.user).order_by("township__code") if scope.is_countywide else None
    form = RevealFilterForm(request.GET or None, centres=centres)
    if form.is_bound and form.is_valid():
        centre = form.cleaned_data.get("centre")
        return form, RevealFilters(form.cleaned_data["start"], form.cleaned_data["end"], centre.pk if centre else None)
    return form, RevealFilters()


def _unit(staff) -> str:
    if staff is None:
        return ""
    unit = staff.agency_point or staff.centre
    return unit.name if unit else "县行政服务中心管委会"


@login_required
@require_GET
def reveal_log(request):
    form, filters = _filters(request)
    page = Paginator(selectors.reveal_events(request.user, filters), 50).get_page(request.GET.get("page"))
    rows = [{"event": event, "unit": _unit(event.actor)} for event in page]
    runs = selectors.retention_runs(request.user)[:5]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "runs": runs,
        "retention_years": settings.PERSONAL_DATA_RETENTION_YEARS,
    }
    return render(request, "privacy/reveal_log.html", context)


COLUMNS = (
    Column("查看时间", 18),
    Column("查看人", 12),
    Column("所在单位", 22),
    Column("办件编号", 24),
    Column("事项", 28),
    Column("办件所属中心", 22),
    Column("申请人证件号码(脱敏)", 24),
)


@login_required
@require_GET
def reveal_log_xlsx(request):
    _form, filters = _filters(request)
    events = selectors.reveal_events(request.user, filters)
    rows = (
        (
            event.at,
            event.actor.name if event.actor else "",
            _unit(event.actor),
            event.case.receipt_number,
            event.case.item_name,
            event.case.centre.name,
            mask_id_document(event.case.id_type, event.case.id_number) if event.case.id_number else "已匿名化",
        )
        for event in events.iterator(chunk_size=1000)
    )
    today = timezone.localdate()
    return xlsx_response(
        sheet="查看记录",
        title=f"完整证件号码查看记录(导出于 {today:%Y-%m-%d})",
        columns=COLUMNS,
        rows=rows,
        filename=f"完整证件号码查看记录-{today:%Y%m%d}.xlsx",
        fallback=f"id-reveal-log-{today:%Y%m%d}.xlsx",
    )

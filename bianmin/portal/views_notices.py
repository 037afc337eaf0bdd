"""Staff pages for the hall display notices (/hall-notices/, plan 四(一)2(3) 电子显示屏).

Thin: scoped reads from ``selectors_screens`` (404 outside the scope, 403 for read-only roles),
writes through ``services``. The county admin picks the centre; centre staff publish for their own.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.core.roles import Role
from bianmin.org.models import Staff
from bianmin.org.selectors import centres_for, require_staff, scope_for
from bianmin.portal import services
from bianmin.portal.forms import NoticeFilterForm, NoticeForm
from bianmin.portal.models import NoticeState, current_on
from bianmin.portal.selectors_screens import (
    get_notice_for_edit,
    may_manage_notices,
    notice_centres_for,
    notices_for,
    require_notice_writer,
)

PAGE_SIZE = 30


def _actor(request) -> Staff:
    return Staff.objects.get(user=request.user, is_active=True)


def _by_state(qs, state: str, today):
    if state == NoticeState.CURRENT:
        return qs.filter(current_on(today))
    if state == NoticeState.SCHEDULED:
        return qs.filter(is_active=True, publish_on__gt=today)
    if state == NoticeState.EXPIRED:
        return qs.filter(is_active=True, expire_on__lt=today)
    if state == NoticeState.INACTIVE:
        return qs.filter(is_active=False)
    return qs


@login_required
def notice_list(request):
    require_staff(request.user)
    scope = scope_for(request.user)
    today = timezone.localdate()
    centres = centres_for(request.user).filter(is_active=True) if scope.is_countywide else None
    filters = NoticeFilterForm(request.GET or None, centres=centres)
    qs = notices_for(request.user)
    if filters.is_valid():
        data = filters.cleaned_data
        qs = _by_state(qs, data.get("state") or "", today)
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("centre"):
            qs = qs.filter(centre=data["centre"])
    page = Paginator(qs.order_by("-publish_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(notice, notice.state_on(today), may_manage_notices(scope, notice.centre_id)) for notice in page]
    own_centre = scope.centre_id if scope.is_centre else None
    if own_centre is None and scope.is_agency_point:
        own_centre = Staff.objects.filter(user=request.user).values_list("agency_point__centre_id", flat=True).first()
    context = {
        "rows": rows,
        "page": page,
        "filters": filters,
        "can_create": may_manage_notices(scope),
        "own_centre": own_centre,
        "show_centre": scope.is_countywide,
        "today": today,
    }
    return render(request, "portal/notices_list.html", context)


def _form_page(request, form: NoticeForm, *, save, title: str, notice=None, centre=None):
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "公告已保存,显示屏会在一分钟内更新。")
            return redirect("hall:notice_list")
    return render(
        request, "portal/notices_form.html", {"form": form, "title": title, "notice": notice, "centre": centre}
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request):
    scope = require_notice_writer(request.user)
    actor = _actor(request)
    if scope.role == Role.COUNTY_ADMIN:
        form = NoticeForm(request.POST or None, centres=notice_centres_for(request.user))

        def save(f):
            return services.notice_create(actor=actor, centre=f.chosen_centre, changes=f.changes)

        return _form_page(request, form, save=save, title="发布显示屏公告")
    centre = actor.centre
    form = NoticeForm(request.POST or None)
    return _form_page(
        request,
        form,
        save=lambda f: services.notice_create(actor=actor, centre=centre, changes=f.changes),
        title="发布显示屏公告",
        centre=centre,
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_edit(request, pk: int):
    notice = get_notice_for_edit(request.user, pk)
    actor = _actor(request)
    county_admin = actor.role == Role.COUNTY_ADMIN
    form = NoticeForm(
        request.POST or None, instance=notice, centres=notice_centres_for(request.user) if county_admin else None
    )
    return _form_page(
        request,
        form,
        save=lambda f: services.notice_update(
            actor=actor, notice=notice, changes=f.changes, centre=f.chosen_centre if county_admin else None
        ),
        title=f"修改公告:{notice.title}",
        notice=notice,
        centre=notice.centre,
    )

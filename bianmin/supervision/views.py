"""Staff pages of supervision: ratings (好差评) and the rectifications bad ratings open, with the
director's forms. The complaint register is in ``views_complaints``.

Views are thin: reads via ``selectors`` (scoped; agency point staff 403, out of scope 404), writes
via ``services``. Only the director of the record's centre sees the forms; anyone else posting gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.supervision import selectors, services
from bianmin.supervision.forms import (
    RatingFilterForm,
    RectificationFilterForm,
    RectificationForm,
)

PAGE_SIZE = 30


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def rating_list(request):
    """好差评 of the centre (or the county): levels and indicators, never the rater."""
    scope = selectors.supervision_scope(request.user)
    form = RatingFilterForm(request.GET or None, countywide=scope.is_countywide)
    qs = form.apply(selectors.ratings_for_list(request.user))
    context = {
        "form": form,
        "scope": scope,
        "summary": selectors.rating_summary(qs),
        "page": _page(request, qs.order_by("-rated_at", "-pk")),
        "sees_case": selectors.sees_identities(scope),
    }
    return render(request, "supervision/rating_list.html", context)


@login_required
def rectification_list(request):
    scope = selectors.supervision_scope(request.user)
    form = RectificationFilterForm(request.GET or None, countywide=scope.is_countywide)
    qs = form.apply(selectors.rectifications_for_list(request.user)).order_by("status", "deadline", "pk")
    page = _page(request, qs)
    page.object_list = selectors.with_overdue(page.object_list)
    context = {"form": form, "scope": scope, "page": page, "sees_case": selectors.sees_identities(scope)}
    return render(request, "supervision/rectification_list.html", context)


@login_required
def rectification_detail(request, pk: int):
    """The rectification with its rating; the centre director records the call-back, finding and
    action, and closes it (plan 五(二); 国办发〔2019〕51号 差评整改)."""
    scope = selectors.supervision_scope(request.user)
    rect = selectors.get_rectification(request.user, pk)
    may_act = selectors.is_director_of(scope, rect.centre_id) and rect.is_open
    if request.method == "POST":
        if not selectors.is_director_of(scope, rect.centre_id):
            raise PermissionDenied(services.DIRECTOR_ONLY_RECTIFICATION)
        staff = request.user.staff
        closing = request.POST.get("op") == "close"
        form = RectificationForm(request.POST, rectification=rect, actor=staff, closing=closing)
        if form.is_valid():
            data = form.cleaned_data
            service = services.rectification_close if closing else services.rectification_save
            try:
                service(
                    rectification=rect,
                    actor=staff,
                    callback_at=data["callback_at"],
                    callback_by=data["callback_by"],
                    callback_note=data["callback_note"],
                    finding=data["finding"],
                    action=data["action"],
                    request_key=data["request_key"],
                    seen_version=data["version"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, "整改已办结。" if closing else "已保存。")
                return redirect(rect.get_absolute_url())
    else:
        form = RectificationForm(rectification=rect, actor=getattr(request.user, "staff", None)) if may_act else None
    context = {
        "rect": rect,
        "rating": rect.rating,
        "scope": scope,
        "form": form,
        "sees_case": selectors.sees_identities(scope),
    }
    return render(request, "supervision/rectification_detail.html", context)

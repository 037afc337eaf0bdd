"""Organisation pages: centres, windows, agency points, staff and the audit log. Thin: fetch through
selectors (404/403 by scope), change through services, render."""

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.core.roles import Role
from bianmin.org import audit, selectors, services
from bianmin.org.facilities import AGENCY_POINT_FACILITIES, CENTRE_FACILITIES
from bianmin.org.forms import AgencyPointForm, CentreForm, StaffForm, WindowForm
from bianmin.org.models import Staff, Window


def _form_page(request, form, *, save, success: str, **context):
    """Show ``form``; on a valid POST save it through ``save(cleaned_data)`` and go to the object.

    A business-rule error (ApplicationError) lands on the form and nothing is saved.
    """
    if request.method == "POST" and form.is_valid():
        was_new = form.instance._state.adding
        try:
            obj = save(form.cleaned_data)
        except ApplicationError as exc:
            if was_new:  # the transaction rolled back: the object was never saved
                form.instance.pk = None
                form.instance._state.adding = True
            add_application_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(obj)
    return render(request, "org/form.html", {"form": form, **context})


def _checklist(obj, items):
    return [(item, getattr(obj, item.code)) for item in items]


# --- centres -----------------------------------------------------------------------------------


@login_required
def centre_list(request):
    centres = list(selectors.centres_overview(request.user))
    mandatory = selectors.mandatory_line_names()
    rows = [(c, selectors.centre_report(c, mandatory)) for c in centres]
    return render(request, "org/centre_list.html", {"rows": rows, "mandatory": mandatory})


@login_required
def centre_detail(request, pk: int):
    centre = selectors.get_centre_overview(request.user, pk)
    windows = list(selectors.windows_for(request.user).filter(centre=centre))
    findings = selectors.centre_report(centre, selectors.mandatory_line_names())
    points = selectors.points_for(request.user).filter(centre=centre)
    staff = selectors.staff_for(request.user).filter(centre=centre, is_active=True).order_by("role", "pk")
    context = {
        "centre": centre,
        "windows": windows,
        "points": [(p, selectors.point_report(p)) for p in points],
        "staff": staff,
        "findings": findings,
        "checklist": _checklist(centre, CENTRE_FACILITIES),
        "authorizations": selectors.authorizations_for_centre(centre),
        "can_edit": selectors.scope_for(request.user).can_edit_centre(centre.pk),
    }
    return render(request, "org/centre_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def centre_edit(request, pk: int):
    centre = selectors.get_centre_for_edit(request.user, pk)
    return _form_page(
        request,
        CentreForm(request.POST or None, instance=centre),
        save=lambda data: services.centre_update(centre=centre, changes=data),
        success="中心信息已保存。",
        object=centre,
        title=f"编辑 {centre.name}",
        checklist_title="硬件设施(四(一)2)",
    )


# --- windows -----------------------------------------------------------------------------------


@login_required
def window_list(request):
    windows = selectors.windows_for(request.user).select_related("centre__township")
    return render(request, "org/window_list.html", {"windows": windows})


@login_required
def window_detail(request, pk: int):
    window = selectors.get_window(request.user, pk)
    authorizations = window.authorizations.select_related("department")
    return render(
        request,
        "org/window_detail.html",
        {
            "window": window,
            "authorizations": authorizations,
            "can_edit": selectors.scope_for(request.user).can_edit_centre(window.centre_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def window_create(request, centre_pk: int):
    centre = selectors.get_centre_for_edit(request.user, centre_pk)
    return _form_page(
        request,
        WindowForm(request.POST or None, centre=centre, instance=Window(centre=centre)),
        save=lambda data: services.window_create(centre=centre, changes=data),
        success="窗口已新增。",
        object=centre,
        title=f"{centre.name} · 新增窗口",
    )


@login_required
@require_http_methods(["GET", "POST"])
def window_edit(request, pk: int):
    window = selectors.get_window_for_edit(request.user, pk)
    return _form_page(
        request,
        WindowForm(request.POST or None, centre=window.centre, instance=window),
        save=lambda data: services.window_update(window=window, changes=data),
        success="窗口已保存。",
        object=window,
        title=f"编辑 {window}",
    )


# --- agency points -----------------------------------------------------------------------------


@login_required
def point_list(request):
    points = selectors.points_for(request.user).select_related("village__parent")
    return render(request, "org/point_list.html", {"rows": [(p, selectors.point_report(p)) for p in points]})


@login_required
def point_detail(request, pk: int):
    point = selectors.get_point(request.user, pk)
    return render(
        request,
        "org/point_detail.html",
        {
            "point": point,
            "findings": selectors.point_report(point),
            "checklist": _checklist(point, AGENCY_POINT_FACILITIES),
            "staff": point.staff.filter(is_active=True).order_by("name"),
            "can_edit": selectors.scope_for(request.user).can_edit_centre(point.centre_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def point_edit(request, pk: int):
    point = selectors.get_point_for_edit(request.user, pk)
    return _form_page(
        request,
        AgencyPointForm(request.POST or None, instance=point),
        save=lambda data: services.point_update(point=point, changes=data),
        success="代办点信息已保存。",
        object=point,
        title=f"编辑 {point.name}",
        checklist_title="在用与两牌三栏(四(二))",
    )


# --- staff -------------------------------------------------------------------------------------


@login_required
def staff_list(request):
    staff = selectors.staff_for(request.user).prefetch_related(
        Prefetch("windows", queryset=Window.objects.only("number", "name", "centre_id"))
    )
    query = request.GET.get("q", "").strip()
    if query:
        staff = staff.filter(name__contains=query)
    # Each township's centre staff first (directors before clerks), then its agency points' staff.
    township = Coalesce("centre__township__code", "agency_point__village__parent__code")
    ordered = staff.order_by(township, F("agency_point__village__code").asc(nulls_first=True), "role", "name")
    page = Paginator(ordered, 50)
    return render(
        request,
        "org/staff_list.html",
        {"page": page.get_page(request.GET.get("page")), "query": query, "can_add": _can_add_staff(request)},
    )


def _can_add_staff(request) -> bool:
    return selectors.scope_for(request.user).role in (Role.COUNTY_ADMIN, Role.CENTRE_DIRECTOR)


@login_required
def staff_detail(request, pk: int):
    person = selectors.get_staff(request.user, pk)
    scope = selectors.scope_for(request.user)
    owner = selectors.staff_owner_centre_id(person)
    can_edit = scope.role == Role.COUNTY_ADMIN or (owner is not None and scope.can_edit_centre(owner))
    return render(request, "org/staff_detail.html", {"person": person, "can_edit": can_edit})


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request):
    if not _can_add_staff(request):
        raise PermissionDenied("只有县管委会和中心主任可以新增工作人员。")
    return _staff_form(request, Staff(), "新增工作人员", "工作人员已新增。")


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk: int):
    person = selectors.get_staff_for_edit(request.user, pk)
    return _staff_form(request, person, f"编辑 {person.name}", "工作人员信息已保存。")


def _staff_form(request, person: Staff, title: str, success: str):
    scope = selectors.scope_for(request.user)
    form = StaffForm(request.POST or None, request.FILES or None, instance=person, scope=scope)
    return _form_page(
        request,
        form,
        save=lambda data: services.staff_save(
            staff=person,
            changes={k: v for k, v in data.items() if k not in ("username", "password")},
            username=data.get("username", ""),
            password=data.get("password", ""),
        ),
        success=success,
        object=person,
        title=title,
        multipart=True,
    )


# --- audit log ---------------------------------------------------------------------------------


@login_required
def audit_log(request):
    selectors.require_county_admin(request.user, "只有县行政服务中心管委会可以查看变更记录。")
    entries = LogEntry.objects.filter(content_type__app_label="org").select_related("actor", "content_type")
    model = request.GET.get("model", "")
    if model:
        entries = entries.filter(content_type__model=model)
    page = Paginator(entries.order_by("-timestamp"), 30).get_page(request.GET.get("page"))
    models = [(m._meta.model_name, m._meta.verbose_name) for m in _audited_models()]
    context = {"page": page, "rows": audit.describe(page), "models": models, "model": model}
    return render(request, "org/audit_log.html", context)


def _audited_models():
    from auditlog.registry import auditlog

    return [m for m in auditlog.get_models() if m._meta.app_label == "org"]

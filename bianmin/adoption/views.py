"""Pages of adoption: the set-up wizard, the organisation workbook (template, export, import),
redistricting, and the county admin's account tools (password reset, disabling)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from bianmin.adoption import accounts, org_import, redistrict, setup
from bianmin.adoption import workbook as wbk
from bianmin.adoption.forms import ChangeForm, CountyForm, MergeForm, WorkbookForm
from bianmin.adoption.models import CountyProfile, UnitChange
from bianmin.catalogue.views_excel import _xlsx
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.org.selectors import get_staff, scope_for

ADMIN_ONLY = "只有县行政服务中心管委会可以进行本县设置。"


def _require_setup_user(user) -> None:
    """The county admin; on an empty database also the superuser made with ``createsuperuser``."""
    if not (scope_for(user).is_county_admin or (user.is_superuser and setup.current_county() is None)):
        raise PermissionDenied(ADMIN_ONLY)


@login_required
@require_http_methods(["GET", "POST"])
def wizard(request):
    _require_setup_user(request.user)
    county = setup.current_county()
    initial = {"name": county.name, "code": county.code} if county else {}
    profile = CountyProfile.objects.filter(county=county).first() if county else None
    form = CountyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            setup.county_setup(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "本县信息已保存。下一步:下载组织机构工作簿模板,填好后导入。")
            return redirect("adoption:wizard")
    steps = setup.setup_status()
    return render(
        request,
        "adoption/wizard.html",
        {
            "form": form,
            "steps": steps,
            "county": county,
            "profile": profile,
            "next_step": next((s for s in steps if not s.done), None),
        },
    )


@login_required
def template(request):
    _require_setup_user(request.user)
    return _xlsx(wbk.build_workbook(), "组织机构导入模板.xlsx", "organisation-template.xlsx")


@login_required
def export(request):
    if not scope_for(request.user).is_county_admin:
        raise PermissionDenied(ADMIN_ONLY)
    county = setup.current_county()
    if county is None:
        raise PermissionDenied("尚未设置本县。")
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _xlsx(wbk.build_workbook(county), f"{county.name}组织机构{stamp}.xlsx", f"organisation-{stamp}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def org_import_view(request):
    _require_setup_user(request.user)
    county = setup.current_county()
    if county is None:
        messages.warning(request, "请先填写本县名称和区划代码。")
        return redirect("adoption:wizard")
    form = WorkbookForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = org_import.import_org(form.cleaned_data["file"], county=county, actor=request.user)
    columns = [(sheet, wbk.COLUMNS[sheet]) for sheet in wbk.SHEETS]
    return render(
        request,
        "adoption/org_import.html",
        {"form": form, "result": result, "county": county, "columns": columns, "notes": wbk.NOTES},
    )


# --- redistricting --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def redistricting(request):
    if not scope_for(request.user).is_county_admin:
        raise PermissionDenied(ADMIN_ONLY)
    op = request.POST.get("op") if request.method == "POST" else None
    change_form = ChangeForm(request.POST if op == "change" else None, prefix="c")
    merge_form = MergeForm(request.POST if op == "merge" else None, prefix="m")
    form = change_form if op == "change" else merge_form if op == "merge" else None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if op == "change":
                outcome = redistrict.township_change(actor=request.user, **data)
                note = f",村(社区)代码随之调整 {outcome.villages_recoded} 个" if outcome.villages_recoded else ""
                messages.success(request, f"{outcome.change.old_name}已调整为{outcome.change.new_name}{note}。")
            else:
                outcome = redistrict.township_merge(actor=request.user, **data)
                messages.success(
                    request,
                    f"{outcome.change.old_name}已并入{outcome.change.new_name}:移交村(社区){outcome.villages_moved}个、"
                    f"代办点{outcome.points_moved}个、工作人员{outcome.staff_moved}名;原中心已停用,历史办件和报表保留。",
                )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            return redirect("adoption:redistricting")
    changes = UnitChange.objects.select_related("region", "merged_into", "recorded_by").order_by("-effective_on", "-pk")
    return render(
        request,
        "adoption/redistricting.html",
        {"change_form": change_form, "merge_form": merge_form, "changes": changes[:200]},
    )


# --- accounts -------------------------------------------------------------------------------------


@login_required
@require_POST
def password_reset(request, pk: int):
    staff = get_staff(request.user, pk)
    try:
        password = accounts.password_reset(staff=staff, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(staff)
    # Shown once, on this page only: never stored, logged or put in a message cookie.
    return render(request, "adoption/password_reset_done.html", {"staff": staff, "password": password})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, which also lifts the must-change flag once the new password is saved, and then
    ends the session: the new password is proven by logging in with it (issue #12 point 4). Every
    other session of the account ends too (its password hash no longer matches)."""

    def form_valid(self, form):
        form.save()
        accounts.password_changed(self.request)
        logout(self.request)
        messages.success(self.request, "密码已修改,请用新密码重新登录。")
        return redirect("login")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"must_change": self.request.session.get(accounts.SESSION_KEY)}

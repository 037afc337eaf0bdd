"""Case pages: my work queue, the case lists (centre / county / point), the case page with its
timeline and the action forms, and the audited look at a full ID number. Views are thin: reads via
``selectors``, writes via ``services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bianmin.cases import filters, selectors, services, workflow
from bianmin.cases.action_forms import ACTION_FORMS, build_form, run_action
from bianmin.cases.forms import AttachForm
from bianmin.cases.notices import latest_print_url
from bianmin.core.errors import ApplicationError
from bianmin.core.personal import mask_id_document
from bianmin.org.selectors import require_staff, scope_for

PAGE_SIZE = 30


def _page(request, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_lights(selectors.with_names(page.object_list))
    return page


@login_required
def queue(request):
    """我的待办: open cases I handle or track, due soonest first (lights on every row)."""
    require_staff(request.user)
    form = filters.CaseFilterForm(request.GET or None, user=request.user)
    qs = filters.apply(form, selectors.for_page(selectors.work_queue(request.user)))
    qs = qs.order_by(*filters.DUE_FIRST)
    return render(
        request, "cases/queue.html", {"page": _page(request, qs), "form": form, "scope": scope_for(request.user)}
    )


@login_required
def case_list(request):
    """The centre's cases (director, clerks), the county's (county roles, read), the point's (agent)."""
    require_staff(request.user)
    form = filters.CaseFilterForm(request.GET or None, user=request.user, full=True)
    qs = filters.apply(form, selectors.for_page(selectors.cases_for(request.user)))
    return render(
        request, "cases/list.html", {"page": _page(request, qs), "form": form, "scope": scope_for(request.user)}
    )


@login_required
def detail(request, pk: int):
    require_staff(request.user)
    case = selectors.get_case(request.user, pk)
    scope = scope_for(request.user)
    selectors.with_lights([case])
    actions = [] if scope.is_countywide else workflow.allowed_actions(case.status, scope.role)
    actions = [name for name in actions if ACTION_FORMS[name].available(case, scope.role)]
    forms = {name: build_form(name, case, request.user) for name in actions}
    extras = {}
    if not scope.is_countywide:
        for name in ("pending_fulfilled", "callback"):
            if ACTION_FORMS[name].available(case, scope.role):
                extras[name] = build_form(name, case, request.user)
    materials = list(case.materials.all())
    context = {
        "case": case,
        "scope": scope,
        "events": selectors.case_timeline(case),
        "materials": materials,
        "notices": case.notices.select_related("issued_by"),
        "attachments": case.attachments.select_related("material", "uploaded_by"),
        "suspensions": case.suspensions.all(),
        "extensions": case.extensions.select_related("requested_by", "decided_by"),
        "handovers": case.handovers.select_related("sent_by", "received_by"),
        "action_forms": [(name, workflow.ACTION_LABELS[workflow.Action(name)], form) for name, form in forms.items()],
        "extra_forms": [(name, ACTION_FORMS[name].label, form) for name, form in extras.items()],
        "attach_form": None
        if scope.is_countywide or case.status in workflow.FINAL
        else AttachForm(materials=materials),
        "masked_id": mask_id_document(case.id_type, case.id_number),
    }
    return render(request, "cases/detail.html", context)


@login_required
@require_POST
def act(request, pk: int, action: str):
    require_staff(request.user)
    if action not in ACTION_FORMS:
        raise Http404("没有这个办理动作")
    case = selectors.get_case_for_action(request.user, pk)
    form = build_form(action, case, request.user, data=request.POST)
    if form.is_valid():
        try:
            run_action(action, case, request.user.staff, form)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, ACTION_FORMS[action].done)
            return redirect(_after_action(case, action))
    else:
        errors = "；".join(
            f"{form.fields[f].label if f in form.fields else ''}{' ' if f in form.fields else ''}{e}"
            for f, es in form.errors.items()
            for e in es
        )
        messages.error(request, f"未能{ACTION_FORMS[action].label}:{errors}")
    return redirect("cases:detail", pk=case.pk)


def _after_action(case, action: str) -> str:
    """After an action that issues a notice, go to its print page (the applicant takes it along)."""
    notice_kind = ACTION_FORMS[action].notice
    return (notice_kind and latest_print_url(case, notice_kind)) or reverse("cases:detail", args=[case.pk])


@login_required
@require_POST
def reveal_id(request, pk: int):
    """The full ID number, shown once in the page after an audited request (never in lists)."""
    require_staff(request.user)
    case = selectors.get_case(request.user, pk)
    staff = getattr(request.user, "staff", None)
    if staff is None or scope_for(request.user).is_countywide:
        raise PermissionDenied("只有办理该办件的单位可以查看完整证件号码。")
    try:
        number = services.case_reveal_id(case=case, actor=staff)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from None
    return render(request, "cases/_revealed_id.html", {"case": case, "number": number})


@login_required
@require_POST
def attach(request, pk: int):
    require_staff(request.user)
    case = selectors.get_case_for_action(request.user, pk)
    materials = list(case.materials.all())
    form = AttachForm(request.POST, request.FILES, materials=materials)
    if form.is_valid():
        material = next((m for m in materials if m.pk == form.cleaned_data["material"]), None)
        try:
            services.case_attach(
                case=case,
                actor=request.user.staff,
                file=form.cleaned_data["file"],
                material=material,
                request_key=form.cleaned_data["request_key"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "扫描件已上传。")
    else:
        messages.error(request, "未能上传:" + ";".join(e for es in form.errors.values() for e in es))
    return redirect("cases:detail", pk=case.pk)


@login_required
def attachment(request, pk: int, attachment_pk: int):
    require_staff(request.user)
    case = selectors.get_case(request.user, pk)
    found = case.attachments.filter(pk=attachment_pk).first()
    if found is None:
        raise Http404("附件不存在")
    return FileResponse(found.file.open("rb"), content_type=found.content_type, filename=found.original_name)

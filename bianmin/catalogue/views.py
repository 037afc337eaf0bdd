"""Catalogue pages: the item list, an item's guide with its history, editing drafts and publishing
(county admin), and each centre's implementation list (the centre's director maintains it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from bianmin.catalogue import selectors, services
from bianmin.catalogue.forms import GuideForm, ItemForm, ItemSettingsForm, MaterialFormSet
from bianmin.catalogue.models import GuideVersion, ServiceItem, VersionStatus
from bianmin.catalogue.rules import items_without_window
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.org import selectors as org_selectors
from bianmin.org.models import Authorization, Department, Window


def _require_county_admin(request) -> None:
    org_selectors.require_county_admin(request.user, "只有县行政服务中心管委会可以编辑和发布办事指南。")


def _is_admin(request) -> bool:
    return org_selectors.scope_for(request.user).is_county_admin


@login_required
def item_list(request):
    org_selectors.require_staff(request.user)
    items = selectors.all_items() if _is_admin(request) else selectors.published_items()
    items = items.annotate(centre_count=Count("centres", filter=Q(centres__is_active=True)))
    drafts = set(GuideVersion.objects.filter(status=VersionStatus.DRAFT).values_list("item_id", flat=True))
    return render(
        request,
        "catalogue/item_list.html",
        {"items": items, "drafts": drafts, "is_admin": _is_admin(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    _require_county_admin(request)
    item_form = ItemForm(request.POST or None)
    guide_form = GuideForm(request.POST or None, initial={"is_free": True, "visits": 1})
    if request.method == "POST" and item_form.is_valid() and guide_form.is_valid():
        guide = {k: v for k, v in guide_form.cleaned_data.items() if k != "change_note"}
        try:
            version = services.item_create(
                code=item_form.cleaned_data["code"],
                business_line=item_form.cleaned_data["business_line"],
                aliases=item_form.cleaned_data["aliases"],
                guide=guide,
                actor=request.user,
            )
        except ApplicationError as exc:
            target = item_form if exc.field in item_form.fields else guide_form
            add_application_error(target, exc)
        else:
            messages.success(request, "事项已新建(草稿)。请补充申请材料后发布。")
            return redirect("catalogue:draft_materials", pk=version.item_id)
    return render(
        request, "catalogue/item_form.html", {"item_form": item_form, "guide_form": guide_form, "title": "新建事项"}
    )


@login_required
def item_detail(request, pk: int):
    org_selectors.require_staff(request.user)
    item = get_object_or_404(ServiceItem.objects.select_related("business_line"), pk=pk)
    is_admin = _is_admin(request)
    if item.current_id is None and not is_admin:
        raise PermissionDenied("该事项的办事指南尚未发布。")
    current = selectors.guide_with_materials(item.current_id) if item.current_id else None
    versions = item.versions.select_related("created_by", "published_by").order_by("-number")
    context = {
        "item": item,
        "guide": current,
        "gaps": selectors.disclosure_gaps(current) if current else [],
        "draft": selectors.draft_of(item) if is_admin else None,
        "versions": versions if is_admin else [v for v in versions if v.status != VersionStatus.DRAFT],
        "centres": item.centres.filter(is_active=True).select_related("centre", "window"),
        "is_admin": is_admin,
    }
    return render(request, "catalogue/item_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_settings(request, pk: int):
    _require_county_admin(request)
    item = get_object_or_404(ServiceItem, pk=pk)
    initial = {"business_line": item.business_line, "aliases": item.aliases, "is_active": item.is_active}
    form = ItemSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.item_update(item=item, **form.cleaned_data)
        messages.success(request, "事项设置已保存。")
        return redirect(item)
    return render(request, "catalogue/simple_form.html", {"form": form, "item": item, "title": "事项设置"})


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request, pk: int):
    _require_county_admin(request)
    item = get_object_or_404(ServiceItem, pk=pk)
    draft = services.draft_preview(item=item, actor=request.user)
    form = GuideForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "change_note"}
        try:
            with transaction.atomic():  # a refused change leaves no new draft behind
                draft = services.draft_for(item=item, actor=request.user)
                services.draft_update(version=draft, changes=changes, change_note=form.cleaned_data["change_note"])
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"草稿(第{draft.number}版)已保存,发布后对外生效。")
            return redirect(item)
    return render(
        request,
        "catalogue/draft_form.html",
        {"form": form, "item": item, "draft": draft, "title": f"编辑草稿(第{draft.number}版)"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_materials(request, pk: int):
    _require_county_admin(request)
    item = get_object_or_404(ServiceItem, pk=pk)
    draft = services.draft_preview(item=item, actor=request.user)
    materials = (draft if draft.pk else item.current).materials.all()
    existing = [
        {f: getattr(m, f) for f in ("name", "form", "copies", "required", "pending_allowed", "notes")}
        for m in materials
    ]
    formset = MaterialFormSet(request.POST or None, request.FILES or None, initial=existing, prefix="m")
    if request.method == "POST" and formset.is_valid():
        rows = [
            f.cleaned_data for f in formset.forms if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
        ]
        try:
            with transaction.atomic():  # a refused list leaves no new draft behind
                draft = services.draft_for(item=item, actor=request.user)
                services.materials_replace(version=draft, rows=rows)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"申请材料已保存(共 {len(rows)} 项)。")
            return redirect(item)
    return render(
        request,
        "catalogue/materials_form.html",
        {"formset": formset, "item": item, "draft": draft, "materials": materials},
    )


@login_required
@require_POST
def draft_publish(request, pk: int):
    _require_county_admin(request)
    item = get_object_or_404(ServiceItem, pk=pk)
    draft = selectors.draft_of(item)
    if draft is None:
        messages.error(request, "没有待发布的草稿。")
        return redirect(item)
    try:
        services.version_publish(version=draft, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"第{draft.number}版办事指南已发布。")
    return redirect(item)


@login_required
@require_POST
def draft_discard(request, pk: int):
    _require_county_admin(request)
    item = get_object_or_404(ServiceItem, pk=pk)
    draft = selectors.draft_of(item)
    if draft is None:
        messages.error(request, "没有可放弃的草稿。")
        return redirect(item)
    services.draft_discard(version=draft)
    messages.success(request, f"已放弃第{draft.number}版草稿。")
    if not ServiceItem.objects.filter(pk=pk).exists():
        return redirect("catalogue:item_list")
    return redirect(item)


@login_required
def version_detail(request, pk: int):
    org_selectors.require_staff(request.user)
    version = get_object_or_404(GuideVersion, pk=pk)
    if version.status == VersionStatus.DRAFT and not _is_admin(request):
        raise PermissionDenied("草稿只对县管委会可见。")
    version = selectors.guide_with_materials(version.pk)
    return render(
        request,
        "catalogue/version_detail.html",
        {"version": version, "item": version.item, "gaps": selectors.disclosure_gaps(version)},
    )


def _centre_check(centre) -> list[tuple[ServiceItem, bool]]:
    """涉群必进 (四(一)3): items of the township's stations that no window of this centre handles,
    each with whether its station has signed an authorization (授权委托书) to the centre.

    A station that never signed one is the worse case (体外循环), so every station counts.
    """
    kinds = set(Department.objects.filter(township=centre.township_id, is_active=True).values_list("kind", flat=True))
    authorized = set(
        Authorization.objects.filter(centre=centre, revoked_on__isnull=True).values_list("department__kind", flat=True)
    )
    items = list(selectors.published_items())
    by_kind: dict[str, list[str]] = {}
    for item in items:
        by_kind.setdefault(item.current.department, []).append(item.code)
    with_window = selectors.centre_items(centre).filter(window__isnull=False).values_list("item__code", flat=True)
    missing = set(items_without_window(authorized_kinds=kinds, items_by_kind=by_kind, items_with_window=with_window))
    return [(item, item.current.department in authorized) for item in items if item.code in missing]


@login_required
def centre_list(request, centre_pk: int):
    centre = org_selectors.get_centre(request.user, centre_pk)
    return render(
        request,
        "catalogue/centre_list.html",
        {
            "centre": centre,
            "lines": selectors.centre_items(centre),
            "missing": _centre_check(centre),
            "can_edit": org_selectors.scope_for(request.user).can_edit_centre(centre.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def centre_list_edit(request, centre_pk: int):
    centre = org_selectors.get_centre_for_edit(request.user, centre_pk)
    windows = list(Window.objects.filter(centre=centre, is_active=True).select_related("business_line"))
    items = list(selectors.published_items())
    current = {line.item_id: line.window_id for line in selectors.centre_items(centre)}
    if request.method == "POST":
        by_pk = {w.pk: w for w in windows}
        entries, errors = [], []
        for item in items:
            if not request.POST.get(f"item_{item.pk}"):
                continue
            raw = request.POST.get(f"window_{item.pk}", "")
            window = by_pk.get(int(raw)) if raw.isdigit() else None
            if raw and window is None:
                errors.append(f"{item.current.name}:所选窗口不属于本中心。")
            entries.append((item, window))
        if not errors:
            try:
                count = services.centre_list_set(centre=centre, entries=entries)
            except ApplicationError as exc:
                errors.append(exc.message)
            else:
                messages.success(request, f"实施清单已保存(共 {count} 项)。")
                return redirect("catalogue:centre_list", centre_pk=centre.pk)
        for error in errors:
            messages.error(request, error)
    rows = [(item, item.pk in current, current.get(item.pk) or _default_window(item, windows)) for item in items]
    return render(request, "catalogue/centre_list_edit.html", {"centre": centre, "rows": rows, "windows": windows})


def _default_window(item: ServiceItem, windows: list[Window]) -> int | None:
    """The resident window of the item's line, else the comprehensive window."""
    for window in windows:
        if window.business_line_id == item.business_line_id:
            return window.pk
    for window in windows:
        if window.kind == "comprehensive":
            return window.pk
    return None

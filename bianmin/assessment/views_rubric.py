"""Pages of the rubric (考核评分细则, plan 五(三) and its 附件): the list, the 附件 table of one rubric,
its A4 print, and the editing of a draft.

Who: the county admin and inspectors read every rubric; centre directors and clerks read the
published ones (the rules they are scored by, and a retired one an assessment was scored by); agents
and accounts without a role get 403, a draft is 404 for centre staff. Only the county admin loads
the default, copies, edits and publishes; a published or retired rubric is never edited in place
(403 with ``services_rubric.NOT_DRAFT``). Writes go through ``services_rubric`` and
``services_rubric_edit``; their Chinese errors are shown on the form or as a message on the page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from bianmin.assessment import services_rubric as rubrics
from bianmin.assessment.breakdown import standard_text
from bianmin.assessment.forms_rubric import RubricCopyForm
from bianmin.assessment.models import Assessment, Indicator, Item, Rubric, RubricStatus, Section
from bianmin.assessment.scoring import AUTO_SOURCES, fmt
from bianmin.core.errors import ApplicationError
from bianmin.core.forms import add_application_error
from bianmin.org.models import Staff
from bianmin.org.selectors import require_county_admin, scope_for

READERS = "考核细则由县行政服务中心管委会、督查人员和中心工作人员查看。"
DEFAULT_YEAR = 2018

# --- who reads, who edits -----------------------------------------------------------------------


def _readable(user) -> QuerySet[Rubric]:
    """The rubrics ``user`` may read; 403 for agents and accounts without a role."""
    scope = scope_for(user)
    if scope.is_countywide:
        return Rubric.objects.all()
    if scope.is_centre:
        # The rules a centre is scored by: the published rubrics, and a retired one that an
        # assessment was scored by (a corrected rubric published for the same year retires it).
        scored = Assessment.objects.values("rubric_id")
        return Rubric.objects.filter(Q(status=RubricStatus.PUBLISHED) | Q(status=RubricStatus.RETIRED, pk__in=scored))
    raise PermissionDenied(READERS)


def _get_readable(user, pk: int) -> Rubric:
    rubric = _readable(user).select_related("based_on", "created_by", "published_by").filter(pk=pk).first()
    if rubric is None:
        raise Http404("不存在或无权查看")
    return rubric


def _admin(request) -> Staff:
    require_county_admin(request.user, rubrics.COUNTY_ONLY)
    return Staff.objects.get(user=request.user, is_active=True)


def _require_draft(rubric: Rubric) -> None:
    try:
        rubrics.require_draft(rubric)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from None


def _draft(request, pk: int) -> tuple[Staff, Rubric]:
    actor = _admin(request)
    rubric = get_object_or_404(Rubric, pk=pk)
    _require_draft(rubric)
    return actor, rubric


# --- the 附件 table -----------------------------------------------------------------------------


def source_label(source: str) -> str:
    if not source:
        return "现场评分"
    label = AUTO_SOURCES[source][0] if source in AUTO_SOURCES else source
    return f"自动:{label}"


@dataclass(frozen=True)
class Row:
    """One row of the table; the section and indicator cells span their rows (``rowspan``)."""

    kind: str  # "description" | "item" | "no_items" | "no_indicators"
    section: Section
    indicator: Indicator | None = None
    item: Item | None = None
    opens_section: bool = False
    opens_indicator: bool = False
    first_item: bool = False
    last_item: bool = False


def rubric_table(rubric: Rubric) -> tuple[list[Row], rubrics.RubricSums]:
    """The rubric as the rows of the 附件 table, and its sums (three queries + ``rubric_sums``)."""
    sums = rubrics.rubric_sums(rubric)
    sections = list(
        rubric.sections.order_by("position", "pk").prefetch_related(
            Prefetch("indicators", Indicator.objects.order_by("position", "pk")),
            Prefetch("indicators__items", Item.objects.order_by("position", "pk")),
        )
    )
    rows: list[Row] = []
    for s_index, section in enumerate(sections):
        section.total_label = fmt(sums.sections.get(section.pk, Decimal("0")))
        section.first, section.last = s_index == 0, s_index == len(sections) - 1
        section_rows: list[Row] = []
        indicators = list(section.indicators.all())
        for i_index, indicator in enumerate(indicators):
            rule = indicator.rule_enum
            indicator.rule_label = rule.label
            indicator.max_label = fmt(indicator.max_points)
            indicator.first, indicator.last = i_index == 0, i_index == len(indicators) - 1
            items = list(indicator.items.all())
            indicator_rows: list[Row] = []
            if indicator.description:
                indicator_rows.append(Row("description", section, indicator))
            for n, item in enumerate(items):
                item.standard = standard_text(rule, item)
                item.source_label = source_label(item.source)
                indicator_rows.append(
                    Row("item", section, indicator, item, first_item=n == 0, last_item=n == len(items) - 1)
                )
            if not items:
                indicator_rows.append(Row("no_items", section, indicator))
            indicator.rowspan = len(indicator_rows)
            indicator_rows[0] = _opening(indicator_rows[0], opens_indicator=True)
            section_rows.extend(indicator_rows)
        if not section_rows:
            section_rows.append(Row("no_indicators", section))
        section.rowspan = len(section_rows)
        section_rows[0] = _opening(section_rows[0], opens_section=True)
        rows.extend(section_rows)
    return rows, sums


def _opening(row: Row, **flags: bool) -> Row:
    return Row(**{**row.__dict__, **flags})


def list_sums(rubric_ids: list[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """Base and bonus sums of many rubrics in one query (the same numbers as ``rubric_sums``)."""
    sums: dict[int, tuple[Decimal, Decimal]] = {pk: (Decimal("0"), Decimal("0")) for pk in rubric_ids}
    totals = (
        Indicator.objects.filter(section__rubric_id__in=rubric_ids)
        .values("section__rubric_id", "section__is_bonus")
        .annotate(total=Sum("max_points"))
    )
    for row in totals:
        base, bonus = sums[row["section__rubric_id"]]
        if row["section__is_bonus"]:
            bonus += row["total"]
        else:
            base += row["total"]
        sums[row["section__rubric_id"]] = (base, bonus)
    return sums


# --- reading ------------------------------------------------------------------------------------


@login_required
@require_GET
def rubric_list(request):
    scope = scope_for(request.user)
    qs = (
        _readable(request.user)
        .select_related("based_on")
        .prefetch_related(Prefetch("assessments", Assessment.objects.order_by("year")))
        .order_by("-year", "-pk")
    )
    rows = list(qs)
    sums = list_sums([r.pk for r in rows])
    for rubric in rows:
        rubric.base, rubric.bonus = sums[rubric.pk]
        rubric.base_label, rubric.bonus_label = fmt(rubric.base), fmt(rubric.bonus)
    in_force = rubrics.rubric_for_year(timezone.localdate().year)
    return render(
        request,
        "assessment/rubric_list.html",
        {
            "rows": rows,
            "scope": scope,
            "in_force_id": in_force.pk if in_force else None,
            "current_year": timezone.localdate().year,
            "can_load_default": scope.is_county_admin and not rows,
        },
    )


def _detail_context(request, rubric: Rubric) -> dict[str, Any]:
    scope = scope_for(request.user)
    table, sums = rubric_table(rubric)
    return {
        "rubric": rubric,
        "rows": table,
        "sums": sums,
        "base_label": fmt(sums.base),
        "bonus_label": fmt(sums.bonus),
        "base_ok": sums.base == rubrics.BASE_TOTAL,
        "scope": scope,
        "assessments": list(rubric.assessments.order_by("year")),
    }


@login_required
@require_GET
def rubric_detail(request, pk: int):
    rubric = _get_readable(request.user, pk)
    context = _detail_context(request, rubric)
    scope = context["scope"]
    context["editable"] = scope.is_county_admin and rubric.is_draft
    if rubric.is_draft:
        context["problems"] = rubrics.rubric_problems(rubric)
    if scope.is_countywide:
        context["copies"] = list(rubric.copies.order_by("-year", "-pk"))
    return render(request, "assessment/rubric_detail.html", context)


@login_required
@require_GET
def rubric_print(request, pk: int):
    rubric = _get_readable(request.user, pk)
    context = _detail_context(request, rubric)
    context["back_url"] = rubric.get_absolute_url()
    context["printed_at"] = timezone.localtime()
    return render(request, "assessment/rubric_print.html", context)


# --- loading, copying, publishing ---------------------------------------------------------------


def _back(request, url: str) -> HttpResponse:
    """After a POST action: a redirect, or for htmx (a confirmed button) a client-side one."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _act(request, action: Callable[[], Any], *, done: str = "", url: str) -> HttpResponse:
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if done:
            messages.success(request, done)
    return _back(request, url)


@login_required
@require_POST
def rubric_load_default(request):
    actor = _admin(request)
    existed = Rubric.objects.filter(year=DEFAULT_YEAR, status=RubricStatus.PUBLISHED).exists()
    rubric = rubrics.rubric_load_default(actor=actor, year=DEFAULT_YEAR)
    if existed:
        messages.info(request, f"{DEFAULT_YEAR}年默认细则已存在,未重复载入。")
    else:
        messages.success(request, f"已载入{DEFAULT_YEAR}年默认细则(方案附件)。")
    return redirect(rubric.get_absolute_url())


def _form_page(
    request,
    *,
    form_class: type,
    save: Callable[[dict[str, Any]], Any],
    rubric: Rubric,
    title: str,
    done: str,
    anchor: Callable[[Any], str] = lambda obj: "",
    initial: dict[str, Any] | None = None,
    form_kwargs: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
    cancel_url: str = "",
) -> HttpResponse:
    """GET: the form; POST: the service, then back to the rubric (or the form with its errors)."""
    kwargs = form_kwargs or {}
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                saved = save(form.cleaned_data)
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, done)
                target = saved if isinstance(saved, Rubric) else rubric
                return redirect(target.get_absolute_url() + anchor(saved))
    else:
        form = form_class(initial=initial, **kwargs)
    return render(
        request,
        "assessment/rubric_form.html",
        {
            "form": form,
            "rubric": rubric,
            "title": title,
            "cancel_url": cancel_url or rubric.get_absolute_url(),
            **(context or {}),
        },
    )


@login_required
def rubric_copy(request, pk: int):
    actor = _admin(request)
    source = get_object_or_404(Rubric, pk=pk)
    year = timezone.localdate().year + 1
    return _form_page(
        request,
        form_class=RubricCopyForm,
        save=lambda data: rubrics.rubric_copy(rubric=source, year=data["year"], name=data["name"], actor=actor),
        rubric=source,
        title="复制为新草稿",
        done="已复制为新的草稿,修改后请发布。",
        initial={"year": year, "name": source.name.replace(str(source.year), str(year))},
        context={"intro": f"将“{source}”的全部考核内容、指标和评分细则复制为一份草稿;原细则不变。"},
    )


@login_required
@require_POST
def rubric_publish(request, pk: int):
    actor, rubric = _draft(request, pk)
    replaced = Rubric.objects.filter(year=rubric.year, status=RubricStatus.PUBLISHED).first()
    done = f"已发布{rubric.year}年考核细则。"
    if replaced is not None:
        done += f"原“{replaced}”已停用(已开启的年度考核仍按其评分)。"
    return _act(
        request, lambda: rubrics.rubric_publish(rubric=rubric, actor=actor), done=done, url=rubric.get_absolute_url()
    )

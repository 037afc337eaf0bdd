"""One centre's score sheet (plan 五(三), 附件): read it, score it, correct it.

- ``sheet``: the breakdown as the 附件 table (section → indicator → item) with each automatic item's
  reading and evidence, the inspector's notes and files, last year's points, the versions; for county
  roles on a draft, a form per item; for the county admin the correction of a published sheet.
- ``score_save`` / ``score_restore``: one item's value (htmx: the item is re-rendered and the
  indicator, section and total cells updated out of band; without htmx: post, redirect, get). The
  sheet's ``lock`` travels with every form so a concurrent change is refused, never overwritten.
- ``score_evidence``: an item's evidence file, after the scope check.

Reads through ``selectors`` and ``breakdown``; writes through ``services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from bianmin.assessment import selectors, services
from bianmin.assessment.breakdown import Breakdown, sheet_breakdown, value_text
from bianmin.assessment.forms_sheets import CorrectForm, ScoreForm
from bianmin.assessment.models import Score, ScoreSheet, SheetStatus
from bianmin.assessment.scoring import Rule, fmt
from bianmin.assessment.scoring import fmt_or_dash as points
from bianmin.assessment.scoring import fmt_signed as signed
from bianmin.assessment.views_sheets import require_admin, require_scorer
from bianmin.core.errors import ApplicationError
from bianmin.core.evidence import evidence_response
from bianmin.core.forms import add_application_error
from bianmin.core.params import whole_number


def _decorate(breakdown: Breakdown, *, only_unscored: bool) -> None:
    """Put the printed form of every number on the rows (``scoring.fmt``: "4.5", never "4.50"),
    and mark what the "只看未评分" filter hides."""
    for section in breakdown.sections:
        section.points_text = fmt(section.points)
        section.max_text = fmt(section.max_points)
        section.previous_text = points(section.previous)
        section.visible = False
        for indicator in section.indicators:
            indicator.points_text = fmt(indicator.points)
            indicator.max_text = fmt(indicator.indicator.max_points)
            indicator.previous_text = points(indicator.previous)
            indicator.change_text = signed(indicator.change)
            indicator.raw_text = fmt(indicator.raw)
            indicator.visible = False
            for row in indicator.items:
                row.score.item = row.item  # the form reads the item's points: no query per item
                row.auto_text = value_text(row.rule, row.item, row.score.auto_value)
                row.visible = not only_unscored or row.score.value is None
                indicator.visible = indicator.visible or row.visible
            section.visible = section.visible or indicator.visible


def _attach_forms(breakdown: Breakdown, bound: ScoreForm | None) -> None:
    for section in breakdown.sections:
        for indicator in section.indicators:
            for row in indicator.items:
                if bound is not None and bound.score.pk == row.score.pk:
                    row.form = bound
                else:
                    row.form = ScoreForm(score=row.score, rule=row.rule)


def _neighbours(ranking: selectors.Ranking, sheet: ScoreSheet) -> tuple:
    """The current sheets before and after ``sheet``'s centre in ranking order, and its place."""
    rows = ranking.rows
    for index, row in enumerate(rows):
        if row.sheet.centre_id == sheet.centre_id:
            before = rows[index - 1].sheet if index > 0 else None
            after = rows[index + 1].sheet if index + 1 < len(rows) else None
            return before, after, row if row.sheet.pk == sheet.pk else None
    return None, None, None


def _sheet_context(request, sheet: ScoreSheet, *, bound: ScoreForm | None = None, correct_form=None) -> dict:
    scope = selectors.assessment_scope(request.user)
    only_unscored = request.GET.get("unscored") == "1"
    breakdown = sheet_breakdown(sheet)
    _decorate(breakdown, only_unscored=only_unscored)
    editable = scope.is_countywide and sheet.is_draft
    if editable:
        _attach_forms(breakdown, bound)
    versions = selectors.sheet_versions(sheet)
    for version in versions:
        version.total_text = fmt(version.total)
    ranking = selectors.ranking(request.user, sheet.assessment)
    before, after, rank_row = _neighbours(ranking, sheet)
    is_admin = scope.is_county_admin
    newest = versions[0].pk == sheet.pk if versions else True
    previous = breakdown.previous_sheet
    return {
        "scope": scope,
        "sheet": sheet,
        "assessment": sheet.assessment,
        "breakdown": breakdown,
        "editable": editable,
        "can_score": scope.is_countywide,
        "is_admin": is_admin,
        "only_unscored": only_unscored,
        "versions": versions,
        "before": before,
        "after": after,
        "rank_row": rank_row,
        "rank_of": ranking.of,
        "totals": {
            "base": fmt(sheet.base),
            "bonus": fmt(sheet.bonus),
            "total": fmt(sheet.total),
            "base_max": fmt(breakdown.base_max),
            "bonus_max": fmt(breakdown.bonus_max),
            "previous": points(previous.total if previous else None),
            "change": signed(sheet.total - previous.total if previous else None),
        },
        "correct_form": (correct_form or CorrectForm())
        if is_admin and sheet.status == SheetStatus.PUBLISHED and newest
        else None,
        "can_publish_correction": is_admin and sheet.is_draft and sheet.version > 1,
    }


@login_required
@require_GET
def sheet(request, pk: int):
    selectors.assessment_scope(request.user)
    return render(request, "assessment/sheet.html", _sheet_context(request, selectors.get_sheet(request.user, pk)))


# --- scoring one item -----------------------------------------------------------------------------


def _scorable(request, pk: int) -> Score:
    """The score ``pk`` for a county role (clerks, agents 403; directors 403; unknown 404)."""
    selectors.assessment_scope(request.user)
    require_scorer(request.user)
    score = (
        Score.objects.select_related("item__indicator", "sheet")
        .filter(pk=pk, sheet__in=selectors.sheets_for(request.user))
        .first()
    )
    if score is None:
        raise Http404("评分项不存在或无权查看")
    return score


def _seen_lock(request) -> int | None:
    raw = request.POST.get("seen_lock", "")
    return whole_number(raw)


def _find_item(context: dict, score_pk: int):
    for section in context["breakdown"].sections:
        for indicator in section.indicators:
            for row in indicator.items:
                if row.score.pk == score_pk:
                    return section, indicator, row
    raise Http404("评分项不存在")


def _item_url(sheet_pk: int, score_pk: int) -> str:
    return reverse("assessment:sheet", args=[sheet_pk]) + f"#score-{score_pk}"


def _respond(request, score: Score, form: ScoreForm, saved_message: str):
    """After a save (``form`` without errors) or a refusal (``form`` with the error on it)."""
    sheet = selectors.get_sheet(request.user, score.sheet_id)  # fresh: totals and lock
    failed = bool(form.errors)
    if failed and not sheet.is_draft:  # published meanwhile: no form left to show the refusal on
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        url = reverse("assessment:sheet", args=[sheet.pk])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if not request.htmx:
        if failed:
            context = _sheet_context(request, sheet, bound=form)
            return render(request, "assessment/sheet.html", context, status=400)
        messages.success(request, saved_message)
        return redirect(_item_url(sheet.pk, score.pk))
    context = _sheet_context(request, sheet, bound=form if failed else None)
    section, indicator, row = _find_item(context, score.pk)
    row.visible = True  # the row just worked on stays on the page even under "只看未评分"
    context.update(section=section, indicator=indicator, row=row, failed=failed, saved_message=saved_message)
    # htmx swaps only 2xx answers: a refusal is a 200 whose item row carries the error.
    return render(request, "assessment/sheet_item_saved.html", context)


@login_required
@require_POST
def score_save(request, pk: int):
    score = _scorable(request, pk)
    rule = Rule(score.item.indicator.rule)
    form = ScoreForm(request.POST, request.FILES, score=score, rule=rule)
    form.seen_lock = _seen_lock(request)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.score_set(
                score=score,
                value=data["value"],
                note=data["note"],
                actor=request.user.staff,
                evidence=data["evidence"],
                seen_lock=_seen_lock(request),
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
    return _respond(request, score, form, f"已保存:{score.item.text[:30]}")


@login_required
@require_POST
def score_restore(request, pk: int):
    """恢复自动评分: the automatic reading becomes the value again, the note is cleared."""
    score = _scorable(request, pk)
    rule = Rule(score.item.indicator.rule)
    current = {"value": "" if score.value is None else fmt(score.value), "note": score.note}
    form = ScoreForm(current, score=score, rule=rule)  # bound, so that it can carry a refusal
    form.seen_lock = _seen_lock(request)
    form.is_valid()
    if not score.item.source:
        form.add_error(None, "该项不是自动评分项。")
    else:
        try:
            services.score_set(
                score=score, value=score.auto_value, note="", actor=request.user.staff, seen_lock=_seen_lock(request)
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    return _respond(request, score, form, f"已恢复自动评分:{score.item.text[:30]}")


@login_required
@require_GET
def score_evidence(request, pk: int):
    """The evidence file of one item, for whoever may read its sheet (directors: published only)."""
    selectors.assessment_scope(request.user)
    score = Score.objects.filter(pk=pk, sheet__in=selectors.sheets_for(request.user)).first()
    if score is None:
        raise Http404("评分项不存在或无权查看")
    return evidence_response(score)


# --- the sheet as a whole -------------------------------------------------------------------------


@login_required
@require_POST
def sheet_autoscore(request, pk: int):
    """重新读取数据自动评分 for this sheet only (a draft: the year's first version or a correction)."""
    selectors.assessment_scope(request.user)
    require_scorer(request.user)
    sheet = selectors.get_sheet(request.user, pk)
    if not sheet.is_draft:
        messages.error(request, services.FROZEN)
        return redirect(sheet)
    try:
        services.assessment_autoscore(assessment=sheet.assessment, actor=request.user.staff, sheets=[sheet])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已按系统记录重新评分本表的自动评分项(人工调整过的项目保留原值)。")
    return redirect(sheet)


@login_required
@require_POST
def sheet_correct(request, pk: int):
    """更正: a new draft version of a published sheet, with the reason; the published one stays."""
    selectors.assessment_scope(request.user)
    require_admin(request.user)
    sheet = selectors.get_sheet(request.user, pk)
    form = CorrectForm(request.POST)
    if form.is_valid():
        try:
            draft = services.sheet_correct(sheet=sheet, reason=form.cleaned_data["reason"], actor=request.user.staff)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"已生成第{draft.version}版评分表(更正中),修改评分后请发布更正。")
            return redirect(draft)
    context = _sheet_context(request, sheet, correct_form=form)
    return render(request, "assessment/sheet.html", context, status=400)


@login_required
@require_POST
def sheet_publish(request, pk: int):
    """发布更正: the correction replaces the published version in the ranking."""
    selectors.assessment_scope(request.user)
    require_admin(request.user)
    sheet = selectors.get_sheet(request.user, pk)
    try:
        services.sheet_publish(sheet=sheet, actor=request.user.staff)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"第{sheet.version}版评分表已发布,原版本标记为已更正。")
    return redirect(sheet)

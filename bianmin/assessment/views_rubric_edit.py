"""Editing a draft rubric (考核评分细则): its name and year, sections, indicators and items, each
added, changed, removed or moved up and down — county admin only, drafts only (a published rubric is
copied first, see ``views_rubric.rubric_copy``). The writes are ``services_rubric_edit``'s."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from bianmin.assessment import services_rubric_edit as edit
from bianmin.assessment.forms_rubric import IndicatorForm, ItemForm, RubricForm, SectionForm
from bianmin.assessment.models import Indicator, Item, Section
from bianmin.assessment.scoring import Rule, fmt
from bianmin.assessment.views_rubric import _act, _admin, _back, _draft, _form_page, _require_draft
from bianmin.core.errors import ApplicationError
from bianmin.org.models import Staff


def _section(request, pk: int) -> tuple[Staff, Section]:
    actor = _admin(request)
    section = get_object_or_404(Section.objects.select_related("rubric"), pk=pk)
    _require_draft(section.rubric)
    return actor, section


def _indicator(request, pk: int) -> tuple[Staff, Indicator]:
    actor = _admin(request)
    indicator = get_object_or_404(Indicator.objects.select_related("section__rubric"), pk=pk)
    _require_draft(indicator.section.rubric)
    return actor, indicator


def _item(request, pk: int) -> tuple[Staff, Item]:
    actor = _admin(request)
    item = get_object_or_404(Item.objects.select_related("indicator__section__rubric"), pk=pk)
    _require_draft(item.indicator.section.rubric)
    return actor, item


# --- editing a draft ----------------------------------------------------------------------------


@login_required
def rubric_edit(request, pk: int):
    actor, rubric = _draft(request, pk)
    return _form_page(
        request,
        form_class=RubricForm,
        save=lambda data: edit.rubric_update(rubric=rubric, actor=actor, **data),
        rubric=rubric,
        title="修改名称和年度",
        done="已保存。",
        initial={"year": rubric.year, "name": rubric.name, "note": rubric.note},
    )


@login_required
@require_POST
def rubric_delete(request, pk: int):
    actor, rubric = _draft(request, pk)
    try:
        edit.rubric_delete(rubric=rubric, actor=actor)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _back(request, rubric.get_absolute_url())
    messages.success(request, f"已删除草稿“{rubric}”。")
    return _back(request, reverse("assessment:rubric_list"))


def _direction(request) -> int:
    return {"up": -1, "down": 1}.get(request.POST.get("direction", ""), 0)


@login_required
def rubric_section_add(request, pk: int):
    actor, rubric = _draft(request, pk)
    return _form_page(
        request,
        form_class=SectionForm,
        save=lambda data: edit.section_add(rubric=rubric, actor=actor, **data),
        rubric=rubric,
        title="添加考核内容",
        done="已添加考核内容。",
        anchor=lambda section: f"#s{section.pk}",
    )


@login_required
def rubric_section_edit(request, pk: int):
    actor, section = _section(request, pk)
    return _form_page(
        request,
        form_class=SectionForm,
        save=lambda data: edit.section_update(section=section, actor=actor, **data),
        rubric=section.rubric,
        title=f"修改考核内容“{section.title}”",
        done="已保存考核内容。",
        anchor=lambda saved: f"#s{saved.pk}",
        initial={"title": section.title, "is_bonus": section.is_bonus},
    )


@login_required
@require_POST
def rubric_section_remove(request, pk: int):
    actor, section = _section(request, pk)
    return _act(
        request,
        lambda: edit.section_remove(section=section, actor=actor),
        done=f"已删除考核内容“{section.title}”及其指标。",
        url=section.rubric.get_absolute_url(),
    )


@login_required
@require_POST
def rubric_section_move(request, pk: int):
    actor, section = _section(request, pk)
    return _act(
        request,
        lambda: edit.section_move(section=section, step=_direction(request), actor=actor),
        url=f"{section.rubric.get_absolute_url()}#s{section.pk}",
    )


@login_required
def rubric_indicator_add(request, pk: int):
    actor, section = _section(request, pk)
    return _form_page(
        request,
        form_class=IndicatorForm,
        save=lambda data: edit.indicator_add(section=section, actor=actor, **data),
        rubric=section.rubric,
        title=f"在“{section.title}”下添加考核指标",
        done="已添加考核指标,请继续添加其评分细则。",
        anchor=lambda indicator: f"#i{indicator.pk}",
        initial={"rule": Rule.BONUS.value if section.is_bonus else Rule.CHECKLIST.value},
        context={"rules": list(Rule)},
    )


@login_required
def rubric_indicator_edit(request, pk: int):
    actor, indicator = _indicator(request, pk)
    return _form_page(
        request,
        form_class=IndicatorForm,
        save=lambda data: edit.indicator_update(indicator=indicator, actor=actor, **data),
        rubric=indicator.section.rubric,
        title=f"修改考核指标“{indicator.title}”",
        done="已保存考核指标。",
        anchor=lambda saved: f"#i{saved.pk}",
        initial={
            "title": indicator.title,
            "max_points": fmt(indicator.max_points),
            "rule": indicator.rule,
            "description": indicator.description,
        },
        context={"rules": list(Rule)},
    )


@login_required
@require_POST
def rubric_indicator_remove(request, pk: int):
    actor, indicator = _indicator(request, pk)
    return _act(
        request,
        lambda: edit.indicator_remove(indicator=indicator, actor=actor),
        done=f"已删除考核指标“{indicator.title}”及其评分细则。",
        url=f"{indicator.section.rubric.get_absolute_url()}#s{indicator.section_id}",
    )


@login_required
@require_POST
def rubric_indicator_move(request, pk: int):
    actor, indicator = _indicator(request, pk)
    return _act(
        request,
        lambda: edit.indicator_move(indicator=indicator, step=_direction(request), actor=actor),
        url=f"{indicator.section.rubric.get_absolute_url()}#i{indicator.pk}",
    )


def _item_data(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": data["text"],
        "points": data.get("points"),
        "unit": data.get("unit"),
        "source": data.get("source", ""),
    }


@login_required
def rubric_item_add(request, pk: int):
    actor, indicator = _indicator(request, pk)
    return _form_page(
        request,
        form_class=ItemForm,
        form_kwargs={"indicator": indicator},
        save=lambda data: edit.item_add(indicator=indicator, actor=actor, **_item_data(data)),
        rubric=indicator.section.rubric,
        title=f"在“{indicator.title}”下添加评分细则",
        done="已添加评分细则。",
        anchor=lambda item: f"#t{item.pk}",
        context={"indicator": indicator, "indicator_max": fmt(indicator.max_points)},
    )


@login_required
def rubric_item_edit(request, pk: int):
    actor, item = _item(request, pk)
    indicator = item.indicator
    return _form_page(
        request,
        form_class=ItemForm,
        form_kwargs={"indicator": indicator},
        save=lambda data: edit.item_update(item=item, actor=actor, **_item_data(data)),
        rubric=indicator.section.rubric,
        title="修改评分细则",
        done="已保存评分细则。",
        anchor=lambda saved: f"#t{saved.pk}",
        initial={"text": item.text, "points": fmt(item.points), "unit": fmt(item.unit), "source": item.source},
        context={"indicator": indicator, "indicator_max": fmt(indicator.max_points)},
    )


@login_required
@require_POST
def rubric_item_remove(request, pk: int):
    actor, item = _item(request, pk)
    return _act(
        request,
        lambda: edit.item_remove(item=item, actor=actor),
        done="已删除评分细则。",
        url=f"{item.indicator.section.rubric.get_absolute_url()}#i{item.indicator_id}",
    )


@login_required
@require_POST
def rubric_item_move(request, pk: int):
    actor, item = _item(request, pk)
    return _act(
        request,
        lambda: edit.item_move(item=item, step=_direction(request), actor=actor),
        url=f"{item.indicator.section.rubric.get_absolute_url()}#t{item.pk}",
    )

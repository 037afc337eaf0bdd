"""One centre's sheet: who reads it, scoring an item (htmx and plain), the refusals, the correction
flow and the evidence file."""

from decimal import Decimal

import pytest
from django.urls import reverse

from bianmin.assessment import services
from bianmin.assessment.models import Score, ScoreSheet, SheetStatus
from bianmin.assessment.scoring import fmt
from bianmin.assessment.services_rubric import rubric_load_default
from bianmin.assessment.tests.test_views_sheets_helpers import (
    NOW,
    auto_points_score,
    freeze,
    manual_score,
    open_and_publish,
    png_upload,
)
from bianmin.core.roles import Role
from bianmin.org.tests.factories import staff_with_login

HX = {"HTTP_HX_REQUEST": "true"}


def sheet_url(sheet, name="sheet"):
    return reverse(f"assessment:{name}", args=[sheet.pk])


def score_url(score, name="score_save"):
    return reverse(f"assessment:{name}", args=[score.pk])


@pytest.fixture
def admin(county):
    return county.users[Role.COUNTY_ADMIN].staff


@pytest.fixture
def years(county, admin, monkeypatch):
    freeze(monkeypatch)
    rubric_load_default()
    last = open_and_publish(2025, admin)
    this = services.assessment_open(year=2026, actor=admin, at=NOW)
    return last, this


@pytest.fixture
def draft_a(years, county):
    return years[1].sheets.get(centre=county.centre_a)


@pytest.fixture
def published_a(years, county):
    return years[0].sheets.get(centre=county.centre_a)


# --- reading --------------------------------------------------------------------------------------


def test_it_shows_the_county_admin_the_breakdown_with_a_form_per_item(as_county_admin, draft_a, county):
    response = as_county_admin.get(sheet_url(draft_a))
    assert response.status_code == 200
    breakdown = response.context["breakdown"]
    titles = [row.section.title for row in breakdown.sections]
    assert titles == ["服务人员到位", "服务设施到位", "服务事项到位", "服务制度到位", "运行监督情况", "加分项目"]
    html = response.content.decode()
    items = sum(len(ind.items) for sec in breakdown.sections for ind in sec.indicators)
    assert html.count('class="sheet-lock"') >= items
    for text in ("单位领导重视", "自动", "评分依据" if _has_evidence(breakdown) else "自动", "上年", "只看未评分"):
        assert text in html, text
    assert "4.50" not in html
    assert response.context["before"] or response.context["after"]
    assert sheet_url(draft_a, "sheet_autoscore") in html


def _has_evidence(breakdown) -> bool:
    return any(row.evidence for sec in breakdown.sections for ind in sec.indicators for row in ind.items)


def test_it_shows_an_inspector_the_forms_too(as_inspector, draft_a):
    response = as_inspector.get(sheet_url(draft_a))
    assert response.status_code == 200 and response.context["editable"]
    assert response.context["correct_form"] is None


def test_it_shows_a_director_their_published_sheet_read_only(as_director_a, published_a, draft_a, county):
    response = as_director_a.get(sheet_url(published_a))
    assert response.status_code == 200 and not response.context["editable"]
    html = response.content.decode()
    assert 'class="sheet-lock"' not in html and "生成更正版本" not in html
    assert as_director_a.get(sheet_url(draft_a)).status_code == 404
    sheet_b = published_a.assessment.sheets.get(centre=county.centre_b)
    assert as_director_a.get(sheet_url(sheet_b)).status_code == 404
    score = manual_score(draft_a)
    assert as_director_a.post(score_url(score), {"value": "1"}).status_code == 403


def test_it_filters_the_unscored_items(as_county_admin, draft_a):
    response = as_county_admin.get(sheet_url(draft_a), {"unscored": "1"})
    breakdown = response.context["breakdown"]
    shown = [row for sec in breakdown.sections for ind in sec.indicators for row in ind.items if row.visible]
    assert shown and all(row.score.value is None for row in shown)
    assert len(shown) == breakdown.unscored


def test_it_loads_a_full_2018_sheet_in_a_constant_number_of_queries(
    as_county_admin, draft_a, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        response = as_county_admin.get(sheet_url(draft_a))
    assert response.status_code == 200


# --- scoring an item ------------------------------------------------------------------------------


def test_it_scores_a_manual_item_with_a_plain_post(as_county_admin, draft_a, admin):
    score = manual_score(draft_a)
    before = draft_a.total
    response = as_county_admin.post(
        score_url(score), {"value": "1.5", "note": "有研究记录,缺经费保障记录", "seen_lock": draft_a.lock}
    )
    assert response.status_code == 302
    assert response["Location"] == sheet_url(draft_a) + f"#score-{score.pk}"
    score.refresh_from_db()
    assert (score.value, score.scored_by, score.note) == (Decimal("1.5"), admin, "有研究记录,缺经费保障记录")
    draft_a.refresh_from_db()
    assert draft_a.total == before + Decimal("1.5")


def test_it_scores_with_htmx_and_updates_the_cells_out_of_band(as_inspector, draft_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    score = manual_score(draft_a)
    response = as_inspector.post(
        score_url(score),
        {"value": "2", "note": "", "seen_lock": draft_a.lock, "evidence": png_upload()},
        **HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    draft_a.refresh_from_db()
    indicator = score.item.indicator
    assert html.lstrip().startswith('<div class="score-item') and f'id="score-{score.pk}"' in html
    for target in (f'id="ind-{indicator.pk}"', f'id="sec-{indicator.section_id}"', 'id="sheet-summary"'):
        assert target in html, target
    assert html.count('hx-swap-oob="true"') == 3
    assert f'value="{draft_a.lock}" hx-swap-oob="outerHTML:.sheet-lock"' in html
    assert f"<strong>{fmt(draft_a.total)}</strong>" in html or f">{fmt(draft_a.total)}<" in html
    score.refresh_from_db()
    assert score.value == Decimal("2") and score.evidence_name == "现场照片.png"
    assert "现场照片.png" in html


def test_it_refuses_an_override_without_a_note_and_saves_nothing(as_inspector, draft_a):
    score = auto_points_score(draft_a)
    other = Decimal("0") if score.auto_value else Decimal("1")
    lock = draft_a.lock
    response = as_inspector.post(score_url(score), {"value": fmt(other), "note": "", "seen_lock": lock})
    assert response.status_code == 400
    assert "调整自动评分结果时,请在评分说明中写明理由。" in response.content.decode()
    hx = as_inspector.post(score_url(score), {"value": fmt(other), "note": "", "seen_lock": lock}, **HX)
    assert hx.status_code == 200
    html = hx.content.decode()
    assert "调整自动评分结果时,请在评分说明中写明理由。" in html and "hx-swap-oob" not in html
    score.refresh_from_db()
    draft_a.refresh_from_db()
    assert score.value == score.auto_value and not score.overridden and draft_a.lock == lock


def test_it_refuses_a_value_out_of_range_in_chinese(as_inspector, draft_a):
    score = manual_score(draft_a)
    response = as_inspector.post(score_url(score), {"value": "9", "seen_lock": draft_a.lock})
    assert response.status_code == 400 and "不能超过本项分值" in response.content.decode()
    response = as_inspector.post(score_url(score), {"value": "abc", "seen_lock": draft_a.lock})
    assert response.status_code == 400 and "请填写数字" in response.content.decode()
    score.refresh_from_db()
    assert score.value is None


def test_it_refuses_a_stale_lock_instead_of_overwriting(as_inspector, draft_a, admin):
    stale = draft_a.lock
    other = manual_score(draft_a)
    services.score_set(score=other, value=Decimal("1"), note="", actor=admin, seen_lock=stale)  # someone else
    score = Score.objects.filter(sheet=draft_a, item__source="", value__isnull=True).exclude(pk=other.pk).first()
    response = as_inspector.post(score_url(score), {"value": "0", "seen_lock": stale}, **HX)
    html = response.content.decode()
    assert "该评分表已被他人修改" in html
    assert f'value="{stale}"' in html  # the refused form keeps the old lock: the page must be reloaded
    score.refresh_from_db()
    assert score.value is None
    plain = as_inspector.post(score_url(score), {"value": "0", "seen_lock": stale})
    assert plain.status_code == 400 and "该评分表已被他人修改" in plain.content.decode()


def test_it_overrides_with_a_note_and_restores_the_automatic_value(as_inspector, draft_a):
    score = auto_points_score(draft_a)
    other = Decimal("0") if score.auto_value else Decimal("1")
    response = as_inspector.post(
        score_url(score), {"value": fmt(other), "note": "现场核查:设施已损坏", "seen_lock": draft_a.lock}
    )
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.overridden and score.value == other
    page = as_inspector.get(sheet_url(draft_a)).content.decode()
    assert "人工调整" in page and score_url(score, "score_restore") in page
    draft_a.refresh_from_db()
    restored = as_inspector.post(score_url(score, "score_restore"), {"seen_lock": draft_a.lock}, **HX)
    assert restored.status_code == 200 and "hx-swap-oob" in restored.content.decode()
    score.refresh_from_db()
    assert (score.value, score.overridden, score.note) == (score.auto_value, False, "")


def test_it_refuses_scoring_a_published_sheet(as_county_admin, published_a):
    score = manual_score(published_a) or Score.objects.filter(sheet=published_a).first()
    data = {"value": "0", "note": "x", "seen_lock": published_a.lock}
    response = as_county_admin.post(score_url(score), data, follow=True)
    assert "该评分表已发布" in response.content.decode()
    hx = as_county_admin.post(score_url(score), data, **HX)
    assert hx["HX-Redirect"] == sheet_url(published_a)
    assert Score.objects.get(pk=score.pk).value == score.value


# --- correction -----------------------------------------------------------------------------------


def test_it_corrects_a_published_sheet_and_publishes_the_correction(as_county_admin, published_a, years, county):
    page = as_county_admin.get(sheet_url(published_a))
    assert "生成更正版本" in page.content.decode()
    short = as_county_admin.post(sheet_url(published_a, "sheet_correct"), {"reason": "错"})
    assert short.status_code == 400 and not ScoreSheet.objects.filter(version=2).exists()
    response = as_county_admin.post(sheet_url(published_a, "sheet_correct"), {"reason": "复核发现领导重视一项评分有误"})
    draft = ScoreSheet.objects.get(assessment=published_a.assessment, centre=county.centre_a, version=2)
    assert response.status_code == 302 and response["Location"] == sheet_url(draft)
    page = as_county_admin.get(sheet_url(draft)).content.decode()
    assert "复核发现领导重视一项评分有误" in page and sheet_url(draft, "sheet_publish") in page
    score = Score.objects.filter(sheet=draft, item__source="", item__points=Decimal("2")).first()
    as_county_admin.post(score_url(score), {"value": "1", "note": "更正", "seen_lock": draft.lock})
    published = as_county_admin.post(sheet_url(draft, "sheet_publish"), follow=True)
    assert "第2版评分表已发布" in published.content.decode()
    draft.refresh_from_db()
    published_a.refresh_from_db()
    assert draft.status == SheetStatus.PUBLISHED and published_a.status == SheetStatus.SUPERSEDED
    assert draft.total == published_a.total - Decimal("1")
    ranking = as_county_admin.get(reverse("assessment:year", args=[2025]))
    assert draft in [row.sheet for row in ranking.context["rows"]]
    old = as_county_admin.get(sheet_url(published_a))
    assert old.context["correct_form"] is None and "本版本已被更正" in old.content.decode()


def test_it_lets_only_the_county_admin_correct(as_inspector, published_a):
    assert as_inspector.post(sheet_url(published_a, "sheet_correct"), {"reason": "复核发现有误"}).status_code == 403
    assert as_inspector.post(sheet_url(published_a, "sheet_publish")).status_code == 403
    assert not ScoreSheet.objects.filter(version=2).exists()


def test_it_refuses_to_publish_a_first_version_alone(as_county_admin, draft_a):
    response = as_county_admin.post(sheet_url(draft_a, "sheet_publish"), follow=True)
    assert "首次发布请发布整个年度考核" in response.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.is_draft


def test_it_rescores_one_draft_sheet(as_inspector, draft_a, published_a):
    response = as_inspector.post(sheet_url(draft_a, "sheet_autoscore"), follow=True)
    assert "已按系统记录重新评分本表" in response.content.decode()
    frozen = as_inspector.post(sheet_url(published_a, "sheet_autoscore"), follow=True)
    assert "该评分表已发布" in frozen.content.decode()


# --- evidence -------------------------------------------------------------------------------------


def test_it_serves_the_evidence_file_in_scope_only(client, county, admin, published_a, draft_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    published_score = Score.objects.filter(sheet=published_a).first()
    published_score.evidence_name = "会议记录.png"
    published_score.evidence_type = "image/png"
    published_score.evidence.save("a.png", png_upload(), save=True)
    draft_score = manual_score(draft_a)
    services.score_set(score=draft_score, value=Decimal("1"), note="", actor=admin, evidence=_checked(png_upload()))

    client.force_login(county.director_a.user)
    served = client.get(score_url(published_score, "score_evidence"))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert client.get(score_url(draft_score, "score_evidence")).status_code == 404  # a draft: not yet theirs
    director_b = staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b)
    client.force_login(director_b.user)
    assert client.get(score_url(published_score, "score_evidence")).status_code == 404
    client.force_login(county.clerk_a.user)
    assert client.get(score_url(published_score, "score_evidence")).status_code == 403
    client.force_login(county.users[Role.INSPECTOR])
    assert client.get(score_url(draft_score, "score_evidence")).status_code == 200
    no_file = Score.objects.filter(sheet=draft_a).exclude(pk=draft_score.pk).first()
    assert client.get(score_url(no_file, "score_evidence")).status_code == 404


def _checked(upload):
    upload.detected_content_type = "image/png"
    return upload

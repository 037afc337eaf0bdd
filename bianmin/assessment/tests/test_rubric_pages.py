"""The rubric pages: who reads and edits what, the 附件 table, the print view, the load button and
command, query counts, and the copy → edit → publish journey through the views."""

from datetime import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from bianmin.assessment import rubric_2018
from bianmin.assessment.models import Assessment, Indicator, Item, Rubric, RubricStatus
from bianmin.assessment.services_rubric import NOT_DRAFT, rubric_copy, rubric_load_default, rubric_sums
from bianmin.assessment.views_rubric import list_sums
from bianmin.core.roles import Role

CHINA = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 12, 1, tzinfo=CHINA)
ITEMS_2018 = sum(len(ind.items) for sec in rubric_2018.SECTIONS for ind in sec.indicators)


@pytest.fixture
def admin(county):
    return county.users[Role.COUNTY_ADMIN].staff


@pytest.fixture
def published(db):
    return rubric_load_default()


@pytest.fixture
def draft(published, admin):
    return rubric_copy(rubric=published, year=2027, actor=admin, name="2027年细则(草稿)")


def _url(name, *args):
    return reverse(f"assessment:{name}", args=args)


def _text(response):
    return response.content.decode()


# --- who reads -----------------------------------------------------------------------------------

READERS = [
    ("as_county_admin", 200),
    ("as_inspector", 200),
    ("as_director_a", 200),
    ("as_clerk_a", 200),
    ("as_agent_a1", 403),
]


@pytest.mark.parametrize(("actor", "status"), READERS)
def test_it_shows_the_list_detail_and_print_by_role(request, published, actor, status):
    client = request.getfixturevalue(actor)
    for url in (_url("rubric_list"), _url("rubric_detail", published.pk), _url("rubric_print", published.pk)):
        assert client.get(url).status_code == status, url


def test_it_sends_anonymous_visitors_to_the_login(client, published):
    for url in (_url("rubric_list"), _url("rubric_detail", published.pk), _url("rubric_copy", published.pk)):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_it_hides_drafts_from_centre_staff(as_director_a, draft, published):
    page = _text(as_director_a.get(_url("rubric_list")))
    assert published.name in page and draft.name not in page
    assert as_director_a.get(_url("rubric_detail", draft.pk)).status_code == 404
    assert as_director_a.get(_url("rubric_print", draft.pk)).status_code == 404


def test_it_shows_centre_staff_a_retired_rubric_only_if_they_were_scored_by_it(as_clerk_a, published, draft, admin):
    other = rubric_copy(rubric=published, year=2019, actor=admin)
    Rubric.objects.filter(pk__in=[published.pk, other.pk]).update(status=RubricStatus.RETIRED)
    Assessment.objects.create(
        year=2018, rubric=published, opened_by=admin, opened_at=datetime(2018, 12, 1, tzinfo=CHINA)
    )
    assert as_clerk_a.get(_url("rubric_detail", published.pk)).status_code == 200
    assert as_clerk_a.get(_url("rubric_detail", other.pk)).status_code == 404
    page = _text(as_clerk_a.get(_url("rubric_list")))
    assert "2018年度" in page  # the assessment that used it


def test_it_shows_the_list_with_sums_status_origin_and_assessments(as_inspector, published, draft, admin):
    Assessment.objects.create(
        year=2026, rubric=published, opened_by=admin, opened_at=datetime(2026, 12, 1, tzinfo=CHINA)
    )
    page = _text(as_inspector.get(_url("rubric_list")))
    assert "已发布" in page and "草稿" in page
    assert "2026年度" in page
    assert f'<a href="{published.get_absolute_url()}">{published}</a>' in page  # the draft's 复制自
    assert "载入2018年默认细则" not in page


def test_it_sums_the_list_like_rubric_sums(published, draft, admin):
    Indicator.objects.filter(section__rubric=draft, title="组织机构健全").update(max_points=Decimal("3.5"))
    sums = list_sums([published.pk, draft.pk])
    for rubric in (published, draft):
        expected = rubric_sums(rubric)
        assert sums[rubric.pk] == (expected.base, expected.bonus)
    assert sums[published.pk] == (Decimal("100"), Decimal("20"))
    assert sums[draft.pk] == (Decimal("101.5"), Decimal("20"))


# --- the 附件 table ------------------------------------------------------------------------------


def test_it_shows_the_rubric_as_the_attachment_table(as_director_a, published):
    page = _text(as_director_a.get(_url("rubric_detail", published.pk)))
    assert "服务人员到位" in page and "10分" in page
    assert "事项应进必进" in page and "(10分)" in page
    assert "每次扣3分" in page and "每月0.5分" in page and "每次加5分" in page
    assert "自动:大厅面积与类型" in page and "现场评分" in page
    assert "每次扣分,扣完为止" in page and "每次扣分,不限次" in page
    assert 'id="rubric-base">100 分' in page and 'id="rubric-bonus">20 分' in page
    assert "4.50" not in page and "100.00" not in page
    # read-only for everyone but the county admin, and a published rubric has no edit controls
    assert "复制为新草稿" not in page and "发布</button>" not in page


def test_it_offers_the_county_admin_a_copy_but_no_edit_on_a_published_rubric(as_county_admin, published):
    page = _text(as_county_admin.get(_url("rubric_detail", published.pk)))
    assert _url("rubric_copy", published.pk) in page
    assert _url("rubric_section_add", published.pk) not in page
    assert "可以发布" not in page


def test_it_lists_the_problems_of_a_draft_or_says_it_can_be_published(as_county_admin, draft):
    page = _text(as_county_admin.get(_url("rubric_detail", draft.pk)))
    assert "检查通过,可以发布" in page
    for name in ("rubric_section_add", "rubric_edit", "rubric_publish", "rubric_delete"):
        assert _url(name, draft.pk) in page
    Indicator.objects.filter(section__rubric=draft, title="组织机构健全").delete()
    page = _text(as_county_admin.get(_url("rubric_detail", draft.pk)))
    assert "基础分合计 98 分,应为 100 分" in page
    assert 'id="rubric-base">98 分' in page


def test_it_prints_every_indicator(as_inspector, published):
    response = as_inspector.get(_url("rubric_print", published.pk))
    page = _text(response)
    titles = Indicator.objects.filter(section__rubric=published).values_list("title", flat=True)
    assert len(titles) == 19
    for title in titles:
        assert title in page, title
    for text in Item.objects.filter(indicator__section__rubric=published).values_list("text", flat=True):
        assert text in page
    assert "@page" in page and "A4" in page
    assert "基础分合计" in page and "加分合计" in page
    assert published.get_absolute_url() in page  # 返回


# --- query counts --------------------------------------------------------------------------------


def test_it_lists_many_rubrics_in_a_fixed_number_of_queries(
    as_county_admin, published, admin, django_assert_max_num_queries
):
    for year in (2019, 2020, 2021, 2022):
        rubric_copy(rubric=published, year=year, actor=admin)
    with django_assert_max_num_queries(7):
        response = as_county_admin.get(_url("rubric_list"))
    assert response.status_code == 200
    assert _text(response).count("/assessment/rubrics/") >= 5


def test_it_shows_the_full_2018_rubric_in_a_fixed_number_of_queries(
    as_county_admin, draft, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        response = as_county_admin.get(_url("rubric_detail", draft.pk))
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = as_county_admin.get(_url("rubric_detail", published.pk))
    assert response.status_code == 200
    with django_assert_max_num_queries(11):
        response = as_county_admin.get(_url("rubric_print", published.pk))
    assert response.status_code == 200


# --- the default rubric ----------------------------------------------------------------------------


def test_it_offers_the_county_admin_the_default_when_there_is_no_rubric(as_county_admin):
    page = _text(as_county_admin.get(_url("rubric_list")))
    assert "载入2018年默认细则" in page and _url("rubric_load_default") in page
    response = as_county_admin.post(_url("rubric_load_default"))
    rubric = Rubric.objects.get()
    assert response.status_code == 302 and response["Location"] == rubric.get_absolute_url()
    assert rubric.status == RubricStatus.PUBLISHED and rubric.year == 2018
    as_county_admin.post(_url("rubric_load_default"))
    assert Rubric.objects.count() == 1
    assert _url("rubric_load_default") not in _text(as_county_admin.get(_url("rubric_list")))


# The database is asked for by name (``db``): a test that reaches it only through getfixturevalue is
# ordered after the transactional tests, whose flush has emptied the migrations' business lines.
@pytest.mark.parametrize("actor", ["as_inspector", "as_director_a"])
def test_it_lets_only_the_county_admin_load_the_default(db, request, actor):
    client = request.getfixturevalue(actor)
    assert "载入2018年默认细则" not in _text(client.get(_url("rubric_list")))
    assert client.post(_url("rubric_load_default")).status_code == 403
    assert not Rubric.objects.exists()


def test_it_loads_the_default_from_the_command_once(db):
    out = StringIO()
    call_command("load_default_rubric", stdout=out)
    assert "已载入并发布" in out.getvalue() and "19 个考核指标" in out.getvalue()
    assert "基础分 100 分、加分 20 分" in out.getvalue()
    out = StringIO()
    call_command("load_default_rubric", stdout=out)
    assert "未重复载入" in out.getvalue()
    assert Rubric.objects.count() == 1


# --- editing: who may --------------------------------------------------------------------------


def _edit_urls(rubric):
    section = rubric.sections.get(title="服务人员到位")
    indicator = section.indicators.get(title="组织机构健全")
    item = indicator.items.first()
    gets = [
        _url("rubric_edit", rubric.pk),
        _url("rubric_section_add", rubric.pk),
        _url("rubric_section_edit", section.pk),
        _url("rubric_indicator_add", section.pk),
        _url("rubric_indicator_edit", indicator.pk),
        _url("rubric_item_add", indicator.pk),
        _url("rubric_item_edit", item.pk),
    ]
    posts = [
        _url("rubric_publish", rubric.pk),
        _url("rubric_delete", rubric.pk),
        _url("rubric_section_move", section.pk),
        _url("rubric_section_remove", section.pk),
        _url("rubric_indicator_move", indicator.pk),
        _url("rubric_indicator_remove", indicator.pk),
        _url("rubric_item_move", item.pk),
        _url("rubric_item_remove", item.pk),
    ]
    return gets, posts


@pytest.mark.parametrize("actor", ["as_inspector", "as_director_a", "as_clerk_a", "as_agent_a1"])
def test_it_lets_only_the_county_admin_edit_a_draft(request, draft, actor):
    client = request.getfixturevalue(actor)
    gets, posts = _edit_urls(draft)
    for url in [*gets, _url("rubric_copy", draft.pk)]:
        assert client.get(url).status_code == 403, url
    for url in [*posts, _url("rubric_copy", draft.pk)]:
        assert client.post(url, {"direction": "down"}).status_code == 403, url
    assert Item.objects.filter(indicator__section__rubric=draft).count() == ITEMS_2018


def test_it_answers_403_to_any_edit_of_a_published_rubric(as_county_admin, published):
    gets, posts = _edit_urls(published)
    for url in gets:
        response = as_county_admin.get(url)
        assert response.status_code == 403, url
        assert NOT_DRAFT in _text(response)
    for url in posts:
        assert as_county_admin.post(url, {"direction": "down"}).status_code == 403, url
    assert Rubric.objects.get(pk=published.pk).status == RubricStatus.PUBLISHED
    assert Item.objects.filter(indicator__section__rubric=published).count() == ITEMS_2018


def test_it_refuses_gets_on_actions(as_county_admin, draft):
    _gets, posts = _edit_urls(draft)
    for url in posts:
        assert as_county_admin.get(url).status_code == 405, url


# --- editing: forms and actions --------------------------------------------------------------


def test_it_shows_chinese_errors_next_to_the_field_and_saves_nothing(as_county_admin, draft):
    section = draft.sections.get(title="运行监督情况")
    response = as_county_admin.post(
        _url("rubric_indicator_add", section.pk),
        {"title": "好差评", "max_points": "1.25", "rule": "checklist", "description": ""},
    )
    assert response.status_code == 200
    page = _text(response)
    assert "以0.5分为最小单位" in page and "invalid-feedback" in page
    assert not Indicator.objects.filter(title="好差评").exists()
    response = as_county_admin.post(_url("rubric_section_add", draft.pk), {"title": "服务人员到位"})
    assert "细则中已有考核内容“服务人员到位”" in _text(response)
    assert draft.sections.count() == 6


def test_it_offers_only_the_sources_that_fit_the_rule(as_county_admin, draft):
    checklist = Indicator.objects.get(section__rubric=draft, title="服务场所固定")
    page = _text(as_county_admin.get(_url("rubric_item_add", checklist.pk)))
    assert 'value="hall_class"' in page and 'value="complaints_verified"' not in page
    assert ">现场评分<" in page and 'name="points"' in page and 'name="unit"' not in page
    counting = Indicator.objects.get(section__rubric=draft, title="群众满意情况")
    page = _text(as_county_admin.get(_url("rubric_item_add", counting.pk)))
    assert 'value="complaints_verified"' in page and 'value="hall_class"' not in page
    assert "每次扣分" in page and 'name="points"' not in page
    # a posted mismatch is refused, nothing saved
    response = as_county_admin.post(
        _url("rubric_item_add", checklist.pk), {"text": "x", "points": "1", "source": "complaints_verified"}
    )
    assert response.status_code == 200 and checklist.items.count() == 4


def test_it_adds_edits_moves_and_removes_through_the_pages(as_county_admin, draft):
    response = as_county_admin.post(_url("rubric_section_add", draft.pk), {"title": "创新工作", "is_bonus": "on"})
    section = draft.sections.get(title="创新工作")
    assert response["Location"] == f"{draft.get_absolute_url()}#s{section.pk}"
    assert section.is_bonus and section.position == 7
    as_county_admin.post(
        _url("rubric_indicator_add", section.pk),
        {"title": "创新举措", "max_points": "4", "rule": "bonus", "description": "每项加2分"},
    )
    indicator = section.indicators.get()
    response = as_county_admin.post(
        _url("rubric_item_add", indicator.pk), {"text": "创新举措被推广", "unit": "2", "source": ""}
    )
    item = indicator.items.get()
    assert response["Location"].endswith(f"#t{item.pk}")
    assert (item.unit, item.points, item.source) == (Decimal("2"), Decimal("0"), "")
    as_county_admin.post(_url("rubric_item_edit", item.pk), {"text": "创新举措被推广", "unit": "2.5", "source": ""})
    assert Item.objects.get(pk=item.pk).unit == Decimal("2.5")
    page = _text(as_county_admin.get(draft.get_absolute_url()))
    assert "每次加2.5分" in page and "加分合计" in page and 'id="rubric-bonus">24 分' in page
    as_county_admin.post(_url("rubric_section_move", section.pk), {"direction": "up"})
    titles = list(draft.sections.order_by("position").values_list("title", flat=True))
    assert titles[-2:] == ["创新工作", "加分项目"]
    response = as_county_admin.post(
        _url("rubric_section_move", draft.sections.get(title="服务人员到位").pk), {"direction": "up"}
    )
    assert "已排在最前" in _text(as_county_admin.get(response["Location"]))
    as_county_admin.post(_url("rubric_section_remove", section.pk))
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    assert list(draft.sections.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_it_confirms_removals_with_htmx_and_redirects_the_page(as_county_admin, draft):
    item = Indicator.objects.get(section__rubric=draft, title="组织机构健全").items.first()
    response = as_county_admin.post(_url("rubric_item_remove", item.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(draft.get_absolute_url())
    assert not Item.objects.filter(pk=item.pk).exists()
    page = _text(as_county_admin.get(draft.get_absolute_url()))
    assert 'hx-confirm="删除该评分细则?"' in page


def test_it_deletes_a_draft(as_county_admin, draft):
    response = as_county_admin.post(_url("rubric_delete", draft.pk))
    assert response["Location"] == _url("rubric_list")
    assert not Rubric.objects.filter(pk=draft.pk).exists()


def test_it_shows_why_a_draft_cannot_be_published(as_county_admin, draft):
    Item.objects.filter(indicator__section__rubric=draft, indicator__title="内部管理制度").update(points=3)
    response = as_county_admin.post(_url("rubric_publish", draft.pk), follow=True)
    page = _text(response)
    assert "细则尚不能发布" in page and "与指标分值 4 分不一致" in page
    assert Rubric.objects.get(pk=draft.pk).status == RubricStatus.DRAFT


# --- the journey -------------------------------------------------------------------------------


def test_it_copies_edits_and_publishes_a_rubric_retiring_the_old_one_of_that_year(as_county_admin, published):
    # copy: the form proposes next year; the admin makes a corrected rubric for 2018 itself
    page = _text(as_county_admin.get(_url("rubric_copy", published.pk)))
    assert "复制为新草稿" in page and 'name="year"' in page
    response = as_county_admin.post(_url("rubric_copy", published.pk), {"year": "2018", "name": "2018年细则(修订)"})
    copy = Rubric.objects.get(name="2018年细则(修订)")
    assert response["Location"] == copy.get_absolute_url()
    assert (copy.status, copy.based_on, copy.year) == (RubricStatus.DRAFT, published, 2018)
    # edit: 组织机构健全 2 → 3 points, 工作人员到位 3 → 2 points; totals still 100
    org = Indicator.objects.get(section__rubric=copy, title="组织机构健全")
    staff = Indicator.objects.get(section__rubric=copy, title="工作人员到位")
    as_county_admin.post(
        _url("rubric_indicator_edit", org.pk),
        {"title": "组织机构健全", "max_points": "3", "rule": "checklist", "description": org.description},
    )
    as_county_admin.post(_url("rubric_item_add", org.pk), {"text": "岗位职责上墙", "points": "1", "source": ""})
    as_county_admin.post(
        _url("rubric_indicator_edit", staff.pk),
        {"title": "工作人员到位", "max_points": "2", "rule": "checklist", "description": staff.description},
    )
    as_county_admin.post(_url("rubric_item_remove", staff.items.order_by("position").last().pk))
    assert "检查通过,可以发布" in _text(as_county_admin.get(copy.get_absolute_url()))
    # publish: the copy governs 2018, the original is retired and stays as it was
    response = as_county_admin.post(_url("rubric_publish", copy.pk), follow=True)
    assert "原“2018年 玉山县" in _text(response) and "已停用" in _text(response)
    copy.refresh_from_db()
    published.refresh_from_db()
    assert copy.status == RubricStatus.PUBLISHED and published.status == RubricStatus.RETIRED
    assert Indicator.objects.get(section__rubric=published, title="组织机构健全").max_points == Decimal("2")
    # and from now on the copy is not edited in place either
    response = as_county_admin.get(_url("rubric_indicator_edit", org.pk))
    assert response.status_code == 403 and NOT_DRAFT in _text(response)
    page = _text(as_county_admin.get(_url("rubric_list")))
    assert "已停用" in page and "2018年细则(修订)" in page


def test_it_proposes_next_year_for_a_copy(as_county_admin, published):
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    page = _text(as_county_admin.get(_url("rubric_copy", published.pk)))
    assert f'value="{next_year}"' in page
    response = as_county_admin.post(_url("rubric_copy", published.pk), {"year": "1999", "name": "x"})
    assert response.status_code == 200 and Rubric.objects.count() == 1

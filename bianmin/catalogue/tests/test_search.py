"""Search of the catalogue (catalogue issue point 6): names and aliases by Chinese, full pinyin and
pinyin initials; ranking; business line and centre filters; constant query count; the page."""

import importlib
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bianmin.catalogue import services
from bianmin.catalogue.models import CentreItem, ServiceItem
from bianmin.catalogue.pinyin_keys import search_keys
from bianmin.catalogue.search import Rank, mark, match, normalise, rank, search_items
from bianmin.org.models import BusinessLine

GUIDE = {
    "item_type": "benefit",
    "department": "民政所",
    "handling_type": "promised",
    "statutory_limit_days": 30,
    "promised_limit_days": 15,
    "legal_basis": "《社会救助暂行办法》",
    "procedure": "申请\n受理\n审批",
    "is_free": True,
    "visits": 1,
}
_codes = itertools.count(1)


def draft(name, aliases="", line="民政", code=None, **guide):
    return services.item_create(
        code=code or f"YS-T-{next(_codes):04d}",
        business_line=BusinessLine.objects.get(name=line),
        aliases=aliases,
        guide=GUIDE | {"name": name} | guide,
        actor=None,
    )


def publish(name, aliases="", line="民政", code=None, **guide):
    return services.version_publish(version=draft(name, aliases, line, code, **guide), actor=None).item


@pytest.fixture
def catalogue(county):
    items = {
        "低保": publish("最低生活保障", "低保、城乡低保", code="YS-MZ-001"),
        "两项补贴": publish("残疾人两项补贴", "两项补贴", code="YS-MZ-002"),
        "临时救助": publish("临时救助", "临救", code="YS-MZ-003"),
        "特困": publish("特困人员救助供养", "五保", code="YS-MZ-004"),
        "养老": publish(
            "城乡居民基本养老保险参保登记",
            "城乡居保",
            line="劳动保障",
            code="YS-LD-001",
            handling_type="immediate",
            statutory_limit_days=None,
            promised_limit_days=0,
        ),
        "高龄": publish("高龄津贴", "", code="YS-MZ-005"),
        "低保边缘": publish("低保边缘家庭认定", "", code="YS-MZ-006"),
    }
    return items


def names(hits):
    return [hit.item.current.name for hit in hits]


# --- finding -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["最低生活", "低保", "dibao", "db", "zdshbz", "DIBAO", " 低 保 ", "ＤＩＢＡＯ"])
def test_it_finds_the_minimum_living_allowance_first(catalogue, query):
    hits = search_items(query)
    assert names(hits)[0] == "最低生活保障"


def test_it_finds_an_item_by_its_short_alias(catalogue):
    assert names(search_items("两项补贴"))[0] == "残疾人两项补贴"
    assert names(search_items("lxbt"))[0] == "残疾人两项补贴"
    assert names(search_items("wubao")) == ["特困人员救助供养"]


def test_it_finds_items_by_a_word_inside_the_name(catalogue):
    assert set(names(search_items("救助"))) == {"临时救助", "特困人员救助供养"}
    assert names(search_items("养老保险")) == ["城乡居民基本养老保险参保登记"]


@pytest.mark.parametrize("query", ["B超", "b超", "Ｂ超", "（试行）", "(试行)", "孕期B超检查（试行）"])
def test_latin_letters_and_full_width_punctuation_match_in_any_form(county, query):
    publish("孕期B超检查（试行）", "", code="YS-WS-001")
    assert names(search_items(query)) == ["孕期B超检查（试行）"]


def test_the_stored_search_text_is_lower_case_so_the_database_compares_with_plain_like(county):
    item = publish("孕期B超检查（试行）", "ＣＴ检查", code="YS-WS-002")
    item.refresh_from_db()
    assert item.search_text == "孕期b超检查(试行) ct检查"
    assert item.pinyin_full == item.pinyin_full.lower() and item.pinyin_initials == item.pinyin_initials.lower()


def test_it_finds_nothing_for_an_unknown_word(catalogue):
    assert search_items("营业执照") == []
    assert search_items("xyzq") == []


def test_it_ranks_exact_name_then_alias_then_prefix_then_contains(catalogue):
    # "低保": alias of 最低生活保障 (1) before the name prefix of 低保边缘家庭认定 (3).
    assert names(search_items("低保")) == ["最低生活保障", "低保边缘家庭认定"]
    hits = search_items("低保")
    assert [hit.rank for hit in hits] == [Rank.EXACT_ALIAS, Rank.NAME_PREFIX]
    # "临时救助": the exact name first, then containment in another name.
    hits = search_items("救助")
    assert [hit.rank for hit in hits] == [Rank.CONTAINS_TEXT, Rank.CONTAINS_TEXT]
    assert names(hits) == ["临时救助", "特困人员救助供养"]  # tie: shorter name first


def test_it_tells_which_term_matched(catalogue):
    by_alias = search_items("城乡低保")[0]
    assert by_alias.match.kind == "alias" and by_alias.match.term == "城乡低保"
    by_pinyin = search_items("dibao")[0]
    assert by_pinyin.match.kind == "pinyin" and by_pinyin.match.term == "低保" and by_pinyin.via_term == "低保"
    assert by_pinyin.term_parts == ("", "dibao", "")
    by_initials = search_items("zdshbz")[0]
    assert by_initials.match.kind == "initials" and by_initials.via == "拼音首字母" and by_initials.via_term == ""
    by_name = search_items("生活")[0]
    assert by_name.name_parts == ("最低", "生活", "保障") and by_name.via == ""


def test_an_empty_query_gives_the_catalogue_in_its_normal_order(catalogue):
    hits = search_items("  ")
    assert [hit.item.code for hit in hits] == [
        "YS-MZ-001", "YS-MZ-002", "YS-MZ-003", "YS-MZ-004", "YS-MZ-005", "YS-MZ-006", "YS-LD-001"
    ]  # fmt: skip
    assert all(hit.rank is None for hit in hits)
    assert len(search_items("", limit=3)) == 3


def test_it_respects_the_limit(catalogue):
    assert len(search_items("b", limit=2)) == 2


def test_it_filters_by_business_line(catalogue):
    labour = BusinessLine.objects.get(name="劳动保障")
    assert names(search_items("保", business_line_id=labour.pk)) == ["城乡居民基本养老保险参保登记"]
    civil = BusinessLine.objects.get(name="民政")
    assert "城乡居民基本养老保险参保登记" not in names(search_items("保", business_line_id=civil.pk))
    assert names(search_items("", business_line_id=labour.pk)) == ["城乡居民基本养老保险参保登记"]


def test_it_filters_by_the_centres_active_implementation_list(catalogue, county):
    services.centre_list_set(centre=county.centre_a, entries=[(catalogue["低保"], county.window_a)])
    services.centre_list_set(centre=county.centre_b, entries=[(catalogue["低保边缘"], None)])
    assert names(search_items("低保", centre=county.centre_a)) == ["最低生活保障"]
    assert names(search_items("低保", centre=county.centre_b.pk)) == ["低保边缘家庭认定"]
    assert names(search_items("", centre=county.centre_a)) == ["最低生活保障"]
    # Taken off the list: the line is deactivated, and the item no longer shows for the centre.
    services.centre_list_set(centre=county.centre_a, entries=[(catalogue["临时救助"], None)])
    assert CentreItem.objects.filter(centre=county.centre_a, item=catalogue["低保"], is_active=False).exists()
    assert search_items("低保", centre=county.centre_a) == []


def test_drafts_only_and_inactive_items_are_not_found(catalogue):
    draft("最低工资保障咨询", "低工资")
    assert names(search_items("最低")) == ["最低生活保障"]
    item = catalogue["低保"]
    services.item_update(item=item, aliases=item.aliases, business_line=item.business_line, is_active=False)
    assert "最低生活保障" not in names(search_items("dibao"))
    assert search_items("最低") == []


def test_a_new_draft_does_not_change_what_is_found(catalogue):
    item = catalogue["临时救助"]
    version = services.draft_for(item=item, actor=None)
    services.draft_update(version=version, changes={"name": "急难救助"})
    assert names(search_items("临时救助")) == ["临时救助"]
    assert search_items("急难") == []
    services.version_publish(version=version, actor=None)
    assert names(search_items("jinan")) == ["急难救助"]
    assert names(search_items("临救")) == ["急难救助"]


def test_a_limit_keeps_the_best_ranked_hits_of_all_candidates(catalogue):
    for n in range(6):
        publish(f"救助测试事项{n}", "")  # more candidates than the limit
    every = [(hit.item.pk, hit.rank) for hit in search_items("救助", limit=None)]
    assert len(every) > 3
    assert [(hit.item.pk, hit.rank) for hit in search_items("救助", limit=3)] == every[:3]
    assert every == sorted(every, key=lambda pair: pair[1])


def test_the_query_count_does_not_grow_with_the_results(county):
    for n in range(2):
        publish(f"测试救助事项{n}", f"测救{n}")
    with CaptureQueriesContext(connection) as few:
        hits = search_items("救助")
        [(hit.name, hit.item.business_line.name, hit.item.current.handling_type) for hit in hits]
    assert len(hits) == 2
    for n in range(2, 20):
        publish(f"测试救助事项{n}", f"测救{n}")
    with CaptureQueriesContext(connection) as many:
        hits = search_items("救助")
        [(hit.name, hit.item.business_line.name, hit.item.current.handling_type) for hit in hits]
    assert len(hits) == 20
    assert len(many) == len(few) == 1  # ranked and limited by the database, with guide and business line


def test_the_database_ranks_every_candidate_as_match_does_and_orders_as_the_guide_says(catalogue):
    """``search.ranked`` (SQL, on the stored keys) against ``match`` (Python, on the name and
    aliases as written) for every short piece of every name, alias and pinyin key: same items, same
    rank, ordered by rank, then shorter name, then code."""
    publish("居民 身份证 补领", "补领身份证、临时救助", code="YS-GA-001")  # spaces; an alias = another's name
    publish("临时救助备案", "临救", code="YS-MZ-007")  # a name starting with another's name; a shared alias
    publish("孕期B超检查（试行）", "ＣＴ检查、B超", code="YS-WS-003")
    items = [
        (item.code, item.current.name, item.alias_list, item.pinyin_full.split(), item.pinyin_initials.split())
        for item in ServiceItem.objects.select_related("current")
    ]
    queries = set()
    for _, name, aliases, full, initials in items:
        for key in (normalise(name), *map(normalise, aliases), *full, *initials):
            for size in (1, 2, 3, 5, len(key)):
                queries.update(key[start : start + size] for start in range(0, len(key), 2))
    queries.discard("")
    assert len(queries) > 300
    for query in sorted(queries):
        expected = []
        for code, name, aliases, full, initials in items:
            found = match(query, name, aliases, full, initials)
            if found is not None:
                expected.append((found.rank, len(name), code))
        hits = search_items(query, limit=None)
        assert [(hit.rank, len(hit.name), hit.item.code) for hit in hits] == sorted(expected), query
        assert all(hit.match.rank == hit.rank for hit in hits), query


def test_the_migration_rewrites_stored_search_text_as_the_search_now_compares_it(county):
    from django.apps import apps

    migration = importlib.import_module("bianmin.catalogue.migrations.0003_search_text_terms_normalised")
    spaced = publish("居民 身份证 补领", "补领身份证、ＣＴ检查", code="YS-GA-002")
    draft_only = draft("未发布 事项", "草稿", code="YS-GA-003").item
    plain = publish("最低生活保障", "低保", code="YS-MZ-009")
    ServiceItem.objects.filter(pk__in=[spaced.pk, draft_only.pk]).update(search_text="居民 身份证 补领 旧")
    migration.terms_normalised(apps, None)
    texts = dict(ServiceItem.objects.values_list("code", "search_text"))
    assert texts == {
        "YS-GA-002": "居民身份证补领 补领身份证 ct检查",
        "YS-GA-003": "未发布事项 草稿",
        "YS-MZ-009": "最低生活保障 低保",
    }
    assert (
        search_items("居民")[0].rank == Rank.NAME_PREFIX and search_items("居民身份证补领")[0].rank == Rank.EXACT_NAME
    )
    assert plain.pk in [hit.item.pk for hit in search_items("低保")]


# --- rank, a pure function ---------------------------------------------------------------------

# 最低生活保障 with aliases 低保、城乡低保, keys as refresh_search_keys stores them.
DIBAO = (
    "最低生活保障",
    ["低保", "城乡低保"],
    ["zuidishenghuobaozhang", "dibao", "chengxiangdibao"],
    ["zdshbz", "db", "cxdb"],
)

RANK_TABLE = [
    # query             expected rank            why
    ("最低生活保障", Rank.EXACT_NAME),  # the whole name
    ("低保", Rank.EXACT_ALIAS),  # a whole alias (also inside the name's neighbour alias: exact wins)
    ("城乡低保", Rank.EXACT_ALIAS),
    ("zuidishenghuobaozhang", Rank.EXACT_PINYIN),  # full pinyin of the name
    ("dibao", Rank.EXACT_PINYIN),  # full pinyin of an alias
    ("zdshbz", Rank.EXACT_PINYIN),  # initials of the name
    ("db", Rank.EXACT_PINYIN),  # initials of an alias: above any accidental containment
    ("最低", Rank.NAME_PREFIX),
    ("城乡", Rank.ALIAS_PREFIX),
    ("zuidi", Rank.PINYIN_PREFIX),
    ("zds", Rank.PINYIN_PREFIX),
    ("cx", Rank.PINYIN_PREFIX),
    ("生活", Rank.CONTAINS_TEXT),  # inside the name
    ("乡低", Rank.CONTAINS_TEXT),  # inside an alias
    ("shenghuo", Rank.CONTAINS_PINYIN),
    ("shb", Rank.CONTAINS_PINYIN),  # inside the initials
    ("iba", Rank.CONTAINS_PINYIN),  # an accident of spelling: last
    (" 最低 生活 ", Rank.NAME_PREFIX),  # spaces do not count
    ("ZUIDI", Rank.PINYIN_PREFIX),  # nor case
    ("ｄｂ", Rank.EXACT_PINYIN),  # nor full-width letters
    ("救助", None),
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("query", "expected"), RANK_TABLE)
def test_it_ranks_a_query_against_an_item(query, expected):
    assert rank(query, *DIBAO) == expected


def test_ranks_are_ordered_as_the_issue_asks():
    assert [r.value for r in Rank] == list(range(8))
    assert Rank.EXACT_PINYIN < Rank.NAME_PREFIX < Rank.ALIAS_PREFIX < Rank.PINYIN_PREFIX < Rank.CONTAINS_TEXT


def test_a_pinyin_key_without_a_matching_term_list_still_ranks():
    # An alias with no Chinese leaves no pinyin key, so keys and terms no longer pair up.
    found = match("dibao", "最低生活保障", ["ABC", "低保"], ["zuidishenghuobaozhang", "dibao"], ["zdshbz", "db"])
    assert found.rank == Rank.EXACT_PINYIN and found.term == "" and found.key == "dibao"


def test_the_name_beats_an_alias_on_equal_rank():
    found = match("救助", "临时救助", ["急难救助"], [], [])
    assert found.rank == Rank.CONTAINS_TEXT and found.kind == "name"


@pytest.mark.parametrize(
    ("text", "query", "parts"),
    [
        ("最低生活保障", "生活", ("最低", "生活", "保障")),
        ("最低生活保障", " 生 活", ("最低", "生活", "保障")),
        ("ＡＢＣ证明", "bc", ("Ａ", "ＢＣ", "证明")),
        ("养老保险（参保）", "(参保)", ("养老保险", "（参保）", "")),
        ("临时救助", "低保", ("临时救助", "", "")),
        ("临时救助", "", ("临时救助", "", "")),
    ],
)
def test_it_marks_the_matching_part_as_written(text, query, parts):
    assert mark(text, query) == parts


def test_normalise():
    assert normalise(" ＤＩ　bao ") == "dibao"
    assert normalise(None) == ""


def test_half_width_brackets_find_a_name_written_with_full_width_ones(county):
    publish("城乡居民养老保险(待遇领取)")
    publish("城镇职工养老保险（转移接续）")
    assert names(search_items("养老保险(转移")) == ["城镇职工养老保险（转移接续）"]
    assert names(search_items("养老保险（待遇")) == ["城乡居民养老保险(待遇领取)"]


# --- property: every published name is found by its own pinyin -------------------------------

CHINESE = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=CHINESE)
def test_any_published_name_is_found_by_its_full_pinyin_and_its_initials(county, name):
    item = publish(name)
    keys = search_keys(name, "")
    for query in (keys["pinyin_full"], keys["pinyin_initials"]):
        if not query:  # a character pypinyin has no reading for
            continue
        hits = search_items(query, limit=None)
        assert item.pk in [hit.item.pk for hit in hits]
        assert next(hit for hit in hits if hit.item.pk == item.pk).rank == Rank.EXACT_PINYIN


# --- the page ----------------------------------------------------------------------------------

URL = reverse("catalogue:search")


def test_the_page_shows_the_form_and_the_results(catalogue, as_clerk_a):
    response = as_clerk_a.get(URL, {"q": "db"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<label class="form-label" for="search-q">' in page and 'for="search-line"' in page
    assert 'for="search-centre"' in page and "甲镇便民服务中心" in page and "乙乡便民服务中心" not in page
    assert "最低生活保障" in page and "YS-MZ-001" in page and "拼音首字母" in page
    assert reverse("catalogue:item_detail", args=[catalogue["低保"].pk]) in page
    assert 'hx-get="' + URL + '"' in page
    assert page.index("最低生活保障") < page.index("低保边缘家庭认定")


def test_the_page_returns_only_the_results_to_htmx(catalogue, as_clerk_a):
    response = as_clerk_a.get(URL, {"q": "两项补贴"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "残疾人两项补贴" in page and "<html" not in page and "<form" not in page
    assert "HX-Request" in response["Vary"]


def test_every_staff_role_may_search(catalogue, as_agent_a1):
    response = as_agent_a1.get(URL, {"q": "dibao"})
    assert response.status_code == 200 and "最低生活保障" in response.content.decode()


def test_anonymous_users_are_sent_to_log_in(catalogue, client):
    response = client.get(URL, {"q": "dibao"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_filters_by_line_and_centre(catalogue, county, as_clerk_a):
    services.centre_list_set(centre=county.centre_a, entries=[(catalogue["临时救助"], county.window_a)])
    page = as_clerk_a.get(URL, {"q": "", "centre": county.centre_a.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "临时救助" in page and "最低生活保障" not in page
    labour = BusinessLine.objects.get(name="劳动保障")
    page = as_clerk_a.get(URL, {"q": "bao", "line": labour.pk}).content.decode()
    assert "城乡居民基本养老保险参保登记" in page and "最低生活保障" not in page
    assert f'<option value="{labour.pk}" selected>' in page


def test_a_centre_out_of_scope_is_404(catalogue, county, as_clerk_b):
    assert as_clerk_b.get(URL, {"q": "低保", "centre": county.centre_a.pk}).status_code == 404
    assert as_clerk_b.get(URL, {"q": "低保", "centre": county.centre_b.pk}).status_code == 200
    assert as_clerk_b.get(URL, {"centre": "abc"}).status_code == 404


def test_the_county_admin_may_filter_by_any_centre(catalogue, county, as_county_admin):
    assert as_county_admin.get(URL, {"centre": county.centre_b.pk}).status_code == 200


def test_the_page_query_count_does_not_grow_with_the_results(county, as_clerk_a):
    for n in range(2):
        publish(f"测试救助事项{n}", f"测救{n}")
    with CaptureQueriesContext(connection) as few:
        assert as_clerk_a.get(URL, {"q": "救助"}).status_code == 200
    for n in range(2, 20):
        publish(f"测试救助事项{n}", f"测救{n}")
    with CaptureQueriesContext(connection) as many:
        response = as_clerk_a.get(URL, {"q": "救助"})
    assert response.content.decode().count("测试<mark>救助</mark>事项") == 20
    assert len(many) == len(few)

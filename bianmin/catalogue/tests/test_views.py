import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianmin.catalogue import services
from bianmin.catalogue.models import CentreItem, GuideVersion, ServiceItem, VersionStatus
from bianmin.catalogue.tests.helpers import published_item
from bianmin.org.models import Authorization, BusinessLine, Department

# Marked so that tests reaching the database only through getfixturevalue run before transactional
# tests (which flush the migrations' reference data).
pytestmark = pytest.mark.django_db

GUIDE_POST = {
    "name": "临时救助",
    "item_type": "benefit",
    "department": "民政所",
    "handling_type": "promised",
    "statutory_limit_days": "20",
    "promised_limit_days": "10",
    "legal_basis": "《社会救助暂行办法》",
    "conditions": "",
    "procedure": "申请\n审批",
    "is_free": "on",
    "fees": "",
    "fee_basis": "",
    "place": "",
    "hours": "",
    "consult_phone": "",
    "complaint_phone": "",
    "visits": "1",
    "pending_note": "",
    "change_note": "",
}


@pytest.fixture
def item(county):
    return published_item()


def test_it_lists_published_items_for_every_role(item, as_agent_a1):
    page = as_agent_a1.get(reverse("catalogue:item_list")).content.decode()
    assert "最低生活保障" in page and "新建事项" not in page


def test_it_hides_unpublished_items_from_staff_but_not_from_the_admin(county, client):
    services.item_create(
        code="YS-MZ-009",
        business_line=BusinessLine.objects.get(name="民政"),
        guide=GUIDE_POST | {"visits": 1, "statutory_limit_days": 20, "promised_limit_days": 10, "is_free": True},
        actor=None,
    )
    client.force_login(county.clerk_a.user)
    assert "YS-MZ-009" not in client.get(reverse("catalogue:item_list")).content.decode()
    client.force_login(county.users["county_admin"])
    assert "YS-MZ-009" in client.get(reverse("catalogue:item_list")).content.decode()


def test_the_county_admin_creates_edits_and_publishes_a_guide(as_county_admin, county):
    data = {"code": "YS-MZ-010", "business_line": BusinessLine.objects.get(name="民政").pk, "aliases": "临救"}
    response = as_county_admin.post(reverse("catalogue:item_create"), data | GUIDE_POST)
    item = ServiceItem.objects.get(code="YS-MZ-010")
    assert response.url == reverse("catalogue:draft_materials", args=[item.pk])
    materials = {
        "m-TOTAL_FORMS": "2",
        "m-INITIAL_FORMS": "0",
        "m-0-name": "居民身份证",
        "m-0-form": "original",
        "m-0-copies": "1",
        "m-0-required": "on",
        "m-1-name": "",
        "m-1-form": "copy",
        "m-1-copies": "1",
    }
    assert as_county_admin.post(reverse("catalogue:draft_materials", args=[item.pk]), materials).status_code == 302
    as_county_admin.post(reverse("catalogue:draft_publish", args=[item.pk]))
    item.refresh_from_db()
    assert item.current.name == "临时救助" and item.current.materials.count() == 1
    page = as_county_admin.get(item.get_absolute_url()).content.decode()
    assert "依据、流程、材料、时限、收费均已公开" in page


def test_it_explains_a_bad_guide_in_chinese_and_saves_nothing(as_county_admin, county):
    data = {"code": "YS-MZ-011", "business_line": BusinessLine.objects.get(name="民政").pk}
    bad = GUIDE_POST | {"promised_limit_days": "25"}
    page = as_county_admin.post(reverse("catalogue:item_create"), data | bad).content.decode()
    assert "承诺时限不能超过法定时限(20个工作日)" in page
    assert not ServiceItem.objects.filter(code="YS-MZ-011").exists()


def test_it_edits_a_draft_without_touching_the_published_guide(as_county_admin, item):
    url = reverse("catalogue:draft_edit", args=[item.pk])
    response = as_county_admin.post(url, GUIDE_POST | {"name": "最低生活保障(修订)", "change_note": "改名"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.current.name == "最低生活保障"
    assert GuideVersion.objects.get(item=item, status=VersionStatus.DRAFT).name == "最低生活保障(修订)"
    page = as_county_admin.get(item.get_absolute_url()).content.decode()
    assert "第2版草稿待发布:改名" in page


def test_opening_the_edit_pages_or_a_refused_save_leaves_no_draft_behind(as_county_admin, item):
    for name in ("draft_edit", "draft_materials"):
        page = as_county_admin.get(reverse(f"catalogue:{name}", args=[item.pk]))
        assert page.status_code == 200 and "第2版" in page.content.decode()
    refused = as_county_admin.post(reverse("catalogue:draft_edit", args=[item.pk]), GUIDE_POST | {"name": ""})
    assert refused.status_code == 200
    assert not GuideVersion.objects.filter(item=item, status=VersionStatus.DRAFT).exists()


@pytest.mark.parametrize("actor", ["as_director_a", "as_clerk_a", "as_inspector", "as_agent_a1"])
def test_only_the_county_admin_edits_the_catalogue(request, item, actor):
    client = request.getfixturevalue(actor)
    for name in ("item_create",):
        assert client.get(reverse(f"catalogue:{name}")).status_code == 403
    for name in ("draft_edit", "draft_materials", "draft_publish", "item_settings"):
        assert client.post(reverse(f"catalogue:{name}", args=[item.pk]), GUIDE_POST).status_code == 403
    assert not GuideVersion.objects.filter(item=item, status=VersionStatus.DRAFT).exists()


def test_drafts_are_visible_to_the_county_admin_only(as_clerk_a, item):
    draft = services.draft_for(item=item, actor=None)
    assert as_clerk_a.get(reverse("catalogue:version_detail", args=[draft.pk])).status_code == 403
    assert as_clerk_a.get(reverse("catalogue:version_detail", args=[item.current_id])).status_code == 200


@pytest.fixture
def authorized(county, item):
    department = Department.objects.create(township=county.centre_a.township, name="甲镇民政所", kind="民政所")
    Authorization.objects.create(department=department, centre=county.centre_a, signed_on="2018-10-08")
    return item


def test_it_flags_authorized_items_without_a_window(as_director_a, county, authorized):
    page = as_director_a.get(reverse("catalogue:centre_list", args=[county.centre_a.pk])).content.decode()
    assert "涉群必进核对" in page and "以下事项由本乡镇站所实施" in page
    assert "未签授权委托书" not in page
    services.centre_list_set(centre=county.centre_a, entries=[(authorized, county.window_a)])
    page = as_director_a.get(reverse("catalogue:centre_list", args=[county.centre_a.pk])).content.decode()
    assert "本乡镇站所的事项均已进驻窗口" in page


def test_it_flags_a_station_that_never_signed_an_authorization(as_director_a, county, item):
    Department.objects.create(township=county.centre_a.township, name="甲镇民政所", kind="民政所")
    page = as_director_a.get(reverse("catalogue:centre_list", args=[county.centre_a.pk])).content.decode()
    assert "最低生活保障" in page and "未签授权委托书" in page


def test_the_director_maintains_the_centre_list(as_director_a, county, item):
    url = reverse("catalogue:centre_list_edit", args=[county.centre_a.pk])
    response = as_director_a.post(url, {f"item_{item.pk}": "1", f"window_{item.pk}": str(county.window_a.pk)})
    assert response.status_code == 302
    assert CentreItem.objects.get(centre=county.centre_a, item=item).window == county.window_a


def test_a_window_of_another_centre_is_refused(as_director_a, county, item):
    url = reverse("catalogue:centre_list_edit", args=[county.centre_a.pk])
    page = as_director_a.post(url, {f"item_{item.pk}": "1", f"window_{item.pk}": str(county.window_b.pk)})
    assert "所选窗口不属于本中心" in page.content.decode()
    assert not CentreItem.objects.exists()


def test_centre_lists_follow_scope(as_clerk_b, county):
    assert as_clerk_b.get(reverse("catalogue:centre_list", args=[county.centre_a.pk])).status_code == 404
    assert as_clerk_b.post(reverse("catalogue:centre_list_edit", args=[county.centre_a.pk])).status_code == 404


def test_a_clerk_reads_but_does_not_edit_the_centre_list(as_clerk_a, county):
    assert as_clerk_a.get(reverse("catalogue:centre_list", args=[county.centre_a.pk])).status_code == 200
    assert as_clerk_a.post(reverse("catalogue:centre_list_edit", args=[county.centre_a.pk])).status_code == 403


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_have_constant_query_counts(as_county_admin, county, item):
    services.centre_list_set(centre=county.centre_a, entries=[(item, county.window_a)])
    urls = [reverse("catalogue:item_list"), reverse("catalogue:centre_list", args=[county.centre_a.pk])]
    before = [_count(as_county_admin, url) for url in urls]
    extra = [published_item(code=f"YS-MZ-1{n:02d}", name=f"事项{n}", aliases="") for n in range(5)]
    services.centre_list_set(centre=county.centre_a, entries=[(i, county.window_a) for i in [item, *extra]])
    assert [_count(as_county_admin, url) for url in urls] == before

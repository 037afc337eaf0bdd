import pytest

from bianmin.catalogue import services
from bianmin.catalogue.models import CentreItem, GuideVersion, VersionStatus
from bianmin.catalogue.tests.helpers import GUIDE, published_item
from bianmin.core.errors import ApplicationError
from bianmin.org.models import BusinessLine

pytestmark = pytest.mark.django_db


def test_it_publishes_a_first_version_and_indexes_its_name(county):
    item = published_item()
    assert item.current.number == 1 and item.current.status == VersionStatus.PUBLISHED
    assert item.pinyin_initials == "zdshbz db"
    assert "zuidishenghuobaozhang" in item.pinyin_full


def test_it_never_edits_a_published_version_in_place(county):
    item = published_item()
    with pytest.raises(ApplicationError, match="已发布的版本不能修改"):
        services.draft_update(version=item.current, changes={"promised_limit_days": 10})
    draft = services.draft_for(item=item, actor=None)
    assert draft.number == 2 and [m.name for m in draft.materials.all()] == ["居民身份证", "户口簿"]
    services.draft_update(version=draft, changes={"promised_limit_days": 10}, change_note="压缩时限")
    item.refresh_from_db()
    assert item.current.promised_limit_days == 15  # still the published one
    services.version_publish(version=draft, actor=None)
    item.refresh_from_db()
    assert (item.current.number, item.current.promised_limit_days) == (2, 10)
    assert GuideVersion.objects.get(item=item, number=1).status == VersionStatus.SUPERSEDED
    assert services.draft_for(item=item, actor=None).number == 3


def test_it_publishes_a_draft_only_once(county):
    item = published_item()
    draft = services.draft_for(item=item, actor=None)
    stale = GuideVersion.objects.get(pk=draft.pk)
    services.version_publish(version=draft, actor=None)
    with pytest.raises(ApplicationError, match="已被他人处理"):
        services.version_publish(version=stale, actor=None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"promised_limit_days": 40}, "promised_limit_days"),  # over the statutory 30
        ({"consult_phone": "12345"}, "consult_phone"),
        ({"item_type": "unknown"}, "item_type"),
    ],
)
def test_it_refuses_an_inconsistent_guide_and_keeps_the_old_values(county, changes, field):
    item = published_item()
    draft = services.draft_for(item=item, actor=None)
    with pytest.raises(ApplicationError) as refused:
        services.draft_update(version=draft, changes=changes)
    assert refused.value.field == field
    draft.refresh_from_db()
    assert draft.promised_limit_days == 15 and draft.consult_phone == ""


def test_it_refuses_a_duplicate_code(county):
    published_item()
    with pytest.raises(ApplicationError, match="已存在"):
        services.item_create(code="YS-MZ-001", business_line=BusinessLine.objects.first(), guide=GUIDE, actor=None)


def test_it_sets_a_centre_list_and_keeps_history(county):
    first, second = published_item(), published_item(code="YS-MZ-002", name="临时救助", aliases="")
    services.centre_list_set(centre=county.centre_a, entries=[(first, county.window_a), (second, None)])
    services.centre_list_set(centre=county.centre_a, entries=[(first, county.window_a)])
    lines = {line.item_id: line.is_active for line in CentreItem.objects.filter(centre=county.centre_a)}
    assert lines == {first.pk: True, second.pk: False}
    with pytest.raises(ApplicationError, match="不是本中心的窗口"):
        services.centre_list_set(centre=county.centre_a, entries=[(first, county.window_b)])


def test_it_discards_a_draft_and_keeps_the_published_version(county):
    item = published_item()
    services.draft_discard(version=services.draft_for(item=item, actor=None))
    item.refresh_from_db()
    assert item.current.number == 1 and not item.versions.filter(status=VersionStatus.DRAFT).exists()
    with pytest.raises(ApplicationError):
        services.draft_discard(version=item.current)

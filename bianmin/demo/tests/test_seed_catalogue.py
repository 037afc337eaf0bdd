from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from bianmin.catalogue import selectors
from bianmin.catalogue.models import CentreItem, GuideVersion, ServiceItem, VersionStatus
from bianmin.catalogue.rules import guide_errors
from bianmin.demo.catalogue_data import ILLUSTRATIVE_NOTE, ITEMS
from bianmin.demo.seed import seed_demo
from bianmin.demo.seed_catalogue import seed_catalogue
from bianmin.org.models import BusinessLine, Centre, WindowKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    seed_demo()  # the county only; the seed_demo command would also seed the catalogue
    return seed_catalogue()


def _published():
    return list(ServiceItem.objects.select_related("business_line", "current"))


def test_it_publishes_at_least_forty_items_covering_every_mandatory_line(seeded):
    items = _published()
    assert seeded["items"] == len(ITEMS) == len(items) >= 40
    assert all(item.current and item.current.status == VersionStatus.PUBLISHED for item in items)
    assert not GuideVersion.objects.filter(status=VersionStatus.DRAFT).exists()
    per_line = Counter(item.business_line.name for item in items)
    for line in BusinessLine.objects.filter(is_mandatory=True):
        assert per_line[line.name] >= 5, line.name
    assert {"社会保险", "社会救助", "涉农补贴", "农业", "林业", "国土", "民生档案查询", "财政"} <= set(per_line)


def test_every_guide_is_consistent_complete_and_marked_illustrative(seeded):
    for item in _published():
        version = selectors.guide_with_materials(item.current.pk)
        assert not guide_errors(
            handling_type=version.handling_type,
            statutory_limit_days=version.statutory_limit_days,
            promised_limit_days=version.promised_limit_days,
            is_free=version.is_free,
            fees=version.fees,
        ), item.code
        assert selectors.disclosure_gaps(version) == [], item.code
        materials = list(version.materials.all())
        assert 2 <= len(materials) <= 6, item.code
        assert version.legal_basis.strip() and 3 <= len(version.steps) <= 6, item.code
        assert version.pending_allowed == any(m.pending_allowed for m in materials), item.code
        assert version.pending_allowed == bool(version.pending_note), item.code
        assert version.change_note == ILLUSTRATIVE_NOTE


def test_it_makes_items_findable_by_their_short_names(seeded):
    dibao = ServiceItem.objects.get(current__name="最低生活保障")
    assert "低保" in dibao.alias_list and "db" in dibao.pinyin_initials.split()
    assert ServiceItem.objects.get(current__name="城乡居民基本医疗保险参保登记").alias_list.count("新农合") == 1
    assert ServiceItem.objects.get(current__name="农村村民宅基地审批").current.item_type == "licensing"


def test_every_centre_gets_a_list_at_the_right_windows(seeded):
    assert seeded["centre_lists"] == Centre.objects.count() == 16
    for centre in Centre.objects.all():
        lines = list(selectors.centre_items(centre))
        assert lines, centre.name
        for line in lines:
            window = line.window
            assert window.centre_id == centre.pk
            if window.kind == WindowKind.RESIDENT:
                assert window.business_line_id == line.item.business_line_id
            else:
                assert window.kind == WindowKind.COMPREHENSIVE
                assert not line.item.business_line.is_mandatory
                assert not centre.windows.filter(business_line=line.item.business_line, is_active=True).exists()


def test_items_of_a_missing_mandatory_window_stay_off_that_centres_list(seeded):
    def listed_lines(township):
        lines = CentreItem.objects.filter(centre__township__name=township, is_active=True)
        return set(lines.values_list("item__business_line__name", flat=True))

    assert "综治信访" not in listed_lines("紫湖镇") and "医疗保险" in listed_lines("紫湖镇")
    assert "医疗保险" not in listed_lines("南山乡") and "综治信访" in listed_lines("南山乡")
    full = CentreItem.objects.filter(centre__township__name="冰溪镇").count()
    assert full == len(ITEMS)


def test_a_second_run_creates_nothing_and_keeps_edits(seeded):
    centre = Centre.objects.get(township__name="冰溪镇")
    dropped = CentreItem.objects.filter(centre=centre).first()
    dropped.is_active = False
    dropped.save()
    item = ServiceItem.objects.get(code="YS-MZ-001")
    item.aliases = "低保"
    item.save()
    counts = (ServiceItem.objects.count(), GuideVersion.objects.count(), CentreItem.objects.count())
    assert seed_catalogue() == {"items": 0, "centre_lists": 0, "centre_items": 0}
    assert counts == (ServiceItem.objects.count(), GuideVersion.objects.count(), CentreItem.objects.count())
    assert not CentreItem.objects.get(pk=dropped.pk).is_active
    assert ServiceItem.objects.get(code="YS-MZ-001").aliases == "低保"


def test_it_seeds_without_writing_the_audit_log(seeded):
    from auditlog.models import LogEntry

    assert LogEntry.objects.count() == 0


def test_the_demo_command_seeds_the_catalogue_and_the_intake_gaps_show():
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    from bianmin.catalogue.views import _centre_check

    zihu = Centre.objects.get(township__name="紫湖镇")
    missing = _centre_check(zihu)
    assert missing and {item.business_line.name for item, _ in missing} == {"综治信访"}
    assert not any(authorized for _, authorized in missing)  # the station never signed one
    assert _centre_check(Centre.objects.get(township__name="冰溪镇")) == []

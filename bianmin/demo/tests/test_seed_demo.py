from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from bianmin.core.roles import Role
from bianmin.demo import yushan
from bianmin.org import selectors
from bianmin.org.models import AgencyPoint, Centre, Region, RegionLevel, Staff, Window
from bianmin.org.standards import HallClass

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo county, seeded once for the module inside a transaction rolled back at its end; each
    test runs in a savepoint. (Seeding it for every test took ~90 s a test on PostgreSQL.)"""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_it_builds_the_sixteen_township_centres_of_yushan(seeded):
    townships = Region.objects.filter(level=RegionLevel.TOWNSHIP)
    assert townships.count() == 16
    assert townships.filter(kind="town").count() == 11 and townships.filter(kind="xiang").count() == 5
    assert set(townships.values_list("name", flat=True)) == {row[1] for row in yushan.TOWNSHIPS}
    assert Centre.objects.count() == 16
    for township in townships:
        assert township.code.startswith("361123") and len(township.code) == 9
        assert township.children.count() >= 5
        suffix = int(township.code[-3:])
        assert (100 <= suffix < 200) if township.kind == "town" else (200 <= suffix < 300)


def test_it_covers_every_hall_class_and_two_missing_windows(seeded):
    classes = {centre.hall_class for centre in Centre.objects.all()}
    assert classes == set(HallClass)
    mandatory = selectors.mandatory_line_names()
    missing = {}
    for centre in Centre.objects.prefetch_related("windows__business_line"):
        lines = {w.business_line.name for w in centre.windows.all() if w.business_line}
        gaps = [line for line in mandatory if line not in lines]
        if gaps:
            missing[centre.township.name] = gaps
    assert missing == {"紫湖镇": ["综治信访"], "南山乡": ["医疗保险"]}


def test_it_gives_most_villages_an_agency_point_with_staff(seeded):
    villages = Region.objects.filter(level=RegionLevel.VILLAGE).count()
    points = AgencyPoint.objects.count()
    assert villages * 0.8 < points < villages
    assert Staff.objects.filter(agency_point__isnull=False).count() >= points
    assert Window.objects.filter(staff__isnull=True).count() == 0


def test_it_creates_a_working_login_for_every_role(seeded):
    for username, role, _, _ in yushan.DEMO_LOGINS:
        user = get_user_model().objects.get(username=username)
        assert user.check_password(yushan.DEMO_PASSWORD), username
        assert user.staff.role == role
    assert Staff.objects.get(user__username="agent_a1").agency_point.village.name == "东门社区"
    assert Staff.objects.get(user__username="director_a").centre.township.name == "冰溪镇"
    assert "director_a" in seeded and yushan.DEMO_PASSWORD in seeded


def test_it_keeps_all_data_when_run_again(seeded):
    centre = Centre.objects.get(township__name="冰溪镇")
    centre.hall_area = 333
    centre.save()
    user = Staff.objects.get(user__username="clerk_a").user
    user.set_password("Changed#Password-1")
    user.save()
    counts = (Region.objects.count(), Centre.objects.count(), Window.objects.count(), Staff.objects.count())
    out = StringIO()
    call_command("seed_demo", "--quiet-logins", stdout=out)
    assert "新建乡镇 0 个,新建演示账号 0 个" in out.getvalue()
    assert counts == (Region.objects.count(), Centre.objects.count(), Window.objects.count(), Staff.objects.count())
    assert Centre.objects.get(pk=centre.pk).hall_area == 333
    assert get_user_model().objects.get(username="clerk_a").check_password("Changed#Password-1")


def test_it_seeds_without_writing_the_audit_log(seeded):
    from auditlog.models import LogEntry

    assert LogEntry.objects.count() == 0
    assert Staff.objects.filter(role=Role.COUNTY_ADMIN).count() == 1

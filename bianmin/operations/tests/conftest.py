"""Fixtures of the operations tests: a clock for the views, the second director-role person of
centre A (专职副主任) and the director of centre B, and moments in office hours."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bianmin.core.roles import Role
from bianmin.org.tests import factories

CHINA = ZoneInfo("Asia/Shanghai")
TUESDAY = date(2026, 11, 24)  # a working day
SUNDAY = date(2026, 11, 22)  # a rest day


def china(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHINA)


def on(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)``: what ``timezone.now()`` answers for the rest of the test (views read it)."""

    def set_clock(moment: datetime) -> datetime:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_clock


@pytest.fixture
def deputy_a(county):
    staff = factories.staff_with_login("deputy_a", Role.CENTRE_DIRECTOR, centre=county.centre_a, position="专职副主任")
    county.centre_a.deputy = staff
    county.centre_a.save()
    return staff


@pytest.fixture
def director_b(county):
    staff = factories.staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b, position="中心主任")
    county.centre_b.director = staff
    county.centre_b.save()
    return staff


@pytest.fixture
def admin_staff(county):
    return county.users[Role.COUNTY_ADMIN].staff


@pytest.fixture
def inspector_staff(county):
    return county.users[Role.INSPECTOR].staff

"""Helpers of the supervision tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

from bianmin.portal.views_progress import VERIFIED

CHINA = ZoneInfo("Asia/Shanghai")


def china(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHINA)


def verify(client, *cases) -> None:
    """What the progress lookup does after a successful lookup: remember the case in the session."""
    session = client.session
    session[VERIFIED] = [case.pk for case in cases]
    session.save()

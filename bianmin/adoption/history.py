"""Names and units as they were in a past month, from the redistricting records (``UnitChange``).

Reports of a month before a change show the name of that month (a 冰溪镇 report of 2026-03 stays
“冰溪镇便民服务中心” after 冰溪镇 became 冰溪街道 in 2026-06), and a centre retired or merged away
still appears in the county tables of the months it was working.
"""

from collections import defaultdict
from datetime import date, timedelta

from bianmin.adoption.models import ChangeKind, UnitChange

ENDING = (ChangeKind.MERGE, ChangeKind.RETIRE)


def last_day(month) -> date:
    """The last day of a ``Month`` (year, month)."""
    following = month.next()
    return date(following.year, following.month, 1) - timedelta(days=1)


def first_day(month) -> date:
    return date(month.year, month.month, 1)


def centre_names_on(centres, day: date) -> dict[int, str]:
    """centre id → its name on ``day`` (one query for all ``centres``, which need ``township_id``)."""
    centres = list(centres)
    by_township = {c.township_id: c for c in centres}
    names = {c.pk: c.name for c in centres}
    changes = UnitChange.objects.filter(region_id__in=by_township, effective_on__gt=day).exclude(old_centre_name="")
    # The earliest change after ``day`` holds the name in force on ``day``.
    for change in changes.order_by("region_id", "-effective_on", "-pk"):
        names[by_township[change.region_id].pk] = change.old_centre_name
    return names


def centre_name_on(centre, day: date) -> str:
    return centre_names_on([centre], day)[centre.pk]


def ended_after(day: date) -> dict[int, date]:
    """township id → the day its centre stopped (merged or retired) for changes after ``day``."""
    ends: dict[int, date] = defaultdict(lambda: date.max)
    for region_id, effective_on in UnitChange.objects.filter(kind__in=ENDING, effective_on__gt=day).values_list(
        "region_id", "effective_on"
    ):
        ends[region_id] = min(ends[region_id], effective_on)
    return dict(ends)

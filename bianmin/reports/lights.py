"""The electronic-monitoring lights of the monthly reports (五(一) 电子监察, Kind.REPORT).

Red: a month's report not submitted after its deadline (the 5th of the next month, 23:59:59) — last
month's, and any earlier month since the centre went live that is still missing. Yellow: last
month's report not yet submitted from REPORT_YELLOW_DAYS (2) days before the deadline day until that
day (so from the 3rd, the day of the second reminder, when the deadline is the 5th). The key
``report:<centre id>:<YYYY-MM>`` is stable, so the ``monitor`` command notices a new red light once.

Registered with ``bianmin.monitoring.sources.register_source`` in ``ReportsConfig.ready``. Three
queries whatever the number of centres (active centres, first months, submitted reports).
"""

from datetime import date

from django.urls import reverse

from bianmin.cases.ledgers import Month
from bianmin.monitoring.lights import Colour, Kind, Light
from bianmin.monitoring.sources import Moment
from bianmin.org.models import Centre
from bianmin.reports import rules, selectors
from bianmin.reports.models import MonthlyReport, ReportStatus


def report_lights(moment: Moment) -> list[Light]:
    centre_ids = list(moment.in_scope(Centre.objects.filter(is_active=True), "pk").values_list("pk", flat=True))
    firsts = selectors.first_months(centre_ids)
    if not firsts:
        return []
    last = Month.of(moment.today).previous()
    earliest = min(firsts.values())
    submitted = set(
        MonthlyReport.objects.filter(
            centre_id__in=list(firsts), status=ReportStatus.SUBMITTED, month__gte=rules.month_start(earliest)
        ).values_list("centre_id", "month")
    )
    deadline = selectors.Deadlines()
    yellow_days = selectors.yellow_days()
    lights = []
    for centre_id, first in sorted(firsts.items()):
        for month in rules.months_between(first, last):
            if (centre_id, rules.month_start(month)) in submitted:
                continue
            due = deadline(month)
            colour = rules.colour(deadline=due, today=moment.today, yellow_days=yellow_days)
            if colour is None:
                continue
            lights.append(
                Light(
                    kind=Kind.REPORT,
                    colour=Colour.RED if colour == "red" else Colour.YELLOW,
                    key=f"report:{centre_id}:{month.param}",
                    centre_id=centre_id,
                    title=f"{month.label}信息未报送(期限 {due:%Y-%m-%d})",
                    url=reverse("reports:detail", args=[centre_id, month.param]),
                    since=due,
                )
            )
    return lights


def red_by_month(centre_ids: list[int], *, since: date, today: date) -> list[tuple[int, date]]:
    """(centre id, deadline day) of every report that went red since ``since``: submitted after its
    deadline, or still missing past it — for the monitoring dashboard's monthly trend (the lead's
    ``monitoring.selectors.trends`` can count these by the deadline's month). Two queries."""
    firsts = selectors.first_months(centre_ids)
    if not firsts:
        return []
    deadline = selectors.Deadlines()
    reports = {
        (centre_id, month): on_time
        for centre_id, month, on_time in MonthlyReport.objects.filter(
            centre_id__in=list(firsts), status=ReportStatus.SUBMITTED
        ).values_list("centre_id", "month", "on_time")
    }
    last = Month.of(today).previous()
    events = []
    for centre_id, first in sorted(firsts.items()):
        for month in rules.months_between(first, last):
            due = deadline(month)
            if due < since or due >= today:
                continue
            on_time = reports.get((centre_id, rules.month_start(month)))
            if on_time is not True:
                events.append((centre_id, due))
    return events

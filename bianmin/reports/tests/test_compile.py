"""Compiling a centre's month: the same figures as the ledger (统计簿), plus the report's additions."""

import pytest
from django.utils import timezone

from bianmin.cases import ledgers
from bianmin.cases.ledgers import Month
from bianmin.cases.tests.helpers import at, march_cases
from bianmin.core.roles import Role
from bianmin.reports import compile as compiler
from bianmin.reports import figures as fig

pytestmark = pytest.mark.django_db

MARCH = Month(2026, 3)


@pytest.fixture
def march(county):
    return march_cases(county)


def test_it_equals_the_ledger_of_the_same_month(county, march):
    """Issue #8: the report's case figures are the 统计簿's for the same centre and month."""
    now = timezone.now()
    figures = compiler.compile_figures(county.centre_a, MARCH, now=now)
    admin = county.users[Role.COUNTY_ADMIN]
    spec = ledgers.LedgerFilter(month=MARCH, centre=county.centre_a)
    stats = ledgers.statistics(ledgers.ledger_cases(admin, spec), now=now)

    assert figures.totals == stats.totals
    assert [(r.key, r.label, r.counts) for r in figures.by_item] == [
        (str(g.key), g.label, g.counts) for g in stats.by_item
    ]
    assert [(r.key, r.label, r.counts) for r in figures.by_channel] == [
        (g.key, g.label, g.counts) for g in stats.by_channel
    ]
    assert [(r.label, r.counts) for r in figures.by_window] == [(g.label, g.counts) for g in stats.by_window]
    assert [(s.status, s.count) for s in figures.by_status] == [(s.status, s.count) for s in stats.by_status]
    # The centre's own clerk sees the same ledger.
    own = ledgers.statistics(ledgers.ledger_cases(county.clerk_a.user, ledgers.LedgerFilter(month=MARCH)), now=now)
    assert own.totals == figures.totals


def test_it_adds_open_at_month_end_suspended_extended_and_points(county, march):
    figures = compiler.compile_figures(county.centre_a, MARCH, now=timezone.now())
    assert figures.totals.received == 9
    # Open on 31 March: c2 (completed in April), c3, c6, c7, c8 (withdrawn in April).
    assert figures.extras == fig.CaseExtras(open_at_month_end=5, suspended=2, extended=0, at_points=1)
    assert {r.label: r.counts.received for r in figures.by_handling} == {"即办件": 0, "承诺件": 9}
    assert [(r.label, r.counts.received) for r in figures.by_line] == [("民政", 9)]
    assert [(p.label, p.cases) for p in figures.points] == [("一村便民服务代办点", 1), ("二村便民服务代办点", 0)]
    assert figures.point_totals.cases == 1


def test_it_counts_open_cases_as_of_the_end_of_the_month_not_now(county, march):
    april = compiler.compile_figures(county.centre_a, Month(2026, 4), now=timezone.now())
    assert april.totals.received == 0 and april.extras.open_at_month_end == 0
    february = compiler.compile_figures(county.centre_a, Month(2026, 2), now=timezone.now())
    assert february.totals.received == 1 and february.extras.open_at_month_end == 1


def test_it_compiles_one_month_in_a_fixed_number_of_queries(county, march, django_assert_max_num_queries):
    # 18 + 1: the centre's name in force that month (redistricting history, bianmin/adoption/history.py);
    # + 2: the hall queue's figures.
    with django_assert_max_num_queries(21):
        compiler.compile_figures(county.centre_a, MARCH, now=timezone.now())


def test_it_round_trips_the_snapshot_through_json(county, march):
    figures = compiler.compile_figures(county.centre_a, MARCH, now=at(11, 3, 10))
    assert fig.from_json(fig.to_json(figures)) == figures


def test_it_summarises_the_county_per_centre_with_the_same_counts(county, march):
    now = timezone.now()
    ids = [county.centre_a.pk, county.centre_b.pk]
    lines = compiler.county_key_figures(MARCH, ids, now=now)
    a = compiler.compile_figures(county.centre_a, MARCH, now=now)
    assert lines[county.centre_a.pk] == fig.key_figures(a)
    assert lines[county.centre_b.pk].received == 1
    ytd = compiler.year_to_date(MARCH, ids)
    assert ytd[county.centre_a.pk].received == 10  # February's case too
    months = [Month(2026, 1), Month(2026, 2), MARCH]
    trend = compiler.monthly_trend(months, ids)
    assert {k: v.received for k, v in trend.items()} == {"2026-01": 0, "2026-02": 1, "2026-03": 10}
    assert trend["2026-03"].completed == 3 and trend["2026-03"].on_time == 2
    assert compiler.monthly_received(months, ids) == {"2026-01": 0, "2026-02": 1, "2026-03": 10}

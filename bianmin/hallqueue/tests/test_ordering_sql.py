"""The database orders the candidates of "call next" exactly as the pure rule does
(``ordering.call_order``), on random queues: transfers, 绿色通道, appointments before and after their
slot, 过号重排, other lines and other windows."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bianmin.hallqueue import services
from bianmin.hallqueue.models import Ticket
from bianmin.hallqueue.ordering import call_order
from bianmin.hallqueue.tests.helpers import at, build_hall

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)
NOW = at(10, 0)

ticket_specs = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=59),  # taken, minutes after 9:00
        st.sampled_from(["", "", "", "elderly", "pregnant", "appointment"]),
        st.integers(min_value=-30, max_value=90),  # appointment slot start, minutes after taking
        st.sampled_from(["a", "a", "a", "b", "to_me", "to_other"]),  # line / transfer
        st.integers(min_value=0, max_value=50),  # came back after 过号 this many minutes later (0: no)
    ),
    min_size=1,
    max_size=25,
)


@pytest.fixture
def hall(county):
    return build_hall(county)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=ticket_specs)
def test_the_database_orders_the_candidates_as_the_rule(hall, monkeypatch, specs):
    monkeypatch.setattr(services, "CANDIDATES", 1000)
    window = hall.window_1  # calls line A only
    with transaction.atomic():
        counters = {"a": 0, "b": 0}
        for taken, priority, slot, where, back in specs:
            line = hall.line_b if where == "b" else hall.line_a
            key = "b" if where == "b" else "a"
            counters[key] += 1
            taken_at = at(9, taken)
            queued_at = min(taken_at + timedelta(minutes=back), NOW)
            Ticket.objects.create(
                centre=line.centre,
                line=line,
                day=DAY,
                sequence=counters[key],
                number=f"{line.prefix}{counters[key]:03d}",
                token=f"t{key}{counters[key]}",
                priority=priority,
                taken_at=taken_at,
                queued_at=queued_at,
                ready_at=max(taken_at + timedelta(minutes=slot), taken_at) if priority == "appointment" else taken_at,
                hour=9,
                target_window={"to_me": window, "to_other": hall.window_2}.get(where),
            )
        found = services.candidates_for(window, DAY, NOW)
        from_database = [facts.pk for facts, _, _ in found.waiting]
        rule = [
            t.pk
            for t in call_order(
                [f for f, _, _ in found.waiting], window_id=window.pk, line_ids={hall.line_a.pk}, now=NOW
            )
        ]
        everything = [
            services.Waiting(t.pk, t.line_id, t.priority, t.queued_at, t.ready_at, t.target_window_id)
            for t in Ticket.objects.filter(day=DAY)
        ]
        expected = [t.pk for t in call_order(everything, window_id=window.pk, line_ids={hall.line_a.pk}, now=NOW)]
        assert from_database == expected == rule
        transaction.set_rollback(True)

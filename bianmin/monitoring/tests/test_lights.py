"""The pure rules of the lights: the deadline colour and the tally per centre and kind."""

from datetime import date

import pytest

from bianmin.monitoring.lights import Colour, Kind, Light, Tally, deadline_colour, tally

# today is Friday 2026-11-20; the next working day is Monday 11-23.
TODAY, NEXT = date(2026, 11, 20), date(2026, 11, 23)


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (date(2026, 11, 19), Colour.RED),  # yesterday: late
        (date(2026, 11, 20), Colour.YELLOW),  # due today
        (date(2026, 11, 22), Colour.YELLOW),  # Sunday before the next working day
        (date(2026, 11, 23), Colour.YELLOW),  # the next working day
        (date(2026, 11, 24), None),  # two working days away: nothing yet
    ],
)
def test_it_colours_a_deadline_day(deadline, expected):
    assert deadline_colour(deadline=deadline, today=TODAY, next_working_day=NEXT) == expected


def test_it_counts_red_and_yellow_per_centre_and_kind():
    def light(centre, kind, colour, n):
        return Light(kind=kind, colour=colour, key=f"{kind}:{centre}:{n}", centre_id=centre, title="", url="")

    counts = tally(
        [
            light(1, Kind.CASE, Colour.RED, 1),
            light(1, Kind.CASE, Colour.RED, 2),
            light(1, Kind.CASE, Colour.YELLOW, 3),
            light(2, Kind.LOG, Colour.RED, 4),
        ]
    )
    assert counts == {(1, Kind.CASE): Tally(red=2, yellow=1), (2, Kind.LOG): Tally(red=1, yellow=0)}
    assert counts[(1, Kind.CASE)].total == 3

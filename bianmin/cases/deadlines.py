"""The due moment of one case from its facts (pure; DESIGN §3, plan 四(一)4(3)).

The arithmetic is ``bianmin.workcalendar.deadlines``; this module only says which rule applies to a
case: 即办件 are due at the end of the acceptance day (or of the next working day), 承诺件 after
their promised limit plus the working days covered by suspensions plus approved extensions.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.deadlines import CHINA, Due, end_of, immediate_due, promised_due, suspended_working_days


@dataclass(frozen=True)
class CaseClock:
    handling_type: str  # "immediate" or "promised"
    limit_days: int
    accepted_at: datetime
    suspensions: Sequence[tuple[date, date]] = ()
    extensions: Sequence[int] = ()


def case_due(clock: CaseClock, calendar: WorkCalendar) -> Due:
    if clock.handling_type == "immediate" or clock.limit_days < 1:
        base = immediate_due(accepted_at=clock.accepted_at, calendar=calendar)
        if not clock.suspensions and not clock.extensions:
            return base
        # A suspended or extended 即办件 (rare: e.g. a 补正 wait) counts on from its due day.
        extra = suspended_working_days(calendar, clock.suspensions).value + sum(clock.extensions)
        moved = calendar.add_working_days(base.moment.astimezone(CHINA).date(), extra)
        years = tuple(sorted(set(base.provisional_years) | set(moved.provisional_years)))
        return Due(end_of(moved.value), years)
    return promised_due(
        accepted_at=clock.accepted_at,
        limit_days=clock.limit_days,
        calendar=calendar,
        suspensions=clock.suspensions,
        extensions=clock.extensions,
    )


def local_date(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()

"""Building a month of records for the report tests (cases through the case services, with ``at=``)."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from bianmin.cases import services
from bianmin.cases.tests.helpers import ALL_RECEIVED, applicant, listed_item

CHINA = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 9, year: int = 2026, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=CHINA)


def register(county, item, when, *, actor=None, channel=None):
    return services.case_register(
        actor=actor or county.clerk_a,
        item=item,
        applicant=applicant(),
        materials=ALL_RECEIVED,
        channel=channel,
        at=when,
    )


def march_cases(county) -> SimpleNamespace:
    """Centre A's March 2026 (a working-day month long past), as in the ledger tests, plus a case
    withdrawn in April (open at the end of March) and one suspended and resumed.

    c1 on time · c2 completed late (in April) · c3 handling, overdue · c4 not accepted · c5 withdrawn
    · c6 at point A1, handed over · c7 (other item, by phone) suspended · c8 withdrawn in April ·
    c9 suspended and resumed, completed on time. Plus one February case and one at centre B.
    """
    item = listed_item(county)
    other = listed_item(county, code="YS-MZ-002", name="临时救助", aliases="救助")
    clerk = county.clerk_a

    c1 = register(county, item, at(3, 2))
    services.case_accept(case=c1, actor=clerk, at=at(3, 2, 10))
    services.case_complete(case=c1, actor=clerk, result="approved", at=at(3, 5))

    c2 = register(county, item, at(3, 3))
    services.case_accept(case=c2, actor=clerk, at=at(3, 3, 10))
    services.case_complete(case=c2, actor=clerk, result="refused", note="不符合条件", at=at(4, 30))

    c3 = register(county, item, at(3, 4))
    services.case_accept(case=c3, actor=clerk, at=at(3, 4, 10))

    c4 = register(county, item, at(3, 5))
    services.case_refuse_acceptance(case=c4, actor=clerk, reason="不属于本中心受理范围", at=at(3, 5, 10))

    c5 = register(county, item, at(3, 6))
    services.case_withdraw(case=c5, actor=clerk, reason="申请人书面申请撤回", at=at(3, 6, 11))

    c6 = register(county, item, at(3, 9), actor=county.agent_a1)
    services.case_hand_over(case=c6, actor=county.agent_a1, at=at(3, 9, 15))

    c7 = register(county, other, at(3, 10), channel="phone")
    services.case_accept(case=c7, actor=clerk, at=at(3, 10, 10))
    services.case_suspend(case=c7, actor=clerk, kind="publicity", reason="公示七天", at=at(3, 11))

    c8 = register(county, item, at(3, 30))
    services.case_withdraw(case=c8, actor=clerk, reason="申请人书面申请撤回", at=at(4, 2, 11))

    c9 = register(county, other, at(3, 12))
    services.case_accept(case=c9, actor=clerk, at=at(3, 12, 10))
    services.case_suspend(case=c9, actor=clerk, kind="publicity", reason="公示七天", at=at(3, 13))
    services.case_resume(case=c9, actor=clerk, at=at(3, 16, 9))
    services.case_complete(case=c9, actor=clerk, result="approved", at=at(3, 17))

    february = register(county, item, at(2, 27))
    centre_b = register(county, item, at(3, 12), actor=county.clerk_b)
    return SimpleNamespace(
        item=item,
        other=other,
        cases=[c1, c2, c3, c4, c5, c6, c7, c8, c9],
        february=february,
        centre_b=centre_b,
        c1=c1,
        c2=c2,
        c3=c3,
        c7=c7,
        c8=c8,
        c9=c9,
    )

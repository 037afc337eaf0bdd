"""Building cases for the tests: an item on both centres' lists, applicants, and cases in any state."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from bianmin.cases import services
from bianmin.cases.models import Case
from bianmin.catalogue.models import CentreItem
from bianmin.catalogue.tests.helpers import published_item

# Valid GB 11643 numbers (check digits computed) and a mobile number, none belonging to anyone.
ID_1 = "361123198001010016"
ID_2 = "361123198506150022"
PHONE = "13812345678"

MATERIALS = [
    {"name": "居民身份证", "form": "original", "copies": 1, "required": True},
    {"name": "户口簿", "form": "copy", "copies": 1, "required": True},
    {"name": "收入证明", "form": "original", "copies": 1, "required": True, "pending_allowed": True},
]


def listed_item(county, *, code="YS-MZ-001", **guide):
    """A published item on the implementation lists of centre A (window A) and centre B (window B)."""
    item = published_item(code=code, materials=guide.pop("materials", MATERIALS), **guide)
    CentreItem.objects.create(centre=county.centre_a, item=item, window=county.window_a)
    CentreItem.objects.create(centre=county.centre_b, item=item, window=county.window_b)
    return item


def applicant(**overrides) -> services.Applicant:
    values = {"name": "张三", "id_type": "resident", "id_number": ID_1, "phone": PHONE, "address": "一村3组"}
    values.update(overrides)
    return services.Applicant(**values)


ALL_RECEIVED = {1: ("received", ""), 2: ("received", ""), 3: ("received", "")}


def received_case(county, item, *, actor=None, materials=ALL_RECEIVED, **kw) -> Case:
    return services.case_register(
        actor=actor or county.clerk_a, item=item, applicant=applicant(), materials=materials, **kw
    )


def handling_case(county, item, **kw) -> Case:
    case = received_case(county, item, **kw)
    return services.case_accept(case=case, actor=county.clerk_a)


def as_of(year: int, month: int, day: int) -> date:
    return date(year, month, day)


# --- a month of cases (ledger and monthly report tests) -------------------------------------------

CHINA = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 9, year: int = 2026, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=CHINA)


def register_on(county, item, when, *, actor=None, channel=None):
    return services.case_register(
        actor=actor or county.clerk_a,
        item=item,
        applicant=applicant(),
        materials=ALL_RECEIVED,
        channel=channel,
        at=when,
    )


def march_cases(county, *, more: bool = True) -> SimpleNamespace:
    """Centre A's March 2026 (a working-day month long past), as in the ledger tests, plus a case
    withdrawn in April (open at the end of March) and one suspended and resumed.

    c1 on time · c2 completed late (in April) · c3 handling, overdue · c4 not accepted · c5 withdrawn
    · c6 at point A1, handed over · c7 (other item, by phone) suspended · c8 withdrawn in April ·
    c9 suspended and resumed, completed on time. Plus one February case and one at centre B.
    ``more=False``: only c1–c7 (the ledger tests' month).
    """
    item = listed_item(county)
    other = listed_item(county, code="YS-MZ-002", name="临时救助", aliases="救助")
    clerk = county.clerk_a

    c1 = register_on(county, item, at(3, 2))
    services.case_accept(case=c1, actor=clerk, at=at(3, 2, 10))
    services.case_complete(case=c1, actor=clerk, result="approved", at=at(3, 5))

    c2 = register_on(county, item, at(3, 3))
    services.case_accept(case=c2, actor=clerk, at=at(3, 3, 10))
    services.case_complete(case=c2, actor=clerk, result="refused", note="不符合条件", at=at(4, 30))

    c3 = register_on(county, item, at(3, 4))
    services.case_accept(case=c3, actor=clerk, at=at(3, 4, 10))

    c4 = register_on(county, item, at(3, 5))
    services.case_refuse_acceptance(case=c4, actor=clerk, reason="不属于本中心受理范围", at=at(3, 5, 10))

    c5 = register_on(county, item, at(3, 6))
    services.case_withdraw(case=c5, actor=clerk, reason="申请人书面申请撤回", at=at(3, 6, 11))

    c6 = register_on(county, item, at(3, 9), actor=county.agent_a1)
    services.case_hand_over(case=c6, actor=county.agent_a1, at=at(3, 9, 15))

    c7 = register_on(county, other, at(3, 10), channel="phone")
    services.case_accept(case=c7, actor=clerk, at=at(3, 10, 10))
    services.case_suspend(case=c7, actor=clerk, kind="publicity", reason="公示七天", at=at(3, 11))

    if not more:  # the ledger tests' seven
        return _march(item, other, [c1, c2, c3, c4, c5, c6, c7], county)

    c8 = register_on(county, item, at(3, 30))
    services.case_withdraw(case=c8, actor=clerk, reason="申请人书面申请撤回", at=at(4, 2, 11))

    c9 = register_on(county, other, at(3, 12))
    services.case_accept(case=c9, actor=clerk, at=at(3, 12, 10))
    services.case_suspend(case=c9, actor=clerk, kind="publicity", reason="公示七天", at=at(3, 13))
    services.case_resume(case=c9, actor=clerk, at=at(3, 16, 9))
    services.case_complete(case=c9, actor=clerk, result="approved", at=at(3, 17))

    return _march(item, other, [c1, c2, c3, c4, c5, c6, c7, c8, c9], county)


def _march(item, other, cases, county) -> SimpleNamespace:
    """The month's cases as ``c1`` … plus one case in February and one at centre B (not in March's A)."""
    february = register_on(county, item, at(2, 27))
    centre_b = register_on(county, item, at(3, 12), actor=county.clerk_b)
    named = {f"c{n}": case for n, case in enumerate(cases, start=1)}
    return SimpleNamespace(item=item, other=other, cases=cases, february=february, centre_b=centre_b, **named)

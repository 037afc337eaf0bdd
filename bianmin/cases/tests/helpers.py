"""Building cases for the tests: an item on both centres' lists, applicants, and cases in any state."""

from datetime import date

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

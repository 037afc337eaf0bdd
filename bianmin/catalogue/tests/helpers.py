"""Building published items for the catalogue tests."""

from bianmin.catalogue import services
from bianmin.org.models import BusinessLine

GUIDE = {
    "name": "最低生活保障",
    "item_type": "benefit",
    "department": "民政所",
    "handling_type": "promised",
    "statutory_limit_days": 30,
    "promised_limit_days": 15,
    "legal_basis": "《社会救助暂行办法》(国务院令第649号)",
    "conditions": "共同生活的家庭成员人均收入低于当地最低生活保障标准。",
    "procedure": "申请\n受理\n入户调查\n公示\n审批",
    "is_free": True,
    "visits": 1,
    "agency_allowed": True,
}
MATERIALS = [
    {"name": "居民身份证", "form": "original", "copies": 1, "required": True},
    {"name": "户口簿", "form": "copy", "copies": 1, "required": True},
]


def published_item(code="YS-MZ-001", line="民政", aliases="低保", actor=None, materials=MATERIALS, **guide):
    version = services.item_create(
        code=code,
        business_line=BusinessLine.objects.get(name=line),
        aliases=aliases,
        guide=GUIDE | guide,
        actor=actor,
    )
    services.materials_replace(version=version, rows=materials)
    return services.version_publish(version=version, actor=actor).item

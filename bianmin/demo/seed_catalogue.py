"""Seed the demo service catalogue (catalogue_data.py) and each centre's implementation list.

Items are created through the catalogue services (so every guide is validated exactly as an
editor's would be) and published. A centre's list puts each item at the active resident window of
its business line, else at the 综合窗口; an item of a mandatory line whose window the centre lacks
(紫湖镇 has no 综治信访 window, 南山乡 no 医疗保险 window) is deliberately left off that centre's
list, so the "涉群必进" check has something to find.

Running it again creates nothing and keeps every edit: existing item codes are skipped and a
centre that already has list lines keeps them.
"""

from auditlog.context import disable_auditlog
from django.db import transaction

from bianmin.catalogue import services
from bianmin.catalogue.models import CentreItem, ServiceItem
from bianmin.demo import yushan
from bianmin.demo.catalogue_data import ILLUSTRATIVE_NOTE, ITEMS, MATERIAL_KEYS
from bianmin.org.models import BusinessLine, Centre, Window, WindowKind

PLACE = "所在乡镇便民服务中心(受理窗口见本中心实施清单)"


def _guide(row: dict) -> dict:
    return {
        "name": row["name"],
        "item_type": row["item_type"],
        "department": row["department"],
        "handling_type": row["handling_type"],
        "statutory_limit_days": row["statutory_limit_days"],
        "promised_limit_days": row["promised_limit_days"],
        "legal_basis": row["legal_basis"],
        "conditions": row["conditions"],
        "procedure": "\n".join(row["steps"]),
        "is_free": row.get("is_free", True),
        "fees": row.get("fees", ""),
        "fee_basis": row.get("fee_basis", ""),
        "place": PLACE,
        "hours": yushan.OPENING_HOURS,
        "visits": row["visits"],
        "online": row["online"],
        "agency_allowed": row["agency_allowed"],
        "pending_allowed": row["pending_allowed"],
        "pending_note": row["pending_note"],
        "change_note": ILLUSTRATIVE_NOTE,
    }


def _create_items(actor) -> int:
    lines = {line.name: line for line in BusinessLine.objects.all()}
    existing = set(ServiceItem.objects.values_list("code", flat=True))
    created = 0
    for row in ITEMS:
        if row["code"] in existing:
            continue
        version = services.item_create(
            code=row["code"], business_line=lines[row["line"]], aliases=row["aliases"], guide=_guide(row), actor=actor
        )
        services.materials_replace(
            version=version, rows=[dict(zip(MATERIAL_KEYS, material, strict=True)) for material in row["materials"]]
        )
        services.version_publish(version=version, actor=actor)
        created += 1
    return created


def _entries(centre: Centre, items: list[ServiceItem]) -> list[tuple[ServiceItem, Window]]:
    windows = list(centre.windows.filter(is_active=True).order_by("number"))
    resident = {}
    for window in windows:
        if window.kind == WindowKind.RESIDENT and window.business_line_id is not None:
            resident.setdefault(window.business_line_id, window)
    comprehensive = next((w for w in windows if w.kind == WindowKind.COMPREHENSIVE), None)
    entries = []
    for item in items:
        window = resident.get(item.business_line_id)
        if window is None and not item.business_line.is_mandatory:
            window = comprehensive
        if window is not None:  # a mandatory line without its window stays off the list (涉群必进)
            entries.append((item, window))
    return entries


def _build_lists() -> tuple[int, int]:
    items = list(
        ServiceItem.objects.filter(is_active=True, current__isnull=False)
        .select_related("business_line")
        .order_by("code")
    )
    centres = lines = 0
    with_list = set(CentreItem.objects.values_list("centre_id", flat=True))
    for centre in Centre.objects.filter(is_active=True).exclude(pk__in=with_list).order_by("township__code"):
        lines += services.centre_list_set(centre=centre, entries=_entries(centre, items))
        centres += 1
    return centres, lines


def seed_catalogue(actor=None) -> dict[str, int]:
    """Returns how many items, centre lists and list lines were created (all 0 on a second run)."""
    with disable_auditlog(), transaction.atomic():
        items = _create_items(actor)
        centres, lines = _build_lists()
    return {"items": items, "centre_lists": centres, "centre_items": lines}

"""Reads of the catalogue. Items and published guides are public information: every logged-in
role may read them (the public portal will too). Centre implementation lists follow org scope."""

from django.db.models import Prefetch, QuerySet

from bianmin.catalogue.models import CentreItem, GuideVersion, Material, ServiceItem, VersionStatus
from bianmin.catalogue.rules import GuideFacts, missing_disclosure


def published_items() -> QuerySet[ServiceItem]:
    """Active items with a published guide, with what list pages show (no N+1)."""
    return (
        ServiceItem.objects.filter(is_active=True, current__isnull=False)
        .select_related("current", "business_line")
        .order_by("business_line__sort_order", "code")
    )


def all_items() -> QuerySet[ServiceItem]:
    """Every item, drafts-only ones included (county admin's catalogue)."""
    return ServiceItem.objects.select_related("current", "business_line").order_by("business_line__sort_order", "code")


def guide_with_materials(version_pk: int) -> GuideVersion:
    return (
        GuideVersion.objects.select_related("item__business_line", "created_by", "published_by")
        .prefetch_related(Prefetch("materials", queryset=Material.objects.order_by("position", "pk")))
        .get(pk=version_pk)
    )


def draft_of(item: ServiceItem) -> GuideVersion | None:
    return item.versions.filter(status=VersionStatus.DRAFT).first()


def facts(version: GuideVersion, material_count: int) -> GuideFacts:
    return GuideFacts(
        legal_basis=version.legal_basis,
        procedure=version.procedure,
        material_count=material_count,
        handling_type=version.handling_type,
        promised_limit_days=version.promised_limit_days,
        is_free=version.is_free,
        fees=version.fees,
        fee_basis=version.fee_basis,
    )


def disclosure_gaps(version: GuideVersion) -> list[str]:
    """Missing disclosure items of a version whose materials are prefetched or countable."""
    return missing_disclosure(facts(version, len(version.materials.all())))


def intake_entry(centre, item_id: int) -> CentreItem | None:
    """The centre's list entry an application for ``item_id`` is taken on (active, the item active
    and published), with its window, its current guide and the guide's materials; None if absent.
    The intake page and ``cases.services.case_register`` read it alike."""
    return (
        CentreItem.objects.filter(
            centre=centre, item_id=item_id, is_active=True, item__is_active=True, item__current__isnull=False
        )
        .select_related("window", "item__current")
        .prefetch_related("item__current__materials")
        .first()
    )


def centre_items(centre) -> QuerySet[CentreItem]:
    return (
        CentreItem.objects.filter(centre=centre, is_active=True, item__is_active=True, item__current__isnull=False)
        .select_related("item__current", "item__business_line", "window")
        .order_by("item__business_line__sort_order", "item__code")
    )

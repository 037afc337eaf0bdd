"""Writes to the catalogue: items, guide drafts, publishing, and the centres' implementation lists.

A published guide version is never changed: editing starts a draft (a copy of the current version
with its materials); publishing the draft supersedes the old version in one transaction, with a
conditional update so two editors cannot both publish.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bianmin.catalogue.models import CentreItem, GuideVersion, Material, ServiceItem, VersionStatus
from bianmin.catalogue.pinyin_keys import search_keys
from bianmin.catalogue.rules import guide_errors
from bianmin.core.errors import ApplicationError

GUIDE_FIELDS = (
    "name",
    "item_type",
    "department",
    "handling_type",
    "statutory_limit_days",
    "promised_limit_days",
    "legal_basis",
    "conditions",
    "procedure",
    "is_free",
    "fees",
    "fee_basis",
    "place",
    "hours",
    "consult_phone",
    "complaint_phone",
    "visits",
    "online",
    "agency_allowed",
    "pending_allowed",
    "pending_note",
)
MATERIAL_FIELDS = ("position", "name", "form", "copies", "required", "pending_allowed", "notes")


def _validate(version: GuideVersion) -> None:
    try:
        version.full_clean(exclude=["item", "created_by"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(messages[0], field=field) from exc
    errors = guide_errors(
        handling_type=version.handling_type,
        statutory_limit_days=version.statutory_limit_days,
        promised_limit_days=version.promised_limit_days,
        is_free=version.is_free,
        fees=version.fees,
    )
    if errors:
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, field=field)


def refresh_search_keys(item: ServiceItem) -> None:
    latest = item.current or item.versions.order_by("-number").first()
    name = latest.name if latest else ""
    for field, value in search_keys(name, item.aliases).items():
        setattr(item, field, value)
    item.save(update_fields=["search_text", "pinyin_full", "pinyin_initials"])


@transaction.atomic
def item_create(*, code: str, business_line, aliases: str = "", guide: Mapping[str, Any], actor) -> GuideVersion:
    """A new item with its first draft guide."""
    code = code.strip()
    if not code:
        raise ApplicationError("请填写事项编码。", field="code")
    if ServiceItem.objects.filter(code=code).exists():
        raise ApplicationError(f"事项编码 {code} 已存在。", field="code")
    item = ServiceItem.objects.create(code=code, business_line=business_line, aliases=aliases.strip())
    version = GuideVersion(item=item, number=1, created_by=actor, **guide)
    _validate(version)
    version.save()
    refresh_search_keys(item)
    return version


@transaction.atomic
def draft_preview(*, item: ServiceItem, actor) -> GuideVersion:
    """What the item's next draft would be, unsaved: its draft if there is one, else a copy of the
    current published version. The edit pages show it; only a valid submission saves a draft, so
    opening a page and leaving leaves nothing behind."""
    draft = item.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    source = item.current
    if source is None:
        raise ApplicationError("该事项没有可复制的版本。")
    number = (item.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return GuideVersion(item=item, number=number, created_by=actor, **{f: getattr(source, f) for f in GUIDE_FIELDS})


def draft_for(*, item: ServiceItem, actor) -> GuideVersion:
    """The item's draft, started from the current published version if there is none yet."""
    draft = draft_preview(item=item, actor=actor)
    if draft.pk is not None:
        return draft
    source = item.current
    draft.save()
    Material.objects.bulk_create(
        [
            Material(
                version=draft, blank_form=m.blank_form, sample=m.sample, **{f: getattr(m, f) for f in MATERIAL_FIELDS}
            )
            for m in source.materials.all()
        ]
    )
    return draft


def _require_draft(version: GuideVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ApplicationError("已发布的版本不能修改,请先“修改指南”生成新草稿。")


@transaction.atomic
def draft_update(*, version: GuideVersion, changes: Mapping[str, Any], change_note: str = "") -> GuideVersion:
    _require_draft(version)
    for field, value in changes.items():
        if field not in GUIDE_FIELDS:
            raise ApplicationError(f"字段 {field} 不能修改。")
        setattr(version, field, value)
    version.change_note = change_note or version.change_note
    _validate(version)
    version.save()
    return version


@transaction.atomic
def materials_replace(*, version: GuideVersion, rows: Sequence[Mapping[str, Any]]) -> None:
    """Set the draft's material list (rows of MATERIAL_FIELDS, plus optional files)."""
    _require_draft(version)
    keep_files = {m.name: m for m in version.materials.all()}
    version.materials.all().delete()
    created = []
    for position, row in enumerate(rows, start=1):
        if not str(row.get("name", "")).strip():
            raise ApplicationError(f"第{position}项材料缺少名称。", field="materials")
        previous = keep_files.get(row["name"])
        material = Material(
            version=version,
            blank_form=row.get("blank_form") or (previous.blank_form if previous else ""),
            sample=row.get("sample") or (previous.sample if previous else ""),
            **{f: row[f] for f in MATERIAL_FIELDS if f in row and f != "position"},
            position=position,
        )
        try:
            material.full_clean(exclude=["version"])
        except ValidationError as exc:
            messages = next(iter(exc.message_dict.values()))
            raise ApplicationError(f"第{position}项材料:{messages[0]}", field="materials") from exc
        created.append(material)
    Material.objects.bulk_create(created)


@transaction.atomic
def draft_discard(*, version: GuideVersion) -> None:
    """Throw a draft away; the published version is untouched. An item never published goes too."""
    _require_draft(version)
    item = version.item
    version.delete()
    if item.current_id is None and not item.versions.exists():
        item.delete()


@transaction.atomic
def version_publish(*, version: GuideVersion, actor) -> GuideVersion:
    _validate(version)
    item = version.item
    now = timezone.now()
    GuideVersion.objects.filter(item=item, status=VersionStatus.PUBLISHED).update(status=VersionStatus.SUPERSEDED)
    published = GuideVersion.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).update(
        status=VersionStatus.PUBLISHED, published_by=actor, published_at=now
    )
    if published != 1:
        raise ApplicationError("该版本已被他人处理(已发布或已被替代),请刷新后再试。")
    version.refresh_from_db()
    item.current = version
    item.save(update_fields=["current"])
    refresh_search_keys(item)
    return version


@transaction.atomic
def item_recode(*, item: ServiceItem, code: str) -> ServiceItem:
    """Give an item the code the provincial catalogue now uses (the change is in the audit log; cases
    keep pointing at the item, so their history follows it)."""
    code = code.strip()
    if not code or len(code) > ServiceItem._meta.get_field("code").max_length:
        raise ApplicationError("事项编码无效。", field="code")
    if ServiceItem.objects.filter(code=code).exclude(pk=item.pk).exists():
        raise ApplicationError(f"事项编码 {code} 已被其他事项使用。", field="code")
    item.code = code
    item.save(update_fields=["code"])  # save(), not update(): the audit log records old → new
    return item


@transaction.atomic
def item_update(*, item: ServiceItem, aliases: str, business_line, is_active: bool) -> ServiceItem:
    item.aliases = aliases.strip()
    item.business_line = business_line
    item.is_active = is_active
    item.save(update_fields=["aliases", "business_line", "is_active"])
    refresh_search_keys(item)
    return item


@transaction.atomic
def centre_list_set(*, centre, entries: Iterable[tuple[ServiceItem, Any]]) -> int:
    """Set which items the centre handles and at which window; returns the number of lines.

    A window must belong to the centre; items left out are deactivated, not deleted.
    """
    entries = list(entries)
    for _item, window in entries:
        if window is not None and window.centre_id != centre.pk:
            raise ApplicationError(f"{window} 不是本中心的窗口。", field="window")
    chosen = {item.pk: window for item, window in entries}
    existing = {line.item_id: line for line in CentreItem.objects.filter(centre=centre)}
    for item_id, window in chosen.items():
        line = existing.get(item_id)
        if line is None:
            CentreItem.objects.create(centre=centre, item_id=item_id, window=window)
        elif line.window_id != (window.pk if window else None) or not line.is_active:
            line.window, line.is_active = window, True
            line.save(update_fields=["window", "is_active"])
    CentreItem.objects.filter(centre=centre, is_active=True).exclude(item_id__in=chosen).update(is_active=False)
    return len(chosen)

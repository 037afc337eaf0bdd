"""Audit log of every change to organisation records (who, when, old → new), via django-auditlog.

Phones are masked in the log (``AUDITLOG_MASK_CALLABLE``): the log is read by more people than
need the full value. ``describe`` turns a page of entries into Chinese rows with a fixed number of
queries (django-auditlog's own display fetches every foreign key one by one).
"""

from collections import defaultdict
from dataclasses import dataclass

from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist, ValidationError

ACTIONS = {0: "新增", 1: "修改", 2: "删除", 3: "访问"}
M2M_OPERATIONS = {"add": "加入", "delete": "移除"}
EMPTY = ("None", "")


def register_models() -> None:
    from bianmin.org import models

    if auditlog.contains(models.Centre):
        return
    auditlog.register(models.Region)
    auditlog.register(models.BusinessLine)
    auditlog.register(models.Centre)
    auditlog.register(models.Window, m2m_fields={"staff"})
    auditlog.register(models.AgencyPoint, mask_fields=["phone"])
    auditlog.register(models.Department)
    auditlog.register(models.Authorization, m2m_fields={"windows"})
    auditlog.register(models.Staff, mask_fields=["phone"], exclude_fields=["photo"])


@dataclass(frozen=True)
class ChangeRow:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class EntryRow:
    entry: object
    action: str
    actor: str
    changes: list[ChangeRow]


def _field(model, name: str):
    """The model field named in a change, or None (gone, or a reverse relation)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if field.auto_created and not field.concrete else field


def _pk(field, raw: str):
    try:
        return field.related_model._meta.pk.to_python(raw)
    except ValidationError:
        return None


def describe(entries) -> list[EntryRow]:
    """Readable rows for ``entries`` (``content_type`` and ``actor`` already joined)."""
    entries = list(entries)
    wanted: dict[type, set] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in entry.changes_dict.items():
            field = _field(model, name) if model else None
            if field is not None and (field.many_to_one or field.one_to_one):
                for raw in values:
                    if raw not in EMPTY and (pk := _pk(field, raw)) is not None:
                        wanted[field.related_model].add(pk)
    names = {
        model: {str(pk): str(obj) for pk, obj in model._default_manager.in_bulk(list(pks)).items()}
        for model, pks in wanted.items()
    }
    return [_row(entry, names) for entry in entries]


def _row(entry, names) -> EntryRow:
    model = entry.content_type.model_class()
    changes = []
    for name, values in entry.changes_dict.items():
        field = _field(model, name) if model else None
        label = str(getattr(field, "verbose_name", name))
        if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": "add", "objects": [...]}
            operation = M2M_OPERATIONS.get(values.get("operation"), values.get("operation", ""))
            changes.append(ChangeRow(label, "", f"{operation}:{'、'.join(values.get('objects', []))}"))
            continue
        old, new = (_value(field, raw, names) for raw in values)
        changes.append(ChangeRow(label, old, new))
    actor = entry.actor.first_name or entry.actor.username if entry.actor else "系统"
    return EntryRow(entry=entry, action=ACTIONS.get(entry.action, str(entry.action)), actor=actor, changes=changes)


def _value(field, raw: str, names) -> str:
    if raw in EMPTY:
        return ""
    if field is None:
        return raw
    if field.choices:
        return str(dict(field.choices).get(raw, raw))
    if field.get_internal_type() == "BooleanField":
        return {"True": "是", "False": "否"}.get(raw, raw)
    if field.many_to_one or field.one_to_one:
        return names.get(field.related_model, {}).get(raw, f"已删除({raw})")
    return raw

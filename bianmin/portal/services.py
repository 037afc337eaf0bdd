"""Writes of the portal: the centre's hall display notices (plan 四(一)2(3) 电子显示屏).

Keyword-only, atomic, the whole object validated (``DisplayNotice.clean``: last day not before the
publish day) before saving. Who may write is checked here too, not only in the views.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.org.models import Centre, Staff
from bianmin.portal.models import DisplayNotice
from bianmin.portal.selectors_screens import READ_ONLY, may_manage_notices

FIELDS = ("kind", "title", "body", "publish_on", "expire_on", "is_active")


def _scope_of(actor: Staff) -> Scope:
    return Scope(role=Role(actor.role), centre_id=actor.centre_id, agency_point_id=actor.agency_point_id)


def _require_manager(actor: Staff, centre_id: int) -> None:
    if not actor.is_active or not may_manage_notices(_scope_of(actor), centre_id):
        raise PermissionDenied(READ_ONLY)


def _save(notice: DisplayNotice, changes: Mapping[str, Any]) -> DisplayNotice:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"not a notice field: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(notice, name, value.strip() if name in ("title", "body") and isinstance(value, str) else value)
    try:
        notice.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from exc
    notice.save()
    return notice


@transaction.atomic
def notice_create(*, actor: Staff, centre: Centre, changes: Mapping[str, Any]) -> DisplayNotice:
    _require_manager(actor, centre.pk)
    if not centre.is_active:
        raise ApplicationError("该中心已停用,不能发布公告。", field="centre")
    return _save(DisplayNotice(centre=centre, created_by=actor), changes)


@transaction.atomic
def notice_update(
    *, actor: Staff, notice: DisplayNotice, changes: Mapping[str, Any], centre: Centre | None = None
) -> DisplayNotice:
    """Change a notice; only the county admin may move it to another centre."""
    _require_manager(actor, notice.centre_id)
    if centre is not None and centre.pk != notice.centre_id:
        if actor.role != Role.COUNTY_ADMIN:
            raise PermissionDenied(READ_ONLY)
        if not centre.is_active:
            raise ApplicationError("该中心已停用,不能发布公告。", field="centre")
        notice.centre = centre
    notice.updated_by = actor
    return _save(notice, changes)

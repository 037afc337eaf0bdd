"""Setting up a centre's queue: which business lines residents take numbers for, with which letter,
called by which windows (排队叫号设置). The county admin and the centre's director configure it.

``queue_lines_from_windows`` proposes the usual set from the centre's windows (plan 四(一)3 "5+x"):
one line per business line of its resident windows, in the county's order, lettered A, B, C …
(I and O are skipped: they read as 1 and 0), and 综合业务 for the comprehensive windows.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.hallqueue.models import QueueLine
from bianmin.org.models import Centre, Staff, Window, WindowKind

PREFIXES = "ABCDEFGHJKLMNPQRSTUVWXYZ"
FIELDS = ("name", "prefix", "business_line", "daily_limit", "slot_capacity", "sort_order", "is_active")
NOT_ALLOWED = "取号业务设置由中心主任或县行政服务中心管委会维护。"


def _require_manager(actor: Staff, centre_id: int) -> None:
    scope = Scope(role=Role(actor.role), centre_id=actor.centre_id, agency_point_id=actor.agency_point_id)
    if not actor.is_active or not scope.can_edit_centre(centre_id):
        raise PermissionDenied(NOT_ALLOWED)


@transaction.atomic
def queue_lines_from_windows(*, actor: Staff | None, centre: Centre) -> list[QueueLine]:
    """Create the usual lines for a centre that has none yet (``actor`` None: the demo seeder)."""
    if actor is not None:
        _require_manager(actor, centre.pk)
    if QueueLine.objects.filter(centre=centre).exists():
        raise ApplicationError("本中心已设置取号业务,请在列表中逐项修改。")
    windows = list(
        Window.objects.filter(centre=centre, is_active=True)
        .select_related("business_line")
        .order_by("business_line__sort_order", "number")
    )
    groups: dict[str, tuple[Any, list[Window]]] = {}
    for window in windows:
        if window.kind == WindowKind.RESIDENT and window.business_line:
            groups.setdefault(window.business_line.name, (window.business_line, []))[1].append(window)
    comprehensive = [w for w in windows if w.kind == WindowKind.COMPREHENSIVE]
    if comprehensive:
        groups["综合业务"] = (None, comprehensive)
    lines = []
    for order, (name, (business_line, served_by)) in enumerate(groups.items()):
        if order >= len(PREFIXES):
            break
        line = QueueLine.objects.create(
            centre=centre, name=name, prefix=PREFIXES[order], business_line=business_line, sort_order=(order + 1) * 10
        )
        line.windows.set(served_by)
        lines.append(line)
    if not lines:
        raise ApplicationError("本中心还没有在用的常驻窗口或综合窗口,请先设置窗口。")
    return lines


@transaction.atomic
def queue_line_save(
    *,
    actor: Staff,
    centre: Centre,
    changes: Mapping[str, Any],
    windows: Iterable[Window],
    line: QueueLine | None = None,
) -> QueueLine:
    """Create (``line`` None) or change a line; its windows must be the centre's own."""
    _require_manager(actor, centre.pk)
    line = line or QueueLine(centre=centre)
    if line.centre_id != centre.pk:
        raise PermissionDenied(NOT_ALLOWED)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"not a queue line field: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(line, name, value.strip().upper() if name == "prefix" else value)
    windows = list(windows)
    if any(w.centre_id != centre.pk for w in windows):
        raise ApplicationError("只能选择本中心的窗口。", field="windows")
    if line.is_active and not windows:
        raise ApplicationError("请至少选择一个叫号窗口。", field="windows")
    others = QueueLine.objects.filter(centre=centre).exclude(pk=line.pk)
    if others.filter(prefix=line.prefix).exists():
        raise ApplicationError(f"本中心已有取号业务使用字头 {line.prefix}。", field="prefix")
    if others.filter(name=line.name.strip()).exists():
        raise ApplicationError("本中心已有同名的取号业务。", field="name")
    try:
        line.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from exc
    line.save()
    line.windows.set(windows)
    return line

"""Records that are never deleted, only annulled with a reason (issue #7 point 4).

Findings of supervision (inspections, video-monitoring findings, press reports, bulletins) and the
centre's own patrol records feed the annual assessment (plan 附件): deleting one would silently
change a score. So a wrong record is *annulled*: it stays, with who annulled it, when and why,
and lists show it struck through under the 已作废 filter; scoring ignores it.

``Annullable`` is the abstract model; ``annul`` the one service that does it (conditional update,
so two people annulling at once get one success and one "已被他人处理").
"""

from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from bianmin.core.errors import ApplicationError

REASON_MIN = 4
REASON_MAX = 500
NO_DELETE = "该记录不能删除;如有错误,请填写原因后作废(作废记录保留在历史中)。"


class Annullable(models.Model):
    annulled_at = models.DateTimeField("作废时间", null=True, blank=True, editable=False)
    annulled_by = models.ForeignKey(
        "org.Staff", verbose_name="作废人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    annul_reason = models.CharField("作废原因", max_length=REASON_MAX, blank=True)

    class Meta:
        abstract = True

    @property
    def is_annulled(self) -> bool:
        return self.annulled_at is not None

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ApplicationError(NO_DELETE)


class ValidQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """``Model.objects.valid()``: the records that count (not annulled); no bulk delete either."""

    def valid(self):  # type: ignore[no-untyped-def]
        return self.filter(annulled_at__isnull=True)

    def annulled(self):  # type: ignore[no-untyped-def]
        return self.filter(annulled_at__isnull=False)

    def delete(self):  # type: ignore[no-untyped-def]
        raise ApplicationError(NO_DELETE)


def reason_error(reason: str) -> str | None:
    length = len(reason.strip())
    if length < REASON_MIN:
        return f"请填写作废原因(至少 {REASON_MIN} 个字)。"
    if length > REASON_MAX:
        return f"作废原因最多 {REASON_MAX} 字。"
    return None


def annul(record: Annullable, *, actor: Any, reason: str, at: datetime | None = None) -> Annullable:
    """Mark ``record`` annulled. The caller has checked that ``actor`` may annul it."""
    if message := reason_error(reason):
        raise ApplicationError(message, field="reason")
    at = at or timezone.now()
    model = type(record)
    with transaction.atomic():
        updated = model._default_manager.filter(pk=record.pk, annulled_at__isnull=True).update(
            annulled_at=at, annulled_by=actor, annul_reason=reason.strip()
        )
        if updated != 1:
            raise ApplicationError("该记录已被作废(可能刚刚被他人处理),请刷新页面查看。")
    record.refresh_from_db()
    return record

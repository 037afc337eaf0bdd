"""Scoped reads of the personal-data audit: who looked at a full ID number (查看完整证件号码), and
the retention runs. The county (admin, inspectors) reads every centre; a centre's director reads
their own centre; clerks and agents are refused (403)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from bianmin.cases.models import CaseEvent
from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.org.selectors import scope_for, scoped
from bianmin.privacy.models import RetentionRun


def audit_scope(user) -> Scope:
    scope = scope_for(user)
    if not (scope.is_countywide or (scope.is_centre and scope.role == Role.CENTRE_DIRECTOR)):
        raise PermissionDenied("只有县管委会、督查人员和中心主任可以查看个人信息查看记录。")
    return scope


@dataclass(frozen=True)
class RevealFilters:
    start: date | None = None
    end: date | None = None
    centre_id: int | None = None

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.start, time.min, tz) if self.start else None
        end = datetime.combine(self.end + timedelta(days=1), time.min, tz) if self.end else None
        return start, end


def reveal_events(user, filters: RevealFilters) -> QuerySet[CaseEvent]:
    """Each look at a full ID number, newest first, with the case, its centre and who looked."""
    scope = audit_scope(user)
    qs = CaseEvent.objects.filter(action="reveal").select_related(
        "actor", "actor__centre", "actor__agency_point", "case", "case__centre"
    )
    qs = scoped(qs, scope, centre="case__centre_id", point=None)
    start, end = filters.bounds()
    if start:
        qs = qs.filter(at__gte=start)
    if end:
        qs = qs.filter(at__lt=end)
    if filters.centre_id:
        qs = qs.filter(case__centre_id=filters.centre_id)
    return qs.order_by("-at", "-pk")


def retention_runs(user) -> QuerySet[RetentionRun]:
    audit_scope(user)
    return RetentionRun.objects.select_related("actor").order_by("-ran_at", "-pk")

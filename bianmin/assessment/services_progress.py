"""Writes of the standardization progress (plan 三 "力争用2年时间完成…标准化建设"): the centres' and
agency points' plans to meet the construction standard of 四(一)2-3 and 四(二).

Who: the county admin for every centre, a centre director for their own centre and its agency
points. What: one ``StandardTarget`` per unit and standard item (a finding code of
``org.standards``) with a status, a target date and the measures.

The records decide whether an item is met, never the plan:
- a *new* plan on an item the records already show as met is refused (there is nothing to plan);
  an existing plan whose item has since been met can only be closed: it is saved as 已完成,
  whatever status was chosen, and kept as the history of the work;
- 已完成 on an item the records still show as unmet is refused: update the centre's or point's
  record first (e.g. tick the kiosk, enter the new hall area), then close the plan;
- a plan that is not done needs a target date; a new date may not lie in the past (an overdue plan
  may keep its date — it stays red — but cannot be moved to another past date to look on time).
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from bianmin.assessment import selectors_progress as sel
from bianmin.assessment import standardization as std
from bianmin.assessment.models import StandardTarget, TargetStatus
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org import selectors as org
from bianmin.org.models import AgencyPoint, Centre, Staff

NOTE_MAX = 300
TAKEN = "该计划已被他人修改,请刷新页面后重试。"


def _require_planner(actor: Staff, centre_id: int) -> None:
    if not actor.is_active:
        raise ApplicationError("您的账号已停用。")
    if actor.role == Role.COUNTY_ADMIN:
        return
    if actor.role == Role.CENTRE_DIRECTOR and actor.centre_id == centre_id:
        return
    raise ApplicationError("只有本中心主任或县行政服务中心管委会可以制定本中心及其代办点的标准化建设计划。")


@transaction.atomic
def target_set(
    *,
    actor: Staff,
    code: str,
    status: str,
    target_date: date | None,
    note: str = "",
    centre: Centre | None = None,
    agency_point: AgencyPoint | None = None,
    at: datetime | None = None,
) -> StandardTarget:
    """Create or update the plan of ``centre`` (or ``agency_point``) for the standard item ``code``."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    if (centre is None) == (agency_point is None):
        raise ApplicationError("请选择一个中心或一个代办点。")
    unit = centre if centre is not None else agency_point
    assert unit is not None
    _require_planner(actor, centre.pk if centre is not None else agency_point.centre_id)
    if not unit.is_active:
        raise ApplicationError(f"{unit}已停用,不能制定计划。")

    if centre is not None:
        findings = sel.centre_findings_now(centre)
        items = std.centre_items(org.mandatory_line_names())
    else:
        findings = sel.point_findings_now(agency_point)
        items = std.point_items()
    labels = {item.code: item.label for item in items} | {f.code: f.message for f in findings}
    if code not in labels:
        raise ApplicationError("没有这个标准项目。", field="code")
    met = code not in {f.code for f in findings}

    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ApplicationError(f"整改措施不能超过{NOTE_MAX}字(现有{len(note)}字)。", field="note")
    if status not in TargetStatus.values:
        raise ApplicationError("请选择进度:计划中、建设中或已完成。", field="status")

    existing = (
        StandardTarget.objects.filter(centre=centre, code=code)
        if centre is not None
        else StandardTarget.objects.filter(agency_point=agency_point, code=code)
    ).first()

    if met:
        if existing is None:
            raise ApplicationError(f"“{labels[code]}”按记录已经达标,无需制定计划。", field="code")
        status = TargetStatus.DONE  # an existing plan of a met item can only be closed
    elif status == TargetStatus.DONE:
        record = "中心" if centre is not None else "代办点"
        raise ApplicationError(
            f"按记录“{labels[code]}”仍未达标,不能标记为已完成:请先更新{record}信息,再标记完成。", field="status"
        )
    if status != TargetStatus.DONE:
        if target_date is None:
            raise ApplicationError("请填写目标日期。", field="target_date")
        unchanged = existing is not None and existing.target_date == target_date
        if target_date < today and not unchanged:
            raise ApplicationError(f"目标日期不能早于今天({today:%Y-%m-%d})。", field="target_date")

    values = {"status": status, "target_date": target_date, "note": note, "updated_by": actor, "updated_at": at}
    if existing is None:
        try:
            with transaction.atomic():
                return StandardTarget.objects.create(centre=centre, agency_point=agency_point, code=code, **values)
        except IntegrityError:
            raise ApplicationError(TAKEN) from None
    # Conditional update: a plan changed by someone else since it was read is not overwritten.
    changed = StandardTarget.objects.filter(pk=existing.pk, updated_at=existing.updated_at).update(**values)
    if changed != 1:
        raise ApplicationError(TAKEN)
    existing.refresh_from_db()
    return existing

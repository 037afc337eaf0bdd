"""Writes of the supervision registers (plan 五(一), 五(二), 附件 运行监督情况 and 加分项目): inspections
(督导 / 明察暗访 / 电子监察), video-monitoring findings, press reports and bulletins (上级通报).

Who records (DESIGN §1):
- inspections and video-monitoring findings: the county admin (县管委会) and the inspectors
  (督查员, 社会监督员, 第三方 — "record inspections, unannounced visits, monitoring findings");
- press reports and bulletins: the county admin only — they change a centre's annual score by
  5 points each (附件) and come to the county's office, not to an inspector on a visit. An inspector's
  inspection that ends in a 通报 still creates its county-level bulletin in the same step (the 通报
  is the result of that inspection, plan 五(二) "并予以通报");
- the 整改情况 of an inspection: the director (or deputy) of the inspected centre, or the county admin.

Records are never deleted (issue #7 point 4): ``record_annul`` marks one void with a reason; only its
recorder or the county admin may. Annulling an inspection annuls the bulletins made from it.

Every service is keyword-only and atomic, takes ``at=`` (default now) so demo data and tests can
place records in time, and answers a replayed request (same ``request_key``) with the first result.
"""

import hashlib
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from bianmin.core.annul import annul
from bianmin.core.errors import ApplicationError
from bianmin.core.evidence import attach_evidence
from bianmin.core.roles import COUNTYWIDE_ROLES, Role
from bianmin.org.models import AgencyPoint, Centre, Staff, Window
from bianmin.supervision import rules_findings
from bianmin.supervision.models import (
    AspectResult,
    AuthorityLevel,
    Bulletin,
    BulletinOutcome,
    FindingKind,
    Inspection,
    InspectionKind,
    InspectorKind,
    MonitoringFinding,
    PressReport,
    Tone,
)

# The issuer of the 通报 that closes an inspection or unannounced visit (plan 五(二)).
COUNTY_ISSUER = "县行政服务中心管委会"

# register → the roles that may record in it (see the module docstring).
RECORDERS: dict[str, frozenset[str]] = {
    "inspection": frozenset(COUNTYWIDE_ROLES),
    "finding": frozenset(COUNTYWIDE_ROLES),
    "press": frozenset({Role.COUNTY_ADMIN}),
    "bulletin": frozenset({Role.COUNTY_ADMIN}),
}
NOT_RECORDER = {
    "inspection": "督查检查由县管委会和督查员登记。",
    "finding": "视频监控发现由县管委会和督查员登记。",
    "press": "新闻报道由县管委会登记。",
    "bulletin": "上级通报由县管委会登记。",
}
NOT_ANNULLER = "只有登记人或县管委会可以作废该记录。"
NOT_RECTIFIER = "整改情况由被检查中心的主任(副主任)或县管委会填写。"
TAKEN = "已被他人处理:该记录刚刚被其他人修改过,请刷新页面查看最新内容后再操作。"
TEXT_MAX = 4000


# --- who may do what (also used by the views to show or hide the forms) ------------------------


def may_record(role: str | None, register: str) -> bool:
    return role in RECORDERS[register]


def may_annul(actor: Staff | None, record: models.Model) -> bool:
    if actor is None or not actor.is_active or record.is_annulled:  # type: ignore[attr-defined]
        return False
    return actor.role == Role.COUNTY_ADMIN or record.recorded_by_id == actor.pk  # type: ignore[attr-defined]


def may_rectify(actor: Staff | None, inspection: Inspection) -> bool:
    if actor is None or not actor.is_active or inspection.is_annulled:
        return False
    if actor.role == Role.COUNTY_ADMIN:
        return True
    return actor.role == Role.CENTRE_DIRECTOR and actor.centre_id == inspection.centre_id


def _require_recorder(actor: Staff, register: str) -> None:
    """Defence in depth behind the views (which answer 403 first)."""
    if not (actor.is_active and may_record(actor.role, register)):
        raise ApplicationError(NOT_RECORDER[register])


# --- small checks ------------------------------------------------------------------------------


def _text(value: str, *, field: str, label: str, max_length: int = TEXT_MAX, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(f"请填写{label}。", field=field)
    if len(value) > max_length:
        raise ApplicationError(f"{label}不能超过 {max_length} 字。", field=field)
    return value


def _choice(value: str, choices: list[str], *, field: str, label: str) -> str:
    if value not in choices:
        raise ApplicationError(f"请选择{label}。", field=field)
    return value


def _not_future(moment: datetime, *, at: datetime, field: str, label: str) -> None:
    if moment > at:
        raise ApplicationError(f"{label}不能晚于现在。", field=field)


def _day_not_future(day: date, *, at: datetime, field: str, label: str) -> None:
    if day > timezone.localdate(at):
        raise ApplicationError(f"{label}不能晚于今天。", field=field)


def _active_centre(centre: Centre) -> None:
    if centre is None or not centre.is_active:
        raise ApplicationError("请选择便民服务中心。", field="centre")


def _replayed(model: type[models.Model], request_key: str | None):
    if not request_key:
        return None
    return model._default_manager.filter(request_key=request_key).first()


def _create(model: type[models.Model], request_key: str | None, build):
    """Run ``build()`` (which saves) in a transaction; a concurrent twin of the same request wins."""
    try:
        with transaction.atomic():
            return build()
    except IntegrityError:
        if (replayed := _replayed(model, request_key)) is not None:
            return replayed
        raise


# --- inspections (plan 五(一) 督导, 五(二) 明察暗访) ---------------------------------------------------


def inspection_errors(*, kind: str, inspector_kind: str, aspects: dict[str, str]) -> dict[str, str]:
    """The shape of an inspection (no ORM): Chinese messages per field, empty when it may be saved.

    五(一): the 管委会 itself carries out the electronic monitoring and the half-yearly on-site
    督导; 五(二): it invites media, social supervisors and third parties to unannounced visits,
    which look at attitude, conduct, efficiency, quality and charging — so such a visit records at
    least one of the five.
    """
    errors: dict[str, str] = {}
    if kind not in InspectionKind.values:
        errors["kind"] = "请选择检查类型。"
    if inspector_kind not in InspectorKind.values:
        errors["inspector_kind"] = "请选择检查方。"
    elif kind in (InspectionKind.HALF_YEAR, InspectionKind.ELECTRONIC) and inspector_kind != InspectorKind.COUNTY:
        errors["inspector_kind"] = "半年业务督导和日常电子监察由县行政服务中心管委会进行。"
    for name, value in aspects.items():
        if value not in AspectResult.values:
            errors[name] = "检查结果无效。"
    if kind == InspectionKind.UNANNOUNCED and not errors and not any(aspects.values()):
        errors["attitude"] = "明察暗访请至少填写一项检查结果(服务态度、工作作风、工作效率、办事质量、收费行为)。"
    return errors


def inspection_record(
    *,
    actor: Staff,
    centre: Centre,
    kind: str,
    inspector_kind: str,
    inspector_name: str,
    inspected_at: datetime,
    findings: str,
    attitude: str = "",
    conduct: str = "",
    efficiency: str = "",
    quality: str = "",
    charging: str = "",
    suggestions: str = "",
    agency_point: AgencyPoint | None = None,
    outcome: str = BulletinOutcome.NONE,
    bulletin_ref: str = "",
    bulletin_issued_on: date | None = None,
    rectification_due: date | None = None,
    evidence: UploadedFile | None = None,
    request_key: str | None = None,
    at: datetime | None = None,
) -> Inspection:
    """Record an inspection; a 通报 outcome also records its county-level ``Bulletin`` (dated
    ``bulletin_issued_on``, default the inspection's day), which is what the assessment counts."""
    if (replayed := _replayed(Inspection, request_key)) is not None:
        return replayed
    _require_recorder(actor, "inspection")
    at = at or timezone.now()
    _active_centre(centre)
    if agency_point is not None and agency_point.centre_id != centre.pk:
        raise ApplicationError("所选代办点不属于该中心。", field="agency_point")
    aspects = {
        "attitude": attitude or "",
        "conduct": conduct or "",
        "efficiency": efficiency or "",
        "quality": quality or "",
        "charging": charging or "",
    }
    if errors := inspection_errors(kind=kind, inspector_kind=inspector_kind, aspects=aspects):
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, field=field)
    inspector_name = _text(inspector_name, field="inspector_name", label="检查单位/人员", max_length=100)
    _not_future(inspected_at, at=at, field="inspected_at", label="检查时间")
    findings = _text(findings, field="findings", label="发现的问题(没有问题请写“未发现问题”)")
    suggestions = _text(suggestions, field="suggestions", label="意见建议", required=False)
    _choice(outcome, BulletinOutcome.values, field="outcome", label="通报结果")
    bulletin_ref = _text(bulletin_ref, field="bulletin_ref", label="通报文号", max_length=60, required=False)
    inspected_on = timezone.localdate(inspected_at)
    if outcome == BulletinOutcome.NONE:
        if bulletin_ref:
            raise ApplicationError("未通报的检查不填写通报文号。", field="bulletin_ref")
    else:
        bulletin_issued_on = bulletin_issued_on or inspected_on
        if bulletin_issued_on < inspected_on:
            raise ApplicationError("通报日期不能早于检查日期。", field="bulletin_issued_on")
        _day_not_future(bulletin_issued_on, at=at, field="bulletin_issued_on", label="通报日期")
    if rectification_due is not None and rectification_due < inspected_on:
        raise ApplicationError("整改期限不能早于检查日期。", field="rectification_due")

    def build() -> Inspection:
        inspection = Inspection(
            centre=centre,
            agency_point=agency_point,
            kind=kind,
            inspector_kind=inspector_kind,
            inspector_name=inspector_name,
            inspected_at=inspected_at,
            findings=findings,
            suggestions=suggestions,
            outcome=outcome,
            bulletin_ref=bulletin_ref,
            rectification_due=rectification_due,
            recorded_by=actor,
            recorded_at=at,
            request_key=request_key or None,
            **aspects,
        )
        attach_evidence(inspection, evidence)
        inspection.save()
        if outcome != BulletinOutcome.NONE:
            Bulletin.objects.create(
                centre=centre,
                outcome=outcome,
                level=AuthorityLevel.COUNTY,
                issuer=COUNTY_ISSUER,
                reference=bulletin_ref,
                title=f"{inspection.get_kind_display()}{BulletinOutcome(outcome).label}:{centre.name}"[:200],
                issued_on=bulletin_issued_on,
                inspection=inspection,
                recorded_by=actor,
                recorded_at=at,
            )
        return inspection

    return _create(Inspection, request_key, build)


def text_digest(text: str) -> str:
    """What a form carries to show which version of a text its writer saw."""
    return hashlib.sha256(text.encode()).hexdigest()


def inspection_rectify(
    *,
    inspection: Inspection,
    actor: Staff,
    rectification: str,
    seen_digest: str | None = None,
    at: datetime | None = None,
) -> Inspection:
    """Record (or update) the 整改情况 of an inspection.

    ``seen_digest`` is ``text_digest`` of the text the writer's page showed: if someone changed it
    meanwhile the update is refused ("已被他人处理"). Submitting the same text again changes nothing
    (a replay is a no-op). Who wrote the text last and when are kept with it.
    """
    if not may_rectify(actor, inspection):
        raise ApplicationError(NOT_RECTIFIER)
    text = _text(rectification, field="rectification", label="整改情况")
    current = Inspection.objects.get(pk=inspection.pk)
    if current.is_annulled:
        raise ApplicationError("该检查记录已作废,不能填写整改情况。")
    if current.rectification == text:
        return current
    if seen_digest is not None and seen_digest != text_digest(current.rectification):
        raise ApplicationError(TAKEN)
    with transaction.atomic():
        updated = Inspection.objects.filter(
            pk=current.pk, annulled_at__isnull=True, rectification=current.rectification
        ).update(rectification=text, rectified_at=at or timezone.now(), rectified_by=actor)
        if updated != 1:
            raise ApplicationError(TAKEN)
    current.refresh_from_db()
    return current


# --- video monitoring (plan 五(一), 附件 视频监控情况) ---------------------------------------------------


def finding_record(
    *,
    actor: Staff,
    centre: Centre,
    kind: str,
    observed_at: datetime,
    description: str,
    staff: Staff | None = None,
    window: Window | None = None,
    evidence: UploadedFile | None = None,
    request_key: str | None = None,
    at: datetime | None = None,
) -> MonitoringFinding:
    """Record what the video monitoring showed; the deduction is the rubric's for the kind
    (``rules_findings.FINDING_POINTS``), fixed at the time of recording."""
    if (replayed := _replayed(MonitoringFinding, request_key)) is not None:
        return replayed
    _require_recorder(actor, "finding")
    at = at or timezone.now()
    _active_centre(centre)
    _choice(kind, FindingKind.values, field="kind", label="问题类型")
    if window is not None and window.centre_id != centre.pk:
        raise ApplicationError("所选窗口不属于该中心。", field="window")
    if staff is not None and staff.centre_id != centre.pk:
        raise ApplicationError("所选人员不是该中心的工作人员。", field="staff")
    if kind == FindingKind.ABSENT and staff is None:
        # 附件: 无故空岗,每人次扣1分 — counted per person, so the person is named.
        raise ApplicationError("无故空岗按人次扣分,请选择空岗人员。", field="staff")
    _not_future(observed_at, at=at, field="observed_at", label="发现时间")
    description = _text(description, field="description", label="情况描述")

    def build() -> MonitoringFinding:
        finding = MonitoringFinding(
            centre=centre,
            window=window,
            staff=staff,
            kind=kind,
            observed_at=observed_at,
            description=description,
            deduction=rules_findings.finding_deduction(kind),
            recorded_by=actor,
            recorded_at=at,
            request_key=request_key or None,
        )
        attach_evidence(finding, evidence)
        finding.save()
        return finding

    return _create(MonitoringFinding, request_key, build)


# --- press reports and bulletins (附件 群众满意情况 2, 加分项目) ----------------------------------------


def _link(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ApplicationError("请填写以 http:// 或 https:// 开头的网址。", field="link") from None
    if len(value) > 200:
        raise ApplicationError("网址过长。", field="link")
    return value


def press_record(
    *,
    actor: Staff,
    centre: Centre,
    tone: str,
    level: str,
    outlet: str,
    title: str,
    published_on: date,
    link: str = "",
    summary: str = "",
    evidence: UploadedFile | None = None,
    request_key: str | None = None,
    at: datetime | None = None,
) -> PressReport:
    """A press report about a centre: 市级以上 exposure costs 5 points, 上饶市级以上 positive coverage
    adds 5 (at most 10 a year); see ``rules_findings``."""
    if (replayed := _replayed(PressReport, request_key)) is not None:
        return replayed
    _require_recorder(actor, "press")
    at = at or timezone.now()
    _active_centre(centre)
    _choice(tone, Tone.values, field="tone", label="报道性质")
    _choice(level, AuthorityLevel.values, field="level", label="媒体级别")
    outlet = _text(outlet, field="outlet", label="媒体名称", max_length=100)
    title = _text(title, field="title", label="标题", max_length=200)
    _day_not_future(published_on, at=at, field="published_on", label="发布日期")
    link = _link(link)
    summary = _text(summary, field="summary", label="内容摘要", required=False)

    def build() -> PressReport:
        report = PressReport(
            centre=centre,
            tone=tone,
            level=level,
            outlet=outlet,
            title=title,
            published_on=published_on,
            link=link,
            summary=summary,
            recorded_by=actor,
            recorded_at=at,
            request_key=request_key or None,
        )
        attach_evidence(report, evidence)
        report.save()
        return report

    return _create(PressReport, request_key, build)


def bulletin_record(
    *,
    actor: Staff,
    centre: Centre,
    outcome: str,
    level: str,
    issuer: str,
    title: str,
    issued_on: date,
    reference: str = "",
    inspection: Inspection | None = None,
    evidence: UploadedFile | None = None,
    request_key: str | None = None,
    at: datetime | None = None,
) -> Bulletin:
    """A 通报 by a superior department about a centre. Linked to an inspection of the same centre
    that had no 通报 yet, it also sets that inspection's 通报结果 and 文号."""
    if (replayed := _replayed(Bulletin, request_key)) is not None:
        return replayed
    _require_recorder(actor, "bulletin")
    at = at or timezone.now()
    _active_centre(centre)
    _choice(outcome, [BulletinOutcome.PRAISE, BulletinOutcome.CRITICISM], field="outcome", label="通报类型")
    _choice(level, AuthorityLevel.values, field="level", label="通报部门级别")
    issuer = _text(issuer, field="issuer", label="通报部门", max_length=100)
    reference = _text(reference, field="reference", label="文号", max_length=60, required=False)
    title = _text(title, field="title", label="标题/事由", max_length=200)
    _day_not_future(issued_on, at=at, field="issued_on", label="通报日期")
    if inspection is not None:
        if inspection.centre_id != centre.pk:
            raise ApplicationError("来源检查不是该中心的检查。", field="inspection")
        if inspection.is_annulled:
            raise ApplicationError("来源检查已作废。", field="inspection")
        if issued_on < timezone.localdate(inspection.inspected_at):
            raise ApplicationError("通报日期不能早于检查日期。", field="issued_on")

    def build() -> Bulletin:
        bulletin = Bulletin(
            centre=centre,
            outcome=outcome,
            level=level,
            issuer=issuer,
            reference=reference,
            title=title,
            issued_on=issued_on,
            inspection=inspection,
            recorded_by=actor,
            recorded_at=at,
            request_key=request_key or None,
        )
        attach_evidence(bulletin, evidence)
        bulletin.save()
        if inspection is not None:
            Inspection.objects.filter(pk=inspection.pk, outcome=BulletinOutcome.NONE, annulled_at__isnull=True).update(
                outcome=outcome, bulletin_ref=reference
            )
        return bulletin

    return _create(Bulletin, request_key, build)


# --- annulment (issue #7 point 4) --------------------------------------------------------------


def record_annul(*, record: models.Model, actor: Staff, reason: str, at: datetime | None = None):
    """作废: the recorder or the county admin, with a reason; the record stays, struck through.

    Annulling an inspection annuls the bulletins recorded from it (their 通报 was its result).
    """
    if not isinstance(record, Inspection | MonitoringFinding | PressReport | Bulletin):
        raise TypeError(f"{type(record).__name__} is not a supervision finding")
    if record.is_annulled:
        raise ApplicationError("该记录已被作废,请刷新页面查看。")
    if not may_annul(actor, record):
        raise ApplicationError(NOT_ANNULLER)
    at = at or timezone.now()
    with transaction.atomic():
        annul(record, actor=actor, reason=reason, at=at)
        if isinstance(record, Inspection):
            for bulletin in Bulletin.objects.valid().filter(inspection=record):
                annul(bulletin, actor=actor, reason=f"来源检查已作废:{reason.strip()}"[:500], at=at)
    return record

"""Anonymising personal data past its keeping period (``PERSONAL_DATA_RETENTION_YEARS``).

Plan 四(一)4(3) asks for the written record of every case; 《个人信息保护法》第19条 asks that personal
data be kept no longer than needed. Both hold: after the keeping period the case stays, whole, in
every count, ledger and report, and only what identifies the applicant goes — see ``rules``.

Closed means: the case reached 办结/结果送回代办点/已送达/不予受理/已撤回 and the last action that put it
there (``CLOSING_ACTIONS``) is older than the cut-off; consultations closed (or asked, if never
closed) before it; 帮扶/调解 records of days before it; complaints 已办结 before it. Work goes in
batches, each in its own transaction, so an interrupted run leaves whole records and the next run
finishes the rest (``anonymised_at`` marks what is done). Scans are deleted from storage only after
their batch is committed.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from bianmin.cases.models import Attachment, Case, CaseEvent, Consultation, Notice, PointRecord
from bianmin.cases.notices import render_notice
from bianmin.cases.workflow import DECIDED, FINAL, Action
from bianmin.org.models import Staff
from bianmin.privacy.models import RetentionRun
from bianmin.privacy.rules import ANONYMISED, redact_notice_data, retention_cutoff
from bianmin.supervision.models import Complaint

CLOSED = DECIDED | FINAL
CLOSING_ACTIONS = (
    Action.COMPLETE,
    Action.RETURN_TO_POINT,
    Action.DELIVER,
    Action.REFUSE_ACCEPTANCE,
    Action.WITHDRAW,
)
BATCH_SIZE = 500


@dataclass
class RetentionResult:
    years: int
    cutoff: datetime
    dry_run: bool
    counts: Counter = field(default_factory=Counter)

    def describe(self) -> str:
        c = self.counts
        verb = "将匿名化" if self.dry_run else "已匿名化"
        return (
            f"{verb}:办件 {c['cases']} 件(文书 {c['notices']} 份,删除扫描件 {c['attachments']} 个),"
            f"咨询登记 {c['consultations']} 条,帮扶调解记录 {c['point_records']} 条,投诉举报 {c['complaints']} 件"
            f"(保存期限 {self.years} 年,{timezone.localtime(self.cutoff):%Y-%m-%d %H:%M} 之前办结的记录)。"
        )


def closed_cases_before(cutoff: datetime):
    """Closed cases not yet anonymised whose closing action is older than ``cutoff``."""
    closed_at = Coalesce(
        Max("events__at", filter=Q(events__action__in=CLOSING_ACTIONS)), "delivered_at", "completed_at", "received_at"
    )
    return (
        Case.objects.filter(status__in=CLOSED, anonymised_at__isnull=True)
        .annotate(closed_moment=closed_at)
        .filter(closed_moment__lt=cutoff)
        .order_by("pk")
    )


def personal_data_anonymise(
    *,
    years: int,
    now: datetime | None = None,
    actor: Staff | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
) -> RetentionResult:
    """Anonymise every closed record older than ``years`` years (see the module's docstring)."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now, years)
    result = RetentionResult(years=years, cutoff=cutoff, dry_run=dry_run)
    cases = closed_cases_before(cutoff)
    consultations = Consultation.objects.filter(anonymised_at__isnull=True).filter(
        Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, asked_at__lt=cutoff)
    )
    records = PointRecord.objects.filter(anonymised_at__isnull=True, happened_on__lt=timezone.localdate(cutoff))
    complaints = Complaint.objects.filter(
        anonymised_at__isnull=True, status=Complaint.Status.CLOSED, closed_at__lt=cutoff
    ).exclude(name="", phone="")
    if dry_run:
        ids = list(cases.values_list("pk", flat=True))
        result.counts.update(
            cases=len(ids),
            notices=Notice.objects.filter(case_id__in=ids).count(),
            attachments=Attachment.objects.filter(case_id__in=ids).count(),
            consultations=consultations.count(),
            point_records=records.count(),
            complaints=complaints.count(),
        )
        return result
    while ids := list(cases.values_list("pk", flat=True)[:batch_size]):
        _anonymise_cases(ids, years=years, now=now, actor=actor, counts=result.counts)
    with transaction.atomic():
        result.counts["consultations"] = consultations.update(
            visitor_name=ANONYMISED, visitor_phone="", anonymised_at=now
        )
        result.counts["point_records"] = records.update(people=ANONYMISED, phone="", anonymised_at=now)
        result.counts["complaints"] = complaints.update(name="", phone="", anonymised_at=now)
        RetentionRun.objects.create(ran_at=now, actor=actor, years=years, cutoff=cutoff, counts=dict(result.counts))
    return result


def _anonymise_cases(ids: list[int], *, years: int, now: datetime, actor: Staff | None, counts: Counter) -> None:
    with transaction.atomic():
        cases = list(Case.objects.select_for_update().filter(pk__in=ids, anonymised_at__isnull=True))
        ids = [case.pk for case in cases]
        Case.objects.filter(pk__in=ids).update(
            applicant_name=ANONYMISED,
            id_number="",
            phone="",
            address="",
            agent_name="",
            agent_id_number="",
            agent_phone="",
            anonymised_at=now,
        )
        notices = list(Notice.objects.filter(case_id__in=ids))
        for notice in notices:
            notice.data = redact_notice_data(notice.data)
            notice.html = render_notice(notice.data)
        Notice.objects.bulk_update(notices, ["data", "html"], batch_size=200)
        scans = list(Attachment.objects.filter(case_id__in=ids))
        files = [scan.file.name for scan in scans if scan.file.name]
        Attachment.objects.filter(pk__in=[scan.pk for scan in scans]).delete()
        per_case = Counter(scan.case_id for scan in scans)
        notices_per_case = Counter(notice.case_id for notice in notices)
        CaseEvent.objects.bulk_create(
            CaseEvent(
                case=case,
                action="anonymise",
                from_status=case.status,
                to_status=case.status,
                actor=actor,
                at=now,
                reason=f"超过个人信息保存期限({years}年),申请人和代理人的姓名、证件号码、电话、地址及材料扫描件已清除",
                basis="《个人信息保护法》第19条",
                data={"notices": notices_per_case[case.pk], "attachments": per_case[case.pk]},
            )
            for case in cases
        )
        if files:
            storage = Attachment._meta.get_field("file").storage
            transaction.on_commit(lambda: [storage.delete(name) for name in files])
    counts.update(cases=len(cases), notices=len(notices), attachments=len(scans))

"""Writes of the monthly reports (信息报送, plan 四(一)4(5)): the director's draft, the submission that
freezes the figures, and the resubmission with a reason that keeps the earlier versions.

Keyword-only, atomic, ``at=`` places the action in time (demo data, tests). State changes are
conditional updates on the report's ``version`` ("已被他人处理"); ``request_key`` makes a double
submit a no-op.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bianmin.cases.ledgers import Month
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.models import Centre, Staff
from bianmin.reports import compile as compiler
from bianmin.reports import figures as fig
from bianmin.reports import rules, selectors
from bianmin.reports.models import MonthlyReport, MonthlyReportVersion, ReportStatus

TAKEN = "该月报已被他人修改或报送,请刷新页面后重试。"
MONTH_NOT_OVER = "本月尚未结束,月报须在月末之后汇总报送。"
ALREADY_SUBMITTED = "该月报已报送;如需更正,请填写理由后重新报送。"
NOT_SUBMITTED = "该月报尚未报送,不能重新报送。"


def _require_director(actor: Staff, centre: Centre) -> None:
    """Defence in depth behind the views: a director-role person of that very centre."""
    if not (actor.is_active and actor.role == Role.CENTRE_DIRECTOR and actor.centre_id == centre.pk):
        raise ApplicationError(selectors.DIRECTOR_ONLY)


def _clean(text: str) -> str:
    return (text or "").strip()[: rules.TEXT_MAX]


def _report(centre: Centre, month: Month) -> MonthlyReport:
    """The month's report row, created on first use (a concurrent creation finds the other's row)."""
    start = rules.month_start(month)
    try:
        with transaction.atomic():
            report, _ = MonthlyReport.objects.get_or_create(centre=centre, month=start)
    except IntegrityError:
        report = MonthlyReport.objects.get(centre=centre, month=start)
    return report


def _apply(report: MonthlyReport, *, seen_version: int | None, **changes) -> MonthlyReport:
    version = report.version if seen_version is None else seen_version
    updated = MonthlyReport.objects.filter(pk=report.pk, version=version).update(version=F("version") + 1, **changes)
    if updated != 1:
        raise ApplicationError(TAKEN)
    report.refresh_from_db()
    return report


def report_save_draft(
    *,
    centre: Centre,
    month: Month,
    actor: Staff,
    summary: str,
    problems: str = "",
    measures: str = "",
    seen_version: int | None = None,
    request_key: str | None = None,
    at: datetime | None = None,
) -> MonthlyReport:
    """Keep the director's texts without submitting (the figures stay live until submitted)."""
    _require_director(actor, centre)
    at = at or timezone.now()
    report = _report(centre, month)
    if request_key and report.request_key == request_key:
        return report
    if report.is_submitted:
        raise ApplicationError(ALREADY_SUBMITTED)
    with transaction.atomic():
        return _apply(
            report,
            seen_version=seen_version,
            summary=_clean(summary),
            problems=_clean(problems),
            measures=_clean(measures),
            draft_saved_at=at,
            draft_saved_by=actor,
            request_key=request_key or None,
        )


def report_submit(
    *,
    centre: Centre,
    month: Month,
    actor: Staff,
    summary: str,
    problems: str = "",
    measures: str = "",
    reason: str = "",
    seen_version: int | None = None,
    request_key: str | None = None,
    at: datetime | None = None,
) -> MonthlyReportVersion:
    """报送: freeze the month's figures as compiled at ``at`` together with the texts.

    The first submission decides on time or late (by its date against the deadline, Asia/Shanghai).
    Once submitted, a new submission needs a ``reason``; it adds a version, the earlier stay.
    """
    _require_director(actor, centre)
    if request_key and (done := MonthlyReportVersion.objects.filter(request_key=request_key).first()):
        return done
    at = at or timezone.now()
    if not rules.is_due_for_submission(month, timezone.localdate(at)):
        raise ApplicationError(MONTH_NOT_OVER)
    report = _report(centre, month)
    resubmission = report.is_submitted
    errors = rules.submit_errors(summary=summary, reason=reason, resubmission=resubmission)
    if errors:
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, field=field)
    deadline = selectors.deadline_of(month)
    on_time = rules.is_on_time(at, deadline)
    figures = fig.to_json(compiler.compile_figures(centre, month, now=at))
    changes = {
        "status": ReportStatus.SUBMITTED,
        "summary": _clean(summary),
        "problems": _clean(problems),
        "measures": _clean(measures),
        "submissions": F("submissions") + 1,
        "submitted_at": at,
        "submitted_by": actor,
        "request_key": request_key or None,
    }
    if not resubmission:
        changes.update(first_submitted_at=at, deadline=deadline, on_time=on_time)
    with transaction.atomic():
        report = _apply(report, seen_version=seen_version, **changes)
        return MonthlyReportVersion.objects.create(
            report=report,
            number=report.submissions,
            figures=figures,
            summary=report.summary,
            problems=report.problems,
            measures=report.measures,
            reason=_clean(reason) if resubmission else "",
            compiled_at=at,
            submitted_at=at,
            submitted_by=actor,
            on_time=on_time,
            request_key=request_key or None,
        )

"""Reminders of the monthly report (issue #8 point 5): on the 1st and the 3rd of the month, the
director-role staff (中心主任/专职副主任) of every centre whose last month's report is still
unsubmitted get an e-mail (Django's e-mail framework: console backend by default, SMTP when
configured; from DEFAULT_FROM_EMAIL).

Run daily by cron (``manage.py remind_reports``); idempotent: each reminder sent is recorded
(``ReportReminder``, one per centre, month and reminder day), so a second run the same day — or a
run on the 2nd after the 1st's — mails nobody again. A run that missed the 1st and comes on the 3rd
sends the 3rd's reminder only. After the deadline the red light of the electronic monitoring (and
its ``monitor`` e-mails) take over. Mails name the centre, the month, the deadline and the link;
nothing personal.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bianmin.cases.ledgers import Month
from bianmin.core.roles import Role
from bianmin.org.models import Centre, Staff
from bianmin.reports import rules, selectors
from bianmin.reports.models import MonthlyReport, ReportReminder, ReportStatus

logger = logging.getLogger(__name__)
NOBODY = "(无可通知的邮箱)"


@dataclass(frozen=True)
class ReminderRun:
    month: Month
    day: int | None  # the reminder day whose round ran (None: no reminder is due today)
    centres: int = 0  # centres reminded now
    emails: int = 0
    skipped: int = 0  # already reminded for this round


def _directors(centre_ids: list[int]) -> dict[int, list[str]]:
    people = Staff.objects.filter(
        role=Role.CENTRE_DIRECTOR,
        centre_id__in=centre_ids,
        is_active=True,
        user__isnull=False,
        user__is_active=True,
    ).exclude(user__email="")
    result: dict[int, list[str]] = {}
    for centre_id, email in people.order_by("pk").values_list("centre_id", "user__email"):
        result.setdefault(centre_id, [])
        if email not in result[centre_id]:
            result[centre_id].append(email)
    return result


def _message(centre: Centre, month: Month, deadline, day: int) -> tuple[str, str]:
    link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("reports:detail", args=[centre.pk, month.param])
    which = "第一次" if day == rules.REMINDER_DAYS[0] else "再次"
    subject = f"【信息报送提醒】{centre.name}{month.label}信息尚未报送"
    body = "\n".join(
        [
            f"{centre.name}:",
            "",
            f"{which}提醒:{month.label}的月度信息尚未报送。按《便民服务中心建设标准》信息报送制,"
            f"请于 {deadline:%Y年%m月%d日} 24时前审核并报送(系统已根据台账自动汇总,填写本月工作总结后即可报送)。",
            "",
            f"    {link}",
            "",
            "—— 便民服务中心标准化管理平台(此邮件由系统自动发送,请勿直接回复)",
        ]
    )
    return subject, body


def _claim(centre_id: int, month: Month, day: int, at: datetime) -> ReportReminder | None:
    try:
        with transaction.atomic():
            return ReportReminder.objects.create(
                centre_id=centre_id, month=rules.month_start(month), day=day, sent_at=at
            )
    except IntegrityError:
        return None  # another run took it


def remind_reports(*, now: datetime | None = None) -> ReminderRun:
    now = now or timezone.now()
    today = timezone.localdate(now)
    month = Month.of(today).previous()
    deadline = selectors.deadline_of(month)
    day = rules.reminder_round(today=today, deadline=deadline)
    if day is None:
        return ReminderRun(month, None)
    centres = {c.pk: c for c in Centre.objects.filter(is_active=True).order_by("township__code")}
    firsts = selectors.first_months(list(centres))
    due = [pk for pk, first in firsts.items() if first <= month]
    submitted = set(
        MonthlyReport.objects.filter(
            centre_id__in=due, month=rules.month_start(month), status=ReportStatus.SUBMITTED
        ).values_list("centre_id", flat=True)
    )
    reminded = set(
        ReportReminder.objects.filter(centre_id__in=due, month=rules.month_start(month), day=day).values_list(
            "centre_id", flat=True
        )
    )
    pending = [pk for pk in due if pk not in submitted and pk not in reminded]
    addresses = _directors(pending)
    connection = get_connection()
    sent = emails = 0
    for pk in pending:
        claim = _claim(pk, month, day, now)
        if claim is None:
            continue
        to = addresses.get(pk, [])
        if not to:
            ReportReminder.objects.filter(pk=claim.pk).update(recipients=NOBODY)
            sent += 1
            continue
        subject, body = _message(centres[pk], month, deadline, day)
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, connection=connection).send()
        except Exception as exc:  # the mail server is down: forget the claim, the next run retries
            logger.warning("remind_reports: an e-mail could not be sent (%s)", type(exc).__name__)
            ReportReminder.objects.filter(pk=claim.pk).delete()
            continue
        ReportReminder.objects.filter(pk=claim.pk).update(recipients=", ".join(to)[:500])
        sent += 1
        emails += 1
    logger.info("remind_reports %s (day %s): %s centres reminded, %s e-mails", month.param, day, sent, emails)
    return ReminderRun(month, day, centres=sent, emails=emails, skipped=len(reminded))

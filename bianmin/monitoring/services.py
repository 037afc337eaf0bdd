"""The ``monitor`` run (issue #7 point 5): record which lights turned red since the last run, clear
those that are no longer red, and tell the responsible people by e-mail (Django's e-mail framework:
console backend by default, SMTP when configured) — idempotent when run twice.

Who is told about a new red light: the director-role staff of its centre (中心主任/专职副主任), the
person it names as responsible (the case's handler, the complaint's assignee), and the county
administrators (one digest of all new red lights). Only accounts with an e-mail address can be told;
the alert records whom it reached. Mails name the record and link to it; they carry no applicant
names, ID numbers or phones.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from bianmin.core.roles import Role
from bianmin.monitoring.lights import Kind, Light
from bianmin.monitoring.models import Alert, MonitorRun
from bianmin.monitoring.sources import Moment, collect
from bianmin.org.models import Centre, Staff

logger = logging.getLogger(__name__)
CHUNK = 500
NOBODY = "(无可通知的邮箱)"


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def monitor_run(*, now: datetime | None = None, notify: bool = True) -> MonitorRun:
    now = now or timezone.now()
    run = MonitorRun.objects.create(started_at=now)
    red = {light.key: light for light in collect(Moment.at(now)) if light.is_red}
    with transaction.atomic():
        new_keys = _record(red, now)
        cleared = _clear(set(red), now)
    emails = _notify(red, now) if notify else 0
    MonitorRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), red=len(red), new_red=len(new_keys), cleared=cleared, emails=emails
    )
    run.refresh_from_db()
    logger.info("monitor run: %s red, %s new, %s cleared, %s e-mails", run.red, run.new_red, run.cleared, run.emails)
    return run


def _record(red: dict[str, Light], now: datetime) -> list[str]:
    """Create alerts for lights seen red for the first time (or red again after clearing)."""
    known: dict[str, Alert] = {}
    for keys in _chunks(list(red)):
        known.update({a.key: a for a in Alert.objects.filter(key__in=keys)})
    fresh = [
        Alert(
            kind=light.kind,
            key=key,
            centre_id=light.centre_id,
            title=light.title[:200],
            url=light.url[:300],
            red_since=now,
            last_seen_at=now,
        )
        for key, light in red.items()
        if key not in known
    ]
    Alert.objects.bulk_create(fresh, ignore_conflicts=True)  # a concurrent run may have created some
    again = [a.pk for a in known.values() if a.cleared_at is not None]
    if again:
        Alert.objects.filter(pk__in=again).update(cleared_at=None, red_since=now, notified_at=None, recipients="")
    still = [a.pk for a in known.values() if a.cleared_at is None]
    for pks in _chunks(still):
        Alert.objects.filter(pk__in=pks).update(last_seen_at=now)
    return [a.key for a in fresh] + [a.key for a in known.values() if a.cleared_at is not None]


def _clear(red_keys: set[str], now: datetime) -> int:
    still_open = Alert.objects.filter(cleared_at__isnull=True).values_list("pk", "key")
    gone = [pk for pk, key in still_open if key not in red_keys]
    cleared = 0
    for pks in _chunks(gone):
        cleared += Alert.objects.filter(pk__in=pks, cleared_at__isnull=True).update(cleared_at=now)
    return cleared


def _claim(red: dict[str, Light], now: datetime) -> list[Alert]:
    """The red alerts nobody has been told about yet, claimed by this run (a conditional update per
    alert, so two runs at once never both send the same alert)."""
    pending: list[Alert] = []
    for keys in _chunks(list(red)):
        pending += Alert.objects.filter(cleared_at__isnull=True, notified_at__isnull=True, key__in=keys)
    claimed = []
    for alert in pending:
        if Alert.objects.filter(pk=alert.pk, notified_at__isnull=True).update(notified_at=now) == 1:
            claimed.append(alert)
    return claimed


def _recipients(alerts: list[Alert], red: dict[str, Light]) -> dict[str, list[Alert]]:
    """e-mail address → the alerts for that person."""
    centre_ids = {a.centre_id for a in alerts}
    responsible_ids = {sid for a in alerts for sid in red[a.key].responsible}
    people = Staff.objects.filter(is_active=True, user__isnull=False, user__is_active=True).exclude(user__email="")
    directors: dict[int, set[str]] = defaultdict(set)
    for centre_id, email in people.filter(role=Role.CENTRE_DIRECTOR, centre_id__in=centre_ids).values_list(
        "centre_id", "user__email"
    ):
        directors[centre_id].add(email)
    by_staff = dict(people.filter(pk__in=responsible_ids).values_list("pk", "user__email"))
    county = set(people.filter(role=Role.COUNTY_ADMIN).values_list("user__email", flat=True))
    mail: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        to = set(directors[alert.centre_id]) | county
        to |= {by_staff[sid] for sid in red[alert.key].responsible if sid in by_staff}
        for address in to:
            mail[address].append(alert)
    return mail


def _message(alerts: list[Alert], centres: dict[int, str]) -> tuple[str, str]:
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    labels = dict(Kind.choices)
    lines = ["电子监察发现以下事项新亮红灯,请及时处理:", ""]
    for alert in sorted(alerts, key=lambda a: (centres.get(a.centre_id, ""), a.kind, a.title)):
        lines.append(f"【{labels.get(alert.kind, alert.kind)}】{centres.get(alert.centre_id, '')} {alert.title}")
        lines.append(f"    {base}{alert.url}")
    lines += ["", "—— 便民服务中心标准化管理平台(此邮件由系统自动发送,请勿直接回复)"]
    return f"【电子监察】新增红灯 {len(alerts)} 项", "\n".join(lines)


def _notify(red: dict[str, Light], now: datetime) -> int:
    alerts = _claim(red, now)
    if not alerts:
        return 0
    mail = _recipients(alerts, red)
    centres = dict(Centre.objects.filter(pk__in={a.centre_id for a in alerts}).values_list("pk", "name"))
    targeted = {alert.pk for mine in mail.values() for alert in mine}
    told: dict[int, list[str]] = defaultdict(list)
    sent = 0
    connection = get_connection()
    for address, mine in mail.items():
        subject, body = _message(mine, centres)
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection).send()
        except Exception as exc:  # one bad address or a mail server hiccup must not stop the run
            logger.warning("monitor: an e-mail could not be sent (%s)", type(exc).__name__)
            continue
        sent += 1
        for alert in mine:
            told[alert.pk].append(address)
    for alert in alerts:
        if alert.pk in told:
            Alert.objects.filter(pk=alert.pk).update(recipients=", ".join(sorted(told[alert.pk]))[:500])
        elif alert.pk in targeted:
            # Every mail for it failed this time: leave it for the next run.
            Alert.objects.filter(pk=alert.pk).update(notified_at=None)
        else:
            Alert.objects.filter(pk=alert.pk).update(recipients=NOBODY)
    return sent

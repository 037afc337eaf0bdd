"""``manage.py monitor``: it records the lights that turned red since its last run, tells the
responsible people once by e-mail (the centre's directors, the case handler, the county admins),
clears lights that are no longer red, and is idempotent when run twice."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from bianmin.cases import services as case_services
from bianmin.cases.tests.helpers import PHONE, handling_case
from bianmin.monitoring.lights import Kind
from bianmin.monitoring.models import Alert, MonitorRun
from bianmin.monitoring.services import NOBODY, monitor_run

pytestmark = pytest.mark.django_db


def test_it_records_a_new_red_light_and_tells_the_responsible_once(county, item, mailboxes, mailoutbox):
    case = handling_case(county, item)
    later = case.due_at + timedelta(hours=2)

    first = monitor_run(now=later)

    alert = Alert.objects.get(key=f"case:{case.pk}")
    assert alert.kind == Kind.CASE and alert.centre_id == county.centre_a.pk
    assert alert.red_since == later and alert.notified_at == later and alert.cleared_at is None
    told = {address for message in mailoutbox for address in message.to if case.receipt_number in message.body}
    assert told == {mailboxes["director_a"], mailboxes["clerk_a"], mailboxes["county_admin"]}
    assert mailboxes["clerk_b"] not in alert.recipients
    body = next(m.body for m in mailoutbox if mailboxes["director_a"] in m.to)
    assert f"/cases/{case.pk}/" in body
    assert "张三" not in body and PHONE not in body  # no applicant data in mails
    assert first.new_red >= 1 and first.emails == len(mailoutbox)

    sent = len(mailoutbox)
    second = monitor_run(now=later + timedelta(minutes=30))

    assert second.new_red == 0 and second.emails == 0 and len(mailoutbox) == sent
    assert Alert.objects.filter(key=f"case:{case.pk}").count() == 1
    assert Alert.objects.get(key=f"case:{case.pk}").last_seen_at == later + timedelta(minutes=30)


def test_it_clears_a_light_that_is_no_longer_red(county, item, mailboxes):
    case = handling_case(county, item)
    later = case.due_at + timedelta(hours=2)
    monitor_run(now=later, notify=False)
    case_services.case_complete(case=case, actor=county.clerk_a, result="approved", at=later + timedelta(minutes=5))

    run = monitor_run(now=later + timedelta(minutes=10), notify=False)

    assert Alert.objects.get(key=f"case:{case.pk}").cleared_at == later + timedelta(minutes=10)
    assert run.cleared >= 1


def test_it_does_not_alert_before_the_deadline(county, item):
    case = handling_case(county, item)
    monitor_run(now=case.accepted_at + timedelta(minutes=1), notify=False)
    assert not Alert.objects.filter(key=f"case:{case.pk}").exists()


def test_it_notes_when_nobody_could_be_told(county, item, mailoutbox):
    case = handling_case(county, item)  # no account has an e-mail address
    monitor_run(now=case.due_at + timedelta(hours=2))
    alert = Alert.objects.get(key=f"case:{case.pk}")
    assert alert.recipients == NOBODY and alert.notified_at is not None
    assert mailoutbox == []


def test_the_command_prints_a_summary_in_chinese(county, item, capsys):
    call_command("monitor", "--no-mail")
    assert "电子监察完成" in capsys.readouterr().out
    assert MonitorRun.objects.get().finished_at is not None

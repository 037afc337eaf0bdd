"""Reminders on the 1st and 3rd (issue #8 point 5): to the centre's director-role staff, once per
round, only while last month's report is unsubmitted and not yet overdue."""

from io import StringIO

import pytest
from django.core.management import call_command

from bianmin.cases.ledgers import Month
from bianmin.cases.tests.helpers import at, march_cases
from bianmin.core.roles import Role
from bianmin.org.tests.factories import staff_with_login
from bianmin.reports import services
from bianmin.reports.models import ReportReminder
from bianmin.reports.reminders import NOBODY, remind_reports

pytestmark = pytest.mark.django_db

SUMMARY = "本月共收件九件,窗口服务总体平稳,一件超期正在督办。"


@pytest.fixture
def march(county):
    march_cases(county)
    for staff, email in ((county.director_a, "director_a@yushan.example"), (county.clerk_a, "clerk_a@yushan.example")):
        staff.user.email = email
        staff.user.save(update_fields=["email"])
    deputy = staff_with_login("deputy_a", Role.CENTRE_DIRECTOR, centre=county.centre_a, position="专职副主任")
    deputy.user.email = "deputy_a@yushan.example"
    deputy.user.save(update_fields=["email"])
    return county


def test_it_reminds_the_directors_on_the_1st_once(county, march, mailoutbox):
    run = remind_reports(now=at(4, 1, 8))
    assert (run.month, run.day, run.centres, run.emails) == (Month(2026, 3), 1, 2, 1)
    [mail] = mailoutbox
    assert sorted(mail.to) == ["deputy_a@yushan.example", "director_a@yushan.example"]  # not the clerk
    assert mail.subject == "【信息报送提醒】甲镇便民服务中心2026年3月信息尚未报送"
    assert f"/reports/centre/{county.centre_a.pk}/2026-03/" in mail.body and "2026年04月05日" in mail.body
    # Centre B has no director with an e-mail address: recorded, nobody mailed.
    assert ReportReminder.objects.get(centre=county.centre_b).recipients == NOBODY

    again = remind_reports(now=at(4, 1, 17))
    assert (again.centres, again.emails, again.skipped) == (0, 0, 2)
    assert remind_reports(now=at(4, 2, 8)).emails == 0  # the 1st's round is done
    assert len(mailoutbox) == 1


def test_it_reminds_again_on_the_3rd_unless_submitted(county, march, mailoutbox):
    remind_reports(now=at(4, 1, 8))
    services.report_submit(
        centre=county.centre_a, month=Month(2026, 3), actor=county.director_a, summary=SUMMARY, at=at(4, 2, 10)
    )
    run = remind_reports(now=at(4, 3, 8))
    assert (run.day, run.centres, run.emails) == (3, 1, 0)  # only centre B, which has nobody to mail
    assert len(mailoutbox) == 1


def test_it_sends_the_latest_round_only_after_a_missed_day(county, march, mailoutbox):
    run = remind_reports(now=at(4, 3, 8))
    assert run.day == 3 and len(mailoutbox) == 1 and "再次提醒" in mailoutbox[0].body
    assert not ReportReminder.objects.filter(day=1).exists()


def test_it_stops_once_the_deadline_has_passed(county, march, mailoutbox):
    assert remind_reports(now=at(4, 6, 8)).day is None
    assert remind_reports(now=at(4, 28, 8)).day is None
    assert mailoutbox == []


def test_it_retries_when_the_mail_server_fails(county, march, mailoutbox, monkeypatch):
    from django.core.mail import EmailMessage

    def broken(self, fail_silently=False):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    assert remind_reports(now=at(4, 1, 8)).emails == 0
    assert not ReportReminder.objects.filter(centre=county.centre_a).exists()
    monkeypatch.undo()
    assert remind_reports(now=at(4, 1, 9)).emails == 1


def test_it_runs_as_a_command(county):
    out = StringIO()
    call_command("remind_reports", stdout=out)
    assert "月报" in out.getvalue()

"""Anonymising closed records past their keeping period: what goes, what stays (every count, ledger
and monthly-report figure), idempotence, batches, the command."""

import re
from datetime import date, datetime

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from bianmin.cases import ledgers, services
from bianmin.cases.models import Case, CaseEvent, Consultation, Notice, PointRecord
from bianmin.cases.months import Month
from bianmin.cases.services_records import consultation_create, point_record_create
from bianmin.cases.tests.helpers import CHINA, ID_1, PHONE, march_cases
from bianmin.cases.tests.test_views import png_upload
from bianmin.core.errors import ApplicationError
from bianmin.privacy.models import RetentionRun
from bianmin.privacy.rules import ANONYMISED
from bianmin.privacy.services import personal_data_anonymise
from bianmin.reports.compile import compile_figures
from bianmin.supervision.models import Complaint
from bianmin.supervision.services_complaints import complaint_submit
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db

# Ten years after the March 2026 cases, with the cut-off at 1 April 2026: cases closed in March go,
# c2 (completed 30 April) and c8 (withdrawn 2 April) stay, and so does every open case.
LATER = datetime(2036, 4, 1, 9, tzinfo=CHINA)


@pytest.fixture
def march(county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    calendar_services.seed_from_package()
    return march_cases(county)


def test_it_anonymises_cases_closed_before_the_cut_off_and_nothing_else(march):
    result = personal_data_anonymise(years=10, now=LATER)

    gone = {march.c1.pk, march.c4.pk, march.c5.pk, march.c9.pk}  # completed, refused, withdrawn in March
    assert result.counts["cases"] == len(gone)
    for case in Case.objects.all():
        if case.pk in gone:
            assert (case.applicant_name, case.id_number, case.phone, case.address) == (ANONYMISED, "", "", "")
            assert case.anonymised_at == LATER
            event = case.events.get(action="anonymise")
            assert "《个人信息保护法》第19条" in event.basis
        else:  # open, or closed after the cut-off
            assert case.applicant_name == "张三" and case.id_number == ID_1 and case.phone == PHONE
            assert case.anonymised_at is None
    assert RetentionRun.objects.get().counts["cases"] == len(gone)


def test_its_notices_no_longer_name_the_applicant(march):
    notices = list(Notice.objects.filter(case=march.c1))
    assert notices and all("张三" in n.html for n in notices)

    personal_data_anonymise(years=10, now=LATER)

    for notice in Notice.objects.filter(case=march.c1):
        text = re.sub(r'src="data:[^"]*"', "", notice.html)  # the QR code's base64 may contain any digits
        assert "张三" not in text and "0016" not in text and "5678" not in text
        assert ANONYMISED in notice.html
        assert notice.data["applicant"] == ANONYMISED and notice.data["id_number"] == ""
        assert notice.data["receipt_number"] == march.c1.receipt_number  # the rest of the notice stays
    assert all("张三" in n.html for n in Notice.objects.filter(case=march.c3))  # still open


def test_every_statistic_stays_the_same(march, county):
    month = Month(2026, 3)
    month_cases = Case.objects.filter(centre=county.centre_a, received_at__year=2026)
    before_summary = ledgers.summary(month_cases, now=LATER)
    before_report = compile_figures(county.centre_a, month, now=LATER)
    events_before = CaseEvent.objects.exclude(action="anonymise").count()

    personal_data_anonymise(years=10, now=LATER)

    assert ledgers.summary(month_cases, now=LATER) == before_summary
    assert compile_figures(county.centre_a, month, now=LATER) == before_report
    assert CaseEvent.objects.exclude(action="anonymise").count() == events_before  # history is kept


def test_scans_are_deleted_with_their_rows_once_the_batch_is_committed(
    march, county, django_capture_on_commit_callbacks
):
    case = march.c3  # attach while open, then close it
    attachment = services.case_attach(case=case, actor=county.clerk_a, file=png_upload())
    name = attachment.file.name
    services.case_complete(case=case, actor=county.clerk_a, result="approved", at=datetime(2026, 3, 20, tzinfo=CHINA))
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        result = personal_data_anonymise(years=10, now=LATER)

    assert result.counts["attachments"] == 1
    assert not case.attachments.exists()
    assert not default_storage.exists(name)
    assert case.events.filter(action="attach").exists()  # the record that a scan was received stays


def test_a_dry_run_counts_and_changes_nothing(march):
    result = personal_data_anonymise(years=10, now=LATER, dry_run=True)
    assert result.counts["cases"] == 4
    assert "将匿名化:办件 4 件" in result.describe()
    assert not Case.objects.filter(anonymised_at__isnull=False).exists()

    with pytest.raises(CommandError, match="至少为 1 年"):
        call_command("anonymise_personal_data", years=-2)
    assert not RetentionRun.objects.exists()


def test_a_second_run_finds_nothing_more_and_batches_cover_everything(march):
    first = personal_data_anonymise(years=10, now=LATER, batch_size=1)
    assert first.counts["cases"] == 4
    again = personal_data_anonymise(years=10, now=LATER)
    assert again.counts["cases"] == 0
    assert CaseEvent.objects.filter(action="anonymise").count() == 4


def test_the_full_id_number_of_an_anonymised_case_cannot_be_revealed(march, county):
    personal_data_anonymise(years=10, now=LATER)
    with pytest.raises(ApplicationError, match="已清除"):
        services.case_reveal_id(case=Case.objects.get(pk=march.c1.pk), actor=county.clerk_a)


def test_consultations_point_records_and_complaints_past_the_period_lose_their_people(county):
    old = datetime(2026, 3, 2, 10, tzinfo=CHINA)
    asked = consultation_create(
        actor=county.clerk_a, visitor_name="王五", visitor_phone=PHONE, question="低保怎么办", asked_at=old
    )
    recent = consultation_create(
        actor=county.clerk_a,
        visitor_name="赵六",
        visitor_phone=PHONE,
        question="医保",
        asked_at=datetime(2026, 5, 1, tzinfo=CHINA),
    )
    record = point_record_create(
        actor=county.agent_a1,
        kind="help",
        happened_on=date(2026, 3, 3),
        people="孤寡老人钱七",
        phone=PHONE,
        subject="代缴医保",
        content="上门帮助",
    )
    content = "窗口工作人员态度很差,不耐心解释"
    complaint = complaint_submit(
        centre=county.centre_a, category="attitude", content=content, name="孙八", phone=PHONE, at=old
    )
    Complaint.objects.filter(pk=complaint.pk).update(status=Complaint.Status.CLOSED, closed_at=old)

    result = personal_data_anonymise(years=10, now=LATER)

    assert (result.counts["consultations"], result.counts["point_records"], result.counts["complaints"]) == (1, 1, 1)
    asked.refresh_from_db(), recent.refresh_from_db(), record.refresh_from_db(), complaint.refresh_from_db()
    assert (asked.visitor_name, asked.visitor_phone, asked.question) == (ANONYMISED, "", "低保怎么办")
    assert recent.visitor_name == "赵六"
    assert (record.people, record.phone, record.subject) == (ANONYMISED, "", "代缴医保")
    assert (complaint.name, complaint.phone, complaint.content) == ("", "", content)
    assert Consultation.objects.filter(anonymised_at=LATER).count() == 1
    assert PointRecord.objects.filter(anonymised_at=LATER).count() == 1


def test_the_command_reports_in_chinese_and_can_be_switched_off(march, settings, capsys):
    settings.PERSONAL_DATA_RETENTION_YEARS = 0
    call_command("anonymise_personal_data")
    assert "未启用" in capsys.readouterr().out

    call_command("anonymise_personal_data", years=1, dry_run=True)
    out = capsys.readouterr().out
    assert out.startswith("将匿名化:办件") and "保存期限 1 年" in out
    assert not Case.objects.filter(anonymised_at__isnull=False).exists()

    with pytest.raises(CommandError, match="至少为 1 年"):
        call_command("anonymise_personal_data", years=-2)

"""Submitting the monthly report: frozen figures, on time or late at the boundary, resubmission with a
reason that keeps the first version, drafts, concurrency and who may do it."""

import pytest
from django.test import override_settings

from bianmin.cases import services as case_services
from bianmin.cases.ledgers import Month
from bianmin.cases.tests.helpers import at, march_cases
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.org.tests.factories import staff_with_login
from bianmin.reports import figures as fig
from bianmin.reports import services
from bianmin.reports.models import MonthlyReport, MonthlyReportVersion, ReportStatus
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db

MARCH = Month(2026, 3)
SUMMARY = "本月共收件九件,窗口服务总体平稳,一件超期正在督办。"


@pytest.fixture
def march(county):
    return march_cases(county)


def submit(county, when, **kw):
    values = {"centre": county.centre_a, "month": MARCH, "actor": county.director_a, "summary": SUMMARY, "at": when}
    values.update(kw)
    return services.report_submit(**values)


def test_it_freezes_the_figures_and_texts_when_submitted(county, march):
    version = submit(county, at(4, 3, 10), problems="c3超期", measures="督办")
    report = version.report
    assert report.status == ReportStatus.SUBMITTED and report.submissions == 1
    assert report.first_submitted_at == at(4, 3, 10) and report.on_time is True
    assert version.number == 1 and version.summary == SUMMARY and version.problems == "c3超期"
    frozen = fig.from_json(version.figures)
    assert frozen.totals.received == 9 and frozen.compiled_at == at(4, 3, 10)


def test_it_keeps_a_submitted_report_unchanged_by_later_corrections(county, march):
    version = submit(county, at(4, 3, 10))
    before = dict(version.figures)
    case_services.case_complete(case=march.c3, actor=county.clerk_a, result="approved", at=at(4, 8))
    case_services.case_register(
        actor=county.clerk_a,
        item=march.item,
        applicant=march_applicant(),
        materials={1: ("received", ""), 2: ("received", ""), 3: ("received", "")},
        at=at(3, 31, 10),
    )
    version.refresh_from_db()
    assert version.figures == before
    assert fig.from_json(version.figures).totals.received == 9


def march_applicant():
    from bianmin.cases.tests.helpers import applicant

    return applicant()


def test_it_refuses_to_change_or_delete_a_version(county, march):
    version = submit(county, at(4, 3, 10))
    version.summary = "改过的"
    with pytest.raises(RuntimeError):
        version.save()
    with pytest.raises(RuntimeError):
        version.delete()
    with pytest.raises(RuntimeError):
        MonthlyReportVersion.objects.filter(pk=version.pk).update(summary="改过的")
    with pytest.raises(RuntimeError):
        MonthlyReportVersion.objects.all().delete()
    assert MonthlyReportVersion.objects.get(pk=version.pk).summary == SUMMARY


@pytest.mark.parametrize(
    ("when", "on_time"),
    [
        (at(4, 5, 23, minute=59, second=59), True),  # 23:59:59 on the 5th
        (at(4, 6, 0), False),  # 00:00:00 on the 6th
    ],
)
def test_it_records_on_time_or_late_at_the_boundary(county, march, when, on_time):
    version = submit(county, when)
    assert version.on_time is on_time and version.report.on_time is on_time
    assert str(version.report.deadline) == "2026-04-05"


@override_settings(REPORT_DUE_MOVES_TO_WORKING_DAY=True)
def test_it_moves_the_deadline_past_the_holiday_when_configured(county, march):
    calendar_services.seed_from_package()
    version = submit(county, at(4, 7, 17))  # 4-5 is a Sunday in 清明: the deadline moves to Tuesday 4-7
    assert version.report.on_time is True and str(version.report.deadline) == "2026-04-07"


def test_it_resubmits_with_a_reason_and_keeps_the_first_version(county, march):
    first = submit(county, at(4, 3, 10))
    case_services.case_complete(case=march.c3, actor=county.clerk_a, result="approved", at=at(4, 8))
    with pytest.raises(ApplicationError) as refused:
        submit(county, at(4, 9, 10))
    assert refused.value.field == "reason"
    second = submit(county, at(4, 9, 10), summary=SUMMARY + "(更正)", reason="c3已于4月8日办结,更正数据。")
    assert second.number == 2 and second.reason.startswith("c3已于")
    report = MonthlyReport.objects.get(pk=first.report_id)
    # On time is decided by the first submission, the latest time and person are kept too.
    assert report.submissions == 2 and report.on_time is True and report.first_submitted_at == at(4, 3, 10)
    assert report.submitted_at == at(4, 9, 10)
    assert fig.from_json(first.figures).totals.completed == 3  # c1, c2, c9
    assert fig.from_json(second.figures).totals.completed == 4  # and c3
    assert list(report.versions.values_list("number", flat=True)) == [1, 2]
    first.refresh_from_db()
    assert first.summary == SUMMARY and first.reason == ""


def test_it_cannot_submit_a_month_that_is_not_over(county, march):
    with pytest.raises(ApplicationError, match="本月尚未结束"):
        submit(county, at(3, 31, 17))
    assert not MonthlyReport.objects.exists()


def test_it_needs_a_summary(county, march):
    with pytest.raises(ApplicationError) as refused:
        submit(county, at(4, 3, 10), summary="好")
    assert refused.value.field == "summary"
    assert not MonthlyReportVersion.objects.exists()


def test_it_lets_only_the_centres_director_submit(county, march):
    director_b = staff_with_login("director_b", Role.CENTRE_DIRECTOR, centre=county.centre_b)
    for actor in (county.clerk_a, director_b, county.agent_a1):
        with pytest.raises(ApplicationError, match="中心主任"):
            submit(county, at(4, 3, 10), actor=actor)
    deputy = staff_with_login("deputy_a", Role.CENTRE_DIRECTOR, centre=county.centre_a, position="专职副主任")
    assert submit(county, at(4, 3, 10), actor=deputy).submitted_by == deputy


def test_it_saves_a_draft_without_freezing_anything(county, march):
    report = services.report_save_draft(
        centre=county.centre_a, month=MARCH, actor=county.director_a, summary="草稿", at=at(4, 1, 9)
    )
    assert report.status == ReportStatus.DRAFT and report.summary == "草稿" and report.version == 1
    assert report.draft_saved_by == county.director_a
    assert not MonthlyReportVersion.objects.exists()
    version = submit(county, at(4, 2, 9), seen_version=report.version)
    with pytest.raises(ApplicationError, match="已报送"):
        services.report_save_draft(centre=county.centre_a, month=MARCH, actor=county.director_a, summary="再改")
    assert version.report.summary == SUMMARY


def test_it_refuses_a_submission_over_a_report_changed_meanwhile(county, march):
    report = services.report_save_draft(
        centre=county.centre_a, month=MARCH, actor=county.director_a, summary="草稿", at=at(4, 1, 9)
    )
    submit(county, at(4, 2, 9), seen_version=report.version)
    with pytest.raises(ApplicationError, match="已被他人"):
        submit(county, at(4, 2, 10), seen_version=report.version, reason="同时提交的另一份")
    assert MonthlyReportVersion.objects.count() == 1


def test_it_answers_a_replayed_submission_once(county, march):
    first = submit(county, at(4, 3, 10), request_key="k-1")
    again = submit(county, at(4, 3, 10, second=5), request_key="k-1")
    assert again.pk == first.pk and MonthlyReportVersion.objects.count() == 1

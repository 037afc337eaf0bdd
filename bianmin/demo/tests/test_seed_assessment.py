"""The demo's last-year assessment: published, with one corrected sheet; this year left to open."""

from datetime import datetime

from bianmin.assessment.models import Assessment, AssessmentStatus, Rubric, Score, SheetStatus, StandardTarget
from bianmin.assessment.standardization import is_overdue
from bianmin.demo.seed_assessment import CORRECTION_REASON, REVIEW_REASON, seed_assessment, seed_plans
from bianmin.workcalendar.deadlines import CHINA

NOW = datetime(2026, 11, 20, 10, tzinfo=CHINA)


def test_it_publishes_last_year_with_a_correction_and_is_idempotent(county):
    counts = seed_assessment(now=NOW)
    assert counts["assessments"] == 1 and counts["sheets"] == 3  # two centres, one corrected
    assessment = Assessment.objects.get(year=2025)
    assert assessment.status == AssessmentStatus.PUBLISHED
    assert not Assessment.objects.filter(year=2026).exists()
    statuses = sorted(assessment.sheets.values_list("status", flat=True))
    assert statuses == [SheetStatus.PUBLISHED, SheetStatus.PUBLISHED, SheetStatus.SUPERSEDED]
    corrected = assessment.sheets.get(version=2)
    superseded = assessment.sheets.get(centre=corrected.centre, version=1)
    assert corrected.reason in (CORRECTION_REASON, REVIEW_REASON)
    assert corrected.total != superseded.total  # the correction changes the score, not only a note
    assert not Score.objects.filter(sheet__assessment=assessment, value__isnull=True).exists()
    assert seed_assessment(now=NOW)["assessments"] == 0
    assert Rubric.objects.count() == 1


def test_it_plans_some_gaps_one_of_them_overdue(county):
    made = seed_plans(now=NOW)
    assert made >= 2  # centre A and B of the test county both fall short somewhere
    plans = list(StandardTarget.objects.order_by("updated_at"))
    assert all(plan.note and plan.target_date for plan in plans)
    assert sum(is_overdue(met=False, target_date=p.target_date, today=NOW.date()) for p in plans) == 1
    assert seed_plans(now=NOW) == 0

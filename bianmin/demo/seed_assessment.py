"""Demo annual assessment: the 2018 rubric, and last year's assessment scored and published.

Plan 五(三): the county scores every centre once a year. The demo county's records go back twelve
months, so last year's assessment reads only its last weeks from the system (系统上线当年): its
automatic items score low where the records are thin — which is what the year-on-year comparison
then shows. It was opened and auto-scored on 20 January, the inspectors scored the on-site items
(mostly full marks, some half or nothing, each with a note), one automatic item was corrected on
site, the county admin published it on 25 January, and one centre's sheet was corrected in
February (a new version with a reason).

This year's assessment is left for the county admin to open (the demo journey of issue #9).

Standardization plans (plan 三): the directors of the first centres that fall short of the standard
planned one or two of the missing items — one plan, made two months ago, is now past its date
(shown red), the others run to dates in the next months.

ILLUSTRATIVE: the inspectors' notes are invented. Deterministic (one ``random.Random``) and
idempotent: nothing is added if last year's assessment exists.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.db.models import F
from django.utils import timezone

from bianmin.assessment import selectors_progress, services, services_progress
from bianmin.assessment.models import Assessment, Score, ScoreSheet, StandardTarget, TargetStatus
from bianmin.assessment.services_rubric import rubric_load_default
from bianmin.org.models import Centre, Staff
from bianmin.workcalendar.deadlines import CHINA

SEED = "yushan-assessment"
PARTIAL_NOTES = (
    "资料不够完整,酌情扣分。",
    "现场查看有欠缺,已当场指出。",
    "相关记录不全,扣0.5分。",
    "制度已建立但执行记录较少。",
)
ZERO_NOTES = ("未提供相关资料。", "现场检查未达到要求。")
OVERRIDE_NOTE = "设施登记为有,现场核查公示栏内容未更新,不得分。"
CORRECTION_REASON = "中心提出复核申请并补交了评分时未提供的资料,经核实更正相应评分项得分。"
CORRECTION_NOTE = "复核时已补交相关资料,经核实给满分。"
REVIEW_REASON = "县管委会复核发现一项评分依据不足,更正该项得分。"
REVIEW_NOTE = "复核时未能提供相关资料,不得分。"


MEASURES = (
    "已向乡镇党委政府报告,列入年度建设计划,资金已落实。",
    "已联系县直部门协调人员进驻,待人员到位后开设窗口。",
    "设备已申请采购,到货后安装调试。",
    "利用原办公用房改造扩建,已完成设计。",
)
PLANNED_CENTRES = 5


def seed_plans(*, now: datetime) -> int:
    """A few standardization plans (idempotent: nothing if any plan exists). Returns how many."""
    if StandardTarget.objects.exists():
        return 0
    rng = random.Random(SEED + "-plans")
    made = 0
    admin = _staff("county_admin")
    centres = Centre.objects.filter(is_active=True).select_related("director").order_by("township__code")
    planned = 0
    for centre in centres:
        findings = selectors_progress.centre_findings_now(centre)
        if not findings or planned >= PLANNED_CENTRES:
            continue
        planned += 1
        actor = centre.director or admin
        for n, finding in enumerate(findings[:2]):
            overdue = made == 0
            made_at = now - timedelta(days=60 if overdue else rng.randint(5, 20))
            target = timezone.localdate(made_at) + timedelta(days=30 if overdue else rng.randint(60, 150))
            services_progress.target_set(
                actor=actor,
                code=finding.code,
                status=TargetStatus.BUILDING if n == 0 else TargetStatus.PLANNED,
                target_date=max(target, timezone.localdate(made_at)),
                note=rng.choice(MEASURES),
                centre=centre,
                at=made_at,
            )
            made += 1
    return made


def _staff(username: str) -> Staff:
    return Staff.objects.get(user__username=username)


def _moment(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime.combine(datetime(year, month, day).date(), time(hour), tzinfo=CHINA)


def _manual_value(rng: random.Random, points: Decimal) -> tuple[Decimal, str]:
    roll = rng.random()
    if roll < 0.8 or points == 0:
        return points, ""
    if roll < 0.95:
        return max(points - Decimal("0.5") * rng.choice((1, 2)), Decimal("0")), rng.choice(PARTIAL_NOTES)
    return Decimal("0"), rng.choice(ZERO_NOTES)


def seed_assessment(*, now: datetime | None = None) -> dict[str, int]:
    """Load the default rubric and score last year; returns counts of what was created."""
    now = now or timezone.now()
    year = timezone.localdate(now).year - 1
    rubric_load_default()
    if Assessment.objects.filter(year=year).exists():
        return {"assessments": 0, "sheets": 0, "scores": 0}
    admin, inspector = _staff("county_admin"), _staff("inspector")
    rng = random.Random(SEED)
    opened = min(now, _moment(year + 1, 1, 20, 9))
    published = min(now, _moment(year + 1, 1, 25, 15))
    corrected = min(now, _moment(year + 1, 2, 10, 10))
    scored = 0
    with disable_auditlog():
        assessment = services.assessment_open(year=year, actor=admin, at=opened)
        manual = Score.objects.filter(sheet__assessment=assessment).select_related("item", "sheet__centre")
        for score in manual.order_by("sheet__centre__township__code", "item_id"):
            if score.item.source:
                continue
            value, note = _manual_value(rng, score.item.points)
            services.score_set(score=score, value=value, note=note, actor=inspector, at=opened)
            scored += 1
        board = manual.filter(item__source="notice_board", value__gt=0).order_by("sheet__centre_id").first()
        if board is not None:
            services.score_set(score=board, value=Decimal("0"), note=OVERRIDE_NOTE, actor=inspector, at=opened)
        services.assessment_publish(assessment=assessment, actor=admin, at=published)
        first = assessment.sheets.order_by("centre__township__code").first()
        short = first.scores.filter(item__source="", value__lt=F("item__points")).order_by("item_id").first()
        if short is not None:  # the centre showed the missing papers: the item gets its full points
            draft = services.sheet_correct(sheet=first, reason=CORRECTION_REASON, actor=admin, at=corrected)
            again = draft.scores.get(item=short.item_id)
            services.score_set(
                score=again, value=short.item.points, note=CORRECTION_NOTE, actor=inspector, at=corrected
            )
        else:  # every on-site item had full marks: the review found one that should not have
            draft = services.sheet_correct(sheet=first, reason=REVIEW_REASON, actor=admin, at=corrected)
            again = draft.scores.filter(item__source="").order_by("item_id").first()
            services.score_set(score=again, value=Decimal("0"), note=REVIEW_NOTE, actor=inspector, at=corrected)
        services.sheet_publish(sheet=draft, actor=admin, at=corrected)
    sheets = ScoreSheet.objects.filter(assessment=assessment).count()
    return {"assessments": 1, "sheets": sheets, "scores": scored}

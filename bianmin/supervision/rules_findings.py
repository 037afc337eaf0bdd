"""What the supervision findings do to a centre's annual score (plan 附件 运行监督情况 and 加分项目).

Pure: plain values in, plain values out; no ORM, no settings. The assessment (issue #9) and the
monitoring dashboard call ``centre_year_effects`` through
``selectors_findings.effects_by_centre``; the video-monitoring register stores each finding's
deduction from ``FINDING_POINTS`` at the moment it is recorded.

The rubric, word for word (附件 玉山县乡镇(街道)便民服务中心工作考核评分细则):

运行监督情况(10分)
  群众满意情况(5分)
    1 企业和群众举报投诉,经查证属实的,每次扣5分,不限次;        ← the complaint register, not here
    2 上级部门通报和市级以上新闻媒体曝光,每次扣5分,不限次。      ← EXPOSURE_POINTS
  视频监控情况(5分)                                               ← VIDEO_INDICATOR_POINTS
    1、无故空岗,每人次扣1分,扣完为止;                             ← FINDING_POINTS["absent"]
    2 上班时间用电脑、手机做与工作无关事情 每次扣2分,扣完为止;     ← FINDING_POINTS["unrelated"]
    3 扎推聊天、吃零食等,每次扣1分,扣完为止;                      ← FINDING_POINTS["chatting"]
加分项目
  1 上饶市级以上部门通报表扬的,每次加5分,最多加10分;              ← BONUS_POINTS, BONUS_CAP
  2 上饶市级以上新闻媒体正面宣传报道的,每次加5分,最多加10分。     ← BONUS_POINTS, BONUS_CAP

Readings of the text (they decide points, so they are written down):
- "扣完为止" floors the three video items together at their indicator: at most 5 points a year.
- "不限次" is not floored: every 通报批评 and every exposure costs 5 points, beyond the indicator's 5.
- "上级部门通报" is any superior department's 通报批评, the county's 管委会 included (it issues the
  通报 of its inspections and unannounced visits, plan 五(二) "并予以通报"); media exposure counts
  only at 市级以上 (上饶市级, 省级, 国家级), so a county paper's critical piece is recorded but costs nothing.
- Bonuses need 上饶市级以上: a county-level commendation or county-level coverage is recorded, no bonus.
- 其他 (a finding the rubric does not name) is recorded so the centre corrects it, with no deduction.

Values are the codes of ``models.FindingKind``, ``Tone``, ``AuthorityLevel`` and ``BulletinOutcome``
(a test keeps them in step; the models module is not imported so this one stays pure).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

# --- the table ---------------------------------------------------------------------------------

# 视频监控情况: points deducted per finding (每人次 for 无故空岗, 每次 for the others).
FINDING_POINTS: dict[str, Decimal] = {
    "absent": Decimal("1"),  # 无故空岗,每人次扣1分
    "unrelated": Decimal("2"),  # 上班时间用电脑、手机做与工作无关事情 每次扣2分
    "chatting": Decimal("1"),  # 扎推聊天、吃零食等,每次扣1分
    "other": Decimal("0"),  # not in the rubric: recorded for correction only
}
VIDEO_INDICATOR_POINTS = Decimal("5")  # 视频监控情况(5分) … 扣完为止

# 群众满意情况 item 2: 上级部门通报和市级以上新闻媒体曝光,每次扣5分,不限次.
EXPOSURE_POINTS = Decimal("5")

# 加分项目: 每次加5分,最多加10分 (each of the two items separately).
BONUS_POINTS = Decimal("5")
BONUS_CAP = Decimal("10")

CITY_OR_ABOVE = frozenset({"city", "province", "national"})  # 上饶市级以上 / 市级以上

PRAISE, CRITICISM = "praise", "criticism"
POSITIVE, NEGATIVE = "positive", "negative"


@dataclass(frozen=True)
class RubricLine:
    """One line of the table as shown to users (the finding form, the user guide)."""

    item: str
    rule: str
    points: Decimal  # signed: negative deducts, positive adds
    cap: Decimal | None  # None: 不限次


RUBRIC_LINES: tuple[RubricLine, ...] = (
    RubricLine("视频监控·无故空岗", "每人次扣1分,扣完为止", -FINDING_POINTS["absent"], VIDEO_INDICATOR_POINTS),
    RubricLine(
        "视频监控·上班时间用电脑、手机做与工作无关的事",
        "每次扣2分,扣完为止",
        -FINDING_POINTS["unrelated"],
        VIDEO_INDICATOR_POINTS,
    ),
    RubricLine(
        "视频监控·扎堆聊天、吃零食等", "每次扣1分,扣完为止", -FINDING_POINTS["chatting"], VIDEO_INDICATOR_POINTS
    ),
    RubricLine("上级部门通报批评", "每次扣5分,不限次", -EXPOSURE_POINTS, None),
    RubricLine("市级以上新闻媒体曝光", "每次扣5分,不限次", -EXPOSURE_POINTS, None),
    RubricLine("上饶市级以上部门通报表扬", "每次加5分,最多加10分", BONUS_POINTS, BONUS_CAP),
    RubricLine("上饶市级以上新闻媒体正面宣传报道", "每次加5分,最多加10分", BONUS_POINTS, BONUS_CAP),
)


def finding_deduction(kind: str) -> Decimal:
    """The deduction a video-monitoring finding of ``kind`` carries when it is recorded."""
    try:
        return FINDING_POINTS[kind]
    except KeyError:
        raise ValueError(f"unknown finding kind {kind!r}") from None


def is_city_or_above(level: str) -> bool:
    return level in CITY_OR_ABOVE


def counts_as_exposure(*, tone: str, level: str) -> bool:
    """市级以上新闻媒体曝光."""
    return tone == NEGATIVE and is_city_or_above(level)


def counts_as_media_bonus(*, tone: str, level: str) -> bool:
    """上饶市级以上新闻媒体正面宣传报道."""
    return tone == POSITIVE and is_city_or_above(level)


def counts_as_criticism(*, outcome: str, level: str) -> bool:
    """上级部门通报 (批评): every level, the county's 管委会 included."""
    return outcome == CRITICISM


def counts_as_commendation(*, outcome: str, level: str) -> bool:
    """上饶市级以上部门通报表扬."""
    return outcome == PRAISE and is_city_or_above(level)


# --- one centre's year -------------------------------------------------------------------------


@dataclass(frozen=True)
class CentreYearEffects:
    """What a centre's valid findings, press reports and bulletins of one year do to its score.

    Deductions and bonuses are positive numbers of points; ``net`` is bonuses minus deductions.
    """

    video_findings: int = 0  # findings counted (every valid one, 其他 included)
    video_points: Decimal = Decimal("0")  # their deductions before the floor
    video_deduction: Decimal = Decimal("0")  # at most VIDEO_INDICATOR_POINTS (扣完为止)
    criticisms: int = 0  # 上级部门通报批评
    exposures: int = 0  # 市级以上新闻媒体曝光
    exposure_deduction: Decimal = Decimal("0")  # 5 × (criticisms + exposures), not floored
    commendations: int = 0  # 上饶市级以上通报表扬
    commendation_bonus: Decimal = Decimal("0")  # at most BONUS_CAP
    positive_reports: int = 0  # 上饶市级以上正面宣传
    media_bonus: Decimal = Decimal("0")  # at most BONUS_CAP

    @property
    def video_floored(self) -> bool:
        return self.video_points > self.video_deduction

    @property
    def deduction(self) -> Decimal:
        return self.video_deduction + self.exposure_deduction

    @property
    def bonus(self) -> Decimal:
        return self.commendation_bonus + self.media_bonus

    @property
    def net(self) -> Decimal:
        return self.bonus - self.deduction

    @property
    def is_empty(self) -> bool:
        counts = (self.video_findings, self.criticisms, self.exposures, self.commendations, self.positive_reports)
        return not any(counts)


NO_EFFECTS = CentreYearEffects()


def centre_year_effects(
    *,
    findings: Iterable[Decimal | int | str],
    press: Iterable[tuple[str, str]],
    bulletins: Iterable[tuple[str, str]],
) -> CentreYearEffects:
    """One centre's year from its valid records (the caller filters centre, year and annulment):

    - ``findings``: the deduction stored on each video-monitoring finding;
    - ``press``: ``(tone, level)`` of each press report;
    - ``bulletins``: ``(outcome, level)`` of each bulletin.
    """
    points = [Decimal(value) for value in findings]
    video_points = sum(points, Decimal("0"))
    press = list(press)
    bulletins = list(bulletins)
    criticisms = sum(1 for outcome, level in bulletins if counts_as_criticism(outcome=outcome, level=level))
    commendations = sum(1 for outcome, level in bulletins if counts_as_commendation(outcome=outcome, level=level))
    exposures = sum(1 for tone, level in press if counts_as_exposure(tone=tone, level=level))
    positive = sum(1 for tone, level in press if counts_as_media_bonus(tone=tone, level=level))
    return CentreYearEffects(
        video_findings=len(points),
        video_points=video_points,
        video_deduction=min(video_points, VIDEO_INDICATOR_POINTS),
        criticisms=criticisms,
        exposures=exposures,
        exposure_deduction=EXPOSURE_POINTS * (criticisms + exposures),
        commendations=commendations,
        commendation_bonus=min(BONUS_POINTS * commendations, BONUS_CAP),
        positive_reports=positive,
        media_bonus=min(BONUS_POINTS * positive, BONUS_CAP),
    )

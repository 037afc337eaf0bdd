"""The rubric's deductions and bonuses (附件 运行监督情况, 加分项目), from a commented table."""

from decimal import Decimal

import pytest

from bianmin.supervision import models, rules_findings
from bianmin.supervision.rules_findings import centre_year_effects

D = Decimal


def test_it_keeps_the_table_in_step_with_the_models():
    assert set(rules_findings.FINDING_POINTS) == set(models.FindingKind.values)
    assert {str(level) for level in models.CITY_OR_ABOVE} == rules_findings.CITY_OR_ABOVE
    assert {rules_findings.PRAISE, rules_findings.CRITICISM} < set(models.BulletinOutcome.values)
    assert {rules_findings.POSITIVE, rules_findings.NEGATIVE} == set(models.Tone.values)


@pytest.mark.parametrize(
    ("kind", "points"),
    [
        ("absent", D(1)),  # 无故空岗,每人次扣1分
        ("unrelated", D(2)),  # 上班时间用电脑、手机做与工作无关事情 每次扣2分
        ("chatting", D(1)),  # 扎推聊天、吃零食等,每次扣1分
        ("other", D(0)),  # not in the rubric: recorded, no deduction
    ],
)
def test_it_gives_each_finding_the_rubric_deduction(kind, points):
    assert rules_findings.finding_deduction(kind) == points


def test_it_refuses_an_unknown_finding_kind():
    with pytest.raises(ValueError):
        rules_findings.finding_deduction("sleeping")


# (findings' deductions, press (tone, level), bulletins (outcome, level)) → the effect's numbers:
# (video deduction, exposure deduction, commendation bonus, media bonus, net)
TABLE = [
    # Nothing recorded: nothing changes.
    ([], [], [], (0, 0, 0, 0, 0)),
    # Three absences: 3 person-times, 1 point each.
    ([1, 1, 1], [], [], (3, 0, 0, 0, -3)),
    # 1 + 2 + 2 + 1 = 6 points of video findings: 扣完为止 floors them at the indicator's 5.
    ([1, 2, 2, 1], [], [], (5, 0, 0, 0, -5)),
    # 其他 carries 0: counted, no deduction.
    ([0], [], [], (0, 0, 0, 0, 0)),
    # A county-level 通报批评 (the 管委会 is a 上级部门): −5.
    ([], [], [("criticism", "county")], (0, 5, 0, 0, -5)),
    # Three 通报批评: 不限次, −15, beyond the indicator's 5 points.
    ([], [], [("criticism", "county"), ("criticism", "city"), ("criticism", "province")], (0, 15, 0, 0, -15)),
    # Negative coverage: a county paper costs nothing; 市级以上 exposure costs 5 each.
    ([], [("negative", "county")], [], (0, 0, 0, 0, 0)),
    ([], [("negative", "city"), ("negative", "national")], [], (0, 10, 0, 0, -10)),
    # 通报表扬: county level no bonus; 上饶市级以上 +5 each, at most +10.
    ([], [], [("praise", "county")], (0, 0, 0, 0, 0)),
    ([], [], [("praise", "city")], (0, 0, 5, 0, 5)),
    ([], [], [("praise", "city"), ("praise", "province")], (0, 0, 10, 0, 10)),
    ([], [], [("praise", "city"), ("praise", "city"), ("praise", "national")], (0, 0, 10, 0, 10)),
    # 正面宣传: county level no bonus; 上饶市级以上 +5 each, at most +10.
    ([], [("positive", "county"), ("positive", "city")], [], (0, 0, 0, 5, 5)),
    ([], [("positive", "city")] * 3, [], (0, 0, 0, 10, 10)),
    # Everything together: −5 video (floored from 7), −10 (one 通报批评, one exposure),
    # +10 commendations (capped), +5 media: net 0.
    (
        [2, 2, 2, 1],
        [("negative", "city"), ("positive", "province"), ("positive", "county")],
        [("criticism", "county"), ("praise", "city"), ("praise", "city"), ("praise", "city")],
        (5, 10, 10, 5, 0),
    ),
]


@pytest.mark.parametrize(("findings", "press", "bulletins", "expected"), TABLE)
def test_it_computes_a_centre_year_from_the_table(findings, press, bulletins, expected):
    effects = centre_year_effects(findings=[D(p) for p in findings], press=press, bulletins=bulletins)
    video, exposure, commendation, media, net = expected
    assert effects.video_deduction == video
    assert effects.exposure_deduction == exposure
    assert effects.commendation_bonus == commendation
    assert effects.media_bonus == media
    assert effects.net == net
    assert effects.deduction == video + exposure and effects.bonus == commendation + media


def test_it_counts_the_records_behind_the_numbers():
    effects = centre_year_effects(
        findings=[D(2), D(2), D(2)],
        press=[("negative", "county"), ("negative", "city"), ("positive", "city")],
        bulletins=[("praise", "county"), ("praise", "city"), ("criticism", "county")],
    )
    assert effects.video_findings == 3 and effects.video_points == 6 and effects.video_floored
    assert (effects.exposures, effects.positive_reports) == (1, 1)  # the county paper does not count
    assert (effects.criticisms, effects.commendations) == (1, 1)  # nor the county's praise
    assert not effects.is_empty and rules_findings.NO_EFFECTS.is_empty


def test_it_accepts_stored_deductions_as_strings_or_numbers():
    effects = centre_year_effects(findings=["1.0", 2, D("1")], press=[], bulletins=[])
    assert effects.video_deduction == 4 and not effects.video_floored

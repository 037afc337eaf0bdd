import pytest

from bianmin.catalogue.rules import GuideFacts, guide_errors, items_without_window, missing_disclosure


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        ({"handling_type": "immediate", "promised_limit_days": 0}, {}),
        (
            {"handling_type": "immediate", "promised_limit_days": 3},
            {"promised_limit_days": "即办件当场办结,承诺时限应填0。"},
        ),
        (
            {"handling_type": "promised", "promised_limit_days": 0},
            {"promised_limit_days": "承诺件的承诺时限至少为1个工作日。"},
        ),
        (
            {"handling_type": "promised", "promised_limit_days": 25, "statutory_limit_days": 20},
            {"promised_limit_days": "承诺时限不能超过法定时限(20个工作日)。"},
        ),
        ({"handling_type": "promised", "promised_limit_days": 20, "statutory_limit_days": 20}, {}),
        ({"is_free": True, "fees": "10元"}, {"fees": "已勾选“不收费”,收费标准应为空。"}),
    ],
)
def test_it_checks_that_a_guide_does_not_contradict_itself(kwargs, errors):
    values = {"handling_type": "promised", "statutory_limit_days": None, "promised_limit_days": 5}
    values |= {"is_free": True, "fees": ""} | kwargs
    assert guide_errors(**values) == errors


FULL = GuideFacts("依据", "流程", 2, "promised", 5, True, "", "")


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({}, []),
        ({"legal_basis": " "}, ["办理依据"]),
        ({"procedure": ""}, ["办理流程"]),
        ({"material_count": 0}, ["申报材料"]),
        ({"promised_limit_days": 0}, ["承诺时限"]),
        ({"handling_type": "immediate", "promised_limit_days": 0}, []),  # 当场办结 is a time limit
        ({"is_free": False, "fees": "10元"}, ["收费标准及依据"]),  # a fee needs its basis too
        ({"is_free": False, "fees": "10元", "fee_basis": "赣发改收费〔2018〕1号"}, []),
    ],
)
def test_it_lists_the_disclosure_items_a_guide_lacks(changes, missing):
    from dataclasses import replace

    assert missing_disclosure(replace(FULL, **changes)) == missing


def test_it_finds_authorized_items_without_a_window():
    missing = items_without_window(
        authorized_kinds=["民政所", "医疗保险服务站", "民政所"],
        items_by_kind={"民政所": ["MZ-2", "MZ-1"], "医疗保险服务站": ["YB-1"], "林业工作站": ["LY-1"]},
        items_with_window=["MZ-1"],
    )
    assert missing == ["MZ-2", "YB-1"]  # 林业 is not authorized to this centre: not its business

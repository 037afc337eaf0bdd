import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bianmin.core.logging import PersonalDataFilter
from bianmin.core.personal import (
    id_number_error,
    mask_id_number,
    mask_phone,
    phone_error,
    redact,
)

# GB 11643 examples: the check character is computed with ISO 7064 MOD 11-2.
VALID_ID = "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (VALID_ID, None),  # the standard's own example
        ("11010519491231002x", None),  # lower-case x is accepted and normalised
        ("110105194912310021", "身份证号码校验位不正确,请核对后重新输入。"),
        ("11010519491331002X", "身份证号码中的出生日期无效。"),  # month 13
        ("11010518001231002X", "身份证号码中的出生日期无效。"),  # before 1900
        ("1101051949123100", "身份证号码应为18位,前17位为数字,最后一位为数字或X。"),  # too short
        ("11010519491231002Y", "身份证号码应为18位,前17位为数字,最后一位为数字或X。"),
    ],
)
def test_it_validates_id_numbers(value, error):
    assert id_number_error(value) == error


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("13800138000", True),
        ("199 0000 1234", True),  # spaces are ignored
        ("0793-2221234", True),
        ("07932221234", True),
        ("010-12345678-801", True),  # with extension
        ("12800138000", False),  # no mobile prefix 12
        ("1380013800", False),  # 10 digits
        ("2221234", False),  # landline without area code
        ("电话", False),
    ],
)
def test_it_validates_phones(value, ok):
    assert (phone_error(value) is None) is ok


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (VALID_ID, "110***********002X"),
        ("13800138000", "138****8000"),
        ("0793-2221234", "0793-***1234"),
    ],
)
def test_it_masks_personal_data(value, masked):
    mask = mask_id_number if len(value) == 18 else mask_phone
    assert mask(value) == masked


@given(st.from_regex(r"1[3-9]\d{9}", fullmatch=True))
def test_it_never_shows_the_middle_of_a_mobile(phone):
    masked = mask_phone(phone)
    assert masked[3:7] == "****" and len(masked) == len(phone)


def test_it_redacts_personal_data_in_free_text():
    text = f"申请人身份证 {VALID_ID},手机 13800138000,窗口 3 号"
    assert redact(text) == "申请人身份证 110***********002X,手机 138****8000,窗口 3 号"


def test_it_keeps_personal_data_out_of_log_records(caplog):
    logger = logging.getLogger("bianmin.test")
    logger.addFilter(PersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="bianmin.test"):
        logger.info("受理 %s 的申请,电话 %s", VALID_ID, "13800138000")
    assert VALID_ID not in caplog.text
    assert "13800138000" not in caplog.text
    assert "110***********002X" in caplog.text

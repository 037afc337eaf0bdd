import logging

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from bianmin.core.logging import PersonalDataFilter
from bianmin.core.personal import (
    ID_TYPE_LABELS,
    ID_TYPES,
    id_document_error,
    id_number_error,
    mask_id_document,
    mask_id_number,
    mask_phone,
    normalize_id_document,
    phone_error,
    redact,
)
from bianmin.core.validators import validate_id_document

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
    ("value", "masked"),
    [
        ("361102198001010014", "3611**********0014"),  # 18 characters: first 4 and last 4 kept
        ("11010519491231002x", "1101**********002X"),  # normalised (upper-case X) before masking
        ("110105491231002", "110*********002"),  # old 15-digit number: 3 and 3, so at least half is hidden
        ("1101051949", "11******49"),  # 10 characters: 2 and 2, so at least half is hidden
        ("110105194", "11*****94"),  # 9 characters: 2 and 2
        ("11010519", "********"),  # 8 characters or fewer: all stars
        ("110", "***"),  # short: all stars
        ("", ""),  # empty stays empty
    ],
)
def test_it_masks_id_numbers_keeping_four_at_each_end(value, masked):
    assert mask_id_number(value) == masked


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
        (VALID_ID, "1101**********002X"),
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
    assert redact(text) == "申请人身份证 1101**********002X,手机 138****8000,窗口 3 号"


def test_it_redacts_every_id_number_in_text():
    text = "甲 361102198001010014、乙 11010519491231002x"
    assert redact(text) == "甲 3611**********0014、乙 1101**********002X"


def test_it_keeps_personal_data_out_of_log_records(caplog):
    logger = logging.getLogger("bianmin.test")
    logger.addFilter(PersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="bianmin.test"):
        logger.info("受理 %s 的申请,电话 %s", VALID_ID, "13800138000")
    assert VALID_ID not in caplog.text
    assert "13800138000" not in caplog.text
    assert "1101**********002X" in caplog.text


def test_it_lists_the_id_document_types_with_chinese_labels():
    assert [code for code, _ in ID_TYPES] == [
        "resident",
        "hk_macao",
        "taiwan",
        "residence_hmt",
        "passport",
        "foreign_permanent",
        "other",
    ]
    assert ID_TYPE_LABELS["resident"] == "居民身份证"
    assert ID_TYPE_LABELS["hk_macao"] == "港澳居民来往内地通行证"
    assert ID_TYPE_LABELS["taiwan"] == "台湾居民来往大陆通行证"
    assert ID_TYPE_LABELS["residence_hmt"] == "港澳台居民居住证"
    assert ID_TYPE_LABELS["passport"] == "护照"
    assert ID_TYPE_LABELS["foreign_permanent"] == "外国人永久居留身份证"
    assert ID_TYPE_LABELS["other"] == "其他有效证件"


HK_MACAO_ERROR = "港澳居民来往内地通行证号码应为字母H或M开头,后接8位或10位数字。"
TAIWAN_ERROR = "台湾居民来往大陆通行证号码应为8位数字(或10位数字)。"
HMT_SHAPE_ERROR = "港澳台居民居住证号码应为18位,以810000(香港)、820000(澳门)或830000(台湾)开头。"
HMT_CHECK_ERROR = "港澳台居民居住证号码校验位不正确,请核对后重新输入。"
PASSPORT_ERROR = "护照号码应为5至17位字母或数字。"
FOREIGN_SHAPE_ERROR = "外国人永久居留身份证号码应为15位字母或数字(旧版),或以9开头的18位号码(新版)。"
FOREIGN_CHECK_ERROR = "外国人永久居留身份证号码校验位不正确,请核对后重新输入。"
OTHER_ERROR = "证件号码应为2至30个字符,且不能全为空格或含有无法显示的字符。"


@pytest.mark.parametrize(
    ("id_type", "value", "error"),
    [
        # 居民身份证: the GB 11643 check of id_number_error
        ("resident", VALID_ID, None),  # the standard's own example
        ("resident", "１１０１０５１９４９１２３１００２ｘ", None),  # full-width input is normalised first
        ("resident", "110105194912310021", "身份证号码校验位不正确,请核对后重新输入。"),  # wrong check digit
        ("resident", "H12345678", "身份证号码应为18位,前17位为数字,最后一位为数字或X。"),  # a permit number
        # 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) and 8 or 10 digits
        ("hk_macao", "H12345678", None),  # Hong Kong, 8 digits
        ("hk_macao", "m1234567890", None),  # Macao, 10 digits, lower case accepted
        ("hk_macao", "H 1234 5678", None),  # spaces are ignored
        ("hk_macao", "H123456789", HK_MACAO_ERROR),  # 9 digits
        ("hk_macao", "K12345678", HK_MACAO_ERROR),  # neither H nor M
        ("hk_macao", "12345678", HK_MACAO_ERROR),  # no letter
        # 台湾居民来往大陆通行证: 8 digits, older cards 10
        ("taiwan", "12345678", None),  # current 8-digit card
        ("taiwan", "1234567890", None),  # older 10-digit number
        ("taiwan", "123456789", TAIWAN_ERROR),  # 9 digits
        ("taiwan", "T1234567", TAIWAN_ERROR),  # letters are not allowed
        ("taiwan", "１２３４５６７８", None),  # full-width digits are converted
        # 港澳台居民居住证: 18 characters, region 810000/820000/830000, GB 11643 check digit
        ("residence_hmt", "810000199001011230", None),  # Hong Kong
        ("residence_hmt", "820000198512314564", None),  # Macao
        ("residence_hmt", "830000200002297890", None),  # Taiwan
        ("residence_hmt", "830000200002297891", HMT_CHECK_ERROR),  # last digit changed
        ("residence_hmt", "361102198001010014", HMT_SHAPE_ERROR),  # a mainland resident ID number
        ("residence_hmt", "81000019900101123", HMT_SHAPE_ERROR),  # 17 characters
        # 护照: 5 to 17 letters or digits
        ("passport", "E12345678", None),  # Chinese passport
        ("passport", "ab123", None),  # 5 characters, lower case accepted
        ("passport", "A" * 17, None),  # 17 characters
        ("passport", "A123", PASSPORT_ERROR),  # 4 characters
        ("passport", "A" * 18, PASSPORT_ERROR),  # 18 characters
        ("passport", "E1234-5678", PASSPORT_ERROR),  # punctuation
        # 外国人永久居留身份证: old 15 letters or digits, new 18 starting with 9 and a check digit
        ("foreign_permanent", "USA123456789012", None),  # old card: 15 letters or digits
        ("foreign_permanent", "933156199001010016", None),  # new card (2023)
        ("foreign_permanent", "933156199001010017", FOREIGN_CHECK_ERROR),  # new card, wrong check digit
        ("foreign_permanent", "361102198001010014", FOREIGN_SHAPE_ERROR),  # 18 characters not starting with 9
        ("foreign_permanent", "USA12345678901", FOREIGN_SHAPE_ERROR),  # 14 characters
        # 其他有效证件: 2 to 30 printable characters
        ("other", "军字第123456号", None),  # Chinese characters are printable
        ("other", "AB", None),  # 2 characters
        ("other", "A" * 30, None),  # 30 characters
        ("other", "A", OTHER_ERROR),  # 1 character
        ("other", "A" * 31, OTHER_ERROR),  # 31 characters
        ("other", "   \u3000 ", OTHER_ERROR),  # only (half- and full-width) spaces
        ("other", "AB\x00CD", OTHER_ERROR),  # a control character
        # unknown types
        ("driving_licence", "12345678", "证件类型无效。"),  # not in ID_TYPES
        ("", "12345678", "证件类型无效。"),  # no type chosen
    ],
)
def test_it_validates_id_documents_by_type(id_type, value, error):
    assert id_document_error(id_type, value) == error


@pytest.mark.parametrize(
    ("id_type", "value", "normalised"),
    [
        ("hk_macao", " h1234 5678 ", "H12345678"),  # upper case, spaces removed
        ("passport", "ｅ１２３４５６７８", "E12345678"),  # full-width letters and digits to ASCII
        ("resident", "11010519491231002x", VALID_ID),  # same as normalize_id_number
        ("other", "军字 第123号", "军字第123号"),  # inner spaces removed too
    ],
)
def test_it_normalises_id_documents(id_type, value, normalised):
    assert normalize_id_document(id_type, value) == normalised


@pytest.mark.parametrize(
    ("id_type", "value", "masked"),
    [
        ("resident", "361102198001010014", "3611**********0014"),  # mask_id_number
        ("resident", "3611", "****"),  # short resident values are all stars
        ("residence_hmt", "810000199001011230", "8100**********1230"),  # 18 characters: like a resident ID
        ("foreign_permanent", "933156199001010016", "9331**********0016"),  # new card: like a resident ID
        ("foreign_permanent", "USA123456789012", "US***********12"),  # old 15-character card: 2 and 2
        ("hk_macao", "h12345678", "H1*****78"),  # upper-cased, first 2 and last 2 kept
        ("taiwan", "12345678", "12****78"),  # 8 characters: exactly half hidden
        ("passport", "E1234", "E***4"),  # 5 characters: 1 and 1, so more than half hidden
        ("passport", "E123456", "E*****6"),  # 7 characters: 1 and 1
        ("other", "ABCD", "****"),  # 4 characters or fewer: all stars
        ("other", "", ""),  # empty stays empty
        ("unknown", "ABCDEFGH", "AB****GH"),  # unknown types are still masked
    ],
)
def test_it_masks_id_documents_by_type(id_type, value, masked):
    assert mask_id_document(id_type, value) == masked


@given(st.sampled_from([code for code, _ in ID_TYPES]), st.from_regex(r"[A-Z0-9]{0,30}", fullmatch=True))
def test_it_hides_at_least_half_of_any_document_number(id_type, value):
    masked = mask_id_document(id_type, value)
    assert len(masked) == len(value)
    assert masked.count("*") * 2 >= len(value)


def test_it_raises_a_validation_error_for_a_bad_document():
    validate_id_document("passport", "E12345678")
    with pytest.raises(ValidationError) as raised:
        validate_id_document("taiwan", "T1234567")
    assert raised.value.messages == [TAIWAN_ERROR]
    assert raised.value.code == "invalid_id_document"


def test_it_masks_documents_in_templates():
    template = Template("{% load bianmin %}{{ number|masked_document:id_type }}|{{ blank|masked_document:id_type }}")
    html = template.render(Context({"number": "H12345678", "id_type": "hk_macao", "blank": ""}))
    assert html == "H1*****78|"

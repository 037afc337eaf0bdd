"""Validation and masking of personal data: ID documents and phone numbers.

Resident ID numbers follow GB 11643-1999 (18 characters: 6-digit region code, 8-digit birth date,
3-digit sequence, ISO 7064 MOD 11-2 check character). Other ID documents (permits for Hong Kong,
Macao and Taiwan residents, passports, foreigners' permanent residence cards...) are listed in
``ID_TYPES`` and checked by ``id_document_error``. Phones are mainland mobile numbers
(11 digits starting 1[3-9]) or landlines with an area code (0xx(x)-xxxxxxx(x), optional extension).
Masked forms are what screens, exports and logs show where the full value is not needed.

Pure module: no ORM, so the rules stay type-checked and testable without a database.
"""

import re
import unicodedata
from collections.abc import Callable
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalize_id_number(value: str) -> str:
    """Full-width characters to ASCII (NFKC), whitespace removed, upper case: x -> X."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()


def id_number_error(value: str) -> str | None:
    """Return a Chinese error message, or None when ``value`` is a valid 18-character ID number."""
    number = normalize_id_number(value)
    if not _ID_SHAPE.match(number):
        return "身份证号码应为18位,前17位为数字,最后一位为数字或X。"
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "身份证号码中的出生日期无效。"
    if birth.year < 1900 or birth > date.today():
        return "身份证号码中的出生日期无效。"
    if not _check_character_ok(number):
        return "身份证号码校验位不正确,请核对后重新输入。"
    return None


def _check_character_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2 over the first 17 digits of an 18-character ``number`` of shape _ID_SHAPE."""
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17]


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s()()]", "", value.strip()).replace("—", "-").replace("－", "-")


def phone_error(value: str) -> str | None:
    """Return a Chinese error message, or None for a valid mobile or landline number."""
    phone = normalize_phone(value)
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return None
    return "请输入有效的电话号码:11位手机号,或带区号的固定电话(如 0793-2221234)。"


def mask_id_number(value: str) -> str:
    """Keep the first 4 and the last 4 characters of an ID number: 3611**********123X.

    Same length as the normalised number. 8 characters or fewer are all stars; between 9 and 15
    characters fewer are kept (a quarter at each end) so that at least half is always hidden.
    """
    number = normalize_id_number(value)
    if len(number) <= 8:
        return "*" * len(number)
    return _keep_ends(number, min(4, len(number) // 4))


def _keep_ends(value: str, keep: int) -> str:
    """``keep`` characters at each end, stars in between (same length)."""
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


def mask_phone(value: str) -> str:
    """Mobile: 138****5678. Landline: area code and last 4 digits (0793-****1234)."""
    phone = normalize_phone(value)
    if _MOBILE.match(phone):
        return phone[:3] + "****" + phone[-4:]
    digits = phone.split("-", 1)
    if len(digits) == 2 and len(digits[1]) > 4:
        return digits[0] + "-" + "*" * (len(digits[1]) - 4) + digits[1][-4:]
    if len(phone) > 4:
        return "*" * (len(phone) - 4) + phone[-4:]
    return "*" * len(phone)


_ID_IN_TEXT = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def redact(text: str) -> str:
    """Mask every ID number and mobile number found in free text (used by the log filter)."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)


def mask_phone_for_audit(value: str) -> str:
    """The audit log's mask (AUDITLOG_MASK_CALLABLE): an empty or missing phone stays empty."""
    if value in ("", "None"):
        return ""
    return mask_phone(value)


# ID documents. The codes are what is stored; the labels are what users see.
ID_TYPES: tuple[tuple[str, str], ...] = (
    ("resident", "居民身份证"),
    ("hk_macao", "港澳居民来往内地通行证"),
    ("taiwan", "台湾居民来往大陆通行证"),
    ("residence_hmt", "港澳台居民居住证"),
    ("passport", "护照"),
    ("foreign_permanent", "外国人永久居留身份证"),
    ("other", "其他有效证件"),
)
ID_TYPE_LABELS: dict[str, str] = dict(ID_TYPES)

_HK_MACAO = re.compile(r"^[HM](?:[0-9]{8}|[0-9]{10})$")
_TAIWAN = re.compile(r"^(?:[0-9]{8}|[0-9]{10})$")
_HMT_REGIONS = ("810000", "820000", "830000")  # Hong Kong, Macao, Taiwan
_PASSPORT = re.compile(r"^[A-Z0-9]{5,17}$")
_FOREIGN_OLD = re.compile(r"^[A-Z0-9]{15}$")
# Types whose 18-character numbers share the resident ID layout, so they are masked the same way.
_MASKED_LIKE_RESIDENT = ("residence_hmt", "foreign_permanent")


def normalize_id_document(id_type: str, value: str) -> str:
    """Full-width characters to ASCII, whitespace removed, upper case (the same for every ``id_type``)."""
    return normalize_id_number(value)


def _hk_macao_error(number: str) -> str | None:
    if _HK_MACAO.match(number):
        return None
    return "港澳居民来往内地通行证号码应为字母H或M开头,后接8位或10位数字。"


def _taiwan_error(number: str) -> str | None:
    if _TAIWAN.match(number):
        return None
    return "台湾居民来往大陆通行证号码应为8位数字(或10位数字)。"


def _residence_hmt_error(number: str) -> str | None:
    if not (_ID_SHAPE.match(number) and number.startswith(_HMT_REGIONS)):
        return "港澳台居民居住证号码应为18位,以810000(香港)、820000(澳门)或830000(台湾)开头。"
    if not _check_character_ok(number):
        return "港澳台居民居住证号码校验位不正确,请核对后重新输入。"
    return None


def _passport_error(number: str) -> str | None:
    if _PASSPORT.match(number):
        return None
    return "护照号码应为5至17位字母或数字。"


def _foreign_permanent_error(number: str) -> str | None:
    if _FOREIGN_OLD.match(number):
        return None
    if _ID_SHAPE.match(number) and number.startswith("9"):
        if _check_character_ok(number):
            return None
        return "外国人永久居留身份证号码校验位不正确,请核对后重新输入。"
    return "外国人永久居留身份证号码应为15位字母或数字(旧版),或以9开头的18位号码(新版)。"


def _other_error(number: str) -> str | None:
    if 2 <= len(number) <= 30 and number.isprintable():
        return None
    return "证件号码应为2至30个字符,且不能全为空格或含有无法显示的字符。"


_DOCUMENT_CHECKS: dict[str, Callable[[str], str | None]] = {
    "resident": id_number_error,
    "hk_macao": _hk_macao_error,
    "taiwan": _taiwan_error,
    "residence_hmt": _residence_hmt_error,
    "passport": _passport_error,
    "foreign_permanent": _foreign_permanent_error,
    "other": _other_error,
}


def id_document_error(id_type: str, value: str) -> str | None:
    """Return a Chinese error message, or None when ``value`` is a valid number for ``id_type``."""
    check = _DOCUMENT_CHECKS.get(id_type)
    if check is None:
        return "证件类型无效。"
    return check(normalize_id_document(id_type, value))


def mask_id_document(id_type: str, value: str) -> str:
    """Masked document number, same length as the normalised value.

    Resident ID numbers, and 18-character residence permits and permanent residence cards, use
    ``mask_id_number`` (3611**********123X). Other numbers keep the first 2 and last 2 characters
    (H1******78), fewer for short values so that at least half is hidden; 4 characters or fewer
    are all stars. Unknown types are masked the same way, never shown.
    """
    number = normalize_id_document(id_type, value)
    if id_type == "resident" or (id_type in _MASKED_LIKE_RESIDENT and len(number) == 18):
        return mask_id_number(number)
    if len(number) <= 4:
        return "*" * len(number)
    return _keep_ends(number, min(2, len(number) // 4))


# Names and free text. A person's name may use any CJK ideograph, the rare ones included (𠀀, 䶮,
# 𪚥 are real names' characters: extension A and B and later), the interpunct of minority and
# foreign names (阿卜杜·热合曼), and Latin letters; emoji, digits and symbols are not names.
_NAME_CHAR = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"  # CJK ideographs, A–H, compatibility
    r"A-Za-z\u00c0-\u024f"  # Latin letters (Pinyin tone marks, foreign names)
    r"·•・‧ .'\-]"  # interpuncts (U+00B7, U+2022, U+30FB, U+2027), space, period, apostrophe, hyphen
)
# Control and invisible format characters (C0 but tab and line breaks, DEL, C1, zero-width,
# bidirectional overrides, BOM): never typed, they hide text or reorder what a reader sees.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def control_character_error(value: str) -> str | None:
    if _CONTROL.search(value):
        return "不能包含控制字符或不可见的格式字符(常见于从其他软件复制的文字),请删除后重新填写。"
    return None


def person_name_error(value: str) -> str | None:
    """A Chinese error message, or None when ``value`` (already stripped) can be a person's name."""
    name = unicodedata.normalize("NFC", value)
    if not name:
        return "请填写姓名。"
    if not all(_NAME_CHAR.fullmatch(char) for char in name):
        return "姓名只能包含汉字、英文字母、间隔号“·”和空格。"
    if not any(char.isalpha() for char in name):
        return "请填写姓名。"
    return None

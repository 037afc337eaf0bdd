"""Validation and masking of personal data: resident ID numbers and phone numbers.

ID numbers follow GB 11643-1999 (18 characters: 6-digit region code, 8-digit birth date,
3-digit sequence, ISO 7064 MOD 11-2 check character). Phones are mainland mobile numbers
(11 digits starting 1[3-9]) or landlines with an area code (0xx(x)-xxxxxxx(x), optional extension).
Masked forms are what screens, exports and logs show where the full value is not needed.
"""

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalize_id_number(value: str) -> str:
    return value.strip().replace(" ", "").upper()


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
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17]:
        return "身份证号码校验位不正确,请核对后重新输入。"
    return None


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s()()]", "", value.strip()).replace("—", "-").replace("－", "-")


def phone_error(value: str) -> str | None:
    """Return a Chinese error message, or None for a valid mobile or landline number."""
    phone = normalize_phone(value)
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return None
    return "请输入有效的电话号码:11位手机号,或带区号的固定电话(如 0793-2221234)。"


def mask_id_number(value: str) -> str:
    """Keep the first 3 and the last 4 characters: 361***********123X."""
    number = normalize_id_number(value)
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


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

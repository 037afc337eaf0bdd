"""Dates and times in requests exactly as the schema declares them (``format: date`` /
``date-time``): ISO 8601 text. Pydantic alone also takes a number, or a numeric string, as a Unix
time ("0", "-1.6e-226" → 1970-01-01), which the OpenAPI schema does not allow and a client would not
mean; such input gets a 422 with a Chinese message."""

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BeforeValidator

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _iso_text(pattern: re.Pattern, message: str):
    def check(value: object) -> object:
        if isinstance(value, date):  # already parsed (a datetime is a date too)
            return value
        if not isinstance(value, str) or not pattern.match(value):
            raise ValueError(message)
        return value

    return check


IsoDate = Annotated[date, BeforeValidator(_iso_text(ISO_DATE, "日期格式应为 YYYY-MM-DD,如 2026-01-05"))]
IsoDateTime = Annotated[
    datetime, BeforeValidator(_iso_text(ISO_DATETIME, "时间格式应为 ISO 8601,如 2026-01-05T09:00:00+08:00"))
]

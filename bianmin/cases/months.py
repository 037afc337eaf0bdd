"""A calendar month of the county (ledgers, monthly reports): parsing what people type, labels,
and its bounds in local time. Pure: no ORM, no settings."""

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

_MONTH = re.compile(r"^\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?\s*$")
MONTH_FORMAT_ERROR = "月份格式应为“年-月”,如 2026-11。"


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> "Month":
        """``2026-11`` (also 2026/11, 2026.11, 2026年11月); ValueError with a Chinese message otherwise."""
        found = _MONTH.match(text or "")
        if not found:
            raise ValueError(MONTH_FORMAT_ERROR)
        year, month = int(found.group(1)), int(found.group(2))
        if not 1 <= month <= 12:
            raise ValueError("月份应在1到12之间。")
        if not 2000 <= year <= 2099:
            raise ValueError("年份应在2000到2099之间。")
        return cls(year, month)

    @property
    def param(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    def next(self) -> "Month":
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> "Month":
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """[first moment of the month, first moment of the next) in ``tz`` (the county's local time)."""
        following = self.next()
        return (
            datetime(self.year, self.month, 1, tzinfo=tz),
            datetime(following.year, following.month, 1, tzinfo=tz),
        )

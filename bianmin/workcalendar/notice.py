"""Reading a year's schedule typed from the State Council notice, one line per entry:

    2027-01-01 放假 元旦
    2027-02-05 至 2027-02-11 放假 春节
    2027-02-14 上班 春节调休

A range may be written with 至, ~, -- or ..; the kind is 放假/休 (rest) or 上班/班 (adjusted
working day); the name is the rest of the line. Errors name the line, in Chinese.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

KINDS = {"放假": "rest", "休": "rest", "休息": "rest", "上班": "work", "班": "work", "调休上班": "work"}
_LINE = re.compile(
    r"^(?P<start>\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|~|～|--|\.\.)\s*(?P<end>\d{4}-\d{1,2}-\d{1,2}))?"
    r"\s+(?P<kind>\S+)\s*(?P<name>.*)$"
)


@dataclass(frozen=True)
class Entry:
    day: date
    kind: str
    name: str


def _date(text: str) -> date:
    year, month, day = (int(part) for part in text.split("-"))
    return date(year, month, day)


def parse_notice(text: str, year: int) -> tuple[list[Entry], list[str]]:
    entries: list[Entry] = []
    errors: list[str] = []
    seen: dict[date, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            errors.append(
                f"第{number}行:格式应为“日期 [至 日期] 放假/上班 名称”,如“{year}-10-01 至 {year}-10-07 放假 国庆节”。"
            )
            continue
        try:
            start = _date(match["start"])
            end = _date(match["end"]) if match["end"] else start
        except ValueError:
            errors.append(f"第{number}行:日期无效。")
            continue
        kind = KINDS.get(match["kind"])
        if kind is None:
            errors.append(f"第{number}行:类型“{match['kind']}”无法识别,请写“放假”或“上班”。")
            continue
        if end < start:
            errors.append(f"第{number}行:结束日期早于开始日期。")
            continue
        if start.year != year or end.year != year:
            errors.append(f"第{number}行:日期不在{year}年内。")
            continue
        name = match["name"].strip() or ("调休上班" if kind == "work" else "放假")
        day = start
        while day <= end:
            if day in seen:
                errors.append(f"第{number}行:{day:%Y-%m-%d} 与第{seen[day]}行重复。")
            else:
                seen[day] = number
                if kind == "work" and day.weekday() < 5:
                    errors.append(f"第{number}行:{day:%Y-%m-%d} 是工作日,无需登记为调休上班。")
                else:
                    entries.append(Entry(day, kind, name))
            day += timedelta(days=1)
    return entries, errors


def missing_statutory_days(entries: list[Entry], statutory: dict[date, str]) -> list[str]:
    """Statutory holidays (the law fixes them) that the entered schedule does not give as rest days.

    A State Council notice always contains them, so a gap means the notice was typed incompletely.
    """
    rest = {entry.day for entry in entries if entry.kind == "rest"}
    return [f"{day:%Y-%m-%d} {name}" for day, name in sorted(statutory.items()) if day not in rest]

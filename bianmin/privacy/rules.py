"""Pure rules of personal-data retention (《个人信息保护法》第19条: no longer than needed).

A record is anonymised, not deleted: the case, its dates, item, centre, window, status and history
stay (they are the statistics, the ledger and the legal record of what the office did); what names,
identifies or reaches a person goes (name, ID document, phone, address, and the scans).
"""

from datetime import date, datetime
from typing import Any

ANONYMISED = "(已匿名)"

# The keys of a notice's snapshot (cases.notices.snapshot) that name or reach a person.
NOTICE_NAME_KEYS = ("applicant",)
NOTICE_CLEARED_KEYS = ("id_number", "phone", "agent_name", "agent_phone")


def retention_cutoff(now: datetime, years: int) -> datetime:
    """The same wall-clock moment ``years`` calendar years before ``now`` (29 Feb → 28 Feb).

    Records closed before it are past their keeping period."""
    if years < 1:
        raise ValueError("保存期限至少为 1 年")
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February in a year that has none
        return now.replace(year=now.year - years, day=28)


def cutoff_day(cutoff: datetime) -> date:
    return cutoff.date()


def redact_notice_data(data: dict[str, Any]) -> dict[str, Any]:
    """A notice's snapshot without the person: the name replaced, numbers and phones emptied."""
    redacted = dict(data)
    for key in NOTICE_NAME_KEYS:
        if redacted.get(key):
            redacted[key] = ANONYMISED
    for key in NOTICE_CLEARED_KEYS:
        if key in redacted:
            redacted[key] = ""
    redacted["anonymised"] = True
    return redacted

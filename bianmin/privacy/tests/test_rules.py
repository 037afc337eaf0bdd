"""The pure retention rules, from a table."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bianmin.privacy.rules import ANONYMISED, redact_notice_data, retention_cutoff

CHINA = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("now", "years", "cutoff"),
    [
        # same wall-clock moment, N calendar years back
        (datetime(2036, 6, 1, 9, 30, tzinfo=CHINA), 10, datetime(2026, 6, 1, 9, 30, tzinfo=CHINA)),
        (datetime(2027, 1, 1, 0, 0, tzinfo=CHINA), 1, datetime(2026, 1, 1, 0, 0, tzinfo=CHINA)),
        # 29 February has no twin in a common year: the day before is used
        (datetime(2028, 2, 29, 12, 0, tzinfo=CHINA), 3, datetime(2025, 2, 28, 12, 0, tzinfo=CHINA)),
        (datetime(2028, 2, 29, 12, 0, tzinfo=CHINA), 4, datetime(2024, 2, 29, 12, 0, tzinfo=CHINA)),
    ],
)
def test_it_counts_the_keeping_period_in_calendar_years(now, years, cutoff):
    assert retention_cutoff(now, years) == cutoff


@pytest.mark.parametrize("years", [0, -1])
def test_it_refuses_a_period_shorter_than_a_year(years):
    with pytest.raises(ValueError, match="至少为 1 年"):
        retention_cutoff(datetime(2030, 1, 1, tzinfo=CHINA), years)


def test_it_redacts_the_person_from_a_notice_snapshot_and_keeps_the_rest():
    data = {
        "applicant": "张三",
        "id_number": "3611**********0016",
        "phone": "138****5678",
        "agent_name": "李四",
        "agent_phone": "139****0000",
        "item": "最低生活保障",
        "receipt_number": "361123100-2026-000001",
        "centre_phone": "0793-2222222",
    }
    redacted = redact_notice_data(data)
    assert redacted["applicant"] == ANONYMISED
    assert redacted["id_number"] == redacted["phone"] == redacted["agent_name"] == redacted["agent_phone"] == ""
    assert redacted["item"] == "最低生活保障"
    assert redacted["receipt_number"] == "361123100-2026-000001"
    assert redacted["centre_phone"] == "0793-2222222"  # the office's phone is not personal data
    assert redacted["anonymised"] is True
    assert data["applicant"] == "张三"  # the input is not changed

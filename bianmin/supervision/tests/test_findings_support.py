"""Builders shared by the tests of the inspections, findings, press and bulletin registers (no tests
here). Records go through ``services_findings`` with explicit moments, like the demo data."""

import io
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from bianmin.core.roles import Role
from bianmin.org.models import Staff
from bianmin.supervision import services_findings as services
from bianmin.supervision.tests.helpers import china

# A Monday in June 2026, 10:00 in Yushan: records placed "now" in the service tests.
NOW = china(2026, 6, 15, 10)


def admin(county) -> Staff:
    return county.users[Role.COUNTY_ADMIN].staff


def inspector(county) -> Staff:
    return county.users[Role.INSPECTOR].staff


def earlier(at: datetime | None, hours: int = 1) -> datetime:
    return (at or timezone.now()) - timedelta(hours=hours)


def inspection(county, *, actor=None, centre=None, at=None, **changes):
    values = {
        "kind": "unannounced",
        "inspector_kind": "social",
        "inspector_name": "社会监督员 李明",
        "inspected_at": earlier(at, 2),
        "attitude": "good",
        "charging": "problem",
        "findings": "收费公示栏未更新。",
    }
    values.update(changes)
    return services.inspection_record(
        actor=actor or inspector(county), centre=centre or county.centre_a, at=at, **values
    )


def finding(county, *, actor=None, centre=None, at=None, **changes):
    values = {
        "kind": "absent",
        "staff": county.clerk_a,
        "window": county.window_a,
        "observed_at": earlier(at),
        "description": "10:05–10:40 窗口无人,未放置暂停服务牌。",
    }
    values.update(changes)
    return services.finding_record(actor=actor or inspector(county), centre=centre or county.centre_a, at=at, **values)


def press(county, *, actor=None, centre=None, at=None, **changes):
    values = {
        "tone": "positive",
        "level": "city",
        "outlet": "上饶日报",
        "title": "甲镇便民服务中心:群众办事“只跑一次”",
        "published_on": timezone.localdate(earlier(at, 24)),
    }
    values.update(changes)
    return services.press_record(actor=actor or admin(county), centre=centre or county.centre_a, at=at, **values)


def bulletin(county, *, actor=None, centre=None, at=None, **changes):
    values = {
        "outcome": "praise",
        "level": "city",
        "issuer": "上饶市行政审批局",
        "title": "关于表扬便民服务工作先进单位的通报",
        "issued_on": timezone.localdate(earlier(at, 24)),
    }
    values.update(changes)
    return services.bulletin_record(actor=actor or admin(county), centre=centre or county.centre_a, at=at, **values)


def png_upload(name="截图.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

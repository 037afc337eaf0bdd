"""Shared set-up of the workflow page tests (not a test module itself: no test functions here).

The clock is frozen at 2026-11-20 10:00 (Asia/Shanghai) for the views (``timezone.now``); last year
(2025) is opened, fully scored and published, this year (2026) is opened and left to score.
"""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from bianmin.assessment import services
from bianmin.assessment.models import Score
from bianmin.assessment.scoring import Rule

CHINA = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=CHINA)
LAST_YEAR_AT = datetime(2025, 12, 30, 10, 0, tzinfo=CHINA)


def freeze(monkeypatch, at: datetime = NOW) -> None:
    monkeypatch.setattr(timezone, "now", lambda: at)


def score_everything(assessment, actor, at=NOW) -> None:
    for score in Score.objects.filter(sheet__assessment=assessment, value__isnull=True).select_related("item"):
        services.score_set(score=score, value=score.item.points, note="", actor=actor, at=at)


def open_and_publish(year: int, actor, at=LAST_YEAR_AT):
    assessment = services.assessment_open(year=year, actor=actor, at=at)
    score_everything(assessment, actor, at)
    return services.assessment_publish(assessment=assessment, actor=actor, at=at)


def manual_score(sheet) -> Score:
    """An on-site checklist item of 2 points, not yet scored (单位领导重视's first line)."""
    return (
        Score.objects.filter(sheet=sheet, item__source="", item__indicator__rule=Rule.CHECKLIST, value__isnull=True)
        .select_related("item")
        .order_by("item__indicator__section__position", "item__indicator__position", "item__position")
        .first()
    )


def auto_points_score(sheet) -> Score:
    """An automatic checklist item (points, not a count) worth at least 1 point."""
    return (
        Score.objects.filter(sheet=sheet, item__indicator__rule=Rule.CHECKLIST, item__points__gte=1)
        .exclude(item__source="")
        .select_related("item")
        .order_by("pk")
        .first()
    )


def png_upload(name="现场照片.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 12), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

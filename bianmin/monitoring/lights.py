"""Electronic monitoring (电子监察, plan 五(一)) as plain values: what a light is, which kinds there
are, and the deadline rule shared by the kinds that have a deadline day. Pure: no ORM, no settings.

A light is red when something is late (a case past its promised time, a rectification or complaint
past its deadline, a report not submitted by the 5th, a working day without a centre log, a person
absent without leave) and yellow when it is about to be (due today or on the next working day).
Each light carries a stable ``key`` — the same late thing gives the same key on every run — so the
``monitor`` command can tell which lights are new since its last run.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models


class Colour(models.TextChoices):
    RED = "red", "红灯"
    YELLOW = "yellow", "黄灯"


class Kind(models.TextChoices):
    CASE = "case", "办件超期"
    RECTIFICATION = "rectification", "差评整改"
    COMPLAINT = "complaint", "投诉举报办理"
    INSPECTION = "inspection", "督查整改"
    REPORT = "report", "月度信息报送"
    LOG = "log", "中心运行日志"
    ABSENCE = "absence", "无故缺勤"
    QUEUE = "queue", "排队等候超时"


# What each kind's red and yellow mean, shown on the dashboard (the plan clause in brackets).
MEANING: dict[str, tuple[str, str]] = {
    Kind.CASE: ("超过承诺办结时限仍未办结(五(一) 电子监察)", "距办结时限不足规定的工作日"),
    Kind.RECTIFICATION: ("差评整改超过整改期限仍未办结(好差评)", "整改期限为今天或下一个工作日"),
    Kind.COMPLAINT: ("投诉举报超过办理期限仍未办结(五(二))", "办理期限为今天或下一个工作日"),
    Kind.INSPECTION: ("督查检查要求的整改过了期限仍未填写整改情况(五(一)、五(二))", "整改期限为今天或下一个工作日"),
    Kind.REPORT: ("月度信息过了报送期限(次月5日)仍未报送(四(一)4(5))", "距报送期限不足2天仍未报送"),
    Kind.LOG: ("工作日没有填写中心运行日志(四(一)4(4)、五(一))", "今天下班后仍未填写运行日志"),
    Kind.ABSENCE: ("工作日未签到且没有批准的请假(四(一)4(4) 考勤)", ""),
    Kind.QUEUE: ("今天有群众排队等候超过规定时限(默认30分钟,GB/T 36112 秩序管理)", "有群众已等候接近时限"),
}


@dataclass(frozen=True)
class Light:
    kind: str
    colour: str
    key: str  # stable across runs, e.g. "case:123", "log:4:2026-11-20"
    centre_id: int
    title: str
    url: str
    since: datetime | date | None = None  # when it is/was due
    responsible: tuple[int, ...] = field(default=(), compare=False)  # Staff ids to notify besides the directors

    @property
    def is_red(self) -> bool:
        return self.colour == Colour.RED

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


def deadline_colour(*, deadline: date, today: date, next_working_day: date) -> str | None:
    """Red after the deadline day; yellow when it is due today or on the next working day."""
    if today > deadline:
        return Colour.RED
    if deadline <= next_working_day:
        return Colour.YELLOW
    return None


@dataclass(frozen=True)
class Tally:
    red: int = 0
    yellow: int = 0

    @property
    def total(self) -> int:
        return self.red + self.yellow


def tally(lights: Iterable[Light]) -> dict[tuple[int, str], Tally]:
    """(centre id, kind) → red and yellow counts."""
    red: Counter[tuple[int, str]] = Counter()
    yellow: Counter[tuple[int, str]] = Counter()
    for light in lights:
        (red if light.is_red else yellow)[(light.centre_id, light.kind)] += 1
    return {k: Tally(red[k], yellow[k]) for k in set(red) | set(yellow)}

"""The ledgers (台账) of a month: the register (登记簿) and its statistics (统计簿).

Plan 四(一)3 "设置和登记规范的工作台帐" and 附件 规范办事制度: "办理事项有登记簿、统计簿,分类汇总成册".
The 登记簿 lists every case received in the month (in scope and filters); the 统计簿 classifies and
sums exactly those cases (by item, channel, status, window, centre), as they stand at the moment
the ledger is drawn up, so its totals reconcile with the register's rows.

Two halves: pure summarising helpers (no ORM, tested from plain values) first, then the scoped
queries, which go through ``selectors.cases_for`` and aggregate in the database (one query per table).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from bianmin.cases import selectors, workflow
from bianmin.cases.lights import CaseLight
from bianmin.cases.models import Case, Channel
from bianmin.cases.months import MONTH_FORMAT_ERROR, Month  # noqa: F401 - part of the ledger API
from bianmin.cases.workflow import STATUS_LABELS, Status
from bianmin.org.selectors import centres_for, points_for, scope_for

# --- pure: counts ----------------------------------------------------------------------------------

# States before the acceptance decision (待受理): registered at a point, in transfer, received, 补正.
BEFORE_ACCEPTANCE = frozenset(
    {Status.REGISTERED_AT_POINT, Status.IN_TRANSFER, Status.RECEIVED, Status.AWAITING_SUPPLEMENT}
)


@dataclass(frozen=True)
class Counts:
    """What the 统计簿 counts for a group of cases (field order = column order)."""

    received: int = 0  # 收件: every case of the register
    accepted: int = 0  # 受理: accepted (a withdrawn case may have been accepted first)
    completed: int = 0  # 办结: decided (approved or refused), delivered or not
    on_time: int = 0  # 按时办结: completed no later than the due moment (四(一)4(3) 限时办结制)
    late: int = 0  # 超期办结
    in_progress: int = 0  # 在办: accepted, not yet decided (办理中, 挂起, 延期审批中)
    overdue_open: int = 0  # 超期未办结: running and past due now (the red light)
    awaiting: int = 0  # 待受理
    not_accepted: int = 0  # 不予受理
    withdrawn: int = 0  # 撤回

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.on_time, self.completed)

    @property
    def on_time_percent(self) -> str:
        return percent(self.on_time_rate)

    def values(self) -> list[int]:
        return [getattr(self, name) for name in COUNT_FIELDS]


COUNT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Counts))
COUNT_LABELS: dict[str, str] = {
    "received": "收件",
    "accepted": "受理",
    "completed": "办结",
    "on_time": "按时办结",
    "late": "超期办结",
    "in_progress": "在办",
    "overdue_open": "超期未办结",
    "awaiting": "待受理",
    "not_accepted": "不予受理",
    "withdrawn": "撤回",
}
RATE_LABEL = "按时办结率"


def on_time_rate(on_time: int, completed: int) -> float | None:
    """Share of completed cases completed on time; None when nothing was completed (not 0%, not 100%)."""
    if completed <= 0:
        return None
    return on_time / completed


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def counts_from(row: Mapping[str, int | None]) -> Counts:
    """A ``Counts`` from an aggregate row (missing or NULL counts are 0)."""
    return Counts(**{name: int(row.get(name) or 0) for name in COUNT_FIELDS})


@dataclass(frozen=True)
class GroupRow:
    key: object
    label: str
    counts: Counts


def group_rows(
    rows: Iterable[Mapping], *, key: str, label: Callable[[Mapping], str], order: Iterable | None = None
) -> list[GroupRow]:
    """Aggregate rows (one per group) as labelled ``GroupRow``s.

    With ``order`` (every possible key, in display order) the groups follow it and absent ones are
    shown with zeros (channels: the ledger lists all of them); otherwise the busiest groups come first.
    """
    found = [GroupRow(row[key], label(row), counts_from(row)) for row in rows]
    if order is None:
        return sorted(found, key=lambda g: (-g.counts.received, g.label))
    by_key = {g.key: g for g in found}
    return [by_key.get(k) or GroupRow(k, label({key: k}), Counts()) for k in order]


@dataclass(frozen=True)
class StatusRow:
    status: str
    label: str
    count: int


def status_rows(rows: Iterable[Mapping]) -> list[StatusRow]:
    """Case counts per status, in workflow order, statuses with no case left out."""
    counts = {row["status"]: int(row["count"]) for row in rows}
    return [StatusRow(s.value, STATUS_LABELS[s], counts[s.value]) for s in Status if counts.get(s.value)]


def channel_label(code: str) -> str:
    return dict(Channel.choices).get(code, code or "—")


def timeliness_label(status: str, light: CaseLight) -> str:
    """The 是否按时 column: the case's light, but a blank for cases closed before a decision.

    Withdrawn and refused cases have no clock: the ledger leaves the column blank for them.
    """
    if light.key in ("none", "closed") and Status(status) in workflow.FINAL:
        return "—"
    return light.label


def unit_title(*, centre_name: str | None, point_name: str | None) -> str:
    """Whose ledger it is: the centre, the agency point, or the whole county."""
    return centre_name or point_name or "全县便民服务中心"


def ledger_filename(unit: str, month: Month) -> str:
    """``甲镇便民服务中心台账-2026年11月.xlsx``."""
    return f"{unit}台账-{month.label}.xlsx"


# --- queries (ORM, scoped) -----------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerFilter:
    month: Month
    centre: object = None  # org.Centre (county roles only)
    window: object = None  # org.Window
    channel: str = ""
    status: str = ""
    item: object = None  # catalogue.ServiceItem


@dataclass(frozen=True)
class Statistics:
    totals: Counts
    by_item: list[GroupRow]
    by_channel: list[GroupRow]
    by_status: list[StatusRow]
    by_window: list[GroupRow]
    by_centre: list[GroupRow] | None  # only for a county-wide ledger over several centres
    as_of: datetime


def ledger_cases(user, spec: LedgerFilter) -> QuerySet[Case]:
    """Cases of the ledger: in the user's scope, received in the month, matching the filters."""
    start, end = spec.month.bounds(timezone.get_default_timezone())
    qs = selectors.cases_for(user).filter(received_at__gte=start, received_at__lt=end)
    if spec.centre is not None:
        qs = qs.filter(centre=spec.centre)
    if spec.window is not None:
        qs = qs.filter(window=spec.window)
    if spec.channel:
        qs = qs.filter(channel=spec.channel)
    if spec.status:
        qs = qs.filter(status=spec.status)
    if spec.item is not None:
        qs = qs.filter(item=spec.item)
    return qs


def register(qs: QuerySet[Case]) -> QuerySet[Case]:
    """The 登记簿 order: by time received, as the register is written; no N+1 on the list columns."""
    return selectors.for_list(qs).order_by("received_at", "pk")


def register_with_lights(qs: QuerySet[Case], now: datetime | None = None) -> list[Case]:
    """Every register row with its light: one query for the rows, one calendar load (the export)."""
    return selectors.with_lights(register(qs).iterator(chunk_size=500), now=now)


def _values(states: Iterable[Status]) -> list[str]:
    return [s.value for s in states]


def count_expressions(now: datetime) -> dict[str, Count]:
    return {
        "received": Count("pk"),
        "accepted": Count("pk", filter=Q(accepted_at__isnull=False)),
        "completed": Count("pk", filter=Q(completed_at__isnull=False)),
        "on_time": Count("pk", filter=Q(completed_at__isnull=False, completed_at__lte=F("due_at"))),
        "late": Count("pk", filter=Q(completed_at__isnull=False, completed_at__gt=F("due_at"))),
        "in_progress": Count("pk", filter=Q(status__in=_values(workflow.ACCEPTED_OPEN))),
        # The red light of 五(一) 电子监察: running (not suspended) and past the due moment.
        "overdue_open": Count("pk", filter=Q(status__in=_values(workflow.RUNNING), due_at__lt=now)),
        "awaiting": Count("pk", filter=Q(status__in=_values(BEFORE_ACCEPTANCE))),
        "not_accepted": Count("pk", filter=Q(status=Status.NOT_ACCEPTED.value)),
        "withdrawn": Count("pk", filter=Q(status=Status.WITHDRAWN.value)),
    }


def grouped(qs: QuerySet[Case], *keys: str, now: datetime, **extra) -> list[dict]:
    return list(qs.order_by().values(*keys).annotate(**count_expressions(now), **extra))


def summary(qs: QuerySet[Case], *, now: datetime) -> Counts:
    """The totals of the ledger's cases (one query)."""
    return counts_from(qs.order_by().aggregate(**count_expressions(now)))


def statistics(qs: QuerySet[Case], *, now: datetime | None = None, by_centre: bool = False) -> Statistics:
    """The 统计簿 of the ledger's cases: one aggregate query per table."""
    now = now or timezone.now()
    totals = summary(qs, now=now)
    by_item = group_rows(
        grouped(qs, "item_id", "item__code", now=now, name=Max("item_name")),
        key="item_id",
        label=lambda row: f"{row['name']}({row['item__code']})",
    )
    by_channel = group_rows(
        grouped(qs, "channel", now=now),
        key="channel",
        label=lambda row: channel_label(row["channel"]),
        order=Channel.values,
    )
    by_status = status_rows(qs.order_by().values("status").annotate(count=Count("pk")))
    by_window = group_rows(
        grouped(qs, "window_id", "window__number", "window__name", "centre__name", now=now),
        key="window_id",
        label=window_label(with_centre=by_centre),
    )
    centres = None
    if by_centre:
        centres = group_rows(grouped(qs, "centre_id", "centre__name", now=now), key="centre_id", label=_centre_label)
    return Statistics(totals, by_item, by_channel, by_status, by_window, centres, now)


def window_label(*, with_centre: bool) -> Callable[[Mapping], str]:
    def label(row: Mapping) -> str:
        if row.get("window_id") is None:
            return "未指定窗口"
        name = f"{row['window__number']}号窗口 {row['window__name']}"
        return f"{row['centre__name']} {name}" if with_centre else name

    return label


def _centre_label(row: Mapping) -> str:
    return row.get("centre__name") or "—"


def unit_name(user, spec: LedgerFilter) -> str:
    """The name on the ledger's title and file: the filtered or own centre, the own point, or the county."""
    if spec.centre is not None:
        return spec.centre.name
    scope = scope_for(user)
    if scope.is_centre:
        return unit_title(centre_name=centres_for(user).values_list("name", flat=True).first(), point_name=None)
    if scope.is_agency_point:
        return unit_title(centre_name=None, point_name=points_for(user).values_list("name", flat=True).first())
    return unit_title(centre_name=None, point_name=None)

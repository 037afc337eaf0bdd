"""The figures of one centre's monthly report as plain values, and their JSON form (the snapshot).

Pure (no ORM): ``compile.py`` fills a ``Figures`` from aggregate queries; submitting stores
``to_json(figures)`` on the report version and the pages, exports and print view read a ``Figures``
back with ``from_json`` — the same templates render the live draft and a frozen version. The JSON
carries a ``schema`` number so a later release can still read the reports submitted before it.
"""

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from bianmin.cases.ledgers import COUNT_FIELDS, Counts, counts_from, on_time_rate, percent
from bianmin.hallqueue import figures as queue_figures
from bianmin.hallqueue.figures import QueueFigures

SCHEMA = 1


@dataclass(frozen=True)
class Row:
    """One labelled line of a grouped table (by line, item, channel, window, handling type)."""

    key: str
    label: str
    counts: Counts


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class CaseExtras:
    """What the report adds to the 统计簿's counts for the month's cases."""

    open_at_month_end: int = 0  # 月末在办: not completed, refused or withdrawn by the end of the month
    suspended: int = 0  # 挂起(特别程序): had at least one suspension
    extended: int = 0  # 延期: an extension was approved
    at_points: int = 0  # 代办点代办: registered at a village agency point


@dataclass(frozen=True)
class PointRow:
    """One agency point's month (四(二)3: 代办、咨询、帮扶、调解)."""

    key: str
    label: str
    cases: int = 0
    consultations: int = 0
    help: int = 0
    mediation: int = 0

    @property
    def total(self) -> int:
        return self.cases + self.consultations + self.help + self.mediation


@dataclass(frozen=True)
class Consultations:
    total: int = 0
    at_points: int = 0
    closed: int = 0


@dataclass(frozen=True)
class Ratings:
    """好差评 given in the month: counts per level (5 非常满意 … 1 非常不满意)."""

    by_level: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_level.values())

    @property
    def bad(self) -> int:
        return self.by_level.get(2, 0) + self.by_level.get(1, 0)

    @property
    def good_percent(self) -> str:
        return percent(None if not self.total else (self.total - self.bad) / self.total)


@dataclass(frozen=True)
class Rectifications:
    """Bad-rating rectifications opened in the month and where they stand."""

    opened: int = 0
    closed: int = 0
    closed_late: int = 0
    open: int = 0
    overdue: int = 0  # still open after the deadline day, at the time of compiling


@dataclass(frozen=True)
class Complaints:
    received: int = 0
    closed: int = 0
    substantiated: int = 0  # 查证属实 (附件 群众满意情况: 5 points each)
    unsubstantiated: int = 0
    undecided: int = 0


@dataclass(frozen=True)
class Attendance:
    """考勤 and 请销假 of the centre's people in the month (四(一)4(4))."""

    people: int = 0  # people with at least one attendance record
    person_days: int = 0  # days signed in
    late: int = 0  # signed in after the start of the working day
    left_early: int = 0  # signed out before its end
    no_sign_out: int = 0  # signed in, never signed out (past days)
    entered: int = 0  # entered afterwards by the director (补录)
    absences: int = 0  # 无故缺勤 recorded by the electronic monitoring
    leaves: int = 0  # approved leaves starting in the month
    leave_by_kind: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Figures:
    month: str  # "2026-10"
    centre_id: int
    centre_name: str
    compiled_at: datetime
    totals: Counts
    extras: CaseExtras
    by_handling: list[Row]
    by_line: list[Row]
    by_channel: list[Row]
    by_item: list[Row]
    by_window: list[Row]
    by_status: list[StatusCount]
    consultations: Consultations
    points: list[PointRow]
    ratings: Ratings
    rectifications: Rectifications
    complaints: Complaints
    attendance: Attendance
    # 排队叫号与预约 (bianmin/hallqueue): waiting and handling times, tickets, 过号; empty in reports
    # submitted before the queue existed.
    queue: QueueFigures = field(default_factory=QueueFigures)

    @property
    def point_totals(self) -> PointRow:
        return PointRow(
            "",
            "合计",
            sum(p.cases for p in self.points),
            sum(p.consultations for p in self.points),
            sum(p.help for p in self.points),
            sum(p.mediation for p in self.points),
        )

    @property
    def on_time_percent(self) -> str:
        return percent(on_time_rate(self.totals.on_time, self.totals.completed))


@dataclass(frozen=True)
class KeyFigures:
    """The columns of the county table: one centre's month in a line."""

    received: int = 0
    accepted: int = 0
    completed: int = 0
    on_time: int = 0
    late: int = 0
    overdue_open: int = 0
    open_at_month_end: int = 0
    consultations: int = 0
    ratings: int = 0
    bad_ratings: int = 0
    complaints: int = 0
    substantiated: int = 0

    @property
    def on_time_percent(self) -> str:
        return percent(on_time_rate(self.on_time, self.completed))

    def __add__(self, other: "KeyFigures") -> "KeyFigures":
        return KeyFigures(**{name: getattr(self, name) + getattr(other, name) for name in KEY_FIELDS})

    def values(self) -> list[int]:
        return [getattr(self, name) for name in KEY_FIELDS]


KEY_FIELDS: tuple[str, ...] = tuple(KeyFigures.__dataclass_fields__)
KEY_LABELS: dict[str, str] = {
    "received": "收件",
    "accepted": "受理",
    "completed": "办结",
    "on_time": "按时办结",
    "late": "超期办结",
    "overdue_open": "超期未办结",
    "open_at_month_end": "月末在办",
    "consultations": "咨询",
    "ratings": "评价",
    "bad_ratings": "差评",
    "complaints": "投诉举报",
    "substantiated": "查证属实",
}


def key_figures(figures: Figures) -> KeyFigures:
    """A frozen report's line in the county table."""
    t = figures.totals
    return KeyFigures(
        received=t.received,
        accepted=t.accepted,
        completed=t.completed,
        on_time=t.on_time,
        late=t.late,
        overdue_open=t.overdue_open,
        open_at_month_end=figures.extras.open_at_month_end,
        consultations=figures.consultations.total,
        ratings=figures.ratings.total,
        bad_ratings=figures.ratings.bad,
        complaints=figures.complaints.received,
        substantiated=figures.complaints.substantiated,
    )


# --- JSON ------------------------------------------------------------------------------------------


def _counts(counts: Counts) -> dict[str, int]:
    return {name: getattr(counts, name) for name in COUNT_FIELDS}


def _rows(rows: list[Row]) -> list[dict[str, Any]]:
    return [{"key": r.key, "label": r.label, "counts": _counts(r.counts)} for r in rows]


def _plain(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}


def to_json(f: Figures) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "month": f.month,
        "centre_id": f.centre_id,
        "centre_name": f.centre_name,
        "compiled_at": f.compiled_at.isoformat(),
        "totals": _counts(f.totals),
        "extras": _plain(f.extras),
        "by_handling": _rows(f.by_handling),
        "by_line": _rows(f.by_line),
        "by_channel": _rows(f.by_channel),
        "by_item": _rows(f.by_item),
        "by_window": _rows(f.by_window),
        "by_status": [{"status": s.status, "label": s.label, "count": s.count} for s in f.by_status],
        "consultations": _plain(f.consultations),
        "points": [_plain(p) for p in f.points],
        # JSON object keys are strings: the level goes in as "5" and comes back as 5.
        "ratings": {"by_level": {str(level): n for level, n in f.ratings.by_level.items()}},
        "rectifications": _plain(f.rectifications),
        "complaints": _plain(f.complaints),
        "attendance": {**_plain(f.attendance), "leave_by_kind": [list(pair) for pair in f.attendance.leave_by_kind]},
        "queue": queue_figures.to_json(f.queue),
    }


def _read_rows(data: list[dict[str, Any]]) -> list[Row]:
    return [Row(str(r["key"]), r["label"], counts_from(r["counts"])) for r in data]


def _known(cls: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Only the fields this release knows (a newer snapshot may carry more)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def from_json(data: dict[str, Any]) -> Figures:
    attendance = dict(data.get("attendance") or {})
    attendance["leave_by_kind"] = [tuple(pair) for pair in attendance.get("leave_by_kind", [])]
    return Figures(
        month=data["month"],
        centre_id=int(data["centre_id"]),
        centre_name=data["centre_name"],
        compiled_at=datetime.fromisoformat(data["compiled_at"]),
        totals=counts_from(data["totals"]),
        extras=CaseExtras(**_known(CaseExtras, data.get("extras") or {})),
        by_handling=_read_rows(data.get("by_handling", [])),
        by_line=_read_rows(data.get("by_line", [])),
        by_channel=_read_rows(data.get("by_channel", [])),
        by_item=_read_rows(data.get("by_item", [])),
        by_window=_read_rows(data.get("by_window", [])),
        by_status=[StatusCount(s["status"], s["label"], int(s["count"])) for s in data.get("by_status", [])],
        consultations=Consultations(**_known(Consultations, data.get("consultations") or {})),
        points=[PointRow(**_known(PointRow, p)) for p in data.get("points", [])],
        ratings=Ratings({int(k): int(v) for k, v in (data.get("ratings") or {}).get("by_level", {}).items()}),
        rectifications=Rectifications(**_known(Rectifications, data.get("rectifications") or {})),
        complaints=Complaints(**_known(Complaints, data.get("complaints") or {})),
        attendance=Attendance(**_known(Attendance, attendance)),
        queue=queue_figures.from_json(data.get("queue")),
    )

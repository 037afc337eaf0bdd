"""The province-facing exchange feed (issue #10 point 4; plan 四(一)3: windows record and handle
items in the province's online approval system): every case event in the caller's scope, oldest
first, with the case's stable identifiers, item code and region codes. docs/exchange.md documents
each field.

Resuming without gaps or duplicates: the feed is ordered by the event's ``seq`` (its primary key,
append-only: events are never updated or deleted), and the cursor carries the last ``seq`` handed
out. A transaction still in flight may have taken a smaller ``seq`` than one already committed
(PostgreSQL allocates sequence values before commit), so the feed stops short of the newest events:
it never hands out an event at or after the first one recorded within ``EXCHANGE_SETTLE_SECONDS``
(default 10). Everything before that is committed, so a client that keeps the last ``next_cursor``
and resumes from it sees each event exactly once.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Min
from django.utils import timezone

from bianmin.cases.models import CaseEvent
from bianmin.core.errors import ApplicationError
from bianmin.core.personal import mask_id_document, mask_phone, redact
from bianmin.core.scope import Scope
from bianmin.org.selectors import scoped

MAX_LIMIT = 500
BAD_CURSOR = "游标无效:请使用上一次返回的 next_cursor 原样续传,或改用 since 重新开始。"


@dataclass(frozen=True)
class Cursor:
    after: int  # the last seq handed out
    since: datetime | None  # the filter of the first request, kept for every page after it

    def encode(self) -> str:
        data = {"v": 1, "after": self.after, "since": self.since.isoformat() if self.since else None}
        return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            data = json.loads(raw)
            after = data["after"]
            since = datetime.fromisoformat(data["since"]) if data.get("since") else None
        except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError, AttributeError):
            raise ApplicationError(BAD_CURSOR, field="cursor") from None
        if data.get("v") != 1 or not isinstance(after, int) or after < 0:
            raise ApplicationError(BAD_CURSOR, field="cursor")
        if since is not None and since.tzinfo is None:
            raise ApplicationError(BAD_CURSOR, field="cursor")
        return cls(after=after, since=since)


@dataclass(frozen=True)
class FeedPage:
    records: list[dict]
    next_cursor: str
    has_more: bool
    as_of: datetime


def settle_seconds() -> int:
    return int(getattr(settings, "EXCHANGE_SETTLE_SECONDS", 10))


def _horizon(now: datetime, after: int) -> int | None:
    """The seq of the first event after the cursor recorded within the settle window (not handed out
    yet). Bounded below by the cursor, so a client that keeps up reads only the tail of the table."""
    recent = CaseEvent.objects.filter(pk__gt=after, at__gt=now - timedelta(seconds=settle_seconds()))
    return recent.order_by("pk").values_list("pk", flat=True).first()


def _first_since(since: datetime) -> int | None:
    """The smallest seq of the events at or after ``since`` (through the ``caseevent_at`` index; None
    if there is none). Events are written in time order, so those are at the end of the seq order the
    feed walks: a first page starts its scan there instead of at the table's first row. ``pk + 0``:
    a plain ``MIN(id)`` would be planned as a walk of the primary key from its first row."""
    return CaseEvent.objects.filter(at__gte=since).aggregate(first=Min(F("pk") + 0))["first"]


def feed_page(scope: Scope, *, cursor: Cursor, limit: int, now: datetime | None = None) -> FeedPage:
    now = now or timezone.now()
    events = scoped(CaseEvent.objects.all(), scope, centre="case__centre_id", point="case__agency_point_id")
    events = events.filter(pk__gt=cursor.after)
    horizon = _horizon(now, cursor.after)
    if horizon is not None:
        events = events.filter(pk__lt=horizon)
    if cursor.since is not None:
        events = events.filter(at__gte=cursor.since)
        if cursor.after == 0:
            first = _first_since(cursor.since)
            events = events.none() if first is None else events.filter(pk__gte=first)
    rows = list(
        events.select_related(
            "actor",
            "case__item",
            "case__window",
            "case__centre__township__parent",
            "case__agency_point__village",
        ).order_by("pk")[: limit + 1]
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    after = rows[-1].pk if rows else cursor.after
    return FeedPage(
        records=[record(e) for e in rows],
        next_cursor=Cursor(after=after, since=cursor.since).encode(),
        has_more=has_more,
        as_of=now,
    )


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def record(event: CaseEvent) -> dict:
    """One feed record: the event (immutable) and its case (identity fixed, state as of the export)."""
    case = event.case
    township = case.centre.township
    village = case.agency_point.village if case.agency_point_id else None
    return {
        "seq": event.pk,
        "event": {
            "action": event.action,
            "action_label": event.get_action_display(),
            "at": _iso(event.at),
            "from_status": event.from_status,
            "to_status": event.to_status,
            "actor": event.actor.name if event.actor else "",
            "reason": redact(event.reason),
            "basis": event.basis,
        },
        "case": {
            "receipt_number": case.receipt_number,
            "item_code": case.item.code,
            "item_name": case.item_name,
            "handling_type": case.handling_type,
            "limit_days": case.limit_days,
            "county_code": township.parent.code if township.parent_id else "",
            "township_code": township.code,
            "centre_name": case.centre.name,
            "village_code": village.code if village else "",
            "agency_point_name": case.agency_point.name if case.agency_point_id else "",
            "window_number": case.window.number if case.window_id else None,
            "channel": case.channel,
            "applicant_name": case.applicant_name,
            "id_type": case.id_type,
            "id_number_masked": mask_id_document(case.id_type, case.id_number),
            "phone_masked": mask_phone(case.phone),
            "status": case.status,
            "received_at": _iso(case.received_at),
            "accepted_at": _iso(case.accepted_at),
            "due_at": _iso(case.due_at),
            "due_provisional": case.due_provisional,
            "completed_at": _iso(case.completed_at),
            "result": case.result,
            "delivered_at": _iso(case.delivered_at),
        },
    }


def flat(rec: dict) -> dict:
    """A record as one CSV row: ``seq``, ``event_*`` and ``case_*`` columns."""
    row = {"seq": rec["seq"]}
    row |= {f"event_{k}": v for k, v in rec["event"].items()}
    row |= {f"case_{k}": v for k, v in rec["case"].items()}
    return row

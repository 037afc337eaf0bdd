"""GET /exchange/cases: the province-facing feed of cases and their events, cursor-paged
(bianmin/api/exchange.py; fields in docs/exchange.md)."""

from datetime import datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from bianmin.api import exchange
from bianmin.api.errors import READ
from bianmin.api.types import IsoDateTime
from bianmin.org.selectors import require_staff, scope_for

router = Router(tags=["数据交换"])


class FeedQuery(Schema):
    since: IsoDateTime | None = Field(
        None, description="首次读取:只要此时间(含)以后发生的办理记录,如 2026-01-01T00:00:00+08:00"
    )
    cursor: str | None = Field(None, max_length=300, description="续传:上一页返回的 next_cursor(有游标时忽略 since)")
    limit: int = Field(100, ge=1, le=exchange.MAX_LIMIT, description="每页条数,1–500")


class FeedEvent(Schema):
    action: str
    action_label: str
    at: str
    from_status: str
    to_status: str
    actor: str
    reason: str
    basis: str


class FeedCase(Schema):
    receipt_number: str
    item_code: str
    item_name: str
    handling_type: str
    limit_days: int
    county_code: str
    township_code: str
    centre_name: str
    village_code: str
    agency_point_name: str
    window_number: int | None
    channel: str
    applicant_name: str
    id_type: str
    id_number_masked: str
    phone_masked: str
    status: str
    received_at: str | None
    accepted_at: str | None
    due_at: str | None
    due_provisional: bool
    completed_at: str | None
    result: str
    delivered_at: str | None


class FeedRecord(Schema):
    seq: int = Field(description="记录序号:严格递增,作为续传位置和去重依据")
    event: FeedEvent
    case: FeedCase


class FeedOut(Schema):
    records: list[FeedRecord]
    next_cursor: str = Field(description="下一次请求原样带上;本页为空时与本次相同,稍后再取")
    has_more: bool = Field(description="是否还有可立即读取的记录")
    as_of: datetime
    settle_seconds: int = Field(description="最近这么多秒内的记录暂不提供,待其事务提交后再给出,避免遗漏")


@router.get("/exchange/cases", response={200: FeedOut, **READ}, summary="办件数据交换(游标分页)")
def exchange_cases(request, query: Query[FeedQuery]):
    """本账号范围内的办件及其办理过程,按记录序号从旧到新。中断后用最后收到的 next_cursor 续传,不重不漏。"""
    require_staff(request.auth)
    if query.cursor:
        cursor = exchange.Cursor.decode(query.cursor)
    else:
        since = query.since
        if since is not None and since.tzinfo is None:  # a time without offset is Beijing time
            since = timezone.make_aware(since)
        cursor = exchange.Cursor(after=0, since=since)
    page = exchange.feed_page(scope_for(request.auth), cursor=cursor, limit=query.limit)
    return {
        "records": page.records,
        "next_cursor": page.next_cursor,
        "has_more": page.has_more,
        "as_of": page.as_of,
        "settle_seconds": exchange.settle_seconds(),
    }

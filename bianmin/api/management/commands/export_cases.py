"""manage.py export_cases --since 2026-01-01 --format jsonl|csv [--cursor …] [--output FILE] [--user NAME]

The province-facing feed (bianmin/api/exchange.py) written to a file or stdout, page by page, one
record per line (JSON Lines) or per row (CSV). At the end the cursor to resume from is printed on
stderr; after a failure run the command again with ``--cursor`` and nothing is lost or repeated.
"""

import csv
import json
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianmin.api import exchange
from bianmin.core.errors import ApplicationError
from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.org.selectors import scope_for

PAGE = 500
FIELDS = [
    "seq",
    *(f"event_{k}" for k in ("action", "action_label", "at", "from_status", "to_status", "actor", "reason", "basis")),
    *(
        f"case_{k}"
        for k in (
            "receipt_number", "item_code", "item_name", "handling_type", "limit_days", "county_code",
            "township_code", "centre_name", "village_code", "agency_point_name", "window_number", "channel",
            "applicant_name", "id_type", "id_number_masked", "phone_masked", "status", "received_at",
            "accepted_at", "due_at", "due_provisional", "completed_at", "result", "delivered_at",
        )
    ),
]  # fmt: skip


def _since(text: str) -> datetime:
    try:
        if len(text) == 10:
            return timezone.make_aware(datetime.combine(date.fromisoformat(text), time.min))
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since “{text}” 无效,请写成 2026-01-01 或 2026-01-01T08:00:00+08:00。") from None
    return moment if moment.tzinfo else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "导出办件数据交换记录(JSON Lines 或 CSV),可按游标续传。"

    def add_arguments(self, parser):
        parser.add_argument("--since", help="只导出此日期/时间以后的办理记录(首次导出)")
        parser.add_argument("--cursor", help="续传:上一次导出结束时打印的游标")
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", help="输出文件(默认标准输出)")
        parser.add_argument("--user", help="按该账号的范围导出(默认全县)")
        parser.add_argument("--max-records", type=int, default=0, help="最多导出多少条(0 为不限)")

    def handle(self, *args, **options):
        if options["cursor"] and options["since"]:
            raise CommandError("--cursor 与 --since 只能选一个:续传时游标已包含起始时间。")
        try:
            cursor = (
                exchange.Cursor.decode(options["cursor"])
                if options["cursor"]
                else exchange.Cursor(after=0, since=_since(options["since"]) if options["since"] else None)
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        scope = Scope(role=Role.COUNTY_ADMIN)
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None or scope_for(user).sees_nothing:
                raise CommandError(f"账号“{options['user']}”不存在、已停用或未分配角色。")
            scope = scope_for(user)
        out = open(options["output"], "w", encoding="utf-8", newline="") if options["output"] else self.stdout  # noqa: SIM115
        try:
            written, cursor_text = self._export(out, scope, cursor, options["format"], options["max_records"])
        finally:
            if out is not self.stdout:
                out.close()
        self.stderr.write(f"已导出 {written} 条。续传游标:{cursor_text}")

    def _export(self, out, scope, cursor, fmt, max_records) -> tuple[int, str]:
        writer = csv.DictWriter(out, fieldnames=FIELDS) if fmt == "csv" else None
        if writer is not None:
            writer.writeheader()
        written = 0
        while True:
            limit = PAGE if not max_records else min(PAGE, max_records - written)
            page = exchange.feed_page(scope, cursor=cursor, limit=limit)
            for rec in page.records:
                if writer is not None:
                    writer.writerow(exchange.flat(rec))
                else:
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()  # a page written is a page the cursor may move past
            written += len(page.records)
            cursor = exchange.Cursor.decode(page.next_cursor)
            if not page.has_more or (max_records and written >= max_records):
                return written, page.next_cursor

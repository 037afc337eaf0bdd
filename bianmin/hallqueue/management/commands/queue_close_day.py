"""Close the hall queue's past days and record the appointments' no-shows (失约).

Run at closing time and once at night (cron or a systemd timer), e.g.:

    30 17 * * 1-6   .venv/bin/python manage.py queue_close_day
    5 0 * * *       .venv/bin/python manage.py queue_close_day

Tickets of earlier days still open are closed (waiting → 当日未叫号, called → 过号, being served →
办结 without a handling time); bookings not checked in by the end of their slot plus
QUEUE_NO_SHOW_GRACE_MINUTES become 失约. Running it twice changes nothing the second time.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from bianmin.hallqueue.services import tickets_close_day
from bianmin.hallqueue.services_appointments import appointments_mark_missed


class Command(BaseCommand):
    help = "日终:关闭以前各天未办结的排队号,记录预约失约(可重复运行)。"

    def handle(self, *args, **options):
        now = timezone.now()
        counts = tickets_close_day(before=timezone.localdate(now), at=now)
        missed = appointments_mark_missed(now=now)
        self.stdout.write(
            f"排队号:当日未叫号 {counts['waiting']} 个,过号 {counts['called']} 个,"
            f"办理中转办结 {counts['serving']} 个;预约失约 {missed} 个。"
        )

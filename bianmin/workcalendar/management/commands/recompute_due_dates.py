from django.core.management.base import BaseCommand

from bianmin.workcalendar.services import recompute_due_dates


class Command(BaseCommand):
    help = "按当前工作日历重新计算在办件的办结时限(录入或修改节假日安排后也会自动执行)。"

    def handle(self, *args, **options):
        changed = recompute_due_dates()
        self.stdout.write(f"已重新计算,办结时限有变化的记录 {changed} 条。")

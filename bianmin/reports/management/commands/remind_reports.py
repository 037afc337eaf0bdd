from django.core.management.base import BaseCommand

from bianmin.reports.reminders import remind_reports


class Command(BaseCommand):
    help = (
        "信息报送提醒:每月1日、3日提醒上月月报尚未报送的中心主任(邮件)。"
        "建议由 cron 每天运行一次;可重复运行,同一轮提醒不会重复发送。"
    )

    def handle(self, *args, **options):
        run = remind_reports()
        if run.day is None:
            self.stdout.write(f"今天不是提醒日({run.month.label}月报),未发送提醒。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.month.label}月报 {run.day}日提醒:提醒中心 {run.centres} 个,发送邮件 {run.emails} 封,"
                f"此前已提醒 {run.skipped} 个。"
            )
        )

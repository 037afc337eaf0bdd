from django.core.management.base import BaseCommand

from bianmin.monitoring.services import monitor_run


class Command(BaseCommand):
    help = (
        "电子监察:检查红黄灯,记录自上次运行以来新亮的红灯,并用邮件通知责任人(可重复运行,不会重复通知)。"
        "建议由 cron 或 systemd 定时器每 30 分钟运行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-mail", action="store_true", help="只记录红灯,不发送邮件。")

    def handle(self, *args, no_mail=False, **options):
        run = monitor_run(notify=not no_mail)
        self.stdout.write(
            self.style.SUCCESS(
                f"电子监察完成:当前红灯 {run.red} 项,新增 {run.new_red} 项,"
                f"消除 {run.cleared} 项,发送邮件 {run.emails} 封。"
            )
        )

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from bianmin.demo import yushan
from bianmin.demo.seed import seed_demo
from bianmin.demo.seed_assessment import seed_assessment, seed_plans
from bianmin.demo.seed_cases import seed_cases
from bianmin.demo.seed_catalogue import seed_catalogue
from bianmin.demo.seed_complaints import seed_complaints
from bianmin.demo.seed_findings import seed_findings
from bianmin.demo.seed_operations import seed_operations
from bianmin.demo.seed_queue import seed_queue
from bianmin.demo.seed_reports import seed_reports
from bianmin.monitoring.services import monitor_run


class Command(BaseCommand):
    help = "载入演示数据:玉山县16个乡镇便民服务中心、窗口、代办点和人员(可重复运行,不覆盖已有数据)。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号。")

    def handle(self, *args, quiet_logins=False, **options):
        call_command("seed_calendar", stdout=self.stdout)
        created = seed_demo()
        catalogue = seed_catalogue()
        cases = seed_cases()  # after the catalogue: cases need the centres' implementation lists
        operations = seed_operations()
        complaints = seed_complaints()
        findings = seed_findings()
        queue = seed_queue()  # before the reports: they compile the queue's figures too
        reports = seed_reports()  # it compiles the months from all the records above
        assessment = seed_assessment()  # last year's, scored from everything above
        seed_plans(now=timezone.now())  # standardization plans for some of the gaps
        monitor_run(notify=False)  # the dashboard's first "上次自动检查"; demo mail would only be noise
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据就绪:新建乡镇 {created['townships']} 个,新建演示账号 {created['logins']} 个,"
                f"新建事项 {catalogue['items']} 个,新建办件 {cases['cases']} 件,"
                f"日常管理记录 {sum(operations.values())} 条,投诉举报 {sum(complaints.values())} 件,"
                f"督查记录 {sum(findings.values())} 条,排队号 {queue['tickets']} 个,预约 {queue['appointments']} 个,"
                f"月度信息报送 {reports['reports']} 份,"
                f"年度考核评分表 {assessment['sheets']} 份(已存在的数据保持不变)。"
            )
        )
        if quiet_logins:
            return
        self.stdout.write("\n演示账号(仅供演示,生产环境请勿使用),密码均为 " + yushan.DEMO_PASSWORD)
        for username, _, label, _ in yushan.DEMO_LOGINS:
            self.stdout.write(f"  {username:<14} {label}")

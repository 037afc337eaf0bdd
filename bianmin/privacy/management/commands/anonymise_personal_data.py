"""Anonymise personal data past its keeping period (run daily or monthly from cron/systemd).

manage.py anonymise_personal_data            # PERSONAL_DATA_RETENTION_YEARS (default 10)
manage.py anonymise_personal_data --years 5 --dry-run
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bianmin.privacy.services import personal_data_anonymise


class Command(BaseCommand):
    help = "将超过保存期限的已办结记录中的个人信息匿名化(统计数据保持不变)。"

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, help="保存期限(年),默认取 PERSONAL_DATA_RETENTION_YEARS")
        parser.add_argument("--dry-run", action="store_true", help="只统计将匿名化的记录,不做修改")

    def handle(self, *args, years=None, dry_run=False, **options):
        years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
        if years == 0 and options.get("years") is None:
            self.stdout.write("未启用个人信息保存期限(PERSONAL_DATA_RETENTION_YEARS=0),未做任何修改。")
            return
        if years < 1:
            raise CommandError("保存期限至少为 1 年。")
        result = personal_data_anonymise(years=years, dry_run=dry_run)
        self.stdout.write(result.describe())

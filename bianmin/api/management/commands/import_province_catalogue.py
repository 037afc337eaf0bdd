"""manage.py import_province_catalogue FILE.xlsx|FILE.json [--dry-run] [--user NAME]

Brings the local catalogue in step with the provincial item catalogue (bianmin/api/province.py):
codes first (a local item takes the province's code), then guides and materials. All or nothing.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bianmin.api import province


class Command(BaseCommand):
    help = "导入省政务服务事项目录(.xlsx 或 .json),使本地事项编码与省目录一致。"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告,不写入")
        parser.add_argument("--user", help="记为编辑人和发布人的账号(县管委会)")

    def handle(self, *args, path, dry_run, user, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"账号“{user}”不存在或已停用。")
        result = province.import_catalogue(path, actor=actor, dry_run=dry_run)
        if result.errors:
            for e in result.errors:
                where = "".join(
                    part
                    for part in (
                        e.sheet and f"工作表“{e.sheet}”",
                        e.row and f"第{e.row}行",
                        e.column and f"“{e.column}”列",
                    )
                    if part
                )
                self.stderr.write(f"{where}:{e.reason}" if where else e.reason)
            raise CommandError(f"导入未进行:共 {len(result.errors)} 处错误,未写入任何内容。")
        prefix = "(试运行,未写入)" if dry_run else ""
        for before, after in result.recoded:
            self.stdout.write(f"编码更新:{before} → {after}")
        self.stdout.write(
            f"{prefix}编码更新 {len(result.recoded)} 项,新建 {len(result.created)} 项,"
            f"更新 {len(result.updated)} 项,未变 {len(result.unchanged)} 项。"
        )

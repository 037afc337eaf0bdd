from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bianmin.core.dumps import VENDOR_LABELS, Database
from bianmin.core.errors import ApplicationError
from bianmin.core.management.commands.backup import human_size
from bianmin.core.restore import restore_backup


class Command(BaseCommand):
    help = (
        "把 manage.py backup 生成的归档恢复到一个空数据库(DATABASE_URL)和空的上传文件目录(MEDIA_ROOT)。"
        "先核对校验文件、清单和迁移版本;目标不是空的就拒绝,不写入任何数据。不支持跨数据库类型恢复。"
    )
    # The target is empty and may not even exist yet: nothing here may touch it before the checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", type=Path, help="备份归档 bianmin-backup-….tar.gz(同目录下须有其 .sha256 文件)。"
        )
        parser.add_argument("--database", default="default", help="恢复到的数据库别名(默认 default)。")

    def handle(self, *args, archive, database="default", **options):
        try:
            report = restore_backup(
                archive, database=Database.configured(database), media_root=Path(settings.MEDIA_ROOT)
            )
        except ApplicationError as exc:
            raise CommandError(f"恢复失败:{exc.message}") from exc
        manifest = report.manifest
        media_bytes = sum(f["size"] for f in report.media.values())
        self.stdout.write(
            f"已恢复 {archive.name}(备份于 {manifest.get('created_at', '未知时间')},"
            f"{VENDOR_LABELS.get(manifest['vendor'], manifest['vendor'])} {manifest.get('server_version', '')})。\n"
            f"上传文件 {len(report.media)} 个({human_size(media_bytes)})已恢复到 {settings.MEDIA_ROOT},逐个校验一致。"
        )
        if report.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"备份的数据库结构比当前程序少 {len(report.pending_migrations)} 个迁移,"
                    f"请接着运行 manage.py migrate。"
                )
            )
        if report.mismatches:
            lines = "\n".join(f"  {line}" for line in report.mismatches)
            raise CommandError(f"恢复后核对发现与备份清单不一致的数据表 {len(report.mismatches)} 张:\n{lines}")
        self.stdout.write(
            self.style.SUCCESS(
                f"核对完成:数据表 {report.tables} 张,共 {report.rows} 行,行数和内容校验和与备份清单完全一致。"
            )
        )

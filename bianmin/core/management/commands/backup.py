from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bianmin.core.backup import create_backup
from bianmin.core.dumps import VENDOR_LABELS, Database
from bianmin.core.errors import ApplicationError


def human_size(size: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} 字节"


class Command(BaseCommand):
    help = (
        "备份数据库和上传文件到一个带日期的归档(bianmin-backup-<日期-时间>.tar.gz)及其 .sha256 校验文件。"
        "网站运行时也可备份(SQLite 在线备份 API;PostgreSQL pg_dump 快照)。建议每天由 cron 运行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", type=Path, help="归档存放目录(默认为 BACKUP_DIR 设置,即项目下的 backups/)。"
        )
        parser.add_argument("--keep", type=int, help="只保留最新的 N 个归档,更早的删除;0 表示全部保留。")
        parser.add_argument("--database", default="default", help="要备份的数据库别名(默认 default)。")

    def handle(self, *args, output_dir=None, keep=None, database="default", **options):
        output_dir = Path(output_dir or settings.BACKUP_DIR)
        keep = settings.BACKUP_KEEP if keep is None else keep
        if keep < 0:
            raise CommandError("--keep 不能为负数。")
        try:
            result = create_backup(
                output_dir=output_dir,
                media_root=Path(settings.MEDIA_ROOT),
                database=Database.configured(database),
                keep=keep,
            )
        except ApplicationError as exc:
            raise CommandError(f"备份失败:{exc.message}") from exc
        manifest = result.manifest
        media_bytes = sum(f["size"] for f in result.media_files.values())
        for warning in result.warnings:
            self.stderr.write(f"注意:{warning}")
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成:{result.archive}({human_size(result.archive.stat().st_size)})\n"
                f"数据库:{VENDOR_LABELS[manifest['vendor']]} {manifest['server_version']},"
                f"数据表 {len(manifest['tables'])} 张,"
                f"共 {result.total_rows} 行;上传文件 {len(result.media_files)} 个({human_size(media_bytes)})。\n"
                f"SHA-256:{result.sha256}(已写入 {result.archive.name}.sha256)"
            )
        )
        if result.pruned:
            self.stdout.write(f"按保留数 {keep} 删除了较早的归档 {len(result.pruned)} 个:")
            for path in result.pruned:
                self.stdout.write(f"  {path.name}")

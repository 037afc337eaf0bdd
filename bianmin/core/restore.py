"""``manage.py restore``: put an archive of ``manage.py backup`` back onto an empty database.

Every check comes before the first write, and a refusal writes nothing: the archive's checksum file
must match; the manifest must be ours and every member must match its SHA-256; the database vendor
must be the configured one (SQLite → SQLite, PostgreSQL → PostgreSQL); every migration the backup
has applied must be known to this code; the target database must be empty (no tables — a new
``createdb`` database or a missing/empty SQLite file) and ``MEDIA_ROOT`` empty or absent. Then the
database is loaded all or nothing, the files are moved into place, and every table's row count and
checksum is compared with the manifest.
"""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from bianmin.core import dumps
from bianmin.core.backup import APPLICATION, FORMAT, MANIFEST, sha256_file
from bianmin.core.errors import ApplicationError

NOTHING_WRITTEN = "已停止恢复,未写入任何数据。"
_CHUNK = 1024 * 1024


@dataclass
class RestoreReport:
    archive: Path
    manifest: dict[str, Any]
    mismatches: list[str] = field(default_factory=list)
    pending_migrations: list[str] = field(default_factory=list)

    @property
    def tables(self) -> int:
        return len(self.manifest["tables"])

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.manifest["tables"].values())

    @property
    def media(self) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.manifest["files"].items() if k.startswith("media/")}


def verify_checksum(archive: Path) -> str:
    """Compare the archive with its ``.sha256`` file (the format of ``sha256sum``)."""
    sidecar = Path(f"{archive}.sha256")
    if not archive.is_file():
        raise ApplicationError(f"备份文件不存在:{archive}")
    if not sidecar.is_file():
        raise ApplicationError(f"找不到校验文件 {sidecar.name}(应与备份文件放在同一目录)。{NOTHING_WRITTEN}")
    words = sidecar.read_text(encoding="utf-8", errors="replace").split()
    expected = words[0].lower() if words else ""
    actual = sha256_file(archive)
    if expected != actual:
        raise ApplicationError(
            f"校验失败:备份文件已损坏或被改动(校验文件记录 {expected[:16] or '空'}…,实际 {actual[:16]}…)。"
            f"{NOTHING_WRITTEN}"
        )
    return actual


def _safe_relative(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def read_manifest(archive: Path) -> tuple[str, dict[str, Any]]:
    """The archive's root folder and manifest (its first member)."""
    try:
        with tarfile.open(archive, mode="r|gz") as tar:
            member = tar.next()
            if member is None or not member.isfile() or not member.name.endswith(f"/{MANIFEST}"):
                raise ApplicationError(f"这不是本系统的备份文件(第一项不是 {MANIFEST})。{NOTHING_WRITTEN}")
            root = member.name.removesuffix(f"/{MANIFEST}")
            manifest = json.load(tar.extractfile(member))
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise ApplicationError(f"无法读取备份文件:{exc}。{NOTHING_WRITTEN}") from exc
    required = {"format", "application", "vendor", "database_file", "migrations", "tables", "files"}
    if not isinstance(manifest, dict) or manifest.get("application") != APPLICATION or required - manifest.keys():
        raise ApplicationError(f"备份清单无效:不是本系统生成的备份。{NOTHING_WRITTEN}")
    if manifest["format"] != FORMAT:
        raise ApplicationError(f"备份格式版本 {manifest['format']} 不受支持(本程序为 {FORMAT})。{NOTHING_WRITTEN}")
    if "/" in root or not root or not all(_safe_relative(name) for name in manifest["files"]):
        raise ApplicationError(f"备份清单含有不安全的文件路径。{NOTHING_WRITTEN}")
    if manifest["database_file"] not in manifest["files"]:
        raise ApplicationError(f"备份清单中没有数据库文件。{NOTHING_WRITTEN}")
    return root, manifest


def migration_check(manifest: dict[str, Any]) -> list[str]:
    """Refuse a backup made by newer code; return the migrations this code has that it lacks."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(applied - known)
    if unknown:
        listed = "、".join(f"{app}.{name}" for app, name in unknown[:5])
        more = f"等 {len(unknown)} 个" if len(unknown) > 5 else ""
        raise ApplicationError(
            f"备份来自更新版本的程序,含有本程序不认识的数据库迁移:{listed}{more}。"
            f"请先把程序升级到与备份相同或更新的版本。{NOTHING_WRITTEN}"
        )
    return [f"{app}.{name}" for app, name in sorted(known - applied)]


def check_target(database: dumps.Database, manifest: dict[str, Any], media_root: Path) -> None:
    if manifest["vendor"] != database.vendor:
        source = dumps.VENDOR_LABELS.get(manifest["vendor"], manifest["vendor"])
        raise ApplicationError(
            f"此备份来自 {source} 数据库,当前配置的是 {database.label}。不支持跨数据库类型恢复:"
            f"请把 DATABASE_URL 指向一个空的 {source} 数据库后再恢复。{NOTHING_WRITTEN}"
        )
    relations = dumps.relations_in(database)
    if relations:
        where = database.settings.get("NAME")
        raise ApplicationError(
            f"目标数据库 {where} 不是空的(已有 {relations} 个表、视图等数据库对象)。恢复只写入空数据库:"
            f"请新建一个空数据库(PostgreSQL 用 createdb;SQLite 换一个不存在的文件名),"
            f"或确认无用后自行清空。{NOTHING_WRITTEN}"
        )
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise ApplicationError(
            f"上传文件目录 {media_root} 不是空的。恢复只写入空目录:请换一个 MEDIA_ROOT,或确认无用后移走其中的文件。"
            f"{NOTHING_WRITTEN}"
        )


def _extract(archive: Path, root: str, manifest: dict[str, Any], work: Path) -> None:
    """Unpack every file listed in the manifest into ``work``, checking size and SHA-256."""
    expected = manifest["files"]
    seen: set[str] = set()
    with tarfile.open(archive, mode="r|gz") as tar:
        for member in tar:
            if member.isdir():
                continue
            rel = member.name.removeprefix(f"{root}/")
            if rel == MANIFEST and member.isfile():
                continue
            if not member.isfile() or rel not in expected or rel in seen:
                raise ApplicationError(f"备份文件中有清单之外的内容:{member.name}。{NOTHING_WRITTEN}")
            seen.add(rel)
            dest = work / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            digest, size = hashlib.sha256(), 0
            source = tar.extractfile(member)
            with open(dest, "xb") as out:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if (size, digest.hexdigest()) != (expected[rel]["size"], expected[rel]["sha256"]):
                raise ApplicationError(f"备份中的文件 {rel} 与清单记录不符(已损坏)。{NOTHING_WRITTEN}")
    if missing := sorted(set(expected) - seen):
        raise ApplicationError(f"备份文件不完整,缺少:{'、'.join(missing[:5])}。{NOTHING_WRITTEN}")


def _move_media(staged: Path, media_root: Path) -> None:
    if not staged.is_dir():
        media_root.mkdir(parents=True, exist_ok=True)
        return
    if not media_root.exists():
        os.replace(staged, media_root)
        return
    for entry in staged.iterdir():
        os.replace(entry, media_root / entry.name)


def compare(database: dumps.Database, manifest: dict[str, Any]) -> list[str]:
    """Tables whose row count or checksum differs from the manifest (empty = identical)."""
    with dumps.dbapi(database) as conn:
        actual = dumps.table_stats(conn, database.vendor)
    problems = []
    for table in sorted(set(manifest["tables"]) | set(actual)):
        want, got = manifest["tables"].get(table), actual.get(table)
        if want is None or got is None:
            problems.append(f"{table}:{'备份中没有此表' if want is None else '恢复后缺少此表'}")
        elif want["rows"] != got["rows"]:
            problems.append(f"{table}:应有 {want['rows']} 行,实际 {got['rows']} 行")
        elif want["sha256"] != got["sha256"]:
            problems.append(f"{table}:行数一致但内容校验和不同")
    return problems


def restore_backup(archive: Path, *, database: dumps.Database, media_root: Path) -> RestoreReport:
    verify_checksum(archive)
    root, manifest = read_manifest(archive)
    pending = migration_check(manifest)
    check_target(database, manifest, media_root)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked next to MEDIA_ROOT: the same file system, so the files are renamed into place.
    work = Path(tempfile.mkdtemp(prefix=".bianmin-restore-", dir=media_root.parent))
    try:
        _extract(archive, root, manifest, work)
        dumps.load(database, work / manifest["database_file"])
        _move_media(work / "media", media_root)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RestoreReport(archive, manifest, compare(database, manifest), pending)

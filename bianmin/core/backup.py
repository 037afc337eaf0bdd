"""``manage.py backup``: one dated archive holding the database, the uploaded files and a manifest.

``bianmin-backup-<YYYYmmdd-HHMMSS>.tar.gz`` (Asia/Shanghai time) plus ``<archive>.sha256`` in the
format of ``sha256sum``, so ``sha256sum -c`` checks a copy anywhere. Inside, one folder named after
the archive:

- ``manifest.json`` first: time, database vendor and version, the applied migrations of every app,
  every table's row count and content checksum (read in the same snapshot as the dump), and the size
  and SHA-256 of every other file in the archive;
- ``database.sqlite3`` (SQLite online backup) or ``database.pgdump`` (``pg_dump --format=custom``);
- ``media/…``: every file under ``MEDIA_ROOT`` (scans of materials, evidence, staff photos, forms).

The database is copied before the files: an upload is written to disk before its row commits, so
every file the copied database refers to is in the archive. The archive holds personal data (ID
numbers, phones, scans): it is written readable by its owner only, under a temporary name, and
renamed into place once complete; a half-written archive never looks like a backup.
"""

import hashlib
import json
import os
import re
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from io import BytesIO
from pathlib import Path
from typing import Any

import django
from django.utils import timezone

from bianmin.core import dumps
from bianmin.core.errors import ApplicationError

FORMAT = 1
APPLICATION = "bianmin"
MANIFEST = "manifest.json"
PREFIX = "bianmin-backup-"
SUFFIX = ".tar.gz"
ARCHIVE_NAME = re.compile(r"^bianmin-backup-(\d{8}-\d{6})(?:-(\d+))?\.tar\.gz$")
_CHUNK = 1024 * 1024


@dataclass
class BackupResult:
    archive: Path
    sha256: str
    manifest: dict[str, Any]
    pruned: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(t["rows"] for t in self.manifest["tables"].values())

    @property
    def media_files(self) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.manifest["files"].items() if k.startswith("media/")}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(
    *, output_dir: Path, media_root: Path, database: dumps.Database, keep: int = 0, now: datetime | None = None
) -> BackupResult:
    """Write the archive and its checksum file into ``output_dir``; then keep the newest ``keep``
    archives there (0 = keep all)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    moment = timezone.localtime(now or timezone.now())
    name = _free_name(output_dir, moment)
    root = name.removesuffix(SUFFIX)
    archive = output_dir / name
    with tempfile.TemporaryDirectory(prefix=".bianmin-backup-work-", dir=output_dir) as work:
        snapshot = dumps.dump(database, Path(work))
        media, warnings = media_files(media_root, exclude=[output_dir])
        sources = {f"{snapshot.path.name}": snapshot.path} | {f"media/{rel}": path for rel, path in media}
        files = {rel: {"size": path.stat().st_size, "sha256": sha256_file(path)} for rel, path in sources.items()}
        manifest = {
            "format": FORMAT,
            "application": APPLICATION,
            "version": _version(),
            "django": django.get_version(),
            "created_at": moment.isoformat(timespec="seconds"),
            "vendor": database.vendor,
            "server_version": snapshot.server_version,
            "database_file": snapshot.path.name,
            "migrations": snapshot.migrations,
            "tables": snapshot.tables,
            "files": files,
        }
        partial = output_dir / f".{name}.partial"
        try:
            _write_archive(partial, root, manifest, sources)
            digest = sha256_file(partial)
            os.replace(partial, archive)
        finally:
            partial.unlink(missing_ok=True)
    _write_private(Path(f"{archive}.sha256"), f"{digest}  {name}\n".encode())
    return BackupResult(archive, digest, manifest, prune(output_dir, keep), warnings)


def _version() -> str:
    try:
        return metadata.version(APPLICATION)
    except metadata.PackageNotFoundError:
        return "unknown"


def _free_name(output_dir: Path, moment: datetime) -> str:
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    name, counter = f"{PREFIX}{stamp}{SUFFIX}", 1
    while (output_dir / name).exists():  # two backups in the same second
        counter += 1
        name = f"{PREFIX}{stamp}-{counter}{SUFFIX}"
    return name


def media_files(media_root: Path, *, exclude: list[Path]) -> tuple[list[tuple[str, Path]], list[str]]:
    """Every regular file under ``media_root`` as (posix relative path, path), sorted; symbolic links
    are not followed (reported), and the backup folder itself is left out if it lies inside."""
    if not media_root.is_dir():
        return [], []
    skip = [p.resolve() for p in exclude]
    found, warnings = [], []
    for folder, dirs, names in os.walk(media_root, followlinks=False):
        here = Path(folder)
        kept = []
        for directory in sorted(dirs):
            if (here / directory).is_symlink():
                warnings.append(f"跳过符号链接目录 {(here / directory).relative_to(media_root).as_posix()}")
            elif (here / directory).resolve() not in skip:
                kept.append(directory)
        dirs[:] = kept
        for entry in sorted(names):
            path = here / entry
            rel = path.relative_to(media_root).as_posix()
            if path.is_symlink():
                warnings.append(f"跳过符号链接 {rel}(只备份普通文件)")
            elif path.is_file():
                found.append((rel, path))
    return found, warnings


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


def _write_private(path: Path, content: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "wb", opener=_opener) as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


class _HashingReader:
    """Reads a file for tarfile while hashing it, so a file changed since the manifest is caught."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def _write_archive(partial: Path, root: str, manifest: dict[str, Any], sources: dict[str, Path]) -> None:
    with open(partial, "xb", opener=_opener) as raw:
        with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
            body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            tar.addfile(_info(f"{root}/{MANIFEST}", len(body)), BytesIO(body))
            for rel, path in sources.items():
                expected = manifest["files"][rel]
                with open(path, "rb") as handle:
                    reader = _HashingReader(handle)
                    try:
                        tar.addfile(_info(f"{root}/{rel}", expected["size"]), reader)
                    except OSError as exc:
                        raise ApplicationError(f"文件在备份过程中被改动:{rel}。请重新运行备份。") from exc
                if reader.digest.hexdigest() != expected["sha256"]:
                    raise ApplicationError(f"文件在备份过程中被改动:{rel}。请重新运行备份。")
        raw.flush()
        os.fsync(raw.fileno())


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    return info


def archives(output_dir: Path) -> list[Path]:
    """Complete archives in ``output_dir``, oldest first."""
    found = []
    for path in output_dir.iterdir() if output_dir.is_dir() else []:
        if match := ARCHIVE_NAME.match(path.name):
            found.append(((match.group(1), int(match.group(2) or 1)), path))
    return [path for _, path in sorted(found)]


def prune(output_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives (and their checksum files); 0 keeps everything."""
    if keep <= 0:
        return []
    old = archives(output_dir)[:-keep]
    for path in old:
        Path(f"{path}.sha256").unlink(missing_ok=True)
        path.unlink(missing_ok=True)
    return old

"""Backup and restore (issue #12): the demo county goes out to an archive and back into an empty
database, and comes back identical; every refusal writes nothing.

The round trip seeds the demo county with a slice of its cases and uploaded scans in real transactions
(``pg_dump`` and the SQLite backup API read committed data only), runs ``manage.py backup``, restores
with ``manage.py restore`` in a separate process into a new empty database (PostgreSQL
``<test db>_restore``, SQLite a new file) and a new ``MEDIA_ROOT``, and then compares, independently
of the manifest the code wrote: every table's row count, a SHA-256 over the ordered rows of
``cases_case`` and ``cases_caseevent``, every uploaded file's SHA-256, and (PostgreSQL) that every
id sequence is past its table's largest id, so the next case can be saved. The figures go to
test-artifacts/reliability-restore-<vendor>.txt and pytest's summary.
"""

import hashlib
import importlib
import io
import json
import subprocess
import sys
import tarfile
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from bianmin.cases import services
from bianmin.cases.models import Case
from bianmin.cases.workflow import OPEN
from bianmin.core import backup, dumps, restore
from bianmin.core.errors import ApplicationError
from bianmin.core.tests import figures
from bianmin.core.tests.live import BASE_DIR, ScratchDatabase, server_env
from bianmin.demo import seed
from bianmin.demo.seed_cases import seed_cases
from bianmin.demo.seed_catalogue import seed_catalogue
from bianmin.demo.seed_complaints import seed_complaints
from bianmin.demo.seed_findings import seed_findings
from bianmin.demo.seed_operations import seed_operations
from bianmin.workcalendar.deadlines import CHINA

pytestmark = pytest.mark.django_db

DEMO_VOLUME = 0.02
SCANS = 4


@pytest.fixture
def reference_data(transactional_db):
    """Real transactions: earlier transactional tests flushed what migrations put in; put it back."""
    from django.apps import apps

    from bianmin.org.roles import sync_role_groups

    importlib.import_module("bianmin.org.migrations.0002_business_lines_of_the_plan").add_lines(apps, None)
    sync_role_groups()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (24, 24), (len(text) * 40 % 255, 120, 200)).save(buffer, format="PNG")
    upload = SimpleUploadedFile(f"{text}.png", buffer.getvalue(), content_type="image/png")
    upload.detected_content_type = "image/png"
    return upload


@pytest.fixture
def demo(reference_data, media):
    """The demo county as ``seed_demo`` builds it — calendar, 16 centres with windows, points and
    staff, the catalogue and implementation lists, a slice of the year's cases (with consultations
    and point records), attendance, leave, logs, patrols, complaints, inspections — minus the monthly
    reports and the assessment, which are compiled from those records and would double the time."""
    call_command("seed_calendar", stdout=StringIO())
    seed.seed_demo()
    seed_catalogue()
    seed_cases(volume=DEMO_VOLUME)
    seed_operations()
    seed_complaints()
    seed_findings()
    open_cases = Case.objects.filter(status__in=OPEN, agency_point__isnull=True).select_related("handler")
    for number, case in enumerate(open_cases.exclude(handler=None)[:SCANS]):
        services.case_attach(case=case, actor=case.handler, file=png(f"扫描件{number}"))
    assert sum(1 for p in Path(media).rglob("*") if p.is_file()) == SCANS


def ordered_rows_sha256(conn, table: str) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    for row in conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall():
        digest.update(repr(row).encode())
        count += 1
    return count, digest.hexdigest()


def file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def source_database() -> dumps.Database:
    return dumps.Database.configured()


def counts_via_django() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def counts_raw(conn, vendor: str) -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in dumps.table_names(conn, vendor)}


def sequences_behind(conn) -> tuple[int, list[str]]:
    """PostgreSQL: (sequences checked, those that would hand out an id already taken)."""
    behind, checked = [], 0
    with_id = conn.execute(
        "SELECT table_name FROM information_schema.columns "
        "WHERE column_name = 'id' AND table_schema = ANY(current_schemas(false))"
    ).fetchall()
    for (table,) in with_id:
        (sequence,) = conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table]).fetchone()
        if not sequence:
            continue
        checked += 1
        (largest,) = conn.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()
        (last, called) = conn.execute(f"SELECT last_value, is_called FROM {sequence}").fetchone()
        if (last if called else last - 1) < largest:
            behind.append(f"{table}: sequence at {last}, largest id {largest}")
    return checked, behind


def run_restore(archive: Path, target: ScratchDatabase, media_root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=BASE_DIR,
        env=server_env(target.url(), media_root),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_it_restores_the_demo_county_identically_into_an_empty_database(demo, media, tmp_path):
    out = StringIO()
    call_command("backup", output_dir=tmp_path / "backups", keep=0, stdout=out)
    (archive,) = backup.archives(tmp_path / "backups")
    assert "备份完成" in out.getvalue()

    target = ScratchDatabase("restore", tmp_path).create()
    try:
        result = run_restore(archive, target, tmp_path / "restored-media")
        assert result.returncode == 0, result.stderr
        assert "行数和内容校验和与备份清单完全一致" in result.stdout

        source_counts = counts_via_django()
        with dumps.dbapi(source_database()) as src, dumps.dbapi(target.database) as dst:
            restored_counts = counts_raw(dst, target.vendor)
            checksums = {
                t: (ordered_rows_sha256(src, t), ordered_rows_sha256(dst, t)) for t in ("cases_case", "cases_caseevent")
            }
            sequences, behind = sequences_behind(dst) if target.vendor == "postgresql" else (0, [])
        media_before, media_after = file_hashes(Path(media)), file_hashes(tmp_path / "restored-media")
    finally:
        target.drop()

    assert restored_counts == source_counts
    for table, (before, after) in checksums.items():
        assert before == after, table
    assert media_after == media_before and len(media_after) == SCANS
    assert behind == [] and (sequences > 50 or target.vendor == "sqlite")
    cases, events = checksums["cases_case"][0][0], checksums["cases_caseevent"][0][0]
    assert cases > 100 and events > cases

    figures.record(
        "restore",
        target.label,
        f"restore round trip: {len(source_counts)} tables, {sum(source_counts.values())} rows "
        f"({cases} cases, {events} case events, {len(media_after)} uploaded files); row counts differing 0, "
        f"cases/events checksum {'equal' if all(b == a for b, a in checksums.values()) else 'DIFFERENT'}, "
        f"files differing 0; archive {archive.stat().st_size // 1024} KB",
        [
            f"cases_case sha256 {checksums['cases_case'][0][1]}",
            f"cases_caseevent sha256 {checksums['cases_caseevent'][0][1]}",
        ],
    )


# --- refusals and housekeeping: the test database as it is (what matters is that nothing is written)


@pytest.fixture
def archive(media, tmp_path) -> Path:
    Path(media, "staff").mkdir(parents=True)
    Path(media, "staff", "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    result = backup.create_backup(output_dir=tmp_path / "out", media_root=Path(media), database=source_database())
    return result.archive


def sqlite_target(tmp_path) -> dumps.Database:
    return dumps.Database(dumps.SQLITE, {"NAME": str(tmp_path / "target" / "db.sqlite3")})


def empty_target(tmp_path):
    """(database, cleanup) of an empty database of the vendor under test."""
    if connection.vendor == "sqlite":
        return sqlite_target(tmp_path), lambda: None
    scratch = ScratchDatabase("refusal", tmp_path).create()
    return scratch.database, scratch.drop


def nothing_written(database: dumps.Database, media_root: Path) -> bool:
    return dumps.relations_in(database) == 0 and not any(media_root.glob("**/*"))


def test_it_writes_a_private_archive_with_manifest_and_sha256sum_file(archive):
    assert archive.name.startswith("bianmin-backup-") and archive.stat().st_mode & 0o077 == 0
    sidecar = Path(f"{archive}.sha256").read_text()
    assert sidecar == f"{backup.sha256_file(archive)}  {archive.name}\n"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(names[0]))
    root = archive.name.removesuffix(".tar.gz")
    assert names[0] == f"{root}/manifest.json"
    assert set(names[1:]) == {f"{root}/{rel}" for rel in manifest["files"]}
    assert manifest["vendor"] == connection.vendor and "cases" in manifest["migrations"]
    assert manifest["files"]["media/staff/photo.png"]["size"] == 72
    assert {"cases_case", "cases_caseevent", "org_centre"} <= set(manifest["tables"])


def test_it_refuses_an_archive_that_does_not_match_its_checksum(archive, tmp_path):
    with open(archive, "r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00\x01\x02")
    target = sqlite_target(tmp_path)
    with pytest.raises(ApplicationError, match="校验失败") as refused:
        restore.restore_backup(archive, database=target, media_root=tmp_path / "m")
    assert "未写入任何数据" in refused.value.message
    assert not Path(target.settings["NAME"]).exists() and not (tmp_path / "m").exists()


def test_it_refuses_without_the_checksum_file(archive, tmp_path):
    Path(f"{archive}.sha256").unlink()
    with pytest.raises(CommandError, match=r"找不到校验文件 .*\.sha256"):
        call_command("restore", str(archive))


def repack(archive: Path, change) -> None:
    """Rewrite the archive with ``change(manifest)`` applied and a matching checksum file."""
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    manifest = json.loads(members[0][1])
    change(manifest)
    body = json.dumps(manifest).encode()
    members[0][0].size = len(body)
    members[0] = (members[0][0], body)
    with tarfile.open(archive, "w:gz") as tar:
        for member, content in members:
            tar.addfile(member, io.BytesIO(content))
    Path(f"{archive}.sha256").write_text(f"{backup.sha256_file(archive)}  {archive.name}\n")


def test_it_refuses_a_backup_made_by_newer_code(archive, tmp_path):
    repack(archive, lambda m: m["migrations"]["cases"].append("0099_from_the_future"))
    target = sqlite_target(tmp_path)
    with pytest.raises(ApplicationError, match=r"cases\.0099_from_the_future"):
        restore.restore_backup(archive, database=target, media_root=tmp_path / "m")
    assert not Path(target.settings["NAME"]).exists()


def test_it_refuses_a_file_changed_inside_the_archive(archive, tmp_path):
    repack(archive, lambda m: m["files"]["media/staff/photo.png"].update(sha256="0" * 64))
    database, cleanup = empty_target(tmp_path)
    try:
        with pytest.raises(ApplicationError, match="与清单记录不符"):
            restore.restore_backup(archive, database=database, media_root=tmp_path / "m")
        assert nothing_written(database, tmp_path / "m")
    finally:
        cleanup()


def test_it_refuses_another_vendor(archive, tmp_path):
    other = (
        dumps.Database(dumps.POSTGRESQL, {"NAME": "elsewhere", "HOST": "127.0.0.1"})
        if connection.vendor == "sqlite"
        else sqlite_target(tmp_path)
    )
    with pytest.raises(ApplicationError, match="不支持跨数据库类型恢复"):
        restore.restore_backup(archive, database=other, media_root=tmp_path / "m")


def test_it_refuses_a_database_that_is_not_empty(archive, tmp_path):
    with pytest.raises(ApplicationError, match="不是空的") as refused:
        restore.restore_backup(archive, database=source_database(), media_root=tmp_path / "m")
    assert "恢复只写入空数据库" in refused.value.message and not (tmp_path / "m").exists()


def test_it_refuses_a_media_folder_that_is_not_empty(archive, tmp_path):
    database, cleanup = empty_target(tmp_path)
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "keep.txt").write_text("old")
    try:
        with pytest.raises(ApplicationError, match=r"上传文件目录 .* 不是空的"):
            restore.restore_backup(archive, database=database, media_root=tmp_path / "m")
        assert dumps.relations_in(database) == 0
        assert [p.name for p in (tmp_path / "m").iterdir()] == ["keep.txt"]
    finally:
        cleanup()


def test_it_keeps_the_newest_archives(media, tmp_path):
    out = tmp_path / "out"
    moments = [datetime(2026, 3, day, 2, 0, tzinfo=CHINA) for day in (1, 2, 3)]
    for moment in moments:
        backup.create_backup(output_dir=out, media_root=Path(media), database=source_database(), keep=2, now=moment)
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "bianmin-backup-20260302-020000.tar.gz",
        "bianmin-backup-20260302-020000.tar.gz.sha256",
        "bianmin-backup-20260303-020000.tar.gz",
        "bianmin-backup-20260303-020000.tar.gz.sha256",
    ]
    again = backup.create_backup(output_dir=out, media_root=Path(media), database=source_database(), now=moments[2])
    assert again.archive.name == "bianmin-backup-20260303-020000-2.tar.gz"  # same second: a new name
    assert backup.archives(out)[-1] == again.archive


def test_it_leaves_a_backup_folder_inside_media_out_of_the_archive(media, tmp_path):
    Path(media).mkdir()
    (Path(media) / "a.pdf").write_bytes(b"%PDF-1.4 %%EOF")
    result = backup.create_backup(
        output_dir=Path(media) / "backups", media_root=Path(media), database=source_database()
    )
    assert list(result.media_files) == ["media/a.pdf"]


def test_it_restores_and_reports_any_table_that_then_differs_from_the_manifest(archive, tmp_path):
    database, cleanup = empty_target(tmp_path)
    try:
        report = restore.restore_backup(archive, database=database, media_root=tmp_path / "m")
        assert report.mismatches == [] and report.pending_migrations == []
        assert (tmp_path / "m" / "staff" / "photo.png").read_bytes().startswith(b"\x89PNG")
        with dumps.dbapi(database) as conn:
            changed = conn.execute("UPDATE django_content_type SET model = model || '_x' WHERE app_label = 'cases'")
            deleted = conn.execute("DELETE FROM django_migrations WHERE app = 'cases'").rowcount
            assert changed.rowcount > 0 and deleted > 0
            conn.commit()
        rows = report.manifest["tables"]["django_migrations"]["rows"]
        assert restore.compare(database, report.manifest) == [
            "django_content_type:行数一致但内容校验和不同",
            f"django_migrations:应有 {rows} 行,实际 {rows - deleted} 行",
        ]
    finally:
        cleanup()


def test_it_accepts_a_backup_of_older_code_and_names_the_migrations_to_run():
    from django.db.migrations.loader import MigrationLoader

    known = sorted(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newest_cases = max(name for app, name in known if app == "cases")
    applied: dict[str, list[str]] = {}
    for app, name in known:
        if (app, name) != ("cases", newest_cases):
            applied.setdefault(app, []).append(name)
    assert restore.migration_check({"migrations": applied}) == [f"cases.{newest_cases}"]

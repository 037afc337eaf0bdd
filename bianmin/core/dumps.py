"""Copying a whole database in and out, for ``manage.py backup`` and ``manage.py restore``.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot while the
site keeps running. PostgreSQL: ``pg_dump --format=custom`` inside an exported snapshot, and
``pg_restore --single-transaction`` (all or nothing). The row counts and content checksums written to
the manifest are read inside the same snapshot as the dump, so a restore can be compared exactly.

Everything here goes through plain DB-API connections (sqlite3, psycopg) built from a Django
``DATABASES`` entry, never through Django's own connection: a backup must not disturb the
transactions of the request or command that runs it. The PostgreSQL password reaches the client
programs through ``PGPASSWORD`` in their environment, never on a command line or in a log.
"""

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from bianmin.core.errors import ApplicationError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
VENDOR_LABELS = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
# Keys of a Django OPTIONS dict that are not libpq connection parameters.
_DJANGO_ONLY_OPTIONS = {"isolation_level", "server_side_binding", "assume_role", "pool", "cursor_factory", "context"}
_CHECKSUM_MODULUS = 2**256
_BATCH = 2000


@dataclass(frozen=True)
class Database:
    """One database as configured in ``DATABASES`` (the live one, or a restore target)."""

    vendor: str
    settings: dict[str, Any] = field(hash=False)

    @classmethod
    def configured(cls, alias: str = "default") -> "Database":
        entry = dict(connections[alias].settings_dict)
        vendor = connections[alias].vendor
        if vendor not in VENDOR_LABELS:
            raise ApplicationError(f"不支持备份 {vendor} 数据库,只支持 SQLite 和 PostgreSQL。")
        return cls(vendor, entry)

    @property
    def label(self) -> str:
        return VENDOR_LABELS[self.vendor]

    @property
    def sqlite_path(self) -> Path:
        name = str(self.settings["NAME"])
        if name in ("", ":memory:") or name.startswith("file:"):
            raise ApplicationError("内存中的 SQLite 数据库无法备份或恢复,请在 DATABASE_URL 中配置数据库文件。")
        return Path(name)

    def libpq_params(self) -> dict[str, str]:
        """Connection parameters without the password (safe for a command line)."""
        params = {key: str(value) for key, value in self.settings.get("OPTIONS", {}).items()}
        for key in _DJANGO_ONLY_OPTIONS:
            params.pop(key, None)
        for key, setting in (("dbname", "NAME"), ("user", "USER"), ("host", "HOST"), ("port", "PORT")):
            if self.settings.get(setting):
                params[key] = str(self.settings[setting])
        return params

    def conninfo(self) -> str:
        from psycopg.conninfo import make_conninfo

        return make_conninfo(**self.libpq_params())

    def client_env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        if self.settings.get("PASSWORD"):
            env["PGPASSWORD"] = str(self.settings["PASSWORD"])
        return env


@contextmanager
def dbapi(database: Database, *, path: Path | None = None) -> Iterator[Any]:
    """A plain DB-API connection (sqlite3 or psycopg) to ``database`` (or to the SQLite file ``path``)."""
    if database.vendor == SQLITE:
        conn = sqlite3.connect(path or database.sqlite_path, timeout=30)
        try:
            yield conn
        finally:
            conn.close()
        return
    import psycopg

    password = database.settings.get("PASSWORD") or None
    with psycopg.connect(database.conninfo(), password=password) as conn:
        # UTC for the session: checksums over timestamps must not depend on the server's TimeZone.
        conn.autocommit = True
        conn.execute("SET TIME ZONE 'UTC'")
        conn.autocommit = False
        yield conn


# --- reading --------------------------------------------------------------------------------------


def table_names(conn, vendor: str) -> list[str]:
    if vendor == SQLITE:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = ANY(current_schemas(false))"
    return sorted(row[0] for row in conn.execute(sql).fetchall())


def relation_count(conn, vendor: str) -> int:
    """Tables, views and sequences a restore would collide with (0 = an empty database)."""
    if vendor == SQLITE:
        sql = (
            "SELECT count(*) FROM sqlite_master "
            "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        )
        return conn.execute(sql).fetchone()[0]
    sql = (
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
        "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
    )
    return conn.execute(sql).fetchone()[0]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rows(conn, vendor: str, table: str) -> Iterator[tuple]:
    sql = f"SELECT * FROM {_quote(table)}"  # noqa: S608 - the name comes from the catalogue, quoted
    if vendor == SQLITE:
        cursor = conn.execute(sql)
    else:
        cursor = conn.cursor(name="bianmin_table_stats")  # server-side: constant memory
        cursor.itersize = _BATCH
        cursor.execute(sql)
    try:
        while batch := cursor.fetchmany(_BATCH):
            yield from batch
    finally:
        cursor.close()


def row_digest(row: tuple) -> int:
    return int.from_bytes(hashlib.sha256(repr(row).encode()).digest(), "big")


def table_stats(conn, vendor: str) -> dict[str, dict[str, Any]]:
    """Row count and an order-independent checksum of every table's rows.

    The checksum is the sum of the rows' SHA-256 (mod 2^256): independent of the order the server
    returns rows in (which may differ after a restore, e.g. under another collation), and any changed,
    missing or extra row changes it.
    """
    stats = {}
    for table in table_names(conn, vendor):
        count, total = 0, 0
        for row in _rows(conn, vendor, table):
            count += 1
            total = (total + row_digest(row)) % _CHECKSUM_MODULUS
        stats[table] = {"rows": count, "sha256": f"{total:064x}"}
    return stats


def applied_migrations(conn) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    try:
        rows = conn.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
    except Exception as exc:
        raise ApplicationError("数据库中没有迁移记录表(django_migrations),不是本系统的数据库,无法备份。") from exc
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return applied


def server_version(conn, vendor: str) -> str:
    if vendor == SQLITE:
        return sqlite3.sqlite_version
    return conn.execute("SHOW server_version").fetchone()[0].split()[0]


@dataclass
class Snapshot:
    """What a dump holds: the file written, and the figures read in the same snapshot."""

    path: Path
    server_version: str
    migrations: dict[str, list[str]]
    tables: dict[str, dict[str, Any]]


# --- dumping --------------------------------------------------------------------------------------


def dump(database: Database, dest_dir: Path) -> Snapshot:
    if database.vendor == SQLITE:
        return _dump_sqlite(database, dest_dir / "database.sqlite3")
    return _dump_postgresql(database, dest_dir / "database.pgdump")


def _dump_sqlite(database: Database, dest: Path) -> Snapshot:
    source = database.sqlite_path
    if not source.is_file():
        raise ApplicationError(f"SQLite 数据库文件不存在:{source}")
    with (
        # Not read-only: after a crash the first connection must be able to roll back a hot journal.
        closing(sqlite3.connect(source, timeout=30)) as src,
        closing(sqlite3.connect(dest)) as copy,
    ):
        src.backup(copy)  # one step: a consistent snapshot even while the site writes
    # The figures come from the copy, so they describe exactly what the archive holds.
    with closing(sqlite3.connect(dest)) as copy:
        if (check := copy.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
            raise ApplicationError(f"SQLite 数据库完整性检查未通过({check}),已停止备份。")
        return Snapshot(dest, server_version(copy, SQLITE), applied_migrations(copy), table_stats(copy, SQLITE))


def _dump_postgresql(database: Database, dest: Path) -> Snapshot:
    from psycopg import IsolationLevel

    with dbapi(database) as conn:
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            version = server_version(conn, POSTGRESQL)
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            run_client(
                database,
                "pg_dump",
                version,
                ["--format=custom", f"--snapshot={snapshot}", f"--file={dest}", f"--dbname={database.conninfo()}"],
            )
            return Snapshot(dest, version, applied_migrations(conn), table_stats(conn, POSTGRESQL))


# --- loading --------------------------------------------------------------------------------------


def load(database: Database, dump_file: Path) -> None:
    """Write ``dump_file`` into the (empty) ``database``: all of it, or nothing."""
    if database.vendor == SQLITE:
        target = database.sqlite_path
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(dump_file)) as src, closing(sqlite3.connect(target, timeout=30)) as dst:
            src.backup(dst)
        return
    with dbapi(database) as conn:
        version = server_version(conn, POSTGRESQL)
    run_client(
        database,
        "pg_restore",
        version,
        [
            "--no-owner",  # objects belong to the role that restores (the site's role)
            "--no-privileges",  # grants name roles of the old server that may not exist here
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database.conninfo()}",
            str(dump_file),
        ],
    )
    with dbapi(database) as conn:
        conn.autocommit = True
        conn.execute("ANALYZE")  # pg_restore leaves the planner without statistics


def relations_in(database: Database) -> int:
    """Tables, views and sequences in a restore target (0 = empty), without creating it."""
    if database.vendor == SQLITE:
        path = database.sqlite_path
        if not path.exists() or path.stat().st_size == 0:
            return 0
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return relation_count(conn, SQLITE)
    import psycopg

    try:
        with dbapi(database) as conn:
            return relation_count(conn, POSTGRESQL)
    except psycopg.OperationalError as exc:
        raise ApplicationError(
            f"无法连接目标数据库 {database.settings.get('NAME')}:请先用 createdb 建立一个空数据库,"
            f"并确认 DATABASE_URL 中的地址、用户和密码。({_first_line(exc)})"
        ) from exc


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# --- PostgreSQL client programs -------------------------------------------------------------------


def _major(version: str) -> int:
    match = re.match(r"(\d+)", version)
    return int(match.group(1)) if match else 0


def find_client(program: str, server_version: str) -> Path:
    """``pg_dump``/``pg_restore`` able to talk to a server of ``server_version``.

    ``BACKUP_PG_BIN_DIR`` wins; then Debian's /usr/lib/postgresql/<major>/bin of the same major (or the
    nearest newer one: a newer pg_dump reads older servers, never the other way round); then PATH.
    """
    major = _major(server_version)
    candidates: list[Path] = []
    if configured := getattr(settings, "BACKUP_PG_BIN_DIR", ""):
        candidates.append(Path(configured) / program)
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        majors = sorted(int(p.name) for p in debian.iterdir() if p.name.isdigit() and int(p.name) >= major)
        candidates += [debian / str(m) / "bin" / program for m in majors]
    if found := shutil.which(program):
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK) and _client_major(candidate) >= major:
            return candidate
    raise ApplicationError(
        f"未找到版本不低于 {major} 的 {program}(数据库服务器版本 {server_version})。"
        f"请安装 postgresql-client-{major},或用 BACKUP_PG_BIN_DIR 指定其所在目录。"
    )


def _client_major(program: Path) -> int:
    # The programs come from settings, Debian's fixed folders or PATH; arguments are built here.
    result = subprocess.run(  # noqa: S603
        [str(program), "--version"], capture_output=True, text=True, check=False, timeout=30
    )
    match = re.search(r"\)\s*(\d+)", result.stdout)  # "pg_dump (PostgreSQL) 15.18 (Debian …)"
    return int(match.group(1)) if match else 0


def run_client(database: Database, program: str, server_version: str, args: list[str]) -> None:
    executable = find_client(program, server_version)
    result = subprocess.run(  # noqa: S603 - see _client_major
        [str(executable), *args],
        env=database.client_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = "\n".join(result.stderr.strip().splitlines()[-5:]) or f"退出码 {result.returncode}"
        raise ApplicationError(f"{program} 执行失败:{detail}")

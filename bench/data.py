"""The benchmarks' data: one generated county or province per database (``bianmin.loadgen``), shared
by every benchmark that asks for the same shape.

A benchmark database is a SQLite file (``bench/.data/…``) or a PostgreSQL database whose name
contains "bench" — its schema is dropped and rebuilt, so it can never be the application's. The
shape and what was written are stored in the ``bench_shape`` table; ``--reuse`` keeps data
generated earlier with the same shape (so ``make bench`` generates the county once for the report,
page and assessment benchmarks).
"""

import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
DOCS = ROOT / "docs" / "performance.md"
SHAPE_TABLE = "bench_shape"
# Planner statistics may run a few minutes behind a big load on a live server; the benchmarks start
# from what autovacuum leaves behind: fresh statistics and visibility map.


def configure(database_url: str) -> None:
    """Django on the benchmark database, with DEBUG off (it would keep every query in memory)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG is off: a real-looking key
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")  # the test client's, loopback
    import django

    django.setup()


def ensure_static() -> None:
    """The collected static files with their manifest: pages render with DEBUG off as in production."""
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)


def database_url(args_url: str, sqlite: str) -> str:
    """``args_url`` (or BENCH_DATABASE_URL) when given, else the SQLite file ``sqlite``."""
    url = args_url or os.environ.get("BENCH_DATABASE_URL", "")
    if url:
        if not url.startswith(("sqlite:", "postgres://", "postgresql://")):
            raise SystemExit("--database-url must be a sqlite: or postgres:// URL")
        return url
    Path(sqlite).parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(sqlite).resolve()}"


def shown(argv: list[str]) -> list[str]:
    """The command line as documented: database URLs replaced by $DATABASE_URL."""
    return [a if not a.startswith(("postgres://", "postgresql://")) else "$DATABASE_URL" for a in argv]


def stored() -> dict | None:
    from django.db import connection

    if SHAPE_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT shape FROM {SHAPE_TABLE}")  # noqa: S608 - a constant name
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _store(shape, written) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {SHAPE_TABLE} (shape TEXT)")
        cursor.execute(f"DELETE FROM {SHAPE_TABLE}")  # noqa: S608 - a constant name
        value = json.dumps({"shape": shape.key(), "written": written.as_json()})
        cursor.execute(f"INSERT INTO {SHAPE_TABLE} (shape) VALUES (%s)", [value])  # noqa: S608


def prepare(shape, *, reuse: bool, progress: Callable[[str], None] = print, password: str | None = None):
    """Migrate and generate ``shape`` unless ``reuse`` finds it there: (Written, reused?)."""
    from django.core.management import call_command
    from django.db import connection

    from bianmin.cases.models import Case
    from bianmin.loadgen.generate import Written, run

    if reuse:
        call_command("migrate", verbosity=0)
        found = stored()
        if found and found.get("shape") == shape.key() and Case.objects.exists():
            return Written.from_json(found.get("written", {})), True
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        name.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    else:
        name = connection.settings_dict["NAME"]
        if "bench" not in name:
            raise SystemExit(f"refusing to overwrite PostgreSQL database {name!r}: its name must contain 'bench'")
        with connection.cursor() as cursor:  # a clean schema, as a new SQLite file is
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    progress(f"schema migrated; generating {shape.describe()} ...")
    begin = perf_counter()
    written = run(shape, password=password, progress=progress)
    rate = written.rows / written.seconds
    progress(f"generated {written.rows:,} rows in {perf_counter() - begin:.0f} s ({rate:,.0f} rows/s)")
    _store(shape, written)
    return written, False


def describe_data(written, reused: bool) -> str:
    """One line for the docs: where the data came from, how fast it was written, the big tables."""
    big = ("cases_case", "cases_caseevent", "cases_notice", "supervision_rating", "cases_consultation")
    tables = ", ".join(f"{t} {written.tables[t]:,}" for t in big if t in written.tables)
    speed = f"{written.rows:,} rows in {written.seconds:.0f} s, {written.rows / written.seconds:,.0f} rows/s"
    how = "reused; generated by an earlier run" if reused else "generated by this run"
    return f"`manage.py generate_load_data` generator (`bianmin/loadgen`), {how}: {speed} ({tables}); {size()} on disk"


def size() -> str:
    """The database's size on disk, for the docs."""
    from django.db import connection

    if connection.vendor == "sqlite":
        bytes_ = Path(connection.settings_dict["NAME"]).stat().st_size
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            bytes_ = cursor.fetchone()[0]
    return f"{bytes_ / 1024**3:,.1f} GB"


def server() -> str:
    """The database and its memory settings, for the docs."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"sqlite {cursor.fetchone()[0]}"
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        settings = []
        for name in ("shared_buffers", "work_mem"):
            cursor.execute(f"SHOW {name}")
            settings.append(f"{name} {cursor.fetchone()[0]}")
    return f"postgresql {version} ({', '.join(settings)})"


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def splice(existing: str | None, new_section: str, start_marker: str, end_marker: str) -> str:
    """``existing`` with the section between the markers replaced (or appended), the rest unchanged."""
    if existing is None:
        return "# Performance\n\n" + new_section
    start, end = existing.find(start_marker), existing.find(end_marker)
    if start == -1 and end == -1:
        return existing.rstrip("\n") + "\n\n" + new_section
    if start == -1 or end == -1 or end < start:
        raise ValueError(f"unbalanced {start_marker} / {end_marker} markers")
    after = existing[end + len(end_marker) :]
    return existing[:start] + new_section + (after[1:] if after.startswith("\n") else after)


BENCH_YEARS = {"county": 5, "province": 1}  # county: ~2 M cases, the page and report size


def bench_shape(scale: str = "county", **changes):
    """The benchmarks' shape of ``scale`` (fixed "now"; county: 5 years), with ``changes`` (None: default)."""
    from bianmin.loadgen.shape import BENCH_NOW, shape_for

    values = {"years": BENCH_YEARS[scale], "now": BENCH_NOW}
    values.update({k: v for k, v in changes.items() if v is not None})
    return shape_for(scale, **values)

"""Typed helpers that read settings from the environment and fail loudly on a bad value."""

import os
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_number(name: str, default: float | None, cast: type[float] | type[int] = float) -> float | None:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return cast(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_database_url(url: str, base_dir: Path) -> dict[str, object]:
    """Turn DATABASE_URL into a DATABASES entry.

    Supported: ``sqlite:///relative/path.sqlite3``, ``sqlite:////absolute/path``,
    ``postgres://user:password@host:port/name?sslmode=require`` (also ``postgresql://``). Two options
    of ours on a PostgreSQL URL (docs/deployment.md, "Scaling out"):

    - ``pool=N``: Django's own connection pool (psycopg_pool) of at most N connections per process,
      instead of one persistent connection per process;
    - ``pgbouncer=1``: the server is pgbouncer in transaction pooling mode — no server-side cursors
      (a cursor cannot outlive the transaction pgbouncer lends a server connection for).
    """
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        name = Path(path[1:]) if path.startswith("//") else base_dir / path.lstrip("/")
        # IMMEDIATE: a transaction takes the write lock when it begins and waits for it (timeout),
        # instead of failing with "database is locked" when it upgrades a read lock mid-way.
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # A file, not shared-cache memory, so threads in concurrency tests lock like production.
            "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"bianmin-test-{os.getpid()}.sqlite3")},
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        options: dict[str, object] = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        pool = options.pop("pool", "")
        pgbouncer = str(options.pop("pgbouncer", "")).lower() in TRUE_WORDS
        if pool and not str(pool).isdigit():
            raise ImproperlyConfigured(f"DATABASE_URL pool must be a number of connections, got {pool!r}")
        if pool and pgbouncer:
            raise ImproperlyConfigured("DATABASE_URL: use pool or pgbouncer, not both")
        if pool:
            options["pool"] = {"min_size": 1, "max_size": int(str(pool)), "timeout": 10}
        # A database host that drops packets would otherwise hold a request until the worker is killed
        # (a bare 502 from the proxy); with a limit the site answers its 503 page (core/error_pages.py).
        options.setdefault("connect_timeout", "10")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "OPTIONS": options,
            # One persistent connection per process, or the pool's (which must not be persistent).
            "CONN_MAX_AGE": 0 if pool else 60,
            "CONN_HEALTH_CHECKS": True,
            "DISABLE_SERVER_SIDE_CURSORS": pgbouncer,
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parsed.scheme!r} is not supported (sqlite or postgres)")


def secret_key_is_weak(key: str, development_key: str) -> bool:
    """Django's own test (security.W009) plus the known defaults: the development key, Django's
    ``django-insecure-`` start-project keys and obvious placeholders."""
    lowered = key.lower()
    placeholder = any(word in lowered for word in ("change-me", "changeme", "secret-key", "your-secret"))
    return (
        key == development_key or key.startswith("django-insecure") or placeholder or len(key) < 50 or len(set(key)) < 5
    )

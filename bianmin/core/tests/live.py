"""Real databases, a real server process and a plain HTTP client for the reliability tests.

Django's test client runs inside the test process, so it cannot be killed or cut off from its
database. These tests start ``gunicorn`` (the production server) in its own process group, point it
at a scratch database beside the test database (PostgreSQL ``<test db>_<suffix>``, created and
dropped here; SQLite a file in a temporary folder), and talk to it over TCP with ``http.client``,
keeping cookies per simulated browser.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import connection

from bianmin.core import dumps

BASE_DIR = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ScratchDatabase:
    """An extra database for one test: created empty, dropped afterwards."""

    def __init__(self, suffix: str, folder: Path) -> None:
        self.vendor = connection.vendor
        self.base = dict(settings.DATABASES["default"])
        if self.vendor == "postgresql":
            self.name = f"{self.base['NAME']}_{suffix}"
        else:
            self.name = str(folder / "db" / f"{suffix}.sqlite3")

    @property
    def label(self) -> str:
        return dumps.VENDOR_LABELS[dumps.SQLITE if self.vendor == "sqlite" else dumps.POSTGRESQL]

    @property
    def database(self) -> dumps.Database:
        if self.vendor == "postgresql":
            return dumps.Database(dumps.POSTGRESQL, {**self.base, "NAME": self.name})
        return dumps.Database(dumps.SQLITE, {"NAME": self.name})

    def url(self, *, port: int | None = None) -> str:
        """DATABASE_URL of this database (through ``port`` on loopback if given: a forwarder)."""
        if self.vendor != "postgresql":
            return f"sqlite:///{self.name}"  # an absolute path: sqlite:////tmp/…
        user = quote(self.base.get("USER") or "", safe="")
        password = quote(self.base.get("PASSWORD") or "", safe="")
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = "127.0.0.1" if port else (self.base.get("HOST") or "127.0.0.1")
        return f"postgres://{credentials}{host}:{port or self.base.get('PORT') or 5432}/{quote(self.name)}"

    @contextmanager
    def _admin(self):
        import psycopg

        maintenance = dumps.Database(dumps.POSTGRESQL, {**self.base, "NAME": "postgres"})
        with psycopg.connect(maintenance.conninfo(), password=self.base.get("PASSWORD") or None) as conn:
            conn.autocommit = True
            yield conn

    def create(self) -> "ScratchDatabase":
        if self.vendor == "postgresql":
            from psycopg import sql

            with self._admin() as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        else:
            Path(self.name).parent.mkdir(parents=True, exist_ok=True)
        return self

    def drop(self) -> None:
        if self.vendor == "postgresql":
            from psycopg import sql

            with self._admin() as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
        else:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(self.name + suffix).unlink(missing_ok=True)

    def rows(self, query: str) -> list[tuple]:
        with dumps.dbapi(self.database) as conn:
            return list(conn.execute(query).fetchall())


def server_env(database_url: str, media_root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        BIANMIN_TESTING="1",  # test settings: fast password hashing, static files from the finders
        DEBUG="0",  # production error pages, as in the field
        SECRET_KEY=settings.SECRET_KEY,  # the same key: the test reads the server's message cookies
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare(env: dict[str, str], clerks_per_centre: int) -> dict:
    """Migrate the scratch database and seed a small county in a subprocess (see live_seed.py)."""
    result = subprocess.run(
        [sys.executable, "-m", "bianmin.core.tests.live_seed", str(clerks_per_centre)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


class Server:
    """gunicorn in its own process group, so SIGKILL reaches the master and every worker at once."""

    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 2, threads: int = 1) -> None:
        self.env, self.log, self.workers, self.threads = env, log, workers, threads
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self, *, timeout: float = 60) -> "Server":
        self.port = free_port()
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                    *(
                        "--bind",
                        f"127.0.0.1:{self.port}",
                        "--workers",
                        str(self.workers),
                        "--threads",
                        str(self.threads),
                    ),
                    *("--timeout", "60", "--graceful-timeout", "2"),
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.process.returncode}: {self.log.read_text()[-3000:]}")
            try:
                if Browser(self.port).get("/login/").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise AssertionError(f"gunicorn did not answer within {timeout} s: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL to the whole group: no worker finishes its request, no transaction commits late."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str
    set_cookies: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


class Browser:
    """One person's browser: its own cookies (session, CSRF), one connection per request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if data is not None:
                body = urlencode(data)
                sent["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read().decode("utf-8", "replace"))
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            parsed = SimpleCookie()
            parsed.load(value)
            for name, morsel in parsed.items():
                response.set_cookies[name] = morsel.value
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.coded_value
                else:
                    self.cookies.pop(name, None)
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        return self.request(
            "POST", path, data={"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}, **kwargs
        )

    def login(self, username: str, password: str) -> None:
        self.get("/login/")
        response = self.post("/login/", {"username": username, "password": password})
        assert response.status == 302, f"login of {username} answered {response.status}: {response.body[:500]}"

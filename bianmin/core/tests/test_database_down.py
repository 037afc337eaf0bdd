"""Database down: pages answer a friendly Chinese 503, then recover by themselves (issue #12).

A real gunicorn serves the live county. PostgreSQL: its DATABASE_URL goes through a TCP relay the
test controls; unplugging the relay drops the open connections and refuses new ones, exactly what
the server sees when the database server goes away; then it swallows connections without answering
(a host that stopped responding), which must end in the 503 page after the connect timeout, not in a
request hanging until the worker is killed. SQLite: the folder holding the database file is
renamed away (a data volume that went missing) — renaming works even for root, where taking away
permissions would not. While it is down every kind of page (staff, public, an htmx request, a form
submission) must answer 503 with ``Retry-After`` and the Chinese page, never a stack trace, SQL or
a setting. Plugged back in, the same server and the same session answer 200 again, no restart.

The handler itself is also tested in-process (fast): which exceptions count as "database
unavailable", and that any other error keeps the plain 500 page.
"""

import contextlib
import socket
import threading
import time
from pathlib import Path

import pytest
from django.db import DatabaseError, InterfaceError, OperationalError
from django.test import RequestFactory

from bianmin.core.error_pages import HTMX_MESSAGE, database_unavailable, server_error
from bianmin.core.tests.live import Browser, Server, free_port, server_env

LEAKS = (
    "Traceback",
    "OperationalError",
    "psycopg",
    "sqlite",
    "SELECT",
    "DATABASE",
    "Exception",
    "connection to server",
)


class Relay:
    """A TCP relay on loopback in front of the database server that can be unplugged (connections
    dropped, new ones refused) or turned into a black hole (connections accepted, nothing answered:
    a host that stopped responding)."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.black_hole = False

    def swallow(self) -> None:
        self.unplug()
        self.black_hole = True
        self._listen()

    def plug(self) -> None:
        if self.black_hole:
            self.unplug()
        self._listen()

    def _listen(self) -> None:
        if self.listener is not None:
            return
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self.listener = listener
        self.acceptor = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self.acceptor.start()

    def unplug(self) -> None:
        self.black_hole = False
        listener, self.listener = self.listener, None
        if listener is not None:
            self.acceptor.join(timeout=5)  # its accept() ends within its 0.1 s timeout; then close
            listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while self.listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            if self.black_hole:
                with self.lock:
                    self.sockets.append(client)
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class Outage:
    """Unplug/plug the database of the live county, the honest way for its vendor."""

    def __init__(self, live_county) -> None:
        self.scratch = live_county.scratch
        if self.scratch.vendor == "postgresql":
            base = self.scratch.base
            self.relay = Relay(base.get("HOST") or "127.0.0.1", int(base.get("PORT") or 5432))
            self.relay.plug()
            # The site's default is 10 s (config/env.py); 3 keeps the black-hole step short.
            self.url = self.scratch.url(port=self.relay.port) + "?connect_timeout=3"
        else:
            self.folder = Path(self.scratch.name).parent
            self.away = self.folder.with_name(self.folder.name + "-away")
            self.url = self.scratch.url()

    def unplug(self) -> None:
        if self.scratch.vendor == "postgresql":
            self.relay.unplug()
        else:
            self.folder.rename(self.away)

    def swallow(self) -> bool:
        if self.scratch.vendor == "postgresql":
            self.relay.swallow()
            return True
        return False  # a file system has no such state

    def plug(self) -> None:
        if self.scratch.vendor == "postgresql":
            self.relay.plug()
        elif self.away.exists():
            self.away.rename(self.folder)


def assert_friendly_503(response, *, htmx: bool = False) -> None:
    assert response.status == 503, response.body[:500]
    assert response.header("Retry-After") == "30"
    if htmx:
        assert response.body == HTMX_MESSAGE
    else:
        assert "系统暂时无法使用,正在恢复中" in response.body
    for leak in LEAKS:
        assert leak.lower() not in response.body.lower(), leak


def test_pages_answer_a_friendly_503_while_the_database_is_down_and_recover_without_restart(live_county, tmp_path):
    seeded = live_county.seeded
    outage = Outage(live_county)
    env = server_env(outage.url, live_county.folder / "media")
    server = Server(env, tmp_path / "gunicorn.log", workers=1, threads=2).start()
    clerk = Browser(server.port)
    public = Browser(server.port)
    item_form = f"/cases/new/{seeded['item']}/"
    try:
        clerk.login(seeded["clerks"][str(seeded["public_centre"])][0], seeded["password"])
        assert clerk.get("/cases/").status == 200
        assert public.get(f"/public/centres/{seeded['public_centre']}/").status == 200

        outage.unplug()
        started = time.monotonic()
        assert_friendly_503(clerk.get("/cases/"))
        assert_friendly_503(public.get(f"/public/centres/{seeded['public_centre']}/"))
        assert_friendly_503(clerk.get("/cases/new/?q=dibao", headers={"HX-Request": "true"}), htmx=True)
        posted = clerk.post(item_form, {"request_key": "x" * 32, "applicant_name": "停机时提交"})
        assert_friendly_503(posted)
        assert "您刚才提交的内容可能没有保存" in posted.body
        # Well under gunicorn's 60 s worker timeout: the pages answered, nothing hung (generous for a
        # loaded CI machine; each answer takes milliseconds).
        assert time.monotonic() - started < 45, "the outage made pages hang instead of answering"

        if outage.swallow():  # the database host stops answering: 503 after the connect timeout
            started = time.monotonic()
            assert_friendly_503(clerk.get("/cases/"))
            assert time.monotonic() - started < 45  # connect_timeout=3, not the 60 s worker timeout

        outage.plug()
        assert clerk.get("/cases/").status == 200  # the same session, the same server process
        assert public.get(f"/public/centres/{seeded['public_centre']}/").status == 200
    finally:
        server.stop()  # first: a failing plug() must not leave the server running
        outage.plug()


# --- the handler, in-process ---------------------------------------------------------------------


def _answer(exc: BaseException, **request):
    factory = RequestFactory()
    try:
        raise exc
    except BaseException:
        return server_error(factory.get("/public/", **request))


@pytest.mark.parametrize(
    ("exc", "unavailable"),
    [
        (OperationalError("connection refused"), True),
        (InterfaceError("connection already closed"), True),
        (DatabaseError("syntax error"), False),  # a programming error, not an outage
        (ValueError("bug"), False),
    ],
)
def test_it_tells_an_unreachable_database_from_other_errors(exc, unavailable):
    assert database_unavailable(exc) is unavailable


def test_it_finds_the_database_error_behind_another_exception():
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as inner:
            raise RuntimeError("template rendering failed") from inner
    except RuntimeError as outer:
        assert database_unavailable(outer)


def test_it_keeps_the_plain_500_page_for_other_errors():
    response = _answer(ValueError("secret detail"))
    assert response.status_code == 500
    assert "secret detail" not in response.content.decode()
    assert "Retry-After" not in response


def test_it_answers_htmx_with_a_short_text_and_a_page_otherwise():
    page = _answer(OperationalError("connection to server at 10.0.0.5 failed"))
    assert page.status_code == 503 and page["Retry-After"] == "30" and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "本页将在 30 秒后自动重试" in html and 'href="/public/"' in html and "10.0.0.5" not in html
    fragment = _answer(OperationalError("down"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 503 and fragment.content.decode() == HTMX_MESSAGE
    assert fragment["Content-Type"].startswith("text/plain")

"""The 500 handler: a database that cannot be reached answers 503 with a friendly Chinese page.

Django calls ``handler500`` for any exception no view handled, from inside the ``except`` block, so
``sys.exc_info()`` still holds it. A connection refused, dropped or timed out (PostgreSQL), a
database file that cannot be opened or is locked too long (SQLite) surface as Django's
``OperationalError`` or ``InterfaceError``: that is "try again later" (503 with ``Retry-After``),
not a programming error. The page is rendered without the request — no context processors, no
session, nothing that needs the database — and never shows the error's text. Any other exception
keeps the plain 500 page. Persistent connections recover by themselves once the database is back
(``CONN_HEALTH_CHECKS`` on PostgreSQL; SQLite reconnects on every request).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30
PUBLIC_PREFIXES = ("/public/", "/kiosk/", "/display/")
# htmx swaps nothing on an error status; base.html's htmx-errors.js shows this text instead.
HTMX_MESSAGE = "系统暂时无法连接数据库,刚才的操作没有完成。请稍后再试。"


def database_unavailable(exc: BaseException | None) -> bool:
    """True for an exception caused (directly or through its chain) by an unreachable database."""
    for _ in range(5):
        if exc is None:
            return False
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    if not database_unavailable(sys.exc_info()[1]):
        return HttpResponse(loader.render_to_string("500.html"), status=500)
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(HTMX_MESSAGE, content_type="text/plain; charset=utf-8", status=503)
    else:
        context = {
            "retry_seconds": RETRY_AFTER_SECONDS,
            "auto_retry": request.method in ("GET", "HEAD"),
            "submitted": request.method == "POST",
            "home": "/public/" if request.path.startswith(PUBLIC_PREFIXES) else "/",
            # The Content-Security-Policy of this response names it (bianmin.core.security).
            "csp_nonce": getattr(request, "csp_nonce", ""),
        }
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response

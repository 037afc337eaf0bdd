"""File downloads with Chinese names (PDF handbooks, Excel exports)."""

import re
from urllib.parse import quote

from django.http import HttpResponse

_UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def attachment_header(filename: str, fallback: str) -> str:
    """``Content-Disposition`` for a download with a Chinese name (RFC 6266 + RFC 5987).

    Django's own helper (``django.utils.http.content_disposition_header``) sends only
    ``filename*=utf-8''…`` for a non-ASCII name; we add a plain ASCII ``filename`` first for
    clients that do not read ``filename*``; those that do prefer it.
    """
    filename = _UNSAFE_IN_FILENAME.sub("_", filename).strip() or fallback
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", fallback)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(content: bytes, *, content_type: str, filename: str, fallback: str) -> HttpResponse:
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": attachment_header(filename, fallback)}
    )

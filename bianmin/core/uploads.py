"""Uploads of scanned application materials, checked by what the file contains, never by its name.

Only PDF, JPEG and PNG are accepted. The type comes from the file's first bytes (magic numbers);
the browser's content type and the file name's extension are ignored. PDFs must end with
``%%EOF``, images must pass Pillow's verify() and a JPEG must reach its end-of-image marker, so
truncated or corrupt scans are refused at the window rather than discovered later. Accepted files
are stored under a random name (``safe_upload_name``); the original name is kept by the caller
for display only, never used as a path.
"""

import math
import os
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image

# Detected content type -> extension of the stored file.
ALLOWED_UPLOADS: dict[str, str] = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
_HEAD_BYTES = 16
_PDF_TAIL_BYTES = 1024
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
_UNITS = (("MB", 1024 * 1024), ("KB", 1024), ("字节", 1))

EMPTY_MESSAGE = "文件为空,请重新选择。"
TYPE_MESSAGE = "只能上传 PDF、JPEG 或 PNG 格式的扫描件;该文件的实际内容不是这几种格式(不以文件扩展名判断)。"
BROKEN_IMAGE_MESSAGE = "图片文件已损坏,无法打开。"
HUGE_IMAGE_MESSAGE = "图片像素尺寸过大,无法处理,请降低扫描分辨率后重新上传。"
BROKEN_PDF_MESSAGE = "PDF 文件不完整或已损坏。"


def sniff(head: bytes) -> str | None:
    """The content type of a file starting with ``head``, if it is one of ALLOWED_UPLOADS."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _sizes(limit: int, size: int) -> tuple[str, str]:
    """The limit and a file's size in the same unit (MB for any real limit; KB or bytes for tiny
    ones), at most 2 decimals: the size is rounded up and the limit down, so a file just over the
    limit never reads as equal to it (10 MB against 10.01 MB)."""
    unit, scale = next(((unit, scale) for unit, scale in _UNITS if limit >= scale), _UNITS[-1])
    return (
        _decimal(math.floor(limit * 100 / scale)) + " " + unit,
        _decimal(math.ceil(size * 100 / scale)) + " " + unit,
    )


def _decimal(hundredths: int) -> str:
    return f"{hundredths / 100:.2f}".rstrip("0").rstrip(".")


def _size_of(f: UploadedFile) -> int:
    if f.size is not None:
        return f.size
    f.seek(0, os.SEEK_END)
    return int(f.tell())


def check_upload(f: UploadedFile, *, max_bytes: int) -> str:
    """Return the content type detected from the file's content, or raise ValidationError.

    Reads the head, then for a PDF the last kilobyte and for an image what Pillow and the JPEG
    marker walk need; leaves the file positioned at 0 for saving.
    """
    size = _size_of(f)
    if size == 0:
        raise ValidationError(EMPTY_MESSAGE, code="empty")
    if size > max_bytes:
        limit_text, size_text = _sizes(max_bytes, size)
        raise ValidationError(
            "文件过大:单个文件不能超过 %(limit)s,该文件为 %(size)s。",
            code="too_large",
            params={"limit": limit_text, "size": size_text},
        )
    try:
        f.seek(0)
        content_type = sniff(f.read(_HEAD_BYTES))
        if content_type is None:
            raise ValidationError(TYPE_MESSAGE, code="type_not_allowed")
        if content_type == "application/pdf":
            f.seek(max(size - _PDF_TAIL_BYTES, 0))
            if b"%%EOF" not in f.read(_PDF_TAIL_BYTES):
                raise ValidationError(BROKEN_PDF_MESSAGE, code="broken_pdf")
        else:
            _check_image(f, _PILLOW_FORMATS[content_type])
    finally:
        f.seek(0)
    return content_type


def _check_image(f: UploadedFile, pillow_format: str) -> None:
    """Pillow's verify() checks a PNG's chunks (and their CRCs) to the end, but reads only a JPEG's
    headers, so a JPEG is also walked to its end-of-image marker (``_jpeg_is_complete``).

    Not a decode with ``load()``: WeasyPrint sets Pillow's global LOAD_TRUNCATED_IMAGES on import,
    after which truncated images load without error.
    """
    try:
        f.seek(0)
        with Image.open(f, formats=[pillow_format]) as image:
            image.verify()
    except Image.DecompressionBombError:
        raise ValidationError(HUGE_IMAGE_MESSAGE, code="image_too_large") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        # Pillow reports corrupt or truncated data as any of these (UnidentifiedImageError is an OSError).
        raise ValidationError(BROKEN_IMAGE_MESSAGE, code="broken_image") from None
    if pillow_format == "JPEG" and not _jpeg_is_complete(f):
        raise ValidationError(BROKEN_IMAGE_MESSAGE, code="broken_image")


_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0-7 carry no length
_JPEG_SOS, _JPEG_EOI = 0xDA, 0xD9
_CHUNK = 64 * 1024


def _jpeg_is_complete(f: UploadedFile) -> bool:
    """Walk the marker segments from SOI to the first scan, then look for the EOI marker (FF D9).

    Inside entropy-coded data every FF byte is stuffed (FF 00) or starts a restart marker, so FF D9
    after the first scan is the end of the image; an EXIF thumbnail's own EOI, inside an APP
    segment before the scan, is skipped with its segment.
    """
    f.seek(2)  # past SOI, checked by sniff()
    while True:
        marker = f.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return False
        code = marker[1]
        while code == 0xFF:  # fill bytes before a marker
            fill = f.read(1)
            if not fill:
                return False
            code = fill[0]
        if code in _JPEG_STANDALONE:
            continue
        if code == _JPEG_EOI:
            return False  # ends before any image data
        length = f.read(2)
        if len(length) < 2 or int.from_bytes(length, "big") < 2:
            return False
        f.seek(int.from_bytes(length, "big") - 2, os.SEEK_CUR)
        if code == _JPEG_SOS:
            break
    previous = b""
    while chunk := f.read(_CHUNK):
        if b"\xff\xd9" in previous + chunk:
            return True
        previous = chunk[-1:]
    return False


def safe_upload_name(content_type: str) -> str:
    """A random storage name with the extension of the detected type: ``<uuid4 hex>.pdf``."""
    try:
        extension = ALLOWED_UPLOADS[content_type]
    except KeyError:
        raise ValueError(f"content type {content_type!r} is not an allowed upload") from None
    return uuid.uuid4().hex + extension


class ScanFileField(forms.FileField):
    """A file field for scanned materials: checked by content against CASE_UPLOAD_MAX_BYTES.

    The cleaned file carries the detected type as ``detected_content_type`` (use it, not the
    browser's ``content_type``, e.g. with ``safe_upload_name``).
    """

    default_error_messages = {"empty": EMPTY_MESSAGE}

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png")
        return attrs

    def clean(self, data: Any, initial: Any = None) -> Any:
        cleaned = super().clean(data, initial)
        if isinstance(cleaned, UploadedFile):
            limit = settings.CASE_UPLOAD_MAX_BYTES
            if limit is None:
                raise ImproperlyConfigured("CASE_UPLOAD_MAX_BYTES must be a number of bytes")
            detected = check_upload(cleaned, max_bytes=int(limit))
            cleaned.detected_content_type = detected  # type: ignore[attr-defined]
        return cleaned

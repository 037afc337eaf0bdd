"""Blank forms and sample texts of the guides (空白表格、示范文本): files the public downloads, so
each must really be what its name says. The extension chooses what is expected and the content
is checked against it — a program renamed ``.pdf`` or ``.docx`` is refused — and Office files
carrying macros are refused too (a 示范文本 needs none). PDF and images are checked as scans are
(``bianmin.core.uploads``); Word/Excel 97–2003 by their compound-file signature; .docx/.xlsx as
ZIP packages with the parts of their kind.
"""

import os
import zipfile
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from bianmin.core.uploads import EMPTY_MESSAGE, check_upload

DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_MACROS = ("_VBA_PROJECT".encode("utf-16-le"), "Macros".encode("utf-16-le"))  # storage names
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_SCAN_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}

EXTENSION_MESSAGE = "只能上传 PDF、Word(doc/docx)、Excel(xls/xlsx)或 JPEG/PNG 图片。"
MISMATCH_MESSAGE = "文件内容与扩展名 .%(extension)s 不符(例如改了扩展名的其他文件),请上传真正的 %(kind)s 文件。"
MACRO_MESSAGE = "文件包含宏代码,不能作为空白表格或示范文本提供给群众下载,请另存为不含宏的文件。"
_KIND = {"pdf": "PDF", "doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel"}


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def check_document(f: UploadedFile, *, max_bytes: int = DOCUMENT_MAX_BYTES) -> str:
    """The file's extension when its content matches it, else ValidationError (Chinese)."""
    extension = extension_of(f.name or "")
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(EXTENSION_MESSAGE, code="extension")
    mismatch = ValidationError(
        MISMATCH_MESSAGE,
        code="content_mismatch",
        params={"extension": extension, "kind": _KIND.get(extension, "图片")},
    )
    if extension in _SCAN_TYPES:
        try:
            detected = check_upload(f, max_bytes=max_bytes)
        except ValidationError as exc:
            if exc.code == "type_not_allowed":
                raise mismatch from None
            raise
        if detected != _SCAN_TYPES[extension]:
            raise mismatch
        return extension
    if (f.size or 0) == 0:
        raise ValidationError(EMPTY_MESSAGE, code="empty")
    if f.size > max_bytes:
        raise ValidationError("文件不能超过 %(limit)d MB。", code="too_large", params={"limit": max_bytes // 2**20})
    try:
        f.seek(0)
        head = f.read(len(_OLE2))
        if extension in ("doc", "xls"):
            if head != _OLE2:
                raise mismatch
            f.seek(0)
            content = f.read()
            if any(name in content for name in _OLE2_MACROS):
                raise ValidationError(MACRO_MESSAGE, code="macros")
            return extension
        if not head.startswith(b"PK\x03\x04"):
            raise mismatch
        f.seek(0)
        try:
            with zipfile.ZipFile(f) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise mismatch from None
        if "[Content_Types].xml" not in names or _OOXML_PART[extension] not in names:
            raise mismatch
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ValidationError(MACRO_MESSAGE, code="macros")
        return extension
    finally:
        f.seek(0)


class DocumentFileField(forms.FileField):
    """A blank form or sample text: PDF, Word, Excel or an image, checked by content."""

    default_error_messages = {"empty": EMPTY_MESSAGE}

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", ",".join(f".{ext}" for ext in DOCUMENT_EXTENSIONS))
        return attrs

    def clean(self, data: Any, initial: Any = None) -> Any:
        cleaned = super().clean(data, initial)
        if isinstance(cleaned, UploadedFile):
            check_document(cleaned)
        return cleaned

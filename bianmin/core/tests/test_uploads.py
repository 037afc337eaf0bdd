"""Scanned material uploads are checked by content: real tiny files, renamed and broken ones."""

import io
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image, ImageFile

from bianmin.core.uploads import (
    ALLOWED_UPLOADS,
    ScanFileField,
    check_upload,
    safe_upload_name,
    sniff,
)

LIMIT = 1024 * 1024

# A minimal one-page PDF: header, catalogue, pages, page, xref table, trailer and %%EOF.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)
# The start of a Windows executable (MZ header).
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((48, 32), 40).convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


PNG = _image("PNG")
JPEG = _image("JPEG")
# A JPEG with an application segment (APP15) holding a complete small JPEG, as EXIF thumbnails do:
# the thumbnail's own end-of-image marker must not make a truncated main image look complete.
JPEG_WITH_THUMBNAIL = JPEG[:2] + b"\xff\xef" + (2 + len(JPEG)).to_bytes(2, "big") + JPEG + JPEG[2:]


def _progressive_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((48, 32), 40).convert("RGB").save(buffer, "JPEG", progressive=True)
    return buffer.getvalue()


PROGRESSIVE_JPEG = _progressive_jpeg()


def _upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _error(f, max_bytes=LIMIT) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        check_upload(f, max_bytes=max_bytes)
    return raised.value


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (PDF[:16], "application/pdf"),  # %PDF-
        (JPEG[:16], "image/jpeg"),  # FF D8 FF
        (PNG[:16], "image/png"),  # 89 50 4E 47 0D 0A 1A 0A
        (EXE[:16], None),  # MZ: a Windows program
        (b"GIF89a", None),  # a real image, but not an allowed type
        (b"\x89PNG\r\n", None),  # an incomplete PNG signature
        (b"", None),  # nothing read
    ],
)
def test_it_sniffs_the_type_from_magic_bytes(head, content_type):
    assert sniff(head) == content_type


@pytest.mark.parametrize(
    ("name", "content", "claimed", "detected"),
    [
        ("申请表.pdf", PDF, "application/pdf", "application/pdf"),  # a real PDF
        ("身份证正面.jpg", JPEG, "image/jpeg", "image/jpeg"),  # a real JPEG
        ("户口本.png", PNG, "image/png", "image/png"),  # a real PNG
        ("扫描件.pdf", PNG, "application/pdf", "image/png"),  # a PNG renamed .pdf: the content wins
        ("扫描件", JPEG, "application/octet-stream", "image/jpeg"),  # no extension at all
        ("手机拍照.jpg", JPEG_WITH_THUMBNAIL, "image/jpeg", "image/jpeg"),  # with an embedded thumbnail
        ("渐进式.jpg", PROGRESSIVE_JPEG, "image/jpeg", "image/jpeg"),  # progressive: several scans
        ("带尾巴.jpg", JPEG + b"\x00" * 100, "image/jpeg", "image/jpeg"),  # bytes after the end marker
    ],
)
def test_it_accepts_pdf_jpeg_and_png_by_content(name, content, claimed, detected):
    f = _upload(name, content, claimed)
    assert check_upload(f, max_bytes=LIMIT) == detected
    assert f.tell() == 0  # ready to be saved from the start
    assert f.read() == content


def test_it_refuses_a_program_renamed_pdf():
    error = _error(_upload("材料.pdf", EXE, "application/pdf"))
    assert error.code == "type_not_allowed"
    assert error.messages == [
        "只能上传 PDF、JPEG 或 PNG 格式的扫描件;该文件的实际内容不是这几种格式(不以文件扩展名判断)。"
    ]


def test_it_refuses_an_empty_file():
    error = _error(_upload("空白.pdf", b""))
    assert error.code == "empty"
    assert error.messages == ["文件为空,请重新选择。"]


def test_it_refuses_a_file_over_the_limit_saying_both_sizes():
    content = PDF + b"%" + b"0" * (3 * 1024 * 1024)  # about 3 MB, still a valid-looking PDF start
    error = _error(_upload("大文件.pdf", content), max_bytes=2 * 1024 * 1024)
    assert error.code == "too_large"
    assert error.messages == ["文件过大:单个文件不能超过 2 MB,该文件为 3.01 MB。"]


def test_it_never_shows_a_file_just_over_the_limit_as_equal_to_it():
    error = _error(_upload("大文件.pdf", b"%PDF-" + b"0" * LIMIT), max_bytes=LIMIT)
    assert error.messages == ["文件过大:单个文件不能超过 1 MB,该文件为 1.01 MB。"]


@pytest.mark.parametrize(
    ("max_bytes", "size", "message"),
    [
        (10 * 1024 * 1024, 12_345_678, "文件过大:单个文件不能超过 10 MB,该文件为 11.78 MB。"),  # the default limit
        (1536 * 1024, 2 * 1024 * 1024, "文件过大:单个文件不能超过 1.5 MB,该文件为 2 MB。"),  # fractional limit
        (100 * 1024, 150 * 1024, "文件过大:单个文件不能超过 100 KB,该文件为 150 KB。"),  # under 1 MB: KB
        (100, 250, "文件过大:单个文件不能超过 100 字节,该文件为 250 字节。"),  # under 1 KB: bytes
    ],
)
def test_it_states_sizes_in_a_unit_fitting_the_limit(max_bytes, size, message):
    assert _error(_upload("大文件.pdf", b"%PDF-" + b"0" * (size - 5)), max_bytes=max_bytes).messages == [message]


def test_it_accepts_a_file_of_exactly_the_limit():
    content = PDF[:-6] + b"0" * (1000 - len(PDF)) + PDF[-6:]
    assert len(content) == 1000
    assert check_upload(_upload("刚好.pdf", content), max_bytes=1000) == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("截断.png", PNG[: len(PNG) // 2]),  # a PNG cut in half
        ("截断尾部.png", PNG[:-20]),  # a PNG missing its last chunk (IEND)
        ("截断.jpg", JPEG[: len(JPEG) // 2]),  # a JPEG cut in half (verify() alone does not notice)
        ("坏头.png", PNG[:8] + b"\x00" * 64),  # PNG signature followed by garbage
        ("坏头.jpg", b"\xff\xd8\xff" + b"\x00" * 64),  # JPEG marker followed by garbage
        ("截断缩略图.jpg", JPEG_WITH_THUMBNAIL[:-200]),  # main image cut in its scan data, thumbnail whole
        ("截断渐进式.jpg", PROGRESSIVE_JPEG[:-2]),  # a progressive JPEG without its end marker
    ],
)
@pytest.mark.parametrize("load_truncated", [False, True])  # WeasyPrint sets True on import
def test_it_refuses_truncated_or_corrupt_images(name, content, load_truncated, monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", load_truncated)
    f = _upload(name, content)
    error = _error(f)
    assert error.code == "broken_image"
    assert error.messages == ["图片文件已损坏,无法打开。"]
    assert f.tell() == 0
    assert not f.closed


@pytest.mark.parametrize(
    "content",
    [
        PDF[:-7],  # cut before %%EOF
        PDF[:60],  # only the start
        b"%PDF-1.4\n%%EOF\n" + b"0" * 2048,  # %%EOF only outside the last kilobyte
    ],
)
def test_it_refuses_an_incomplete_pdf(content):
    error = _error(_upload("不完整.pdf", content))
    assert error.code == "broken_pdf"
    assert error.messages == ["PDF 文件不完整或已损坏。"]


def test_it_checks_files_spooled_to_disk_too():
    f = TemporaryUploadedFile("大扫描件.png", "image/png", len(PNG), None)
    f.write(PNG)
    f.seek(0)
    try:
        assert check_upload(f, max_bytes=LIMIT) == "image/png"
        assert f.tell() == 0
    finally:
        f.close()


@pytest.mark.parametrize("content_type", sorted(ALLOWED_UPLOADS))
def test_it_names_stored_files_randomly_with_the_detected_extension(content_type):
    first, second = safe_upload_name(content_type), safe_upload_name(content_type)
    assert first != second
    assert re.fullmatch(r"[0-9a-f]{32}\.(pdf|jpg|png)", first)
    assert first.endswith(ALLOWED_UPLOADS[content_type])


def test_it_refuses_to_name_a_type_that_is_not_allowed():
    with pytest.raises(ValueError, match="not an allowed upload"):
        safe_upload_name("application/x-msdownload")


class ScanForm(forms.Form):
    scan = ScanFileField(label="扫描件")


class OptionalScanForm(forms.Form):
    scan = ScanFileField(label="扫描件", required=False)


def test_the_form_field_records_the_detected_type(settings):
    settings.CASE_UPLOAD_MAX_BYTES = LIMIT
    form = ScanForm(files={"scan": _upload("扫描件.pdf", PNG, "application/pdf")})
    assert form.is_valid(), form.errors
    scan = form.cleaned_data["scan"]
    assert scan.detected_content_type == "image/png"
    assert scan.content_type == "application/pdf"  # what the browser claimed, not to be trusted
    assert scan.name == "扫描件.pdf"  # the original name, for display only
    assert scan.read() == PNG


def test_the_form_field_uses_the_configured_limit(settings):
    settings.CASE_UPLOAD_MAX_BYTES = 100
    form = ScanForm(files={"scan": _upload("申请表.pdf", PDF, "application/pdf")})
    assert not form.is_valid()
    assert form.errors["scan"] == [f"文件过大:单个文件不能超过 100 字节,该文件为 {len(PDF)} 字节。"]


def test_the_form_field_shows_the_content_error():
    form = ScanForm(files={"scan": _upload("材料.pdf", EXE, "application/pdf")})
    assert not form.is_valid()
    assert form.errors["scan"] == [
        "只能上传 PDF、JPEG 或 PNG 格式的扫描件;该文件的实际内容不是这几种格式(不以文件扩展名判断)。"
    ]


def test_the_form_field_refuses_an_empty_upload():
    # Django's FileField refuses a zero-byte upload before check_upload runs: same message.
    form = ScanForm(files={"scan": _upload("空白.pdf", b"")})
    assert not form.is_valid()
    assert form.errors["scan"] == ["文件为空,请重新选择。"]


def test_an_optional_field_may_be_left_empty():
    form = OptionalScanForm(data={}, files={})
    assert form.is_valid()
    assert form.cleaned_data["scan"] is None


def test_the_widget_suggests_the_allowed_types_to_the_browser():
    html = str(ScanForm()["scan"])
    assert 'accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"' in html

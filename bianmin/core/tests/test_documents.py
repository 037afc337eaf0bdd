"""Blank forms and sample texts are what their names say (issue #12 point 3: "a .exe renamed
.pdf"), have no macros, and are refused in Chinese otherwise."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from bianmin.core.documents import check_document

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def ooxml(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for part in parts:
            package.writestr(part, "<x/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("申请表.pdf", PDF),
        ("申请表.docx", ooxml("[Content_Types].xml", "word/document.xml")),
        ("收入表.xlsx", xlsx()),
        ("旧版申请表.doc", OLE2),
        ("旧版收入表.XLS", OLE2),
    ],
)
def test_real_documents_are_accepted(name, content):
    assert check_document(upload(name, content)) == name.rsplit(".", 1)[1].lower()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("申请表.pdf", EXE, "文件内容与扩展名 .pdf 不符"),
        ("申请表.doc", EXE, "文件内容与扩展名 .doc 不符"),
        ("申请表.docx", EXE, "文件内容与扩展名 .docx 不符"),
        ("申请表.docx", ooxml("readme.txt"), "文件内容与扩展名 .docx 不符"),  # a plain ZIP
        ("收入表.xlsx", ooxml("[Content_Types].xml", "word/document.xml"), "文件内容与扩展名 .xlsx 不符"),
        ("照片.jpg", PDF, "文件内容与扩展名 .jpg 不符"),
        ("带宏.docx", ooxml("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), "包含宏代码"),
        ("带宏.xls", OLE2 + "_VBA_PROJECT".encode("utf-16-le"), "包含宏代码"),
        ("setup.exe", EXE, "只能上传 PDF、Word"),
        ("无扩展名", PDF, "只能上传 PDF、Word"),
        ("空白.docx", b"", "文件为空"),
    ],
)
def test_anything_else_is_refused_in_chinese(name, content, message):
    with pytest.raises(ValidationError) as refused:
        check_document(upload(name, content))
    assert message in refused.value.messages[0]


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(ValidationError, match="不能超过 1 MB"):
        check_document(
            upload("大表.docx", ooxml("[Content_Types].xml", "word/document.xml") + b"0" * 2**20), max_bytes=2**20
        )

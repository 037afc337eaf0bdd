"""One evidence file (photo, screenshot of the video, scanned bulletin) kept with a record.

Checked by content like case scans (``bianmin.core.uploads``: PDF/JPEG/PNG only, size limit
``CASE_UPLOAD_MAX_BYTES``) by the form's ``ScanFileField``; stored under a random name, the
original name kept for display only. Served by the record's own view after its scope check,
never from a public media URL.
"""

from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import FileResponse, Http404

from bianmin.core.downloads import attachment_header
from bianmin.core.uploads import safe_upload_name


class WithEvidence(models.Model):
    evidence = models.FileField("证据材料", upload_to="evidence/%Y/%m/", blank=True)
    evidence_name = models.CharField("证据原文件名", max_length=200, blank=True)
    evidence_type = models.CharField("证据类型", max_length=40, blank=True)

    class Meta:
        abstract = True

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence)


def attach_evidence(record: WithEvidence, uploaded: UploadedFile | None) -> None:
    """Put a checked upload (``ScanFileField``'s cleaned file) on ``record`` before it is saved."""
    if uploaded is None:
        return
    content_type = uploaded.detected_content_type  # type: ignore[attr-defined]
    record.evidence_name = (uploaded.name or "证据")[:200]
    record.evidence_type = content_type
    record.evidence.save(safe_upload_name(content_type), uploaded, save=False)


def evidence_response(record: WithEvidence) -> FileResponse:
    """The file inline for images and PDFs (they open in the browser), with its original name."""
    if not record.evidence:
        raise Http404("没有证据材料")
    response = FileResponse(record.evidence.open("rb"), content_type=record.evidence_type or "application/octet-stream")
    response["Content-Disposition"] = attachment_header(record.evidence_name, "evidence").replace(
        "attachment", "inline", 1
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

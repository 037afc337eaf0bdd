"""Written notices (文书) issued on a case: 一次性告知单, 受理通知书(承诺件告知单), 不予受理通知书,
延期办结告知书, 容缺受理告知书, 代办移交单 (plan 四(一)4(2)(3), 四(二)1).

A notice is rendered once, when issued, from a snapshot of the facts (``data``); the rendered body
(``html``) is stored, so every reprint is identical to what the applicant was given, even after the
guide, the centre's phone or the calendar change.
"""

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bianmin.cases.models import Case, CaseEvent, Notice, NoticeKind
from bianmin.core.personal import mask_id_document, mask_phone

NUMBER_SUFFIX = {
    NoticeKind.ONE_TIME: "GZ",
    NoticeKind.PROMISE: "SL",
    NoticeKind.REFUSAL: "BS",
    NoticeKind.EXTENSION: "YQ",
    NoticeKind.PENDING: "RQ",
    NoticeKind.HANDOVER: "YJ",
}

# The remedies a written refusal names: 行政复议法(2023修订)第20条 (review within 60 days of knowing of
# the act) and 行政诉讼法第46条 (suit within 6 months); the written, sealed and dated notice itself is
# 行政许可法第32条.
REMEDY = (
    "申请人如对本决定不服,可以自收到本通知书之日起六十日内依法申请行政复议,"
    "或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。"
)


def progress_url(case: Case) -> str:
    """The public progress page the notice's QR code leads to."""
    query = urlencode({"no": case.receipt_number, "code": case.public_code})
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("portal:progress") + "?" + query


def _fmt(moment: datetime | None) -> str:
    # No space inside: a justified paragraph would stretch it (and break the date across lines).
    return f"{timezone.localtime(moment):%Y年%m月%d日%H时%M分}" if moment else ""


def _day(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日}" if moment else ""


def _checklist(case: Case) -> dict[int, dict[str, Any]]:
    """The case's material checklist by position, with the guide's requirement for each line (the
    checklist was copied from the guide's materials in order, see ``services.case_register``)."""
    requirements = {index: m.notes for index, m in enumerate(case.guide.materials.all(), start=1)}
    return {
        m.position: {
            "position": m.position,
            "name": m.name,
            "form": m.form,
            "copies": m.copies,
            "state": m.state,
            "note": m.note,
            "requirement": requirements.get(m.position, ""),
        }
        # By position (the default ordering); an intake's checklist is still in memory.
        for m in case.materials.all()
    }


def _complete_lines(lines: list[dict[str, Any]], checklist: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The services list materials by position and name; the notice also prints form, copies and the
    guide's requirement (四(一)4(2): 一次性告知 what exactly is needed)."""
    completed = []
    for line in lines:
        base = checklist.get(line.get("position"), {})
        completed.append({**base, **{k: v for k, v in line.items() if v not in (None, "")}})
    return completed


def snapshot(case: Case, kind: str, at: datetime, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything a notice prints, as plain JSON values (personal data masked: a notice does not need
    the full ID number or phone, and it may be left on a counter)."""
    centre = case.centre
    window = case.window
    point = case.agency_point if case.agency_point_id else None
    checklist = _checklist(case)
    data: dict[str, Any] = {
        "kind": kind,
        "title": NoticeKind(kind).label,
        "centre": centre.name,
        "centre_address": centre.address,
        "centre_hours": centre.opening_hours,
        "centre_phone": centre.service_phone,
        "complaint_phone": centre.complaint_phone,
        # 四(一)4(3): the 承诺件告知单 gives a contact phone: the guide's consultation line, else the centre's.
        "contact_phone": case.guide.consult_phone or centre.service_phone,
        "window": str(window) if window else "",
        "point": point.name if point else "",
        "point_phone": point.phone if point else "",
        "receipt_number": case.receipt_number,
        "public_code": case.public_code,
        "item": case.item_name,
        "item_code": case.item.code,
        "guide_version": case.guide.number,
        "handling_type": "即办件" if case.is_immediate else "承诺件",
        "limit_days": case.limit_days,
        "applicant": case.applicant_name,
        "id_type": case.get_id_type_display(),
        "id_number": mask_id_document(case.id_type, case.id_number),
        "phone": mask_phone(case.phone) if case.phone else "",
        "agent_name": case.agent_name,
        "agent_phone": mask_phone(case.agent_phone) if case.agent_phone else "",
        "received_at": _fmt(case.received_at),
        "accepted_at": _fmt(case.accepted_at),
        "due_at": _day(case.due_at),
        "due_provisional": case.due_provisional,
        "due_note": case.due_note,
        "handler": case.handler.name if case.handler_id else "",
        "materials_received": [m for m in checklist.values() if m["state"] == "received"],
        # 容缺受理: the promise notice issued with it also names what is still to come, and by when.
        "pending_names": [] if case.pending_fulfilled_at else [p["name"] for p in case.pending_materials or []],
        "pending_by": f"{case.pending_until:%Y年%m月%d日}" if case.pending_until else "",
        "issued_at": _fmt(at),
        "issued_on": _day(at),
        "progress_url": progress_url(case),
        "progress_page": settings.PUBLIC_BASE_URL.rstrip("/") + reverse("portal:progress"),
    }
    if kind == NoticeKind.REFUSAL:
        data["remedy"] = REMEDY
    data.update(extra or {})
    for key in ("materials", "pending", "items"):
        if isinstance(data.get(key), list):
            data[key] = _complete_lines(data[key], checklist)
    if data.get("old_due"):
        data["old_due"] = _day(datetime.fromisoformat(data["old_due"]))
    return data


def render_notice(data: dict[str, Any]) -> str:
    """The notice's body as stored (autoescaped: applicant input cannot inject markup). The QR code is
    inlined as a data URI so the stored body prints without fetching anything."""
    from bianmin.catalogue.handbook import qr_png_data_uri

    return render_to_string(
        f"cases/notices/{data['kind']}.html", {"d": data, "qr": qr_png_data_uri(data["progress_url"])}
    )


def issue_notice(*, case: Case, kind: str, actor, at: datetime, extra: dict[str, Any] | None = None) -> Notice:
    data = snapshot(case, kind, at, extra)
    count = case.notices.filter(kind=kind).count() + 1
    number = f"{case.receipt_number}-{NUMBER_SUFFIX[NoticeKind(kind)]}{count}"
    data["number"] = number
    data["issued_by"] = actor.name
    html = render_notice(data)
    notice = Notice.objects.create(
        case=case, kind=kind, number=number, issued_at=at, issued_by=actor, data=data, html=html
    )
    CaseEvent.objects.create(
        case=case,
        action="notice",
        from_status=case.status,
        to_status=case.status,
        actor=actor,
        at=at,
        reason=f"出具《{NoticeKind(kind).label}》{number}",
        data={"notice": notice.pk, "kind": kind},
    )
    return notice


def latest_print_url(case: Case, kind: str) -> str | None:
    """The print page of the case's latest notice of ``kind`` (where a page goes after issuing it)."""
    notice = case.notices.filter(kind=kind).order_by("-issued_at", "-pk").first()
    return reverse("cases:notice_print", args=[case.pk, notice.pk]) if notice else None

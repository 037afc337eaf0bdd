"""The printable guide and the centre's 便民服务指南 (handbook): QR codes, PDF rendering and the
data a handbook prints.

Plan 四(一)2(3): the guides at the windows state the legal basis, conditions, materials, procedure,
time limit, fees and their basis. 附件 "便民服务指南" (10 points): a 《便民服务指南》 that prints the
service items, procedures, duties, service norms, responsible persons and contacts.

PDFs are rendered with WeasyPrint from the same templates as the HTML print views; the CJK font
(Noto Serif CJK SC) is embedded as a subset, so the PDF prints the same on any office PC.
"""

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from bianmin.catalogue.models import Material, ServiceItem
from bianmin.catalogue.selectors import centre_items
from bianmin.org.models import Staff


@dataclass(frozen=True)
class Norm:
    name: str
    clause: str
    text: str


# 服务规范 as printed in the handbook: the rules of 四(一)4 that an applicant meets at the window.
# 日常管理制 (4) and 信息报送制 (5) govern the centre's internal management and reporting to the
# county, so the handbook names them only through the accountability sentence of 首问负责制.
SERVICE_NORMS: tuple[Norm, ...] = (
    Norm(
        "首问负责制",
        "四(一)4(1)",
        "群众来中心办事或咨询时,首先接待的工作人员即为首问责任人。属于本人承办的事项立即接办;"
        "不属于本人承办的,引导至承办人;承办人不在岗的,由首问责任人代为接收、转交,并跟踪办理结果。"
        "工作人员不履行或不正确履行职责、损害群众合法权益的,依规追究责任。",
    ),
    Norm(
        "一次性告知制",
        "四(一)4(2)",
        "凡属窗口职责范围内的事项,工作人员一次性完整、准确、清晰地告知办理所需的条件、材料、时间和费用;"
        "材料不齐全或不符合要求的,出具书面《一次性告知单》,一次列明需补正的全部内容,不让群众多跑路。",
    ),
    Norm(
        "限时办结制",
        "四(一)4(3)",
        "分事项公布办事指南和办结时限。即办件当场办结;承诺件向申请人发放书面《承诺件告知单》,"
        "载明申请人、收件时间、申请事项、受理材料、办理时限和联系电话,在承诺时限内办结;"
        "确需延期的,书面告知延期理由和具体时限。",
    ),
    Norm(
        "办事公开制",
        "四(一)4(6)",
        "依法公开服务事项的名称、依据、条件、程序、时限、申请材料目录及示范文本、收费标准及依据、承办人、"
        "办理结果和监督渠道,公开中心管理制度、窗口服务制度及监督投诉方式,接受群众和社会监督。",
    ),
    Norm(
        "授权负责制",
        "四(一)4(7)",
        "实行一个窗口对外、一个机构履职、一个印章签批。各职能站所以授权委托书将受理、审核、收费和办结"
        "授权到中心进驻窗口,原站所不再另行受理和出件,杜绝体外循环、多头审批。",
    ),
)


def qr_png_data_uri(url: str) -> str:
    """A QR code of ``url`` as a ``data:image/png;base64,…`` URI (inline: the PDF fetches nothing)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    # A fixed mask: choosing the "best" one costs ~75% of the time and any mask scans the same.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=6, border=2, mask_pattern=0)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render_pdf(html: str, base_url: str) -> bytes:
    """The PDF of a print page. Only ``data:`` resources are loaded: the templates inline their CSS
    and images, and refusing http/file URLs keeps rendering fast and free of server-side fetches."""
    # Imported here: WeasyPrint takes ~0.5 s to import and only the PDF views need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def handbook_context(centre, *, url_for: Callable[[ServiceItem], str] | None = None) -> dict[str, Any]:
    """Everything the centre's 便民服务指南 prints, in a constant number of queries.

    ``lines`` are the active lines of the implementation list whose item is active and has a
    published guide, each with ``line.item.current.materials`` prefetched; with ``url_for`` each line
    also gets ``line.qr``, a QR code of the item's online guide.
    """
    lines = list(
        centre_items(centre).prefetch_related(
            Prefetch("item__current__materials", queryset=Material.objects.order_by("position", "pk"))
        )
    )
    lines = [line for line in lines if line.item.is_active and line.item.current is not None]
    for line in lines:
        line.qr = qr_png_data_uri(url_for(line.item)) if url_for else ""
    active_staff = Staff.objects.filter(is_active=True).order_by("name")
    windows = list(
        centre.windows.filter(is_active=True)
        .select_related("business_line")
        .prefetch_related(Prefetch("staff", queryset=active_staff))
        .order_by("number")
    )
    leaders = [s for s in (centre.director, centre.deputy) if s is not None]
    leader_ids = {s.pk for s in leaders}
    post_board = Staff.objects.filter(centre=centre, is_active=True, on_post_board=True).order_by("name")
    # The director and deputy head the list of responsible persons (附件: 有关责任人员).
    staff = leaders + [s for s in post_board if s.pk not in leader_ids]
    return {
        "centre": centre,
        "year": timezone.localdate().year,
        "lines": lines,
        "windows": windows,
        "staff": staff,
        "director": centre.director,
        "deputy": centre.deputy,
        "duties": _lines(centre.duties),
        "commitments": _lines(centre.commitments),
        "service_norms": SERVICE_NORMS,
    }

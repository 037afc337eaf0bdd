"""The help menu: the user guide per role, its screenshots, and the printable PDFs."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from bianmin.core.downloads import download
from bianmin.guide import pages


def _role(slug: str) -> pages.Role:
    role = pages.BY_SLUG.get(slug)
    if role is None:
        raise Http404("没有这份指南")
    return role


@require_GET
def index(request):
    return render(request, "guide/index.html", {"roles": pages.ROLES})


@require_GET
def page(request, slug: str):
    """Readable without login: the public's guide is for everyone, and the others explain no secret."""
    role = _role(slug)
    return render(request, "guide/page.html", {"role": role, "roles": pages.ROLES, "body": pages.render(slug)})


@require_GET
@cache_control(max_age=3600)
def image(request, name: str):
    path = pages.image_path(name)
    if path is None:
        raise Http404("没有这张截图")
    return FileResponse(path.open("rb"), content_type="image/png")


def pdf_bytes(slug: str) -> bytes:
    from weasyprint import HTML

    role = _role(slug)
    html = render_to_string(
        "guide/print.html", {"role": role, "body": pages.render(slug, image_base=pages.IMAGE_DIR.as_uri() + "/")}
    )
    return HTML(string=html, base_url=str(pages.GUIDE_DIR)).write_pdf()


@login_required
@require_GET
def pdf(request, slug: str):
    role = _role(slug)
    if not role.printable:
        raise Http404("这份指南没有打印版")
    return download(
        pdf_bytes(slug),
        content_type="application/pdf",
        filename=f"{role.title}操作指南.pdf",
        fallback=f"guide-{slug}.pdf",
    )

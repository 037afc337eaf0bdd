"""The user guide (docs/guide/, one Markdown page per role) rendered inside the application, and
the printable PDF of the clerk's and the agent's guides (WeasyPrint, as the catalogue's handbook).

The screenshots in docs/guide/img/ are taken by the browser tests on the demo county
(bianmin/e2e/test_guide_screens.py), so they show the pages as they are.
"""

from dataclasses import dataclass
from pathlib import Path

import markdown
from django.conf import settings
from django.urls import reverse

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
IMAGE_DIR = GUIDE_DIR / "img"


@dataclass(frozen=True)
class Role:
    slug: str
    title: str
    who: str
    printable: bool = False


ROLES = (
    Role("county-admin", "县管委会", "县行政服务中心管委会:部署本县、维护组织机构和事项目录、工作日历、考核"),
    Role("inspector", "督查员", "督查员、社会监督员、第三方:督导检查、明察暗访、视频监控、投诉核实"),
    Role("director", "中心主任", "中心主任、专职副主任:管理本中心,审批延期和请假,日志巡查,报送月报"),
    Role("clerk", "窗口工作人员", "窗口工作人员:收件、受理、办结、送达,咨询登记", printable=True),
    Role("agent", "代办员", "村(社区)代办点工作人员:代办登记、移交、送达,帮扶调解", printable=True),
    Role("public", "办事群众", "群众:查指南、查进度、评价、投诉,无需登录"),
)
BY_SLUG = {role.slug: role for role in ROLES}


def source(slug: str) -> str:
    return (GUIDE_DIR / f"{slug}.md").read_text(encoding="utf-8")


def render(slug: str, *, image_base: str | None = None) -> str:
    """The page as HTML; images point at ``image_base`` (the in-app image URL by default)."""
    html = markdown.markdown(source(slug), extensions=["tables", "toc", "sane_lists"], output_format="html")
    base = image_base if image_base is not None else reverse("guide:image", args=["x.png"])[: -len("x.png")]
    return html.replace('src="img/', f'src="{base}')


def image_path(name: str) -> Path | None:
    """A screenshot by file name; None for anything that is not a plain .png in img/."""
    if "/" in name or "\\" in name or not name.endswith(".png"):
        return None
    path = IMAGE_DIR / name
    return path if path.is_file() else None

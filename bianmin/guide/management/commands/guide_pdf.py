"""Write the printable guides (the clerk's and the agent's) as PDFs, e.g. for a training binder."""

from pathlib import Path

from django.core.management.base import BaseCommand

from bianmin.guide import pages
from bianmin.guide.views import pdf_bytes


class Command(BaseCommand):
    help = "生成窗口工作人员和代办员指南的打印版PDF(与“帮助 → 用户指南”中下载的相同)。"

    def add_arguments(self, parser):
        parser.add_argument("--out", default=".", help="输出目录(默认当前目录)")

    def handle(self, *args, out=".", **options):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for role in pages.ROLES:
            if role.printable:
                path = folder / f"guide-{role.slug}.pdf"
                path.write_bytes(pdf_bytes(role.slug))
                self.stdout.write(f"{role.title}操作指南:{path}")

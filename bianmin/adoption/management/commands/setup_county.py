"""First-run set-up on an empty database, the same steps as the web wizard (/setup/)."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bianmin.adoption import org_import, setup
from bianmin.adoption import workbook as wbk
from bianmin.catalogue import excel as catalogue_excel
from bianmin.core.errors import ApplicationError


def _upload(path: str) -> SimpleUploadedFile:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"找不到文件:{path}")
    return SimpleUploadedFile(file.name, file.read_bytes())


def _errors(errors) -> str:
    lines = []
    for e in errors:
        where = "".join(
            [
                f"工作表“{e.sheet}” " if e.sheet else "",
                f"第{e.row}行 " if e.row else "",
                f"{e.column}列 " if e.column else "",
            ]
        )
        lines.append(f"  {where}{e.reason}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "首次部署:设置本县名称和区划代码,导入组织机构工作簿、事项目录,检查工作日历,载入考核细则。"

    def add_arguments(self, parser):
        parser.add_argument("--code", help="本县6位区划代码,如 361123")
        parser.add_argument("--name", help="本县名称,如 玉山县")
        parser.add_argument("--org", help="组织机构工作簿(.xlsx);再次导入修改后的工作簿会就地更新")
        parser.add_argument("--catalogue", help="事项目录工作簿(.xlsx,格式同“事项目录 → 导入Excel”)")
        parser.add_argument("--template", help="把空白的组织机构工作簿模板写到这个路径后退出")
        parser.add_argument("--export", help="把本县现有组织机构导出到这个路径(可修改后再导入)后退出")

    def handle(self, *args, code=None, name=None, org=None, catalogue=None, **options):
        if options.get("template"):
            Path(options["template"]).write_bytes(wbk.build_workbook())
            self.stdout.write(f"已写出组织机构工作簿模板:{options['template']}")
            return
        county = setup.current_county()
        if options.get("export"):
            if county is None:
                raise CommandError("尚未设置本县。")
            Path(options["export"]).write_bytes(wbk.build_workbook(county))
            self.stdout.write(f"已导出{county.name}组织机构:{options['export']}")
            return
        if code or name:
            try:
                profile = setup.county_setup(code=code or "", name=name or "")
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            county = profile.county
            self.stdout.write(f"1. 本县:{county.name}({county.code})")
        if county is None:
            raise CommandError("请先用 --code 和 --name 设置本县。")
        if org:
            result = org_import.import_org(_upload(org), county=county)
            if result.errors:
                raise CommandError("组织机构工作簿有误,未导入任何数据:\n" + _errors(result.errors))
            self.stdout.write("2. 组织机构已导入:")
            for sheet, counts in result.counts.items():
                self.stdout.write(
                    f"   {sheet}:新建 {counts['created']},更新 {counts['updated']},"
                    f"未变 {counts['unchanged']},停用 {counts['retired']}"
                )
            for account in result.accounts:
                # The only time a temporary password is shown; it is never stored or logged.
                self.stdout.write(f"   新账号 {account.username}({account.name})初始密码 {account.password}")
        if catalogue:
            result = catalogue_excel.import_workbook(_upload(catalogue), actor=None)
            if result.errors:
                raise CommandError("事项目录有误,未导入任何数据:\n" + _errors(result.errors))
            self.stdout.write(
                f"3. 事项目录已导入:新建 {len(result.created)},更新 {len(result.updated)},未变 {len(result.unchanged)}"
            )
        call_command("seed_calendar", stdout=self.stdout)
        call_command("load_default_rubric", stdout=self.stdout)
        self.stdout.write("\n部署检查:")
        for step in setup.setup_status():
            self.stdout.write(f"  [{'✓' if step.done else ' '}] {step.title}:{step.detail}")

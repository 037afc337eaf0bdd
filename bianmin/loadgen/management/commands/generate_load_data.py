from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from bianmin.loadgen.generate import is_empty, run
from bianmin.loadgen.shape import SCALES, shape_for


def _positive(text: str) -> int:
    value = int(text.replace("_", "").replace(",", ""))
    if value < 1:
        raise ValueError
    return value


class Command(BaseCommand):
    help = (
        "生成压力测试和性能基准用的县级或省级数据(中心、窗口、代办点、人员、事项、办件及其全部记录),"
        "写入一个已迁移的空数据库。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="county", help="county:16个中心;province:1,600个"
        )
        parser.add_argument("--years", type=_positive, default=1, help="办件年数(截至 --now),默认1年")
        parser.add_argument("--seed", type=int, default=None, help="随机数种子(相同种子和时间生成相同数据)")
        parser.add_argument("--centres", type=_positive, default=None, help="覆盖该规模的中心数")
        parser.add_argument("--cases-per-centre-year", type=_positive, default=None, help="覆盖每个中心每年的办件数")
        parser.add_argument("--items", type=_positive, default=None, help="覆盖事项目录的事项数(默认2,000)")
        parser.add_argument("--now", default="", help="数据截至时间,如 2026-11-25T10:00(默认当前时间)")
        parser.add_argument("--password", default="", help="所有生成账号的密码;不给则账号不能登录(仅用于压力测试环境)")

    def handle(self, *args, scale, years, seed, centres, cases_per_centre_year, items, now, password, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("数据库尚未完成迁移:请先运行 manage.py migrate。")
        if not is_empty():
            raise CommandError(
                "数据库中已有中心或办件数据。压力测试数据只能写入空数据库:请新建一个数据库(或先 manage.py flush)。"
            )
        try:
            moment = datetime.fromisoformat(now) if now else timezone.now().replace(second=0, microsecond=0)
        except ValueError:
            raise CommandError(f"--now 格式不正确:{now}(应为 2026-11-25T10:00)") from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        shape = shape_for(
            scale,
            years=years,
            seed=seed,
            centres=centres,
            cases_per_centre_year=cases_per_centre_year,
            items=items,
            now=moment,
        )
        self.stdout.write(f"生成数据:{shape.describe()}")
        self.stdout.write(f"预计办件约 {shape.expected_cases:,} 件,数据库 {connection.vendor}。")
        written = run(shape, password=password or None, progress=self.stdout.write)
        rate = written.rows / written.seconds
        self.stdout.write(
            self.style.SUCCESS(
                f"完成:共写入 {written.rows:,} 行,用时 {written.seconds:.0f} 秒,平均 {rate:,.0f} 行/秒。"
            )
        )
        logins = "county-admin、inspector1、c0001-director、c0001-clerk1、c0001-agent1 等"
        if password:
            self.stdout.write(f"登录账号:{logins},密码为 --password 所给的密码。")
        else:
            self.stdout.write(f"登录账号:{logins};未给 --password,这些账号不能登录。")

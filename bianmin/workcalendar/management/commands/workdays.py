"""python manage.py workdays add 2025-09-30 5 | between 2025-09-30 2025-10-14 | year 2026"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from bianmin.workcalendar.selectors import load_calendar, year_days


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无效,请写成 YYYY-MM-DD。") from None


class Command(BaseCommand):
    help = "工作日计算:add 起始日期 天数;between 起始日期 结束日期;year 年份。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="起始日期之后的第 n 个工作日(起始日不计)")
        add.add_argument("start")
        add.add_argument("days", type=int)
        between = sub.add_parser("between", help="两个日期之间的工作日数(不含起始日,含结束日)")
        between.add_argument("start")
        between.add_argument("end")
        year = sub.add_parser("year", help="列出某年的放假日和调休上班日")
        year.add_argument("year", type=int)

    def handle(self, *args, action, **options):
        calendar = load_calendar()
        if action == "add":
            if options["days"] < 0:
                raise CommandError("天数不能为负数。")
            result = calendar.add_working_days(_date(options["start"]), options["days"])
            self.stdout.write(result.value.isoformat())
        elif action == "between":
            result = calendar.working_days_between(_date(options["start"]), _date(options["end"]))
            self.stdout.write(str(result.value))
        else:
            self._year(calendar, options["year"])
            return
        if result.provisional:
            self.stderr.write(result.reason)

    def _year(self, calendar, year: int) -> None:
        if not 1900 <= year <= 2100:
            raise CommandError("年份应在 1900–2100 之间。")
        schedule = calendar.schedule(year)
        status = "已录入官方安排" if schedule.official else "尚未录入官方安排,以下为法定节假日(暂定)"
        self.stdout.write(f"{year}年:{status}")
        labels = {"rest": "放假", "work": "调休上班"}
        weekdays = "一二三四五六日"
        for day, kind, name in year_days(year, calendar):
            self.stdout.write(f"{day.isoformat()} 星期{weekdays[day.weekday()]} {labels[kind]} {name}".rstrip())
        working = calendar.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)).value
        self.stdout.write(f"全年工作日 {working} 天")

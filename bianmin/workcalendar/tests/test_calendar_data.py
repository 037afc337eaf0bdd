"""The calendar tables: seeding, entering a year from the notice, local exceptions, the loader."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from bianmin.core.errors import ApplicationError
from bianmin.workcalendar import package, services
from bianmin.workcalendar.deadlines import CHINA, Light, end_of
from bianmin.workcalendar.models import CalendarDay, CalendarYear
from bianmin.workcalendar.notice import Entry, parse_notice
from bianmin.workcalendar.selectors import load_calendar, monitoring_light

pytestmark = pytest.mark.django_db

# Illustrative: the real 2027 notice is not published yet; every statutory day is in it.
NOTICE_2027 = """
2027-01-01 至 2027-01-03 放假 元旦
2027-02-05 至 2027-02-13 放假 春节
2027-02-14 上班 春节调休
2027-04-03 至 2027-04-05 放假 清明节
2027-05-01 至 2027-05-05 放假 劳动节
2027-06-09 放假 端午节
2027-09-15 放假 中秋节
2027-09-26 上班 国庆节调休
2027-10-01 至 2027-10-07 放假 国庆节
"""


def package_entries(year):
    return [Entry(day, kind, name) for day, kind, name in package.days_of(year)]


@pytest.fixture
def seeded():
    services.seed_from_package()


def test_it_seeds_every_year_the_package_knows_and_nothing_twice(seeded):
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    national_day = CalendarDay.objects.get(date=date(2025, 10, 1))
    assert (national_day.kind, national_day.name) == ("rest", "国庆节")
    assert CalendarDay.objects.get(date=date(2025, 10, 11)).kind == "work"
    count = CalendarDay.objects.count()
    assert services.seed_from_package() == []
    assert CalendarDay.objects.count() == count


def test_it_leaves_a_year_entered_by_the_county_alone_when_seeding():
    entries = package_entries(2026)[:-1]  # without the last adjusted working day (10-10)
    services.year_configure(year=2026, source="县里录入", entries=entries)
    services.seed_from_package()
    assert CalendarYear.objects.get(year=2026).source == "县里录入"
    assert CalendarDay.objects.filter(date__year=2026).count() == len(entries)


def test_it_reads_a_notice_typed_line_by_line():
    entries, errors = parse_notice(NOTICE_2027, 2027)
    assert errors == []
    assert len(entries) == 3 + 9 + 1 + 3 + 5 + 1 + 1 + 1 + 7
    assert Entry(date(2027, 2, 14), "work", "春节调休") in entries


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("2027-13-01 放假 元旦", "第1行:日期无效。"),
        ("2027-01-01 休假 元旦", "第1行:类型“休假”无法识别,请写“放假”或“上班”。"),
        ("2026-12-31 放假 元旦", "第1行:日期不在2027年内。"),
        ("2027-01-05 至 2027-01-01 放假 元旦", "第1行:结束日期早于开始日期。"),
        ("2027-01-04 上班 调休", "第1行:2027-01-04 是工作日,无需登记为调休上班。"),
        ("2027-01-01 放假 元旦\n2027-01-01 放假 元旦", "第2行:2027-01-01 与第1行重复。"),
        ("元旦放三天", "第1行:格式应为"),
    ],
)
def test_it_names_the_line_of_every_notice_error(text, error):
    _, errors = parse_notice(text, 2027)
    assert errors and errors[0].startswith(error)


def test_it_configures_a_year_and_the_loader_follows(seeded):
    assert not load_calendar().is_configured(2027)
    provisional = load_calendar().add_working_days(date(2027, 2, 12), 1)
    assert provisional.provisional  # 02-12 is a Friday; statutory only knows 02-05..02-08
    entries, _ = parse_notice(NOTICE_2027, 2027)
    services.year_configure(year=2027, source="国办发明电〔2026〕1号", entries=entries)
    calendar = load_calendar()
    assert calendar.is_configured(2027)
    result = calendar.add_working_days(date(2027, 2, 4), 1)
    assert (result.value, result.provisional) == (date(2027, 2, 14), False)  # the adjusted Sunday


def test_it_keeps_local_exceptions_when_the_notice_is_entered_again(seeded):
    services.local_day_save(day=date(2026, 7, 1), kind="rest", name="县庆")
    services.year_configure(year=2026, source="重新录入", entries=package_entries(2026))
    assert CalendarDay.objects.get(date=date(2026, 7, 1)).name == "县庆"
    assert CalendarDay.objects.filter(date__year=2026).count() == len(package_entries(2026)) + 1
    assert not load_calendar().is_working_day(date(2026, 7, 1))


def test_it_refuses_a_notice_that_misses_a_statutory_holiday(seeded):
    entries, _ = parse_notice("2027-01-01 至 2027-01-03 放假 元旦\n2027-02-14 上班 春节调休", 2027)
    with pytest.raises(ApplicationError) as refused:
        services.year_configure(year=2027, source="通知", entries=entries)
    assert "2027-02-05 春节" in refused.value.message and "2027-10-03 国庆节" in refused.value.message
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"day": date(2026, 7, 1), "kind": "work", "name": "加班"}, "周一至周五本来就是工作日"),
        ({"day": date(2026, 7, 4), "kind": "holiday", "name": "x"}, "类型只能是"),
        ({"day": date(2026, 7, 4), "kind": "work", "name": " "}, "请填写名称"),
    ],
)
def test_it_refuses_a_bad_local_exception_and_saves_nothing(kwargs, message):
    with pytest.raises(ApplicationError, match=message):
        services.local_day_save(**kwargs)
    assert CalendarDay.objects.count() == 0


def test_it_refuses_an_empty_notice():
    with pytest.raises(ApplicationError, match="请至少录入一天"):
        services.year_configure(year=2027, source="通知", entries=[])
    assert not CalendarYear.objects.exists()


def test_it_recomputes_due_dates_after_a_change(seeded, django_capture_on_commit_callbacks):
    calls = []

    def recompute(calendar):
        calls.append(calendar.is_configured(2027))
        return 3

    services.register_recomputer(recompute)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            entries, _ = parse_notice(NOTICE_2027, 2027)
            services.year_configure(year=2027, source="通知", entries=entries)
        assert calls == [True]
        assert services.recompute_due_dates() == 3
    finally:
        services._recomputers.remove(recompute)


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_adds_working_days(seeded):
    assert _run("add", "2025-09-30", "5") == ("2025-10-14\n", "")


def test_the_command_counts_working_days(seeded):
    assert _run("between", "2025-09-30", "2025-10-14") == ("5\n", "")


def test_the_command_prints_a_provisional_result_with_its_reason_on_stderr(seeded):
    out, err = _run("add", "2026-12-30", "3")
    assert out == "2027-01-05\n"
    assert "2027年节假日安排尚未录入" in err and "暂定" in err


def test_the_command_lists_a_year(seeded):
    out, _ = _run("year", "2026")
    assert "2026-02-14 星期六 调休上班 春节调休" in out
    assert "2026-10-07 星期三 放假 国庆节" in out
    assert out.strip().endswith("全年工作日 248 天")


def test_the_command_rejects_a_bad_date(seeded):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期“2025-02-30”无效"):
        _run("add", "2025-02-30", "1")


def test_it_lights_cases_with_the_configured_thresholds(seeded, settings):
    due = end_of(date(2025, 10, 14))
    now = datetime(2025, 10, 11, 10, 0, tzinfo=CHINA)  # 10-13 and 10-14 remain
    assert monitoring_light(due=due, now=now) is Light.NORMAL
    settings.MONITORING_YELLOW_DAYS = 2
    assert monitoring_light(due=due, now=now) is Light.YELLOW


def test_the_recompute_command_reports_what_changed(seeded):
    out = StringIO()
    call_command("recompute_due_dates", stdout=out)
    assert out.getvalue() == "已重新计算,办结时限有变化的记录 0 条。\n"

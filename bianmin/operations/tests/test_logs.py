"""中心运行日志 (plan 四(一)4(4), 五(一)): one per centre per working day, by the centre's director-role
staff only, prefilled from the day's records; the month shows the working days with no log."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bianmin.cases.tests.helpers import handling_case, listed_item
from bianmin.core.errors import ApplicationError
from bianmin.operations import selectors_records, services, services_records
from bianmin.operations.models import CentreLog
from bianmin.operations.tests.conftest import SUNDAY, TUESDAY, on

pytestmark = pytest.mark.django_db

VALUES = {"staff_expected": 3, "staff_present": 2, "problems": "", "handling": ""}


def write(county, day=TUESDAY, actor=None, **values) -> CentreLog:
    return services_records.centre_log_create(
        actor=actor or county.director_a,
        centre=county.centre_a,
        day=day,
        values=VALUES | values,
        at=on(TUESDAY, 17, 40),
    )


def test_one_log_per_centre_and_working_day(county, deputy_a):
    log = write(county, problems="3号窗口空岗10分钟", handling="已提醒")
    assert log.written_by == county.director_a and log.day == TUESDAY
    with pytest.raises(ApplicationError, match="的运行日志已由director_a填写,请在原日志上修改"):
        write(county, actor=deputy_a)
    with pytest.raises(ApplicationError, match="不是工作日,运行日志只按工作日填写"):
        write(county, day=SUNDAY)
    with pytest.raises(ApplicationError, match="不能填写今后日期"):
        write(county, day=TUESDAY + timedelta(days=1))
    write(county, day=TUESDAY - timedelta(days=1), actor=deputy_a)  # the deputy writes too; past days allowed


def test_only_the_centres_director_role_staff_write(county, director_b, admin_staff):
    for actor in (county.clerk_a, director_b, admin_staff):
        with pytest.raises(ApplicationError, match="只有本中心的主任、专职副主任才能填写运行日志"):
            write(county, actor=actor)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"staff_present": 4}, "实到人数不能多于应到人数"),
        ({"problems": "大厅地面湿滑"}, "请同时填写处理情况"),
    ],
)
def test_it_checks_the_values(county, values, message):
    with pytest.raises(ApplicationError, match=message):
        write(county, **values)


def test_an_edit_is_conditional_on_the_version(county, deputy_a):
    log = write(county)
    services_records.centre_log_update(
        log=log, actor=deputy_a, values=VALUES | {"remarks": "停电半小时"}, seen_version=0
    )
    with pytest.raises(ApplicationError, match="已被他人处理"):
        services_records.centre_log_update(log=log, actor=county.director_a, values=VALUES, seen_version=0)
    assert CentreLog.objects.get().remarks == "停电半小时"


def test_the_prefill_reads_the_days_records(county, deputy_a):
    from django.utils import timezone

    today = timezone.localdate()
    item = listed_item(county)
    handling_case(county, item)  # received and accepted today at centre A
    services.attendance_sign_in(staff=deputy_a, at=timezone.now())
    values = selectors_records.log_prefill(county.centre_a, today)
    # Expected in the hall: clerk_a and the deputy (director_a heads the centre part-time; agents are at points).
    assert values["staff_expected"] == 2 and values["staff_present"] == 1
    assert values["cases_received"] == 1 and values["consultations"] == 0
    assert "未签到:clerk_a" in values["staffing_note"]


def test_the_month_shows_missing_working_days(county, clock):
    clock(on(TUESDAY, 18))
    write(county)
    rows = selectors_records.log_month(
        [county.centre_a], first=date(2026, 11, 1), last=date(2026, 11, 30), today=TUESDAY
    )
    (row,) = rows
    assert row.missing_count == 16  # 17 working days up to the 24th, one written
    cells = {cell.day: cell for cell in row.cells}
    assert cells[TUESDAY].log is not None and not cells[SUNDAY].missing and not cells[date(2026, 11, 25)].missing


def test_missing_logs_for_the_dashboard(county, clock):
    clock(on(TUESDAY, 18))
    write(county)
    missing = selectors_records.missing_logs(since=TUESDAY - timedelta(days=2), until=TUESDAY)
    # Sunday is not a working day.
    assert missing == [
        (county.centre_a.pk, TUESDAY - timedelta(days=1)),
        (county.centre_b.pk, TUESDAY - timedelta(days=1)),
        (county.centre_b.pk, TUESDAY),
    ]
    assert selectors_records.missing_logs(since=TUESDAY, until=TUESDAY, centre_ids=[county.centre_a.pk]) == []


# --- pages ------------------------------------------------------------------------------------


def test_the_director_writes_from_the_prefilled_form(client, county, clock):
    clock(on(TUESDAY, 17, 40))
    client.force_login(county.director_a.user)
    page = client.get(reverse("operations:log_new"))
    assert page.status_code == 200 and "当日记录统计" in page.content.decode()
    data = {
        "opened_at": "08:20",
        "closed_at": "17:35",
        "staff_expected": 1,
        "staff_present": 1,
        "staffing_note": "",
        "cases_received": 5,
        "cases_completed": 4,
        "consultations": 3,
        "problems": "",
        "handling": "",
        "remarks": "",
    }
    response = client.post(reverse("operations:log_new"), data)
    log = CentreLog.objects.get()
    assert response.status_code == 302 and response.url == log.get_absolute_url()
    # The same day again goes to the existing log.
    assert client.get(reverse("operations:log_new")).url == reverse("operations:log_edit", args=[log.pk])
    response = client.post(reverse("operations:log_edit", args=[log.pk]), data | {"remarks": "正常", "version": 0})
    assert response.status_code == 302 and CentreLog.objects.get().remarks == "正常"
    html = client.get(reverse("operations:log_new"), {"day": SUNDAY.isoformat()}).content.decode()
    assert "不是工作日" in html


def test_clerks_read_their_centres_logs_but_do_not_write(client, county, director_b):
    log = write(county)
    client.force_login(county.clerk_a.user)
    assert client.get(log.get_absolute_url()).status_code == 200
    assert client.get(reverse("operations:log_list")).status_code == 200
    assert client.get(reverse("operations:log_new")).status_code == 403
    assert client.get(reverse("operations:log_edit", args=[log.pk])).status_code == 403
    for person in (county.clerk_b, director_b):
        client.force_login(person.user)
        assert client.get(log.get_absolute_url()).status_code == 404
        assert client.get(reverse("operations:log_edit", args=[log.pk])).status_code == 404
    client.force_login(county.agent_a1.user)
    assert client.get(reverse("operations:log_list")).status_code == 403


def test_the_county_sees_the_grid_and_exports_the_month(as_county_admin, county, clock):
    clock(on(TUESDAY, 18))
    write(county, problems="叫号机故障", handling="已报修")
    html = as_county_admin.get(reverse("operations:log_list"), {"month": "2026-11"}).content.decode()
    assert "log-grid" in html and "未填写" in html
    response = as_county_admin.get(reverse("operations:log_export"), {"month": "2026-11"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    written = [r for r in rows if r[2] == "已填写"]
    assert len(written) == 1 and written[0][11] == "叫号机故障"
    assert sum(1 for r in rows if r[2] == "未填写") == 16 + 16  # centre A 16, centre B all but today (pending)

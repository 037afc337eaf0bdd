"""The ledgers (台账): 登记簿 and 统计簿 of a month, on screen and as .xlsx (plan 四(一)3, 附件 规范办事制度)."""

from datetime import datetime
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bianmin.cases import ledgers, services, views_ledger
from bianmin.cases.lights import CaseLight
from bianmin.cases.tests.helpers import CHINA, ID_1, PHONE, at, listed_item, march_cases, register_on
from bianmin.core.personal import mask_id_number, mask_phone
from bianmin.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:ledger")
XLSX = reverse("cases:ledger_xlsx")
# A working-day month long past (no holidays in March 2026), so every due date is behind us.
MARCH = "2026-03"


@pytest.fixture
def march(county):
    """Seven cases received by centre A in March 2026, one in February, one at centre B (c1 on time ·
    c2 completed late · c3 handling and overdue · c4 not accepted · c5 withdrawn · c6 at point A1,
    handed over, not yet confirmed · c7 (other item, by phone) suspended)."""
    return march_cases(county, more=False)


def numbers(response) -> set[str]:
    return {case.receipt_number for case in response.context["rows"]}


def all_cells(content: bytes) -> list[str]:
    wb = load_workbook(BytesIO(content))
    return [str(cell) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for cell in row if cell]


# --- pure helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11", ledgers.Month(2026, 11)),  # what <input type="month"> sends
        ("2026-3", ledgers.Month(2026, 3)),
        ("2026/03", ledgers.Month(2026, 3)),
        ("2026年3月", ledgers.Month(2026, 3)),
    ],
)
def test_it_parses_months(text, expected):
    assert ledgers.Month.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("2026-13", "月份应在1到12之间"), ("abc", "月份格式"), ("", "月份格式"), ("1899-01", "年份应在")],
)
def test_it_rejects_bad_months_in_chinese(text, message):
    with pytest.raises(ValueError, match=message):
        ledgers.Month.parse(text)


def test_it_bounds_a_month_in_local_time():
    start, end = ledgers.Month(2026, 12).bounds(CHINA)
    assert (start, end) == (at(1, 1, 0, year=2026).replace(month=12), at(1, 1, 0, year=2027))
    assert ledgers.Month(2026, 1).previous() == ledgers.Month(2025, 12)
    assert ledgers.Month(2026, 3).label == "2026年3月" and ledgers.Month(2026, 3).param == "2026-03"


def test_it_computes_the_on_time_rate():
    assert ledgers.on_time_rate(0, 0) is None  # nothing completed: no rate, not 0%
    assert ledgers.Counts(completed=3, on_time=2).on_time_percent == "66.7%"
    assert ledgers.percent(None) == "—"


def test_it_lists_every_channel_and_the_busiest_items_first():
    channels = ledgers.group_rows(
        [{"channel": "phone", "received": 2}], key="channel", label=lambda r: r["channel"], order=["window", "phone"]
    )
    assert [(g.key, g.counts.received) for g in channels] == [("window", 0), ("phone", 2)]
    items = ledgers.group_rows(
        [{"k": 1, "received": 1}, {"k": 2, "received": 5}], key="k", label=lambda r: f"事项{r['k']}"
    )
    assert [g.label for g in items] == ["事项2", "事项1"]


def test_it_leaves_the_timeliness_of_closed_unaccepted_cases_blank():
    none = CaseLight("none", "未受理", "secondary")
    assert ledgers.timeliness_label("withdrawn", none) == "—"
    assert ledgers.timeliness_label("received", none) == "未受理"
    assert ledgers.timeliness_label("completed", CaseLight("late", "超期办结", "danger")) == "超期办结"


def test_it_names_the_file_after_the_unit_and_month():
    assert (
        ledgers.ledger_filename("甲镇便民服务中心", ledgers.Month(2026, 11)) == "甲镇便民服务中心台账-2026年11月.xlsx"
    )


# --- statistics ----------------------------------------------------------------------------------


def test_it_totals_the_month(county, march):
    spec = ledgers.LedgerFilter(month=ledgers.Month(2026, 3))
    stats = ledgers.statistics(ledgers.ledger_cases(county.clerk_a.user, spec), now=timezone.now())
    assert stats.totals == ledgers.Counts(
        received=7,
        accepted=4,
        completed=2,
        on_time=1,
        late=1,
        in_progress=2,
        overdue_open=1,
        awaiting=1,
        not_accepted=1,
        withdrawn=1,
    )
    assert stats.totals.on_time_percent == "50.0%"
    assert [(g.label, g.counts.received) for g in stats.by_channel] == [
        ("窗口", 5),
        ("代办点代办", 1),
        ("电话", 1),
        ("网上申报", 0),
    ]
    assert [(g.key, g.counts.received, g.counts.completed) for g in stats.by_item] == [
        (march.item.pk, 6, 2),
        (march.other.pk, 1, 0),
    ]
    assert {s.status: s.count for s in stats.by_status} == {
        "completed": 2,
        "handling": 1,
        "not_accepted": 1,
        "withdrawn": 1,
        "in_transfer": 1,
        "suspended": 1,
    }
    assert [(g.label, g.counts.received) for g in stats.by_window] == [(str(county.window_a), 7)]
    assert stats.by_centre is None


def test_it_counts_an_open_case_as_overdue_only_once_past_due(county, march):
    spec = ledgers.LedgerFilter(month=ledgers.Month(2026, 3))
    qs = ledgers.ledger_cases(county.clerk_a.user, spec)
    march.c3.refresh_from_db()
    assert ledgers.summary(qs, now=march.c3.due_at).overdue_open == 0
    assert ledgers.summary(qs, now=timezone.now()).overdue_open == 1


# --- the page ------------------------------------------------------------------------------------


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_refuses_an_account_without_a_role(client, county):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(URL).status_code == 403
    assert client.get(XLSX).status_code == 403


def test_it_shows_the_register_of_the_month(as_clerk_a, county, march):
    response = as_clerk_a.get(URL, {"month": MARCH})
    assert response.status_code == 200
    assert numbers(response) == {c.receipt_number for c in march.cases}
    in_order_received = [c.receipt_number for c in march.cases]
    assert [c.receipt_number for c in response.context["rows"]] == in_order_received
    html = response.content.decode()
    assert "甲镇便民服务中心 办件台账" in html
    assert mask_id_number(ID_1) in html and mask_phone(PHONE) in html
    assert ID_1 not in html and PHONE not in html
    assert "按时办结" in html and "超期办结" in html and "红灯" in html


def test_it_defaults_to_the_current_month(as_clerk_a, county, march):
    today_case = register_on(county, march.item, timezone.now())
    response = as_clerk_a.get(URL)
    assert response.context["month"] == ledgers.Month.of(timezone.localdate())
    assert numbers(response) == {today_case.receipt_number}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"channel": "phone"}, ["c7"]),
        ({"channel": "agency"}, ["c6"]),
        ({"status": "withdrawn"}, ["c5"]),
        ({"status": "completed"}, ["c1", "c2"]),
    ],
)
def test_it_filters_the_register(as_clerk_a, county, march, filters, expected):
    response = as_clerk_a.get(URL, {"month": MARCH, **filters})
    assert numbers(response) == {getattr(march, name).receipt_number for name in expected}


def test_it_filters_by_item_and_window(as_clerk_a, county, march):
    response = as_clerk_a.get(URL, {"month": MARCH, "item": march.other.pk})
    assert numbers(response) == {march.c7.receipt_number}
    response = as_clerk_a.get(URL, {"month": MARCH, "window": county.window_a.pk})
    assert len(numbers(response)) == 7


def test_it_shows_the_statistics_tab(as_clerk_a, county, march):
    response = as_clerk_a.get(URL, {"month": MARCH, "tab": "stats"})
    assert response.status_code == 200
    assert response.context["stats"].totals.received == 7
    html = response.content.decode()
    assert "按事项" in html and "按渠道" in html and "按状态" in html and "临时救助" in html and "50.0%" in html


@pytest.mark.parametrize(
    ("month", "message"),
    [("2026-13", "月份应在1到12之间"), ("三月", "月份格式应为"), ("2099-01", "不能查询尚未到来的月份")],
)
def test_it_answers_a_bad_month_with_a_chinese_error(as_clerk_a, county, month, message):
    response = as_clerk_a.get(URL, {"month": month})
    assert response.status_code == 200 and message in response.content.decode()
    assert "rows" not in response.context
    response = as_clerk_a.get(XLSX, {"month": month})
    assert response.status_code == 400 and message in response.content.decode()


def test_it_rejects_an_unknown_choice_in_chinese(as_clerk_a, county):
    response = as_clerk_a.get(URL, {"month": MARCH, "status": "nonsense", "item": "999999"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "status": ["所选项不在可选范围内,请重新选择。"],
        "item": ["所选项不在可选范围内,请重新选择。"],
    }


def test_it_keeps_the_filters_when_paging(as_clerk_a, county, march, monkeypatch):
    monkeypatch.setattr(views_ledger, "PAGE_SIZE", 2)
    response = as_clerk_a.get(URL, {"month": MARCH, "status": "completed"})
    assert len(response.context["rows"]) == 2
    response = as_clerk_a.get(URL, {"month": MARCH, "channel": "window"})
    html = response.content.decode()
    assert "month=2026-03&amp;channel=window&amp;page=2" in html
    response = as_clerk_a.get(URL, {"month": MARCH, "channel": "window", "page": 3})
    assert len(response.context["rows"]) == 1


# --- scope ---------------------------------------------------------------------------------------


def test_it_shows_clerk_b_nothing_of_centre_a(as_clerk_b, county, march):
    response = as_clerk_b.get(URL, {"month": MARCH})
    assert numbers(response) == {march.centre_b.receipt_number}
    response = as_clerk_b.get(URL, {"month": MARCH, "centre": county.centre_a.pk, "tab": "stats"})
    assert response.context["stats"].totals.received == 1  # the centre filter is not theirs to use
    assert "甲镇" not in response.content.decode()
    cells = " ".join(all_cells(as_clerk_b.get(XLSX, {"month": MARCH, "centre": county.centre_a.pk}).content))
    assert march.centre_b.receipt_number in cells
    assert not any(c.receipt_number in cells for c in march.cases)


def test_it_shows_an_agent_only_their_point(as_agent_a1, county, march):
    response = as_agent_a1.get(URL, {"month": MARCH})
    assert numbers(response) == {march.c6.receipt_number}
    assert "一村便民服务代办点" in response.content.decode()
    assert "window" not in response.context["form"].fields
    cells = " ".join(all_cells(as_agent_a1.get(XLSX, {"month": MARCH}).content))
    assert march.c6.receipt_number in cells and march.c1.receipt_number not in cells


def test_it_shows_another_point_nothing(client, county, march):
    client.force_login(county.agent_b1.user)
    assert numbers(client.get(URL, {"month": MARCH})) == set()


def test_it_lets_the_county_admin_see_and_filter_centres(as_county_admin, county, march):
    response = as_county_admin.get(URL, {"month": MARCH})
    assert numbers(response) == {c.receipt_number for c in [*march.cases, march.centre_b]}
    response = as_county_admin.get(URL, {"month": MARCH, "centre": county.centre_b.pk})
    assert numbers(response) == {march.centre_b.receipt_number}
    assert response.context["unit"] == county.centre_b.name
    stats = as_county_admin.get(URL, {"month": MARCH, "tab": "stats"}).context["stats"]
    assert [(g.label, g.counts.received) for g in stats.by_centre] == [
        (county.centre_a.name, 7),
        (county.centre_b.name, 1),
    ]


def test_it_refuses_a_window_of_another_centre(as_county_admin, county, march):
    response = as_county_admin.get(URL, {"month": MARCH, "centre": county.centre_b.pk, "window": county.window_a.pk})
    assert response.context["form"].errors == {"window": ["所选窗口不属于所选中心。"]}


# --- export --------------------------------------------------------------------------------------


def test_it_exports_both_books_masked(as_clerk_a, county, march):
    response = as_clerk_a.get(XLSX, {"month": MARCH})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "甲镇便民服务中心台账-2026年3月.xlsx" in unquote(response["Content-Disposition"])
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["登记簿", "统计簿"]
    register_sheet = wb["登记簿"]
    assert register_sheet["A1"].value == "甲镇便民服务中心 2026年3月 办件登记簿"
    assert register_sheet.freeze_panes == "A3" and register_sheet["B2"].font.b
    headers = [c.value for c in register_sheet[2]]
    assert headers[:4] == ["序号", "办件编号", "收件时间", "事项"] and "是否按时" in headers
    rows = list(register_sheet.iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == [c.receipt_number for c in march.cases]
    first = dict(zip(headers, rows[0], strict=True))
    assert first["证件号码"] == mask_id_number(ID_1) and first["联系电话"] == mask_phone(PHONE)
    assert first["收件时间"] == datetime(2026, 3, 2, 9, 0) and first["是否按时"] == "按时办结"
    assert register_sheet.column_dimensions["D"].width == 28
    cells = all_cells(response.content)
    assert not any(ID_1 in c for c in cells) and not any(PHONE in c for c in cells)
    stats_sheet = wb["统计簿"]
    assert stats_sheet["A1"].value == "甲镇便民服务中心 2026年3月 办件统计簿"
    assert [c.value for c in stats_sheet[3]] == ["合计", 7, 4, 2, 1, 1, 2, 1, 1, 1, 1, "50.0%"]
    assert {"按窗口", "按事项", "按渠道", "按状态"} <= set(cells)


def test_it_titles_the_export_with_its_filters(as_clerk_a, county, march):
    response = as_clerk_a.get(XLSX, {"month": MARCH, "channel": "phone"})
    wb = load_workbook(BytesIO(response.content))
    assert wb["登记簿"]["A1"].value == "甲镇便民服务中心 2026年3月(渠道:电话) 办件登记簿"
    assert [r[1] for r in wb["登记簿"].iter_rows(min_row=3, values_only=True)] == [march.c7.receipt_number]


def test_it_names_the_county_export_after_the_county(as_county_admin, county, march):
    response = as_county_admin.get(XLSX, {"month": MARCH})
    assert "全县便民服务中心台账-2026年3月.xlsx" in unquote(response["Content-Disposition"])
    assert "按中心" in all_cells(response.content)


# --- queries -------------------------------------------------------------------------------------


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "params"),
    [(URL, {"month": MARCH}), (URL, {"month": MARCH, "tab": "stats"}), (XLSX, {"month": MARCH})],
)
def test_it_keeps_queries_constant_with_more_rows(as_county_admin, county, url, params):
    item = listed_item(county)
    other = listed_item(county, code="YS-MZ-002", name="临时救助")
    first = register_on(county, item, at(3, 2))
    services.case_accept(case=first, actor=county.clerk_a, at=at(3, 2, 10))
    _queries(as_county_admin, url, params)  # warm the calendar and content-type caches
    one = _queries(as_county_admin, url, params)
    for day in range(3, 12):
        case = register_on(county, other if day % 2 else item, at(3, day), actor=county.clerk_b if day % 3 else None)
        if day % 2:
            services.case_accept(case=case, actor=case.first_responder, at=at(3, day, 10))
    assert _queries(as_county_admin, url, params) == one


def test_it_uses_no_more_queries_than_listed(as_clerk_a, county, march):
    assert _queries(as_clerk_a, URL, {"month": MARCH}) <= 14
    assert _queries(as_clerk_a, XLSX, {"month": MARCH}) <= 16


def test_it_shows_each_case_as_its_light_says(as_clerk_a, county, march):
    response = as_clerk_a.get(URL, {"month": MARCH})
    shown = {case.receipt_number: case.timeliness for case in response.context["rows"]}
    assert shown[march.c1.receipt_number] == "按时办结"
    assert shown[march.c2.receipt_number] == "超期办结"
    assert shown[march.c3.receipt_number] == "红灯"
    assert shown[march.c5.receipt_number] == "—"
    assert shown[march.c6.receipt_number] == "未受理"
    assert shown[march.c7.receipt_number] == "挂起中"

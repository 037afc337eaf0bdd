"""``inputs.facts_for``: the records of a year read into ``CentreFacts``, for many centres at once.

The test county (conftest): centre A 甲镇 hall 210㎡, 民政 window, points in 一村 and 二村, 三村 without
a point; centre B 乙乡 95㎡, 民政 window, point in 乙一村. The assessment runs on 20 November 2026.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from bianmin.assessment import inputs, services
from bianmin.assessment.models import Score
from bianmin.assessment.services_rubric import rubric_load_default
from bianmin.cases import services as case_services
from bianmin.cases.models import Case, Notice, NoticeKind
from bianmin.cases.tests.helpers import at, listed_item, march_cases, register_on
from bianmin.catalogue import services as catalogue_services
from bianmin.catalogue.models import CentreItem, GuideVersion
from bianmin.catalogue.tests.helpers import GUIDE
from bianmin.core.roles import Role
from bianmin.org.facilities import CENTRE_FACILITIES
from bianmin.org.models import AgencyPoint, BusinessLine, Centre, Region, Staff, Window, WindowKind
from bianmin.org.tests.factories import CentreFactory, RegionFactory, StaffFactory, village
from bianmin.reports.models import MonthlyReport, ReportStatus
from bianmin.supervision import services_findings as findings
from bianmin.supervision.models import Complaint, Verdict

CHINA = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=CHINA)


def facts_of(county, *, year=2026, now=NOW):
    centres = list(Centre.objects.filter(pk__in=[county.centre_a.pk, county.centre_b.pk]).order_by("pk"))
    got = inputs.facts_for(centres, year=year, now=now)
    return got[county.centre_a.pk], got[county.centre_b.pk]


@pytest.fixture
def inspector(county):
    return county.users[Role.INSPECTOR].staff


@pytest.fixture
def admin(county):
    return county.users[Role.COUNTY_ADMIN].staff


# --- the centre's registration -------------------------------------------------------------------


def test_it_reads_hall_facilities_phone_and_the_centre_page(county):
    Centre.objects.filter(pk=county.centre_a.pk).update(
        has_name_plate=True, has_open_counters=True, service_phone="0793-2221234"
    )
    a, b = facts_of(county)
    assert (a.hall_area, b.hall_area) == (Decimal("210"), Decimal("95"))
    assert set(a.facilities) == {item.code for item in CENTRE_FACILITIES}
    assert a.facilities["has_name_plate"] and a.facilities["has_open_counters"]
    assert not a.facilities["has_touch_kiosk"] and not any(b.facilities.values())
    assert (a.service_phone, b.service_phone) == ("0793-2221234", "")
    assert a.centre_url == reverse("org:centre_detail", args=[county.centre_a.pk])


def test_it_lists_mandatory_lines_without_an_active_resident_window(county):
    a, _ = facts_of(county)
    assert a.missing_lines == ("劳动保障", "卫计", "医疗保险", "综治信访")  # 民政 is there

    def line(name):
        return BusinessLine.objects.get(name=name)

    centre = county.centre_a
    # A comprehensive window serving 劳动保障 and an inactive 卫计 window do not count (四(一)3(1)).
    Window.objects.create(
        centre=centre, number=2, name="综合窗口", kind=WindowKind.COMPREHENSIVE, business_line=line("劳动保障")
    )
    Window.objects.create(centre=centre, number=3, name="卫计窗口", business_line=line("卫计"), is_active=False)
    Window.objects.create(centre=centre, number=4, name="医保窗口", business_line=line("医疗保险"))
    a, b = facts_of(county)
    assert a.missing_lines == ("劳动保障", "卫计", "综治信访")
    assert b.missing_lines == ("劳动保障", "卫计", "医疗保险", "综治信访")


# --- 便民服务指南 and 公开办事制度 ----------------------------------------------------------------------


def test_it_reads_the_handbook_and_what_it_lacks(county):
    listed_item(county)
    a, b = facts_of(county)
    assert (a.handbook_items, b.handbook_items) == (1, 1)
    assert a.handbook_url == reverse("catalogue:handbook", args=[county.centre_a.pk])
    # A has a director on the post board; neither has duties written nor a service phone.
    assert a.handbook_gaps == ("工作职责", "联系方式")
    assert b.handbook_gaps == ("工作职责", "有关责任人员", "联系方式")

    Centre.objects.filter(pk=county.centre_a.pk).update(
        duties="负责本镇便民服务事项的受理\n", service_phone="0793-2221234"
    )
    a, _ = facts_of(county)
    assert a.handbook_gaps == ()
    # A director alone, nobody on the post board: no 有关责任人员.
    Staff.objects.filter(centre=county.centre_a).update(on_post_board=False)
    a, _ = facts_of(county)
    assert a.handbook_gaps == ("有关责任人员",)


def test_it_prints_only_active_lines_of_active_published_items(county):
    item = listed_item(county)
    other = listed_item(county, code="YS-MZ-002", name="临时救助")
    CentreItem.objects.filter(centre=county.centre_a, item=other).update(is_active=False)
    gone = listed_item(county, code="YS-MZ-003", name="高龄津贴")
    gone.is_active = False
    gone.save()
    draft = catalogue_services.item_create(
        code="YS-MZ-004", business_line=BusinessLine.objects.get(name="民政"), aliases="", guide=GUIDE, actor=None
    )
    CentreItem.objects.create(centre=county.centre_a, item=draft.item)
    a, b = facts_of(county)
    assert (a.handbook_items, a.disclosure_items) == (1, 1)
    assert (b.handbook_items, b.disclosure_items) == (2, 2)
    assert item.current is not None


def test_it_has_no_handbook_without_printed_items(county):
    a, _ = facts_of(county)
    assert (a.handbook_items, a.disclosure_items) == (0, 0)
    assert a.handbook_gaps[:2] == ("服务项目", "服务流程")
    assert a.disclosure_gaps == {}


def test_it_lists_the_items_whose_guide_lacks_a_disclosure(county):
    listed_item(county)  # complete: basis, procedure, materials, 15 days, free
    gaps = listed_item(county, code="YS-MZ-002", name="临时救助")
    GuideVersion.objects.filter(pk=gaps.current_id).update(legal_basis="", procedure=" ", is_free=False, fees="10元")
    a, b = facts_of(county)
    assert a.disclosure_items == b.disclosure_items == 2
    assert set(a.disclosure_gaps) == {"办理依据", "办理流程", "收费标准及依据"}
    (evidence,) = a.disclosure_gaps["办理依据"]
    assert evidence.label == "临时救助(YS-MZ-002)"
    assert evidence.url == reverse("catalogue:item_detail", args=[gaps.pk])
    assert b.disclosure_gaps == a.disclosure_gaps
    # A printed item without its procedure makes the handbook's 服务流程 incomplete.
    assert "服务流程" in a.handbook_gaps


# --- 台账 ----------------------------------------------------------------------------------------


def test_it_owes_ledgers_from_the_first_case_to_last_month(county):
    item = listed_item(county)
    register_on(county, item, at(2, 27))
    register_on(county, item, at(3, 2))
    register_on(county, item, at(3, 31, 23, minute=59))  # still March in Shanghai
    a, b = facts_of(county)
    # Live since February (first case); November is not over on the 20th: February … October.
    assert [e.label for e in a.ledger_months] == [f"2026年{m}月台账" for m in range(2, 11)]
    assert [e.detail for e in a.ledger_months[:3]] == ["登记 1 件", "登记 2 件", "无登记"]
    assert a.ledger_months_kept == 2
    march = a.ledger_months[1]
    assert march.url == reverse("cases:ledger") + f"?month=2026-03&centre={county.centre_a.pk}"
    # B has no case and no configured first month: nothing owed yet.
    assert (b.ledger_months, b.ledger_months_kept) == ((), 0)


@override_settings(REPORTS_FIRST_MONTH="2026-01")
def test_it_owes_every_month_of_a_past_year_and_none_in_january(county):
    item = listed_item(county)
    register_on(county, item, at(5, 6))
    a, b = facts_of(county, now=datetime(2027, 2, 1, tzinfo=CHINA))
    assert len(a.ledger_months) == len(b.ledger_months) == 12
    assert (a.ledger_months_kept, b.ledger_months_kept) == (1, 0)
    a, _ = facts_of(county, now=datetime(2026, 1, 31, 23, tzinfo=CHINA))
    assert a.ledger_months == ()


# --- 受理单、承诺通知单 -------------------------------------------------------------------------------


def accepted(county, item, when, *, clerk=None):
    clerk = clerk or county.clerk_a
    case = register_on(county, item, when, actor=clerk)
    return case_services.case_accept(case=case, actor=clerk, at=when.replace(hour=10))


def test_it_counts_promised_cases_and_their_promise_notices(county):
    item = listed_item(county)
    immediate = listed_item(county, code="YS-MZ-009", name="证明开具", handling_type="immediate", promised_limit_days=0)
    with_notice = accepted(county, item, at(4, 1))
    without = accepted(county, item, at(4, 2))
    Notice.objects.filter(case=without, kind=NoticeKind.PROMISE).delete()  # issued on paper, not recorded
    accepted(county, immediate, at(4, 3))  # 即办件: no promise notice owed
    accepted(county, item, at(12, 1, year=2025))  # last year
    register_on(county, item, at(4, 4))  # received, not accepted
    a, b = facts_of(county)
    assert (a.promised_cases, a.promised_with_notice) == (2, 1)
    (evidence,) = a.cases_without_notice
    assert evidence.url == reverse("cases:detail", args=[without.pk])
    assert evidence.label == f"{without.receipt_number} 最低生活保障"
    assert "未出具" in evidence.detail
    assert with_notice.pk != without.pk
    assert (b.promised_cases, b.promised_with_notice, b.cases_without_notice) == (0, 0, ())


# --- 超时办件 -------------------------------------------------------------------------------------


def test_it_counts_cases_completed_late_or_running_past_their_deadline(county):
    march = march_cases(county)
    a, b = facts_of(county)
    # c2 completed on 30 April after its deadline, c3 still handling past it. c1 and c9 were on
    # time, c7 is suspended (its clock stopped), c4/c5/c8 were never accepted.
    assert a.overdue_count == 2
    assert [e.url for e in a.overdue_cases] == [
        reverse("cases:detail", args=[march.c2.pk]),
        reverse("cases:detail", args=[march.c3.pk]),
    ]
    assert "2026-04-30 办结" in a.overdue_cases[0].detail
    assert "至今未办结" in a.overdue_cases[1].detail
    assert (b.overdue_count, b.overdue_cases) == (0, ())


def test_it_keeps_the_overdue_count_exact_beyond_the_sample(county, monkeypatch):
    march_cases(county)
    monkeypatch.setattr(inputs, "EVIDENCE_LIMIT", 1)
    a, _ = facts_of(county)
    assert a.overdue_count == 2
    assert len(a.overdue_cases) == 1


def test_it_reads_deadlines_of_the_period_cut_at_now(county):
    march = march_cases(county)
    first_due = min(Case.objects.filter(pk__in=[march.c2.pk, march.c3.pk]).values_list("due_at", flat=True))
    a, _ = facts_of(county, now=first_due - timedelta(minutes=1))
    assert a.overdue_count == 0  # nothing was due yet
    a, _ = facts_of(county, now=first_due + timedelta(minutes=1))
    assert a.overdue_count == 1  # c2 (then still handling) became overdue
    a, _ = facts_of(county, year=2025)
    assert a.overdue_count == 0


# --- 材料上报 ------------------------------------------------------------------------------------


def report(county, month, *, submitted, on_time=None, centre=None):
    return MonthlyReport.objects.create(
        centre=centre or county.centre_a,
        month=date(2026, month, 1),
        status=ReportStatus.SUBMITTED if submitted else ReportStatus.DRAFT,
        summary="本月工作总结十个字以上。",
        submissions=1 if submitted else 0,
        first_submitted_at=submitted,
        submitted_at=submitted,
        on_time=on_time,
    )


@override_settings(REPORTS_FIRST_MONTH="2026-03", REPORT_DUE_DAY=5, REPORT_DUE_MOVES_TO_WORKING_DAY=False)
def test_it_judges_every_month_of_the_year_by_the_first_submission(county):
    report(county, 1, submitted=at(2, 3), on_time=True)  # before going live, on time: counts
    report(county, 3, submitted=at(4, 3), on_time=True)
    report(county, 4, submitted=at(5, 9), on_time=False)
    report(county, 5, submitted=None)  # a draft only
    report(county, 9, submitted=at(11, 25), on_time=True)  # after ``now``: not seen yet
    a, b = facts_of(county)
    states = [e.detail.split("(")[0] for e in a.report_months]
    assert states == [
        "按时报送",
        "未上线",  # February: before the first reporting month
        "按时报送",
        "逾期报送",
        *["未报送"] * 6,  # May … October: deadlines (the 5th of the next month) passed
        "未到期",  # November: due on 5 December
        "未到期",
    ]
    assert a.report_months[2].detail == "按时报送(期限 2026-04-05,首次报送 2026-04-03)"
    assert a.report_months[9].detail == "未报送(已逾期,期限 2026-11-05)"
    assert a.reports_on_time == 2
    assert [e.label for e in a.report_months][:2] == ["2026年1月月报", "2026年2月月报"]
    assert a.report_months[2].url == reverse("reports:detail", args=[county.centre_a.pk, "2026-03"])
    assert a.report_months[11].url == ""  # December has no page yet
    assert b.reports_on_time == 0
    assert len(b.report_months) == 12


# --- 代办点覆盖 ----------------------------------------------------------------------------------


def test_it_lists_the_villages_without_an_active_agency_point(county):
    a, b = facts_of(county)
    assert a.villages == 3
    assert [(e.label, e.detail) for e in a.villages_without_point] == [("三村", "未设代办点")]
    assert a.villages_without_point[0].url == reverse("org:centre_detail", args=[county.centre_a.pk])
    assert (b.villages, b.villages_without_point) == (1, ())

    AgencyPoint.objects.filter(pk=county.point_a1.pk).update(is_active=False)
    Region.objects.filter(name="三村").update(is_active=False)  # merged into another village
    a, _ = facts_of(county)
    assert a.villages == 2
    assert [e.label for e in a.villages_without_point] == ["一村"]


# --- 群众满意情况, 视频监控情况, 加分项目 ----------------------------------------------------------------


def complaint(county, code, *, verdict="", verified_at=None, centre=None):
    return Complaint.objects.create(
        code=code,
        category="attitude",
        centre=centre or county.centre_a,
        content="窗口人员态度生硬。",
        submitted_at=at(1, 5),
        verdict=verdict,
        verified_at=verified_at,
    )


def test_it_counts_complaints_verified_substantiated_in_the_year(county):
    first = complaint(county, "C0000001", verdict=Verdict.SUBSTANTIATED, verified_at=at(2, 1))
    complaint(county, "C0000002", verdict=Verdict.SUBSTANTIATED, verified_at=at(6, 1))
    complaint(county, "C0000003", verdict=Verdict.UNSUBSTANTIATED, verified_at=at(3, 1))
    complaint(county, "C0000004")  # not verified yet
    complaint(county, "C0000005", verdict=Verdict.SUBSTANTIATED, verified_at=at(12, 20, year=2025))
    complaint(county, "C0000006", verdict=Verdict.SUBSTANTIATED, verified_at=at(11, 25))  # after now
    complaint(county, "C0000007", verdict=Verdict.SUBSTANTIATED, verified_at=at(2, 2), centre=county.centre_b)
    a, b = facts_of(county)
    assert len(a.complaints_verified) == 2
    assert a.complaints_verified[0].label == "投诉举报 C0000001(服务态度)"
    assert a.complaints_verified[0].url == reverse("supervision:complaint_detail", args=[first.pk])
    assert a.complaints_verified[0].detail == "2026-01-05 投诉,2026-02-01 查证属实"
    assert len(b.complaints_verified) == 1


def test_it_reads_valid_findings_press_and_bulletins_through_the_rubric(county, inspector, admin):
    def finding(kind, when, staff=None):
        return findings.finding_record(
            actor=inspector,
            centre=county.centre_a,
            kind=kind,
            observed_at=when,
            description="视频抽查发现。",
            staff=staff or county.clerk_a,
            at=NOW,
        )

    def press(tone, level, when=date(2026, 5, 1)):
        return findings.press_record(
            actor=admin,
            centre=county.centre_a,
            tone=tone,
            level=level,
            outlet="上饶日报",
            title=f"{tone}-{level}",
            published_on=when,
            at=NOW,
        )

    def bulletin(outcome, level, when=date(2026, 6, 1)):
        return findings.bulletin_record(
            actor=admin,
            centre=county.centre_a,
            outcome=outcome,
            level=level,
            issuer="县行政服务中心管委会",
            title=f"{outcome}-{level}",
            issued_on=when,
            at=NOW,
        )

    absent = finding("absent", at(3, 1))
    finding("absent", at(4, 1))
    annulled = finding("absent", at(4, 2))
    findings.record_annul(record=annulled, actor=admin, reason="录入错误,重复登记", at=NOW)
    finding("unrelated", at(5, 1))
    finding("chatting", at(5, 2))
    finding("absent", at(12, 1, year=2025))  # last year
    exposure = press("negative", "city")
    press("negative", "county")  # a county paper's critical piece: recorded, costs nothing
    positive = press("positive", "province")
    press("positive", "county")
    criticism = bulletin("criticism", "county", date(2026, 2, 1))  # the county's 管委会 counts
    praise = bulletin("praise", "city")
    bulletin("praise", "county")
    annulled_praise = bulletin("praise", "national")
    findings.record_annul(record=annulled_praise, actor=admin, reason="文号有误,作废重录", at=NOW)

    a, b = facts_of(county)
    assert {kind: len(rows) for kind, rows in a.video.items()} == {"absent": 2, "unrelated": 1, "chatting": 1}
    assert a.video["absent"][0].url == reverse("supervision:finding_detail", args=[absent.pk])
    assert annulled.pk not in {int(e.url.rstrip("/").split("/")[-1]) for e in a.video["absent"]}
    # By date: the February 通报批评, then the May exposure.
    assert [e.url for e in a.criticisms_and_exposures] == [
        reverse("supervision:bulletin_detail", args=[criticism.pk]),
        reverse("supervision:press_detail", args=[exposure.pk]),
    ]
    assert [e.url for e in a.commendations] == [reverse("supervision:bulletin_detail", args=[praise.pk])]
    assert [e.url for e in a.positive_media] == [reverse("supervision:press_detail", args=[positive.pk])]
    assert (b.video, b.criticisms_and_exposures, b.commendations, b.positive_media) == ({}, (), (), ())


def test_an_annulled_finding_does_not_count(county, inspector, admin):
    finding = findings.finding_record(
        actor=inspector,
        centre=county.centre_a,
        kind="unrelated",
        observed_at=at(3, 1),
        description="上班时间玩手机。",
        staff=county.clerk_a,
        at=NOW,
    )
    a, _ = facts_of(county)
    assert len(a.video["unrelated"]) == 1
    findings.record_annul(record=finding, actor=admin, reason="核实为处理工作微信", at=NOW)
    a, _ = facts_of(county)
    assert a.video.get("unrelated", ()) == ()


# --- many centres: a constant number of queries --------------------------------------------------


def _busy_centre(county, item, n):
    """A centre like A: a window, a printed item, a clerk, cases (one overdue), a report, a village."""
    centre = CentreFactory(township=RegionFactory(code=f"36112330{n}", name=f"丙{n}镇", parent=county.county))
    window = Window.objects.create(
        centre=centre, number=1, name="民政窗口", business_line=BusinessLine.objects.get(name="民政")
    )
    CentreItem.objects.create(centre=centre, item=item, window=window)
    clerk = StaffFactory(centre=centre, role=Role.CLERK)
    village(centre.township, "201", f"丙{n}村")
    for month in (2, 3):
        accepted(county, item, at(month, 2), clerk=clerk)
    MonthlyReport.objects.create(
        centre=centre, month=date(2026, 3, 1), status=ReportStatus.SUBMITTED, first_submitted_at=at(4, 2), on_time=True
    )
    Complaint.objects.create(
        code=f"Q000000{n}",
        category="attitude",
        centre=centre,
        content="态度差",
        submitted_at=at(1, 5),
        verdict=Verdict.SUBSTANTIATED,
        verified_at=at(2, 1),
    )
    return centre


def test_it_reads_six_centres_in_as_many_queries_as_two(county):
    item = listed_item(county)
    gaps = listed_item(county, code="YS-MZ-002", name="临时救助")
    GuideVersion.objects.filter(pk=gaps.current_id).update(legal_basis="")
    centres = [_busy_centre(county, item, n) for n in range(6)]
    for centre in centres:
        CentreItem.objects.create(centre=centre, item=gaps)
    Centre.objects.filter(pk__in=[c.pk for c in centres]).update(director=None)
    fresh = list(Centre.objects.filter(pk__in=[c.pk for c in centres]).order_by("pk"))

    with CaptureQueriesContext(connection) as two:
        small = inputs.facts_for(fresh[:2], year=2026, now=NOW)
    with CaptureQueriesContext(connection) as six:
        large = inputs.facts_for(fresh, year=2026, now=NOW)
    assert len(six.captured_queries) == len(two.captured_queries) <= 20
    for facts in large.values():
        assert facts.overdue_count == 2 and len(facts.complaints_verified) == 1
        assert facts.ledger_months_kept == 2 and facts.reports_on_time == 1
        assert facts.handbook_items == 2 and len(facts.disclosure_gaps["办理依据"]) == 1
    assert small[fresh[0].pk] == large[fresh[0].pk]


# --- end to end: open the year, the automatic items scored with evidence -------------------------


def _score(sheet_centre, source):
    return Score.objects.select_related("item").get(sheet__centre=sheet_centre, item__source=source)


def test_it_scores_the_automatic_items_when_the_year_is_opened(county, admin):
    march_cases(county)
    rubric_load_default()
    assessment = services.assessment_open(year=2026, actor=admin, at=NOW)

    hall_a, hall_b = _score(county.centre_a, "hall_class"), _score(county.centre_b, "hall_class")
    assert (hall_a.value, hall_a.auto_summary) == (Decimal("2"), "大厅面积 210㎡,示范型")
    assert (hall_b.value, hall_b.auto_summary) == (Decimal("0"), "大厅面积 95㎡,未达标(不足100㎡)")
    assert hall_b.auto_evidence[0]["url"] == reverse("org:centre_detail", args=[county.centre_b.pk])

    coverage_a, coverage_b = _score(county.centre_a, "point_coverage"), _score(county.centre_b, "point_coverage")
    assert coverage_a.value == 0
    assert [e["label"] for e in coverage_a.auto_evidence] == ["三村"]
    assert coverage_b.value == Decimal("5")

    # Four mandatory windows missing: 10 − 4 × 3 floored at 0 (扣完为止), not −2.
    lines = _score(county.centre_a, "mandatory_lines")
    assert lines.value == 4
    sheet_a = assessment.sheets.get(centre=county.centre_a)
    indicator = str(lines.item.indicator_id)
    result = sheet_a.results[indicator]
    assert (Decimal(result["points"]), Decimal(result["raw"])) == (0, -2)

    overdue = _score(county.centre_a, "overdue_cases")
    assert overdue.value == 0 and overdue.auto_summary == "超期办件 2 件"
    assert len(overdue.auto_evidence) == 2

    reports = _score(county.centre_a, "monthly_reports")
    assert reports.value == 0 and len(reports.auto_evidence) == 12
    ledgers = _score(county.centre_a, "ledgers")
    assert ledgers.auto_summary == "9 个月中 2 个月有登记簿、统计簿"
    assert ledgers.value == Decimal("0")  # 2 × 2/9 = 0.44, rounded down to 0.5 steps

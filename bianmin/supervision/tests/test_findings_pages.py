"""The four registers' pages: who reads what (issue #7 point 4), the record forms, annulment, the
evidence file, the Excel exports and the query counts of the lists."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bianmin.core.roles import Role
from bianmin.org.tests import factories
from bianmin.supervision import services_findings as services
from bianmin.supervision.models import Bulletin, Inspection, MonitoringFinding, PressReport
from bianmin.supervision.tests import test_findings_support as make

pytestmark = pytest.mark.django_db

LISTS = ["inspection_list", "finding_list", "press_list", "bulletin_list"]
EXPORTS = ["inspection_xlsx", "finding_xlsx", "press_xlsx", "bulletin_xlsx"]


def one_of_each(county, centre=None, **finding_changes):
    centre = centre or county.centre_a
    in_b = centre == county.centre_b
    people = {"staff": county.clerk_b, "window": county.window_b} if in_b else {}
    return {
        "inspection": make.inspection(county, centre=centre),
        "finding": make.finding(county, centre=centre, **{**people, **finding_changes}),
        "press": make.press(county, centre=centre),
        "bulletin": make.bulletin(county, centre=centre),
    }


def detail_urls(records) -> dict[str, str]:
    return {key: reverse(f"supervision:{key}_detail", args=[record.pk]) for key, record in records.items()}


def login(client, user):
    client.force_login(user)
    return client


# --- who reads what ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTS + EXPORTS + ["finding_effects"])
def test_it_refuses_agents_and_sends_anonymous_to_login(client, county, name):
    url = reverse(f"supervision:{name}")
    assert client.get(url).status_code == 302
    assert login(client, county.agent_a1.user).get(url).status_code == 403


@pytest.mark.parametrize("who", ["county_admin", "inspector"])
def test_it_shows_the_county_every_centre(client, county, who):
    a, b = one_of_each(county), one_of_each(county, centre=county.centre_b)
    login(client, county.users[who])
    for key, url in {**detail_urls(a), **{k + "_b": u for k, u in detail_urls(b).items()}}.items():
        assert client.get(url).status_code == 200, key
    for name in LISTS:
        html = client.get(reverse(f"supervision:{name}")).content.decode()
        assert "甲镇便民服务中心" in html and "乙乡便民服务中心" in html, name


def test_it_shows_a_director_their_centre_only(client, county):
    a, b = one_of_each(county), one_of_each(county, centre=county.centre_b)
    login(client, county.director_a.user)
    for url in detail_urls(a).values():
        assert client.get(url).status_code == 200
    for url in detail_urls(b).values():
        assert client.get(url).status_code == 404
    for key in ("inspection", "finding", "press", "bulletin"):
        evidence = reverse(f"supervision:{key}_evidence", args=[b[key].pk])
        assert client.get(evidence).status_code == 404


def test_it_shows_a_clerk_only_the_findings_naming_them(client, county):
    mine = make.finding(county, description="本人离岗二十分钟")
    colleague = factories.staff_with_login("clerk_a2", Role.CLERK, centre=county.centre_a)
    theirs = make.finding(county, staff=colleague, description="同事离岗半小时")
    unnamed = make.finding(county, kind="chatting", staff=None, description="三人聚在窗口聊天")
    a = one_of_each(county)
    login(client, county.clerk_a.user)
    html = client.get(reverse("supervision:finding_list")).content.decode()
    assert "本人离岗二十分钟" in html and "同事离岗半小时" not in html and "三人聚在窗口聊天" not in html
    assert client.get(reverse("supervision:finding_detail", args=[mine.pk])).status_code == 200
    for other in (theirs, unnamed):
        assert client.get(reverse("supervision:finding_detail", args=[other.pk])).status_code == 404
    for key in ("inspection", "press", "bulletin"):
        assert client.get(detail_urls(a)[key]).status_code == 200
    assert client.get(reverse("supervision:finding_effects")).status_code == 403
    book = load_workbook(io.BytesIO(client.get(reverse("supervision:finding_xlsx")).content))
    descriptions = [row[5] for row in book.active.iter_rows(min_row=3, values_only=True)]
    assert sorted(descriptions) == sorted(["本人离岗二十分钟", a["finding"].description])


def test_it_hides_centre_a_from_centre_b(client, county):
    a = one_of_each(county)
    login(client, county.clerk_b.user)
    for url in detail_urls(a).values():
        assert client.get(url).status_code == 404
    for name in LISTS:
        assert "甲镇便民服务中心" not in client.get(reverse(f"supervision:{name}")).content.decode()


# --- recording ---------------------------------------------------------------------------------

FORMS = {
    "inspection_new": ("inspector", "director_a"),
    "finding_new": ("inspector", "clerk_a"),
    "press_new": ("county_admin", "inspector"),
    "bulletin_new": ("county_admin", "inspector"),
}


@pytest.mark.parametrize("name", FORMS)
def test_it_shows_the_record_forms_to_the_recorders_only(client, county, name):
    allowed, refused = FORMS[name]
    user = county.users.get(allowed) or getattr(county, allowed).user
    assert login(client, user).get(reverse(f"supervision:{name}")).status_code == 200
    refused_user = county.users.get(refused) or getattr(county, refused).user
    login(client, refused_user)
    assert client.get(reverse(f"supervision:{name}")).status_code == 403
    assert client.post(reverse(f"supervision:{name}"), {}).status_code == 403


def test_it_records_an_inspection_from_the_form(as_inspector, county):
    when = timezone.localtime() - timedelta(hours=2)
    response = as_inspector.post(
        reverse("supervision:inspection_new"),
        {
            "request_key": "form-1",
            "centre": county.centre_a.pk,
            "kind": "unannounced",
            "inspector_kind": "media",
            "inspector_name": "玉山电视台",
            "inspected_at": when.strftime("%Y-%m-%dT%H:%M"),
            "attitude": "problem",
            "findings": "窗口人员对群众态度生硬。",
            "outcome": "criticism",
            "bulletin_ref": "玉行服通〔2026〕7号",
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == inspection.get_absolute_url()
    assert inspection.bulletins.get().reference == "玉行服通〔2026〕7号"
    page = as_inspector.get(inspection.get_absolute_url()).content.decode()
    assert "由此检查产生的通报" in page and "玉行服通〔2026〕7号" in page


def test_it_shows_the_service_error_on_the_form(as_inspector, county):
    response = as_inspector.post(
        reverse("supervision:inspection_new"),
        {
            "request_key": "form-2",
            "centre": county.centre_a.pk,
            "kind": "half_year",
            "inspector_kind": "media",
            "inspector_name": "玉山电视台",
            "inspected_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "findings": "无",
            "outcome": "none",
        },
    )
    assert response.status_code == 200
    assert "半年业务督导和日常电子监察由县行政服务中心管委会进行" in response.content.decode()
    assert not Inspection.objects.exists()


def test_it_records_a_finding_with_evidence_and_serves_it_in_scope_only(client, county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, county.users[Role.INSPECTOR])
    response = client.post(
        reverse("supervision:finding_new"),
        {
            "request_key": "f-1",
            "centre": county.centre_a.pk,
            "kind": "unrelated",
            "window": county.window_a.pk,
            "staff": county.clerk_a.pk,
            "observed_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "description": "上班时间用手机看视频约十五分钟。",
            "evidence": make.png_upload(),
        },
    )
    finding = MonitoringFinding.objects.get()
    assert response.status_code == 302 and finding.deduction == 2 and finding.evidence_name == "截图.png"
    evidence = reverse("supervision:finding_evidence", args=[finding.pk])
    served = login(client, county.clerk_a.user).get(evidence)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert "inline" in served["Content-Disposition"]
    assert login(client, county.clerk_b.user).get(evidence).status_code == 404


def test_it_refuses_a_person_of_another_centre_on_the_finding_form(as_inspector, county):
    response = as_inspector.post(
        reverse("supervision:finding_new"),
        {
            "request_key": "f-2",
            "centre": county.centre_a.pk,
            "kind": "absent",
            "staff": county.clerk_b.pk,
            "observed_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "description": "无故空岗。",
        },
    )
    assert response.status_code == 200 and "所选人员不是该中心的工作人员" in response.content.decode()
    assert not MonitoringFinding.objects.exists()


def test_it_reloads_the_people_of_the_chosen_centre(as_inspector, county):
    response = as_inspector.get(
        reverse("supervision:finding_new"), {"centre": county.centre_b.pk}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'id="finding-people"' in html and "<html" not in html
    assert "clerk_b" in html and "clerk_a" not in html


def test_it_records_a_bulletin_from_an_inspection_page(client, county):
    inspection = make.inspection(county)
    login(client, county.users[Role.COUNTY_ADMIN])
    url = reverse("supervision:bulletin_new") + f"?inspection={inspection.pk}"
    page = client.get(url).content.decode()
    assert "来源检查" in page
    response = client.post(
        url,
        {
            "request_key": "b-1",
            "centre": county.centre_a.pk,
            "outcome": "praise",
            "level": "city",
            "issuer": "上饶市行政审批局",
            "title": "表扬甲镇便民服务中心",
            "issued_on": timezone.localdate().isoformat(),
            "inspection": inspection.pk,
        },
    )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and bulletin.inspection == inspection
    assert Inspection.objects.get().outcome == "praise"


def test_it_records_a_press_report_from_the_form(as_county_admin, county):
    response = as_county_admin.post(
        reverse("supervision:press_new"),
        {
            "request_key": "p-1",
            "centre": county.centre_b.pk,
            "tone": "negative",
            "level": "city",
            "outlet": "上饶日报",
            "title": "乙乡便民服务中心窗口无人",
            "published_on": timezone.localdate().isoformat(),
            "link": "https://www.srxww.com/a.html",
        },
    )
    report = PressReport.objects.get()
    assert response.status_code == 302 and report.centre == county.centre_b
    page = as_county_admin.get(reverse("supervision:press_detail", args=[report.pk])).content.decode()
    assert "扣5分" in page


# --- annul and rectify on the pages ------------------------------------------------------------


def test_it_annuls_from_the_detail_page_and_shows_it_struck_through(client, county):
    finding = make.finding(county)
    login(client, county.users[Role.INSPECTOR])
    url = reverse("supervision:finding_annul", args=[finding.pk])
    short = client.post(url, {"reason": "错"})
    assert short.status_code == 400 and "至少 4 个字" in short.content.decode()
    assert client.post(url, {"reason": "看错了人,实为窗口轮岗"}).status_code == 302
    page = client.get(reverse("supervision:finding_detail", args=[finding.pk])).content.decode()
    assert "该记录已作废" in page and "看错了人,实为窗口轮岗" in page and "<del>" in page
    assert client.post(url, {"reason": "再次作废一下"}).status_code == 403
    listing = client.get(reverse("supervision:finding_list")).content.decode()
    assert "看错了人" not in listing and finding.description not in listing
    with_annulled = client.get(reverse("supervision:finding_list"), {"annulled": "on"}).content.decode()
    assert "text-decoration-line-through" in with_annulled and "已作废" in with_annulled


@pytest.mark.parametrize("who", ["director_a", "clerk_a", "other_inspector"])
def test_it_refuses_annulment_by_readers(client, county, who):
    records = one_of_each(county)
    user = factories.staff_with_login("inspector2", Role.INSPECTOR).user if who == "other_inspector" else None
    login(client, user or getattr(county, who).user)
    for key in ("inspection", "press", "bulletin"):
        response = client.post(reverse(f"supervision:{key}_annul", args=[records[key].pk]), {"reason": "我要作废它"})
        assert response.status_code == 403, key
        assert "作废该记录" not in client.get(detail_urls(records)[key]).content.decode()
    assert not any(model.objects.annulled().exists() for model in (Inspection, PressReport, Bulletin))


def test_it_refuses_annulment_out_of_scope_with_404(client, county):
    records = one_of_each(county)
    login(client, county.clerk_b.user)
    for key in records:
        assert (
            client.post(reverse(f"supervision:{key}_annul", args=[records[key].pk]), {"reason": "越权作废"}).status_code
            == 404
        )


def test_it_lets_the_director_write_the_rectification(client, county, director_b):
    inspection = make.inspection(county)
    url = reverse("supervision:inspection_rectify", args=[inspection.pk])
    for user in (county.clerk_a.user, county.users[Role.INSPECTOR]):
        assert login(client, user).post(url, {"rectification": "已整改"}).status_code == 403
    assert login(client, director_b.user).post(url, {"rectification": "已整改"}).status_code == 404
    login(client, county.director_a.user)
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "填写整改情况" in page
    seen = services.text_digest("")
    assert client.post(url, {"rectification": "已重新张贴收费公示。", "seen": seen}).status_code == 302
    assert Inspection.objects.get().rectification == "已重新张贴收费公示。"
    stale = client.post(url, {"rectification": "另一版本", "seen": seen})
    assert stale.status_code == 400 and "已被他人处理" in stale.content.decode()


# --- filters and exports -----------------------------------------------------------------------


def test_it_filters_the_lists(as_county_admin, county):
    today = timezone.localdate()
    make.finding(county, kind="chatting", staff=None, description="聊天")
    make.finding(county, kind="unrelated", description="玩手机")
    make.press(county, tone="positive", level="county", title="县级正面报道")
    make.press(county, tone="positive", level="province", title="省级正面报道")
    make.bulletin(county, outcome="criticism", level="county", issuer="县行政服务中心管委会", title="县级批评")
    old = make.inspection(county, inspected_at=timezone.now() - timedelta(days=40), findings="四十天前的检查")
    make.inspection(county, findings="今天的检查")
    get = as_county_admin.get
    html = get(reverse("supervision:finding_list"), {"kind": "chatting"}).content.decode()
    assert "聊天" in html and "玩手机" not in html
    html = get(reverse("supervision:press_list"), {"level": "city_up"}).content.decode()
    assert "省级正面报道" in html and "县级正面报道" not in html
    html = get(reverse("supervision:bulletin_list"), {"outcome": "praise"}).content.decode()
    assert "县级批评" not in html
    start = (today - timedelta(days=7)).isoformat()
    html = get(reverse("supervision:inspection_list"), {"date_from": start}).content.decode()
    assert "今天的检查" in html and old.findings not in html
    html = get(reverse("supervision:inspection_list"), {"centre": county.centre_b.pk}).content.decode()
    assert "今天的检查" not in html


@pytest.mark.parametrize(
    ("name", "header", "count"),
    [
        ("inspection_xlsx", "检查时间", 2),
        ("finding_xlsx", "发现时间", 2),
        ("press_xlsx", "发布日期", 2),
        ("bulletin_xlsx", "通报日期", 4),  # two inspections' bulletins + two recorded
    ],
)
def test_it_exports_the_filtered_rows(as_county_admin, county, name, header, count):
    for centre in (county.centre_a, county.centre_b):
        records = one_of_each(county, centre=centre)
        make.inspection(county, centre=centre, outcome="criticism")
    services.record_annul(record=records["finding"], actor=make.admin(county), reason="误登记一条")
    response = as_county_admin.get(reverse(f"supervision:{name}"), {"annulled": "on"})
    assert response.status_code == 200 and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "全县" in sheet["A1"].value and "含已作废" in sheet["A1"].value
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == header
    data = rows[1:]
    expected = count + (2 if name == "inspection_xlsx" else 0)
    assert len(data) == expected
    states = [row[rows[0].index("状态")] for row in data]
    assert states.count("已作废") == (1 if name == "finding_xlsx" else 0)
    valid_only = load_workbook(io.BytesIO(as_county_admin.get(reverse(f"supervision:{name}")).content)).active
    assert valid_only.max_row - 2 == expected - (1 if name == "finding_xlsx" else 0)


def test_it_exports_a_directors_centre_only(client, county):
    one_of_each(county)
    one_of_each(county, centre=county.centre_b)
    login(client, county.director_a.user)
    sheet = load_workbook(io.BytesIO(client.get(reverse("supervision:press_xlsx")).content)).active
    assert sheet["A1"].value.startswith("甲镇便民服务中心")
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["甲镇便民服务中心"]


def test_it_shows_each_centres_effects_of_the_year(client, county):
    for _ in range(3):
        make.bulletin(county)
    make.finding(county, kind="unrelated")
    login(client, county.users[Role.COUNTY_ADMIN])
    html = client.get(reverse("supervision:finding_effects")).content.decode()
    assert "甲镇便民服务中心" in html and "乙乡便民服务中心" in html and "+10" in html and "−2" in html
    login(client, county.director_a.user)
    html = client.get(reverse("supervision:finding_effects")).content.decode()
    assert "甲镇便民服务中心" in html and "乙乡便民服务中心" not in html


# --- query counts ------------------------------------------------------------------------------


def count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("who", ["county_admin", "director_a", "clerk_a"])
def test_it_lists_with_a_constant_number_of_queries(client, county, name, who):
    login(client, county.users.get(who) or getattr(county, who).user)
    url = reverse(f"supervision:{name}")
    one_of_each(county)
    one = count_queries(client, url, annulled="on")
    for _ in range(5):
        records = one_of_each(county)
        make.inspection(county, outcome="criticism")
    services.record_annul(record=records["finding"], actor=make.admin(county), reason="作废一条看看")
    many = count_queries(client, url, annulled="on")
    assert one == many
    assert many <= 10


def test_it_lists_many_rows_within_a_bound(django_assert_max_num_queries, client, county):
    for _ in range(8):
        one_of_each(county)
    login(client, county.users[Role.INSPECTOR])
    for name in LISTS:
        with django_assert_max_num_queries(10):
            client.get(reverse(f"supervision:{name}"))
    with django_assert_max_num_queries(8):
        client.get(reverse("supervision:finding_effects"))

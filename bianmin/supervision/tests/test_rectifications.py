"""差评整改 on the staff side: only the director of the case's centre records and closes it (call-back,
finding and action required), clerks read without the case, other centres get 404, agents 403,
county roles read only; conditional updates refuse a stale page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bianmin.core.errors import ApplicationError
from bianmin.supervision import services
from bianmin.supervision.models import Rectification

pytestmark = pytest.mark.django_db


@pytest.fixture
def rect(decided):
    case = decided()
    rating = services.rating_submit(
        case=case, overall=1, efficiency=2, attitude=1, guide_accuracy=3, comment="窗口人员中途离岗,等了一小时。"
    )
    return rating.rectification


def detail_url(rect) -> str:
    return reverse("supervision:rectification_detail", args=[rect.pk])


def close_form(rect, *, op="close", key="k1", **overrides):
    now = timezone.localtime()
    data = {
        "request_key": key,
        "version": rect.version,
        "callback_at": now.strftime("%Y-%m-%dT%H:%M"),
        "callback_by": "",
        "callback_note": "电话回访,群众反映属实。",
        "finding": "经调阅监控,该窗口人员中途离岗40分钟。",
        "action": "批评教育,调整午间轮岗安排。",
        "op": op,
    }
    return data | overrides


def test_it_lets_the_director_close_the_rectification(as_director_a, county, rect):
    response = as_director_a.get(detail_url(rect))
    assert response.status_code == 200
    assert "办结整改" in response.content.decode()
    response = as_director_a.post(detail_url(rect), close_form(rect))
    assert response.status_code == 302
    rect.refresh_from_db()
    assert rect.status == "closed"
    assert rect.closed_by == county.director_a
    assert rect.callback_by == county.director_a  # defaults to the one recording it
    assert rect.finding.startswith("经调阅监控")


def test_it_saves_progress_without_closing(as_director_a, rect):
    response = as_director_a.post(detail_url(rect), close_form(rect, op="save", finding="", action=""))
    assert response.status_code == 302
    rect.refresh_from_db()
    assert rect.status == "open" and rect.callback_note and rect.version == 1


def test_it_needs_call_back_finding_and_action_to_close(as_director_a, rect):
    response = as_director_a.post(detail_url(rect), close_form(rect, finding="", callback_at=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写回访时间" in html and "请填写核实情况" in html  # every missing item at once
    rect.refresh_from_db()
    assert rect.status == "open"
    response = as_director_a.post(detail_url(rect), close_form(rect, finding=""))
    assert "请填写核实情况" in response.content.decode()
    response = as_director_a.post(detail_url(rect), close_form(rect, action=" "))
    assert "请填写整改措施" in response.content.decode()
    rect.refresh_from_db()
    assert rect.status == "open"


def test_it_refuses_the_clerk(as_clerk_a, county, rect):
    page = as_clerk_a.get(detail_url(rect))
    assert page.status_code == 200  # the clerk reads ...
    html = page.content.decode()
    assert "办结整改" not in html
    assert rect.case.receipt_number not in html  # ... without learning which case (the rater) it was
    assert as_clerk_a.post(detail_url(rect), close_form(rect)).status_code == 403
    with pytest.raises(ApplicationError):
        services.rectification_close(
            rectification=rect,
            actor=county.clerk_a,
            callback_at=timezone.now(),
            callback_note="x",
            finding="x",
            action="x",
        )
    rect.refresh_from_db()
    assert rect.status == "open"


def test_it_hides_rectifications_from_another_centre(client, county, rect, director_b):
    client.force_login(director_b.user)
    assert client.get(detail_url(rect)).status_code == 404
    assert client.post(detail_url(rect), close_form(rect)).status_code == 404
    with pytest.raises(ApplicationError):
        services.rectification_close(
            rectification=rect,
            actor=director_b,
            callback_at=timezone.now(),
            callback_note="x",
            finding="x",
            action="x",
        )
    listing = client.get(reverse("supervision:rectification_list")).content.decode()
    assert detail_url(rect) not in listing


def test_it_hides_centre_a_from_clerk_b(as_clerk_b, rect):
    assert as_clerk_b.get(detail_url(rect)).status_code == 404
    assert detail_url(rect) not in as_clerk_b.get(reverse("supervision:rectification_list")).content.decode()


def test_it_refuses_agents(as_agent_a1, rect):
    for name in ("rating_list", "rectification_list", "complaint_list"):
        assert as_agent_a1.get(reverse(f"supervision:{name}")).status_code == 403
    assert as_agent_a1.get(detail_url(rect)).status_code == 403


def test_it_lets_county_roles_read_but_not_close(as_county_admin, rect):
    page = as_county_admin.get(detail_url(rect))
    assert page.status_code == 200 and "办结整改" not in page.content.decode()
    assert rect.case.receipt_number in page.content.decode()
    assert as_county_admin.post(detail_url(rect), close_form(rect)).status_code == 403


def test_it_refuses_a_stale_page(county, rect):
    now = timezone.now()
    services.rectification_save(
        rectification=rect, actor=county.director_a, callback_note="第一次", seen_version=0, request_key="a"
    )
    with pytest.raises(ApplicationError) as refused:
        services.rectification_close(
            rectification=rect,
            actor=county.director_a,
            callback_at=now,
            callback_note="x",
            finding="x",
            action="x",
            seen_version=0,
            request_key="b",
        )
    assert "已被他人处理" in refused.value.message


def test_it_answers_a_replayed_close_once(county, rect):
    kwargs = {
        "rectification": rect,
        "actor": county.director_a,
        "callback_at": timezone.now(),
        "callback_note": "x",
        "finding": "x",
        "action": "x",
        "seen_version": 0,
        "request_key": "same",
    }
    services.rectification_close(**kwargs)
    again = services.rectification_close(**kwargs)
    assert again.status == "closed" and again.version == 1


def test_it_refuses_changes_after_closing(county, rect):
    services.rectification_close(
        rectification=rect,
        actor=county.director_a,
        callback_at=timezone.now(),
        callback_note="x",
        finding="x",
        action="x",
    )
    with pytest.raises(ApplicationError):
        services.rectification_save(rectification=rect, actor=county.director_a, finding="改写")


def test_it_lists_open_and_overdue_rectifications(as_director_a, rect):
    Rectification.objects.filter(pk=rect.pk).update(deadline=timezone.localdate().replace(year=2020))
    html = as_director_a.get(reverse("supervision:rectification_list") + "?state=overdue").content.decode()
    assert detail_url(rect) in html and "已超期" in html
    html = as_director_a.get(reverse("supervision:rectification_list") + "?state=closed").content.decode()
    assert detail_url(rect) not in html


def test_it_shows_ratings_without_the_rater(as_clerk_a, county, rect):
    html = as_clerk_a.get(reverse("supervision:rating_list")).content.decode()
    assert "非常不满意" in html and "窗口人员中途离岗" in html
    assert rect.case.receipt_number not in html
    assert rect.case.applicant_name not in html


def test_it_recomputes_open_deadlines_when_the_calendar_changes(county, rect):
    from bianmin.workcalendar.selectors import load_calendar

    Rectification.objects.filter(pk=rect.pk).update(deadline=rect.deadline.replace(year=2020))
    assert services.recompute_open_rectifications(load_calendar()) == 1
    rect.refresh_from_db()
    assert rect.deadline.year >= timezone.localdate().year

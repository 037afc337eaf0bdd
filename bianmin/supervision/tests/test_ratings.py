"""好差评: one rating per decided case, only with the session proof of the progress lookup, a bad
rating needs a reason and opens a rectification due N working days later, nothing about the rater
is stored, and the public form is throttled and CSRF-protected."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from bianmin.cases.tests.helpers import handling_case
from bianmin.core.errors import ApplicationError
from bianmin.supervision import services
from bianmin.supervision.models import Rating, RatingChannel, Rectification
from bianmin.supervision.tests.helpers import china, verify

pytestmark = pytest.mark.django_db

GOOD = {"overall": "5", "efficiency": "4", "attitude": "5", "guide_accuracy": "5", "comment": "", "channel": "progress"}
BAD = GOOD | {"overall": "1", "attitude": "1", "comment": "窗口人员态度生硬,让我跑了两趟。"}


def rate_url(case) -> str:
    return reverse("portal:rate", args=[case.pk])


def post(client, case, data, key="k1", **extra):
    return client.post(rate_url(case), data | {"request_key": key}, **extra)


def submit(case, overall=5, comment="", **kw):
    values = {"efficiency": 5, "attitude": 5, "guide_accuracy": 5} | kw
    return services.rating_submit(case=case, overall=overall, comment=comment, **values)


# --- services ----------------------------------------------------------------------------------


def test_it_takes_one_rating_per_case(decided):
    case = decided()
    submit(case)
    with pytest.raises(ApplicationError) as refused:
        submit(case, overall=1, comment="再评一次")
    assert "只能评价一次" in refused.value.message
    assert Rating.objects.filter(case=case).count() == 1


def test_it_rates_only_decided_cases(county, item):
    case = handling_case(county, item)
    with pytest.raises(ApplicationError) as refused:
        submit(case)
    assert "办结后" in refused.value.message
    assert not Rating.objects.exists()


def test_it_answers_a_replayed_rating_once(decided):
    case = decided()
    first = services.rating_submit(case=case, overall=5, efficiency=5, attitude=5, guide_accuracy=5, request_key="same")
    again = services.rating_submit(case=case, overall=5, efficiency=5, attitude=5, guide_accuracy=5, request_key="same")
    assert first.pk == again.pk and Rating.objects.count() == 1


def test_it_opens_a_rectification_for_a_bad_rating_with_the_deadline_in_working_days(decided):
    case = decided()
    # Friday 26 September 2025: Sun 28 (worked), Mon 29, Tue 30, holiday 1–8 October, Thu 9, Fri 10.
    rating = submit(case, overall=2, comment="等了很久", at=china(2025, 9, 26, 16))
    rect = Rectification.objects.get(rating=rating)
    assert rect.status == "open" and rect.centre_id == case.centre_id and rect.case_id == case.pk
    assert rect.working_days == 5
    assert rect.deadline == date(2025, 10, 10)
    assert not rect.deadline_provisional
    assert rect.overdue_on(date(2025, 10, 10)) is False
    assert rect.overdue_on(date(2025, 10, 11)) is True


def test_it_takes_the_deadline_from_the_settings(decided, settings):
    settings.RECTIFICATION_WORKING_DAYS = 3
    rating = submit(decided(), overall=1, comment="收费不明", at=china(2025, 9, 26, 16))
    assert rating.rectification.deadline == date(2025, 9, 30)


def test_it_needs_a_reason_for_a_bad_rating(decided):
    case = decided()
    with pytest.raises(ApplicationError) as refused:
        submit(case, overall=2, comment=" ")
    assert refused.value.field == "comment"
    assert not Rating.objects.exists() and not Rectification.objects.exists()


def test_it_opens_no_rectification_for_a_fair_rating(decided):
    submit(decided(), overall=3)
    assert not Rectification.objects.exists()


def test_it_stores_nothing_about_the_rater():
    names = {field.name for field in Rating._meta.get_fields()}
    for personal in ("ip", "ip_address", "session", "session_key", "name", "phone", "user", "user_agent"):
        assert personal not in names


# --- the public page ---------------------------------------------------------------------------


def test_it_requires_the_session_proof(client, decided):
    case = decided()
    response = client.get(rate_url(case))
    assert response.status_code == 403
    assert "请先查询办件进度" in response.content.decode()
    response = post(client, case, GOOD)
    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_it_does_not_accept_the_proof_of_another_case(client, decided):
    mine, other = decided(), decided()
    verify(client, mine)
    assert client.get(rate_url(other)).status_code == 403
    assert post(client, other, GOOD).status_code == 403


def test_it_rates_a_case_from_the_progress_page(client, decided):
    case = decided()
    verify(client, case)
    page = client.get(rate_url(case))
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意", "办事效率", "服务态度", "办事指南准确"):
        assert label in html
    for personal in (case.applicant_name, case.phone, case.phone[-4:], case.id_number, case.id_number[-4:]):
        assert personal not in html
    response = post(client, case, GOOD)
    assert response.status_code == 302
    rating = Rating.objects.get(case=case)
    assert (rating.overall, rating.efficiency, rating.channel) == (5, 4, RatingChannel.PROGRESS)
    thanks = client.get(response.url)
    assert "感谢您的评价" in thanks.content.decode()


def test_it_records_the_kiosk_channel(client, decided):
    case = decided()
    verify(client, case)
    client.post(rate_url(case) + f"?kiosk={case.centre_id}", GOOD | {"request_key": "k"})
    assert Rating.objects.get(case=case).channel == RatingChannel.KIOSK


def test_it_refuses_a_second_rating_with_a_chinese_message(client, decided):
    case = decided()
    verify(client, case)
    post(client, case, GOOD, key="first")
    response = post(client, case, BAD, key="second")
    html = response.content.decode()
    assert "该办件已经评价过了,每个办件只能评价一次" in html
    assert Rating.objects.get(case=case).overall == 5
    assert not Rectification.objects.exists()


def test_it_answers_a_double_submit_once(client, decided):
    case = decided()
    verify(client, case)
    first = post(client, case, BAD, key="same")
    second = post(client, case, BAD, key="same")
    assert first.status_code == second.status_code == 302
    assert Rating.objects.count() == 1 and Rectification.objects.count() == 1


def test_it_shows_no_form_before_the_case_is_decided(client, county, item):
    case = handling_case(county, item)
    verify(client, case)
    html = client.get(rate_url(case)).content.decode()
    assert "还没有办结" in html and "提交评价" not in html
    post(client, case, GOOD)
    assert not Rating.objects.exists()


def test_it_asks_for_the_reason_of_a_bad_rating_on_the_page(client, decided):
    case = decided()
    verify(client, case)
    response = post(client, case, BAD | {"comment": ""})
    assert response.status_code == 200
    assert "请写明原因" in response.content.decode()
    assert not Rating.objects.exists()


def test_it_tells_the_rater_when_the_call_back_is_due(client, decided):
    case = decided()
    verify(client, case)
    response = post(client, case, BAD)
    rect = Rectification.objects.get()
    html = client.get(response.url).content.decode()
    assert f"{rect.deadline.year}年{rect.deadline.month}月{rect.deadline.day}日" in html
    assert "回访" in html


def test_it_refuses_a_rating_without_a_csrf_token(decided):
    case = decided()
    client = Client(enforce_csrf_checks=True)
    verify(client, case)
    assert client.post(rate_url(case), GOOD | {"request_key": "x"}).status_code == 403
    assert not Rating.objects.exists()


def test_it_throttles_rating_submissions(client, decided):
    case = decided()
    verify(client, case)
    invalid = GOOD | {"overall": ""}  # refused by the form, so every attempt counts
    statuses = [post(client, case, invalid, key=f"k{n}").status_code for n in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    assert post(client, case, GOOD, key="late").status_code == 429
    assert not Rating.objects.exists()

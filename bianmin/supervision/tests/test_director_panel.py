"""The rectification a bad rating opens appears on the centre director's dashboard panel (issue #6,
"done when"), overdue first; the panel is empty for roles outside a centre."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from bianmin.supervision import selectors, services, services_complaints
from bianmin.supervision.models import Rectification

pytestmark = pytest.mark.django_db


def bad_rating(case, comment="态度不好"):
    return services.rating_submit(case=case, overall=1, efficiency=1, attitude=1, guide_accuracy=3, comment=comment)


def render_panel(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "supervision/_director_panel.html", {"supervision_panel": selectors.director_panel(user)}, request=request
    )


def test_it_shows_open_rectifications_on_the_directors_panel(county, decided):
    first = bad_rating(decided(), "办事拖拉").rectification
    late = bad_rating(decided(), "收费不明").rectification
    Rectification.objects.filter(pk=late.pk).update(deadline=timezone.localdate().replace(year=2020))
    services_complaints.complaint_submit(
        centre=county.centre_a, category="fees", content="代办点收取了材料复印费十元。"
    )

    panel = selectors.director_panel(county.director_a.user)
    assert panel["is_director"] and panel["open_count"] == 2 and panel["overdue_count"] == 1
    assert [r.pk for r in panel["rectifications"]] == [late.pk, first.pk]
    assert panel["rectifications"][0].overdue
    assert panel["complaints_new"] == 1
    assert panel["month"]["total"] == 2 and panel["month"]["good_share"] == 0.0

    html = render_panel(county.director_a.user)
    assert first.get_absolute_url() in html and late.get_absolute_url() in html
    assert "已超期" in html and "办事拖拉" in html and "处理" in html


def test_it_drops_closed_rectifications_from_the_panel(county, decided):
    rect = bad_rating(decided()).rectification
    services.rectification_close(
        rectification=rect,
        actor=county.director_a,
        callback_at=timezone.now(),
        callback_note="已回访",
        finding="属实",
        action="已整改",
    )
    panel = selectors.director_panel(county.director_a.user)
    assert panel["open_count"] == 0 and panel["rectifications"] == []
    assert "没有待办结的差评整改" in render_panel(county.director_a.user)


def test_it_keeps_each_centre_to_its_own_panel(county, decided):
    bad_rating(decided())
    assert selectors.director_panel(county.clerk_b.user)["open_count"] == 0
    clerk_panel = selectors.director_panel(county.clerk_a.user)
    assert clerk_panel["open_count"] == 1 and not clerk_panel["sees_case"]


@pytest.mark.parametrize("who", ["agent_a1", "county_admin"])
def test_it_is_empty_outside_a_centre(county, who):
    user = county.agent_a1.user if who == "agent_a1" else county.users["county_admin"]
    assert selectors.director_panel(user) == {}
    assert render_panel(user).strip() == ""

"""Empty list pages say what to do next (issue #14 point 4), not just that there is nothing."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "next_step"),
    [
        ("cases:queue", "点击右上角「收件」开始"),
        ("cases:consultation_list", "「登记咨询」"),
        ("operations:leave_list", "「请假」"),
        ("operations:patrol_list", "「登记巡查」"),
        ("operations:staff_change_list", "「报备人员调整」"),
        ("supervision:complaint_list", "「登记投诉举报」"),
        ("supervision:rectification_list", "系统自动生成整改记录"),
    ],
)
def test_an_empty_list_for_a_centre_says_what_to_do_next(as_director_a, url_name, next_step):
    html = as_director_a.get(reverse(url_name)).content.decode()
    assert next_step in html


def test_an_agents_empty_queue_points_to_agency_intake(as_agent_a1):
    assert "「代办登记」开始" in as_agent_a1.get(reverse("cases:queue")).content.decode()


@pytest.mark.parametrize(
    ("url_name", "next_step"),
    [
        ("supervision:inspection_list", "点击右上角「登记」"),
        ("supervision:finding_list", "点击右上角「登记」"),
        ("supervision:rating_list", "二维码"),
    ],
)
def test_an_empty_county_list_says_what_to_do_next(as_county_admin, url_name, next_step):
    assert next_step in as_county_admin.get(reverse(url_name)).content.decode()

"""Scope is the security boundary (DESIGN §1): out of scope is 404, read-only is 403, and a refused
write changes nothing. Tables name the actor fixture, the page and the expected status."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.urls import reverse

from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.org.forms import AgencyPointForm, CentreForm, StaffForm, WindowForm
from bianmin.org.models import AgencyPoint, BusinessLine, Centre, Staff, Window

# Marked so that tests reaching the database only through getfixturevalue run before transactional
# tests (which flush the migrations' reference data).
pytestmark = pytest.mark.django_db

ADMIN_SCOPE = Scope(role=Role.COUNTY_ADMIN)


def form_data(form: forms.Form, **overrides: Any) -> dict:
    """What a browser posts for ``form`` as rendered: unchecked boxes and empty file inputs are absent,
    True in ``overrides`` means checked."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        value = overrides.pop(name) if name in overrides else form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    assert not overrides, f"not fields of the form: {overrides}"
    return data


def county_admin_staff(c) -> Staff:
    return c.users[Role.COUNTY_ADMIN].staff


# --- pages ---------------------------------------------------------------------------------------

DETAIL: dict[str, Callable] = {
    "centre A": lambda c: c.centre_a.get_absolute_url(),
    "centre B": lambda c: c.centre_b.get_absolute_url(),
    "window A": lambda c: c.window_a.get_absolute_url(),
    "window B": lambda c: c.window_b.get_absolute_url(),
    "point A1": lambda c: c.point_a1.get_absolute_url(),
    "point A2": lambda c: c.point_a2.get_absolute_url(),
    "point B1": lambda c: c.point_b1.get_absolute_url(),
    "staff clerk_a": lambda c: c.clerk_a.get_absolute_url(),
    "staff agent_a1": lambda c: c.agent_a1.get_absolute_url(),
    "staff clerk_b": lambda c: c.clerk_b.get_absolute_url(),
    "staff county admin": lambda c: county_admin_staff(c).get_absolute_url(),
}


@dataclass(frozen=True)
class Edit:
    """An edit page, valid POST data for it, what it changes in the DB (``read``) and to what (``new``)."""

    url: Callable
    data: Callable
    read: Callable
    new: Any


def centre_edit(attr: str) -> Edit:
    def data(c):
        centre = getattr(c, attr)
        return form_data(CentreForm(instance=centre), name="新名称便民服务中心", hall_area="230", has_touch_kiosk=True)

    return Edit(
        url=lambda c: reverse("org:centre_edit", args=[getattr(c, attr).pk]),
        data=data,
        read=lambda c: Centre.objects.values_list("name", "hall_area", "has_touch_kiosk").get(pk=getattr(c, attr).pk),
        new=("新名称便民服务中心", Decimal("230"), True),
    )


def window_edit(attr: str) -> Edit:
    def data(c):
        window = getattr(c, attr)
        return form_data(WindowForm(centre=window.centre, instance=window), name="民政优抚窗口")

    return Edit(
        url=lambda c: reverse("org:window_edit", args=[getattr(c, attr).pk]),
        data=data,
        read=lambda c: Window.objects.get(pk=getattr(c, attr).pk).name,
        new="民政优抚窗口",
    )


def window_create(attr: str, clerk: str) -> Edit:
    def data(c):
        centre = getattr(c, attr)
        form = WindowForm(centre=centre, instance=Window(centre=centre))
        line = BusinessLine.objects.get(name="劳动保障").pk
        return form_data(form, number=2, name="劳动保障窗口", business_line=line, staff=[getattr(c, clerk).pk])

    return Edit(
        url=lambda c: reverse("org:window_create", args=[getattr(c, attr).pk]),
        data=data,
        read=lambda c: sorted(
            Window.objects.filter(centre=getattr(c, attr)).values_list("number", "name", "staff__name")
        ),
        new=[(1, "民政窗口", clerk), (2, "劳动保障窗口", clerk)],  # staff names are the attribute names
    )


def point_edit(attr: str) -> Edit:
    return Edit(
        url=lambda c: reverse("org:point_edit", args=[getattr(c, attr).pk]),
        data=lambda c: form_data(AgencyPointForm(instance=getattr(c, attr)), area="45", has_name_plate=True),
        read=lambda c: AgencyPoint.objects.values_list("area", "has_name_plate").get(pk=getattr(c, attr).pk),
        new=(Decimal("45"), True),
    )


def staff_edit(get: Callable) -> Edit:
    return Edit(
        url=lambda c: reverse("org:staff_edit", args=[get(c).pk]),
        data=lambda c: form_data(StaffForm(instance=get(c), scope=ADMIN_SCOPE), post="综合窗口"),
        read=lambda c: Staff.objects.get(pk=get(c).pk).post,
        new="综合窗口",
    )


STAFF_CREATE = Edit(
    url=lambda c: reverse("org:staff_create"),
    data=lambda c: form_data(
        StaffForm(instance=Staff(), scope=ADMIN_SCOPE), name="新员工", role=Role.CLERK, centre=c.centre_a.pk
    ),
    read=lambda c: list(Staff.objects.filter(name="新员工").values_list("centre__name", "role")),
    new=[("甲镇便民服务中心", Role.CLERK)],
)

EDITS: dict[str, Edit] = {
    "centre A": centre_edit("centre_a"),
    "centre B": centre_edit("centre_b"),
    "window A": window_edit("window_a"),
    "window B": window_edit("window_b"),
    "new window in A": window_create("centre_a", "clerk_a"),
    "new window in B": window_create("centre_b", "clerk_b"),
    "point A1": point_edit("point_a1"),
    "point A2": point_edit("point_a2"),
    "point B1": point_edit("point_b1"),
    "staff clerk_a": staff_edit(lambda c: c.clerk_a),
    "staff agent_a1": staff_edit(lambda c: c.agent_a1),
    "staff clerk_b": staff_edit(lambda c: c.clerk_b),
    "staff county admin": staff_edit(county_admin_staff),
    "new staff": STAFF_CREATE,
}

# --- anonymous ---------------------------------------------------------------------------------

ALL_URLS = [
    *[(f"{name} detail", url) for name, url in DETAIL.items()],
    *[(f"{name} edit", edit.url) for name, edit in EDITS.items()],
    *[(name, lambda c, n=name: reverse(n)) for name in ("home", "org:centre_list", "org:window_list")],
    *[(name, lambda c, n=name: reverse(n)) for name in ("org:point_list", "org:staff_list", "org:audit_log")],
]


@pytest.mark.parametrize(("page", "url"), ALL_URLS, ids=[page for page, _ in ALL_URLS])
def test_it_sends_anonymous_users_to_the_login_page(client, county, page, url):
    for response in (client.get(url(county)), client.post(url(county), {})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")


# --- reading -----------------------------------------------------------------------------------

READS = [
    ("as_clerk_a", "centre A", 200),
    ("as_clerk_a", "centre B", 404),
    ("as_clerk_a", "window A", 200),
    ("as_clerk_a", "window B", 404),
    ("as_clerk_a", "point A2", 200),
    ("as_clerk_a", "point B1", 404),
    ("as_clerk_a", "staff agent_a1", 200),
    ("as_clerk_a", "staff clerk_b", 404),
    ("as_clerk_b", "window A", 404),
    ("as_clerk_b", "staff clerk_a", 404),
    ("as_director_a", "centre B", 404),
    ("as_director_a", "window B", 404),
    ("as_director_a", "point B1", 404),
    ("as_director_a", "staff clerk_b", 404),
    ("as_director_a", "staff county admin", 404),
    ("as_agent_a1", "point A1", 200),
    ("as_agent_a1", "staff agent_a1", 200),
    ("as_agent_a1", "point A2", 404),
    ("as_agent_a1", "point B1", 404),
    ("as_agent_a1", "centre A", 404),
    ("as_agent_a1", "centre B", 404),
    ("as_agent_a1", "window A", 404),
    ("as_agent_a1", "window B", 404),
    ("as_agent_a1", "staff clerk_a", 404),
    *[("as_inspector", page, 200) for page in DETAIL],
    *[("as_county_admin", page, 200) for page in DETAIL],
]


@pytest.mark.parametrize(("actor", "page", "status"), READS)
def test_it_answers_detail_pages_by_scope(request, county, actor, page, status):
    client = request.getfixturevalue(actor)
    assert client.get(DETAIL[page](county)).status_code == status


# --- refused writes ----------------------------------------------------------------------------

REFUSED = [
    # out of scope: 404
    ("as_clerk_a", "centre B", 404),
    ("as_clerk_a", "window B", 404),
    ("as_clerk_a", "new window in B", 404),
    ("as_clerk_a", "point B1", 404),
    ("as_clerk_a", "staff clerk_b", 404),
    ("as_director_a", "centre B", 404),
    ("as_director_a", "window B", 404),
    ("as_director_a", "new window in B", 404),
    ("as_director_a", "point B1", 404),
    ("as_director_a", "staff clerk_b", 404),
    ("as_director_a", "staff county admin", 404),
    ("as_clerk_b", "staff clerk_a", 404),
    ("as_agent_a1", "centre A", 404),
    ("as_agent_a1", "window A", 404),
    ("as_agent_a1", "new window in A", 404),
    ("as_agent_a1", "point A2", 404),
    ("as_agent_a1", "point B1", 404),
    ("as_agent_a1", "staff clerk_a", 404),
    # in scope, read only: 403
    ("as_clerk_a", "centre A", 403),
    ("as_clerk_a", "window A", 403),
    ("as_clerk_a", "new window in A", 403),
    ("as_clerk_a", "point A1", 403),
    ("as_clerk_a", "staff clerk_a", 403),
    ("as_clerk_a", "staff agent_a1", 403),
    ("as_clerk_a", "new staff", 403),
    ("as_agent_a1", "point A1", 403),
    ("as_agent_a1", "staff agent_a1", 403),
    ("as_agent_a1", "new staff", 403),
    *[("as_inspector", edit, 403) for edit in EDITS],
]


@pytest.mark.parametrize(("actor", "edit", "status"), REFUSED)
def test_it_refuses_writes_out_of_scope_or_read_only_and_changes_nothing(request, county, actor, edit, status):
    client = request.getfixturevalue(actor)
    page = EDITS[edit]
    before = page.read(county)
    assert before != page.new  # the POST below would change something if it got through
    assert client.get(page.url(county)).status_code == status
    assert client.post(page.url(county), page.data(county)).status_code == status
    assert page.read(county) == before


# --- allowed writes ----------------------------------------------------------------------------

ALLOWED = [
    *[
        (actor, edit)
        for actor in ("as_county_admin", "as_director_a")
        for edit in ("centre A", "window A", "new window in A", "point A1", "staff clerk_a", "staff agent_a1")
    ],
    ("as_director_a", "new staff"),
    *[
        ("as_county_admin", edit)
        for edit in ("centre B", "window B", "new window in B", "point B1", "staff clerk_b", "staff county admin")
    ],
    ("as_county_admin", "new staff"),
]


@pytest.mark.parametrize(("actor", "edit"), ALLOWED)
def test_it_lets_the_county_admin_and_the_own_director_save_changes(request, county, actor, edit):
    client = request.getfixturevalue(actor)
    page = EDITS[edit]
    assert client.get(page.url(county)).status_code == 200
    response = client.post(page.url(county), page.data(county))
    assert response.status_code == 302, response.context["form"].errors
    assert page.read(county) == page.new


def test_it_does_not_let_director_a_create_staff_in_centre_b(as_director_a, county):
    data = form_data(StaffForm(instance=Staff(), scope=ADMIN_SCOPE), name="新员工", role=Role.CLERK)
    response = as_director_a.post(reverse("org:staff_create"), {**data, "centre": county.centre_b.pk})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.context["form"].errors["centre"][0]
    assert not Staff.objects.filter(name="新员工").exists()


@pytest.mark.parametrize("actor", ["as_inspector", "as_director_a", "as_clerk_a", "as_agent_a1"])
def test_it_shows_the_audit_log_to_the_county_admin_only(request, county, actor):
    assert request.getfixturevalue(actor).get(reverse("org:audit_log")).status_code == 403


# --- lists -------------------------------------------------------------------------------------

LISTS = [
    ("as_clerk_a", "org:centre_list", ["centre_a"], ["centre_b"]),
    ("as_clerk_a", "org:window_list", ["window_a"], ["window_b"]),
    ("as_clerk_a", "org:point_list", ["point_a1", "point_a2"], ["point_b1"]),
    ("as_clerk_a", "org:staff_list", ["director_a", "clerk_a", "agent_a1"], ["clerk_b", "agent_b1"]),
    ("as_clerk_b", "org:window_list", ["window_b"], ["window_a"]),
    ("as_director_a", "org:centre_list", ["centre_a"], ["centre_b"]),
    ("as_director_a", "org:window_list", ["window_a"], ["window_b"]),
    ("as_director_a", "org:point_list", ["point_a1", "point_a2"], ["point_b1"]),
    ("as_director_a", "org:staff_list", ["clerk_a", "agent_a1", "director_a"], ["clerk_b", "agent_b1"]),
    ("as_agent_a1", "org:centre_list", [], ["centre_a", "centre_b"]),
    ("as_agent_a1", "org:window_list", [], ["window_a", "window_b"]),
    ("as_agent_a1", "org:point_list", ["point_a1"], ["point_a2", "point_b1"]),
    ("as_agent_a1", "org:staff_list", ["agent_a1"], ["clerk_a", "director_a", "agent_b1"]),
    ("as_inspector", "org:centre_list", ["centre_a", "centre_b"], []),
    ("as_inspector", "org:window_list", ["window_a", "window_b"], []),
    ("as_inspector", "org:point_list", ["point_a1", "point_a2", "point_b1"], []),
    ("as_inspector", "org:staff_list", ["director_a", "clerk_a", "clerk_b", "agent_b1"], []),
    ("as_county_admin", "home", ["centre_a", "centre_b"], []),
    ("as_director_a", "home", ["centre_a", "window_a", "clerk_a", "point_a1", "point_a2"], ["centre_b", "window_b"]),
    ("as_clerk_a", "home", ["centre_a", "window_a", "director_a", "point_a1"], ["centre_b", "clerk_b", "point_b1"]),
    ("as_clerk_b", "home", ["centre_b", "window_b", "clerk_b", "point_b1"], ["centre_a", "clerk_a", "point_a1"]),
    ("as_agent_a1", "home", ["point_a1"], ["point_a2", "point_b1", "centre_a", "window_a"]),
]


@pytest.mark.parametrize(("actor", "url_name", "shown", "hidden"), LISTS)
def test_it_lists_only_records_in_scope(request, county, actor, url_name, shown, hidden):
    response = request.getfixturevalue(actor).get(reverse(url_name))
    assert response.status_code == 200
    page = response.content.decode()
    for name in shown:
        assert f'href="{getattr(county, name).get_absolute_url()}"' in page, name
    for name in hidden:
        assert f'href="{getattr(county, name).get_absolute_url()}"' not in page, name

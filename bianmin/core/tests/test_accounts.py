import pytest
from django.contrib.auth.models import Group

from bianmin.core.roles import Role
from bianmin.org.tests.factories import PASSWORD


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_it_shows_a_chinese_login_page(client):
    page = client.get("/login/").content.decode()
    assert '<html lang="zh-CN">' in page
    assert "登录" in page and "用户名" in page and "密码" in page


def test_it_logs_in_and_lands_on_the_dashboard(client, county):
    response = _login(client, "director_a", PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert "甲镇便民服务中心" in client.get("/").content.decode()


def test_it_explains_a_wrong_password_in_chinese(client, county):
    page = _login(client, "director_a", "wrong-password").content.decode()
    assert "用户名或密码不正确" in page


def test_it_locks_out_after_five_failed_logins(client, county):
    for _ in range(5):
        _login(client, "clerk_a", "wrong-password")
    response = _login(client, "clerk_a", PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已被暂时锁定" in page and "30分钟" in page
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_out_other_users(client, county):
    for _ in range(5):
        _login(client, "clerk_a", "wrong-password")
    assert _login(client, "clerk_b", PASSWORD).status_code == 302


def test_it_enforces_the_password_validators(as_clerk_a):
    response = as_clerk_a.post(
        "/password/", {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "这个密码太常见了" in page or "密码全部为数字" in page


def test_it_logs_out_with_post_only(as_clerk_a):
    assert as_clerk_a.get("/logout/").status_code == 405
    assert as_clerk_a.post("/logout/").status_code == 302
    assert as_clerk_a.get("/").status_code == 302


@pytest.mark.django_db
def test_it_creates_one_group_per_role_with_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.label for role in Role} <= names
    admin = Group.objects.get(name=Role.COUNTY_ADMIN.label)
    assert admin.permissions.filter(codename="change_centre").exists()
    clerk = Group.objects.get(name=Role.CLERK.label)
    assert not clerk.permissions.filter(codename="change_centre").exists()


def test_it_keeps_users_in_the_group_of_their_role(county):
    groups = list(county.clerk_a.user.groups.values_list("name", flat=True))
    assert groups == [Role.CLERK.label]
    assert county.users[Role.COUNTY_ADMIN].is_staff
    assert not county.director_a.user.is_staff


def test_it_opens_the_chinese_admin_to_the_county_admin_only(client, county):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    page = client.get("/admin/org/centre/").content.decode()
    assert "便民服务中心" in page and "配置后台" in page
    client.force_login(county.director_a.user)
    assert client.get("/admin/org/centre/").status_code == 302  # to the admin login


def test_it_answers_favicon_requests_with_the_local_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("bianmin/favicon.svg")

"""The web wizard on an empty database: the superuser made with ``createsuperuser`` sets the county
and becomes its county admin, downloads the template, imports it, and sees the steps done."""

from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from bianmin.adoption import workbook as wbk
from bianmin.adoption.tests import qingshi
from bianmin.org.models import Centre, Staff

pytestmark = pytest.mark.django_db


def test_a_first_superuser_sets_up_the_county_in_the_browser(client):
    user = get_user_model().objects.create_superuser("first", password="Qingshi#2026-first")
    client.force_login(user)
    assert "本县设置" in client.get(reverse("home")).content.decode()
    page = client.get(reverse("adoption:wizard")).content.decode()
    assert "本县名称和区划代码" in page and "尚未设置" in page

    bad = client.post(reverse("adoption:wizard"), {"name": "青石县", "code": "3699"}).content.decode()
    assert "6位数字" in bad
    response = client.post(reverse("adoption:wizard"), {"name": "青石县", "code": "369901"}, follow=True)
    assert "本县信息已保存" in response.content.decode()
    assert Staff.objects.get(user=user).role == "county_admin"

    template = client.get(reverse("adoption:template"))
    sheets = load_workbook(BytesIO(template.content)).sheetnames
    assert sheets == [wbk.NOTES_SHEET, *wbk.SHEETS]
    data = qingshi.rows()
    data[wbk.STAFF][0][6] = "first"  # the superuser is the county admin of the staff sheet
    response = client.post(reverse("adoption:org_import"), {"file": qingshi.upload(qingshi.workbook(data))})
    assert "导入完成" in response.content.decode()
    assert Staff.objects.get(user=user).name == "管委会甲"  # linked, not a second account
    assert Centre.objects.count() == 4
    page = client.get(reverse("adoption:wizard")).content.decode()
    assert "在用便民服务中心 4 个" in page


def test_only_the_county_admin_or_a_first_superuser_may_set_up(county, client):
    client.force_login(county.director_a.user)
    assert client.get(reverse("adoption:wizard")).status_code == 403
    assert client.get(reverse("adoption:template")).status_code == 403
    client.force_login(get_user_model().objects.create_superuser("late", password="Qingshi#2026-late"))
    assert client.get(reverse("adoption:wizard")).status_code == 403  # the county exists already


def test_the_printable_guides_are_written_by_a_command(tmp_path):
    call_command("guide_pdf", out=str(tmp_path), stdout=StringIO())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guide-agent.pdf", "guide-clerk.pdf"]
    assert (tmp_path / "guide-clerk.pdf").read_bytes().startswith(b"%PDF")

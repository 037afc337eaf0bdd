"""Masking audit (issue #12 point 5): no page or export of the system — for the county admin, who
sees the most, or for a centre's clerk — shows an applicant's full ID number, and the lists and
exports show no full phone number either. The full ID number appears only on request, on the case
page, and that look is recorded (see bianmin/privacy). Walks every URL of the URL conf on the demo
county (``world``); .xlsx exports are read cell by cell.

Consultation and complaint detail pages show the full phone to the staff who must call back
(首问负责, 投诉答复); they are the only pages allowed to (``PHONE_SHOWN``).
"""

import io
import re
import zipfile

import pytest
from django.core.cache import cache
from django.db import transaction

from bianmin.cases.models import Case
from bianmin.core.tests.every_url.world import ROUTES, client_for, url_of

pytestmark = pytest.mark.django_db

PHONE_SHOWN = {"cases:consultation_detail", "supervision:complaint_detail"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text_of(response) -> str:
    content_type = response.get("Content-Type", "")
    if content_type.startswith(XLSX):
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    if content_type.startswith(("text/", "application/json")):
        return response.content.decode(errors="replace")
    return ""  # PDFs are rendered from the same pages and snapshots checked here


@pytest.fixture(scope="module")
def secrets(world, django_db_blocker):
    with django_db_blocker.unblock():
        ids = set(Case.objects.exclude(id_number="").values_list("id_number", flat=True))
        phones = set(Case.objects.exclude(phone="").values_list("phone", flat=True))
    assert len(ids) > 50
    return ids, phones


@pytest.mark.parametrize("role", ["county_admin", "clerk_a"])
def test_no_page_or_export_shows_a_full_id_number(role, world, sessions, secrets):
    ids, phones = secrets
    found = []
    for route in ROUTES:
        if route.name in ("logout",):
            continue
        cache.clear()
        with transaction.atomic():
            response = client_for(sessions[role]).get(url_of(route, world))
            transaction.set_rollback(True)
        if response.status_code != 200:
            continue
        text = text_of(response)
        digits = set(re.findall(r"\d{15,17}[\dX]", text))
        found += [f"{route.name}: ID {number[:4]}…" for number in digits & ids]
        if route.name not in PHONE_SHOWN:
            mobiles = set(re.findall(r"1[3-9]\d{9}", text))
            found += [f"{route.name}: phone {number[:3]}…" for number in mobiles & phones]
    assert found == []

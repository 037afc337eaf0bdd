"""The exchange feed: cursor pages that resume after an interrupted read without gaps or
duplicates, scoped like every other read, held back until recent transactions have committed."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from bianmin.api import exchange
from bianmin.api.tests.helpers import get, token_for
from bianmin.cases import services
from bianmin.cases.models import CaseEvent
from bianmin.cases.tests.helpers import ID_1, PHONE, listed_item, received_case
from bianmin.workcalendar import services as calendar_services

pytestmark = pytest.mark.django_db
URL = "/api/v1/exchange/cases"


@pytest.fixture
def item(county):
    calendar_services.seed_from_package()
    return listed_item(county)


@pytest.fixture(autouse=True)
def no_settle(settings):
    settings.EXCHANGE_SETTLE_SECONDS = 0


def read_all(client, secret, *, limit, cursor=None, since=None, stop_after=None):
    """Pages until has_more is false; returns (seqs, last cursor). ``stop_after`` pages: interrupted."""
    seqs, pages = [], 0
    params = {"limit": limit} | ({"cursor": cursor} if cursor else {}) | ({"since": since} if since else {})
    while True:
        body = get(client, URL, secret, **params).json()
        seqs += [r["seq"] for r in body["records"]]
        pages += 1
        params = {"limit": limit, "cursor": body["next_cursor"]}
        if not body["has_more"] or pages == stop_after:
            return seqs, body["next_cursor"]


def test_it_resumes_after_an_interrupted_read_without_gaps_or_duplicates(client, county, item):
    for _ in range(4):
        services.case_accept(case=received_case(county, item), actor=county.clerk_a)  # 3 events each
    secret = token_for(county.users["county_admin"])
    first, cursor = read_all(client, secret, limit=5, stop_after=1)
    assert len(first) == 5
    # The client loses the answer to its second page (a network failure)…
    get(client, URL, secret, cursor=cursor, limit=5)
    # …meanwhile the windows keep working…
    services.case_accept(case=received_case(county, item), actor=county.clerk_a)
    # …and it resumes from the last cursor it did receive.
    rest, _ = read_all(client, secret, limit=5, cursor=cursor)
    received = first + rest
    assert len(received) == len(set(received)), "duplicates"
    assert received == list(CaseEvent.objects.order_by("pk").values_list("pk", flat=True)), "gaps or disorder"


def test_an_empty_page_keeps_the_cursor_so_the_client_can_poll(client, county, item):
    received_case(county, item)
    secret = token_for(county.users["county_admin"])
    seqs, cursor = read_all(client, secret, limit=100)
    assert len(seqs) == 1
    again = get(client, URL, secret, cursor=cursor).json()
    assert again["records"] == [] and again["next_cursor"] == cursor and not again["has_more"]
    newer = received_case(county, item)
    later = get(client, URL, secret, cursor=cursor).json()
    assert [r["case"]["receipt_number"] for r in later["records"]] == [newer.receipt_number]


def test_records_carry_codes_and_masked_personal_data(client, county, item):
    case = received_case(county, item)
    body = get(client, URL, token_for(county.clerk_a.user)).json()
    rec = body["records"][0]
    assert rec["case"]["receipt_number"] == case.receipt_number
    assert rec["case"]["item_code"] == item.code
    assert rec["case"]["township_code"] == county.centre_a.township.code
    assert rec["case"]["county_code"] == county.centre_a.township.parent.code
    assert rec["event"]["action"] == "register"
    text = json.dumps(body, ensure_ascii=False)
    assert ID_1 not in text and PHONE not in text


def test_a_clerk_reads_only_their_own_centres_events(client, county, item):
    received_case(county, item)
    theirs = received_case(county, item, actor=county.clerk_b)
    body = get(client, URL, token_for(county.clerk_a.user)).json()
    assert body["records"] and theirs.receipt_number not in {r["case"]["receipt_number"] for r in body["records"]}


def test_it_holds_back_events_of_the_last_seconds(client, county, item, settings):
    settings.EXCHANGE_SETTLE_SECONDS = 60
    old = received_case(county, item, at=timezone.now() - timedelta(minutes=5))
    fresh = received_case(county, item)  # recorded just now: its transaction may not be visible to all yet
    body = get(client, URL, token_for(county.users["county_admin"])).json()
    numbers = [r["case"]["receipt_number"] for r in body["records"]]
    assert numbers == [old.receipt_number] and fresh.receipt_number not in numbers


def test_since_filters_the_first_read_and_stays_in_the_cursor(client, county, item):
    received_case(county, item, at=timezone.now() - timedelta(days=10))
    recent = received_case(county, item, at=timezone.now() - timedelta(days=1))
    since = (timezone.now() - timedelta(days=2)).isoformat()
    secret = token_for(county.users["county_admin"])
    body = get(client, URL, secret, since=since).json()
    assert [r["case"]["receipt_number"] for r in body["records"]] == [recent.receipt_number]
    assert exchange.Cursor.decode(body["next_cursor"]).since is not None


def test_since_finds_every_event_after_it_whatever_order_they_were_written_in(client, county, item):
    first = received_case(county, item, at=timezone.now() - timedelta(days=1))
    received_case(county, item, at=timezone.now() - timedelta(days=10))  # written later, dated earlier
    last = received_case(county, item, at=timezone.now() - timedelta(hours=36))
    secret = token_for(county.users["county_admin"])
    since = (timezone.now() - timedelta(days=2)).isoformat()
    body = get(client, URL, secret, since=since).json()
    assert [r["case"]["receipt_number"] for r in body["records"]] == [first.receipt_number, last.receipt_number]
    later = (timezone.now() + timedelta(days=1)).isoformat()
    assert get(client, URL, secret, since=later).json()["records"] == []


def test_a_forged_cursor_is_a_422_in_chinese(client, county):
    response = get(client, URL, token_for(county.users["county_admin"]), cursor="not-a-cursor")
    assert response.status_code == 422 and "游标无效" in response.json()["message"]


def test_the_command_exports_csv_and_jsonl_and_resumes_from_its_cursor(county, item, tmp_path):
    for _ in range(3):
        received_case(county, item)
    out, err = io.StringIO(), io.StringIO()
    call_command("export_cases", "--format", "jsonl", "--max-records", "2", stdout=out, stderr=err)
    first = [json.loads(line)["seq"] for line in out.getvalue().splitlines()]
    cursor = err.getvalue().rsplit(":", 1)[1].strip()
    target = tmp_path / "rest.csv"
    call_command("export_cases", "--format", "csv", "--cursor", cursor, "--output", str(target), stderr=io.StringIO())
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert first + [int(r["seq"]) for r in rows] == list(CaseEvent.objects.order_by("pk").values_list("pk", flat=True))
    assert rows[0]["case_item_code"] == item.code and rows[0]["case_id_number_masked"].startswith("3611")

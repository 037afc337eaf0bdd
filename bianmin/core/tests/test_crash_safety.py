"""Crash safety: SIGKILL the server while ten clerks accept cases (issue #12).

A real gunicorn (2 workers × 5 threads: ten requests in their transactions at once) serves ten
clerks of two centres, each in its own session, submitting the intake form (收件 → 受理, every
material received) as fast as the server answers. After ``KILL_AFTER`` acknowledged intakes the
whole process group is killed with SIGKILL — no worker finishes, nothing is flushed or rolled back
politely. The database is then examined as it was left:

- every acknowledged case (the clerk got the 受理通知书 page) exists exactly once, with the receipt
  number the clerk was shown, accepted;
- no case is half-written: each has its 收件 event and its whole material checklist; every case past
  收件 has its 受理 event and its printed 受理通知书; its status is that of its latest event;
- no receipt number was issued twice, and the numbers of each centre run 1..N without a gap,
  matching the centre's counter (a killed transaction gives its number back).

A request in flight at the kill either committed whole or left nothing; a kill between 收件 and 受理
(two transactions by design: the application is registered even when the decision fails) leaves a
case at 已收件 — consistent, listed in the centre's queue for the decision. Then the server is
restarted and each clerk whose answer never came resubmits the same form (same request key), as a
browser's "resubmit" does: it must get the case already saved, never a second one. The figures go to
test-artifacts/reliability-kill-<vendor>.txt and pytest's summary.

On SQLite the same test runs against a database file: the killed transaction's journal is rolled
back by the next connection. The database server itself is never killed (on PostgreSQL it is shared
by the test run); what is tested is the application's transactions, not the disk's durability.
"""

import http.client
import re
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest

from bianmin.cases.tests.helpers import ID_1, PHONE
from bianmin.core.tests import figures
from bianmin.core.tests.live import Browser, Server

CLIENTS = 10
KILL_AFTER = 30  # acknowledged intakes before the kill
MAX_SECONDS = 90  # kill anyway after this long (a loaded machine); 30 take a few seconds on 2 cores
NOTICE_PAGE = re.compile(r"^/cases/(\d+)/notices/\d+/$")
RECEIPT = re.compile(r"办件编号 (\d{9}-\d{4}-\d{6})")


CHINESE_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")


@dataclass
class Submission:
    clerk: str
    applicant: str
    key: str
    outcome: str = "sending"  # acknowledged | in_flight | unexpected …
    case_pk: int | None = None
    receipt: str | None = None
    retried: str = ""  # same_case | new_case after the restart


@dataclass
class Clerk:
    username: str
    number: int
    browser: Browser
    submissions: list[Submission] = field(default_factory=list)


def intake_form(submission: Submission, materials: int) -> dict:
    data = {
        "request_key": submission.key,
        "applicant_name": submission.applicant,
        "id_type": "resident",
        "id_number": ID_1,
        "phone": PHONE,
        "address": "一村3组",
        "channel": "window",
    }
    for position in range(1, materials + 1):
        data |= {f"mat_{position}": "received", f"note_{position}": ""}
    return data


def shown_receipt(browser: Browser, response) -> str | None:
    """The receipt number in the success message the server put in its message cookie."""
    value = response.set_cookies.get("messages")
    browser.cookies.pop("messages", None)  # never sent back: each answer carries only its own message
    if not value:
        return None
    messages = CookieStorage(HttpRequest())._decode(value) or []
    found = [m[1] for m in (RECEIPT.search(str(message)) for message in messages) if m]
    return found[-1] if found else None


def submit(clerk: Clerk, submission: Submission, seeded: dict) -> str:
    try:
        response = clerk.browser.post(f"/cases/new/{seeded['item']}/", intake_form(submission, seeded["materials"]))
    except (OSError, http.client.HTTPException):
        return "in_flight"
    match = NOTICE_PAGE.match(response.header("Location"))
    if response.status != 302 or not match:
        return f"unexpected {response.status} {response.header('Location')} {response.body[:300]}"
    submission.case_pk = int(match.group(1))
    submission.receipt = shown_receipt(clerk.browser, response)
    return "acknowledged"


def hammer(clerk: Clerk, seeded: dict, stop: threading.Event) -> None:
    number = 0
    while not stop.is_set():
        number += 1
        name = "测试申请人" + f"{clerk.number:02d}{number:04d}".translate(CHINESE_DIGITS)  # names have no digits
        submission = Submission(clerk.username, name, uuid.uuid4().hex)
        clerk.submissions.append(submission)
        submission.outcome = submit(clerk, submission, seeded)
        if submission.outcome != "acknowledged":
            return


@dataclass
class Examination:
    """What the database holds for the submissions."""

    acknowledged: int = 0
    found_once: int = 0
    duplicated: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    wrong_receipt: list[str] = field(default_factory=list)
    not_accepted: list[str] = field(default_factory=list)
    half_written: list[str] = field(default_factory=list)
    registered_only: list[str] = field(default_factory=list)
    numbers: int = 0
    issued_twice: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    in_flight_committed: int = 0


def examine(scratch, submissions: list[Submission], materials: int) -> Examination:
    cases = scratch.rows("SELECT id, receipt_number, applicant_name, status, idempotency_key FROM cases_case")
    events = defaultdict(list)
    for case_id, action, to_status, request_key in scratch.rows(
        "SELECT case_id, action, to_status, request_key FROM cases_caseevent ORDER BY id"
    ):
        events[case_id].append((action, to_status, request_key))
    checklist = dict(scratch.rows("SELECT case_id, count(*) FROM cases_casematerial GROUP BY case_id"))
    notices = {row[0] for row in scratch.rows("SELECT case_id FROM cases_notice WHERE kind = 'promise'")}
    counters = {
        (centre, year): last
        for centre, year, last in scratch.rows("SELECT centre_id, year, last FROM cases_receiptcounter")
    }
    centre_of = dict(scratch.rows("SELECT id, centre_id FROM cases_case"))
    found = Examination()

    for pk, receipt, applicant, status, key in cases:
        history = events[pk]
        actions = [action for action, _, _ in history]
        problems = []
        if "register" not in actions:
            problems.append("no 收件 event")
        if checklist.get(pk, 0) != materials:
            problems.append(f"{checklist.get(pk, 0)} of {materials} materials")
        if status != "received":
            if f"{key}:accept" not in {k for action, _, k in history if action == "accept"}:
                problems.append(f"status {status} without its 受理 event")
            if pk not in notices:
                problems.append("accepted without its 受理通知书")
        if not history or history[-1][1] != status:
            problems.append(f"status {status}, latest event says {history[-1][1] if history else None}")
        if problems:
            found.half_written.append(f"{receipt} {applicant}: {', '.join(problems)}")
        if status == "received":
            found.registered_only.append(applicant)

    by_applicant = defaultdict(list)
    for pk, receipt, applicant, status, _key in cases:
        by_applicant[applicant].append((pk, receipt, status))
    for submission in submissions:
        rows = by_applicant.get(submission.applicant, [])
        if len(rows) > 1:
            found.duplicated.append(submission.applicant)
        if submission.outcome == "in_flight" and rows:
            found.in_flight_committed += 1
        if submission.outcome != "acknowledged":
            continue
        found.acknowledged += 1
        if not rows:
            found.lost.append(submission.applicant)
            continue
        if len(rows) == 1:
            found.found_once += 1
        pk, receipt, status = rows[0]
        if (pk, receipt) != (submission.case_pk, submission.receipt):
            found.wrong_receipt.append(f"{submission.applicant}: shown {submission.receipt}, stored {receipt}")
        if status != "handling":
            found.not_accepted.append(f"{submission.applicant}: {status}")

    receipts = [receipt for _, receipt, _, _, _ in cases]
    found.numbers = len(receipts)
    found.issued_twice = sorted(n for n, count in Counter(receipts).items() if count > 1)
    sequences = defaultdict(list)
    for pk, receipt, *_ in cases:
        _code, year, sequence = receipt.rsplit("-", 2)
        sequences[(centre_of[pk], int(year))].append(int(sequence))
    for (centre, year), numbers in sequences.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)) or counters.get((centre, year)) != len(numbers):
            found.gaps.append(f"centre {centre} {year}: {len(numbers)} cases, counter {counters.get((centre, year))}")
    return found


def assert_consistent(found: Examination) -> None:
    assert found.lost == [], "acknowledged cases missing from the database"
    assert found.duplicated == [], "an application stored twice"
    assert found.wrong_receipt == [], "the stored receipt number is not the one the clerk was shown"
    assert found.not_accepted == []
    assert found.half_written == []
    assert found.issued_twice == []
    assert found.gaps == [], "receipt numbers not gapless (a number consumed by a killed transaction)"


def test_it_keeps_every_acknowledged_case_exactly_once_when_the_server_is_killed(live_county, tmp_path):
    seeded, scratch = live_county.seeded, live_county.scratch
    log = tmp_path / "gunicorn.log"
    server = Server(live_county.env, log, workers=2, threads=5).start()
    try:
        usernames = [name for names in seeded["clerks"].values() for name in names][:CLIENTS]
        assert len(usernames) == CLIENTS
        clerks = [Clerk(name, number, Browser(server.port)) for number, name in enumerate(usernames, start=1)]
        for clerk in clerks:
            clerk.browser.login(clerk.username, seeded["password"])

        stop = threading.Event()
        threads = [threading.Thread(target=hammer, args=(clerk, seeded, stop), daemon=True) for clerk in clerks]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        submissions = [s for clerk in clerks for s in clerk.submissions]
        while time.monotonic() - started < MAX_SECONDS:
            submissions = [s for clerk in clerks for s in clerk.submissions]
            if sum(s.outcome == "acknowledged" for s in submissions) >= KILL_AFTER:
                break
            if not any(thread.is_alive() for thread in threads):
                break
            time.sleep(0.02)
        in_flight_now = sum(s.outcome == "sending" for s in submissions)
        server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        submissions = [s for clerk in clerks for s in clerk.submissions]
        unexpected = [s.outcome for s in submissions if s.outcome not in ("acknowledged", "in_flight")]
        assert unexpected == [], f"answers other than the notice page before the kill: {unexpected[:3]}"
        acknowledged = sum(s.outcome == "acknowledged" for s in submissions)
        assert acknowledged >= 10, f"only {acknowledged} intakes acknowledged in {MAX_SECONDS} s: see {log}"

        crashed = examine(scratch, submissions, seeded["materials"])
        assert_consistent(crashed)
        assert crashed.acknowledged == crashed.found_once == acknowledged

        # The clerks whose answer never came resubmit the same form once the server is back.
        server = Server(live_county.env, log, workers=2, threads=5).start()
        retried = [(clerk, s) for clerk in clerks for s in clerk.submissions if s.outcome == "in_flight"]
        saved = {key for (key,) in scratch.rows("SELECT idempotency_key FROM cases_case")}
        for clerk, submission in retried:
            clerk.browser.port = server.port
            submission.outcome = submit(clerk, submission, seeded)
            submission.retried = "same_case" if submission.key in saved else "new_case"
        after = examine(scratch, submissions, seeded["materials"])
        assert_consistent(after)
        assert all(s.outcome == "acknowledged" for s in submissions), [s.outcome for s in submissions][:3]
        assert after.found_once == len(submissions) and after.registered_only == []

        clerk = clerks[0]
        clerk.browser.port = server.port
        assert clerk.browser.get("/cases/").status == 200  # the same session, on the restarted server
    finally:
        server.stop()

    same = sum(s.retried == "same_case" for s in submissions)
    summary = (
        f"kill test: {acknowledged} cases acknowledged before SIGKILL, {crashed.found_once} found exactly once, "
        f"duplicated {len(crashed.duplicated)}, lost {len(crashed.lost)}, half-written {len(crashed.half_written)}; "
        f"{len(retried)} requests in flight at the kill ({crashed.in_flight_committed} had committed, "
        f"{len(crashed.registered_only)} left at 收件 awaiting 受理); receipt numbers {crashed.numbers} issued, "
        f"issued twice {len(crashed.issued_twice)}, gaps {len(crashed.gaps)}; after restart the resubmitted "
        f"forms gave {same} existing and {len(retried) - same} new cases, {after.numbers} cases in all, "
        f"duplicated {len(after.duplicated)}"
    )
    figures.record(
        "kill",
        scratch.label,
        summary,
        [f"clients {CLIENTS}, server gunicorn 2 workers x 5 threads, requests pending when killed: {in_flight_now}"],
    )

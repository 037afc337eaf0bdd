"""The load test's simulated people (issue #11 point 3), run by ``bench/bench_load.py`` — headless,
for a bounded time, against the loopback address only.

- ``Clerk`` (窗口工作人员): looks at the work queue and the centre's list, searches the item an
  applicant asks for, takes in a complete application (the intake form: GET, then POST, then the
  printed notice it leads to), opens a case of the queue and completes or delivers it.
- ``Director`` (中心主任) and ``CountyAdmin`` (县管委会): home dashboards, the monitoring dashboard,
  the reports pages, the case lists with their red lights.
- ``Public`` (办事群众): the public home page, guide search by keyword or pinyin, a guide, the
  progress lookup with a receipt number and its query code. Each simulated citizen comes from an
  address of its own in 127.0.0.0/8 (the public forms are throttled per address, as in production).
- ``Ceiling``: the trivial JSON view ``/healthz`` through the same stack, paced like the mix.
- ``IntakeOnly``: clerks doing nothing but intakes, paced like the mix (throughput against the ceiling).
- ``CeilingFlat`` and ``IntakeFlat``: the same without think time — the stack's capacity.

The people and their sessions come from the JSON file named by ``LOAD_DATA`` (written by the runner
after it has logged every account in through the login form). Cookies are sent as a header: the
server marks them ``Secure`` (production is HTTPS behind the proxy) and this test talks plain HTTP
on loopback.
"""

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, HttpUser, between, constant, task
from requests.adapters import HTTPAdapter

from bench.loadtest.forms import Forms, fill_intake

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
KEYWORDS = ("低保", "dibao", "养老", "yanglao", "残疾", "canji", "医保", "db", "ylbx", "临时救助", "宅基地", "高龄")
THINK = between(1, 5)  # seconds between a person's actions


ACCOUNTS = {role: itertools.cycle(DATA["accounts"][role]) for role in DATA["accounts"]}


class Staff:
    """A logged-in person: the session of the account the runner logged in."""

    role = ""

    def on_start(self):
        account = next(ACCOUNTS[self.role])
        self.account = account
        self.headers = {"Cookie": f"sessionid={account['sessionid']}; csrftoken={account['csrftoken']}"}

    def get(self, url: str, name: str, **kwargs):
        return self.client.get(url, name=name, headers=self.headers, **kwargs)

    def post(self, url: str, data: dict, name: str):
        headers = {**self.headers, "Referer": self.host + url}
        return self.client.post(url, data=data, name=name, headers=headers, allow_redirects=False)


class ClerkWork(Staff):
    role = "clerk"

    def intake(self) -> None:
        keyword = random.choice(self.account["keywords"])
        page = self.get(f"/cases/new/?q={keyword}", "intake: search the item")
        items = re.findall(r'href="/cases/new/(\d+)/"', page.text or "")
        if not items:
            items = [str(pk) for pk in self.account["items"]]
        url = f"/cases/new/{random.choice(items)}/"
        form = fill_intake(Forms(self.get(url, "intake: form").text).forms.get("", {}))
        response = self.post(url, form, "intake: submit")
        if response.status_code == 302 and "/notices/" in response.headers.get("Location", ""):
            self.get(response.headers["Location"], "intake: printed notice")

    def act_on_a_case(self) -> None:
        queue = self.get("/cases/?status=handling", "queue: handling")
        cases = re.findall(r'href="/cases/(\d+)/"', queue.text or "")
        if not cases:
            return
        pk = random.choice(cases)
        page = self.get(f"/cases/{pk}/", "case page")
        forms = Forms(page.text or "").forms
        for action in ("complete", "deliver"):
            url = f"/cases/{pk}/act/{action}/"
            if url in forms:
                form = forms[url]
                form.setdefault("result", "approved")
                form["method"] = form.get("method") or "collected"
                self.post(url, form, f"case: {action}")
                return


class Clerk(ClerkWork, HttpUser):
    weight = 10
    wait_time = THINK

    @task(4)
    def queue(self):
        self.get("/cases/", "queue")

    @task(1)
    def home(self):
        self.get("/", "home")

    @task(1)
    def case_list(self):
        self.get("/cases/all/", "case list")

    @task(3)
    def take_in(self):
        self.intake()

    @task(3)
    def transition(self):
        self.act_on_a_case()


class Director(Staff, HttpUser):
    role = "director"
    weight = 3
    wait_time = THINK

    @task(3)
    def home(self):
        self.get("/", "home")

    @task(3)
    def monitoring(self):
        self.get("/monitoring/", "monitoring dashboard")

    @task(1)
    def reports(self):
        self.get(f"/reports/centre/{self.account['centre']}/", "reports of the centre")

    @task(2)
    def red_cases(self):
        self.get("/cases/all/?light=red", "case list: red lights")

    @task(1)
    def extensions(self):
        self.get("/cases/?status=extension_pending", "queue: extensions to approve")


class CountyAdmin(Staff, HttpUser):
    role = "county"
    weight = 1
    wait_time = THINK

    @task(3)
    def monitoring(self):
        self.get("/monitoring/", "monitoring dashboard (county)")

    @task(2)
    def county_reports(self):
        self.get(f"/reports/county/?month={DATA['month']}", "county month summary")

    @task(2)
    def home(self):
        self.get("/", "home (county)")

    @task(1)
    def lights(self):
        self.get("/monitoring/lights/?colour=red", "monitoring: red lights")


ADDRESSES = itertools.count(2)


class SourceAddress(HTTPAdapter):
    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


class Public(HttpUser):
    weight = 7
    wait_time = THINK

    def on_start(self):
        n = next(ADDRESSES)
        self.client.mount("http://", SourceAddress(f"127.{n // 65536 % 256}.{n // 256 % 256}.{n % 256 or 1}"))

    @task(1)
    def home(self):
        self.client.get("/public/", name="public home")

    @task(4)
    def search(self):
        self.client.get(f"/public/guides/?q={random.choice(KEYWORDS)}", name="guide search")

    @task(2)
    def guide(self):
        self.client.get(f"/public/guides/{random.choice(DATA['guides'])}/", name="guide")

    @task(1)
    def progress(self):
        number, code = random.choice(DATA["receipts"])
        self.client.get(f"/public/progress/?no={number}&code={code}", name="progress lookup")


class Ceiling(FastHttpUser):
    """The trivial JSON view, paced like the people of the mix: what the same users would get if
    every request were free."""

    wait_time = THINK

    @task
    def health(self):
        self.client.get("/healthz", name="healthz")


class IntakeOnly(ClerkWork, FastHttpUser):
    """Clerks doing nothing but intakes, paced like the mix."""

    wait_time = THINK

    @task
    def take_in(self):
        self.intake()


class CeilingFlat(Ceiling):
    """The stack's capacity for the trivial view: no think time."""

    wait_time = constant(0)


class IntakeFlat(IntakeOnly):
    """The stack's capacity for intakes: no think time."""

    wait_time = constant(0)

"""About a year of demo cases (办件) in every demo centre, with consultations and point records.

Issue #5 point 12: every screen has content. Each case is built through ``bianmin.cases.services``
with explicit ``at=`` moments in working hours (Asia/Shanghai) over the twelve months before now, so
its events, notices and due dates are the engine's own; nothing about a case's state is written
directly. A case's life is simulated step by step from the day it was received: a step that would
fall today or later is not taken, so the recent cases are naturally still open. On top of that every
centre gets a few cases placed so that, right now, they are overdue (red) or due soon (yellow),
suspended, waiting for the director's extension decision, waiting for 补正, in transfer from a point,
or with the result back at a point — the queues the screens are about.

The mix of the year: most cases completed and delivered on time (即办件 on the spot), about 5 %
completed late, some with a one-time notice first, some 容缺受理, some suspended for publicity or an
expert review, extensions approved or refused, transfers, call-backs, a few not accepted, refused or
withdrawn; about a fifth come through the village agency points. Consultations (首问/咨询登记, some
leading to a case) and the points' 帮扶/调解 records go through ``services_records``.

ILLUSTRATIVE: every applicant is invented (names from ``yushan.SURNAMES``/``GIVEN``, ID numbers of
region 361123 with a computed GB 11643 check digit, mobile numbers 1[3-9]…), as are the stories.

Deterministic (one ``random.Random`` per centre) and idempotent: a centre that already has cases is
left alone, so running ``seed_demo`` again adds nothing.
"""

import contextlib
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bianmin.cases import services
from bianmin.cases import services_records as records
from bianmin.cases.deadlines import local_date
from bianmin.cases.models import Case, Consultation, PointRecord
from bianmin.catalogue.models import CentreItem, GuideVersion, Material, ServiceItem
from bianmin.core.roles import Role
from bianmin.demo import yushan
from bianmin.org.models import AgencyPoint, Centre, Region, Staff, Window
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.selectors import load_calendar

# The year's cases per ㎡ of hall: 冰溪镇 (320 ㎡) gets about 145 a year, 南山乡 (80 ㎡) about 35 (plus
# the cases placed for today), which keeps ``seed_demo`` within about a minute on SQLite.
CASES_PER_SQUARE_METRE = 0.45
YEAR_DAYS = 365

# Items asked for more often than the rest (weight 1).
POPULAR = {
    "YS-YB-001": 8,  # 城乡居民医保参保登记
    "YS-YB-002": 3,
    "YS-YB-004": 3,
    "YS-SB-001": 6,
    "YS-SB-003": 6,
    "YS-WJ-001": 4,
    "YS-WJ-005": 5,
    "YS-WJ-006": 3,
    "YS-LD-001": 4,
    "YS-LD-004": 3,
    "YS-FL-001": 3,
    "YS-FL-002": 4,
    "YS-MZ-001": 3,
    "YS-NB-001": 2,
    "YS-NB-003": 3,
    "YS-CZ-001": 4,
    "YS-DA-001": 3,
    "YS-SJ-002": 2,
}
# Plausible birth years of the applicant for some items (others: 1950–2002).
BIRTH_YEARS = {
    "YS-FL-001": (1928, 1946),
    "YS-FL-002": (1940, 1965),
    "YS-SB-002": (1950, 1965),
    "YS-SB-003": (1950, 1965),
    "YS-SB-005": (1960, 1985),
    "YS-WJ-001": (1988, 2001),
    "YS-WJ-004": (1990, 2001),
    "YS-WJ-006": (1962, 1990),
    "YS-LD-004": (1975, 2004),
    "YS-MZ-004": (1955, 1980),
}
SUSPENSIONS = {
    "benefit": ("publicity", "按规定在村(社区)公示7天,公示期间不计入办理时限。"),
    "licensing": ("expert", "需组织国土、村镇建设人员现场踏勘,踏勘期间不计入办理时限。"),
    "confirmation": ("testing", "需委托县级医疗机构鉴定,鉴定期间不计入办理时限。"),
}
OTHER_SUSPENSION = ("other", "需履行法定特别程序,期间不计入办理时限。")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

REFUSE_ACCEPTANCE = (
    "申请人户籍不在本乡镇,不属于本中心受理范围,已告知到户籍所在地乡镇便民服务中心办理。",
    "申请人已享受同类待遇,不符合申请条件,依法不予受理。",
    "经一次性告知后申请人未能补正,申请材料不符合法定形式,依法不予受理。",
)
WITHDRAW = ("申请人书面申请撤回。", "申请人因家庭情况变化,主动申请撤回。", "申请人已在县直部门办理,申请撤回。")
DEFECTS = ("复印件不清晰,请重新提供", "缺少申请人签字", "证明已过有效期", "姓名与户口簿不一致")
SUPPLEMENT_NOTE = "请按本告知单一次性补齐材料,补齐后到窗口或通过村(社区)代办点提交。"
EXTENSION_REASONS = (
    "需入户核查家庭经济状况并与县民政局核对,无法在承诺时限内办结。",
    "需报县直主管部门审核,审核时间较长。",
    "需协调相关村(社区)核实申请人情况。",
)
REJECT_EXTENSION = ("延期理由不充分,请在原期限内办结。", "请按原期限抓紧办理,不予延期。")
REFUSED_RESULT = (
    "经入户调查和家庭经济状况核对,家庭人均收入高于当地标准,不符合条件,不予办理。",
    "经审核,申请人不符合该事项规定的申请条件,不予办理。",
)
APPROVED_NOTES = ("准予办理。", "审核通过,待遇自次月起发放。", "已办结,结果已录入系统。")
CALLBACKS = (
    "电话回访,群众对办理结果满意。",
    "群众表示满意,对窗口服务评价“非常满意”。",
    "回访时群众反映等待时间略长,已记录并反馈窗口。",
    "上门回访,群众已收到办理结果,表示满意。",
)
TRANSFERS = ("原承办人外出参加培训,转由同事继续承办。", "原承办人休假,转交本中心其他工作人员承办。")
QUESTIONS = (
    "咨询“{item}”需要准备哪些材料、多久能办好。",
    "咨询“{item}”的申请条件。",
    "询问“{item}”能否在村代办点办理。",
    "询问“{item}”的办理进度。",
)
OTHER_QUESTIONS = (
    ("咨询社会保障卡丢失后如何补办。", "社会保障卡补办由县人社局窗口办理,已告知地址和所需材料。"),
    ("咨询不动产登记在哪里办理。", "不动产登记不在本中心实施清单内,已告知到县不动产登记中心办理。"),
    ("咨询子女入学需开具哪些证明。", "已告知向户籍所在村(社区)和学校咨询,并提供联系电话。"),
    ("咨询居民身份证到期换领。", "身份证换领由派出所办理,已告知派出所地址和办公时间。"),
)
HELP = (
    ("为高龄独居老人上门办理高龄补贴资格认证", "上门采集认证信息,帮助老人完成认证。", "认证已完成,补贴正常发放。"),
    ("帮助重度残疾人申领残疾人证", "代为准备申请表格,联系县残联预约鉴定时间。", "已预约鉴定,家属表示感谢。"),
    ("为留守老人代缴城乡居民医疗保险费", "核对参保信息,代为缴费并打印凭证交本人。", "已缴费,凭证已送达。"),
    ("帮助低保户准备年度复核材料", "指导填写家庭收入申报表,收集所需证明。", "材料已齐,移交中心民政窗口。"),
    ("协助外出务工人员办理养老保险待遇资格认证", "通过视频方式协助其家属完成认证。", "认证完成。"),
)
MEDIATION = (
    ("邻里宅基地界址纠纷", "组织双方到现场核对界址,讲解相关政策。", "双方达成一致,签订调解协议。"),
    ("山林界址纠纷", "查阅林权证和历史资料,组织双方协商。", "调解未果,已引导至乡镇综治中心进一步调处。"),
    ("家庭赡养纠纷", "召集兄弟姐妹协商老人赡养费用分担。", "达成赡养协议,按月支付赡养费。"),
    ("土地流转租金纠纷", "核对流转合同,协调双方按合同约定支付租金。", "承租方已补付租金,双方表示满意。"),
    ("农田灌溉用水纠纷", "组织村民小组长和双方现场协商用水时间。", "达成轮流用水约定。"),
)


class _Stop(Exception):
    """The next step of a case's life would fall today or later: the case stays as it is now."""


class _Days:
    """Working days of the past year and the moments of one working day (8:00–12:00, 14:30–17:30)."""

    MINUTES = 420  # 240 in the morning, 180 in the afternoon

    def __init__(self, calendar: WorkCalendar, now: datetime) -> None:
        self.calendar = calendar
        self.today = local_date(now)
        # Nothing is seeded on "today" itself: every step is before this moment, hence before now.
        self.cutoff = datetime.combine(self.today, time(0), tzinfo=CHINA)
        first = self.today - timedelta(days=YEAR_DAYS)
        self.year = [
            day
            for day in (first + timedelta(days=n) for n in range((self.today - first).days))
            if calendar.is_working_day(day)
        ]

    def after(self, day: date, n: int) -> date:
        return self.calendar.add_working_days(day, n).value

    def before(self, day: date, n: int) -> date:
        while n > 0:
            day -= timedelta(days=1)
            if self.calendar.is_working_day(day):
                n -= 1
        return day

    def between(self, start: date, end: date) -> int:
        return self.calendar.working_days_between(start, end).value

    @classmethod
    def moment(cls, day: date, minute: int, second: int = 0) -> datetime:
        clock = 8 * 60 + minute if minute < 240 else 14 * 60 + 30 + minute - 240
        return datetime.combine(day, time(clock // 60, clock % 60, second), tzinfo=CHINA)


class _Cursor:
    """The moment of a case's next step; it only moves forward and stays in working hours."""

    def __init__(self, days: _Days, rng: random.Random, day: date, minute: int) -> None:
        self.days, self.rng, self.day, self.minute = days, rng, day, minute
        self.second = rng.randrange(60)

    @property
    def at(self) -> datetime:
        return _Days.moment(self.day, self.minute, self.second)

    def soon(self, low: int = 2, high: int = 20) -> None:
        self.minute += self.rng.randint(low, high)
        if self.minute >= _Days.MINUTES - 5:  # past closing time: first thing next working day
            self.day, self.minute = self.days.after(self.day, 1), self.rng.randrange(0, 40)

    def later(self, n: int) -> None:
        if n <= 0:
            self.soon()
        else:
            self.day, self.minute = self.days.after(self.day, n), self.rng.randrange(0, _Days.MINUTES - 60)

    def on(self, day: date) -> None:
        if day <= self.day:
            self.soon()
        else:
            self.day, self.minute = day, self.rng.randrange(0, _Days.MINUTES - 60)


@dataclass
class _Entry:
    """One line of the centre's implementation list with its published guide and checklist."""

    item: ServiceItem
    window: Window
    guide: GuideVersion
    materials: list[Material]

    @property
    def promised(self) -> bool:
        return self.guide.handling_type == "promised" and self.guide.promised_limit_days >= 1

    @property
    def limit(self) -> int:
        return self.guide.promised_limit_days if self.promised else 0

    @property
    def weight(self) -> int:
        return POPULAR.get(self.item.code, 1)

    @property
    def required(self) -> list[int]:
        return [n for n, m in enumerate(self.materials, start=1) if m.required]

    @property
    def pending(self) -> list[int]:
        """Positions that may follow later (容缺); only for 承诺件, so the catch-up fits the limit."""
        if not (self.guide.pending_allowed and self.promised):
            return []
        return [n for n, m in enumerate(self.materials, start=1) if m.required and m.pending_allowed]


@dataclass
class _Plan:
    """How one case's life goes; ``stop`` is the step it waits at now (the now-cases)."""

    entry: _Entry
    day: date
    minute: int
    point: AgencyPoint | None = None
    channel: str = "window"
    one_time: bool = False
    pending: bool = False
    suspend: bool = False
    extension: str = ""  # "approved" or "rejected"
    extension_day: date | None = None
    transfer: bool = False
    outcome: str = "approved"  # approved, refused, late, not_accepted, withdrawn_received, ...
    callback: bool = False
    consultation: bool = False
    stop: str = ""
    complete_within: int | None = None  # working days after acceptance, for the now-cases


class _People:
    """Invented applicants: names, GB 11643 ID numbers of 玉山县, mobiles, village addresses."""

    def __init__(self, rng: random.Random, villages: list[Region]) -> None:
        self.rng, self.villages = rng, villages

    def name(self, surname: str | None = None) -> str:
        given = "".join(self.rng.choice(yushan.GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return (surname or self.rng.choice(yushan.SURNAMES)) + given

    def id_number(self, first_year: int, last_year: int) -> str:
        born = date(first_year, 1, 1) + timedelta(days=self.rng.randrange((last_year - first_year + 1) * 365))
        return id_number(born, self.rng.randrange(1000))

    def mobile(self) -> str:
        return "1" + self.rng.choice("3456789") + f"{self.rng.randrange(10**9):09d}"

    def address(self) -> str:
        village = self.rng.choice(self.villages)
        if village.name.endswith("社区"):
            return f"玉山县{village.parent.name}{village.name}{self.rng.randint(1, 30)}栋{self.rng.randint(101, 602)}室"
        return f"玉山县{village.parent.name}{village.name}{self.rng.randint(1, 12)}组{self.rng.randint(1, 80)}号"

    def applicant(self, entry: _Entry) -> services.Applicant:
        first, last = BIRTH_YEARS.get(entry.item.code, (1950, 2002))
        name = self.name()
        agent = {}
        if first < 1950 and self.rng.random() < 0.4:  # an elderly applicant sends a son or daughter
            agent = {
                "agent_name": self.name(surname=name[0]),
                "agent_id_type": "resident",
                "agent_id_number": self.id_number(1962, 1985),
                "agent_phone": self.mobile(),
            }
        return services.Applicant(
            name=name,
            id_type="resident",
            id_number=self.id_number(first, last),
            phone=self.mobile(),
            address=self.address(),
            **agent,
        )


def id_number(born: date, sequence: int) -> str:
    """A GB 11643 resident ID number of 玉山县 (361123): birth date, 3-digit sequence, check digit."""
    body = f"{yushan.COUNTY['code']}{born:%Y%m%d}{sequence % 1000:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


class _CentreSeeder:
    def __init__(self, centre: Centre, days: _Days, volume: float, checklists: dict[int, list[Material]]) -> None:
        self.centre, self.days, self.volume, self.checklists = centre, days, volume, checklists
        self.rng = random.Random(f"yushan-cases-{centre.township.code}")
        self.entries = self._entries()
        self.agency_entries = [e for e in self.entries if e.guide.agency_allowed]
        clerks = list(Staff.objects.filter(centre=centre, role=Role.CLERK, is_active=True).order_by("pk"))
        directors = list(Staff.objects.filter(centre=centre, role=Role.CENTRE_DIRECTOR, is_active=True).order_by("pk"))
        self.clerks = clerks or directors
        self.director = next((d for d in directors if d.pk == centre.director_id), directors[0] if directors else None)
        window_staff = Window.staff.through.objects.filter(window__centre=centre, staff__in=self.clerks)
        by_pk = {staff.pk: staff for staff in self.clerks}
        self.window_clerks: dict[int, list[Staff]] = {}
        for row in window_staff.order_by("window_id", "staff_id"):
            self.window_clerks.setdefault(row.window_id, []).append(by_pk[row.staff_id])
        self.agents: dict[int, list[Staff]] = {}
        for agent in Staff.objects.filter(
            agency_point__centre=centre, agency_point__is_active=True, role=Role.AGENT, is_active=True
        ).order_by("agency_point_id", "pk"):
            self.agents.setdefault(agent.agency_point_id, []).append(agent)
        self.points = list(AgencyPoint.objects.filter(pk__in=self.agents).select_related("village").order_by("pk"))
        villages = list(Region.objects.filter(parent=centre.township).select_related("parent").order_by("code"))
        self.people = _People(self.rng, villages or [centre.township])
        self.counts: Counter[str] = Counter()

    def _entries(self) -> list[_Entry]:
        lines = (
            CentreItem.objects.filter(
                centre=self.centre,
                is_active=True,
                window__isnull=False,
                item__is_active=True,
                item__current__isnull=False,
            )
            .select_related("item__current", "window")
            .order_by("item__code")
        )
        entries = []
        for line in lines:
            guide = line.item.current
            if guide.pk not in self.checklists:
                self.checklists[guide.pk] = list(guide.materials.all())
            entries.append(_Entry(line.item, line.window, guide, self.checklists[guide.pk]))
        return entries

    # --- who does what --------------------------------------------------------------------------

    def _clerk(self, entry: _Entry) -> Staff:
        return self.rng.choice(self.window_clerks.get(entry.window.pk) or self.clerks)

    def _pick(self, entries: list[_Entry]) -> _Entry:
        return self.rng.choices(entries, weights=[e.weight for e in entries])[0]

    # --- the plan of the year -------------------------------------------------------------------

    def plans(self) -> list[_Plan]:
        if not self.entries or not self.clerks or self.director is None:
            return []
        annual = round(float(self.centre.hall_area or 100) * CASES_PER_SQUARE_METRE * self.volume)
        plans = [self._history(self.rng.choice(self.days.year)) for _ in range(annual)]
        plans += self._now_cases()
        return sorted(plans, key=lambda p: (p.day, p.minute))

    def _history(self, day: date) -> _Plan:
        rng = self.rng
        via_point = bool(self.points and self.agency_entries) and rng.random() < 0.2
        entry = self._pick(self.agency_entries if via_point else self.entries)
        plan = _Plan(entry=entry, day=day, minute=rng.randrange(0, 330))
        if via_point:
            plan.point, plan.channel = rng.choice(self.points), "agency"
        elif rng.random() < 0.06:
            plan.channel = rng.choice(("phone", "online"))
        elif rng.random() < 0.08:
            plan.consultation = True
        draw = rng.random()
        if draw < 0.025:
            plan.outcome = "not_accepted"
            plan.one_time = rng.random() < 0.4
        elif draw < 0.045:
            plan.outcome = rng.choice(("withdrawn_received", "withdrawn_supplement", "withdrawn_handling"))
            plan.one_time = plan.outcome == "withdrawn_supplement"
        else:
            if entry.promised and draw < 0.155:  # about 5 % of all cases
                plan.outcome = "late"
            elif entry.guide.item_type in ("benefit", "licensing") and entry.promised and draw < 0.19:
                plan.outcome = "refused"
            plan.one_time = rng.random() < 0.12
            plan.pending = bool(entry.pending) and not plan.one_time and rng.random() < 0.35
            if entry.promised and entry.limit >= 10 and entry.guide.item_type in SUSPENSIONS:
                plan.suspend = rng.random() < 0.25
            if entry.promised and entry.limit >= 5 and plan.outcome != "late" and rng.random() < 0.07:
                plan.extension = "approved" if rng.random() < 0.7 else "rejected"
            plan.transfer = entry.promised and len(self.clerks) > 1 and rng.random() < 0.04
        plan.callback = rng.random() < (0.6 if via_point else 0.2)
        return plan

    def _now_cases(self) -> list[_Plan]:
        """Cases placed so that, today, each queue of the screens has something in it."""
        area = float(self.centre.hall_area or 100)
        # A small volume (tests, quick seeds) still gets one case in each queue.
        size = 0 if self.volume < 0.5 else 2 if area >= 200 else 1 if area >= 130 else 0
        days, rng, today = self.days, self.rng, self.days.today
        promised = [e for e in self.entries if e.promised and e.limit >= 3]
        long = [e for e in promised if e.limit >= 10] or promised
        five = [e for e in promised if e.limit >= 5] or promised
        suspendable = [e for e in long if e.guide.item_type in SUSPENSIONS] or long
        agency = self.agency_entries if self.points else []
        short_agency = [e for e in agency if e.limit <= 5] or agency
        plans: list[_Plan] = []

        def add(entry: _Entry, day: date, stop: str, **options) -> _Plan:
            plan = _Plan(entry=entry, day=day, minute=rng.randrange(0, 150), stop=stop, **options)
            plans.append(plan)
            return plan

        if promised:
            for _ in range((1, 2, 3)[size]):  # red: due one to five working days ago
                entry = self._pick(promised)
                add(entry, days.before(today, entry.limit + rng.randint(1, 5)), "complete")
            for n in range((1, 1, 2)[size]):  # yellow: due today or the next working day
                entry = self._pick(promised)
                add(entry, days.before(today, entry.limit - n % 2), "complete")
            for _ in range((2, 3, 5)[size]):  # running normally
                entry = self._pick(long)
                add(entry, days.before(today, rng.randint(1, max(1, entry.limit - 3))), "complete")
            for _ in range((1, 2, 2)[size]):  # suspended for publicity or an expert review
                entry = self._pick(suspendable)
                add(entry, days.before(today, rng.randint(3, 6)), "resume", suspend=True)
            for _ in range((1, 1, 2)[size]):  # the director's queue: extension requested yesterday
                entry = self._pick(five)
                start = days.before(today, rng.randint(2, max(2, min(entry.limit - 1, 8))))
                add(entry, start, "decide_extension", extension="approved", extension_day=days.before(today, 1))
            for _ in range((1, 2, 2)[size]):  # completed, waiting to be collected
                entry = self._pick([e for e in promised if e.limit <= 10] or promised)
                add(entry, days.before(today, entry.limit + 4), "deliver", complete_within=entry.limit)
        for _ in range((1, 2, 3)[size]):  # one-time notice given, waiting for the applicant
            add(self._pick(self.entries), days.before(today, rng.randint(1, 4)), "supplement_received", one_time=True)
        if agency:
            for _ in range((1, 2, 2)[size]):  # the centre's hand-over inbox
                plan = add(self._pick(agency), days.before(today, rng.randint(1, 2)), "confirm", channel="agency")
                plan.point = rng.choice(self.points)
            for _ in range((0, 1, 1)[size]):  # registered at the point yesterday
                plan = add(self._pick(agency), days.before(today, 1), "hand_over", channel="agency")
                plan.point = rng.choice(self.points)
            for _ in range((1, 1, 2)[size]):  # the result is back at the point, for the agent to deliver
                entry = self._pick(short_agency)
                plan = add(entry, days.before(today, entry.limit + 6), "deliver", channel="agency")
                plan.point, plan.complete_within = rng.choice(self.points), entry.limit
        if size == 2:  # received yesterday, not yet accepted
            add(self._pick(self.entries), days.before(today, 1), "accept")
        # Finished lately, so every centre shows each kind of story whatever the volume.
        add(self._pick(self.entries), days.before(today, rng.randint(2, 20)), "", outcome="not_accepted")
        withdrawn = rng.choice(("withdrawn_received", "withdrawn_handling"))
        add(self._pick(self.entries), days.before(today, rng.randint(5, 20)), "", outcome=withdrawn)
        for extension in ("approved", "rejected") if promised else ():
            entry = self._pick(five)
            add(entry, days.before(today, entry.limit + rng.randint(25, 40)), "", extension=extension)
        if pending := [e for e in self.entries if e.pending]:
            entry = self._pick(pending)
            plan = add(entry, days.before(today, entry.limit + rng.randint(10, 30)), "", pending=True, callback=True)
            plan.consultation = True  # asked first at the window (首问), then applied
        if promised:
            entry = self._pick(promised)
            add(entry, days.before(today, entry.limit + rng.randint(15, 30)), "", outcome="late")
        return plans

    # --- one case's life ------------------------------------------------------------------------

    def live(self, plan: _Plan) -> None:
        cursor = _Cursor(self.days, self.rng, plan.day, plan.minute)
        with contextlib.suppress(_Stop):
            self._life(plan, cursor)
        self.counts["cases"] += 1

    def _step(self, plan: _Plan, cursor: _Cursor, label: str, func, **kwargs):
        if label == plan.stop or cursor.at >= self.days.cutoff:
            raise _Stop
        return func(at=cursor.at, **kwargs)

    def _ticks(self, plan: _Plan) -> tuple[dict[int, tuple[str, str]], int | None]:
        """The window's ticks at intake, and the position left missing for 容缺 or 一次性告知."""
        rng, entry = self.rng, plan.entry
        ticks = {
            n: ("received", "") if m.required or rng.random() < 0.5 else ("not_needed", "")
            for n, m in enumerate(entry.materials, start=1)
        }
        short = None
        if plan.pending and entry.pending:
            short = rng.choice(entry.pending)
            ticks[short] = ("missing", "")
        elif plan.one_time and entry.required:
            short = rng.choice(entry.required)
            ticks[short] = ("missing", "") if rng.random() < 0.6 else ("defective", rng.choice(DEFECTS))
        return ticks, short

    def _life(self, plan: _Plan, cursor: _Cursor) -> None:
        rng, entry, days = self.rng, plan.entry, self.days
        step = lambda label, func, **kw: self._step(plan, cursor, label, func, **kw)  # noqa: E731
        clerk = self._clerk(entry)
        applicant = self.people.applicant(entry)
        ticks, short = self._ticks(plan)
        agent = None

        # 收件: at the window (perhaps after a consultation), or 代办 at the village point.
        if plan.point is not None:
            agent = rng.choice(self.agents[plan.point.pk])
            case = step(
                "register", services.case_register, actor=agent, item=entry.item, applicant=applicant, materials=ticks
            )
            cursor.soon(5, 30)
            step(
                "hand_over",
                services.case_hand_over,
                case=case,
                actor=agent,
                note=rng.choice(("", "材料已核对装袋,随移交单送中心。")),
            )
            cursor.later(rng.choice((0, 1, 1, 1, 2)))
            listed = [n for n, (state, _) in ticks.items() if state == "received"]
            step("confirm", services.case_confirm_handover, case=case, actor=clerk, confirmed=listed)
        else:
            consultation = None
            if plan.consultation:
                consultation = self._consultation(cursor.at, entry, clerk, applicant)
                cursor.soon(3, 10)
            case = step(
                "register",
                services.case_register,
                actor=clerk,
                item=entry.item,
                applicant=applicant,
                materials=ticks,
                channel=plan.channel,
                consultation=consultation,
            )
        cursor.soon(3, 15)

        # 一次性告知, then 补正 (or the applicant gives up).
        if plan.one_time and short is not None:
            step("request_supplement", services.case_request_supplement, case=case, actor=clerk, note=SUPPLEMENT_NOTE)
            if plan.outcome == "withdrawn_supplement":
                cursor.later(rng.randint(2, 8))
                step("withdraw", services.case_withdraw, case=case, actor=clerk, reason=rng.choice(WITHDRAW))
                return
            if plan.outcome == "not_accepted":
                cursor.later(rng.randint(5, 15))
                step(
                    "refuse_acceptance",
                    services.case_refuse_acceptance,
                    case=case,
                    actor=clerk,
                    reason=REFUSE_ACCEPTANCE[2],
                )
                return
            cursor.later(rng.choice((0, 1, 1, 2, 3, 5)))
            received = {n: ("received", "") for n, (state, _) in ticks.items() if state != "not_needed"}
            step("supplement_received", services.case_supplement_received, case=case, actor=clerk, materials=received)
            cursor.soon(2, 10)
        if plan.outcome == "not_accepted":
            step(
                "refuse_acceptance",
                services.case_refuse_acceptance,
                case=case,
                actor=clerk,
                reason=rng.choice(REFUSE_ACCEPTANCE[:2]),
            )
            return
        if plan.outcome == "withdrawn_received":
            cursor.later(rng.randint(0, 2))
            step("withdraw", services.case_withdraw, case=case, actor=clerk, reason=rng.choice(WITHDRAW))
            return

        # 受理: 容缺受理 with a pledge, 即办件 on the spot at the window, or a plain acceptance.
        if plan.pending and short is not None:
            catch_up = days.after(cursor.day, min(5, entry.limit))
            step("accept", services.case_accept_pending, case=case, actor=clerk, pledge=True, catch_up=catch_up)
        elif not entry.promised and plan.point is None and plan.outcome == "approved":
            step("accept", services.case_accept, case=case, actor=clerk, complete_now=True)
            self._callback(plan, cursor, case, clerk)
            return
        else:
            step("accept", services.case_accept, case=case, actor=clerk)
        accepted_day = cursor.day

        if plan.transfer:
            cursor.later(rng.randint(0, 2))
            other = rng.choice([c for c in self.clerks if c.pk != clerk.pk])
            step(
                "transfer",
                services.case_transfer,
                case=case,
                actor=clerk,
                window=None,
                handler=other,
                reason=rng.choice(TRANSFERS),
            )
            clerk = other
        if plan.pending and short is not None:
            cursor.on(days.after(accepted_day, rng.randint(1, max(1, days.between(accepted_day, case.pending_until)))))
            step("pending_fulfilled", services.case_pending_fulfilled, case=case, actor=clerk)
        if plan.suspend:
            kind, reason = SUSPENSIONS.get(entry.guide.item_type, OTHER_SUSPENSION)
            cursor.later(rng.randint(1, 2))
            step("suspend", services.case_suspend, case=case, actor=clerk, kind=kind, reason=reason)
            cursor.later(rng.randint(4, 7))
            step("resume", services.case_resume, case=case, actor=clerk, note="特别程序结束,恢复办理。")
        if plan.outcome == "withdrawn_handling":
            cursor.later(rng.randint(1, 3))
            step("withdraw", services.case_withdraw, case=case, actor=clerk, reason=rng.choice(WITHDRAW))
            return

        # 延期: asked before the due date, decided by the centre director the same day.
        if plan.extension:
            due_day = local_date(case.due_at)
            ask = plan.extension_day or days.before(due_day, rng.randint(1, 2))
            if plan.extension_day or cursor.day <= ask < due_day:
                cursor.on(ask)
                step(
                    "request_extension",
                    services.case_request_extension,
                    case=case,
                    actor=clerk,
                    days=rng.choice((5, 5, 10)),
                    reason=rng.choice(EXTENSION_REASONS),
                )
                cursor.soon(30, 90)
                approve = plan.extension == "approved" and cursor.at <= case.due_at
                note = "同意延期。" if approve else rng.choice(REJECT_EXTENSION)
                step(
                    "decide_extension",
                    services.case_decide_extension,
                    case=case,
                    actor=self.director,
                    approve=approve,
                    note=note,
                )

        # 办结: on time (most), late (a few), or refused with the reason.
        due_day = local_date(case.due_at)
        if plan.outcome == "late":
            cursor.on(days.after(due_day, rng.randint(1, 4)))
        elif plan.complete_within is not None:
            cursor.later(min(plan.complete_within, max(0, days.between(cursor.day, due_day))))
        else:
            left = max(0, days.between(cursor.day, due_day))
            cursor.later(min(left, max(rng.randint(0, left), rng.randint(0, left))) if left else 0)
        if plan.outcome == "refused":
            step(
                "complete",
                services.case_complete,
                case=case,
                actor=clerk,
                result="refused",
                note=rng.choice(REFUSED_RESULT),
            )
        else:
            step(
                "complete",
                services.case_complete,
                case=case,
                actor=clerk,
                result="approved",
                note=rng.choice(APPROVED_NOTES),
            )

        # 送达: at the window, by mail or electronically; via the point the agent hands it over.
        if agent is not None:
            cursor.later(rng.choice((0, 0, 1)))
            step(
                "return_to_point",
                services.case_return_to_point,
                case=case,
                actor=clerk,
                note="办理结果已随移交单送回代办点。",
            )
            cursor.later(rng.randint(1, 3))
            step(
                "deliver",
                services.case_deliver,
                case=case,
                actor=agent,
                method="agent",
                note="代办员已将结果送交申请人。",
            )
            self._callback(plan, cursor, case, agent)
        else:
            cursor.later(rng.choice((0, 0, 1, 1, 2, 3)))
            method = rng.choices(("collected", "mail", "electronic"), weights=(7, 2, 1))[0]
            step("deliver", services.case_deliver, case=case, actor=clerk, method=method)
            self._callback(plan, cursor, case, clerk)

    def _callback(self, plan: _Plan, cursor: _Cursor, case: Case, actor: Staff) -> None:
        if plan.callback:
            cursor.later(self.rng.randint(1, 5))
            self._step(
                plan,
                cursor,
                "callback",
                services.case_callback,
                case=case,
                actor=actor,
                note=self.rng.choice(CALLBACKS),
            )

    # --- consultations and point records (through bianmin/cases/services_records.py) ---------------

    def _consultation(self, at: datetime, entry: _Entry, clerk: Staff, applicant: services.Applicant) -> Consultation:
        """A question at the window that turns into a case: open and routed now, closed by the intake."""
        consultation = records.consultation_create(
            actor=clerk,
            visitor_name=applicant.name,
            visitor_phone=applicant.phone,
            question=self.rng.choice(QUESTIONS).format(item=entry.guide.name),
            answer="已一次性告知申请条件、所需材料和办理时限,群众当即提交申请。",
            item=entry.item,
            asked_at=at,
        )
        self.counts["consultations"] += 1
        return records.consultation_route(consultation=consultation, actor=clerk, window=entry.window, staff=clerk)

    def consultations(self) -> None:
        rng, days = self.rng, self.days
        count = round(float(self.centre.hall_area or 100) * CASES_PER_SQUARE_METRE * 0.3 * self.volume) + 2
        for index in range(count):
            recent = index < 2  # the last two are still being followed up
            day = days.before(days.today, rng.randint(1, 3)) if recent else rng.choice(days.year)
            at = _Days.moment(day, rng.randrange(0, _Days.MINUTES - 30), rng.randrange(60))
            point = rng.choice(self.points) if self.points and rng.random() < 0.25 else None
            responder = rng.choice(self.agents[point.pk]) if point else rng.choice(self.clerks)
            entry = None
            if rng.random() < 0.75:
                entry = self._pick(self.agency_entries if point and self.agency_entries else self.entries)
                question = rng.choice(QUESTIONS).format(item=entry.guide.name)
                if point is None:
                    answer, outcome = f"已一次性告知所需材料,引导至{entry.window}办理。", "已答复并引导至窗口"
                elif entry.guide.agency_allowed:
                    answer, outcome = "已告知所需材料,可由代办点代为办理。", "已答复"
                else:
                    answer, outcome = f"该事项需到{self.centre.name}窗口办理,已告知所需材料。", "已答复并引导至中心"
            else:
                question, answer = rng.choice(OTHER_QUESTIONS)
                outcome = "已当场答复"
            channel = rng.choices(("agency" if point else "window", "phone"), weights=(4, 1))[0]
            consultation = records.consultation_create(
                actor=responder,
                visitor_name=self.people.name(),
                visitor_phone=self.people.mobile() if rng.random() < 0.8 else "",
                channel=channel,
                question=question,
                item=entry.item if entry else None,
                asked_at=at,
            )
            if entry is not None and point is None:
                records.consultation_route(
                    consultation=consultation, actor=responder, window=entry.window, staff=self._clerk(entry)
                )
            if not recent:
                closed_at = at + timedelta(minutes=rng.randint(5, 40))
                records.consultation_close(
                    consultation=consultation, actor=responder, outcome=outcome, answer=answer, at=closed_at
                )
            self.counts["consultations"] += 1

    def point_records(self) -> None:
        rng, days = self.rng, self.days
        for point in self.points:
            for _ in range(max(1, round(rng.randint(2, 6) * min(1.0, self.volume * 2)))):
                kind = rng.choices((PointRecord.Kind.HELP, PointRecord.Kind.MEDIATION), weights=(3, 2))[0]
                subject, content, outcome = rng.choice(HELP if kind == PointRecord.Kind.HELP else MEDIATION)
                people = self.people.name()
                if kind == PointRecord.Kind.MEDIATION:
                    people += "、" + self.people.name()
                day = rng.choice(days.year)
                record = records.point_record_create(
                    actor=rng.choice(self.agents[point.pk]),
                    kind=kind,
                    happened_on=day,
                    people=people,
                    phone=self.people.mobile(),
                    subject=subject,
                    content=content,
                    outcome=outcome,
                )
                # recorded_at is auto_now_add and the service takes no moment: without this every demo
                # record would say it was written today. Not a state, only the record's own timestamp.
                PointRecord.objects.filter(pk=record.pk).update(
                    recorded_at=_Days.moment(day, rng.randrange(240, _Days.MINUTES), rng.randrange(60))
                )
                self.counts["point_records"] += 1


def seed_cases(*, volume: float | None = None, now: datetime | None = None) -> dict[str, int]:
    """Seed the demo centres that have no cases yet. Returns how many centres, cases, consultations
    and point records were created (all 0 on a second run).

    ``volume`` scales the year (1 = the full demo, 0 = nothing); by default ``settings.DEMO_CASE_VOLUME``,
    and without that setting 1, except under the test settings, where it is 0: every demo test runs
    ``seed_demo`` afresh and most of them are not about cases (the tests of this module set it)."""
    if volume is None:
        volume = getattr(settings, "DEMO_CASE_VOLUME", 0.0 if settings.TESTING else 1.0)
    if volume <= 0:
        return dict.fromkeys(("centres", "cases", "consultations", "point_records"), 0)
    now = now or timezone.now()
    days = _Days(load_calendar(), now)
    totals: Counter[str] = Counter()
    checklists: dict[int, list[Material]] = {}  # guide pk -> its materials, shared by the centres
    with disable_auditlog():
        centres = Centre.objects.filter(is_active=True).select_related("township").order_by("township__code")
        for centre in centres:
            if Case.objects.filter(centre=centre).exists():
                continue
            with transaction.atomic():  # a centre is seeded whole or not at all (and SQLite writes once)
                seeder = _CentreSeeder(centre, days, volume, checklists)
                plans = seeder.plans()
                if not plans:
                    continue
                for plan in plans:
                    seeder.live(plan)
                seeder.consultations()
                seeder.point_records()
            totals.update(seeder.counts)
            totals["centres"] += 1
    return {key: totals[key] for key in ("centres", "cases", "consultations", "point_records")}

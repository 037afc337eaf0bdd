"""About four months of demo complaints (投诉举报登记簿) in every demo centre, and the open ones the
electronic monitoring is about today.

Issue #7 point 2. Each complaint is built through ``bianmin.supervision.services`` with explicit
``at=`` moments in office hours (Asia/Shanghai, 8:00–12:00 and 14:30–17:30 on working days), so its
deadline is the engine's own. The mix of the last ~120 days: one to three complaints per centre from
the portal, the kiosk, the complaint phone, the box, visits, 12345, superior referrals and now and
then the media; most are assigned, investigated, found 属实 (about one in five) or 不属实, answered
and closed, a few of them after the deadline. Right now: four open complaints past their deadline
(red), three due today or on the next working day (yellow), and three received in the last two
working days and not yet assigned.

ILLUSTRATIVE: complainants, phone numbers, 12345 work orders and stories are invented.

Deterministic (one ``random.Random``) and idempotent: nothing is added when any complaint exists
(the public intake of a running demo included), so ``seed_demo`` can be run again.
"""

import random
from datetime import date, datetime, time, timedelta

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from bianmin.core.roles import Role
from bianmin.demo import yushan
from bianmin.org.models import Centre, Staff
from bianmin.supervision import services_complaints
from bianmin.supervision.models import Complaint, ComplaintChannel, Verdict
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.selectors import load_calendar

HISTORY_DAYS = 120
SEED = "yushan-complaints"
# A partition of the complaints created (their sum is the total): closed, open past the deadline
# (red), due today or on the next working day (yellow), not yet assigned, and the rest in progress.
COUNT_KEYS = ("closed", "overdue", "due_soon", "unassigned", "in_progress")

CHANNEL_WEIGHTS = {
    ComplaintChannel.PORTAL: 6,
    ComplaintChannel.KIOSK: 2,
    ComplaintChannel.PHONE: 4,
    ComplaintChannel.BOX: 3,
    ComplaintChannel.VISIT: 2,
    ComplaintChannel.HOTLINE: 4,
    ComplaintChannel.SUPERIOR: 1,
    ComplaintChannel.MEDIA: 1,
}
PUBLIC = {ComplaintChannel.PORTAL, ComplaintChannel.KIOSK}
FIRST_CHANNELS = {
    1: ComplaintChannel.MEDIA,
    3: ComplaintChannel.SUPERIOR,
    4: ComplaintChannel.HOTLINE,
    6: ComplaintChannel.PORTAL,
    9: ComplaintChannel.MEDIA,
}
COUNTY_REGISTERED = {ComplaintChannel.HOTLINE, ComplaintChannel.SUPERIOR, ComplaintChannel.MEDIA}

STORIES = {
    "attitude": (
        "到{window}办理业务,工作人员态度生硬,问了两遍就不耐烦,说“看墙上的指南自己看”。",
        "陪老人来办事,窗口工作人员一直看手机,叫了几次才抬头,态度冷淡。",
        "电话咨询时接电话的工作人员说话很冲,没说完就挂了电话。",
    ),
    "conduct": (
        "上午九点多到中心,{window}没有人,等了二十多分钟才有人回来。",
        "工作时间看到两名工作人员在窗口后面聊天吃东西,群众排队没人理。",
        "中午十一点半窗口就不办了,说要下班,公示的时间是十二点。",
    ),
    "efficiency": (
        "材料都带齐了,{window}说系统慢让下周再来,已经跑了三趟。",
        "承诺五个工作日办好的事项,过了十天还没有结果,也没人通知。",
        "排队一个多小时,只开了一个窗口,其他窗口都空着。",
    ),
    "quality": (
        "第一次来没有一次性告知要带什么,回去补了材料又说还缺一样。",
        "办好的证明上名字写错了一个字,又得重新跑一趟。",
    ),
    "fees": (
        "在{window}办事被收了十元复印费,没有开票据,听说复印是免费的。",
        "代办点说要收二十元代办费,请问是否合规?",
    ),
    "other": ("大厅的叫号机坏了好几天没人修,大家只能挤着排队。",),
}
FOUND = {
    Verdict.SUBSTANTIATED: (
        "调阅当日大厅监控并分别询问当事人和同窗口工作人员,查明投诉反映的情况基本属实:当事人在接待群众时"
        "未能耐心解释,存在推诿现象。已责令当事人写出书面检查,并在中心例会上通报。",
        "核对当日考勤记录和监控录像,查明该窗口工作人员上班时间离岗约二十分钟,未按规定挂暂离牌,也未安排"
        "他人顶岗,投诉情况属实。已对当事人进行诫勉谈话,扣减当月考核分。",
        "查阅收费票据存根并询问当事人,查明确有向群众收取复印费的情况,违反中心免费复印的规定,投诉属实。"
        "已责令当事人当面退还费用并赔礼道歉。",
    ),
    Verdict.UNSUBSTANTIATED: (
        "调阅监控并询问当事人,当日窗口一直有人在岗,接待过程语气平和,未发现投诉反映的问题。",
        "核对办件记录,群众所缺材料已按规定一次性书面告知,告知单有群众签字,投诉情况不属实。",
        "经核查,当日因系统升级暂停受理,中心已提前公告,不属于工作人员推诿。",
    ),
}
REPLIES = {
    Verdict.SUBSTANTIATED: (
        "您反映的问题经核查属实,中心已对相关工作人员严肃批评教育并责令整改,感谢您的监督。",
        "经调查情况属实,已责令当事人向您道歉并退还费用,中心将加强管理,欢迎继续监督。",
    ),
    Verdict.UNSUBSTANTIATED: (
        "经调阅监控和核对记录,未发现您反映的问题。如有新的情况,欢迎拨打中心投诉电话。",
        "经核查,当日情况系系统升级暂停受理所致,中心已提前公告,给您带来不便,敬请谅解。",
    ),
}
MEDIA_TITLES = ("《便民服务中心窗口为何“门难进”?》", "《群众办事排长队 窗口却空着》", "《一张证明跑三趟》")
SUPERIOR_REFS = ("县政府办转〔{year}〕{n}号", "县纪委监委转办件〔{year}〕{n}号")


class _Days:
    """Working days before today and moments in office hours (8:00–12:00, 14:30–17:30)."""

    MINUTES = 420

    def __init__(self, calendar: WorkCalendar, today: date) -> None:
        self.calendar, self.today = calendar, today
        first = today - timedelta(days=HISTORY_DAYS)
        self.past = [
            first + timedelta(days=n)
            for n in range((today - first).days)
            if calendar.is_working_day(first + timedelta(days=n))
        ]

    def after(self, day: date, n: int) -> date:
        return self.calendar.add_working_days(day, n).value

    def before(self, day: date, n: int) -> date:
        while n > 0:
            day -= timedelta(days=1)
            if self.calendar.is_working_day(day):
                n -= 1
        return day

    @classmethod
    def moment(cls, day: date, minute: int) -> datetime:
        minute = max(0, min(minute, cls.MINUTES - 1))
        clock = 8 * 60 + minute if minute < 240 else 14 * 60 + 30 + minute - 240
        return datetime.combine(day, time(clock // 60, clock % 60), tzinfo=CHINA)


class _Cursor:
    """The next step's moment; it only moves forward and stays in office hours before today."""

    def __init__(self, days: _Days, rng: random.Random, day: date, minute: int) -> None:
        self.days, self.rng, self.day, self.minute = days, rng, day, minute

    @property
    def at(self) -> datetime:
        return _Days.moment(self.day, self.minute)

    def later(self, working_days: int) -> bool:
        """Move on; False when the step would fall today or later (it is not taken)."""
        if working_days <= 0:
            self.minute += self.rng.randint(10, 90)
            if self.minute >= _Days.MINUTES - 5:
                self.day, self.minute = self.days.after(self.day, 1), self.rng.randrange(0, 60)
        else:
            self.day, self.minute = self.days.after(self.day, working_days), self.rng.randrange(0, _Days.MINUTES - 30)
        return self.day < self.days.today


class _Seeder:
    def __init__(self, rng: random.Random, days: _Days) -> None:
        self.rng, self.days = rng, days
        self.admin = Staff.objects.filter(role=Role.COUNTY_ADMIN, is_active=True).order_by("pk").first()
        self.inspector = Staff.objects.filter(role=Role.INSPECTOR, is_active=True).order_by("pk").first()
        self.work_orders = 0
        self.lives = 0

    # --- people ---------------------------------------------------------------------------------

    def name(self) -> str:
        given = "".join(self.rng.choice(yushan.GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(yushan.SURNAMES) + given

    def mobile(self) -> str:
        return "1" + self.rng.choice("3456789") + f"{self.rng.randrange(10**9):09d}"

    def director(self, centre: Centre) -> Staff | None:
        return centre.director if centre.director_id and centre.director.is_active else self.admin

    def clerks(self, centre: Centre) -> list[Staff]:
        return list(Staff.objects.filter(centre=centre, role=Role.CLERK, is_active=True).order_by("pk"))

    # --- one complaint --------------------------------------------------------------------------

    def receive(self, centre: Centre, cursor: _Cursor, channel: str) -> Complaint:
        clerks = self.clerks(centre)
        accused = self.rng.choice(clerks) if clerks and self.rng.random() < 0.5 else None
        category = self.rng.choice(
            ["attitude", "attitude", "conduct", "efficiency", "efficiency", "quality", "fees", "other"]
        )
        window = accused.post if accused and accused.post else self.rng.choice(["综合窗口", "民政窗口", "医保窗口"])
        content = self.rng.choice(STORIES[category]).format(window=window)
        named = self.rng.random() < 0.6
        person = {"name": self.name() if named else "", "phone": self.mobile() if named else ""}
        if channel in PUBLIC:
            public_staff = services_complaints.public_staff_of(centre)
            staff = accused if accused and public_staff.filter(pk=accused.pk).exists() else None
            return services_complaints.complaint_submit(
                centre=centre, category=category, content=content, staff=staff, channel=channel, at=cursor.at, **person
            )
        registrar = self.registrar(centre, channel)
        received = cursor.at
        cursor.later(0)  # entered a little later (the letter opened, the call written down)
        return services_complaints.complaint_register(
            actor=registrar,
            centre=centre,
            channel=channel,
            category=category,
            content=content,
            received_at=received,
            external_ref=self.reference(channel, received),
            staff=accused,
            at=cursor.at,
            **person,
        )

    def registrar(self, centre: Centre, channel: str) -> Staff:
        if channel in COUNTY_REGISTERED:
            county = self.inspector if channel == ComplaintChannel.MEDIA and self.inspector else self.admin
            return county or self.director(centre)
        return self.director(centre)

    def reference(self, channel: str, at: datetime) -> str:
        self.work_orders += 1
        if channel == ComplaintChannel.HOTLINE:
            return f"YS{timezone.localtime(at):%Y%m%d}{self.work_orders:04d}"
        if channel == ComplaintChannel.MEDIA:
            return self.rng.choice(MEDIA_TITLES)
        if channel == ComplaintChannel.SUPERIOR:
            return self.rng.choice(SUPERIOR_REFS).format(year=at.year, n=self.work_orders % 90 + 10)
        return ""

    def assign(self, complaint: Complaint, cursor: _Cursor) -> Complaint:
        centre = complaint.centre
        director = self.director(centre)
        if complaint.channel == ComplaintChannel.MEDIA and self.admin and self.inspector:
            actor, assignee = self.admin, self.inspector
        elif complaint.channel in COUNTY_REGISTERED and self.admin and centre.director_id:
            actor, assignee = self.admin, centre.director
        else:
            people = [p for p in (centre.deputy, *self.clerks(centre)) if p is not None and p.is_active]
            people = [p for p in people if p.pk != getattr(complaint.staff, "pk", None)]  # never the accused
            actor, assignee = director, self.rng.choice(people) if people else self.inspector
        return services_complaints.complaint_assign(complaint=complaint, actor=actor, assignee=assignee, at=cursor.at)

    def investigate(self, complaint: Complaint, cursor: _Cursor, verdict: str) -> Complaint:
        text = self.rng.choice(FOUND[verdict])
        return services_complaints.complaint_investigate(
            complaint=complaint, actor=complaint.assigned_to, investigation=text, at=cursor.at
        )

    def decider(self, complaint: Complaint) -> Staff:
        if complaint.assigned_to.role == Role.INSPECTOR:
            return complaint.assigned_to
        return self.director(complaint.centre)

    def life(self, centre: Centre, day: date, *, late: bool = False, channel: str | None = None) -> None:
        """A complaint received on ``day`` and taken as far as the days before today allow."""
        cursor = _Cursor(self.days, self.rng, day, self.rng.randrange(0, _Days.MINUTES - 90))
        drawn = self.rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
        channel = channel or drawn
        complaint = self.receive(centre, cursor, channel)
        self.lives += 1
        verdict = Verdict.SUBSTANTIATED if self.lives % 5 == 2 else Verdict.UNSUBSTANTIATED  # one in five
        if not cursor.later(self.rng.choice((0, 0, 1))):
            return
        complaint = self.assign(complaint, cursor)
        if not cursor.later(self.rng.randint(1, 3) + (3 if late else 0)):
            return
        complaint = self.investigate(complaint, cursor, verdict)
        if not cursor.later(self.rng.choice((0, 1))):
            return
        decider = self.decider(complaint)
        complaint = services_complaints.complaint_verify(
            complaint=complaint, actor=decider, verdict=verdict, at=cursor.at
        )
        if not cursor.later(self.rng.choice((0, 0, 1))):
            return
        services_complaints.complaint_respond(
            complaint=complaint, actor=decider, reply=self.rng.choice(REPLIES[verdict]), close=True, at=cursor.at
        )

    def open_now(self, centre: Centre, day: date, *, assign: bool, investigate: bool) -> None:
        """A complaint still open today: received on ``day``, maybe assigned and investigated."""
        day = min(day, self.days.before(self.days.today, 1))  # every step before today
        cursor = _Cursor(self.days, self.rng, day, self.rng.randrange(0, _Days.MINUTES - 120))
        channel = self.rng.choice([ComplaintChannel.PORTAL, ComplaintChannel.PHONE, ComplaintChannel.HOTLINE])
        complaint = self.receive(centre, cursor, channel)
        if assign and cursor.later(0):
            complaint = self.assign(complaint, cursor)
            if investigate and cursor.later(1):
                self.investigate(complaint, cursor, Verdict.UNSUBSTANTIATED)


def seed_complaints(*, now: datetime | None = None) -> dict[str, int]:
    """Seed the demo complaints unless there are complaints already; returns what was created."""
    if Complaint.objects.exists():
        return dict.fromkeys(COUNT_KEYS, 0)
    now = now or timezone.now()
    today = timezone.localdate(now)
    calendar = load_calendar()
    days = _Days(calendar, today)
    rng = random.Random(SEED)
    centres = list(
        Centre.objects.filter(is_active=True).select_related("director", "deputy").order_by("township__code")
    )
    seeder = _Seeder(rng, days)
    if not centres or not days.past:
        return dict.fromkeys(COUNT_KEYS, 0)
    with disable_auditlog(), transaction.atomic():
        history = [day for day in days.past if day <= days.before(today, 12)]
        for index, centre in enumerate(centres):
            for number, day in enumerate(sorted(rng.sample(history, k=min(len(history), rng.randint(1, 3))))):
                # Every source appears at least once: a media report and a referral are rare but telling.
                forced = FIRST_CHANNELS.get(index) if number == 0 else None
                seeder.life(centre, day, late=rng.random() < 0.1, channel=forced)
        _now_situations(seeder, centres, days, rng)
    return _tally(today, calendar.next_working_day_on_or_after(today + timedelta(days=1)))


def _tally(today: date, following: date) -> dict[str, int]:
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for status, deadline, assignee in Complaint.objects.values_list("status", "deadline", "assigned_to_id"):
        if status == Complaint.Status.CLOSED:
            key = "closed"
        elif deadline < today:
            key = "overdue"
        elif deadline <= following:
            key = "due_soon"
        else:
            key = "unassigned" if assignee is None else "in_progress"
        counts[key] += 1
    return counts


def _now_situations(seeder: _Seeder, centres: list[Centre], days: _Days, rng: random.Random) -> None:
    """Red: 4 open past their deadline; yellow: 3 due today or on the next working day; 3 fresh."""
    today = days.today
    picked = rng.sample(centres, k=min(len(centres), 10))
    following = days.calendar.next_working_day_on_or_after(today + timedelta(days=1))
    # Received 5 working days before the deadline day (that day itself not counted).
    yellow_targets = [today, following, following] if days.calendar.is_working_day(today) else [following] * 3
    plans = (
        [("red", days.before(today, rng.randint(7, 11))) for _ in range(4)]
        + [("yellow", days.before(target, services_complaints.complaint_working_days())) for target in yellow_targets]
        + [("fresh", days.before(today, rng.choice((1, 1, 2)))) for _ in range(3)]
    )
    for index, (kind, day) in enumerate(plans):
        centre = picked[index % len(picked)]
        if kind == "fresh":
            seeder.open_now(centre, day, assign=False, investigate=False)
        else:
            seeder.open_now(centre, day, assign=True, investigate=kind == "red" and index % 2 == 0)

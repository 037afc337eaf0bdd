"""Demo supervision findings: inspections, video-monitoring findings, press reports and bulletins.

Plan 五(一): the county does two rounds of on-site 半年业务督导 a year — the first round, about half a
year ago, visited every centre; the second, in the last weeks, is partly done. 五(二): media, social
supervisors and a third party made unannounced visits over the last three months, some ending in a
county 通报批评 or 通报表扬. 附件: 10–20 video-monitoring findings over the last months (one annulled
with a reason; the first centre's add up to more than the 5 points the indicator can lose), a few
press reports (positive county and city coverage, one negative city-level exposure) and city-level
commendations — three for the first centre and two for the second, so the +10 cap shows.

Left "current" for the monitoring dashboard: inspections of the second round whose rectification is
overdue or due within days, and first-round ones rectified late or never.

ILLUSTRATIVE: the outlets' articles, the reference numbers and the inspectors' names are invented.
Everything is built through ``bianmin.supervision.services_findings`` with ``at=`` moments in office
hours (Asia/Shanghai) on working days before today. Deterministic (one ``random.Random``) and
idempotent: if any of these records exists, nothing is added.
"""

import random
from datetime import date, datetime, time, timedelta

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from bianmin.core.roles import Role
from bianmin.org.models import Centre, Staff
from bianmin.supervision import services_findings as services
from bianmin.supervision.models import Bulletin, Inspection, MonitoringFinding, PressReport
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.selectors import load_calendar

SEED = "yushan-findings"
ISSUER_CITY = "上饶市行政审批局"
REF_COUNTY = "玉行服通〔{year}〕{n}号"
REF_CITY = "饶审批字〔{year}〕{n}号"

HALF_YEAR_FINDINGS = [
    ("good", "good", "good", "good", "good", "台账齐全,窗口运行正常,未发现问题。"),
    ("good", "fair", "good", "good", "good", "工作人员去向栏未及时更新;部分窗口办事指南不是最新版本。"),
    ("good", "good", "fair", "fair", "good", "统计簿未按月分类汇总;两件承诺件未出具承诺件告知单。"),
    ("fair", "good", "good", "good", "good", "咨询导办窗口人员对新进驻事项解答不够熟练。"),
    ("good", "good", "good", "problem", "good", "一次性告知单未留存复印件,无法核对告知内容。"),
    ("good", "problem", "good", "good", "good", "中心日志有3个工作日未记载;动态巡查记录过于简单。"),
]
RECTIFICATIONS = [
    "已组织窗口人员学习办事指南,更新公示内容。",
    "已补齐台账,指定专人每月5日前分类汇总。",
    "已重新张贴去向栏,由专职副主任每日巡查时核对。",
    "已对相关人员进行约谈,并在中心例会上通报。",
]
UNANNOUNCED = [
    (
        "media",
        "玉山电视台《问政》栏目组",
        {"attitude": "problem", "efficiency": "fair"},
        "记者暗访时,窗口人员对咨询群众态度生硬,未执行首问负责制。",
        "criticism",
    ),
    (
        "social",
        "社会监督员 周建华",
        {"attitude": "good", "conduct": "good", "charging": "good"},
        "窗口秩序良好,收费项目和标准公示到位。",
        "none",
    ),
    (
        "third_party",
        "江西某调查咨询公司(第三方测评)",
        {"attitude": "good", "efficiency": "good", "quality": "good"},
        "模拟办事3件,均一次办结,群众满意度高。",
        "praise",
    ),
    (
        "social",
        "社会监督员 吴秀英",
        {"conduct": "problem", "quality": "fair"},
        "上午10时许两个窗口无人,群众等候20分钟。",
        "criticism",
    ),
    (
        "media",
        "上饶日报玉山记者站",
        {"attitude": "good", "efficiency": "good"},
        "帮办代办服务做法有特色,群众评价好。",
        "praise",
    ),
    (
        "third_party",
        "江西某调查咨询公司(第三方测评)",
        {"efficiency": "fair", "quality": "good", "charging": "good"},
        "个别承诺件临近时限才办结,建议加强时限提醒。",
        "none",
    ),
    (
        "social",
        "社会监督员 李明",
        {"attitude": "fair", "charging": "good"},
        "未发现违规收费;建议大厅增设老花镜、雨伞等便民用品。",
        "none",
    ),
]
SUGGESTIONS = ["建议增加老年人休息座椅。", "建议延长午间值班。", "", "建议在村代办点公示代办事项清单。", ""]
VIDEO = {
    "absent": ["{t}至{t2}窗口无人,未放置“暂停服务”牌,无请假记录。"],
    "unrelated": ["{t}起约20分钟使用手机观看短视频。", "{t}前后在办公电脑上玩游戏约15分钟。"],
    "chatting": ["{t}前后三名工作人员聚在窗口外聊天,约10分钟。", "{t}在窗口内吃零食。"],
    "other": ["{t}窗口人员未佩戴工作牌上岗。"],
}
POSITIVE_PRESS = [
    ("county", "玉山新闻网", "{c}推行“帮办代办”让群众少跑腿"),
    ("city", "上饶日报", "{c}:便民服务“一窗受理”见实效"),
    ("city", "上饶广播电视台", "“家门口”办事更便捷——走进{c}"),
]
NEGATIVE_PRESS = ("city", "上饶日报", "记者暗访:{c}窗口工作时间无人", "读者反映上班时间窗口无人,记者两次暗访属实。")


def seed_findings() -> dict[str, int]:
    """Returns how many inspections, findings, press reports and bulletins were created."""
    counts = {"inspections": 0, "findings": 0, "press": 0, "bulletins": 0}
    models = (Inspection, MonitoringFinding, PressReport, Bulletin)
    if any(model.objects.exists() for model in models):
        return counts
    admin = Staff.objects.filter(role=Role.COUNTY_ADMIN, is_active=True).order_by("pk").first()
    inspector = Staff.objects.filter(role=Role.INSPECTOR, is_active=True).order_by("pk").first() or admin
    centres = list(
        Centre.objects.filter(is_active=True).select_related("director", "deputy").order_by("township__code")
    )
    if admin is None or not centres:
        return counts
    with disable_auditlog(), transaction.atomic():
        _Seeder(admin, inspector, centres).run()
    counts.update(
        inspections=Inspection.objects.count(),
        findings=MonitoringFinding.objects.count(),
        press=PressReport.objects.count(),
        bulletins=Bulletin.objects.count(),
    )
    return counts


class _Seeder:
    def __init__(self, admin: Staff, inspector: Staff, centres: list[Centre]) -> None:
        self.rng = random.Random(SEED)
        self.admin, self.inspector, self.centres = admin, inspector, centres
        self.calendar: WorkCalendar = load_calendar()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.refs = {"county": 0, "city": 0}

    # --- time helpers ------------------------------------------------------------------------

    def days(self, first: int, last: int) -> list[date]:
        """Working days from ``first`` to ``last`` days ago (1 = yesterday), oldest first."""
        span = (self.today - timedelta(days=n) for n in range(max(first, last), min(first, last) - 1, -1))
        return [d for d in span if d < self.today and self.calendar.is_working_day(d)]

    def this_year(self, days: list[date]) -> list[date]:
        """Bulletins and press count per calendar year: keep them in this one when there is room."""
        return [d for d in days if d.year == self.today.year] or days

    def moment(self, day: date) -> datetime:
        """A time in office hours (8:30–11:40 or 14:40–17:10, Asia/Shanghai)."""
        if self.rng.random() < 0.55:
            minutes = self.rng.randrange(8 * 60 + 30, 11 * 60 + 40)
        else:
            minutes = self.rng.randrange(14 * 60 + 40, 17 * 60 + 10)
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=CHINA)

    def after(self, moment: datetime, minutes: int) -> datetime:
        return min(moment + timedelta(minutes=minutes), self.now)

    def ref(self, level: str, day: date) -> str:
        self.refs[level] += 1
        pattern = REF_COUNTY if level == "county" else REF_CITY
        return pattern.format(year=day.year, n=self.refs[level] + (10 if level == "county" else 30))

    def director(self, centre: Centre) -> Staff:
        return centre.director or centre.deputy or self.admin

    def due(self, day: date, working_days: int) -> date:
        return self.calendar.add_working_days(day, working_days).value

    # --- the seed ----------------------------------------------------------------------------

    def run(self) -> None:
        self.half_year_rounds()
        self.unannounced_visits()
        self.video_findings()
        self.press_reports()
        self.commendations()

    def inspection(self, centre: Centre, at: datetime, actor: Staff, **values) -> Inspection:
        return services.inspection_record(actor=actor, centre=centre, inspected_at=at, at=self.after(at, 150), **values)

    def half_year_rounds(self) -> None:
        """Round one about half a year ago (every centre), round two in the last weeks (about half)."""
        first_days = self.days(175, 150)
        for index, centre in enumerate(self.centres):
            day = first_days[(index * 3) % len(first_days)]
            self.half_year(centre, day, rectified=index % 5 != 3, late=index % 4 == 1)
        second = self.centres[: max(1, (len(self.centres) + 1) // 2)]
        recent = self.days(20, 1)
        for index, centre in enumerate(second):
            day = recent[index * len(recent) // len(second)]
            # Two left overdue, two due within days, the rest rectified or with nothing to rectify.
            state = ["overdue", "near", "overdue", "near"][index] if index < 4 else "done"
            self.half_year(centre, day, current=state)

    def half_year(self, centre: Centre, day: date, *, rectified=True, late=False, current=None) -> None:
        attitude, conduct, efficiency, quality, charging, findings = self.rng.choice(HALF_YEAR_FINDINGS[1:])
        if current == "done" and self.rng.random() < 0.5:
            attitude, conduct, efficiency, quality, charging, findings = HALF_YEAR_FINDINGS[0]
        at = self.moment(day)
        problems = findings != HALF_YEAR_FINDINGS[0][5]
        due = None
        if problems:
            if current == "overdue":
                due = max(self.today - timedelta(days=self.rng.randint(2, 5)), day)
            elif current == "near":
                due = self.today + timedelta(days=self.rng.randint(1, 3))
            else:
                due = self.due(day, 10)
        inspection = self.inspection(
            centre,
            at,
            self.admin,
            kind="half_year",
            inspector_kind="county",
            inspector_name="县行政服务中心管委会业务督导组",
            attitude=attitude,
            conduct=conduct,
            efficiency=efficiency,
            quality=quality,
            charging=charging,
            findings=findings,
            suggestions=self.rng.choice(SUGGESTIONS),
            rectification_due=due,
        )
        if not problems or current in ("overdue", "near") or not rectified:
            return
        done_on = self.due(day, 14 if late else self.rng.randint(3, 8))
        if done_on >= self.today:
            return
        services.inspection_rectify(
            inspection=inspection,
            actor=self.director(centre),
            rectification=self.rng.choice(RECTIFICATIONS),
            at=self.moment(done_on),
        )

    def unannounced_visits(self) -> None:
        days = self.days(85, 2)
        picks = sorted(self.rng.sample(range(len(days)), len(UNANNOUNCED)))
        for n, (who, name, aspects, findings, outcome) in enumerate(UNANNOUNCED):
            centre = self.centres[(n * 5 + 2) % len(self.centres)]
            day = days[picks[n]]
            at = self.moment(day)
            issued = self.due(day, 2) if self.due(day, 2) < self.today else day
            inspection = services.inspection_record(
                actor=self.inspector,
                centre=centre,
                inspected_at=at,
                # a 通报 is issued a few days after the visit; the visit is recorded with it
                at=self.moment(issued) if issued > day else self.after(at, 150),
                kind="unannounced",
                inspector_kind=who,
                inspector_name=name,
                findings=findings,
                suggestions=self.rng.choice(SUGGESTIONS),
                outcome=outcome,
                bulletin_ref=self.ref("county", day) if outcome != "none" else "",
                bulletin_issued_on=issued if outcome != "none" else None,
                rectification_due=self.due(day, 10) if outcome == "criticism" else None,
                **aspects,
            )
            if outcome == "criticism" and n == 0 and self.due(day, 6) < self.today:
                services.inspection_rectify(
                    inspection=inspection,
                    actor=self.director(centre),
                    rectification="已对当事人批评教育,全体窗口人员重新学习首问负责制。",
                    at=self.moment(self.due(day, 6)),
                )

    def video_findings(self) -> None:
        """16 findings; the first centre loses 6 points (floored at 5); one is annulled."""
        days = self.days(80, 1)
        clerk_a = Staff.objects.filter(user__username="clerk_a", role=Role.CLERK).first()
        plan = [(0, "unrelated"), (0, "absent"), (0, "unrelated"), (0, "chatting")]
        kinds = ["absent", "unrelated", "chatting", "absent", "chatting", "other", "unrelated", "absent"]
        for n in range(12):
            plan.append((1 + (n * 7) % max(1, len(self.centres) - 1), kinds[n % len(kinds)]))
        picks = sorted(self.rng.sample(range(len(days)), min(len(plan), len(days))))
        for n, (centre_index, kind) in enumerate(plan):
            centre = self.centres[centre_index % len(self.centres)]
            clerks = list(
                Staff.objects.filter(centre=centre, role=Role.CLERK, is_active=True)
                .prefetch_related("windows")
                .order_by("pk")
            )
            if not clerks:
                continue
            staff = clerk_a if n == 1 and clerk_a and clerk_a.centre_id == centre.pk else self.rng.choice(clerks)
            window = next(iter(staff.windows.all()), None)
            at = self.moment(days[picks[n % len(picks)]])
            template = self.rng.choice(VIDEO[kind])
            text = template.format(t=f"{at:%H:%M}", t2=f"{at + timedelta(minutes=35):%H:%M}")
            named = kind == "absent" or self.rng.random() < 0.7
            finding = services.finding_record(
                actor=self.inspector if n % 3 else self.admin,
                centre=centre,
                kind=kind,
                observed_at=at,
                description=text,
                staff=staff if named else None,
                window=window,
                at=self.after(at, 90),
            )
            if n == 7:
                services.record_annul(
                    record=finding,
                    actor=finding.recorded_by,
                    reason="经调阅考勤,该人员当时经批准外出送件,不属于无故空岗。"
                    if kind == "absent"
                    else "回看录像,画面中为办事群众而非工作人员,登记有误。",
                    at=self.after(at, 60 * 24),
                )

    def press_reports(self) -> None:
        days = self.this_year(self.days(90, 2))
        for n, (level, outlet, title) in enumerate(POSITIVE_PRESS):
            centre = self.centres[(n + 1) % len(self.centres)]
            day = days[(n * 17 + 5) % len(days)]
            services.press_record(
                actor=self.admin,
                centre=centre,
                tone="positive",
                level=level,
                outlet=outlet,
                title=title.format(c=centre.name),
                published_on=day,
                summary="报道了中心推行一窗受理、帮办代办和延时服务的做法。",
                at=self.moment(self.due(day, 1) if self.due(day, 1) < self.today else day),
            )
        level, outlet, title, summary = NEGATIVE_PRESS
        centre = self.centres[5 % len(self.centres)]
        day = days[len(days) // 3]
        services.press_record(
            actor=self.admin,
            centre=centre,
            tone="negative",
            level=level,
            outlet=outlet,
            title=title.format(c=centre.name),
            published_on=day,
            summary=summary,
            at=self.moment(day),
        )

    def commendations(self) -> None:
        """Three city-level 通报表扬 for the first centre (capped at +10), two for the second."""
        days = self.this_year(self.days(90, 2))
        titles = [
            "关于表扬全市便民服务标准化建设先进单位的通报",
            "关于全市政务服务“好差评”工作情况的通报",
            "关于表扬优质服务窗口的通报",
        ]
        for centre_index, times in ((0, 3), (1, 2)):
            if centre_index >= len(self.centres):
                continue
            centre = self.centres[centre_index]
            for n in range(times):
                day = days[(n * 23 + centre_index * 11) % len(days)]
                services.bulletin_record(
                    actor=self.admin,
                    centre=centre,
                    outcome="praise",
                    level="city",
                    issuer=ISSUER_CITY,
                    reference=self.ref("city", day),
                    title=titles[n % len(titles)],
                    issued_on=day,
                    at=self.moment(self.due(day, 1) if self.due(day, 1) < self.today else day),
                )

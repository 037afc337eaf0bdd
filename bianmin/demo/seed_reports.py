"""Demo monthly reports (信息报送, issue #8): every demo centre's months since its first case, up to
last month, submitted by its director through ``bianmin.reports.services`` with ``at=`` moments in
office hours on working days (Asia/Shanghai).

The mix: most months submitted on time (in the last working days before the 5th), about one in
twelve late (a few working days after it), one month resubmitted with a reason (a correction after
a late completion was registered), and last month's report left unsubmitted in about a quarter of the
centres (4 of the 16) — always the first centre, whose demo director (``director_a``) can then open,
review and submit it — one of them with a saved draft. Past the 5th the electronic monitoring shows
those centres red.

Figures are compiled by the service at the moment given; since the demo cases already stand as they
are today, a month's frozen figures are those of today's records (the demo has no history of edits).

Deterministic (``random.Random`` seeded per centre from its township code) and idempotent: nothing is
done if any monthly report exists.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from bianmin.cases.ledgers import Month
from bianmin.core.roles import Role
from bianmin.org.models import Centre, Staff
from bianmin.reports import compile as compiler
from bianmin.reports import rules, selectors, services
from bianmin.reports.models import MonthlyReport
from bianmin.workcalendar.arithmetic import WorkCalendar
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.selectors import load_calendar

SEED = 20181008
LATE_SHARE = 0.08
MISSING_SHARE = 4  # one centre in four leaves last month unsubmitted (4 of the 16 demo centres)

SITUATIONS = (
    "窗口人员在岗在位,服务秩序良好",
    "群众办事高峰集中在月初,已安排咨询导办窗口分流",
    "代办点代办和移交运转正常,村(社区)群众办事基本不出村",
    "一次性告知和容缺受理落实到位,群众跑腿次数减少",
)
PROBLEMS = (
    "个别承诺件因需入户核查办理时间较长;个别窗口人员对新版办事指南不够熟悉。",
    "代办点移交材料不够及时,偶有隔日移交的情况。",
    "高峰时段群众等候时间较长,咨询导办力量不足。",
    "部分群众对好差评不了解,评价率偏低。",
)
MEASURES = (
    "每周通报在办和超期件,中心主任逐件督办;组织窗口人员学习新版办事指南。",
    "要求代办点当日移交,中心每日下班前确认接收。",
    "高峰时段增派工作人员到咨询导办窗口,推行预约办理。",
    "窗口办结后主动引导群众扫码评价,差评当日回访。",
)
REASON = "上报后发现一件承诺件的办结登记有误,已在台账中更正,重新汇总报送。"


def _office_moment(day: date, rng: random.Random) -> datetime:
    """A moment in office hours (08:30–11:30, 14:30–17:00) of ``day``."""
    minutes = rng.choice((rng.randint(8 * 60 + 30, 11 * 60 + 30), rng.randint(14 * 60 + 30, 17 * 60)))
    return datetime.combine(day, time(minutes // 60, minutes % 60, rng.randint(0, 59)), tzinfo=CHINA)


def _working_days(calendar: WorkCalendar, first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _moment(month: Month, deadline: date, *, late: bool, today: date, calendar: WorkCalendar, rng) -> datetime | None:
    """When the month was submitted: in the last working days up to the deadline, or a few working
    days after it; never today or later (None when no such day has come yet)."""
    month_end = rules.month_start(month.next())
    if late:
        days = _working_days(calendar, deadline + timedelta(days=1), deadline + timedelta(days=12))[:6]
    else:
        # When the whole window is a holiday (September's report, due in the National Day week), the
        # director submits on a rest day rather than late.
        days = (
            _working_days(calendar, month_end, deadline)[-4:]
            or [month_end + timedelta(days=n) for n in range((deadline - month_end).days + 1)][-2:]
        )
    days = [d for d in days if d < today]
    return _office_moment(rng.choice(days), rng) if days else None


def _director(centre: Centre) -> Staff | None:
    if centre.director_id and centre.director.role == Role.CENTRE_DIRECTOR and centre.director.is_active:
        return centre.director
    return Staff.objects.filter(centre=centre, role=Role.CENTRE_DIRECTOR, is_active=True).order_by("pk").first()


def _summary(month: Month, counts, rng: random.Random) -> str:
    received, completed, on_time = counts["received"], counts["completed"], counts["on_time"]
    rate = f"{100 * on_time / completed:.1f}%" if completed else "—"
    return (
        f"{month.label},本中心共收件{received}件,办结{completed}件,其中按时办结{on_time}件,按时办结率{rate}。"
        f"{rng.choice(SITUATIONS)}。"
    )


def _month_counts(centre_ids: list[int], months: list[Month]) -> dict[tuple[int, Month], dict[str, int]]:
    """Received/completed/on-time per centre and month, for the summaries: one query per month."""
    result = {}
    for month in months:
        rows = (
            compiler.month_cases(month, centre_ids)
            .order_by()
            .values("centre_id")
            .annotate(
                received=Count("pk"),
                completed=Count("pk", filter=Q(completed_at__isnull=False)),
                on_time=Count("pk", filter=Q(completed_at__isnull=False, completed_at__lte=F("due_at"))),
            )
        )
        for row in rows:
            result[(row.pop("centre_id"), month)] = row
    return result


def seed_reports() -> dict[str, int]:
    counts = {"reports": 0, "versions": 0, "late": 0, "resubmitted": 0, "missing": 0, "drafts": 0}
    if MonthlyReport.objects.exists():
        return counts
    now = timezone.now()
    today = timezone.localdate(now)
    last = Month.of(today).previous()
    calendar = load_calendar()
    centres = list(
        Centre.objects.filter(is_active=True).select_related("township", "director").order_by("township__code")
    )
    firsts = selectors.first_months([c.pk for c in centres])
    eligible = [(c, d) for c in centres if c.pk in firsts and (d := _director(c)) is not None]
    if not eligible:
        return counts
    picker = random.Random(SEED)
    rest = [c.pk for c, _ in eligible[1:]]
    missing = {eligible[0][0].pk, *picker.sample(rest, min(len(rest), max(1, len(eligible) // MISSING_SHARE) - 1))}
    draft_centre = next((c.pk for c, _ in eligible[1:] if c.pk in missing), eligible[0][0].pk)
    resubmit_centre = next((c.pk for c, _ in eligible if c.pk not in missing), None)
    months = sorted({m for c, _ in eligible for m in rules.months_between(firsts[c.pk], last)})
    summaries = _month_counts([c.pk for c, _ in eligible], months)
    deadline = selectors.Deadlines()

    for centre, director in eligible:
        rng = random.Random(f"{SEED}-{centre.township.code}")
        centre_months = list(rules.months_between(firsts[centre.pk], last))
        resubmit_month = centre_months[-3] if centre.pk == resubmit_centre and len(centre_months) >= 3 else None
        for month in centre_months:
            figures = summaries.get((centre.pk, month), {"received": 0, "completed": 0, "on_time": 0})
            texts = {
                "summary": _summary(month, figures, rng),
                "problems": rng.choice(PROBLEMS),
                "measures": rng.choice(MEASURES),
            }
            if month == last and centre.pk in missing:
                counts["missing"] += 1
                if centre.pk == draft_centre:
                    recent = _working_days(calendar, today - timedelta(days=10), today - timedelta(days=1))
                    when = _office_moment(recent[-1], rng) if recent else now
                    services.report_save_draft(centre=centre, month=month, actor=director, **texts, at=when)
                    counts["drafts"] += 1
                continue
            late = rng.random() < LATE_SHARE
            when = _moment(month, deadline(month), late=late, today=today, calendar=calendar, rng=rng)
            if when is None:
                continue
            version = services.report_submit(centre=centre, month=month, actor=director, **texts, at=when)
            counts["reports"] += 1
            counts["versions"] += 1
            counts["late"] += 0 if version.on_time else 1
            if month == resubmit_month:
                again = _working_days(calendar, when.date() + timedelta(days=3), when.date() + timedelta(days=10))
                again = [d for d in again if d < today]
                if again:
                    services.report_submit(
                        centre=centre,
                        month=month,
                        actor=director,
                        **{**texts, "summary": texts["summary"] + "(更正后重新报送)"},
                        reason=REASON,
                        at=_office_moment(again[0], rng),
                    )
                    counts["versions"] += 1
                    counts["resubmitted"] += 1
    return counts

"""The other records a centre keeps and the county reads, per month or year of the generated span:

- consultations (首问/咨询): about 15 % of the case volume, 30 % at agency points, closed within the
  hour (a few still open on the last day);
- complaints (投诉举报): 0–3 per centre-month from the usual channels, assigned to the director with
  a 5-working-day deadline, investigated and closed (3 % found 属实), the last days' still open;
- attendance (考勤): everyone expected at work every working day up to "now", 3 % on approved
  leave, 0.5 % absent without leave, 5 % late, 2 % leaving early; centre logs (运行日志) for 96 %
  of working days;
- monthly reports (信息报送) of every month due before "now": 85 % on time, 9 % late, 6 % never
  submitted, the current month a draft; a submitted report carries its frozen version 1 with the
  county-table figures of that month (``reports.compile.county_key_figures``, one grouped query set
  per month);
- video-monitoring findings (0–5 per centre-year, 5 % annulled), inspections (two 半年业务督导 and
  one 明察暗访 per centre-year, some with a rectification deadline), press reports and bulletins
  (positive and negative, county to national level).
"""

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from bianmin.loadgen.org import Org
from bianmin.loadgen.shape import CHINA, Shape


def _working_days(calendar, shape: Shape, *, today: bool = False) -> list[date]:
    """Working days of the span before "now"'s day (or up to it)."""
    day, days, last = shape.first_day, [], shape.now.date()
    while day < last or (today and day == last):
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CHINA)


def consultations(shape: Shape, org: Org, calendar, names) -> Iterator[dict]:
    rng = random.Random(shape.seed + 2)
    days = _working_days(calendar, shape)
    per_day = shape.cases_per_centre_year * 0.15 / 250
    for unit in org.units:
        for day in days:
            for _ in range(int(per_day * unit.weight * rng.uniform(0.5, 1.5) + rng.random())):
                asked = _at(day, rng.randint(8, 16), rng.randrange(60))
                point = rng.choice(unit.points) if unit.points and rng.random() < 0.3 else None
                closed = asked + timedelta(minutes=rng.randrange(5, 60))
                yield {
                    "centre_id": unit.centre_id,
                    "agency_point_id": point[0] if point else None,
                    "asked_at": asked,
                    "visitor_name": next(names),
                    "channel": "agency" if point else rng.choices(("window", "phone"), (85, 15))[0],
                    "question": "咨询办理条件和所需材料",
                    "answer": "已一次性告知办理条件、所需材料和办理时限",
                    "first_responder_id": rng.choice(point[1]) if point else rng.choice(unit.clerks),
                    "state": "closed" if closed < shape.now else "open",
                    "closed_at": closed if closed < shape.now else None,
                    "outcome": "已告知" if closed < shape.now else "",
                }


COMPLAINT_CHANNELS = (("portal", 25), ("phone", 30), ("box", 10), ("visit", 15), ("hotline", 20))


def complaints(shape: Shape, org: Org, calendar) -> Iterator[dict]:
    rng = random.Random(shape.seed + 3)
    days = _working_days(calendar, shape)
    channels, weights = [c for c, _ in COMPLAINT_CHANNELS], [w for _, w in COMPLAINT_CHANNELS]
    n = 0
    for unit in org.units:
        for _ in range(round(len(days) / 21 * 1.5 * rng.uniform(0.5, 1.5))):
            n += 1
            day = rng.choice(days)
            submitted = _at(day, rng.randint(8, 20), rng.randrange(60))
            deadline = calendar.add_working_days(day, 5).value
            closed = _at(calendar.add_working_days(day, rng.randint(1, 6)).value, 16, rng.randrange(60))
            row = {
                "code": f"T{n:07d}",
                "channel": rng.choices(channels, weights)[0],
                "category": rng.choice(("attitude", "conduct", "efficiency", "quality", "other")),
                "centre_id": unit.centre_id,
                "content": "窗口工作人员态度生硬,等待时间较长,希望改进。",
                "status": "closed" if closed < shape.now else "processing",
                "submitted_at": submitted,
                "assigned_to_id": unit.director,
                "assigned_at": submitted + timedelta(hours=2),
                "working_days": 5,
                "deadline": deadline,
                "recorded_by_id": org.admin_id,
            }
            if closed < shape.now:
                verdict = "substantiated" if rng.random() < 0.03 else "unsubstantiated"
                row.update(
                    investigation="经调查核实。",
                    verdict=verdict,
                    verified_at=closed - timedelta(hours=2),
                    verified_by_id=org.admin_id,
                    reply="经核实,已对相关人员进行批评教育。" if verdict == "substantiated" else "经核实,情况不属实。",
                    replied_at=closed,
                    handled_by_id=unit.director,
                    closed_at=closed,
                )
            yield row


def attendance(shape: Shape, org: Org, calendar, leaves: list[dict]) -> Iterator[dict]:
    """Sign-ins of everyone expected at work (the deputy, the clerks, the agents at their points; the
    centre's 主任 heads it part-time and does not sign in), every working day up to "now": 3 % on
    approved leave (their ``Leave`` goes to ``leaves``), 0.5 % absent without leave, 5 % late."""
    rng = random.Random(shape.seed + 4)
    kinds = (("personal", 40), ("sick", 25), ("annual", 20), ("business", 15))
    for day in _working_days(calendar, shape, today=True):
        for unit in org.units:
            people = [(p, None) for p in (unit.deputy, *unit.clerks)]
            people += [(agent, point) for point, agents in unit.points for agent in agents]
            for person, point in people:
                roll = rng.random()
                if roll < 0.03:
                    kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
                    leaves.append(
                        {
                            "staff_id": person,
                            "centre_id": unit.centre_id,
                            "agency_point_id": point,
                            "kind": kind,
                            "starts_at": _at(day, 8, 30),
                            "ends_at": _at(day, 17, 30),
                            "reason": "家中有事",
                            "status": "approved" if day == shape.now.date() else "returned",
                            "version": 2,
                            "requested_at": _at(day, 8, 0) - timedelta(days=1),
                            "requested_by_id": person,
                            "decided_at": _at(day, 9, 0) - timedelta(days=1),
                            "decided_by_id": unit.director,
                            "returned_at": None if day == shape.now.date() else _at(day, 17, 30),
                            "returned_by_id": None if day == shape.now.date() else person,
                        }
                    )
                    continue
                if roll < 0.035:
                    continue  # 旷岗: the monitoring's red light
                late, early = rng.random() < 0.05, rng.random() < 0.02
                signed_in = _at(day, 8, rng.randint(31, 59) if late else rng.randint(0, 29))
                signed_out = _at(day, 17, rng.randint(0, 29) if early else rng.randint(30, 59))
                if signed_in >= shape.now:
                    continue
                yield {
                    "staff_id": person,
                    "centre_id": unit.centre_id,
                    "agency_point_id": point,
                    "day": day,
                    "signed_in_at": signed_in,
                    "signed_out_at": signed_out if signed_out < shape.now else None,
                    "updated_at": signed_in,
                }


def centre_logs(shape: Shape, org: Org, calendar) -> Iterator[dict]:
    rng = random.Random(shape.seed + 5)
    per_day = shape.cases_per_centre_year / 250
    for day in _working_days(calendar, shape):
        for unit in org.units:
            if rng.random() < 0.04:
                continue  # not written (the monitoring's red light)
            written = _at(day, 17, rng.randint(30, 59))
            received = int(per_day * unit.weight * rng.uniform(0.7, 1.3))
            yield {
                "centre_id": unit.centre_id,
                "day": day,
                "opened_at": time(8, 30),
                "closed_at": time(17, 30),
                "staff_expected": 7,
                "staff_present": 7 - (rng.random() < 0.2),
                "cases_received": received,
                "cases_completed": int(received * rng.uniform(0.8, 1.1)),
                "consultations": int(received * 0.15),
                "problems": "" if rng.random() < 0.9 else "上午等候人数较多",
                "handling": "",
                "written_by_id": unit.deputy,
                "written_at": written,
                "updated_at": written,
                "version": 1,
            }


Submitted = tuple[int, int, date, datetime, int, bool]  # report id, centre id, month, at, by, on time


def monthly_reports(shape: Shape, org: Org) -> tuple[list[dict], list[Submitted]]:
    """The report rows and, for each submitted one, what its frozen version needs."""
    from bianmin.cases.months import Month
    from bianmin.reports.selectors import Deadlines

    rng = random.Random(shape.seed + 6)
    deadline = Deadlines()
    rows, submitted = [], []
    for year, month in shape.months:
        due = deadline(Month(year, month))
        first = date(year, month, 1)
        for unit in org.units:
            if due >= shape.now.date():  # not due yet: a draft
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "centre_id": unit.centre_id,
                        "month": first,
                        "status": "draft",
                        "version": 1,
                        "draft_saved_at": shape.now - timedelta(days=1),
                    }
                )
                continue
            roll = rng.random()
            if roll < 0.06:
                continue  # never submitted
            late = roll < 0.15
            following = date(year + month // 12, month % 12 + 1, 1)
            day = due + timedelta(days=rng.randint(1, 12)) if late else following + timedelta(days=rng.randint(0, 4))
            at = min(_at(day, rng.randint(8, 17), rng.randrange(60)), shape.now - timedelta(hours=1))
            rows.append(
                {
                    "id": len(rows) + 1,
                    "centre_id": unit.centre_id,
                    "month": first,
                    "status": "submitted",
                    "version": 2,
                    "summary": "本月工作总结:窗口运行平稳,按时办结率保持较高水平。",
                    "submissions": 1,
                    "first_submitted_at": at,
                    "submitted_at": at,
                    "submitted_by_id": unit.director,
                    "deadline": due,
                    "on_time": not late,
                }
            )
            submitted.append((len(rows), unit.centre_id, first, at, unit.director, not late))
    return rows, submitted


def report_versions(submitted: list[Submitted], now: datetime) -> Iterator[dict]:
    """Version 1 of each submitted report: the county-table figures of its month, compiled per month
    for all centres at once (four grouped queries and a rating count per month)."""
    from django.db.models import Count

    from bianmin.cases.months import Month
    from bianmin.reports import compile as compiler
    from bianmin.reports import figures as fig
    from bianmin.supervision.models import Rating

    by_month: dict[date, list[Submitted]] = {}
    for row in submitted:
        by_month.setdefault(row[2], []).append(row)
    for first, reports in sorted(by_month.items()):
        month = Month(first.year, first.month)
        ids = [row[1] for row in reports]
        key = compiler.county_key_figures(month, ids, now=now)
        start, end = compiler.bounds(month)
        levels: dict[int, dict[int, int]] = {}
        for centre_id, level, n in (
            Rating.objects.filter(centre_id__in=ids, rated_at__gte=start, rated_at__lt=end)
            .order_by()
            .values_list("centre_id", "overall")
            .annotate(n=Count("pk"))
        ):
            levels.setdefault(centre_id, {})[level] = n
        for report_id, centre_id, _first, at, director, on_time in reports:
            k = key[centre_id]
            figures = fig.Figures(
                month=month.param,
                centre_id=centre_id,
                centre_name="",
                compiled_at=at,
                totals=fig.counts_from({name: getattr(k, name) for name in compiler.KEY_CASE_FIELDS}),
                extras=fig.CaseExtras(open_at_month_end=k.open_at_month_end),
                by_handling=[],
                by_line=[],
                by_channel=[],
                by_item=[],
                by_window=[],
                by_status=[],
                consultations=fig.Consultations(total=k.consultations),
                points=[],
                ratings=fig.Ratings(levels.get(centre_id, {})),
                rectifications=fig.Rectifications(),
                complaints=fig.Complaints(received=k.complaints, substantiated=k.substantiated),
                attendance=fig.Attendance(),
            )
            yield {
                "report_id": report_id,
                "number": 1,
                "figures": fig.to_json(figures),
                "summary": "本月工作总结:窗口运行平稳,按时办结率保持较高水平。",
                "compiled_at": at,
                "submitted_at": at,
                "submitted_by_id": director,
                "on_time": on_time,
            }


FINDING_KINDS = (("absent", 40, "1"), ("unrelated", 25, "2"), ("chatting", 25, "1"), ("other", 10, "0"))
LEVELS = (("county", 50), ("city", 30), ("province", 15), ("national", 5))


def oversight(shape: Shape, org: Org, calendar) -> dict[str, list[dict]]:
    """Findings, inspections, press reports and bulletins: a handful per centre-year."""
    rng = random.Random(shape.seed + 7)
    days = _working_days(calendar, shape)
    out: dict[str, list[dict]] = {"findings": [], "inspections": [], "press": [], "bulletins": []}
    levels, level_weights = [lv for lv, _ in LEVELS], [w for _, w in LEVELS]
    kinds, kind_weights = [k for k, _, _ in FINDING_KINDS], [w for _, w, _ in FINDING_KINDS]
    deduction = {k: Decimal(d) for k, _, d in FINDING_KINDS}
    for unit in org.units:
        for _year in range(shape.years):
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 4, 5))):
                kind, seen = rng.choices(kinds, kind_weights)[0], _at(rng.choice(days), rng.randint(9, 16), 0)
                annulled = rng.random() < 0.05
                out["findings"].append(
                    {
                        "centre_id": unit.centre_id,
                        "window_id": next(iter(unit.window_clerks)),
                        "staff_id": rng.choice(unit.clerks),
                        "kind": kind,
                        "observed_at": seen,
                        "description": "视频监控发现。",
                        "deduction": deduction[kind],
                        "recorded_by_id": org.admin_id,
                        "recorded_at": min(seen + timedelta(days=1), shape.now),
                        "annulled_at": min(seen + timedelta(days=2), shape.now) if annulled else None,
                        "annulled_by_id": org.admin_id if annulled else None,
                        "annul_reason": "误录,重复登记" if annulled else "",
                    }
                )
            for kind, who in (("half_year", "county"), ("half_year", "county"), ("unannounced", "social")):
                day = rng.choice(days)
                problem = rng.random() < 0.3
                due = calendar.add_working_days(day, 10).value if problem else None
                fixed = problem and _at(due, 10, 0) < shape.now and rng.random() < 0.9
                out["inspections"].append(
                    {
                        "centre_id": unit.centre_id,
                        "kind": kind,
                        "inspector_kind": who,
                        "inspector_name": "县行政服务中心管委会",
                        "inspected_at": _at(day, 10, 0),
                        "attitude": "good",
                        "conduct": "good",
                        "efficiency": "fair" if problem else "good",
                        "quality": "good",
                        "charging": "good",
                        "findings": "个别窗口办事指南未及时更新。" if problem else "未发现问题。",
                        "rectification_due": due,
                        "rectification": "已更新办事指南。" if fixed else "",
                        "rectified_at": _at(due, 10, 0) if fixed else None,
                        "recorded_by_id": org.admin_id,
                        "recorded_at": _at(day, 16, 0),
                    }
                )
            for tone in ["positive"] * rng.choice((0, 0, 0, 1, 1, 2, 3)) + ["negative"] * (rng.random() < 0.06):
                day = rng.choice(days)
                out["press"].append(
                    {
                        "centre_id": unit.centre_id,
                        "tone": tone,
                        "level": rng.choices(levels, level_weights)[0],
                        "outlet": "上饶日报",
                        "title": "便民服务见实效" if tone == "positive" else "窗口工作时间无人",
                        "published_on": day,
                        "recorded_by_id": org.admin_id,
                        "recorded_at": min(_at(day, 16, 0) + timedelta(days=2), shape.now),
                    }
                )
            for outcome in ["praise"] * rng.choice((0, 0, 0, 1, 1, 2, 3)) + ["criticism"] * (rng.random() < 0.08):
                day = rng.choice(days)
                out["bulletins"].append(
                    {
                        "centre_id": unit.centre_id,
                        "outcome": outcome,
                        "level": rng.choices(levels, level_weights)[0],
                        "issuer": "上饶市行政审批局",
                        "reference": f"饶审批字〔{day.year}〕{len(out['bulletins']) + 1}号",
                        "title": "通报表扬" if outcome == "praise" else "通报批评",
                        "issued_on": day,
                        "recorded_by_id": org.admin_id,
                        "recorded_at": min(_at(day, 16, 0) + timedelta(days=2), shape.now),
                    }
                )
    return out

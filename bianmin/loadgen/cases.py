"""Generated cases with their whole history, as the workflow (``cases/workflow.py``) would have
written them, up to the shape's "now".

Volumes: ``cases_per_centre_year`` per centre, scaled by the centre's size (log-normal), the month
(fewer around the Spring Festival, more in the autumn 医保/养老 collection season) and the weekday
(Monday busiest); received on working days of the official calendar, in office hours (morning
peak). Items follow a Zipf-like demand over each centre's implementation list.

Channels: 20 % registered at a village agency point (代办登记 → 移交 → 确认接收), 10 % online,
5 % by phone, the rest at the window. Fates: 2 % refused (不予受理 with its notice); 5 % get a
一次性告知单 first (85 % bring the missing materials within a week, the rest are withdrawn after a
month); 即办件 are completed and handed over on the spot (95 %, the rest later that day or the next,
some late); of the 承诺件, 1.5 % are withdrawn, 5 % suspended for a special procedure (公示, 检验检测,
专家评审, 听证, 补正) of 5–15 days, 3 % ask for an extension (90 % approved), 93 % are completed
within the deadline and 7 % after it (超期); 3 % refused. Results are collected, posted or sent
(agency cases go back through the point); 5 % wait weeks to be collected, then are posted. 15 % of delivered cases are
rated (62/24/9/3/2 % from 非常满意 to 非常不满意, lower when late); a bad rating opens a
rectification with its deadline. Due moments come from ``cases.deadlines.case_due`` on the county's
calendar. Whatever would happen after "now" has not happened: those cases are open, in the state
they have reached, with their material checklist (the only cases that carry one).
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bianmin.cases.deadlines import CaseClock, case_due
from bianmin.cases.workflow import ACTION_BASIS, OPEN
from bianmin.loadgen.org import Org, Unit
from bianmin.loadgen.shape import CHINA, Shape

SEASON = (0.95, 0.72, 1.02, 1.0, 0.98, 1.0, 0.95, 0.97, 1.12, 1.08, 1.12, 1.09)  # Jan … Dec
WEEKDAY = (1.25, 1.05, 1.0, 0.95, 0.85, 0.6, 0.6)  # Mon … Sun (adjusted working weekends are quieter)
MORNING, AFTERNOON = (8 * 60 + 30, 11 * 60 + 30), (14 * 60 + 30, 17 * 60 + 30)
SUSPENSIONS = (
    ("publicity", 40, "在村(社区)公示七天"),
    ("testing", 20, "送检验检测"),
    ("expert", 10, "组织专家评审"),
    ("hearing", 5, "依申请举行听证"),
    ("supplement", 25, "等待申请人补正材料"),
)
LEVELS = (5, 4, 3, 2, 1)
OPEN_STATES = {s.value for s in OPEN}
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
BASIS = {action.value: basis for action, basis in ACTION_BASIS.items()}  # the workflow's actions (not records)


@dataclass
class Rows:
    """One month's rows, table by table."""

    cases: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    materials: list[dict] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)
    suspensions: list[dict] = field(default_factory=list)
    extensions: list[dict] = field(default_factory=list)
    handovers: list[dict] = field(default_factory=list)
    ratings: list[dict] = field(default_factory=list)
    rectifications: list[dict] = field(default_factory=list)


class History:
    """The case's status, version and events as its steps are taken; a step after "now" is not."""

    def __init__(self, now: datetime, case: dict, events: list[dict]) -> None:
        self.now, self.case, self.events = now, case, events
        self.status, self.version, self.at = "", 0, case["received_at"]

    def step(self, action: str, to: str, at: datetime, actor: int, *, reason: str = "", data=None) -> bool:
        if at >= self.now:
            return False
        transition = action in BASIS
        self.events.append(
            {
                "case_id": self.case["id"],
                "action": action,
                "from_status": self.status,
                "to_status": to,
                "actor_id": actor,
                "at": at,
                "reason": reason,
                "basis": BASIS.get(action, ""),
                "data": data or {},
            }
        )
        self.version += transition
        self.status, self.at = to, at
        return True


class CaseMaker:
    def __init__(self, shape: Shape, org: Org, calendar) -> None:
        self.shape, self.org, self.calendar = shape, org, calendar
        self.now = shape.now
        self.rng = random.Random(shape.seed + 1)
        self.pk = 0
        self.rating_pk = 0
        self.sequence: dict[tuple[int, int], int] = defaultdict(int)  # (centre, year) → last receipt number
        self.directors = {unit.centre_id: unit.director for unit in org.units}

    # --- time ------------------------------------------------------------------------------------

    def working_days(self, year: int, month: int) -> list[date]:
        day, days = date(year, month, 1), []
        while day.month == month and day < self.now.date():
            if self.calendar.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def office(self, day: date) -> datetime:
        start, end = MORNING if self.rng.random() < 0.6 else AFTERNOON
        minute = min(self.rng.randrange(start, end), self.rng.randrange(start, end))  # busier early
        return datetime.combine(day, time(minute // 60, minute % 60, self.rng.randrange(60)), tzinfo=CHINA)

    def after(self, moment: datetime, working_days: int) -> datetime:
        """An office moment ``working_days`` working days after ``moment`` (0: later the same day,
        or the next working day when the office has closed)."""
        local = moment.astimezone(CHINA)
        day = self.calendar.add_working_days(local.date(), working_days).value if working_days else local.date()
        candidate = self.office(day)
        if candidate <= moment:
            candidate = moment + timedelta(minutes=self.rng.randrange(5, 90))
            if candidate.astimezone(CHINA).time() > time(17, 30):
                candidate = self.office(self.calendar.add_working_days(local.date(), 1).value)
        return candidate

    def snap(self, moment: datetime, floor: datetime) -> datetime:
        """``moment`` moved to office hours of a working day, never before ``floor``."""
        day = self.calendar.next_working_day_on_or_after(moment.astimezone(CHINA).date())
        candidate = self.office(day)
        return candidate if candidate > floor else floor + timedelta(minutes=self.rng.randrange(5, 60))

    def due(self, case: dict, suspensions=(), extensions=()) -> datetime:
        clock = CaseClock(case["handling_type"], case["limit_days"], case["accepted_at"], suspensions, extensions)
        return case_due(clock, self.calendar).moment

    # --- people ----------------------------------------------------------------------------------

    def id_number(self, born: date) -> str:
        body = f"361123{born:%Y%m%d}{self.rng.randrange(1000):03d}"
        return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]

    def phone(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randrange(10**9):09d}"

    # --- one month -------------------------------------------------------------------------------

    def month(self, year: int, month: int, names) -> Rows:
        rows = Rows()
        days = self.working_days(year, month)
        if not days:
            return rows
        weights = [WEEKDAY[d.weekday()] for d in days]
        share = len(days) / _month_working_days(self.calendar, year, month)  # below 1 only in "now"'s month
        for unit in self.org.units:
            expected = self.shape.cases_per_centre_year / 12 * unit.weight * SEASON[month - 1] * share
            for day in self.rng.choices(days, weights, k=max(0, round(expected * self.rng.uniform(0.9, 1.1)))):
                self.case(unit, day, rows, next(names))
        return rows

    def case(self, unit: Unit, day: date, out: Rows, name: str) -> None:
        rng = self.rng
        guide, window = unit.pick(rng)
        received = self.office(day)
        roll = rng.random()
        point = agents = None
        if roll < 0.20 and unit.points and guide.agency_allowed:
            channel = "agency"
            point, agents = rng.choice(unit.points)
        else:
            channel = "online" if roll < 0.30 else "phone" if roll < 0.35 else "window"
        clerk = rng.choice(unit.window_clerks.get(window) or unit.clerks)
        year = received.astimezone(CHINA).year
        self.sequence[(unit.centre_id, year)] += 1
        self.pk += 1
        born = date(rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28))
        case = {
            "id": self.pk,
            "receipt_number": f"{unit.code}-{year}-{self.sequence[(unit.centre_id, year)]:06d}",
            "public_code": "".join(rng.choices("23456789ABCDEFGHJKMNPQRSTUVWXYZ", k=6)),
            "item_id": guide.item_id,
            "guide_id": guide.guide_id,
            "item_name": guide.name,
            "handling_type": guide.handling_type,
            "limit_days": guide.limit_days,
            "centre_id": unit.centre_id,
            "window_id": window,
            "agency_point_id": point,
            "channel": channel,
            "applicant_name": name,
            "id_type": "resident",
            "id_number": self.id_number(born),
            "phone": self.phone(),
            "first_responder_id": rng.choice(agents) if agents else clerk,
            "handler_id": None if agents else clerk,
            "received_at": received,
            "created_at": received,
        }
        history = History(self.now, case, out.events)
        self.lifecycle(case, history, unit, guide, clerk, agents, out)
        case["status"], case["version"] = history.status, history.version
        out.cases.append(case)
        if history.status in OPEN_STATES:
            awaiting = history.status == "awaiting_supplement"
            out.materials += [
                {
                    "case_id": case["id"],
                    "position": n,
                    "name": m[0],
                    "form": m[1],
                    "copies": m[2],
                    "required": m[3],
                    "pending_allowed": m[4],
                    "state": "missing" if awaiting and n == 1 else "received",
                }
                for n, m in enumerate(guide.materials, start=1)
            ]

    def lifecycle(self, case: dict, h: History, unit: Unit, guide, clerk: int, agents, out: Rows) -> None:
        rng, received = self.rng, case["received_at"]
        if agents:
            agent = rng.choice(agents)
            h.step("register_at_point", "registered_at_point", received, agent, data={"channel": "agency"})
            sent = received + timedelta(minutes=rng.randrange(10, 240))
            if not h.step("hand_over", "in_transfer", sent, agent):
                return
            handover = {
                "case_id": case["id"],
                "direction": "to_centre",
                "items": [],
                "sent_by_id": agent,
                "sent_at": sent,
            }
            out.handovers.append(handover)
            confirmed = self.after(sent, 1)
            if not h.step("confirm_handover", "received", confirmed, clerk):
                return
            handover.update(received_by_id=clerk, received_at=confirmed)
            case["handler_id"] = clerk
        else:
            h.step("register", "received", received, clerk, data={"channel": case["channel"]})
        fate = rng.random()
        if fate < 0.02:  # 不予受理
            at = h.at + timedelta(minutes=rng.randrange(10, 60))
            if h.step("refuse_acceptance", "not_accepted", at, clerk, reason="不属于本中心受理范围"):
                out.notices.append(_notice(case, "refusal", "BSL", at, clerk))
            return
        if fate < 0.07:  # 一次性告知 first
            at = h.at + timedelta(minutes=rng.randrange(10, 40))
            if not h.step("request_supplement", "awaiting_supplement", at, clerk):
                return
            out.notices.append(_notice(case, "one_time", "YCX", at, clerk))
            if rng.random() < 0.85:
                if not h.step("supplement_received", "received", self.after(at, rng.randint(1, 5)), clerk):
                    return
            else:
                h.step("withdraw", "withdrawn", self.after(at, 22), clerk, reason="申请人逾期未补正,主动撤回申请")
                return
        accepted = h.at + timedelta(minutes=rng.randrange(5, 60))
        if not h.step("accept", "handling", accepted, clerk):
            return
        case["accepted_at"] = accepted
        case["due_at"] = self.due(case)
        if guide.handling_type == "immediate":
            late = rng.random() < 0.05
            done = (
                self.after(accepted, rng.choice((0, 1))) if late else accepted + timedelta(minutes=rng.randrange(3, 30))
            )
            self.finish(case, h, done, clerk, agents, out)
            return
        if rng.random() < 0.015:  # 撤回 while being handled
            h.step("withdraw", "withdrawn", self.after(accepted, rng.randint(0, 3)), clerk, reason="申请人主动撤回")
            return
        suspensions, extensions = [], []
        if rng.random() < 0.05:
            kind, reason = _weighted(rng, SUSPENSIONS)
            began = self.after(accepted, rng.randint(1, 5))
            if not h.step("suspend", "suspended", began, clerk, reason=reason):
                return
            ended = self.snap(began + timedelta(days=rng.randint(5, 15)), began)
            row = {"case_id": case["id"], "kind": kind, "reason": reason, "began_at": began}
            out.suspensions.append(row)
            if not h.step("resume", "handling", ended, clerk):
                return
            span = (began.astimezone(CHINA).date(), ended.astimezone(CHINA).date())
            row.update(ended_at=ended, days=self.calendar.working_days_between(*span).value)
            suspensions.append(span)
            case["suspended_days"] = row["days"]
            case["due_at"] = self.due(case, suspensions)
        if rng.random() < 0.03:
            asked = self.snap(case["due_at"] - timedelta(days=rng.randint(1, 3)), h.at)
            days = rng.choice((5, 10))
            if not h.step("request_extension", "extension_pending", asked, clerk, reason="需进一步核实,申请延期"):
                return
            request = {
                "case_id": case["id"],
                "days": days,
                "reason": "需进一步核实,申请延期",
                "requested_by_id": clerk,
                "requested_at": asked,
            }
            out.extensions.append(request)
            decided = asked + timedelta(hours=rng.randint(2, 20))
            approved = rng.random() < 0.9
            action = "approve_extension" if approved else "reject_extension"
            if not h.step(action, "handling", decided, unit.director):
                return
            request.update(
                decision="approved" if approved else "rejected", decided_by_id=unit.director, decided_at=decided
            )
            if approved:
                extensions.append(days)
                case["extended_days"] = days
                case["due_at"] = self.due(case, suspensions, extensions)
                out.notices.append(_notice(case, "extension", "YQ", decided, clerk))
        due = case["due_at"]
        if rng.random() < 0.93:
            target = h.at + (due - h.at) * rng.uniform(0.15, 0.95) if due > h.at else h.at
            done = min(self.snap(target, h.at), max(due - timedelta(minutes=1), h.at + timedelta(minutes=1)))
        else:
            done = self.snap(due + timedelta(days=rng.uniform(0.2, 10)), due)
        self.finish(case, h, done, clerk, agents, out)

    def finish(self, case: dict, h: History, done: datetime, clerk: int, agents, out: Rows) -> None:
        rng = self.rng
        approved = rng.random() < 0.97
        if not h.step("complete", "completed", done, clerk, reason="" if approved else "经审核不符合申请条件"):
            return
        case.update(completed_at=done, result="approved" if approved else "refused")
        if agents:
            back = self.after(done, rng.choice((0, 1)))
            if not h.step("return_to_point", "result_at_point", back, clerk):
                return
            delivered, method, actor = self.after(back, rng.choice((0, 1, 2))), "agent", rng.choice(agents)
        elif case["handling_type"] == "immediate" and done - case["accepted_at"] < timedelta(hours=1):
            delivered, method, actor = done, "collected", clerk
        elif rng.random() < 0.05:  # not collected for weeks: the centre posts it (邮寄送达)
            delivered, method, actor = self.after(done, rng.randint(10, 20)), "mail", clerk
        else:
            delivered, actor = self.after(done, rng.choice((0, 1, 1, 2, 3))), clerk
            method = rng.choices(("collected", "mail", "electronic"), (80, 10, 10))[0]
        if not h.step("deliver", "delivered", delivered, actor, data={"method": method}):
            return
        case.update(delivered_at=delivered, delivery_method=method)
        if rng.random() < 0.15:
            self.rate(case, delivered, out)

    def rate(self, case: dict, delivered: datetime, out: Rows) -> None:
        rng = self.rng
        rated = delivered + timedelta(minutes=rng.randrange(1, 2 * 24 * 60))
        if rated >= self.now:
            return
        late = case["completed_at"] > case["due_at"]
        level = rng.choices(LEVELS, (40, 30, 15, 9, 6) if late else (62, 24, 9, 3, 2))[0]
        self.rating_pk += 1
        bad = level <= 2
        out.ratings.append(
            {
                "id": self.rating_pk,
                "case_id": case["id"],
                "centre_id": case["centre_id"],
                "window_id": case["window_id"],
                "overall": level,
                "efficiency": max(1, min(5, level + rng.choice((-1, 0, 0, 1)))),
                "attitude": level,
                "guide_accuracy": max(1, min(5, level + rng.choice((0, 0, 1)))),
                "comment": "办事等待时间太长,多跑了一趟" if bad else "",
                "channel": rng.choices(("progress", "kiosk"), (70, 30))[0],
                "rated_at": rated,
            }
        )
        if not bad:
            return
        deadline = self.calendar.add_working_days(rated.astimezone(CHINA).date(), 5).value
        closed = self.snap(rated + timedelta(days=rng.uniform(0.5, 8)), rated)
        row = {
            "rating_id": self.rating_pk,
            "centre_id": case["centre_id"],
            "case_id": case["id"],
            "opened_at": rated,
            "working_days": 5,
            "deadline": deadline,
        }
        if closed < self.now:
            director = self.directors[case["centre_id"]]
            row.update(
                status="closed",
                version=3,
                callback_at=closed - timedelta(hours=2),
                callback_by_id=director,
                callback_note="已电话回访",
                finding="窗口等候时间较长属实",
                action="增加高峰时段窗口人员",
                closed_at=closed,
                closed_by_id=director,
                updated_by_id=director,
                updated_at=closed,
            )
        out.rectifications.append(row)


def _notice(case: dict, kind: str, prefix: str, at: datetime, actor: int) -> dict:
    return {
        "case_id": case["id"],
        "kind": kind,
        "number": f"{prefix}{case['id']}",
        "issued_at": at,
        "issued_by_id": actor,
        "html": "",
    }


def _weighted(rng: random.Random, table) -> tuple[str, str]:
    kind, _weight, reason = rng.choices(table, [row[1] for row in table])[0]
    return kind, reason


def _month_working_days(calendar, year: int, month: int) -> int:
    day, n = date(year, month, 1), 0
    while day.month == month:
        n += calendar.is_working_day(day)
        day += timedelta(days=1)
    return n

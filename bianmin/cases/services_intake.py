"""收件 and the decision that follows it, in one place for the intake page and the API (issue #10:
no second copy of a rule). Plan 四(一)4(2)(3):

- every required material received → 受理 (a 即办件 may be completed and handed over on the spot);
- only materials the guide allows to follow are missing, the applicant pledged and gave a date
  → 容缺受理;
- otherwise → the 一次性告知单 listing exactly what is missing or defective.
At an agency point the application is registered (代办登记) and, when asked, handed over at once.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bianmin.cases import rules, services
from bianmin.cases.models import Case
from bianmin.core.errors import ApplicationError


@dataclass(frozen=True)
class IntakeOutcome:
    case: Case
    decision: str  # accept | accept_pending | one_time_notice | registered_at_point | handed_over
    error: str = ""  # registered, but the decision could not be carried out (it can be taken on the case)


def case_intake(
    *,
    actor,
    item,
    applicant: services.Applicant,
    materials: Mapping[int, tuple[str, str]],
    channel: str | None = None,
    consultation=None,
    idempotency_key: str | None = None,
    complete_now: bool = False,
    pledge: bool = False,
    catch_up: date | None = None,
    hand_over_now: bool = False,
    entry=None,
) -> IntakeOutcome:
    """Register the application and take the decision. ``entry``: the centre's list entry for the
    item, when the caller has read it (``catalogue.selectors.intake_entry``)."""
    case = services.case_register(
        actor=actor,
        item=item,
        entry=entry,
        applicant=applicant,
        materials=materials,
        channel=channel,
        consultation=consultation,
        idempotency_key=idempotency_key,
    )
    key = idempotency_key or f"intake-{case.pk}"
    if case.agency_point_id is not None:
        if not hand_over_now:
            return IntakeOutcome(case, "registered_at_point")
        services.case_hand_over(case=case, actor=actor, request_key=f"{key}:hand_over")
        return IntakeOutcome(case, "handed_over")
    guide = case.guide
    lines = [
        rules.Line(m.position, m.name, m.required, m.pending_allowed and guide.pending_allowed, m.state)
        for m in services.checklist(case)
    ]
    decision = rules.decide(lines, item_allows_pending=guide.pending_allowed)
    if decision == rules.Decision.ACCEPT_PENDING and not pledge:
        decision = rules.Decision.ONE_TIME_NOTICE
    try:
        if decision == rules.Decision.ACCEPT:
            services.case_accept(case=case, actor=actor, complete_now=complete_now, request_key=f"{key}:accept")
            return IntakeOutcome(case, "accept")
        if decision == rules.Decision.ACCEPT_PENDING:
            services.case_accept_pending(
                case=case, actor=actor, pledge=True, catch_up=catch_up, request_key=f"{key}:accept_pending"
            )
            return IntakeOutcome(case, "accept_pending")
        services.case_request_supplement(case=case, actor=actor, request_key=f"{key}:supplement")
        return IntakeOutcome(case, "one_time_notice")
    except ApplicationError as exc:
        # The application is registered (收件); the decision can be taken again on the case page.
        case.refresh_from_db()
        return IntakeOutcome(case, decision.value, error=exc.message)

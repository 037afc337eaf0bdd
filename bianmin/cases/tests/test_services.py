"""Every workflow edge through the services, with the roles allowed and refused; the rules of
intake, 容缺, suspension and extension; idempotency and the "已被他人处理" race; recomputation of
due dates when the calendar changes (issue #3)."""

from datetime import date, datetime, timedelta

import pytest

from bianmin.cases import services
from bianmin.cases.deadlines import local_date
from bianmin.cases.models import Case, CaseEvent
from bianmin.cases.tests.helpers import ALL_RECEIVED, applicant, handling_case, listed_item, received_case
from bianmin.core.errors import ApplicationError
from bianmin.workcalendar import services as calendar_services
from bianmin.workcalendar.deadlines import CHINA
from bianmin.workcalendar.notice import parse_notice

pytestmark = pytest.mark.django_db

MISSING_INCOME = {1: ("received", ""), 2: ("received", ""), 3: ("missing", "")}
MISSING_HUKOU = {1: ("received", ""), 2: ("defective", "复印件不清晰"), 3: ("received", "")}


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=CHINA)


@pytest.fixture
def item(county):
    calendar_services.seed_from_package()
    return listed_item(county, pending_allowed=True)


def point_case(county, item):
    return services.case_register(actor=county.agent_a1, item=item, applicant=applicant(), materials=ALL_RECEIVED)


# --- each edge: the allowed role succeeds, the others are refused and nothing changes ---------


def refused(call, case):
    before = (case.status, case.version, CaseEvent.objects.filter(case=case).count())
    with pytest.raises(ApplicationError):
        call()
    case.refresh_from_db()
    assert (case.status, case.version, CaseEvent.objects.filter(case=case).count()) == before


def test_hand_over_and_withdraw_at_the_point_are_the_agents(county, item):
    case = point_case(county, item)
    refused(lambda: services.case_hand_over(case=case, actor=county.clerk_a), case)
    refused(lambda: services.case_withdraw(case=case, actor=county.clerk_a, reason="撤回"), case)
    refused(lambda: services.case_hand_over(case=case, actor=county.agent_b1), case)  # another point
    services.case_hand_over(case=case, actor=county.agent_a1)
    assert case.status == "in_transfer"
    other = point_case(county, item)
    services.case_withdraw(case=other, actor=county.agent_a1, reason="申请人不再申请")
    assert other.status == "withdrawn"


def test_the_centre_confirms_the_handover_list_and_notes_what_did_not_arrive(county, item):
    case = point_case(county, item)
    services.case_hand_over(case=case, actor=county.agent_a1)
    refused(lambda: services.case_confirm_handover(case=case, actor=county.agent_a1, confirmed=[1, 2, 3]), case)
    refused(lambda: services.case_confirm_handover(case=case, actor=county.clerk_b, confirmed=[1, 2, 3]), case)
    refused(lambda: services.case_confirm_handover(case=case, actor=county.clerk_a, confirmed=[1, 2]), case)
    services.case_confirm_handover(case=case, actor=county.clerk_a, confirmed=[1, 2], note="收入证明未随件移交")
    assert case.status == "received" and case.handler == county.clerk_a
    assert case.materials.get(position=3).state == "missing"
    assert case.handovers.get().received_by == county.clerk_a


def test_one_time_notice_lists_exactly_the_shortfalls_and_supplement_returns_to_received(county, item):
    case = received_case(county, item, materials=MISSING_HUKOU)
    refused(lambda: services.case_request_supplement(case=case, actor=county.agent_a1), case)
    services.case_request_supplement(case=case, actor=county.clerk_a)
    assert case.status == "awaiting_supplement"
    notice = case.notices.get(kind="one_time")
    assert [m["name"] for m in notice.data["materials"]] == ["户口簿"]
    assert "复印件不清晰" in notice.html
    services.case_supplement_received(case=case, actor=county.clerk_a, materials={2: ("received", "")})
    assert case.status == "received"
    complete = received_case(county, item)
    refused(lambda: services.case_request_supplement(case=complete, actor=county.clerk_a), complete)


def test_acceptance_needs_every_required_material_and_sets_the_due_date(county, item):
    case = received_case(county, item, materials=MISSING_HUKOU, at=at(2026, 9, 30, 9))
    with pytest.raises(ApplicationError, match="户口簿"):
        services.case_accept(case=case, actor=county.clerk_a, at=at(2026, 9, 30, 9))
    refused(lambda: services.case_accept(case=case, actor=county.agent_a1, materials={2: ("received", "")}), case)
    services.case_accept(case=case, actor=county.clerk_a, materials={2: ("received", "")}, at=at(2026, 9, 30, 9))
    assert case.status == "handling"
    # 15 working days after 2026-09-30 across National Day 2026 (10-01..10-07 rest, Saturday 10-10
    # worked): 10-08, 09, 10, 12..16, 19..23, 26, 27.
    assert case.due_at == datetime(2026, 10, 27, 23, 59, 59, tzinfo=CHINA)
    assert not case.due_provisional
    assert case.notices.get(kind="promise").data["due_at"] == "2026年10月27日"


def test_immediate_items_are_accepted_completed_and_handed_over_on_the_spot(county, item):
    quick = listed_item(county, code="YS-MZ-009", handling_type="immediate", promised_limit_days=0)
    case = received_case(county, quick)
    services.case_accept(case=case, actor=county.clerk_a, complete_now=True)
    assert case.status == "delivered" and case.result == "approved" and case.on_time
    assert list(case.events.exclude(action="register").values_list("action", flat=True)) == [
        "accept",
        "complete",
        "deliver",
    ]
    promised = received_case(county, item)
    with pytest.raises(ApplicationError, match="即办件"):
        services.case_accept(case=promised, actor=county.clerk_a, complete_now=True)


def test_pending_acceptance_only_for_allowed_materials_with_pledge_and_date_within_due(county, item):
    case = received_case(county, item, materials=MISSING_INCOME, at=at(2026, 6, 1))
    kw = {"case": case, "actor": county.clerk_a, "at": at(2026, 6, 1)}
    refused(lambda: services.case_accept_pending(**kw, pledge=False, catch_up=date(2026, 6, 5)), case)
    refused(lambda: services.case_accept_pending(**kw, pledge=True, catch_up=date(2026, 7, 30)), case)
    refused(lambda: services.case_accept_pending(**kw, pledge=True, catch_up=None), case)
    services.case_accept_pending(**kw, pledge=True, catch_up=date(2026, 6, 5))
    assert case.status == "handling" and case.pending_materials == [{"position": 3, "name": "收入证明"}]
    assert sorted(case.notices.values_list("kind", flat=True)) == ["pending", "promise"]
    with pytest.raises(ApplicationError, match="容缺"):
        services.case_complete(case=case, actor=county.clerk_a, result="approved")
    services.case_pending_fulfilled(case=case, actor=county.clerk_a)
    services.case_complete(case=case, actor=county.clerk_a, result="approved")
    assert case.status == "completed"
    defective = received_case(county, item, materials=MISSING_HUKOU)
    catch_up = local_date(defective.received_at)
    refused(
        lambda: services.case_accept_pending(case=defective, actor=county.clerk_a, pledge=True, catch_up=catch_up),
        defective,
    )


def test_refusing_acceptance_needs_a_reason_and_issues_the_notice(county, item):
    case = received_case(county, item)
    refused(lambda: services.case_refuse_acceptance(case=case, actor=county.clerk_a, reason=" "), case)
    refused(lambda: services.case_refuse_acceptance(case=case, actor=county.agent_a1, reason="不属于本中心"), case)
    services.case_refuse_acceptance(case=case, actor=county.clerk_a, reason="申请人不符合申请条件")
    assert case.status == "not_accepted"
    assert "申请人不符合申请条件" in case.notices.get(kind="refusal").html


def test_suspension_pauses_the_clock_and_resuming_moves_the_due_date(county, item):
    case = handling_case(county, item)
    Case.objects.filter(pk=case.pk).update(accepted_at=at(2026, 9, 21, 9))
    case.refresh_from_db()
    refused(lambda: services.case_suspend(case=case, actor=county.clerk_a, kind="publicity", reason=""), case)
    refused(lambda: services.case_suspend(case=case, actor=county.agent_a1, kind="publicity", reason="公示"), case)
    services.case_suspend(case=case, actor=county.clerk_a, kind="publicity", reason="低保公示7天", at=at(2026, 9, 25))
    assert case.status == "suspended"
    # Accepted 09-21, 15 working days: due 10-19 (09-25..27 中秋 and 10-01..07 国庆 rest).
    # Suspended 09-25 → resumed 10-09 covers the working days 09-28, 29, 30, 10-08, 09: 5 days,
    # so the due date moves 5 working days: 10-20, 21, 22, 23, 26.
    services.case_resume(case=case, actor=county.clerk_a, at=at(2026, 10, 9))
    assert case.status == "handling" and case.suspended_days == 5
    assert case.due_at == datetime(2026, 10, 26, 23, 59, 59, tzinfo=CHINA)


def test_only_the_director_decides_an_extension_and_approval_issues_the_notice(county, item):
    case = handling_case(county, item)
    due = case.due_at
    refused(lambda: services.case_request_extension(case=case, actor=county.clerk_a, days=0, reason="x"), case)
    refused(lambda: services.case_request_extension(case=case, actor=county.clerk_a, days=5, reason=""), case)
    services.case_request_extension(case=case, actor=county.clerk_a, days=5, reason="需入户核查")
    assert case.status == "extension_pending"
    refused(lambda: services.case_decide_extension(case=case, actor=county.clerk_a, approve=True), case)
    refused(lambda: services.case_decide_extension(case=case, actor=county.director_a, approve=False), case)
    services.case_decide_extension(case=case, actor=county.director_a, approve=True)
    assert case.status == "handling" and case.extended_days == 5 and case.due_at > due
    notice = case.notices.get(kind="extension")
    assert notice.data["days"] == 5 and notice.data["reason"] == "需入户核查"
    services.case_request_extension(case=case, actor=county.clerk_a, days=3, reason="再次核查")
    services.case_decide_extension(case=case, actor=county.director_a, approve=False, note="理由不充分")
    assert case.status == "handling" and case.extended_days == 5


def test_no_extension_after_the_due_moment(county, item):
    case = handling_case(county, item)
    late = case.due_at + timedelta(hours=1)
    refused(
        lambda: services.case_request_extension(case=case, actor=county.clerk_a, days=2, reason="晚了", at=late), case
    )


def test_completion_refused_needs_a_reason_then_delivery_at_the_window(county, item):
    case = handling_case(county, item)
    refused(lambda: services.case_complete(case=case, actor=county.clerk_a, result="refused", note=""), case)
    refused(lambda: services.case_complete(case=case, actor=county.agent_a1, result="approved"), case)
    services.case_complete(case=case, actor=county.clerk_a, result="refused", note="家庭收入超过标准")
    refused(lambda: services.case_return_to_point(case=case, actor=county.clerk_a), case)  # not an agency case
    refused(lambda: services.case_deliver(case=case, actor=county.agent_a1, method="collected"), case)
    services.case_deliver(case=case, actor=county.clerk_a, method="collected")
    assert case.status == "delivered" and case.result == "refused"


def test_agency_results_go_back_to_the_point_and_the_agent_delivers_and_calls_back(county, item):
    case = point_case(county, item)
    services.case_hand_over(case=case, actor=county.agent_a1)
    services.case_confirm_handover(case=case, actor=county.clerk_a, confirmed=[1, 2, 3])
    services.case_accept(case=case, actor=county.clerk_a)
    services.case_complete(case=case, actor=county.clerk_a, result="approved")
    refused(lambda: services.case_return_to_point(case=case, actor=county.agent_a1), case)
    services.case_return_to_point(case=case, actor=county.clerk_a)
    refused(lambda: services.case_deliver(case=case, actor=county.clerk_a, method="agent"), case)
    refused(lambda: services.case_callback(case=case, actor=county.agent_a1, note="满意"), case)  # not delivered yet
    services.case_deliver(case=case, actor=county.agent_a1, method="agent")
    services.case_callback(case=case, actor=county.agent_a1, note="群众表示满意")
    assert case.status == "delivered" and case.callback_note == "群众表示满意"
    assert case.handovers.get(direction="to_point").received_by == county.agent_a1


def test_withdrawal_from_open_states_and_not_after_a_decision(county, item):
    for make in (
        lambda: received_case(county, item),
        lambda: handling_case(county, item),
    ):
        case = make()
        refused(lambda c=case: services.case_withdraw(case=c, actor=county.clerk_a, reason=""), case)
        services.case_withdraw(case=case, actor=county.clerk_a, reason="申请人书面撤回")
        assert case.status == "withdrawn"
    done = handling_case(county, item)
    services.case_complete(case=done, actor=county.clerk_a, result="approved")
    refused(lambda: services.case_withdraw(case=done, actor=county.clerk_a, reason="晚了"), done)


def test_transfer_keeps_the_state_and_the_first_responder(county, item):
    case = handling_case(county, item)
    refused(
        lambda: services.case_transfer(
            case=case, actor=county.clerk_a, window=county.window_b, handler=None, reason="x"
        ),
        case,
    )
    refused(
        lambda: services.case_transfer(
            case=case, actor=county.clerk_a, window=None, handler=county.clerk_b, reason="x"
        ),
        case,
    )
    services.case_transfer(case=case, actor=county.clerk_a, window=None, handler=county.director_a, reason="主任亲办")
    assert (case.status, case.handler, case.first_responder) == ("handling", county.director_a, county.clerk_a)


def test_agents_cannot_register_items_not_marked_for_agency(county, item):
    office_only = listed_item(county, code="YS-MZ-010", agency_allowed=False)
    with pytest.raises(ApplicationError, match="代办点不能代为收件"):
        services.case_register(actor=county.agent_a1, item=office_only, applicant=applicant())
    assert not Case.objects.exists()


def test_an_entry_given_by_the_caller_is_used_only_when_it_is_the_centres_and_active(county, item):
    from bianmin.catalogue.selectors import intake_entry

    entry = intake_entry(county.centre_a, item.pk)
    # Another centre's entry for the same item: read again for the actor's centre (and found).
    other = intake_entry(county.centre_b, item.pk)
    case = services.case_register(actor=county.clerk_a, item=item, applicant=applicant(), entry=other)
    assert case.centre == county.centre_a
    # An entry deactivated since it was read is read again, and refused.
    type(entry).objects.filter(pk=entry.pk).update(is_active=False)
    entry.is_active = False
    with pytest.raises(ApplicationError, match="实施清单"):
        services.case_register(actor=county.clerk_a, item=item, applicant=applicant(), entry=entry)


def test_the_checklist_kept_in_memory_after_registering_follows_every_change(county, item):
    ticks = {1: ("received", ""), 2: ("received", ""), 3: ("missing", "")}
    case = services.case_register(actor=county.clerk_a, item=item, applicant=applicant(), materials=ticks)
    # Saved one by one through the kept rows …
    services.case_request_supplement(case=case, actor=county.clerk_a, materials={3: ("defective", "复印件不清")})
    assert [m.state for m in case.materials.all()] == ["received", "received", "defective"]
    assert case.materials.get(position=3).note == "复印件不清"
    services.case_supplement_received(case=case, actor=county.clerk_a, materials={3: ("received", "")})
    # … and an update() in the database is not hidden by them (容缺: 待补齐).
    pending = services.case_register(
        actor=county.clerk_a, item=item, applicant=applicant(), materials={1: ("received", ""), 2: ("received", "")}
    )
    services.case_accept_pending(
        case=pending, actor=county.clerk_a, pledge=True, catch_up=local_date(pending.received_at)
    )
    assert [m.state for m in pending.materials.all()] == [m.state for m in pending.materials.order_by("position")]
    assert "pending" in [m.state for m in pending.materials.all()]


def test_intake_refuses_items_not_on_the_centres_list_and_bad_personal_data(county, item):
    from bianmin.catalogue.tests.helpers import published_item

    unlisted = published_item(code="YS-MZ-011")
    with pytest.raises(ApplicationError, match="实施清单"):
        services.case_register(actor=county.clerk_a, item=unlisted, applicant=applicant())
    with pytest.raises(ApplicationError, match="校验位"):
        services.case_register(actor=county.clerk_a, item=item, applicant=applicant(id_number="361123198001010017"))
    with pytest.raises(ApplicationError, match="电话"):
        services.case_register(actor=county.clerk_a, item=item, applicant=applicant(phone="12345"))
    passport = services.case_register(
        actor=county.clerk_a, item=item, applicant=applicant(id_type="passport", id_number="E12345678")
    )
    assert passport.id_number == "E12345678"
    assert not Case.objects.exclude(pk=passport.pk).exists()


# --- safety -----------------------------------------------------------------------------------


def test_a_replayed_request_creates_nothing_twice(county, item):
    first = services.case_register(actor=county.clerk_a, item=item, applicant=applicant(), idempotency_key="form-1")
    again = services.case_register(actor=county.clerk_a, item=item, applicant=applicant(), idempotency_key="form-1")
    assert first.pk == again.pk and Case.objects.count() == 1
    services.case_accept(case=first, actor=county.clerk_a, materials=ALL_RECEIVED, request_key="form-2")
    services.case_accept(case=first, actor=county.clerk_a, materials=ALL_RECEIVED, request_key="form-2")
    assert first.events.filter(action="accept").count() == 1
    assert first.notices.filter(kind="promise").count() == 1


def test_the_second_of_two_clerks_acting_on_the_same_view_is_told_someone_else_did(county, item):
    case = received_case(county, item)
    seen = case.version
    mine = Case.objects.get(pk=case.pk)
    services.case_accept(case=case, actor=county.clerk_a, seen_version=seen)
    with pytest.raises(ApplicationError, match="已被他人处理"):
        services.case_refuse_acceptance(case=mine, actor=county.director_a, reason="不符合", seen_version=seen)
    case.refresh_from_db()
    assert case.status == "handling"
    assert not case.events.filter(action="refuse_acceptance").exists()


def test_case_events_are_append_only(county, item):
    case = received_case(county, item)
    event = case.events.first()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_revealing_the_full_id_number_is_recorded(county, item):
    case = received_case(county, item)
    assert services.case_reveal_id(case=case, actor=county.clerk_a) == case.id_number
    assert case.events.filter(action="reveal", actor=county.clerk_a).count() == 1
    with pytest.raises(ApplicationError):
        services.case_reveal_id(case=case, actor=county.clerk_b)


# --- issue #3: the calendar changes, open cases follow ------------------------------------------

NOTICE_2027 = """
2027-01-01 至 2027-01-03 放假 元旦
2027-02-05 至 2027-02-13 放假 春节
2027-02-14 上班 春节调休
2027-04-03 至 2027-04-05 放假 清明节
2027-05-01 至 2027-05-05 放假 劳动节
2027-06-09 放假 端午节
2027-09-15 放假 中秋节
2027-09-26 上班 国庆节调休
2027-10-01 至 2027-10-07 放假 国庆节
"""


def test_entering_next_years_schedule_recomputes_open_cases_and_records_it(
    county, item, django_capture_on_commit_callbacks
):
    long = listed_item(county, code="YS-MZ-012", promised_limit_days=30)
    case = received_case(county, long, at=at(2026, 12, 28, 9))
    services.case_accept(case=case, actor=county.clerk_a, at=at(2026, 12, 28, 9))
    assert case.due_provisional and "2027年" in case.due_note
    provisional_due = case.due_at
    closed = handling_case(county, item)
    services.case_complete(case=closed, actor=county.clerk_a, result="approved")
    closed_due = Case.objects.get(pk=closed.pk).due_at
    entries, errors = parse_notice(NOTICE_2027, 2027)
    assert not errors
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.year_configure(year=2027, source="国办发明电〔2026〕1号", entries=entries)
    case.refresh_from_db()
    assert not case.due_provisional
    # The statutory guess rested 02-05..02-08 only; the notice rests 02-05..02-13 and works 02-14.
    assert case.due_at > provisional_due
    event = case.events.get(action="recompute")
    assert "工作日历变更" in event.reason and "(暂定)" in event.reason
    assert Case.objects.get(pk=closed.pk).due_at == closed_due  # decided cases keep their history

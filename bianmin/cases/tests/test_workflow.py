"""The workflow table, walked whole: every edge by every role, and every state reachable."""

import pytest

from bianmin.cases import workflow
from bianmin.cases.workflow import EDGES, Action, Status
from bianmin.core.roles import Role

# One commented row per edge: (from, action, to, roles allowed).
EXPECTED = [
    # 代办: agent hands over, the centre confirms the hand-over list
    ("registered_at_point", "hand_over", "in_transfer", {"agent"}),
    ("in_transfer", "confirm_handover", "received", {"clerk", "centre_director"}),
    # 一次性告知 and its 补正
    ("received", "request_supplement", "awaiting_supplement", {"clerk", "centre_director"}),
    ("awaiting_supplement", "supplement_received", "received", {"clerk", "centre_director"}),
    # 受理, 容缺受理, 不予受理 (also after a notice was not answered)
    ("received", "accept", "handling", {"clerk", "centre_director"}),
    ("received", "accept_pending", "handling", {"clerk", "centre_director"}),
    ("received", "refuse_acceptance", "not_accepted", {"clerk", "centre_director"}),
    ("awaiting_supplement", "refuse_acceptance", "not_accepted", {"clerk", "centre_director"}),
    # 挂起 ↔ 恢复
    ("handling", "suspend", "suspended", {"clerk", "centre_director"}),
    ("suspended", "resume", "handling", {"clerk", "centre_director"}),
    # 延期: requested at the window, decided by the director only
    ("handling", "request_extension", "extension_pending", {"clerk", "centre_director"}),
    ("extension_pending", "approve_extension", "handling", {"centre_director"}),
    ("extension_pending", "reject_extension", "handling", {"centre_director"}),
    # 办结 and 送达 (directly, or via the agency point)
    ("handling", "complete", "completed", {"clerk", "centre_director"}),
    ("completed", "deliver", "delivered", {"clerk", "centre_director"}),
    ("completed", "return_to_point", "result_at_point", {"clerk", "centre_director"}),
    ("result_at_point", "deliver", "delivered", {"agent"}),
    # 撤回 from every open state before a decision
    ("registered_at_point", "withdraw", "withdrawn", {"agent"}),
    ("in_transfer", "withdraw", "withdrawn", {"clerk", "centre_director"}),
    ("received", "withdraw", "withdrawn", {"clerk", "centre_director"}),
    ("awaiting_supplement", "withdraw", "withdrawn", {"clerk", "centre_director"}),
    ("extension_pending", "withdraw", "withdrawn", {"clerk", "centre_director"}),
    ("handling", "withdraw", "withdrawn", {"clerk", "centre_director"}),
    ("suspended", "withdraw", "withdrawn", {"clerk", "centre_director"}),
    # 转办 keeps the state
    ("received", "transfer", "received", {"clerk", "centre_director"}),
    ("awaiting_supplement", "transfer", "awaiting_supplement", {"clerk", "centre_director"}),
    ("extension_pending", "transfer", "extension_pending", {"clerk", "centre_director"}),
    ("handling", "transfer", "handling", {"clerk", "centre_director"}),
    ("suspended", "transfer", "suspended", {"clerk", "centre_director"}),
]


def test_it_has_exactly_the_expected_edges():
    actual = {(e.source.value, e.action.value, e.target.value, frozenset(r.value for r in e.roles)) for e in EDGES}
    expected = {(s, a, t, frozenset(r)) for s, a, t, r in EXPECTED}
    assert actual == expected
    assert len(EDGES) == len(EXPECTED)


@pytest.mark.parametrize(("source", "action", "target", "roles"), EXPECTED)
@pytest.mark.parametrize("role", list(Role))
def test_it_allows_each_edge_to_its_roles_only(source, action, target, roles, role):
    refusal = workflow.refusal(source, action, role)
    if role.value in roles:
        assert refusal is None
        assert Action(action) in workflow.allowed_actions(source, role)
    else:
        assert refusal is not None and "只能由" in refusal
        assert Action(action) not in workflow.allowed_actions(source, role)


def test_it_refuses_actions_that_are_not_edges_with_the_current_state_in_chinese():
    assert workflow.refusal("delivered", "accept", Role.CLERK) == "办件当前状态为“已送达”,不能执行“受理”。"
    for state in workflow.FINAL:
        assert workflow.allowed_actions(state, Role.CLERK) == []
        assert workflow.allowed_actions(state, Role.AGENT) == []


def test_it_reaches_every_state_from_the_two_entry_states():
    seen, todo = set(), [Status.REGISTERED_AT_POINT, Status.RECEIVED]
    while todo:
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        todo += [e.target for e in EDGES if e.source == state]
    assert seen == set(Status)


def test_no_case_comes_back_to_received_once_handled():
    # services._acceptance_changes starts the clock of an acceptance without reading suspensions
    # and extensions: acceptance is from 已收件 only, and no state after 办理中 leads back to it.
    assert {e.source for e in EDGES if e.action in (Action.ACCEPT, Action.ACCEPT_PENDING)} == {Status.RECEIVED}
    seen, todo = set(), [Status.HANDLING]
    while todo:
        state = todo.pop()
        if state not in seen:
            seen.add(state)
            todo += [e.target for e in EDGES if e.source == state]
    assert Status.RECEIVED not in seen
    assert {e.source for e in EDGES if e.action in (Action.SUSPEND, Action.REQUEST_EXTENSION)} <= seen


def test_county_roles_take_no_edge():
    for state in Status:
        assert workflow.allowed_actions(state, Role.COUNTY_ADMIN) == []
        assert workflow.allowed_actions(state, Role.INSPECTOR) == []

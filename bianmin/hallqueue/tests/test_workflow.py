"""The ticket workflow table, walked whole: every edge, who may take it, and every state reachable."""

import pytest

from bianmin.core.roles import Role
from bianmin.hallqueue import workflow
from bianmin.hallqueue.workflow import EDGES, TicketAction, TicketStatus

CENTRE = {"clerk", "centre_director"}
# One commented row per edge: (from, action, to, roles allowed).
EXPECTED = [
    # the window calls, recalls, starts, or marks 过号
    ("waiting", "call", "called", CENTRE),
    ("called", "recall", "called", CENTRE),
    ("called", "start", "serving", CENTRE),
    ("called", "no_show", "no_show", CENTRE),
    # 办结, with or without 开始办理 pressed first
    ("serving", "finish", "done", CENTRE),
    ("called", "finish", "done", CENTRE),
    # 转窗口: waiting again, for the named window
    ("called", "transfer", "waiting", CENTRE),
    ("serving", "transfer", "waiting", CENTRE),
    # 过号重排 and 取消
    ("no_show", "requeue", "waiting", CENTRE),
    ("waiting", "cancel", "cancelled", CENTRE),
    # 日终 by the command, nobody's action
    ("waiting", "expire", "expired", set()),
    ("called", "expire", "no_show", set()),
    ("serving", "expire", "done", set()),
]


def test_it_has_exactly_the_expected_edges():
    actual = [(e.source.value, e.action.value, e.target.value, {r.value for r in e.roles}) for e in EDGES]
    assert actual == EXPECTED


@pytest.mark.parametrize("role", list(Role))
def test_it_lets_only_the_centre_roles_take_a_window_action(role):
    for e in EDGES:
        reason = workflow.refusal(e.source, e.action, role)
        if role.value in {r.value for r in e.roles}:
            assert reason is None
        else:
            assert reason == f"只有本中心窗口工作人员可以{e.action.label}。"


def test_it_refuses_an_action_the_state_does_not_have():
    assert workflow.refusal("done", "call", Role.CLERK) == "该号当前为“已办结”,不能叫号。"
    assert workflow.allowed_actions("called", Role.CLERK) == [
        TicketAction.RECALL,
        TicketAction.START,
        TicketAction.NO_SHOW,
        TicketAction.FINISH,
        TicketAction.TRANSFER,
    ]
    assert workflow.allowed_actions("called", None) == []


def test_every_state_is_reachable_from_waiting_and_final_states_have_no_exit():
    reached, frontier = {TicketStatus.WAITING}, [TicketStatus.WAITING]
    while frontier:
        state = frontier.pop()
        for e in EDGES:
            if e.source == state and e.target not in reached:
                reached.add(e.target)
                frontier.append(e.target)
    assert reached == set(TicketStatus)
    assert not [e for e in EDGES if e.source in workflow.FINAL]

"""The rule set version workflow as a pure state machine (policy/workflow.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.workflow import (
    FINAL,
    TRANSITIONS,
    Action,
    Actor,
    Move,
    NotPermitted,
    ReasonRequired,
    State,
    WrongState,
    in_force,
    message,
    shown_status,
    step,
    superseded,
)

ANNA = Actor("anna", sets_policy=True)
BEN = Actor("ben", sets_policy=True)
OTTO = Actor("otto", sets_policy=False)  # admin: runs the service, sets no policy


def move(action: Action, state: State = State.draft, actor: Actor = BEN, **extra) -> Move:
    return Move(action=action, state=state, author="anna", actor=actor, **extra)


def test_the_path_of_a_draft_to_force_and_retirement() -> None:
    assert step(move(Action.approve)) == State.approved
    assert step(move(Action.activate, State.approved, ANNA)) == State.active  # author activates
    assert step(move(Action.retire, State.active, Actor("system", False))) == State.retired


def test_four_eyes_author_neither_approves_nor_rejects_and_only_the_author_withdraws() -> None:
    for action in (Action.approve, Action.reject):
        with pytest.raises(NotPermitted) as refused:
            step(move(action, actor=ANNA))
        assert refused.value.code == "four_eyes" and "Vier-Augen-Prinzip" in str(refused.value)
    assert step(move(Action.reject)) == State.rejected
    assert step(move(Action.withdraw, actor=ANNA)) == State.withdrawn
    with pytest.raises(NotPermitted) as other:
        step(move(Action.withdraw, actor=BEN))
    assert other.value.code == "not_author" and "anna" in str(other.value)


def test_only_policy_users_move_versions() -> None:
    for action in (Action.approve, Action.reject, Action.withdraw, Action.activate):
        with pytest.raises(NotPermitted) as refused:
            step(move(action, actor=OTTO))
        assert refused.value.code == "role"


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", [Action.approve, Action.reject, Action.withdraw])
def test_only_drafts_are_approved_rejected_or_withdrawn(state: State, action: Action) -> None:
    actor = ANNA if action == Action.withdraw else BEN
    if state == State.draft:
        assert step(move(action, state, actor)) == TRANSITIONS[(state, action)]
    else:
        with pytest.raises(WrongState):
            step(move(action, state, actor))


def test_activating_a_draft_says_it_needs_approval() -> None:
    with pytest.raises(WrongState) as refused:
        step(move(Action.activate, State.draft, ANNA))
    assert refused.value.code == "not_approved" and "nicht freigegeben" in str(refused.value)
    assert "not approved" in message("not_approved", "en")


def test_failing_scenarios_need_an_explicit_reason_to_approve() -> None:
    failing = ("EX-3", "SZ-10")
    with pytest.raises(ReasonRequired) as refused:
        step(move(Action.approve, failing_scenarios=failing))
    assert "2 Testszenarien schlagen fehl" in str(refused.value) and "„EX-3“" in str(refused.value)
    with pytest.raises(ReasonRequired):
        step(move(Action.approve, failing_scenarios=failing, scenarios_reason="  "))
    assert (
        step(move(Action.approve, failing_scenarios=failing, scenarios_reason="gewollt"))
        == State.approved
    )
    # Four eyes are checked before the scenarios: the author hears about four eyes.
    with pytest.raises(NotPermitted):
        step(move(Action.approve, actor=ANNA, failing_scenarios=failing))


def test_final_states_have_no_way_out() -> None:
    for state in FINAL:
        for action in Action:
            with pytest.raises((WrongState, NotPermitted)):
                step(move(action, state, ANNA if action == Action.withdraw else BEN))


@given(
    st.lists(
        st.tuples(st.sampled_from(list(Action)), st.sampled_from(["anna", "ben", "otto"])),
        max_size=12,
    )
)
@settings(max_examples=200, deadline=None)
def test_any_sequence_of_moves_keeps_four_eyes(moves: list[tuple[Action, str]]) -> None:
    """Whatever is tried, an approved version was approved by someone other than its author,
    and nothing leaves a final state."""
    state, approver = State.draft, None
    for action, name in moves:
        actor = Actor(name, sets_policy=name != "otto")
        try:
            after = step(Move(action, state, "anna", actor))
        except (NotPermitted, WrongState, ReasonRequired):
            continue
        assert state not in FINAL
        if action == Action.approve:
            approver = name
        state = after
    if state in (State.approved, State.active, State.retired):
        assert approver is not None and approver != "anna"


@dataclass(frozen=True)
class V:
    id: int
    activated_at: datetime | None
    effective_from: date | None


def test_in_force_is_the_latest_activation_whose_day_has_come() -> None:
    seed = V(1, datetime(2026, 1, 1), None)
    now = V(2, datetime(2026, 11, 1), date(2026, 11, 1))
    later = V(3, datetime(2026, 11, 2), date(2026, 12, 1))
    assert in_force([seed, now, later], date(2026, 11, 20)) is now
    assert in_force([seed, now, later], date(2026, 12, 1)) is later
    assert in_force([seed, now, later], date(2025, 1, 1)) is seed  # the seed: from the start
    assert in_force([V(4, None, None)], date(2026, 1, 1)) is None


def test_a_later_activation_supersedes_earlier_ones_once_its_day_comes() -> None:
    seed = V(1, datetime(2026, 1, 1), None)
    scheduled = V(2, datetime(2026, 11, 1), date(2026, 12, 1))
    today_v = V(3, datetime(2026, 11, 2), date(2026, 11, 2))
    pairs = superseded([seed, scheduled, today_v], [seed, scheduled, today_v], date(2026, 11, 2))
    # The seed gives way to v3 today; v2, still waiting, can never come into force.
    assert {(a.id, b.id) for a, b in pairs} == {(1, 3), (2, 3)}
    assert superseded([seed, scheduled], [seed, scheduled], date(2026, 11, 30)) == []
    assert [(a.id, b.id) for a, b in superseded([seed], [seed, scheduled], date(2026, 12, 1))] == [
        (1, 2)
    ]


def test_shown_status() -> None:
    day = date(2026, 11, 30)
    assert shown_status(State.active, is_in_force=True, effective_from=None, today=day) == "active"
    assert (
        shown_status(State.active, is_in_force=False, effective_from=date(2027, 1, 1), today=day)
        == "scheduled"
    )
    assert (
        shown_status(State.active, is_in_force=False, effective_from=date(2026, 1, 1), today=day)
        == "retired"
    )
    assert (
        shown_status(State.withdrawn, is_in_force=False, effective_from=None, today=day)
        == "withdrawn"
    )

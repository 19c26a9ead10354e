"""The rule set version workflow as a pure state machine: who may move a version where.

A stored version of a rule set moves along one path and never back::

    draft --approve (a second policy user)--> approved --activate--> active --superseded--> retired
      |--withdraw (its author)--> withdrawn
      '--reject (a second policy user)--> rejected

Four eyes: the author of a draft may neither approve nor reject it, only withdraw it; nobody
else may withdraw it. A draft whose test scenarios fail is approved only with an explicit reason
for doing so anyway. Only policy users move versions. Which activated version is in force on a
day, and which ones a later activation has superseded, is decided here too (from the activation
facts alone), so the service only stores and audits what this module says.

Nothing here knows HTTP or a database: :func:`step` takes plain values and either returns the
next state or raises a :class:`WorkflowError` whose ``code`` says why (the service maps the codes
to its answers; :func:`message` renders them for a person).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from texts import text


class State(StrEnum):
    """The stored state of a version."""

    draft = "draft"
    approved = "approved"
    active = "active"  # activated: in force, or waiting for its effective date
    retired = "retired"  # superseded by a later activation
    withdrawn = "withdrawn"  # taken back by its author before approval
    rejected = "rejected"  # refused by a second policy user


class Action(StrEnum):
    approve = "approve"
    reject = "reject"
    withdraw = "withdraw"
    activate = "activate"
    retire = "retire"


#: (state, action) -> next state; nothing else is a legal move.
TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.draft, Action.approve): State.approved,
    (State.draft, Action.reject): State.rejected,
    (State.draft, Action.withdraw): State.withdrawn,
    (State.approved, Action.activate): State.active,
    (State.active, Action.retire): State.retired,
}

#: States a version never leaves.
FINAL: frozenset[State] = frozenset({State.retired, State.withdrawn, State.rejected})


@dataclass(frozen=True)
class Actor:
    """Who acts: a name (the identity compared for four eyes) and whether they set policy."""

    name: str
    sets_policy: bool


@dataclass(frozen=True)
class Move:
    """One requested move of one version."""

    action: Action
    state: State
    author: str
    actor: Actor
    failing_scenarios: Sequence[str] = ()  # names of the scenarios the version fails
    scenarios_reason: str | None = None  # the explicit reason to approve despite them


class WorkflowError(Exception):
    """A move the workflow does not allow; ``code`` says which rule forbids it."""

    code = "workflow"

    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        self.values = values
        super().__init__(message(code, "de", **values))


class NotPermitted(WorkflowError):
    """The actor may not make this move (role, or four eyes)."""


class WrongState(WorkflowError):
    """The version is not in a state this move starts from."""


class ReasonRequired(WorkflowError):
    """The move needs an explicit reason it was not given (failing scenarios)."""


def message(code: str, lang: str = "de", **values: object) -> str:
    """The sentence for an error code in German (default) or English, from the catalogue
    (``authoring.workflow.<code>``; actions and states by their words there too)."""
    values = dict(values)
    action = values.pop("action", None)
    if isinstance(action, Action):
        values["verb"] = text(f"authoring.workflow.verb.{action.value}", lang)
    for key in ("state", "needed"):
        state = values.get(key)
        if isinstance(state, State):
            values[key] = text(f"authoring.workflow.state.{state.value}", lang)
    return text(f"authoring.workflow.{code}", lang, **values)


def _needed(action: Action) -> State:
    return next(state for (state, act) in TRANSITIONS if act == action)


def step(move: Move) -> State:
    """The state after ``move``, or the :class:`WorkflowError` that forbids it.

    Checked in this order, so the answer names the first rule that applies: the role, the state
    the version is in, four eyes (the author approves or rejects nothing and only the author
    withdraws), failing scenarios without an explicit reason.
    """
    action, actor = move.action, move.actor
    if action != Action.retire and not actor.sets_policy:
        raise NotPermitted("role", actor=actor.name, action=action)
    target = TRANSITIONS.get((move.state, action))
    if target is None:
        if action == Action.activate and move.state == State.draft:
            raise WrongState("not_approved")
        raise WrongState("state", state=move.state, needed=_needed(action), action=action)
    own = actor.name == move.author
    if action in (Action.approve, Action.reject) and own:
        raise NotPermitted("four_eyes", actor=actor.name, action=action)
    if action == Action.withdraw and not own:
        raise NotPermitted("not_author", author=move.author, action=action)
    if action == Action.approve and move.failing_scenarios:
        reason = (move.scenarios_reason or "").strip()
        if len(reason) < 3:
            raise ReasonRequired(
                "scenarios",
                n=len(move.failing_scenarios),
                names="; ".join(f"„{name}“" for name in move.failing_scenarios[:5])
                + (" …" if len(move.failing_scenarios) > 5 else ""),
            )
    return target


# --------------------------------------------------------------------------- in force


class Activation(Protocol):
    """What the workflow needs to know of an activated version."""

    @property
    def id(self) -> int: ...

    @property
    def activated_at(self) -> datetime | None: ...

    @property
    def effective_from(self) -> date | None: ...


A = TypeVar("A", bound=Activation)

_BEGINNING = date.min


def in_force(activations: Iterable[A], on: date) -> A | None:
    """The version in force on ``on``: the latest activation whose effective date has come.

    A version without an effective date (the first, seeded one) counts from the beginning of
    time. ``None`` when nothing was activated by then.
    """
    due = [
        a
        for a in activations
        if a.activated_at is not None and (a.effective_from or _BEGINNING) <= on
    ]
    return max(due, key=lambda a: (a.activated_at, a.id), default=None)


def superseded(active: Iterable[A], activated: Sequence[A], today: date) -> list[tuple[A, A]]:
    """Which still-active versions can no longer come into force, and what supersedes each.

    A version is superseded once a later activation's effective date has come, or comes no
    later than its own (a later activation wins over an earlier one still waiting for its day).
    ``active`` are the versions stored as active, ``activated`` every version ever activated.
    """
    pairs = []
    for version in active:
        if version.activated_at is None:
            continue
        horizon = max(today, version.effective_from or _BEGINNING)
        successors = [
            s
            for s in activated
            if s.activated_at is not None
            and (s.activated_at, s.id) > (version.activated_at, version.id)
            and (s.effective_from or _BEGINNING) <= horizon
        ]
        if successors:
            successor = min(successors, key=lambda s: (s.effective_from or _BEGINNING, s.id))
            pairs.append((version, successor))
    return pairs


def shown_status(
    state: State, *, is_in_force: bool, effective_from: date | None, today: date
) -> str:
    """What a version is today: ``draft``, ``approved``, ``scheduled``, ``active``, ``retired``,
    ``withdrawn`` or ``rejected`` (an activated version not in force is still to come, or
    superseded and not yet recorded so)."""
    if is_in_force:
        return "active"
    if state == State.active:
        return "scheduled" if (effective_from or _BEGINNING) > today else "retired"
    return state.value

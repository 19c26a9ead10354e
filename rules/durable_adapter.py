"""Safe access to durable_rules 2.0.28: every known trap of the engine handled in one place.

The adapter drives durable_rules' C engine (``durable_rules_engine``, the rete network, the
agenda) directly with its own small action loop instead of ``durable.engine.Host``. The Host
starts timer threads that call into the engine on their own (outside any lock of ours), runs
actions through a promise chain that writes their exceptions into the session state, and
round-trips that state through JSON after every action. None of that is needed to decide rules.

===========================================  ===============================================
Trap of durable_rules 2.0.28                 What this adapter does
===========================================  ===============================================
The C engine is not thread-safe.             One process-wide lock (:data:`ENGINE_LOCK`)
                                             around every call into it; no timer threads.
More than 1,024 live sessions per ruleset    One fresh session (``sid``) per case, deleted
raise ``MemoryError``.                       with ``delete_state`` when the case is done --
                                             also when it failed.
Strings (and booleans) compare as numbers:   :func:`check_fact` refuses anything but finite
``"10" < 9``, ``"true" == true``.            ints and floats before a fact is asserted.
An event fires only one rule.                Only facts are asserted (facts are not consumed:
                                             every matching rule fires).
Nothing matching raises                      Result code 1 ("not handled") is an answer --
``MessageNotHandledException``.              no rule fired -- not an error.
An exception inside an action is swallowed   Actions run in this module's loop; an exception
into the session state (``exception``).      is raised as :class:`DurableActionError`.
===========================================  ===============================================

Never use ``durable.lang``'s global host in the same process: its timer threads bypass the lock.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import durable_rules_engine as _engine

from rules.durable_compiler import MAX_FACT_PROPERTIES, DurableTypeError

#: An extra action of a rule: called with the matched frames (a list of ``{"m": fact}``).
Action = Callable[[list[dict[str, Any]]], None]

#: One lock for the whole process: the C engine keeps global state across rulesets.
ENGINE_LOCK = threading.RLock()

_HANDLED, _NOT_HANDLED, _OBSERVED = 0, 1, 2  # result codes of durable_rules_engine.assert_fact
#: Reserved rule and property: the first fact of every session carries it and a rule of every
#: ruleset matches it, so durable always creates the session's state (see :meth:`session`).
OPEN = "_open"
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.:-]+")


class DurableError(RuntimeError):
    """durable_rules refused or failed a call; names the ruleset."""


class DurableActionError(DurableError):
    """An action raised. (durable's own Host would only have written it into the state.)"""

    def __init__(self, ruleset: str, rule: str, error: BaseException) -> None:
        self.ruleset = ruleset
        self.rule = rule
        super().__init__(
            f"action of rule {rule!r} in durable ruleset {ruleset!r} failed: "
            f"{type(error).__name__}: {error}"
        )


def check_fact(fact: Mapping[str, Any]) -> None:
    """Refuse a fact durable_rules would compare wrongly: only finite ints and floats pass."""
    if len(fact) + 3 > MAX_FACT_PROPERTIES:  # + sid, id and _open
        raise DurableTypeError(
            f"a fact with {len(fact)} properties: durable_rules holds at "
            f"most {MAX_FACT_PROPERTIES - 3} besides sid, id and {OPEN}"
        )
    for key, value in fact.items():
        kind = type(value)
        if kind is int or (kind is float and math.isfinite(value)):
            if type(key) is str and key and "$" not in key and "." not in key and key != OPEN:
                continue
            raise DurableTypeError(f"property name {key!r}: expected a plain name")
        if kind is float:
            raise DurableTypeError(f"property {key!r}: expected a finite number, found {value}")
        raise DurableTypeError(
            f"property {key!r}: expected a number, found {kind.__name__} {value!r} "
            "(durable_rules 2.0.28 compares strings and booleans as numbers; encode them)"
        )


class Session:
    """One case's facts in one ruleset; lives inside :meth:`DurableAdapter.session`."""

    def __init__(self, adapter: DurableAdapter, ruleset: str, sid: str) -> None:
        self._adapter = adapter
        self.ruleset = ruleset
        self.sid = sid
        self.touched = False  # set once a fact reached the engine (which creates the state)

    def assert_fact(self, fact: Mapping[str, Any]) -> list[str]:
        """Assert one fact; the names of the rules it made fire, each once, in agenda order."""
        return self._adapter._assert(self, fact)


class DurableAdapter:
    """Registers durable rulesets and runs facts through them, serialized and without leaks."""

    def __init__(self) -> None:
        self._handles: dict[str, int] = {}
        self._definitions: dict[str, str] = {}
        self._actions: dict[str, dict[str, Action]] = {}
        self._sids = itertools.count(1)

    def is_registered(self, name: str) -> bool:
        return name in self._handles

    def register(
        self,
        name: str,
        definition: Mapping[str, Mapping[str, Any]],
        actions: Mapping[str, Action] | None = None,
    ) -> None:
        """Register ``definition`` (``{rule name: {"all": [...]}}``) under ``name``, once.

        Registering the same name again with the same definition does nothing; with another
        definition it is an error (a name stands for one rule set version and its values).
        """
        if OPEN in definition:
            raise DurableError(f"durable ruleset {name!r}: the rule name {OPEN!r} is reserved")
        for rule_name in definition:
            if not _PLAIN_NAME.fullmatch(rule_name):
                raise DurableError(
                    f"durable ruleset {name!r}: rule name {rule_name!r} is not "
                    "plain (letters, digits, _ . : -)"
                )
        text = json.dumps(definition, sort_keys=True)
        with ENGINE_LOCK:
            if name in self._handles:
                if self._definitions[name] != text:
                    raise DurableError(
                        f"durable ruleset {name!r} is already registered with another definition"
                    )
                return
            try:
                body = {**definition, OPEN: {"all": [{"m": {OPEN: 1}}]}}
                handle = _engine.create_ruleset(name, json.dumps(body, sort_keys=True))
            except _engine.error as error:
                raise DurableError(f"durable_rules refused ruleset {name!r}: {error}") from None
            self._handles[name] = handle
            self._definitions[name] = text
            self._actions[name] = dict(actions or {})

    @contextmanager
    def session(self, ruleset: str) -> Iterator[Session]:
        """A fresh session, holding the engine lock, whose state is deleted at the end.

        Why the reserved ``_open`` rule: a fact no rule matches may or may not leave a state
        behind in 2.0.28 -- left, they pile up to the 1,024 limit; deleting one that was not
        left crashes the process. The first fact of a session always matches ``_open``, so the
        state always exists and is always deleted.
        """
        with ENGINE_LOCK:
            if ruleset not in self._handles:
                raise KeyError(f"durable ruleset {ruleset!r} is not registered")
            session = Session(self, ruleset, str(next(self._sids)))
            try:
                yield session
            finally:
                if session.touched:  # only a session the engine accepted a fact for has one
                    _engine.delete_state(self._handles[ruleset], session.sid)

    def _assert(self, session: Session, fact: Mapping[str, Any]) -> list[str]:
        check_fact(fact)
        ruleset, sid = session.ruleset, session.sid
        opening = {OPEN: 1} if not session.touched else {}
        message = json.dumps({**fact, **opening, "sid": sid})
        with ENGINE_LOCK:
            handle = self._handles[ruleset]
            try:
                code, state = _engine.assert_fact(handle, message)
            except _engine.error as error:
                raise DurableError(f"durable ruleset {ruleset!r} refused a fact: {error}") from None
            session.touched = True
            if code == _NOT_HANDLED:
                return []  # no rule matched: an answer, not an error
            if code == _OBSERVED:
                raise DurableError(
                    f"durable ruleset {ruleset!r}: this fact was already asserted in session {sid}"
                )
            return self._run_actions(ruleset, handle, state)

    def _run_actions(self, ruleset: str, handle: int, state: int) -> list[str]:
        """Take every pending action of the session from the agenda; the rule names."""
        fired: list[str] = []
        actions = self._actions[ruleset]
        started = _engine.start_action_for_state(handle, state)
        pending = started[1] if started else None
        while pending:
            # '{"<rule name>":<frames>}': names are plain (checked in register), so the name
            # is read without decoding the frames -- a copy of the whole fact per match.
            rule = pending[2 : pending.index('"', 2)]
            if rule != OPEN and rule not in fired:  # one match per true $or branch
                fired.append(rule)
            action = actions.get(rule)
            if action is not None:
                frames = json.loads(pending)[rule]
                try:  # one frame comes bare, several (with "cap") as a list
                    action(frames if isinstance(frames, list) else [frames])
                except Exception as error:  # the session is deleted by session()
                    raise DurableActionError(ruleset, rule, error) from error
            pending = _engine.complete_and_start_action(handle, state)
        return fired


_DEFAULT: DurableAdapter | None = None


def default_adapter() -> DurableAdapter:
    """The process-wide adapter (rulesets are registered once per process)."""
    global _DEFAULT
    with ENGINE_LOCK:
        if _DEFAULT is None:
            _DEFAULT = DurableAdapter()
        return _DEFAULT

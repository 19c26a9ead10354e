"""Why a condition holds or fails, as data: the atoms of the branch that decides.

A tier, a criterion or a record filter is a condition tree. To say *which* branch of
``any: [aMIT and not enforceable, SOCIAL and enforceable]`` placed a case in its tier, or why a
record was left out of a fact, the explanation walks the tree with the truth the case gave it
and keeps the atoms that decided:

* ``all`` that holds: every part; ``all`` that fails: every part that fails;
* ``any`` that holds: every branch that holds; ``any`` that fails: every branch;
* ``not``: the inner condition with the opposite truth.

The truth of every part comes from the engine itself (:func:`rules.interpreter.condition_check`),
so the meaning of the rule language stays defined once. Phrasing the atoms is the explanation's
business (:mod:`rules.explanation`); here they are data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from rules.language import (
    All,
    Always,
    AnyOf,
    BlockerRef,
    Compare,
    Condition,
    CriterionRef,
    FactRef,
    FieldRef,
    FlagRef,
    Not,
    ParamRef,
    RuleSet,
    Within,
)

GroundKind = Literal["field", "fact", "param", "window", "criterion", "blocker", "flag"]


@dataclass(frozen=True)
class Ground:
    """One atom of a condition and what the case (or record) showed for it.

    ``holds`` is the atom's own truth (before any ``not`` around it). ``value`` is what was
    found: the field, fact or parameter value, or the record's date for a window. ``operand``
    is the resolved comparison value (the window length in months for a window), ``param`` the
    parameter it came from, if any. A flag carries the grounds of its own condition.
    """

    kind: GroundKind
    name: str
    holds: bool
    value: Any = None
    op: str | None = None
    operand: Any = None
    param: str | None = None
    scope: str = "case"  # "case", "offences" or "incidents" for a field
    children: tuple[Ground, ...] = ()


Check = Callable[[Condition], bool]


def grounds(cond: Condition, check: Check, ruleset: RuleSet, values: Values) -> list[Ground]:
    """The atoms that decided ``cond`` (whatever its truth) for the case behind ``check``."""
    return _walk(cond, check(cond), check, ruleset, values)


def why_not(
    cond: Condition,
    check: Check,
    ruleset: RuleSet,
    values: Values,
    known: Callable[[Ground], bool],
) -> list[Ground]:
    """Atoms that alone make a failing ``cond`` fail, preferring atoms already ``known``.

    Where :func:`grounds` keeps every failing part of an ``all``, this keeps one: the part whose
    atoms are known already (stated elsewhere), else the one with the fewest atoms. So "why not
    Priority 1" for a case with a legal obstacle is the obstacle, not every other missing fact.
    An ``any`` fails only when every branch fails: each branch gives its atoms.
    """
    return _why(cond, check(cond), check, ruleset, values, known)


def _why(
    cond: Condition,
    truth: bool,
    check: Check,
    ruleset: RuleSet,
    values: Values,
    known: Callable[[Ground], bool],
) -> list[Ground]:
    if isinstance(cond, Not):
        return _why(cond.item, not truth, check, ruleset, values, known)
    one = (isinstance(cond, All) and not truth) or (isinstance(cond, AnyOf) and truth)
    every = (isinstance(cond, All) and truth) or (isinstance(cond, AnyOf) and not truth)
    if one or every:
        assert isinstance(cond, All | AnyOf)
        parts = [c for c in cond.items if check(c) == truth]
        found = [_why(c, truth, check, ruleset, values, known) for c in parts]
        if every:
            return [g for part in found for g in part]
        return min(found, key=lambda atoms: sum(1 for g in atoms if not known(g)), default=[])
    return _walk(cond, truth, check, ruleset, values)


@dataclass(frozen=True)
class Values:
    """Where atom values come from: the case, the record being filtered, the derived facts."""

    case: Any
    facts: dict[str, Any]
    record: Any = None


def _walk(
    cond: Condition, truth: bool, check: Check, ruleset: RuleSet, values: Values
) -> list[Ground]:
    if isinstance(cond, All):
        parts = cond.items if truth else tuple(c for c in cond.items if not check(c))
        return [g for part in parts for g in _walk(part, truth, check, ruleset, values)]
    if isinstance(cond, AnyOf):
        parts = tuple(c for c in cond.items if check(c)) if truth else cond.items
        return [g for part in parts for g in _walk(part, truth, check, ruleset, values)]
    if isinstance(cond, Not):
        return _walk(cond.item, not truth, check, ruleset, values)
    if isinstance(cond, Always):
        return []
    if isinstance(cond, CriterionRef):
        return [Ground("criterion", cond.id, truth)]
    if isinstance(cond, BlockerRef):
        return [Ground("blocker", cond.id, truth)]
    if isinstance(cond, FlagRef):
        flag = ruleset.flags[cond.name]
        inner = tuple(_walk(flag.when, truth, check, ruleset, values))
        return [Ground("flag", cond.name, truth, children=inner)]
    if isinstance(cond, Within):
        months = ruleset.value(cond.months)
        param = cond.months.name if isinstance(cond.months, ParamRef) else None
        day: date | None = getattr(values.record, cond.field.name, None)
        return [
            Ground("window", cond.field.name, truth, day, None, months, param, cond.field.scope)
        ]
    assert isinstance(cond, Compare)
    operand = ruleset.value(cond.operand)
    param = cond.operand.name if isinstance(cond.operand, ParamRef) else None
    subject = cond.subject
    if isinstance(subject, ParamRef):
        value = ruleset.values[subject.name]
        return [Ground("param", subject.name, truth, value, cond.op, operand, param)]
    if isinstance(subject, FactRef):
        value = values.facts.get(subject.name)
        return [Ground("fact", subject.name, truth, value, cond.op, operand, param)]
    assert isinstance(subject, FieldRef)
    source = values.case if subject.scope == "case" else values.record
    value = getattr(source, subject.name, None)
    return [Ground("field", subject.name, truth, value, cond.op, operand, param, subject.scope)]


__all__ = ["Check", "Ground", "Values", "grounds", "why_not"]

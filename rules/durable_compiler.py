"""Compile a checked rule set into a durable_rules ruleset definition (its dict/JSON format).

The same :class:`rules.language.RuleSet` the batch engine runs becomes plain data that
``durable_rules_engine.create_ruleset`` accepts: no hand-written decorators, no ``durable.lang``.

What durable_rules decides and what it does not
    Derived facts (counts, maxima, windows over a case's records) are aggregations; durable's
    rete network has no calendar-month windows, so they come from the shared scalar
    :func:`rules.interpreter.derive_facts`. Every *rule* -- each criterion, blocker, action,
    flag and tier -- becomes one durable rule over one asserted fact per stage, and only
    durable's match decides whether it fired.

Stages
    The steps come in the order of the rule set's evaluation plan (:mod:`rules.plan`); a step
    that refers to other steps (``criterion: ID``, ``flag: NAME``, ``blocker: any``) runs one
    stage after the deepest step it reads (:meth:`rules.plan.Plan.depth`). Stage ``k`` asserts
    one fact ``{"stage": k, ...inputs, ...outcomes of earlier stages}``; facts are not consumed,
    so every rule of the stage that matches fires (an *event* would fire only one). Flags are
    compiled inline where they are read (and are still rules of their own). Tier ``i`` is
    compiled as ``when_i and not when_0 ... and not when_{i-1}``, so that "first match wins" is
    decided by durable as well: exactly one tier rule fires.

Encoding (why: durable_rules 2.0.28 compares across types -- ``"10" < 9``, ``"true" == true``,
``1 == "1"`` all hold)
    Only numbers are asserted. Booleans become 0/1, enumeration values their index in the
    vocabulary, missing values 0 with a companion ``k_<key>`` = 0 ("known"), because a missing
    property makes every durable comparison false, including ``$neq``. ``not`` is pushed to the
    leaves (De Morgan) and each leaf is negated with the complementary operator and the
    null guard, so ``not (x >= 5)`` is ``k_x == 0 or x < 5`` -- the null semantics of
    :mod:`rules.language`. Parameters are substituted at compile time; the ruleset name is
    ``<name>.v<version>.<digest>`` over the parameter values, the definition and the document.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from cases.model import Case
from rules.language import (
    AggregateFact,
    All,
    Always,
    AnyOf,
    BlockerRef,
    CombineFact,
    Compare,
    Condition,
    CriterionRef,
    DeriveFact,
    FactRef,
    FieldRef,
    FlagRef,
    Not,
    ParamRef,
    RuleSet,
    Within,
)
from rules.nulls import COMPARISON_WITH_MISSING
from rules.operators import MEMBERSHIP, NEGATED, apply
from rules.plan import Node, Plan, references
from rules.vocabulary import CASE_FIELDS

Kind = Literal["criterion", "blocker", "action", "flag", "tier"]
SlotKind = Literal["number", "bool", "enum"]
#: A durable expression, or a constant that folding has already decided.
Expr = dict[str, Any] | bool

_DURABLE_OP = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_KEY_PREFIX = {
    "criterion": "criterion",
    "blocker": "blocker",
    "action": "action",
    "flag": "flag",
    "tier": "tier",
}
MAX_FACT_PROPERTIES = 254  # measured on 2.0.28: a fact with more is refused
MAX_CAP = 65535  # an unsigned short in the C engine
STAGE_KEY = "stage"
ALWAYS_KEY = "always"  # 1 on every asserted fact: lets a constant rule stay a durable rule


class DurableCompileError(ValueError):
    """A rule set construct that has no faithful durable_rules form; names the rule and why."""


class DurableTypeError(TypeError):
    """A value that may not be asserted: durable_rules would compare it across types."""


@dataclass(frozen=True)
class Slot:
    """One input property of the asserted fact: a derived fact or a case field, encoded."""

    key: str
    source: Literal["fact", "field"]
    name: str
    kind: SlotKind
    nullable: bool
    choices: tuple[str, ...] = ()

    @property
    def known_key(self) -> str:
        """Companion property: 1 when the value is present, 0 when it is missing."""
        return f"k_{self.key}"

    def encode(self, value: Any, into: dict[str, int | float]) -> None:
        """Put the validated, numeric form of ``value`` into the fact being built."""
        if value is None:
            if not self.nullable:
                raise DurableTypeError(f"{self.source} {self.name!r} is missing but may not be")
            into[self.key] = 0
            into[self.known_key] = 0
            return
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise DurableTypeError(
                    f"{self.source} {self.name!r}: expected true/false, "
                    f"found {type(value).__name__} {value!r}"
                )
            into[self.key] = int(value)
        elif self.kind == "enum":
            if not isinstance(value, str) or value not in self.choices:
                raise DurableTypeError(
                    f"{self.source} {self.name!r}: expected one of "
                    f"{', '.join(self.choices)}, found {value!r}"
                )
            into[self.key] = self.choices.index(value)
        else:
            into[self.key] = number(value, f"{self.source} {self.name!r}")
        if self.nullable:
            into[self.known_key] = 1


def number(value: Any, what: str) -> int | float:
    """``value`` as a plain finite int or float, or a :class:`DurableTypeError` saying why not."""
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        raise DurableTypeError(
            f"{what}: expected a number, found {type(value).__name__} "
            f"{value!r} (durable_rules compares strings as numbers)"
        )
    if isinstance(value, int | np.integer):
        return int(value)
    out = float(value)
    if not math.isfinite(out):
        raise DurableTypeError(f"{what}: expected a finite number, found {value!r}")
    return out


@dataclass(frozen=True)
class CompiledRule:
    """One durable rule: which rule of the rule set it decides, in which stage, on what."""

    name: str
    kind: Kind
    id: str
    stage: int
    expression: dict[str, Any]
    key: str | None = None  # the property later stages read this rule's outcome from

    def definition(self) -> dict[str, Any]:
        # durable expands $or into one match per satisfied disjunct; "cap" hands all matches of
        # one assertion to a single action call, so a rule fires once however many there are.
        return {"all": [{"m": self.expression}], "cap": MAX_CAP}


@dataclass(frozen=True)
class CompiledRuleSet:
    """A rule set as durable_rules rules, with what is needed to build the facts it matches."""

    name: str
    ruleset: RuleSet
    slots: tuple[Slot, ...]
    rules: tuple[CompiledRule, ...]
    decided_keys: dict[tuple[str, str], str] = field(repr=False)
    stage_keys: dict[int, tuple[str, ...]] = field(repr=False)
    by_stage: dict[int, tuple[CompiledRule, ...]] = field(repr=False)

    @property
    def stages(self) -> tuple[int, ...]:
        """The stages that have rules, in the order they are asserted."""
        return tuple(self.by_stage)

    def definition(self) -> dict[str, dict[str, Any]]:
        """The ruleset body: ``{rule name: {"all": [{"m": expression}]}}`` (JSON-able)."""
        return {rule.name: rule.definition() for rule in self.rules}

    def encode(self, case: Case, facts: Mapping[str, Any]) -> dict[str, int | float]:
        """The stage-independent inputs of one case: numbers only, validated slot by slot."""
        out: dict[str, int | float] = {}
        for slot in self.slots:
            value = facts[slot.name] if slot.source == "fact" else getattr(case, slot.name)
            slot.encode(value, out)
        return out

    def stage_fact(self, stage: int, values: Mapping[str, int | float]) -> dict[str, int | float]:
        """The fact asserted in ``stage``: the properties its rules read, taken from ``values``
        (the encoded inputs plus the outcomes of earlier stages, under ``CompiledRule.key``)."""
        fact: dict[str, int | float] = {STAGE_KEY: stage, ALWAYS_KEY: 1}
        for key in self.stage_keys[stage]:
            fact[key] = values[key]
        return fact


# --- expressions ---------------------------------------------------------------------------


def _unique(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop repeated sub-expressions (``x and x`` is ``x``), keeping the first."""
    seen: set[str] = set()
    out = []
    for part in parts:
        key = json.dumps(part, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(part)
    return out


def _and(parts: Iterable[Expr]) -> Expr:
    out: list[dict[str, Any]] = []
    for part in parts:
        if part is False:
            return False
        if part is True:
            continue
        assert isinstance(part, dict)
        out.extend(part["$and"] if set(part) == {"$and"} else [part])
    out = _unique(out)
    if not out:
        return True
    return out[0] if len(out) == 1 else {"$and": out}


def _or(parts: Iterable[Expr]) -> Expr:
    out: list[dict[str, Any]] = []
    for part in parts:
        if part is True:
            return True
        if part is False:
            continue
        assert isinstance(part, dict)
        out.extend(part["$or"] if set(part) == {"$or"} else [part])
    out = _unique(out)
    if not out:
        return False
    return out[0] if len(out) == 1 else {"$or": out}


def _leaf(key: str, op: str, value: int | float) -> dict[str, Any]:
    return {key: value} if op == "eq" else {_DURABLE_OP[op]: {key: value}}


class _Compiler:
    def __init__(self, ruleset: RuleSet) -> None:
        self.rs = ruleset
        self.slots: dict[str, Slot] = {}
        self.keys: set[str] = {STAGE_KEY, ALWAYS_KEY}
        self.decided_keys: dict[tuple[str, str], str] = {}
        self.plan: Plan = ruleset.plan
        # Stages: a step runs one stage after every step it reads. Flags are read inline (a
        # flag is a named condition; inlining saves one assertion per case), so the stage of a
        # step looks through the flags it reads. The plan's order makes this a single pass.
        self.levels: dict[Node, int] = self.plan.depth(transparent=frozenset({"flag"}))
        self.conditions: dict[Node, Condition] = {s.node: s.when for s in self.plan.steps}
        self.where = ""  # the rule being compiled, for error messages
        self.rule_names: set[str] = set()

    # --- keys and slots --------------------------------------------------------------------

    def _fresh_key(self, prefix: str, name: str) -> str:
        base = f"{prefix}_{re.sub(r'[^A-Za-z0-9_]', '_', name)}"
        key, n = base, 1
        while key in self.keys or f"k_{key}" in self.keys:
            n += 1
            key = f"{base}_{n}"
        self.keys.update((key, f"k_{key}"))
        return key

    def decided_key(self, item: tuple[str, str]) -> str:
        if item not in self.decided_keys:
            self.decided_keys[item] = self._fresh_key(_KEY_PREFIX[item[0]], item[1])
        return self.decided_keys[item]

    def slot(self, subject: FactRef | FieldRef) -> Slot:
        ident = ("f:" if isinstance(subject, FactRef) else "c:") + subject.name
        if ident in self.slots:
            return self.slots[ident]
        if isinstance(subject, FactRef):
            fact = self.rs.facts[subject.name]
            kind: SlotKind = "number"
            nullable = True
            if isinstance(fact, AggregateFact):
                kind = "bool" if fact.aggregate == "exists" else "number"
                nullable = fact.aggregate in ("max", "min")
            elif not isinstance(fact, DeriveFact | CombineFact):
                raise DurableCompileError(f"{self.where}: unknown fact kind {fact!r}")
            slot = Slot(self._fresh_key("f", subject.name), "fact", subject.name, kind, nullable)
        else:
            if subject.scope != "case":
                raise DurableCompileError(
                    f"{self.where}: a record field ({subject.scope}."
                    f"{subject.name}) outside a fact's filter"
                )
            spec = CASE_FIELDS[subject.name]
            if spec.type == "date":
                raise DurableCompileError(
                    f"{self.where}: the date field {subject.name!r} "
                    "compares only through a derived fact"
                )
            slot = Slot(
                self._fresh_key("c", subject.name),
                "field",
                subject.name,
                spec.type,
                spec.nullable,
                spec.choices,
            )
        self.slots[ident] = slot
        return slot

    # --- stages ----------------------------------------------------------------------------

    def stage_after(self, cond: Condition) -> int:
        """The first stage at which everything ``cond`` reads is decided (flags inline)."""
        pending = list(references(cond, (b.id for b in self.rs.blockers)))
        deepest = -1
        while pending:
            node = pending.pop()
            if node[0] == "flag":
                pending.extend(self.plan.step(node).reads)
            else:
                deepest = max(deepest, self.levels[node])
        return deepest + 1

    # --- conditions ------------------------------------------------------------------------

    def cond(self, cond: Condition, positive: bool, stage: int) -> Expr:
        """``cond`` (or, when not ``positive``, its negation) as a durable expression."""
        if isinstance(cond, All):
            parts = [self.cond(c, positive, stage) for c in cond.items]
            return _and(parts) if positive else _or(parts)
        if isinstance(cond, AnyOf):
            parts = [self.cond(c, positive, stage) for c in cond.items]
            return _or(parts) if positive else _and(parts)
        if isinstance(cond, Not):
            return self.cond(cond.item, not positive, stage)
        if isinstance(cond, Always):
            return positive
        if isinstance(cond, BlockerRef) and cond.id == "any":
            refs = AnyOf(tuple(BlockerRef(b.id) for b in self.rs.blockers))
            return self.cond(refs, positive, stage)
        if isinstance(cond, FlagRef):
            # Inline: a flag is a named condition, and reading it where it is used saves a
            # stage (one assertion) per case. The flag is still decided as a rule of its own.
            return self.cond(self.rs.flags[cond.name].when, positive, stage)
        if isinstance(cond, CriterionRef | BlockerRef):
            item: Node = (
                ("criterion", cond.id) if isinstance(cond, CriterionRef) else ("blocker", cond.id)
            )
            if self.levels[item] >= stage:
                raise DurableCompileError(
                    f"{self.where}: refers to {item[0]} {item[1]!r} that is not decided before it"
                )
            return {self.decided_key(item): 1 if positive else 0}
        if isinstance(cond, Within):
            raise DurableCompileError(f"{self.where}: a window belongs in a fact's filter")
        assert isinstance(cond, Compare)
        return self.compare(cond, positive)

    def compare(self, cond: Compare, positive: bool) -> Expr:
        operand = self.rs.value(cond.operand)
        subject = cond.subject
        if isinstance(subject, ParamRef):  # known at compile time
            return apply(cond.op, self.rs.values[subject.name], operand) == positive
        if operand is None:  # rules.nulls: a comparison with null has one truth value
            return positive == COMPARISON_WITH_MISSING
        slot = self.slot(subject)
        # rules.nulls: with a missing value the comparison is false and its negation true;
        # with a present one the negation is the complementary operator (rules.operators).
        known = {slot.known_key: 1}
        if positive:
            leaf = self.leaf(slot, cond.op, operand)
            return _and([known, leaf]) if slot.nullable else leaf
        leaf = self.leaf(slot, NEGATED[cond.op], operand)
        return _or([{slot.known_key: 0}, leaf]) if slot.nullable else leaf

    def leaf(self, slot: Slot, op: str, operand: Any) -> Expr:
        """``slot op operand`` for a present value, operands encoded like the slot."""
        if slot.kind == "enum":
            values = operand if op in MEMBERSHIP else (operand,)
            unknown = [v for v in values if v not in slot.choices]
            if unknown or isinstance(values, str):
                raise DurableCompileError(f"{self.where}: {slot.name} has no value {unknown!r}")
            codes = [slot.choices.index(v) for v in values]
            if op in ("eq", "in"):
                return _or({slot.key: code} for code in codes)
            if op in ("ne", "not_in"):
                return _and({"$neq": {slot.key: code}} for code in codes)
            raise DurableCompileError(f"{self.where}: {op!r} does not order named values")
        if op in MEMBERSHIP:
            raise DurableCompileError(f"{self.where}: {op!r} needs a field with named values")
        if slot.kind == "bool":
            if not isinstance(operand, bool) or op not in ("eq", "ne"):
                raise DurableCompileError(
                    f"{self.where}: a yes/no value compares with eq/ne "
                    f"to true/false, found {op} {operand!r}"
                )
            return _leaf(slot.key, op, int(operand))
        try:
            value = number(operand, f"{self.where}: operand")
        except DurableTypeError as error:
            raise DurableCompileError(str(error)) from None
        return _leaf(slot.key, op, value)

    # --- rules -----------------------------------------------------------------------------

    def rule(self, kind: Kind, rule_id: str, stage: int, expr: Expr) -> CompiledRule:
        stage_test = {STAGE_KEY: stage}
        if expr is True:
            expression: dict[str, Any] = stage_test
        elif expr is False:  # never fires, but durable still holds (and decides) the rule
            expression = {"$and": [stage_test, {ALWAYS_KEY: 0}]}
        else:
            expression = _and([stage_test, expr])  # type: ignore[assignment]
        # Rule names are plain (the adapter reads them off durable's agenda without parsing
        # JSON); the rule's real id travels beside the name.
        base = f"{kind}.{re.sub(r'[^A-Za-z0-9_-]', '_', rule_id)}"
        name, n = base, 1
        while name in self.rule_names:
            n += 1
            name = f"{base}_{n}"
        self.rule_names.add(name)
        return CompiledRule(name, kind, rule_id, stage, expression)

    def compile(self) -> list[CompiledRule]:
        rules: list[CompiledRule] = []
        for item, when in self.conditions.items():  # the plan's order
            self.where = f"{self.rs.label}: {item[0]} {item[1]}"
            stage = self.levels[item]
            rules.append(self.rule(item[0], item[1], stage, self.cond(when, True, stage)))
        tier_stage = max((self.stage_after(t.when) for t in self.rs.tiers), default=0)
        earlier: list[Condition] = []
        for tier in self.rs.tiers:
            self.where = f"{self.rs.label}: tier {tier.id}"
            first_match = All((tier.when, *(Not(c) for c in earlier)))
            rules.append(
                self.rule("tier", tier.id, tier_stage, self.cond(first_match, True, tier_stage))
            )
            earlier.append(tier.when)
        for item in self.conditions:  # every decided outcome gets its key, in rule-set order
            self.decided_key(item)
        return rules


def _digest(ruleset: RuleSet, definition: Mapping[str, Any]) -> str:
    values = {
        name: list(v) if isinstance(v, tuple) else v for name, v in sorted(ruleset.values.items())
    }
    # The document too: points, texts and tier order live outside the durable definition.
    blob = json.dumps(
        {"values": values, "definition": definition, "document": ruleset.document},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def compile_ruleset(ruleset: RuleSet) -> CompiledRuleSet:
    """The durable_rules form of ``ruleset`` with its current parameter values.

    Raises :class:`DurableCompileError` for a construct without a faithful durable form (the
    loader already rejects most of them).
    """
    compiler = _Compiler(ruleset)
    rules = compiler.compile()
    definition = {rule.name: rule.definition() for rule in rules}
    name = f"{ruleset.name}.v{ruleset.version}.{_digest(ruleset, definition)}"
    stage_keys: dict[int, set[str]] = {}
    for rule in rules:
        stage_keys.setdefault(rule.stage, set()).update(_properties(rule.expression))
    keys = {
        stage: tuple(sorted(found - {STAGE_KEY, ALWAYS_KEY})) for stage, found in stage_keys.items()
    }
    widest = max((len(k) for k in keys.values()), default=0) + 5  # stage always _open sid id
    if widest > MAX_FACT_PROPERTIES:
        raise DurableCompileError(
            f"{ruleset.label}: a stage reads {widest} properties; "
            f"durable_rules holds at most {MAX_FACT_PROPERTIES} per fact"
        )
    rules = [dataclasses.replace(r, key=compiler.decided_keys.get((r.kind, r.id))) for r in rules]
    by_stage = {stage: tuple(r for r in rules if r.stage == stage) for stage in sorted(keys)}
    return CompiledRuleSet(
        name,
        ruleset,
        tuple(compiler.slots.values()),
        tuple(rules),
        dict(compiler.decided_keys),
        keys,
        by_stage,
    )


def _properties(expr: Any) -> set[str]:
    """The fact properties a durable expression reads."""
    out: set[str] = set()
    if isinstance(expr, list):
        for item in expr:
            out |= _properties(item)
    elif isinstance(expr, dict):
        for key, value in expr.items():
            if key in ("$and", "$or"):
                out |= _properties(value)
            elif key.startswith("$"):
                out |= set(value)
            else:
                out.add(key)
    return out

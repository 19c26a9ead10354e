"""The per-case engine: one :class:`cases.model.Case` at a time, in plain Python.

It gives the same tier, score and fired rules as :mod:`rules.batch` (differential tests prove
it) and, because it looks at one case, it also keeps the *evidence*: which records each fact
counted. Explanations and counterfactuals are built on it; the benchmark uses it as the
per-case baseline. :func:`derive_facts` is shared with the durable_rules path.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cases.model import Case, Incident, Offence
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
from rules.windows import age_in_years, days_since_epoch, in_window

Record = Offence | Incident


@dataclass
class CaseResult:
    """Everything the rules found for one case at one reference date."""

    case_id: str
    as_of: date
    facts: dict[str, Any]
    evidence: dict[str, list[Record]]  # aggregate fact -> records it counted
    criteria: list[str]
    blockers: list[str]
    actions: list[str]
    flags: dict[str, bool]
    tier: str
    score: int
    received_on: date | None = None
    fired: dict[str, bool] = field(default_factory=dict)  # every rule id -> fired

    def summary(self) -> dict[str, Any]:
        """The comparable outcome: what every engine must agree on."""
        return {
            "case_id": self.case_id,
            "tier": self.tier,
            "score": self.score,
            "criteria": self.criteria,
            "blockers": self.blockers,
            "actions": self.actions,
        }


def _record_value(record: Record, name: str) -> Any:
    return getattr(record, name)


def _case_value(case: Case, name: str) -> Any:
    return getattr(case, name)


def compare(value: Any, op: str, operand: Any) -> bool:
    """Null-safe comparison: anything compared with a missing value is false."""
    if value is None or operand is None:
        return False
    match op:
        case "eq":
            return bool(value == operand)
        case "ne":
            return bool(value != operand)
        case "lt":
            return bool(value < operand)
        case "le":
            return bool(value <= operand)
        case "gt":
            return bool(value > operand)
        case "ge":
            return bool(value >= operand)
        case "in":
            return value in operand
        case "not_in":
            return value not in operand
    raise ValueError(op)


@dataclass
class _Env:
    ruleset: RuleSet
    as_of: date
    case: Case
    record: Record | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, bool] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    any_blocker: bool = False


Check = Callable[[_Env], bool]


def _compile(cond: Condition, ruleset: RuleSet) -> Check:
    """Turn a condition into a closure; parameter values are resolved once, here."""
    if isinstance(cond, All):
        parts = [_compile(c, ruleset) for c in cond.items]
        return lambda env: all(part(env) for part in parts)
    if isinstance(cond, AnyOf):
        parts = [_compile(c, ruleset) for c in cond.items]
        return lambda env: any(part(env) for part in parts)
    if isinstance(cond, Not):
        inner = _compile(cond.item, ruleset)
        return lambda env: not inner(env)
    if isinstance(cond, Always):
        return lambda env: True
    if isinstance(cond, CriterionRef):
        rule_id = cond.id
        return lambda env: env.rules[rule_id]
    if isinstance(cond, BlockerRef):
        if cond.id == "any":
            return lambda env: env.any_blocker
        blocker_id = cond.id
        return lambda env: env.rules[blocker_id]
    if isinstance(cond, FlagRef):
        flag = cond.name
        return lambda env: env.flags[flag]
    if isinstance(cond, Within):
        months, name = int(ruleset.value(cond.months)), cond.field.name
        return lambda env: in_window(getattr(env.record, name), env.as_of, months)
    assert isinstance(cond, Compare)
    operand, op, subject = ruleset.value(cond.operand), cond.op, cond.subject
    if isinstance(subject, ParamRef):
        constant = compare(ruleset.values[subject.name], op, operand)
        return lambda env: constant
    if isinstance(subject, FactRef):
        fact = subject.name
        return lambda env: compare(env.facts[fact], op, operand)
    assert isinstance(subject, FieldRef)
    name = subject.name
    if subject.scope == "case":
        return lambda env: compare(getattr(env.case, name), op, operand)
    return lambda env: compare(getattr(env.record, name), op, operand)


@dataclass(frozen=True)
class _Plan:
    """A rule set compiled once: every condition a closure, criteria in dependency order."""

    where: dict[str, Check]
    criteria: list[tuple[str, Check]]
    blockers: list[tuple[str, Check]]
    flags: list[tuple[str, Check]]
    actions: list[tuple[str, Check]]
    tiers: list[tuple[str, Check]]


_PLANS: OrderedDict[int, tuple[RuleSet, _Plan]] = OrderedDict()


def _plan(ruleset: RuleSet) -> _Plan:
    cached = _PLANS.get(id(ruleset))
    if cached is not None and cached[0] is ruleset:
        _PLANS.move_to_end(id(ruleset))
        return cached[1]
    from rules.batch import _in_dependency_order  # the same order the batch engine uses

    plan = _Plan(
        where={
            name: _compile(f.where, ruleset)
            for name, f in ruleset.facts.items()
            if isinstance(f, AggregateFact)
        },
        criteria=[
            (r.id, _compile(r.when, ruleset)) for _, r in _in_dependency_order(ruleset.criteria)
        ],
        blockers=[(r.id, _compile(r.when, ruleset)) for r in ruleset.blockers],
        flags=[(n, _compile(f.when, ruleset)) for n, f in ruleset.flags.items()],
        actions=[(r.id, _compile(r.when, ruleset)) for r in ruleset.actions],
        tiers=[(t.id, _compile(t.when, ruleset)) for t in ruleset.tiers],
    )
    _PLANS[id(ruleset)] = (ruleset, plan)  # keeps the rule set alive, so the id stays unique
    if len(_PLANS) > 64:
        _PLANS.popitem(last=False)
    return plan


def holds(cond: Condition, env: _Env) -> bool:
    """Evaluate one condition for the case (or the record in ``env.record``)."""
    return _compile(cond, env.ruleset)(env)


def derive_facts(
    case: Case, ruleset: RuleSet, as_of: date
) -> tuple[dict[str, Any], dict[str, list[Record]]]:
    """Every declared fact of one case at ``as_of``, and the records each aggregate counted.

    Numbers are floats or ints, dates are days since 1970-01-01 (so facts compare like the
    batch engine's), a missing value is ``None``.
    """
    env = _Env(ruleset, as_of, case)
    plan = _plan(ruleset)
    evidence: dict[str, list[Record]] = {}
    for name, fact in ruleset.facts.items():
        if isinstance(fact, AggregateFact):
            where = plan.where[name]
            matched: list[Record] = []
            for record in getattr(case, fact.over):
                if record.date > as_of:
                    continue  # events after the reference date never count
                env.record = record
                if where(env):
                    matched.append(record)
            env.record = None
            evidence[name] = matched
            env.facts[name] = _aggregate(fact, matched)
        elif isinstance(fact, DeriveFact):
            value = getattr(case, fact.field)
            if value is None:
                env.facts[name] = None
            elif fact.derive == "years_since":
                env.facts[name] = age_in_years(value, as_of)
            else:
                env.facts[name] = (value - as_of).days
        else:
            assert isinstance(fact, CombineFact)
            parts = [env.facts[dep] for dep in fact.facts if env.facts[dep] is not None]
            if not parts:
                env.facts[name] = None
            else:
                env.facts[name] = max(parts) if fact.combine == "max_of" else sum(parts)
    return env.facts, evidence


def _aggregate(fact: AggregateFact, matched: list[Record]) -> Any:
    if fact.aggregate == "count":
        return len(matched)
    if fact.aggregate == "exists":
        return bool(matched)
    values = [getattr(r, fact.field) for r in matched if getattr(r, fact.field) is not None]
    if not values:
        return None
    if fact.field == "date":
        values = [days_since_epoch(v) for v in values]
    return max(values) if fact.aggregate == "max" else min(values)


def evaluate_case(case: Case, ruleset: RuleSet, as_of: date) -> CaseResult:
    """Run the rule set on one case: facts with evidence, rules, flags, tier and score."""
    facts, evidence = derive_facts(case, ruleset, as_of)
    return decide(case, ruleset, as_of, facts, evidence)


def decide(
    case: Case,
    ruleset: RuleSet,
    as_of: date,
    facts: dict[str, Any],
    evidence: dict[str, list[Record]] | None = None,
) -> CaseResult:
    """Rules, flags, tier and score from already derived facts."""
    env = _Env(ruleset, as_of, case, facts=facts)
    plan = _plan(ruleset)
    for rule_id, check in plan.criteria:  # dependency order: referenced criteria first
        env.rules[rule_id] = check(env)
    for rule_id, check in plan.blockers:
        env.rules[rule_id] = check(env)
    env.any_blocker = any(env.rules[r.id] for r in ruleset.blockers)
    for name, check in plan.flags:
        env.flags[name] = check(env)
    for rule_id, check in plan.actions:
        env.rules[rule_id] = check(env)
    tier = next(tier_id for tier_id, check in plan.tiers if check(env))
    criteria = [r.id for r in ruleset.criteria if env.rules[r.id]]
    return CaseResult(
        case_id=case.case_id,
        as_of=as_of,
        facts=facts,
        evidence=evidence or {},
        criteria=criteria,
        blockers=[r.id for r in ruleset.blockers if env.rules[r.id]],
        actions=[r.id for r in ruleset.actions if env.rules[r.id]],
        flags=dict(env.flags),
        tier=tier,
        score=sum(r.points for r in ruleset.criteria if env.rules[r.id]),
        received_on=case.received_on,
        fired=dict(env.rules),
    )


def sort_key(result: CaseResult, case: Case, ruleset: RuleSet) -> tuple[Any, ...]:
    """The queue-order key of one case (the same total order as :func:`rules.batch.queue_order`)."""
    key: list[Any] = []
    tier_index = ruleset.tier_ids.index(result.tier)
    for spec in ruleset.ordering:
        if spec.by == "case_id":
            key.append(_Desc(case.case_id) if spec.direction == "desc" else case.case_id)
            continue
        if spec.by == "tier":
            value: Any = tier_index
        elif spec.by == "score":
            value = result.score
        elif spec.by in result.facts:
            value = result.facts[spec.by]
        else:
            value = getattr(case, spec.by)
            if isinstance(value, date):
                value = days_since_epoch(value)
            elif isinstance(value, str):
                from rules.vocabulary import CASE_FIELDS

                value = CASE_FIELDS[spec.by].choices.index(value)
        if value is None:
            key.append((1 if spec.missing == "last" else -1, 0))
        else:
            key.append((0, -value if spec.direction == "desc" else value))
    return tuple(key)


class _Desc(str):
    """A string that sorts in reverse."""

    def __lt__(self, other: str) -> bool:  # type: ignore[override]
        return str.__gt__(self, other)


def rank_cases(cases: list[Case], ruleset: RuleSet, as_of: date) -> list[CaseResult]:
    """The per-case baseline: evaluate every case in a Python loop and sort by the queue key."""
    scored = [(evaluate_case(case, ruleset, as_of), case) for case in cases]
    scored.sort(key=lambda pair: sort_key(pair[0], pair[1], ruleset))
    return [result for result, _ in scored]

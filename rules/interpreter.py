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
from rules.days import to_days
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
from rules.nulls import combine
from rules.operators import apply
from rules.plan import Node, references
from rules.windows import age_in_years, counts_at, days_until, in_window

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


def compare(value: Any, op: str, operand: Any) -> bool:
    """Null-safe comparison of one value (:func:`rules.operators.apply`)."""
    return apply(op, value, operand)


@dataclass
class _Env:
    ruleset: RuleSet
    as_of: date
    case: Case
    record: Record | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    decided: dict[Node, bool] = field(default_factory=dict)  # (kind, id) -> fired, plan order


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
    if isinstance(cond, CriterionRef | BlockerRef | FlagRef):
        reads = references(cond, (r.id for r in ruleset.blockers))  # decided before, by the plan
        if len(reads) == 1:
            node = reads[0]
            return lambda env: env.decided[node]
        return lambda env: any(env.decided[node] for node in reads)
    if isinstance(cond, Within):
        months, name = int(ruleset.value(cond.months)), cond.field.name
        return lambda env: in_window(getattr(env.record, name), env.as_of, months)
    assert isinstance(cond, Compare)
    operand, op, subject = ruleset.value(cond.operand), cond.op, cond.subject
    if isinstance(subject, ParamRef):
        constant = apply(op, ruleset.values[subject.name], operand)
        return lambda env: constant
    if isinstance(subject, FactRef):
        fact = subject.name
        return lambda env: apply(op, env.facts[fact], operand)
    assert isinstance(subject, FieldRef)
    name = subject.name
    if subject.scope == "case":
        return lambda env: apply(op, getattr(env.case, name), operand)
    return lambda env: apply(op, getattr(env.record, name), operand)


@dataclass(frozen=True)
class _Compiled:
    """A rule set compiled once: every condition a closure, the steps in the plan's order."""

    where: dict[str, Check]
    steps: list[tuple[Node, Check]]
    tiers: list[tuple[str, Check]]


_COMPILED: OrderedDict[int, tuple[RuleSet, _Compiled]] = OrderedDict()


def _compiled(ruleset: RuleSet) -> _Compiled:
    cached = _COMPILED.get(id(ruleset))
    if cached is not None and cached[0] is ruleset:
        _COMPILED.move_to_end(id(ruleset))
        return cached[1]
    compiled = _Compiled(
        where={
            name: _compile(f.where, ruleset)
            for name, f in ruleset.facts.items()
            if isinstance(f, AggregateFact)
        },
        steps=[(step.node, _compile(step.when, ruleset)) for step in ruleset.plan.steps],
        tiers=[(t.id, _compile(t.when, ruleset)) for t in ruleset.tiers],
    )
    _COMPILED[id(ruleset)] = (ruleset, compiled)  # keeps the rule set alive: its id stays unique
    if len(_COMPILED) > 64:
        _COMPILED.popitem(last=False)
    return compiled


def holds(cond: Condition, env: _Env) -> bool:
    """Evaluate one condition for the case (or the record in ``env.record``)."""
    return _compile(cond, env.ruleset)(env)


def condition_check(
    case: Case, ruleset: RuleSet, result: CaseResult, record: Record | None = None
) -> Callable[[Condition], bool]:
    """Evaluate any condition of the rule set as it stood for ``result`` (and ``record``).

    For explanations: which branch of a condition holds, why a record was not counted.
    """
    decided: dict[Node, bool] = {("flag", name): value for name, value in result.flags.items()}
    for rule in (*ruleset.criteria, *ruleset.blockers, *ruleset.actions):
        decided[(rule.kind, rule.id)] = result.fired[rule.id]
    env = _Env(ruleset, result.as_of, case, record=record, facts=result.facts, decided=decided)
    return lambda cond: holds(cond, env)


def derive_facts(
    case: Case, ruleset: RuleSet, as_of: date
) -> tuple[dict[str, Any], dict[str, list[Record]]]:
    """Every declared fact of one case at ``as_of``, and the records each aggregate counted.

    Numbers are floats or ints, dates are days since 1970-01-01 (so facts compare like the
    batch engine's), a missing value is ``None``.
    """
    env = _Env(ruleset, as_of, case)
    compiled = _compiled(ruleset)
    evidence: dict[str, list[Record]] = {}
    for name in ruleset.plan.facts:
        fact = ruleset.facts[name]
        if isinstance(fact, AggregateFact):
            where = compiled.where[name]
            matched: list[Record] = []
            for record in getattr(case, fact.over):
                if not counts_at(record.date, as_of):
                    continue
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
                env.facts[name] = days_until(value, as_of)
        else:
            assert isinstance(fact, CombineFact)
            env.facts[name] = combine(fact.combine, [env.facts[dep] for dep in fact.facts])
    return env.facts, evidence


def _aggregate(fact: AggregateFact, matched: list[Record]) -> Any:
    if fact.aggregate == "count":
        return len(matched)
    if fact.aggregate == "exists":
        return bool(matched)
    name = fact.field
    assert name is not None  # max and min name their field (checked at load time)
    values = [getattr(r, name) for r in matched if getattr(r, name) is not None]
    if not values:
        return None
    if fact.field == "date":
        values = [to_days(v) for v in values]
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
    compiled = _compiled(ruleset)
    for node, check in compiled.steps:  # the plan's order: what a step reads is decided
        env.decided[node] = check(env)
    tier = next(tier_id for tier_id, check in compiled.tiers if check(env))
    return result_of(case, ruleset, as_of, facts, evidence, env.decided, tier)


def result_of(
    case: Case,
    ruleset: RuleSet,
    as_of: date,
    facts: dict[str, Any],
    evidence: dict[str, list[Record]] | None,
    decided: dict[Node, bool],
    tier: str,
) -> CaseResult:
    """The result of one case from what was decided per step (shared with durable_rules)."""
    fired = {r.id: decided[(r.kind, r.id)] for r in (*ruleset.criteria, *ruleset.blockers)}
    fired.update({r.id: decided[(r.kind, r.id)] for r in ruleset.actions})
    return CaseResult(
        case_id=case.case_id,
        as_of=as_of,
        facts=facts,
        evidence=evidence or {},
        criteria=[r.id for r in ruleset.criteria if fired[r.id]],
        blockers=[r.id for r in ruleset.blockers if fired[r.id]],
        actions=[r.id for r in ruleset.actions if fired[r.id]],
        flags={name: decided[("flag", name)] for name in ruleset.flags},
        tier=tier,
        score=sum(r.points for r in ruleset.criteria if fired[r.id]),
        received_on=case.received_on,
        fired=fired,
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
                value = to_days(value)
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

    def __lt__(self, other: str) -> bool:
        return str.__gt__(self, other)


def rank_cases(cases: list[Case], ruleset: RuleSet, as_of: date) -> list[CaseResult]:
    """The per-case baseline: evaluate every case in a Python loop and sort by the queue key."""
    scored = [(evaluate_case(case, ruleset, as_of), case) for case in cases]
    scored.sort(key=lambda pair: sort_key(pair[0], pair[1], ruleset))
    return [result for result, _ in scored]

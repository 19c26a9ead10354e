"""The per-case engine: one :class:`cases.model.Case` at a time, in plain Python.

It gives the same tier, score and fired rules as :mod:`rules.batch` (differential tests prove
it) and, because it looks at one case, it also keeps the *evidence*: which records each fact
counted. Explanations and counterfactuals are built on it; the benchmark uses it as the
per-case baseline. :func:`derive_facts` is shared with the durable_rules path.
"""

from __future__ import annotations

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


def holds(cond: Condition, env: _Env) -> bool:
    """Evaluate a condition for the case (or the record in ``env.record``)."""
    if isinstance(cond, All):
        return all(holds(c, env) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(holds(c, env) for c in cond.items)
    if isinstance(cond, Not):
        return not holds(cond.item, env)
    if isinstance(cond, Always):
        return True
    if isinstance(cond, CriterionRef):
        return env.rules[cond.id]
    if isinstance(cond, BlockerRef):
        return env.any_blocker if cond.id == "any" else env.rules[cond.id]
    if isinstance(cond, FlagRef):
        return env.flags[cond.name]
    rs = env.ruleset
    if isinstance(cond, Within):
        assert env.record is not None
        return in_window(
            _record_value(env.record, cond.field.name), env.as_of, int(rs.value(cond.months))
        )
    assert isinstance(cond, Compare)
    operand = rs.value(cond.operand)
    subject = cond.subject
    if isinstance(subject, ParamRef):
        value = rs.values[subject.name]
    elif isinstance(subject, FactRef):
        value = env.facts[subject.name]
    else:
        assert isinstance(subject, FieldRef)
        source = env.case if subject.scope == "case" else env.record
        value = getattr(source, subject.name)
    return compare(value, cond.op, operand)


def derive_facts(
    case: Case, ruleset: RuleSet, as_of: date
) -> tuple[dict[str, Any], dict[str, list[Record]]]:
    """Every declared fact of one case at ``as_of``, and the records each aggregate counted.

    Numbers are floats or ints, dates are days since 1970-01-01 (so facts compare like the
    batch engine's), a missing value is ``None``.
    """
    env = _Env(ruleset, as_of, case)
    evidence: dict[str, list[Record]] = {}
    for name, fact in ruleset.facts.items():
        if isinstance(fact, AggregateFact):
            matched: list[Record] = []
            for record in getattr(case, fact.over):
                if record.date > as_of:
                    continue  # events after the reference date never count
                env.record = record
                if holds(fact.where, env):
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
    pending = list(ruleset.criteria)
    while pending:  # criteria may refer to earlier criteria; load time rejects cycles
        rest = []
        for rule in pending:
            try:
                env.rules[rule.id] = holds(rule.when, env)
            except KeyError:
                rest.append(rule)
        if len(rest) == len(pending):
            raise RuntimeError("criteria refer to each other in a cycle")
        pending = rest
    for rule in ruleset.blockers:
        env.rules[rule.id] = holds(rule.when, env)
    env.any_blocker = any(env.rules[r.id] for r in ruleset.blockers)
    for name, flag in ruleset.flags.items():
        env.flags[name] = holds(flag.when, env)
    for rule in ruleset.actions:
        env.rules[rule.id] = holds(rule.when, env)
    tier = next(t.id for t in ruleset.tiers if holds(t.when, env))
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

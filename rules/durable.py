"""The event path: rule sets evaluated by durable_rules, one case at a time.

:class:`DurableEngine` compiles a rule set (:mod:`rules.durable_compiler`), registers it under
its own name (``<name>.v<version>.<digest>``) with the process-wide
:class:`rules.durable_adapter.DurableAdapter`, and scores a case by asserting one fact per stage.
Facts about the case's records come from the shared :func:`rules.interpreter.derive_facts`;
every criterion, blocker, flag, action and the tier are decided by durable_rules. The result is
the interpreter's :class:`rules.interpreter.CaseResult`, so the event path, explanations and the
differential tests compare like with like.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from cases.frames import CaseFrames, cases_from_frames
from cases.model import Case
from rules.days import iso_day
from rules.durable_adapter import ENGINE_LOCK, DurableAdapter, default_adapter
from rules.durable_compiler import CompiledRuleSet, compile_ruleset
from rules.interpreter import CaseResult, Record, derive_facts, result_of, sort_key
from rules.language import RuleSet
from rules.plan import Node


class DurableEngineError(RuntimeError):
    """durable_rules answered something the rule set cannot mean (e.g. two tiers at once)."""


class DurableEngine:
    """A rule set on durable_rules: ``evaluate_case`` for one case, ``rank`` for a queue."""

    def __init__(self, ruleset: RuleSet, adapter: DurableAdapter | None = None) -> None:
        self.ruleset = ruleset
        self.compiled: CompiledRuleSet = compile_ruleset(ruleset)
        self.adapter = adapter or default_adapter()
        self.adapter.register(self.compiled.name, self.compiled.definition())

    @property
    def name(self) -> str:
        """The durable ruleset name: rule set, version and a digest of the parameter values."""
        return self.compiled.name

    def decide(
        self,
        case: Case,
        as_of: date,
        facts: dict[str, Any],
        evidence: dict[str, list[Record]] | None = None,
    ) -> CaseResult:
        """Rules, flags, tier and score of one case from its derived facts, decided by durable."""
        compiled, rs = self.compiled, self.ruleset
        values = compiled.encode(case, facts)
        decided: dict[Node, bool] = {}
        tiers: list[str] = []
        with self.adapter.session(compiled.name) as session:
            for stage, rules in compiled.by_stage.items():
                fired = set(session.assert_fact(compiled.stage_fact(stage, values)))
                for rule in rules:
                    hit = rule.name in fired
                    if rule.kind != "tier":
                        decided[(rule.kind, rule.id)] = hit
                    if rule.key is not None:
                        values[rule.key] = int(hit)
                    if hit and rule.kind == "tier":
                        tiers.append(rule.id)
        if len(tiers) != 1:
            raise DurableEngineError(
                f"{self.name}: case {case.case_id}: expected exactly one "
                f"tier rule to fire, got {tiers or 'none'}"
            )
        return result_of(case, rs, as_of, facts, evidence, decided, tiers[0])

    def evaluate_case(self, case: Case, as_of: date) -> CaseResult:
        """Derive the case's facts at ``as_of`` and let durable_rules decide every rule."""
        facts, evidence = derive_facts(case, self.ruleset, as_of)
        return self.decide(case, as_of, facts, evidence)

    def evaluate(self, cases: Iterable[Case], as_of: date) -> list[CaseResult]:
        """Results in input order."""
        return [self.evaluate_case(case, as_of) for case in cases]

    def rank(self, cases: Sequence[Case], as_of: date) -> list[CaseResult]:
        """Results in queue order (the rule set's total order, :func:`interpreter.sort_key`)."""
        return [result for result, _ in self._ranked(cases, as_of)]

    def _ranked(self, cases: Sequence[Case], as_of: date) -> list[tuple[CaseResult, int]]:
        results = self.evaluate(cases, as_of)
        keyed = sorted(
            range(len(cases)), key=lambda i: sort_key(results[i], cases[i], self.ruleset)
        )
        return [(results[i], i) for i in keyed]

    def rank_frame(self, frames: CaseFrames, as_of: date) -> pd.DataFrame:
        """The queue in the shape of :meth:`rules.batch.Evaluation.to_frame` (``frames`` given)."""
        cases = cases_from_frames(frames)
        ranked = self._ranked(cases, as_of)
        rows = np.array([row for _, row in ranked], dtype=np.int64)
        data: dict[str, Any] = {
            "rank": np.arange(1, len(ranked) + 1, dtype=np.int64),
            "case_id": np.array([r.case_id for r, _ in ranked], dtype=object),
            "tier": np.array([r.tier for r, _ in ranked], dtype=object),
            "score": np.array([r.score for r, _ in ranked], dtype=np.int64),
            "criteria": [list(r.criteria) for r, _ in ranked],
            "blockers": [list(r.blockers) for r, _ in ranked],
            "actions": [list(r.actions) for r, _ in ranked],
            "region": frames.cases["region"].astype(str).to_numpy()[rows],
        }
        latest = self.ruleset.queue.latest_event  # the date fact the rule set declares
        if latest is not None:
            days = [iso_day(r.facts[latest]) for r, _ in ranked]
            data["latest_event"] = pd.Series(days, dtype=object)  # None stays None
        data["row"] = rows
        return pd.DataFrame(data)


_ENGINES: dict[str, DurableEngine] = {}


def engine_for(ruleset: RuleSet) -> DurableEngine:
    """The (cached) durable engine of a rule set with its current parameter values."""
    name = compile_ruleset(ruleset).name
    with ENGINE_LOCK:
        if name not in _ENGINES:
            _ENGINES[name] = DurableEngine(ruleset)
        return _ENGINES[name]

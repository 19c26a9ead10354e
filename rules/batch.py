"""The vectorized engine: a whole caseload at one reference date, no per-case Python loop.

Facts are numpy arrays over the cases (``float64`` with ``NaN`` for a missing value, ``bool``
for ``exists``); record filters are boolean masks over the offence or incident rows, folded
into the cases with ``bincount`` / ``fmax.at``. Conditions follow SQL-like null semantics: a
comparison with a missing value is false, whatever the operator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from cases.frames import CaseFrames
from rules.days import iso_days, to_days, to_days_array
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
from rules.nulls import combine_arrays
from rules.operators import MEMBERSHIP, apply, apply_array
from rules.plan import references
from rules.windows import ages_in_years, counts_at_days, days_until_days, in_window_days


@dataclass
class Evaluation:
    """The outcome of one rule set on one caseload at one reference date.

    Row ``i`` of every array belongs to row ``i`` of the input frames. ``order`` holds the row
    positions in queue order (rank 1 first).
    """

    ruleset: RuleSet
    as_of: date
    case_ids: np.ndarray
    facts: dict[str, np.ndarray]
    criteria: np.ndarray  # bool (n, len(ruleset.criteria))
    blockers: np.ndarray  # bool (n, len(ruleset.blockers))
    actions: np.ndarray  # bool (n, len(ruleset.actions))
    tier: np.ndarray  # int8 index into ruleset.tiers
    score: np.ndarray  # int64
    order: np.ndarray  # int64 row positions, queue order

    def __len__(self) -> int:
        return len(self.case_ids)

    @property
    def ranks(self) -> np.ndarray:
        """1-based rank of every row."""
        ranks = np.empty(len(self.order), dtype=np.int64)
        ranks[self.order] = np.arange(1, len(self.order) + 1)
        return ranks

    def tier_ids(self) -> np.ndarray:
        ids: np.ndarray = np.asarray(self.ruleset.tier_ids, dtype=object)[self.tier]
        return ids

    def id_lists(self, which: str) -> list[list[str]]:
        """Per row, the ids of the criteria/blockers/actions that fired (rule-set order)."""
        matrix = getattr(self, which)
        ids = [r.id for r in getattr(self.ruleset, which)]
        if matrix.shape[1] == 0:
            return [[] for _ in range(len(matrix))]
        # Group rows by their bit pattern: a few dozen patterns cover a million rows.
        weights = 1 << np.arange(matrix.shape[1], dtype=np.int64)
        codes = matrix.astype(np.int64) @ weights
        patterns = {
            int(c): [ids[j] for j in range(len(ids)) if (int(c) >> j) & 1] for c in np.unique(codes)
        }
        return [patterns[int(c)] for c in codes]

    def to_frame(self, frames: CaseFrames | None = None) -> pd.DataFrame:
        """The queue as a frame in rank order (lists of ids per row; use for output)."""
        data: dict[str, Any] = {
            "rank": self.ranks,
            "case_id": self.case_ids,
            "tier": self.tier_ids(),
            "score": self.score,
            "criteria": self.id_lists("criteria"),
            "blockers": self.id_lists("blockers"),
            "actions": self.id_lists("actions"),
        }
        if frames is not None:
            data["region"] = frames.cases["region"].astype(str).to_numpy()
        latest = self.ruleset.queue.latest_event  # the date fact the rule set declares
        if latest is not None:
            # object dtype: a missing date stays None (pandas would make a str column with NaN)
            data["latest_event"] = pd.Series(iso_days(self.facts[latest]), dtype=object)
        data["row"] = np.arange(len(self.case_ids))
        frame = pd.DataFrame(data)
        return frame.iloc[self.order].reset_index(drop=True)


class _Context:
    """Columns of the caseload converted once, in the form conditions need."""

    def __init__(self, frames: CaseFrames, ruleset: RuleSet, as_of: date) -> None:
        self.frames = frames
        self.ruleset = ruleset
        self.as_of = as_of
        self.as_of_days = float(to_days(as_of))
        self.n = len(frames.cases)
        self._columns: dict[tuple[str, str], np.ndarray] = {}
        self.record_idx: dict[str, np.ndarray] = {}
        self.record_in_time: dict[str, np.ndarray] = {}
        for kind in ("offences", "incidents"):
            frame = getattr(frames, kind)
            self.record_idx[kind] = frame["case_idx"].to_numpy(dtype=np.int64)
            self.record_in_time[kind] = counts_at_days(self.column(kind, "date"), as_of)
        self.facts: dict[str, np.ndarray] = {}
        self.decided: dict[tuple[str, str], np.ndarray] = {}  # (kind, id) -> fired, plan order

    def frame(self, scope: str) -> pd.DataFrame:
        return self.frames.cases if scope == "case" else getattr(self.frames, scope)

    def length(self, scope: str) -> int:
        return len(self.frame(scope))

    def column(self, scope: str, name: str) -> np.ndarray:
        key = (scope, name)
        if key not in self._columns:
            series = self.frame(scope)[name]
            if isinstance(series.dtype, pd.CategoricalDtype):
                values = series.cat.codes.to_numpy()
            elif pd.api.types.is_datetime64_any_dtype(series.dtype):
                values = to_days_array(series.to_numpy())
            elif series.dtype == bool:
                values = series.to_numpy()
            else:
                values = series.to_numpy(dtype=np.float64)
            self._columns[key] = values
        return self._columns[key]

    def categories(self, scope: str, name: str) -> list[str]:
        return list(self.frame(scope)[name].cat.categories)


def evaluate_condition(cond: Condition, ctx: _Context, scope: str) -> np.ndarray:
    """A boolean array over the cases (scope ``case``) or the records of one kind."""
    n = ctx.length(scope)
    rs = ctx.ruleset
    if isinstance(cond, All):
        out = np.ones(n, dtype=bool)
        for item in cond.items:
            out &= evaluate_condition(item, ctx, scope)
        return out
    if isinstance(cond, AnyOf):
        out = np.zeros(n, dtype=bool)
        for item in cond.items:
            out |= evaluate_condition(item, ctx, scope)
        return out
    if isinstance(cond, Not):
        return ~evaluate_condition(cond.item, ctx, scope)
    if isinstance(cond, Always):
        return np.ones(n, dtype=bool)
    if isinstance(cond, CriterionRef | BlockerRef | FlagRef):
        reads = references(cond, (r.id for r in rs.blockers))  # the plan decided them already
        out = np.zeros(n, dtype=bool)
        for node in reads:
            out |= ctx.decided[node]
        return out
    if isinstance(cond, Within):
        return in_window_days(
            ctx.column(scope, cond.field.name), ctx.as_of, int(rs.value(cond.months))
        )
    assert isinstance(cond, Compare)
    operand = rs.value(cond.operand)
    subject = cond.subject
    if isinstance(subject, ParamRef):
        return np.full(n, apply(cond.op, rs.values[subject.name], operand), dtype=bool)
    if isinstance(subject, FactRef):
        return apply_array(cond.op, ctx.facts[subject.name], operand)
    assert isinstance(subject, FieldRef)
    values = ctx.column(scope, subject.name)
    if isinstance(ctx.frame(scope)[subject.name].dtype, pd.CategoricalDtype):
        cats = ctx.categories(scope, subject.name)  # compare codes with codes
        if cond.op in MEMBERSHIP:
            operand = [cats.index(v) for v in operand]
        elif operand is not None:
            operand = cats.index(operand)
    return apply_array(cond.op, values, operand)


def _fact(fact: Any, ctx: _Context) -> np.ndarray:
    n = ctx.n
    if isinstance(fact, AggregateFact):
        mask = ctx.record_in_time[fact.over] & evaluate_condition(fact.where, ctx, fact.over)
        idx = ctx.record_idx[fact.over][mask]
        if fact.aggregate in ("count", "exists"):
            counts = np.bincount(idx, minlength=n)
            return counts > 0 if fact.aggregate == "exists" else counts.astype(np.float64)
        assert fact.field is not None  # max and min name their field (checked at load time)
        values = ctx.column(fact.over, fact.field)[mask]
        if fact.aggregate == "max":
            out = np.full(n, -np.inf)
            np.fmax.at(out, idx, values)
            out[np.isneginf(out)] = np.nan
        else:
            out = np.full(n, np.inf)
            np.fmin.at(out, idx, values)
            out[np.isposinf(out)] = np.nan
        return out
    if isinstance(fact, DeriveFact):
        if fact.derive == "days_until":
            return days_until_days(ctx.column("case", fact.field), ctx.as_of)
        return ages_in_years(ctx.frames.cases[fact.field].to_numpy(), ctx.as_of)
    assert isinstance(fact, CombineFact)
    return combine_arrays(fact.combine, [ctx.facts[name] for name in fact.facts])


def evaluate(frames: CaseFrames, ruleset: RuleSet, as_of: date) -> Evaluation:
    """Run the rule set on a whole caseload at ``as_of``: facts, rules, tier, score, order."""
    ctx = _Context(frames, ruleset, as_of)
    plan = ruleset.plan
    for name in plan.facts:
        ctx.facts[name] = _fact(ruleset.facts[name], ctx)
    for step in plan.steps:  # each after everything it refers to
        ctx.decided[step.node] = evaluate_condition(step.when, ctx, "case")
    criteria, blockers, actions = (
        _matrix(ctx, kind, rules)
        for kind, rules in (
            ("criterion", ruleset.criteria),
            ("blocker", ruleset.blockers),
            ("action", ruleset.actions),
        )
    )
    tier = np.full(ctx.n, -1, dtype=np.int8)
    for i, t in enumerate(ruleset.tiers):
        tier[(tier < 0) & evaluate_condition(t.when, ctx, "case")] = i
    points = np.array([r.points for r in ruleset.criteria], dtype=np.int64)
    score = criteria.astype(np.int64) @ points if len(points) else np.zeros(ctx.n, np.int64)
    case_ids = frames.cases["case_id"].to_numpy(dtype=object)
    order = queue_order(ruleset, ctx, tier, score, case_ids)
    return Evaluation(
        ruleset, as_of, case_ids, ctx.facts, criteria, blockers, actions, tier, score, order
    )


def _matrix(ctx: _Context, kind: str, rules: tuple[Any, ...]) -> np.ndarray:
    """The decided rules of one kind as columns, in rule-set order."""
    out = np.zeros((ctx.n, len(rules)), dtype=bool)
    for j, rule in enumerate(rules):
        out[:, j] = ctx.decided[(kind, rule.id)]
    return out


def queue_order(
    ruleset: RuleSet, ctx: _Context, tier: np.ndarray, score: np.ndarray, case_ids: np.ndarray
) -> np.ndarray:
    """Row positions in the rule set's total queue order (one ``lexsort`` over numeric keys)."""
    keys: list[np.ndarray] = []
    for key in ruleset.ordering:
        if key.by == "case_id":
            rank = ctx.frames.id_rank()
            keys.append(-rank if key.direction == "desc" else rank)
            continue
        if key.by == "tier":
            values = tier.astype(np.float64)
        elif key.by == "score":
            values = score.astype(np.float64)
        elif key.by in ctx.facts:
            values = ctx.facts[key.by].astype(np.float64)
        else:
            values = ctx.column("case", key.by).astype(np.float64)
            if isinstance(ctx.frames.cases[key.by].dtype, pd.CategoricalDtype):
                values = np.where(values < 0, np.nan, values)
        values = -values if key.direction == "desc" else values.copy()
        values[np.isnan(values)] = np.inf if key.missing == "last" else -np.inf
        keys.append(values)
    if not keys:
        return np.arange(len(case_ids))
    return np.lexsort(tuple(reversed(keys)))

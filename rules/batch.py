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
from rules.windows import days_since_epoch, window_start

_EPOCH = np.datetime64("1970-01-01", "D")


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
        return np.asarray(self.ruleset.tier_ids, dtype=object)[self.tier]

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
        latest = self.facts.get("latest_event")
        if latest is not None:
            data["latest_event"] = _days_to_dates(latest)
        data["row"] = np.arange(len(self.case_ids))
        frame = pd.DataFrame(data)
        return frame.iloc[self.order].reset_index(drop=True)


def _days_to_dates(days: np.ndarray) -> np.ndarray:
    out = np.full(len(days), None, dtype=object)
    ok = ~np.isnan(days)
    out[ok] = (_EPOCH + days[ok].astype("int64")).astype("datetime64[D]").astype(str)
    return out


def _date_days(values: pd.Series | np.ndarray) -> np.ndarray:
    """Dates as float days since 1970-01-01, NaN where missing."""
    arr = np.asarray(values, dtype="datetime64[s]").astype("datetime64[D]")
    out = arr.astype(np.int64).astype(np.float64)
    out[np.isnat(arr)] = np.nan
    return out


class _Context:
    """Columns of the caseload converted once, in the form conditions need."""

    def __init__(self, frames: CaseFrames, ruleset: RuleSet, as_of: date) -> None:
        self.frames = frames
        self.ruleset = ruleset
        self.as_of = as_of
        self.as_of_days = float(days_since_epoch(as_of))
        self.n = len(frames.cases)
        self._columns: dict[tuple[str, str], np.ndarray] = {}
        self.record_idx: dict[str, np.ndarray] = {}
        self.record_in_time: dict[str, np.ndarray] = {}
        for kind in ("offences", "incidents"):
            frame = getattr(frames, kind)
            self.record_idx[kind] = frame["case_idx"].to_numpy(dtype=np.int64)
            days = self.column(kind, "date")
            self.record_in_time[kind] = days <= self.as_of_days  # events after as_of never count
        self.facts: dict[str, np.ndarray] = {}
        self.rules: dict[str, np.ndarray] = {}
        self.any_blocker = np.zeros(self.n, dtype=bool)
        self.flags: dict[str, np.ndarray] = {}

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
                values = _date_days(series.to_numpy())
            elif series.dtype == bool:
                values = series.to_numpy()
            else:
                values = series.to_numpy(dtype=np.float64)
            self._columns[key] = values
        return self._columns[key]

    def categories(self, scope: str, name: str) -> list[str]:
        return list(self.frame(scope)[name].cat.categories)


def _compare(values: np.ndarray, op: str, operand: Any) -> np.ndarray:
    if values.dtype == bool:
        result = values == bool(operand)
        return result if op == "eq" else ~result
    present = ~np.isnan(values)
    match op:
        case "eq":
            return values == operand
        case "ne":
            return (values != operand) & present
        case "lt":
            return values < operand
        case "le":
            return values <= operand
        case "gt":
            return values > operand
        case "ge":
            return values >= operand
    raise ValueError(op)


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
    if isinstance(cond, CriterionRef):
        return ctx.rules[cond.id]
    if isinstance(cond, BlockerRef):
        return ctx.any_blocker if cond.id == "any" else ctx.rules[cond.id]
    if isinstance(cond, FlagRef):
        return ctx.flags[cond.name]
    if isinstance(cond, Within):
        months = int(rs.value(cond.months))
        start = float(days_since_epoch(window_start(ctx.as_of, months)))
        days = ctx.column(scope, cond.field.name)
        return (days > start) & (days <= ctx.as_of_days)
    assert isinstance(cond, Compare)
    operand = rs.value(cond.operand)
    subject = cond.subject
    if isinstance(subject, ParamRef):
        value = rs.values[subject.name]
        return np.full(n, _scalar_compare(value, cond.op, operand), dtype=bool)
    if isinstance(subject, FactRef):
        return _compare(ctx.facts[subject.name], cond.op, operand)
    assert isinstance(subject, FieldRef)
    values = ctx.column(scope, subject.name)
    series = ctx.frame(scope)[subject.name]
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = ctx.categories(scope, subject.name)
        if cond.op in ("in", "not_in"):
            codes = [cats.index(v) for v in operand]
            hit = np.isin(values, codes)
            return hit if cond.op == "in" else (~hit & (values >= 0))
        code = cats.index(operand)
        return values == code if cond.op == "eq" else ((values != code) & (values >= 0))
    return _compare(values, cond.op, operand)


def _scalar_compare(value: Any, op: str, operand: Any) -> bool:
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


def _fact(fact: Any, ctx: _Context) -> np.ndarray:
    n = ctx.n
    if isinstance(fact, AggregateFact):
        mask = ctx.record_in_time[fact.over] & evaluate_condition(fact.where, ctx, fact.over)
        idx = ctx.record_idx[fact.over][mask]
        if fact.aggregate in ("count", "exists"):
            counts = np.bincount(idx, minlength=n)
            return counts > 0 if fact.aggregate == "exists" else counts.astype(np.float64)
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
            return ctx.column("case", fact.field) - ctx.as_of_days
        dates = pd.DatetimeIndex(ctx.frames.cases[fact.field].to_numpy())
        as_of = ctx.as_of
        before_birthday = (as_of.month * 100 + as_of.day) < (dates.month * 100 + dates.day)
        years = as_of.year - dates.year - before_birthday.astype(np.int64)
        out = np.asarray(years, dtype=np.float64)
        out[np.asarray(dates.isna())] = np.nan
        return out
    assert isinstance(fact, CombineFact)
    parts = [ctx.facts[name].astype(np.float64) for name in fact.facts]
    if fact.combine == "max_of":
        out = parts[0]
        for part in parts[1:]:
            out = np.fmax(out, part)
        return out
    stacked = np.vstack(parts)
    total = np.nansum(stacked, axis=0)
    total[np.all(np.isnan(stacked), axis=0)] = np.nan
    return total


def evaluate(frames: CaseFrames, ruleset: RuleSet, as_of: date) -> Evaluation:
    """Run the rule set on a whole caseload at ``as_of``: facts, rules, tier, score, order."""
    ctx = _Context(frames, ruleset, as_of)
    for name, fact in ruleset.facts.items():
        ctx.facts[name] = _fact(fact, ctx)
    criteria = np.zeros((ctx.n, len(ruleset.criteria)), dtype=bool)
    # Criteria may refer to earlier criteria (load time proves there is no cycle).
    for j, rule in _in_dependency_order(ruleset.criteria):
        criteria[:, j] = ctx.rules[rule.id] = evaluate_condition(rule.when, ctx, "case")
    blockers = np.zeros((ctx.n, len(ruleset.blockers)), dtype=bool)
    for j, rule in enumerate(ruleset.blockers):
        blockers[:, j] = ctx.rules[rule.id] = evaluate_condition(rule.when, ctx, "case")
    ctx.any_blocker = blockers.any(axis=1) if blockers.shape[1] else np.zeros(ctx.n, dtype=bool)
    for name, flag in ruleset.flags.items():
        ctx.flags[name] = evaluate_condition(flag.when, ctx, "case")
    actions = np.zeros((ctx.n, len(ruleset.actions)), dtype=bool)
    for j, rule in enumerate(ruleset.actions):
        actions[:, j] = ctx.rules[rule.id] = evaluate_condition(rule.when, ctx, "case")
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


def _in_dependency_order(rules: tuple[Any, ...]) -> list[tuple[int, Any]]:
    done: set[str] = set()
    pending = list(enumerate(rules))
    out: list[tuple[int, Any]] = []
    while pending:
        rest = []
        for j, rule in pending:
            refs = _criterion_refs(rule.when)
            if refs <= done or not (refs & {r.id for r in rules}):
                out.append((j, rule))
                done.add(rule.id)
            else:
                rest.append((j, rule))
        if len(rest) == len(pending):  # unreachable: load time rejects cycles
            out.extend(rest)
            break
        pending = rest
    return out


def _criterion_refs(cond: Condition) -> set[str]:
    if isinstance(cond, All | AnyOf):
        return set().union(*(_criterion_refs(c) for c in cond.items))
    if isinstance(cond, Not):
        return _criterion_refs(cond.item)
    if isinstance(cond, CriterionRef):
        return {cond.id}
    return set()


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

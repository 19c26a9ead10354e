"""The figures of the post-market monitoring (EU AI Act Art. 72, 14), from plain tables.

Pure pandas/numpy: :mod:`service.monitoring.service` reads the database, the caseload and the
model and hands the tables to these functions, which the tests also call directly. Every count
of people that is shown passes :func:`hidden_rows` (small cells as
:mod:`fairness.suppression` defines them, and the rows that would reveal them, are hidden);
rates of hidden rows are hidden with them.

Four views, each with a threshold that raises a warning (:class:`Thresholds`):

* **departures from the order**: share of recorded decisions that departed from the queue
  (``override``), per tier, criterion, region and week;
* **agreement** of the rules (priority tier or not), the points model (positive points or not)
  and the recorded decisions (taken up or held back), on each case's first decision;
* **drift** of the model's inputs: population stability index per feature against the training
  data of the model in force (:mod:`models.drift`);
* **fairness of the queue over time**: per week and audit attribute, the share of each group in
  a priority tier, its ratio to the reference group and whether the differences are beyond
  chance (Pearson's chi-square over the groups large enough to be judged). The reference group
  is the one definition of the product, :func:`fairness.report.reference_group` with
  :data:`fairness.report.DEFAULT_REFERENCE` (the *largest* group large enough to be judged),
  as in the what-if simulation and ``triage fairness``; so a group is flagged below
  ``fairness_ratio`` or above its inverse (:func:`fairness.report.four_fifths_flags`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

from fairness.report import DEFAULT_REFERENCE, four_fifths_flags, reference_group
from fairness.suppression import MIN_CELL_SIZE, Relation, suppress_cells, suppress_rows
from models.drift import psi

__all__ = [
    "Signal",
    "Thresholds",
    "agreement",
    "departures",
    "drift",
    "fairness_over_time",
    "hidden_rows",
    "week_ends",
    "week_of",
]


@dataclass(frozen=True)
class Thresholds:
    """When a figure raises a warning (settings ``TRIAGE_MONITORING_*``)."""

    departure_rate: float = 0.30  # share of decisions departing from the order
    agreement: float = 0.70  # least agreement between rules, model and decisions
    psi_warn: float = 0.10  # moderate shift of a model input
    psi_alert: float = 0.25  # major shift: the model no longer describes its cases
    fairness_ratio: float = 0.8  # four fifths
    alpha: float = 0.01  # significance of a selection-rate difference
    min_group_size: int = 30  # groups smaller than this are shown, not judged
    min_cell: int = MIN_CELL_SIZE

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


@dataclass(frozen=True)
class Signal:
    """One threshold crossed: what, where, the value and the threshold (words come later)."""

    code: str  # departures | agreement | drift | fairness
    level: str  # warning | alert
    subject: str  # e.g. "total", an ISO week "2026-W47", a feature or "nationality"
    value: float
    threshold: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def week_of(day: date) -> str:
    """ISO week of ``day``: ``2026-W48`` (a code; pages and plots show
    :func:`texts.labels.week_label`, ``KW 48/2026``)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_ends(as_of: date, weeks: int) -> list[date]:
    """``weeks`` reference dates, one per week, the last being ``as_of`` (oldest first)."""
    return [as_of - timedelta(days=7 * k) for k in range(weeks - 1, -1, -1)]


def hidden_rows(table: pd.DataFrame, minimum: int = MIN_CELL_SIZE) -> np.ndarray:
    """Rows of a one-way table (rows = groups, columns = counts of one split, e.g. departed /
    followed) that must not be shown: :func:`fairness.suppression.suppress_rows`.

    A row is hidden when any of its cells is small (:func:`fairness.suppression.is_small`).
    Since the column totals are public elsewhere (the queue's counts), further rows are hidden,
    smallest first, until no hidden row can be recovered by subtraction, the hidden rows add up
    to none or at least ``minimum`` in every column, and no hidden small count can be narrowed
    below ``minimum`` from the visible rows and the totals (by rows here, so that one small
    group never hides every other one's cells one by one).
    """
    return suppress_rows(table, minimum)


def _rate(part: float, whole: float) -> float | None:
    return None if whole == 0 else float(part) / float(whole)


# ------------------------------------------------------------------------ departures


def _counted_rows(
    keys: Sequence[str], decisions: np.ndarray, departed: np.ndarray, min_cell: int
) -> list[dict[str, Any]]:
    """Rows of (key, decisions, departures, rate) with small cells hidden."""
    if not keys:
        return []
    table = pd.DataFrame(
        {"departed": departed, "followed": decisions - departed}, index=list(keys)
    ).astype(np.int64)
    hidden = hidden_rows(table, min_cell)
    rows = []
    for key, n, k, hide in zip(keys, decisions, departed, hidden, strict=True):
        rows.append(
            {
                "key": key,
                "decisions": None if hide else int(n),
                "departures": None if hide else int(k),
                "rate": None if hide else _rate(k, n),
                "suppressed": bool(hide),
            }
        )
    return rows


def departures(
    decisions: pd.DataFrame, thresholds: Thresholds
) -> tuple[dict[str, Any], list[Signal]]:
    """How often decisions departed from the order, in total and per tier, criterion, region
    and week.

    ``decisions`` has one row per recorded decision with the columns ``override`` (bool),
    ``tier``, ``region``, ``week`` and ``criteria`` (the criteria that applied to the case
    when it was decided, a list).
    """
    n = len(decisions)
    departed = decisions["override"].astype(bool).to_numpy() if n else np.zeros(0, dtype=bool)
    total_rate = _rate(int(departed.sum()), n)
    out: dict[str, Any] = {
        "total": {
            "decisions": n,
            "departures": int(departed.sum()),
            "rate": total_rate,
        }
    }
    for column in ("tier", "region", "week"):
        if n:
            grouped = decisions.assign(_d=departed).groupby(column, sort=True)["_d"]
            keys = [str(k) for k in grouped.size().index]
            sizes = grouped.size().to_numpy()
            hits = grouped.sum().to_numpy().astype(np.int64)
        else:
            keys, sizes, hits = [], np.zeros(0, np.int64), np.zeros(0, np.int64)
        out[f"by_{column}"] = _counted_rows(keys, sizes, hits, thresholds.min_cell)
    per_criterion: dict[str, list[int]] = {}
    for criteria, hit in zip(decisions["criteria"] if n else [], departed, strict=True):
        for criterion in criteria:
            counts = per_criterion.setdefault(str(criterion), [0, 0])
            counts[0] += 1
            counts[1] += int(hit)
    keys = sorted(per_criterion)
    out["by_criterion"] = _counted_rows(
        keys,
        np.array([per_criterion[k][0] for k in keys], dtype=np.int64),
        np.array([per_criterion[k][1] for k in keys], dtype=np.int64),
        thresholds.min_cell,
    )
    warnings: list[Signal] = []
    if (
        total_rate is not None
        and n >= thresholds.min_cell
        and total_rate > thresholds.departure_rate
    ):
        warnings.append(
            Signal("departures", "warning", "total", total_rate, thresholds.departure_rate)
        )
    for row in out["by_week"]:
        if row["rate"] is not None and row["rate"] > thresholds.departure_rate:
            warnings.append(
                Signal("departures", "warning", row["key"], row["rate"], thresholds.departure_rate)
            )
    return out, warnings


# ------------------------------------------------------------------------- agreement


def agreement(first: pd.DataFrame, thresholds: Thresholds) -> tuple[dict[str, Any], list[Signal]]:
    """Agreement of rules, model and decisions on each case's first label-bearing decision.

    ``first`` has the 0/1 columns ``decision`` (taken up), ``rules`` (a priority tier when
    decided) and ``model`` (positive points; NaN where no model scored the case).
    """
    n = len(first)
    pairs = {
        "rules_decisions": ("rules", "decision"),
        "model_decisions": ("model", "decision"),
        "rules_model": ("rules", "model"),
    }
    out: dict[str, Any] = {"cases": n, "suppressed": 0 < n < thresholds.min_cell}
    warnings: list[Signal] = []
    for name, (a, b) in pairs.items():
        both = first[[a, b]].dropna() if n else pd.DataFrame(columns=[a, b])
        m = len(both)
        value = (
            float((both[a].astype(int) == both[b].astype(int)).mean())
            if m >= thresholds.min_cell
            else None
        )
        out[name] = {"cases": m if m >= thresholds.min_cell or m == 0 else None, "rate": value}
        if value is not None and value < thresholds.agreement:
            warnings.append(Signal("agreement", "warning", name, value, thresholds.agreement))
    if n and n >= thresholds.min_cell:
        out["taken_up"] = {
            "decisions": _rate(int(first["decision"].sum()), n),
            "rules": _rate(int(first["rules"].sum()), n),
            "model": (
                None
                if first["model"].isna().all()
                else float(first["model"].dropna().astype(int).mean())
            ),
        }
    else:
        out["taken_up"] = None
    return out, warnings


# ----------------------------------------------------------------------------- drift


def _shares(counts: Sequence[int], min_cell: int) -> list[float | None]:
    """Each bin's share; a small bin is hidden, and more bins with it
    (:func:`fairness.suppression.suppress_cells`: the shares add up to one, so a lone hidden
    bin, or hidden bins adding up to a small count, would be given away)."""
    values = [int(c) for c in counts]
    total = sum(values)
    if total == 0:
        return [None for _ in values]
    cells = [*values, total]
    relations = [Relation.total(len(values), range(len(values)))]
    hideable = [True] * len(values) + [False]
    hidden = suppress_cells(cells, relations, min_cell, hideable=hideable)
    return [None if hidden[i] else c / total for i, c in enumerate(values)]


def drift(
    training: Mapping[str, Sequence[int]],
    current: Mapping[str, Sequence[int]],
    bins: Mapping[str, Sequence[str]],
    titles: Mapping[str, str],
    thresholds: Thresholds,
) -> tuple[list[dict[str, Any]], list[Signal]]:
    """PSI per model feature, with the shares per bin on both sides (small cells hidden)."""
    rows: list[dict[str, Any]] = []
    warnings: list[Signal] = []
    for name, expected in training.items():
        actual = current.get(name)
        if actual is None or len(actual) != len(expected):
            continue
        value = psi(expected, actual)
        level = (
            "alert"
            if value >= thresholds.psi_alert
            else "warning"
            if value >= thresholds.psi_warn
            else "ok"
        )
        rows.append(
            {
                "feature": name,
                "title": titles.get(name, name),
                "psi": None if math.isnan(value) else value,
                "level": level,
                "bins": list(bins.get(name, [str(i) for i in range(len(expected))])),
                "training_share": _shares(expected, thresholds.min_cell),
                "current_share": _shares(actual, thresholds.min_cell),
            }
        )
        if level != "ok":
            threshold = thresholds.psi_alert if level == "alert" else thresholds.psi_warn
            warnings.append(Signal("drift", level, name, value, threshold))
    return rows, warnings


# -------------------------------------------------------------------------- fairness


def _chi2(selected: np.ndarray, counts: np.ndarray) -> float:
    """p-value of Pearson's chi-square test of group vs. selection (NaN when undefined)."""
    table = np.column_stack([selected, counts - selected])
    if len(table) < 2 or (table.sum(axis=0) == 0).any():
        return math.nan
    return float(chi2_contingency(table, correction=False).pvalue)


def fairness_week(
    selected: np.ndarray, groups: Iterable[Any], thresholds: Thresholds
) -> dict[str, Any]:
    """One week of one audit attribute: per group count, selected, rate, ratio; the test."""
    frame = pd.DataFrame({"group": list(groups), "selected": np.asarray(selected, dtype=bool)})
    grouped = frame.groupby("group", sort=True)["selected"]
    counts = grouped.size()
    chosen = grouped.sum().astype(np.int64)
    table = pd.DataFrame({"selected": chosen, "other": counts - chosen}).astype(np.int64)
    hidden = pd.Series(hidden_rows(table, thresholds.min_cell), index=table.index, dtype=bool)
    rates = chosen / counts
    eligible = (counts >= thresholds.min_group_size) & ~hidden
    reference = reference_group(counts[eligible], rates[eligible], how=DEFAULT_REFERENCE)
    base = float(rates[reference]) if reference is not None else math.nan
    p_value = _chi2(chosen[eligible].to_numpy(), counts[eligible].to_numpy())
    significant = bool(not math.isnan(p_value) and p_value < thresholds.alpha)
    rows = []
    flagged = []
    ratios: list[float] = []
    for group in counts.index:
        hide = bool(hidden[group])
        ratio = float(rates[group] / base) if not hide and base > 0 and eligible[group] else None
        if ratio is not None:
            ratios.append(ratio)
            flag = four_fifths_flags([ratio], thresholds.fairness_ratio, DEFAULT_REFERENCE)[0]
            if flag and significant:
                flagged.append(str(group))
        rows.append(
            {
                "group": str(group),
                "cases": None if hide else int(counts[group]),
                "selected": None if hide else int(chosen[group]),
                "rate": None if hide else float(rates[group]),
                "ratio": ratio,
                "judged": bool(eligible[group]),
                "suppressed": hide,
            }
        )
    return {
        "groups": rows,
        "reference": None if reference is None else str(reference),
        "lowest_ratio": min(ratios) if ratios else None,
        "highest_ratio": max(ratios) if ratios else None,
        "p_value": None if math.isnan(p_value) else p_value,
        "significant": significant,
        "flagged": flagged,
    }


def fairness_over_time(
    weeks: Sequence[tuple[date, np.ndarray, Mapping[str, np.ndarray]]],
    thresholds: Thresholds,
) -> tuple[dict[str, list[dict[str, Any]]], list[Signal]]:
    """Per audit attribute, one :func:`fairness_week` per reference date.

    ``weeks``: (reference date, selected per case, {attribute: group per case}).
    """
    out: dict[str, list[dict[str, Any]]] = {}
    warnings: list[Signal] = []
    for day, selected, attributes in weeks:
        for attribute, groups in attributes.items():
            week = fairness_week(selected, groups, thresholds)
            week.update({"as_of": day.isoformat(), "week": week_of(day)})
            out.setdefault(attribute, []).append(week)
    for attribute, series in out.items():
        last = series[-1] if series else None
        if not last or not last["flagged"]:
            continue
        # The flagged ratio farthest from 1 (a ratio of 0.5 and one of 2 are as far).
        ratios = {g["group"]: g["ratio"] for g in last["groups"]}
        worst = max(
            (float(ratios[g]) for g in last["flagged"]),
            key=lambda r: abs(math.log(r)) if r > 0 else math.inf,
        )
        bound = thresholds.fairness_ratio if worst < 1 else 1 / thresholds.fairness_ratio
        warnings.append(Signal("fairness", "warning", attribute, worst, bound))
    return out, warnings

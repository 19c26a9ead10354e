"""Drift of the model's inputs: bin counts of the training data and the population stability index.

A trained points model records how its training cases fell into its own bins
(:func:`bin_counts`, stored in the scorecard as ``training.distribution``). The post-market
monitoring (EU AI Act Art. 72) bins today's open caseload the same way and compares the two
with the population stability index (:func:`psi`) per feature:

``PSI = sum_b (a_b - e_b) * ln(a_b / e_b)`` over the bins ``b``, with ``e_b`` the share of the
training cases and ``a_b`` the share of today's cases in bin ``b``. A share of zero is replaced
by ``EPSILON`` so that a bin empty on one side counts as a large change, not as infinity.
Conventional reading (Siddiqi, *Credit Risk Scorecards*, 2006): below 0.1 no notable change,
0.1 to 0.25 a moderate shift worth a look, above 0.25 a major shift: the model's figures no
longer describe the cases it scores.

The bins are the model's own (cuts from the rule set's parameters), so a shift reads in the
policy's terms ("more cases with two or more open proceedings") and needs no extra binning
choice. Pure numpy; no personal data leaves this module, only counts per bin.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["EPSILON", "bin_counts", "psi", "psi_table"]

#: Share used in place of an empty bin (see the module docstring).
EPSILON = 1e-4


def bin_counts(model: Any, X: pd.DataFrame) -> dict[str, list[int]]:
    """Cases per bin of every feature of a fitted :class:`models.points.PointsModel`.

    ``X`` holds the model's feature columns (any order; extra columns are ignored). The
    result lists, per feature, the number of rows in each of the model's bins, lowest first
    (the rows of its points table).
    """
    names = [str(n) for n in model.feature_names_in_]
    missing = [n for n in names if n not in X.columns]
    if missing:
        raise ValueError(f"feature table lacks the model's feature(s): {', '.join(missing)}")
    out: dict[str, list[int]] = {}
    for name, cuts in zip(names, model.thresholds_, strict=True):
        values = X[name].to_numpy(dtype=np.float64)
        bins = np.searchsorted(np.asarray(cuts, dtype=np.float64), values, side="right")
        out[name] = [int(c) for c in np.bincount(bins, minlength=len(cuts) + 1)]
    return out


def psi(expected: Sequence[float], actual: Sequence[float]) -> float:
    """Population stability index of two count (or share) vectors over the same bins.

    >>> psi([50, 50], [50, 50])
    0.0
    >>> round(psi([90, 10], [50, 50]), 3)
    0.879
    """
    e = np.asarray(expected, dtype=np.float64)
    a = np.asarray(actual, dtype=np.float64)
    if e.shape != a.shape or e.ndim != 1 or e.size == 0:
        raise ValueError(f"expected and actual need the same bins: {e.shape} vs. {a.shape}")
    if (e < 0).any() or (a < 0).any():
        raise ValueError("counts must not be negative")
    if e.sum() == 0 or a.sum() == 0:
        return math.nan
    e = np.maximum(e / e.sum(), EPSILON)
    a = np.maximum(a / a.sum(), EPSILON)
    return float(np.sum((a - e) * np.log(a / e)))


def psi_table(
    training: Mapping[str, Sequence[int]], current: Mapping[str, Sequence[int]]
) -> pd.DataFrame:
    """PSI per feature present on both sides (index ``feature``; columns ``psi``, ``n_training``,
    ``n_current``). A feature whose bins differ in number is reported with PSI NaN."""
    rows = []
    for name, counts in training.items():
        if name not in current:
            continue
        now = current[name]
        value = psi(counts, now) if len(counts) == len(now) else math.nan
        rows.append((name, value, int(sum(counts)), int(sum(now))))
    table = pd.DataFrame(rows, columns=["feature", "psi", "n_training", "n_current"])
    return table.set_index("feature")

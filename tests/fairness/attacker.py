"""The reader who tries to narrow hidden cells down: for each hidden cell, the least and the
greatest value it can take given every published number (linear programming, the standard
audit of cell suppression), written independently of :mod:`fairness.suppression`.

A reader knows: the published cells, the published equations (each ``total == sum(parts)``),
bounds on single cells (``known``), that counts are not negative and - because an empty cell is
always shown - that a hidden cell holds at least one person.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from scipy.optimize import linprog

#: An equation the reader knows: the cells of the first tuple add up to those of the second.
Equation = tuple[Sequence[str], Sequence[str]]


def intervals(
    values: Mapping[str, int],
    hidden: set[str],
    equations: Sequence[Equation],
    known: Mapping[str, tuple[float, float]] | None = None,
    may_be_zero: set[str] | None = None,
) -> dict[str, tuple[float, float]]:
    """``may_be_zero``: hidden cells the reader cannot assume to hold anyone."""
    names = sorted(hidden)
    column = {name: k for k, name in enumerate(names)}
    rows, rhs = [], []
    for plus, minus in equations:
        row = np.zeros(len(names))
        constant = 0.0
        for sign, side in ((1.0, plus), (-1.0, minus)):
            for name in side:
                if name in hidden:
                    row[column[name]] += sign
                else:
                    constant += sign * values[name]
        if row.any():
            rows.append(row)
            rhs.append(-constant)
    bounds = []
    for name in names:
        lo, hi = (known or {}).get(name, (0.0, math.inf))
        floor = 0.0 if name in (may_be_zero or set()) else 1.0
        bounds.append((max(floor, lo), None if math.isinf(hi) else hi))
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    out: dict[str, tuple[float, float]] = {}
    for name in names:
        ends = []
        for sense in (1.0, -1.0):
            c = np.zeros(len(names))
            c[column[name]] = sense
            result = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if result.status == 3:
                ends.append(math.inf * -sense)
            else:
                assert result.status == 0, result.message  # the true values are feasible
                ends.append(sense * result.fun)
        out[name] = (ends[0], ends[1])
    return out


def one_sided_sums(
    values: Mapping[str, int], hidden: set[str], equations: Sequence[Equation]
) -> list[int]:
    """For each equation whose hidden cells all stand on one side: their sum, which the
    reader computes from the visible cells."""
    sums = []
    for plus, minus in equations:
        hp = [n for n in plus if n in hidden]
        hm = [n for n in minus if n in hidden]
        if bool(hp) != bool(hm):
            sums.append(sum(values[n] for n in hp or hm))
    return sums

"""Small-cell suppression for published aggregates (statistical disclosure control).

A count of people in a cell smaller than ``minimum`` (but not zero) is not shown: with the
margins a reader also sees, it could single out a person (a region's only P1 case of one
nationality). Hiding those cells alone (*primary* suppression) is not enough when totals are
shown beside them, so this module hides further cells (*secondary* suppression) until a reader
who knows every published number cannot narrow a hidden small cell down.

**What a reader knows.** Every published number, every published relation between them (a row
adds up to its total, a region's cases add up to the state's, ...), that counts are whole and
never negative, and - since an empty cell is always shown (it discloses nobody) - that every
hidden cell holds at least one person.

**What is guaranteed** (:func:`suppress_cells`, and with it :func:`suppress_table` and the
simulation's tables, ``policy.disclosure``):

1. every cell with ``0 < n < minimum`` is hidden;
2. no relation has exactly one hidden cell (so no hidden cell equals a total minus visible
   cells);
3. in every relation, the hidden cells that stand on one side of it (the hidden cells of a row
   whose total is shown) add up to none or to at least ``minimum`` people - the gap of the
   simple secondary suppression, where the row ``[3, 4, 50]`` with its total 57 hid 3 and 4 but
   published their sum, 7, as ``57 - 50``;
4. the **protection interval rule**: for every hidden cell with fewer than ``minimum`` people,
   the largest value it can take given everything published (an integer program over all the
   relations at once, so cells pinned through several rows and columns are found too) is at
   least ``minimum``. A reader can therefore never tell a hidden small cell from a hidden cell
   that could have been published: that is the upper protection level ``minimum - n`` of the
   threshold rule (Hundepool et al., *Statistical Disclosure Control*, 2012, ch. 4-5: the
   feasibility interval of a sensitive cell must cover its protection interval). The lower end
   needs no rule: it is at most ``n`` and at least 1 anyway, and knowing "at least one" tells
   nothing the hiding did not already.

Secondary cells are chosen as few and as small as possible: while the audit of rule 4 finds an
under-protected cell, the linear program of complementary suppression (:func:`_pattern`) looks
for another table a reader could not tell from the true one in which that cell holds
``minimum``, changing hidden cells freely and as few visible ones as it can (smaller ones
first); the visible cells it changes are hidden. Then the line rules 2 and 3 hide, in every
line that breaks them, the smallest visible non-zero cell, and the audit runs again, until both
hold. (Should the program find nothing, the smallest cell around the weak one is hidden.)

**What is not guaranteed.** The audit looks at each hidden cell alone and at the one-sided sums
of single relations: the sum of hidden cells from *different* relations (two cells of different
rows and columns) may still be derivable and small. And a reader who knows the algorithm (secondary
cells are few and small) learns a little about the hidden cells.
Differencing two tables of different dates is a separate control (``policy.disclosure``).

Everything here is numpy/scipy (``scipy.optimize.milp``), with no other project package.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = [
    "MIN_CELL_SIZE",
    "Relation",
    "TableSuppression",
    "feasible_intervals",
    "is_small",
    "suppress_cells",
    "suppress_rows",
    "suppress_table",
    "suppress_with_totals",
    "table_relations",
]

#: Cells with fewer people than this (and more than none) are suppressed (documented default).
MIN_CELL_SIZE = 10


def is_small(count: int, minimum: int = MIN_CELL_SIZE) -> bool:
    """``True`` when a count of ``count`` people may not be shown (``0 < count < minimum``)."""
    return 0 < count < minimum


@dataclass(frozen=True)
class Relation:
    """A published relation between cells: the cells of ``plus`` add up to those of ``minus``.

    A row and its total is ``Relation(plus=(total,), minus=row_cells)``; two partitions of the
    same people are ``Relation(plus=groups_of_one, minus=groups_of_the_other)``.
    """

    plus: tuple[int, ...]
    minus: tuple[int, ...]

    @classmethod
    def total(cls, total: int, parts: Iterable[int]) -> Relation:
        return cls((total,), tuple(parts))

    @property
    def cells(self) -> tuple[int, ...]:
        return (*self.plus, *self.minus)

    def holds(self, values: np.ndarray) -> bool:
        return int(values[list(self.plus)].sum()) == int(values[list(self.minus)].sum())


# --------------------------------------------------------------------------- the audit


def _component(cell: int, relations: Sequence[Relation], hidden: np.ndarray) -> np.ndarray:
    """The hidden cells linked to ``cell`` through relations with hidden cells (only they
    bear on what ``cell`` can be: every other hidden cell may as well be shown)."""
    groups = [[c for c in r.cells if hidden[c]] for r in relations]
    linked = np.zeros(len(hidden), dtype=bool)
    linked[cell] = True
    changed = True
    while changed:
        changed = False
        for group in groups:
            if group and linked[group].any() and not linked[group].all():
                linked[group] = True
                changed = True
    return linked


def _system(
    relations: Sequence[Relation],
    values: np.ndarray,
    hidden: np.ndarray,
    around: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The reader's equations over the hidden cells (those linked to ``around`` only, if
    given): ``A @ x == b``; returns the indices of the cells (the columns of ``A``), ``A`` and
    ``b``."""
    if around is not None:
        hidden = _component(around, relations, hidden)
    index = np.flatnonzero(hidden)
    column = {int(c): k for k, c in enumerate(index)}
    rows, rhs = [], []
    for relation in relations:
        row = np.zeros(len(index))
        known = 0
        for sign, side in ((1, relation.plus), (-1, relation.minus)):
            for cell in side:
                if hidden[cell]:
                    row[column[cell]] += sign
                else:
                    known += sign * int(values[cell])
        if row.any():
            rows.append(row)
            rhs.append(-known)
    a = np.array(rows, dtype=float).reshape(len(rows), len(index))
    return index, a, np.array(rhs, dtype=float)


def _extreme(
    cell: int,
    sense: int,
    index: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    integral: bool,
) -> float:
    """Min (``sense`` 1) or max (``sense`` -1) of hidden ``cell``; ``inf`` when unbounded.

    The linear program first (fast; when it is unbounded, so are the whole numbers, and when
    its optimum is whole, that is the integer optimum); then, if ``integral`` and needed, the
    integer program, whose interval is never wider.
    """
    objective = np.zeros(len(index))
    objective[int(np.searchsorted(index, cell))] = sense
    constraints = [LinearConstraint(a, b, b)] if len(a) else []
    bounds = Bounds(lower, upper)
    result = milp(objective, constraints=constraints, bounds=bounds)
    if result.status == 3:  # unbounded
        return -sense * math.inf
    whole = result.status == 0 and np.allclose(result.x, np.round(result.x), atol=1e-7)
    if result.status == 0 and integral and not whole:  # a whole optimum is the integer one
        result = milp(
            objective, constraints=constraints, integrality=np.ones(len(index)), bounds=bounds
        )
    if result.status != 0:  # cannot happen for true values; never certify such a cell
        return sense * math.inf
    value = float(sense * result.fun)
    return float(round(value)) if integral else value


def _bounds(
    index: np.ndarray,
    known: Mapping[int, tuple[float, float]],
    latent: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    lower = np.ones(len(index))  # a hidden cell is never empty: empty cells are shown
    upper = np.full(len(index), np.inf)
    for k, cell in enumerate(index.tolist()):
        lo, hi = known.get(cell, (0.0, math.inf))
        # a latent cell is never published, empty or not: the reader cannot assume anyone
        floor = 0.0 if latent is not None and latent[cell] else 1.0
        lower[k], upper[k] = max(floor, lo), hi
    return lower, upper


def feasible_intervals(
    values: Sequence[int] | np.ndarray,
    relations: Sequence[Relation],
    hidden: Sequence[bool] | np.ndarray,
    *,
    known: Mapping[int, tuple[float, float]] | None = None,
    cells: Iterable[int] | None = None,
    integral: bool = False,
    latent: Sequence[bool] | np.ndarray | None = None,
) -> dict[int, tuple[float, float]]:
    """The reader's audit: for each hidden cell (or those of ``cells``), the least and the
    greatest value it can take given the visible cells, the ``relations``, the ``known`` bounds
    of single cells (e.g. "over capacity" says a workload exceeds a published number), that
    counts are not negative and that a hidden cell holds at least one person.

    ``integral=False`` is the linear-programming attacker of the literature; ``True`` solves the
    integer programs (a reader who also knows counts are whole: never a wider interval).
    ``latent`` cells (see :func:`suppress_cells`) are hidden and may be empty.
    """
    vals = np.asarray(values, dtype=np.int64)
    unseen = None if latent is None else np.asarray(latent, dtype=bool)
    mask = np.asarray(hidden, dtype=bool) | (False if unseen is None else unseen)
    index, a, b = _system(relations, vals, mask)
    lower, upper = _bounds(index, known or {}, unseen)
    chosen = index.tolist() if cells is None else [int(c) for c in cells if mask[c]]
    return {
        cell: (
            _extreme(cell, 1, index, a, b, lower, upper, integral),
            _extreme(cell, -1, index, a, b, lower, upper, integral),
        )
        for cell in chosen
    }


# --------------------------------------------------------------------------- the suppression


def _smallest(values: np.ndarray, hidden: np.ndarray, candidates: Iterable[int]) -> int | None:
    """The smallest visible non-zero cell among ``candidates`` (ties: the lowest index)."""
    shown = [c for c in set(candidates) if not hidden[c] and values[c] > 0]
    return min(shown, key=lambda c: (int(values[c]), c)) if shown else None


def _line_breach(relation: Relation, values: np.ndarray, hidden: np.ndarray, minimum: int) -> bool:
    """Rules 2 and 3: exactly one hidden cell, or the hidden cells all on one side of a
    relation adding up to a small number."""
    cells = relation.cells
    n_hidden = sum(bool(hidden[c]) for c in cells)
    if n_hidden == 0:
        return False
    if n_hidden == 1:
        return True
    plus = [c for c in relation.plus if hidden[c]]
    minus = [c for c in relation.minus if hidden[c]]
    if plus and minus:  # a difference is published, not the size of a group
        return False
    return is_small(int(values[plus or minus].sum()), minimum)


def _complete_lines(
    values: np.ndarray,
    hidden: np.ndarray,
    relations: Sequence[Relation],
    minimum: int,
    hideable: np.ndarray,
) -> None:
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if not _line_breach(relation, values, hidden, minimum):
                continue
            pick = _smallest(values, hidden | ~hideable, relation.cells)
            if pick is not None:
                hidden[pick] = True
                changed = True


def _neighbours(cells: Iterable[int], relations: Sequence[Relation]) -> set[int]:
    wanted = set(cells)
    return {c for r in relations if wanted & set(r.cells) for c in r.cells}


def suppress_cells(
    values: Sequence[int] | np.ndarray,
    relations: Sequence[Relation],
    minimum: int = MIN_CELL_SIZE,
    *,
    hidden: Sequence[bool] | np.ndarray | None = None,
    hideable: Sequence[bool] | np.ndarray | None = None,
    known: Mapping[int, tuple[float, float]] | None = None,
    latent: Sequence[bool] | np.ndarray | None = None,
) -> np.ndarray:
    """Which of the cells ``values`` (non-negative integers, linked by ``relations``) must be
    hidden so that the guarantees 1-4 of this module hold (boolean array).

    ``hidden`` are cells the caller hides anyway (e.g. numbers computed from hidden cells);
    ``hideable`` (default: all) limits the cells secondary suppression may choose; ``known``
    are bounds of single cells that the reader learns elsewhere (see
    :func:`feasible_intervals`). Relations that do not hold for ``values`` are refused.

    ``latent`` cells are counts of people that are never published, empty or not, but that
    the published cells add up from (a simulation's transitions of each region, whose sums are
    its region tables and its statewide matrix): they are hidden from the start, never chosen,
    the reader cannot assume they hold anyone, and each small one is protected like a
    published small cell (guarantee 4). The returned mask is ``True`` for them.
    """
    vals = np.asarray(values, dtype=np.int64)
    if (vals < 0).any():
        raise ValueError("counts must not be negative")
    for relation in relations:
        if not relation.holds(vals):
            raise ValueError(f"relation {relation} does not hold for the values")
    unseen: np.ndarray = (
        np.zeros(len(vals), dtype=bool) if latent is None else np.asarray(latent, bool)
    )
    mask: np.ndarray = ((vals > 0) & (vals < minimum)) | unseen
    if hidden is not None:
        mask |= np.asarray(hidden, dtype=bool) & (vals > 0)
    may = np.ones(len(vals), dtype=bool) if hideable is None else np.asarray(hideable, bool)
    may = may & ~unseen
    known = dict(known or {})
    certified: set[int] = set()
    while True:
        weak = _under_protected(vals, relations, mask, minimum, known, certified, unseen)
        if weak is None:
            before = int(mask.sum())
            _complete_lines(vals, mask, relations, minimum, may)
            if int(mask.sum()) == before:
                return mask
            continue
        pattern = _pattern(weak, vals, relations, mask, may, minimum, known, unseen)
        if pattern:
            mask[pattern] = True
            continue
        pick = _complement(weak, vals, relations, mask, may, minimum, known, unseen)
        if pick is None:  # nothing helps any more: hide the smallest cell left
            pick = _smallest(vals, mask | ~may, range(len(vals)))
        if pick is None:  # every non-zero cell is hidden: nothing more to do
            return mask
        mask[pick] = True


def _pattern(
    weak: int,
    values: np.ndarray,
    relations: Sequence[Relation],
    hidden: np.ndarray,
    hideable: np.ndarray,
    minimum: int,
    known: Mapping[int, tuple[float, float]],
    latent: np.ndarray,
) -> list[int]:
    """Visible cells whose hiding lets ``weak`` reach ``minimum``: the classic linear program
    of complementary suppression. It looks for another table the reader could not tell from
    the true one - the same relations, counts not negative, hidden counts at least 1 - in
    which ``weak`` holds ``minimum``; the cells it changes must be hidden. Changing a hidden
    cell is nearly free, a visible one costs about one cell (the smaller, the cheaper), so the
    pattern is short and runs through what is hidden already. Empty list: none found."""
    movable = np.flatnonzero(((values > 0) & (hidden | hideable)) | latent)
    position = {int(c): k for k, c in enumerate(movable)}
    if weak not in position:
        return []
    k = len(movable)
    rows = []
    for relation in relations:
        row = np.zeros(k)
        for sign, side in ((1, relation.plus), (-1, relation.minus)):
            for cell in side:
                if cell in position:
                    row[position[cell]] += sign
        if row.any():
            rows.append(row)
    a = np.array(rows).reshape(len(rows), k)
    lower_y = np.zeros(2 * k)
    upper_y = np.empty(2 * k)
    for j, cell in enumerate(movable.tolist()):
        lo, hi = known.get(cell, (0.0, math.inf))
        upper_y[j] = hi - values[cell]  # up
        floor = 0.0 if latent[cell] else 1.0  # a hidden cell stays >= 1, a latent one >= 0
        upper_y[k + j] = values[cell] - max(floor, lo)
    lower_y[position[weak]] = minimum - values[weak]  # up to the minimum ...
    upper_y[k + position[weak]] = 0.0  # ... and not down again
    if (upper_y < lower_y).any():
        return []
    scale = float(values[movable].max())
    cost = np.where(hidden[movable], 1e-3, 1.0 + values[movable] / (scale + 1.0))
    result = milp(
        np.concatenate([cost, cost]),
        constraints=[LinearConstraint(np.hstack([a, -a]), 0, 0)] if len(rows) else [],
        bounds=Bounds(lower_y, upper_y),
    )
    if result.status != 0:
        return []
    moved = (result.x[:k] > 1e-7) | (result.x[k:] > 1e-7)
    return [int(c) for c in movable[moved] if not hidden[c]]


def _greatest(
    cell: int,
    values: np.ndarray,
    relations: Sequence[Relation],
    hidden: np.ndarray,
    known: Mapping[int, tuple[float, float]],
    latent: np.ndarray,
    integral: bool = True,
) -> float:
    index, a, b = _system(relations, values, hidden, around=cell)
    lower, upper = _bounds(index, known, latent)
    return _extreme(cell, -1, index, a, b, lower, upper, integral)


#: How many cells of a ring :func:`_complement` tries (smallest first) before it settles.
_TRIALS = 6


def _complement(
    weak: int,
    values: np.ndarray,
    relations: Sequence[Relation],
    hidden: np.ndarray,
    hideable: np.ndarray,
    minimum: int,
    known: Mapping[int, tuple[float, float]],
    latent: np.ndarray,
) -> int | None:
    """The cell to hide for the under-protected cell ``weak``: the nearest cells first (its
    relations, then theirs, ...), in each ring the smallest one that lifts ``weak``'s greatest
    value to ``minimum``; if none does alone, the one that lifts it most (ties: the smallest)."""
    before = _greatest(weak, values, relations, hidden, known, latent, integral=False)
    ring: set[int] = {weak}
    while True:
        wider = _neighbours(ring, relations)
        shown = sorted(
            (c for c in wider if not hidden[c] and hideable[c] and values[c] > 0),
            key=lambda c: (int(values[c]), c),
        )
        best, best_value = None, before
        for cell in shown[:_TRIALS]:
            trial = hidden.copy()
            trial[cell] = True
            value = _greatest(weak, values, relations, trial, known, latent, integral=False)
            if value >= minimum:
                return cell
            if value > best_value:
                best, best_value = cell, value
        if best is not None:
            return best
        if wider <= ring:
            return None
        ring = wider


def _under_protected(
    values: np.ndarray,
    relations: Sequence[Relation],
    hidden: np.ndarray,
    minimum: int,
    known: Mapping[int, tuple[float, float]],
    certified: set[int],
    latent: np.ndarray,
) -> int | None:
    """The first hidden small cell whose greatest feasible value is below ``minimum``.

    ``certified`` (updated) are the cells found protected before: hiding more cells only
    widens what a reader must allow for, so they stay protected and are not solved again.
    """
    small = [
        int(c)
        for c in np.flatnonzero(hidden & (values > 0) & (values < minimum))
        if c not in certified
    ]
    if not small:
        return None
    for cell in small:
        if _greatest(cell, values, relations, hidden, known, latent) < minimum:
            return cell
        certified.add(cell)
    return None


# --------------------------------------------------------------------------- two-way tables


def table_relations(n_rows: int, n_columns: int) -> list[Relation]:
    """The relations of a two-way table laid out as :func:`suppress_with_totals` does: the
    cells row by row, then the row totals, the column totals and the grand total."""
    cells = np.arange(n_rows * n_columns).reshape(n_rows, n_columns)
    row_totals = n_rows * n_columns + np.arange(n_rows)
    column_totals = n_rows * n_columns + n_rows + np.arange(n_columns)
    grand = n_rows * n_columns + n_rows + n_columns
    relations = [
        Relation.total(int(t), cells[i].tolist()) for i, t in enumerate(row_totals.tolist())
    ]
    relations += [
        Relation.total(int(t), cells[:, j].tolist()) for j, t in enumerate(column_totals.tolist())
    ]
    relations.append(Relation.total(grand, row_totals.tolist()))
    relations.append(Relation.total(grand, column_totals.tolist()))
    return relations


@dataclass(frozen=True)
class TableSuppression:
    """What of a two-way table with its totals may be published (``True``: hidden)."""

    cells: pd.DataFrame
    row_totals: pd.Series
    column_totals: pd.Series
    total: bool


def suppress_with_totals(counts: pd.DataFrame, minimum: int = MIN_CELL_SIZE) -> TableSuppression:
    """Suppression of a two-way table published with its row totals, column totals and grand
    total (guarantees 1-4 of this module). A total is hidden only when it is small itself or
    when that is the only way to protect a small total; otherwise secondary cells are chosen
    among the inner cells first (they are smaller).

    The pattern depends on the counts alone, not on how the table is laid out: rows and
    columns are put in the order of their labels, and empty rows and columns (never hidden)
    are left out before the suppression. Two outputs that publish the same table - the
    policy overview of a Monday and a simulation's baseline of that Monday - therefore hide
    the same cells, and neither fills in what the other hides (issue #14, item 4).
    """
    if (counts.to_numpy() < 0).any():
        raise ValueError("counts must not be negative")
    rows = sorted((r for r in counts.index if counts.loc[r].to_numpy().sum() > 0), key=str)
    columns = sorted((c for c in counts.columns if counts[c].to_numpy().sum() > 0), key=str)
    canonical = counts.loc[rows, columns]
    values = canonical.to_numpy()
    n_rows, n_columns = values.shape
    flat = np.concatenate(
        [values.ravel(), values.sum(axis=1), values.sum(axis=0), [values.sum()]]
    ).astype(np.int64)
    mask = suppress_cells(flat, table_relations(n_rows, n_columns), minimum)
    inner = n_rows * n_columns
    cells = pd.DataFrame(False, index=counts.index, columns=counts.columns, dtype=bool)
    cells.loc[rows, columns] = mask[:inner].reshape(n_rows, n_columns)
    row_totals = pd.Series(False, index=counts.index, dtype=bool)
    row_totals.loc[rows] = mask[inner : inner + n_rows]
    column_totals = pd.Series(False, index=counts.columns, dtype=bool)
    column_totals.loc[columns] = mask[inner + n_rows : inner + n_rows + n_columns]
    return TableSuppression(
        cells=cells, row_totals=row_totals, column_totals=column_totals, total=bool(mask[-1])
    )


def suppress_table(counts: pd.DataFrame, minimum: int = MIN_CELL_SIZE) -> pd.DataFrame:
    """A boolean mask of the cells of ``counts`` (non-negative integers) that must be hidden
    when the table is published with its totals; the totals to hide with it (the small ones,
    and rarely one more) are those of :func:`suppress_with_totals`, whose ``cells`` this is.

    Zero cells are never hidden and never chosen: an empty cell discloses nobody.

    Examples
    --------
    >>> table = pd.DataFrame({"P1": [3, 40, 0], "P2": [25, 60, 0], "P3": [0, 0, 70]})
    >>> suppress_table(table).to_numpy().tolist()
    [[True, True, False], [True, True, False], [False, False, False]]
    >>> suppress_table(pd.DataFrame([[3, 4, 50]])).to_numpy().tolist()  # 57 - 50 = 3 + 4
    [[True, True, True]]
    """
    return suppress_with_totals(counts, minimum).cells


# --------------------------------------------------------------------------- one-way tables


def _row_greatest(values: np.ndarray, hidden: np.ndarray, row: int, column: int) -> float:
    """The greatest value cell (``row``, ``column``) of a hidden row can take, given the
    visible rows, the column totals and that every hidden row holds at least one person."""
    rows = np.flatnonzero(hidden)
    n_rows, n_columns = len(rows), values.shape[1]
    size = n_rows * n_columns
    objective = np.zeros(size)
    objective[int(np.searchsorted(rows, row)) * n_columns + column] = -1
    sums = np.zeros((n_columns, size))
    for j in range(n_columns):
        sums[j, j::n_columns] = 1
    totals = values[rows].sum(axis=0).astype(float)
    people = np.zeros((n_rows, size))
    for k in range(n_rows):
        people[k, k * n_columns : (k + 1) * n_columns] = 1
    constraints = [
        LinearConstraint(sums, totals, totals),
        LinearConstraint(people, np.ones(n_rows), np.full(n_rows, np.inf)),
    ]
    bounds = Bounds(np.zeros(size), np.full(size, np.inf))
    result = milp(objective, constraints=constraints, bounds=bounds)  # the LP first
    if result.status == 0 and not np.allclose(result.x, np.round(result.x), atol=1e-7):
        result = milp(objective, constraints=constraints, integrality=np.ones(size), bounds=bounds)
    return -float(result.fun) if result.status == 0 else -math.inf


def suppress_rows(counts: pd.DataFrame | np.ndarray, minimum: int = MIN_CELL_SIZE) -> np.ndarray:
    """Rows of a one-way table (rows = groups, columns = the counts of one split, e.g.
    departed / followed) to hide whole, when each visible row shows all its counts and the
    column totals are published (boolean array).

    The guarantees of this module, for rows: (1) a row with a count ``0 < n < minimum`` is
    hidden; (2) never exactly one hidden row with people in it; (3) in every column, the hidden
    rows add up to none or at least ``minimum``; (4) every hidden count under ``minimum`` can
    take, for a reader who knows the visible rows and the column totals (and that every row
    holds someone), a value of at least ``minimum``. Further rows are hidden smallest first.
    A column whose published total is itself under ``minimum`` is left out of (3) and (4): no
    hiding can keep its counts from being under its total.
    """
    values = np.asarray(counts, dtype=np.int64)
    if (values < 0).any():
        raise ValueError("counts must not be negative")
    if values.ndim != 2 or not len(values):
        return np.zeros(len(values), dtype=bool)
    sizes = values.sum(axis=1)
    totals = values.sum(axis=0)
    open_columns = ~((totals > 0) & (totals < minimum))
    hidden: np.ndarray = np.asarray(((values > 0) & (values < minimum)).any(axis=1), dtype=bool)
    certified: set[tuple[int, int]] = set()  # hiding more rows never narrows them again

    def breach() -> bool:
        if int((hidden & (sizes > 0)).sum()) == 1:
            return True
        sums = values[hidden].sum(axis=0)
        if (open_columns & (sums > 0) & (sums < minimum)).any():
            return True
        for row in np.flatnonzero(hidden):
            small = (values[row] > 0) & (values[row] < minimum)
            for column in np.flatnonzero(open_columns & small):
                if (int(row), int(column)) in certified:
                    continue
                if _row_greatest(values, hidden, int(row), int(column)) < minimum:
                    return True
                certified.add((int(row), int(column)))
        return False

    while hidden.any() and breach():
        candidates = [i for i in range(len(values)) if not hidden[i] and sizes[i] > 0]
        if not candidates:
            break
        hidden[min(candidates, key=lambda i: (int(sizes[i]), i))] = True
    return hidden

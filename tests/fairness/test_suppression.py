"""Small-cell suppression: no hidden small cell can be narrowed down from what is published."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from fairness.suppression import (
    MIN_CELL_SIZE,
    Relation,
    TableSuppression,
    feasible_intervals,
    is_small,
    suppress_cells,
    suppress_rows,
    suppress_table,
    suppress_with_totals,
)
from tests.fairness.attacker import Equation, intervals, one_sided_sums


def test_is_small_bounds() -> None:
    assert not is_small(0)
    assert is_small(1) and is_small(MIN_CELL_SIZE - 1)
    assert not is_small(MIN_CELL_SIZE)


def test_primary_and_secondary_suppression() -> None:
    table = pd.DataFrame({"P1": [3, 40, 0], "P2": [25, 60, 0], "P3": [0, 0, 70]})
    mask = suppress_table(table).to_numpy()
    # 3 is small; 25 hides it from row 0's total, 40 from column P1's, 60 then from both.
    assert mask.tolist() == [[True, True, False], [True, True, False], [False, False, False]]


def test_zero_cells_are_neither_hidden_nor_chosen() -> None:
    table = pd.DataFrame({"x": [0, 5], "y": [0, 50]})
    mask = suppress_table(table)
    assert not mask.loc[0, "x"] and not mask.loc[0, "y"]
    assert mask.loc[1, "x"] and mask.loc[1, "y"]


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress_table(pd.DataFrame({"x": [-1]}))


def _published(
    values: np.ndarray, result: TableSuppression
) -> tuple[dict[str, int], set[str], list[Equation]]:
    """The table as published - cells, row totals, column totals, grand total - in the
    attacker's terms."""
    n_rows, n_columns = values.shape
    cells = {f"c{i},{j}": int(values[i, j]) for i in range(n_rows) for j in range(n_columns)}
    cells |= {f"r{i}": int(values[i].sum()) for i in range(n_rows)}
    cells |= {f"k{j}": int(values[:, j].sum()) for j in range(n_columns)}
    cells["g"] = int(values.sum())
    mask = result.cells.to_numpy()
    hidden = {f"c{i},{j}" for i in range(n_rows) for j in range(n_columns) if mask[i, j]}
    hidden |= {f"r{i}" for i in range(n_rows) if result.row_totals.iloc[i]}
    hidden |= {f"k{j}" for j in range(n_columns) if result.column_totals.iloc[j]}
    hidden |= {"g"} if result.total else set()
    equations: list[Equation] = [
        ([f"r{i}"], [f"c{i},{j}" for j in range(n_columns)]) for i in range(n_rows)
    ]
    equations += [([f"k{j}"], [f"c{i},{j}" for i in range(n_rows)]) for j in range(n_columns)]
    equations += [(["g"], [f"r{i}" for i in range(n_rows)])]
    equations += [(["g"], [f"k{j}" for j in range(n_columns)])]
    return cells, hidden, equations


def _assert_protected(
    cells: dict[str, int],
    hidden: set[str],
    equations: list[Equation],
    minimum: int = MIN_CELL_SIZE,
    known: dict[str, tuple[float, float]] | None = None,
) -> None:
    for name, value in cells.items():
        if 0 < value < minimum:
            assert name in hidden, f"{name}={value} is small and shown"
        if value == 0:
            assert name not in hidden, f"{name} is empty and hidden"
    for total in one_sided_sums(cells, hidden, equations):
        assert total == 0 or total >= minimum, f"a line publishes a hidden sum of {total}"
    for plus, minus in equations:  # no line has exactly one hidden cell
        assert sum(n in hidden for n in (*plus, *minus)) != 1
    bounds = intervals(cells, hidden, equations, known)
    for name, (lo, hi) in bounds.items():
        assert lo <= cells[name] + 1e-6 and hi >= cells[name] - 1e-6
        if cells[name] < minimum:
            assert hi >= minimum - 1e-6, f"{name}={cells[name]} is pinned to [{lo}, {hi}]"


def test_the_sum_of_two_hidden_cells_of_a_line_is_not_published() -> None:
    # the known gap: [3, 4, 50] with its total 57 hid 3 and 4, and 57 - 50 = 7 told their sum
    values = np.array([[3, 4, 50], [20, 30, 40]])
    result = suppress_with_totals(pd.DataFrame(values))
    mask = result.cells.to_numpy()
    assert mask[0].all()  # 50 is hidden too: the row's hidden cells now add up to 57
    cells, hidden, equations = _published(values, result)
    _assert_protected(cells, hidden, equations)
    bounds = intervals(cells, hidden, equations)
    assert bounds["c0,0"][1] >= MIN_CELL_SIZE and bounds["c0,1"][1] >= MIN_CELL_SIZE


def test_a_cell_pinned_through_rows_and_columns_is_found_by_the_audit() -> None:
    # No line has exactly one hidden cell and every line's hidden sum is large, but the hidden
    # cells of rows 0-1 x columns 0-1 are pinned by the totals unless more is hidden.
    values = np.array([[1, 11, 40], [12, 1, 40], [40, 40, 40]])
    result = suppress_with_totals(pd.DataFrame(values))
    cells, hidden, equations = _published(values, result)
    _assert_protected(cells, hidden, equations)


def test_one_small_cell_costs_a_rectangle_of_four_and_no_total() -> None:
    values = np.array([[3, 40, 50], [30, 60, 70], [40, 50, 60]])
    result = suppress_with_totals(pd.DataFrame(values))
    assert int(result.cells.to_numpy().sum()) == 4
    assert not result.row_totals.any() and not result.column_totals.any() and not result.total
    _assert_protected(*_published(values, result))


def test_feasible_intervals_report_what_a_reader_can_tell() -> None:
    values = [57, 3, 4, 50]  # a total and its parts
    relations = [Relation.total(0, [1, 2, 3])]
    shown_sum = feasible_intervals(values, relations, [False, True, True, False])
    assert shown_sum[1] == (1.0, 6.0)  # the simple suppression: 3 lies in 1..6, a small cell
    hidden = suppress_cells(values, relations)
    assert hidden.tolist() == [False, True, True, True]
    assert feasible_intervals(values, relations, hidden)[1][1] >= MIN_CELL_SIZE


@settings(max_examples=150, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=st.integers(0, 40))
)
def test_no_hidden_small_cell_can_be_narrowed_down(values: np.ndarray) -> None:
    result = suppress_with_totals(pd.DataFrame(values))
    assert result.cells.equals(suppress_table(pd.DataFrame(values)))
    cells, hidden, equations = _published(values, result)
    _assert_protected(cells, hidden, equations)


@settings(max_examples=15, deadline=None)
@given(
    arrays(
        np.int64,
        st.tuples(st.integers(6, 10), st.integers(6, 10)),
        elements=st.sampled_from([0, 1, 2, 3, 5, 8, 12, 15, 30, 60]),
    ),
    st.sampled_from([5, 10, 20]),
)
def test_larger_tables_and_other_minimums_are_protected(values: np.ndarray, minimum: int) -> None:
    result = suppress_with_totals(pd.DataFrame(values), minimum)
    cells, hidden, equations = _published(values, result)
    _assert_protected(cells, hidden, equations, minimum)


def test_rows_whose_hidden_counts_add_up_to_a_small_number_take_another_row() -> None:
    # departed / followed per group: 3 and 4 are small; 57 - 50 would tell their sum, 7
    table = pd.DataFrame({"departed": [3, 4, 50], "followed": [30, 30, 30]})
    assert suppress_rows(table).tolist() == [True, True, True]
    assert suppress_rows(pd.DataFrame({"a": [30, 40], "b": [0, 30]})).tolist() == [False, False]


@settings(max_examples=100, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 7), st.integers(1, 3)), elements=st.integers(0, 40))
)
def test_hidden_rows_cannot_be_narrowed_down_from_the_column_totals(values: np.ndarray) -> None:
    hidden_rows = suppress_rows(values)
    n_rows, n_columns = values.shape
    cells = {f"{i},{j}": int(values[i, j]) for i in range(n_rows) for j in range(n_columns)}
    cells |= {f"t{j}": int(values[:, j].sum()) for j in range(n_columns)}
    hidden = {f"{i},{j}" for i in range(n_rows) for j in range(n_columns) if hidden_rows[i]}
    equations: list[Equation] = [
        ([f"t{j}"], [f"{i},{j}" for i in range(n_rows)]) for j in range(n_columns)
    ]
    small_total = {j for j in range(n_columns) if is_small(cells[f"t{j}"])}
    for i in range(n_rows):
        if any(is_small(int(v)) for v in values[i]):
            assert hidden_rows[i]
    people = values.sum(axis=1) > 0
    if (hidden_rows & people).sum() == 1:  # it is the totals minus the others, unless none
        assert not (people & ~hidden_rows).any()
    for j in set(range(n_columns)) - small_total:
        column_sum = int(values[hidden_rows, j].sum())
        assert column_sum == 0 or column_sum >= MIN_CELL_SIZE
    bounds = intervals(cells, hidden, equations, may_be_zero=hidden)  # rows hidden whole
    for name, (_, hi) in bounds.items():
        i, j = map(int, name.split(","))
        if j not in small_total and is_small(cells[name]):
            assert hi >= MIN_CELL_SIZE - 1e-6, f"{name}={cells[name]} is at most {hi}"


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 4), st.integers(2, 4)), elements=st.integers(0, 30)),
    st.data(),
)
def test_linked_tables_sharing_their_totals_are_protected_together(
    regions: np.ndarray, data: st.DataObject
) -> None:
    """A region x tier table and a tier x tier transition matrix whose row sums are the same
    tier totals (as in a simulation result): a reader combines both."""
    n_regions, n_tiers = regions.shape
    base = regions.sum(axis=0)
    matrix = np.zeros((n_tiers, n_tiers), dtype=np.int64)
    for a in range(n_tiers):  # split each tier total over the tiers it moves to
        cuts = sorted(
            data.draw(
                st.lists(st.integers(0, int(base[a])), min_size=n_tiers - 1, max_size=n_tiers - 1)
            )
        )
        matrix[a] = np.diff([0, *cuts, int(base[a])])
    names: list[str] = []
    values: list[int] = []

    def cell(name: str, value: int) -> int:
        names.append(name)
        values.append(int(value))
        return len(names) - 1

    r = {(i, t): cell(f"r{i},{t}", regions[i, t]) for i in range(n_regions) for t in range(n_tiers)}
    m = {(a, b): cell(f"m{a},{b}", matrix[a, b]) for a in range(n_tiers) for b in range(n_tiers)}
    b = {t: cell(f"b{t}", base[t]) for t in range(n_tiers)}
    p = {t: cell(f"p{t}", matrix[:, t].sum()) for t in range(n_tiers)}
    n = {i: cell(f"n{i}", regions[i].sum()) for i in range(n_regions)}
    g = cell("g", regions.sum())
    lines = [(b[t], [r[i, t] for i in range(n_regions)]) for t in range(n_tiers)]
    lines += [(n[i], [r[i, t] for t in range(n_tiers)]) for i in range(n_regions)]
    lines += [(b[a], [m[a, c] for c in range(n_tiers)]) for a in range(n_tiers)]
    lines += [(p[c], [m[a, c] for a in range(n_tiers)]) for c in range(n_tiers)]
    lines += [(g, list(b.values())), (g, list(p.values())), (g, list(n.values()))]
    mask = suppress_cells(values, [Relation.total(t, parts) for t, parts in lines])
    cells = dict(zip(names, values, strict=True))
    hidden = {names[i] for i in np.flatnonzero(mask)}
    equations: list[Equation] = [([names[t]], [names[c] for c in parts]) for t, parts in lines]
    _assert_protected(cells, hidden, equations)

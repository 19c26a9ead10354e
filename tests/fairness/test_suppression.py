"""Small-cell suppression: no hidden cell can be recovered from the totals shown beside it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from fairness.suppression import MIN_CELL_SIZE, is_small, suppress_table


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


@settings(max_examples=300, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=st.integers(0, 40))
)
def test_no_line_has_exactly_one_hidden_cell_unless_the_rest_is_zero(values: np.ndarray) -> None:
    mask = suppress_table(pd.DataFrame(values)).to_numpy()
    assert (mask[(values > 0) & (values < MIN_CELL_SIZE)]).all()
    assert not mask[values == 0].any()
    for lines, cells in ((mask, values), (mask.T, values.T)):
        for hidden, row in zip(lines, cells, strict=True):
            if hidden.sum() == 1:
                # recoverable only if another non-zero cell were visible: there is none
                assert not ((~hidden) & (row > 0)).any()

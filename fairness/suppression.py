"""Small-cell suppression for published aggregates (statistical disclosure control).

A count of people in a cell smaller than ``minimum`` (but not zero) is not shown: with the
margins a reader also sees, it could single out a person (a region's only P1 case of one
nationality). Suppressing those cells alone is not enough when row or column totals are shown,
since a single hidden cell in a row equals the row total minus the visible cells; so the
*secondary* suppression hides the next smallest cell of any row or column that has exactly one
hidden cell, until no row or column has exactly one.

Everything here is pure pandas: the service, the what-if simulation and the monitoring all use
these two functions, so a cell hidden on one page is hidden on every page.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["MIN_CELL_SIZE", "is_small", "suppress_table"]

#: Cells with fewer people than this (and more than none) are suppressed (documented default).
MIN_CELL_SIZE = 10


def is_small(count: int, minimum: int = MIN_CELL_SIZE) -> bool:
    """``True`` when a count of ``count`` people may not be shown (``0 < count < minimum``)."""
    return 0 < count < minimum


def suppress_table(counts: pd.DataFrame, minimum: int = MIN_CELL_SIZE) -> pd.DataFrame:
    """A boolean mask of the cells of ``counts`` (non-negative integers) that must be hidden.

    Primary suppression hides every cell with ``0 < count < minimum``. Secondary suppression
    then hides, in every row and column with exactly one hidden cell, the smallest other
    non-zero cell (ties: the first), so that no hidden cell can be recovered from a total.
    Zero cells are never hidden and never chosen: an empty cell discloses nobody.

    Examples
    --------
    >>> table = pd.DataFrame({"P1": [3, 40, 0], "P2": [25, 60, 0], "P3": [0, 0, 70]})
    >>> suppress_table(table).to_numpy().tolist()
    [[True, True, False], [True, True, False], [False, False, False]]
    """
    values = counts.to_numpy()
    if (values < 0).any():
        raise ValueError("counts must not be negative")
    hidden = (values > 0) & (values < minimum)
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = hidden if axis == 1 else hidden.T
            cells = values if axis == 1 else values.T
            for i in range(lines.shape[0]):
                if lines[i].sum() != 1:
                    continue
                candidates = [
                    j for j in range(lines.shape[1]) if not lines[i, j] and cells[i, j] > 0
                ]
                if not candidates:
                    continue
                j = min(candidates, key=lambda k: (cells[i, k], k))
                if axis == 1:
                    hidden[i, j] = True
                else:
                    hidden[j, i] = True
                changed = True
    return pd.DataFrame(hidden, index=counts.index, columns=counts.columns)

"""What a missing value means in the rule language -- the one definition every engine follows.

A value is *missing* when a case field is null (``toleration_reason``, ``release_date``), a
record field is null (``sentence_months`` of an offence without a conviction), or a ``max`` /
``min`` fact found no record. The rules, SQL-like:

1. A comparison with a missing value is false, whatever the operator -- ``ne`` and ``not_in``
   too (:data:`COMPARISON_WITH_MISSING`).
2. ``not`` negates the outcome of what it wraps: ``not {fact: x, ge: 5}`` holds when ``x`` is
   missing (two-valued logic after rule 1; there is no third truth value).
3. ``count`` and ``exists`` are never missing (0 and false over no record); ``max`` and ``min``
   over no record are missing; a ``derive`` fact of a null date is missing.
4. ``max_of`` and ``sum_of`` skip missing parts and are missing only when every part is
   (:func:`combine`, :func:`combine_arrays`).
5. In the queue order a missing value sorts where the key's ``missing`` says (first or last).

The batch engine represents a missing number or date as ``NaN`` (a missing enumeration value as
category code ``-1``), the per-case engine as ``None``, durable_rules as a companion property
``k_<key> = 0`` ("known"), because durable makes every comparison with an absent property false
-- also its ``$neq``, which rule 2 needs to be true.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

#: Rule 1: the truth value of any comparison with a missing value.
COMPARISON_WITH_MISSING = False

Combine = Literal["max_of", "sum_of"]


def is_missing(value: Any) -> bool:
    """``None``, or a float ``NaN`` (a missing number in array form)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def present(values: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Where an array of values (floats with ``NaN``, booleans, category codes) is present."""
    if values.dtype == bool:
        return np.ones(len(values), dtype=bool)
    if np.issubdtype(values.dtype, np.integer):
        return np.asarray(values >= 0)  # category codes: -1 is a missing value
    return np.asarray(~np.isnan(values))


def combine(kind: Combine, parts: Sequence[Any]) -> Any:
    """Rule 4 for one case: the maximum or sum of the present parts, else missing (``None``)."""
    values = [part for part in parts if not is_missing(part)]
    if not values:
        return None
    return max(values) if kind == "max_of" else sum(values)


def combine_arrays(kind: Combine, parts: Sequence[npt.NDArray[Any]]) -> npt.NDArray[np.float64]:
    """Rule 4 over a caseload: ``NaN`` where every part is missing."""
    stacked = np.vstack([np.asarray(part, dtype=np.float64) for part in parts])
    missing = np.all(np.isnan(stacked), axis=0)
    # fmax skips NaN where another part is present; nansum counts a missing part as 0
    out = np.fmax.reduce(stacked, axis=0) if kind == "max_of" else np.nansum(stacked, axis=0)
    out[missing] = np.nan
    return np.asarray(out, dtype=np.float64)

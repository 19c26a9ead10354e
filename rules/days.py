"""Dates as whole days since 1970-01-01 -- the one conversion every engine uses.

Derived facts that are dates (``max`` of a record date, a ``max_of`` over such facts) are held
as days since :data:`EPOCH` in every engine -- ``float`` with ``NaN`` for a missing date in the
batch engine, ``int`` or ``None`` per case -- so that they compare, sort and combine like
numbers. :func:`iso_day` and :func:`iso_days` turn them back into ``YYYY-MM-DD`` for output
(never ``NaN``: a missing date is ``None``, JSON ``null``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from rules.nulls import is_missing

EPOCH = date(1970, 1, 1)
_EPOCH64 = np.datetime64("1970-01-01", "D")


def to_days(day: date) -> int:
    """Days since 1970-01-01 of one date."""
    return (day - EPOCH).days


def from_days(days: int | float) -> date:
    """The date ``days`` after 1970-01-01."""
    return EPOCH + timedelta(days=int(days))


def iso_day(days: Any) -> str | None:
    """``YYYY-MM-DD`` of a day number, ``None`` when it is missing."""
    return None if is_missing(days) else from_days(days).isoformat()


def to_days_array(values: Any) -> npt.NDArray[np.float64]:
    """An array or series of dates (``NaT`` / ``None`` missing) as float days, ``NaN`` missing."""
    arr = np.asarray(values, dtype="datetime64[s]").astype("datetime64[D]")
    out = arr.astype(np.int64).astype(np.float64)
    out[np.isnat(arr)] = np.nan
    return out


def iso_days(days: npt.NDArray[np.float64]) -> npt.NDArray[np.object_]:
    """Float day numbers as ``YYYY-MM-DD`` strings, ``None`` where missing (never ``NaN``)."""
    out = np.full(len(days), None, dtype=object)
    ok = ~np.isnan(days)
    # Few distinct days in many rows: format each distinct day once, then spread the strings
    # (the same str object per day, which also makes later factorizing cheap).
    distinct, where = np.unique(days[ok].astype("int64"), return_inverse=True)
    texts = (_EPOCH64 + distinct).astype("datetime64[D]").astype(str).astype(object)
    out[ok] = texts[where]
    return out

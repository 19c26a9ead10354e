"""Calendar arithmetic shared by every engine (SPEC §2): windows, age, days until a date.

An event on day ``d`` lies in a window of ``W`` months at ``as_of`` when
``as_of - W calendar months < d <= as_of``; the day exactly ``W`` months back is outside.
Calendar months as ``dateutil.relativedelta`` (31 March minus one month is 28/29 February).
Records dated after ``as_of`` never count, in a window or not (:func:`counts_at`).
Age is in full years; a person born on 29 February turns a year older on 1 March in common years.

Each rule has a scalar form (the per-case engine) and an array form over day numbers
(:mod:`rules.days`; the batch engine); durable_rules receives facts derived by the per-case
form, since its rete network has no calendar.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from dateutil.relativedelta import relativedelta

from rules.days import to_days


@lru_cache(maxsize=4096)
def window_start(as_of: date, months: int) -> date:
    """The exclusive lower bound of a window of ``months`` calendar months ending at ``as_of``."""
    start: date = as_of - relativedelta(months=months)
    return start


def in_window(day: date, as_of: date, months: int) -> bool:
    return window_start(as_of, months) < day <= as_of


def in_window_days(days: npt.NDArray[np.float64], as_of: date, months: int) -> npt.NDArray[Any]:
    """:func:`in_window` over day numbers (``NaN`` is never inside)."""
    start, end = float(to_days(window_start(as_of, months))), float(to_days(as_of))
    return np.asarray((days > start) & (days <= end))


def counts_at(day: date, as_of: date) -> bool:
    """A record counts at ``as_of`` only when it is dated on or before it."""
    return day <= as_of


def counts_at_days(days: npt.NDArray[np.float64], as_of: date) -> npt.NDArray[Any]:
    """:func:`counts_at` over day numbers."""
    return np.asarray(days <= float(to_days(as_of)))


def age_in_years(birth: date, as_of: date) -> int:
    """Full years at ``as_of``; the birthday itself counts (18th birthday on as_of = adult)."""
    before_birthday = (as_of.month, as_of.day) < (birth.month, birth.day)
    return as_of.year - birth.year - int(before_birthday)


def ages_in_years(births: Any, as_of: date) -> npt.NDArray[np.float64]:
    """:func:`age_in_years` over an array of dates, ``NaN`` where the date is missing."""
    dates = pd.DatetimeIndex(np.asarray(births, dtype="datetime64[ns]"))
    before_birthday = (as_of.month * 100 + as_of.day) < (dates.month * 100 + dates.day)
    years = as_of.year - dates.year - np.asarray(before_birthday, dtype=np.int64)
    out = np.asarray(years, dtype=np.float64)
    out[np.asarray(dates.isna())] = np.nan
    return out


def days_until(day: date, as_of: date) -> int:
    """Days from ``as_of`` to ``day`` (negative when ``day`` is past)."""
    return (day - as_of).days


def days_until_days(days: npt.NDArray[np.float64], as_of: date) -> npt.NDArray[np.float64]:
    """:func:`days_until` over day numbers (``NaN`` stays missing)."""
    return np.asarray(days - float(to_days(as_of)), dtype=np.float64)

"""Calendar arithmetic shared by every engine (SPEC §2).

An event on day ``d`` lies in a window of ``W`` months at ``as_of`` when
``as_of - W calendar months < d <= as_of``; the day exactly ``W`` months back is outside.
Calendar months as ``dateutil.relativedelta`` (31 March minus one month is 28/29 February).
Age is in full years; a person born on 29 February turns a year older on 1 March in common years.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from dateutil.relativedelta import relativedelta

_EPOCH = date(1970, 1, 1)


@lru_cache(maxsize=4096)
def window_start(as_of: date, months: int) -> date:
    """The exclusive lower bound of a window of ``months`` calendar months ending at ``as_of``."""
    return as_of - relativedelta(months=months)


def in_window(day: date, as_of: date, months: int) -> bool:
    return window_start(as_of, months) < day <= as_of


def days_since_epoch(day: date) -> int:
    return (day - _EPOCH).days


def age_in_years(birth: date, as_of: date) -> int:
    """Full years at ``as_of``; the birthday itself counts (18th birthday on as_of = adult)."""
    before_birthday = (as_of.month, as_of.day) < (birth.month, birth.day)
    return as_of.year - birth.year - int(before_birthday)

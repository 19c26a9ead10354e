"""Hypothesis strategies for cases that sit on the edges the rules care about.

Dates are drawn relative to a reference date ``as_of``: exactly on a window boundary
(``as_of - W calendar months``) and one day either side, on ``as_of`` itself and one day after
(records after ``as_of`` never count), 18th birthdays on ``as_of`` and one day either side
(including 29 February), release dates on ``as_of`` and on the release horizon, and sentences
just below, on and above every sentence threshold. Reference dates include month ends and leap
days, where calendar-month arithmetic is easiest to get wrong.

Reusable by any test: ``cases(as_of)``, ``caseloads(as_of)``, ``as_of_dates()``,
``parameter_overrides()``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from cases.model import (
    DEPARTURE_STATUSES,
    INCIDENT_TYPES,
    OFFENCE_CATEGORIES,
    OFFENCE_STATUSES,
    REGIONS,
    SOURCES,
    TOLERATION_REASONS,
    TRAVEL_DOCUMENTS,
    Case,
)

#: Window lengths in months used by the default rule set and by parameter_overrides().
WINDOW_MONTHS: tuple[int, ...] = (6, 12, 24, 36, 60)
#: Release horizons in days used by the default rule set and by parameter_overrides().
HORIZON_DAYS: tuple[int, ...] = (30, 90)
#: Sentences around the thresholds 12 and 24 months (and 18, 36 of the overrides).
SENTENCES: tuple[float, ...] = (0, 3, 11, 11.5, 12, 12.5, 17, 18, 23, 23.9, 24, 24.1, 36, 120)
#: Reference dates where month arithmetic bites: month ends, leap days, year ends.
EDGE_AS_OF: tuple[date, ...] = (
    date(2026, 11, 23),
    date(2024, 2, 29),
    date(2026, 3, 31),
    date(2025, 12, 31),
    date(2026, 2, 28),
    date(2028, 2, 29),
    date(2025, 8, 31),
    date(2026, 1, 1),
)


def as_of_dates() -> st.SearchStrategy[date]:
    """Mostly edge reference dates, sometimes any day of 2022-2030."""
    return st.one_of(
        st.sampled_from(EDGE_AS_OF),
        st.dates(min_value=date(2022, 1, 1), max_value=date(2030, 12, 31)),
    )


@st.composite
def record_dates(draw: st.DrawFn, as_of: date) -> date:
    """A record date: on or next to a window boundary, on/after as_of, or anywhere earlier."""
    kind = draw(st.sampled_from(["boundary", "boundary", "today", "any"]))
    if kind == "boundary":
        months = draw(st.sampled_from(WINDOW_MONTHS))
        return (
            as_of - relativedelta(months=months) + timedelta(days=draw(st.sampled_from([-1, 0, 1])))
        )
    if kind == "today":
        return as_of + timedelta(days=draw(st.sampled_from([-1, 0, 1])))
    return as_of - timedelta(days=draw(st.integers(0, 8 * 366)))


@st.composite
def birth_dates(draw: st.DrawFn, as_of: date) -> date:
    """18th birthday on as_of (or one day either side), a leap-day birth, or any adult/minor."""
    kind = draw(st.sampled_from(["eighteen", "leap", "any"]))
    if kind == "eighteen":
        return as_of - relativedelta(years=18) + timedelta(days=draw(st.sampled_from([-1, 0, 1])))
    if kind == "leap":
        return date(draw(st.sampled_from([2004, 2008, 2000, 1996])), 2, 29)
    return as_of - timedelta(days=draw(st.integers(10 * 365, 70 * 365)))


@st.composite
def offences(draw: st.DrawFn, as_of: date, max_size: int = 8) -> list[dict[str, Any]]:
    out = []
    for i in range(draw(st.integers(0, max_size))):
        status = draw(st.sampled_from([*OFFENCE_STATUSES, "convicted", "convicted"]))
        convicted = status == "convicted"
        out.append(
            {
                "offence_id": f"O{i}",
                "date": draw(record_dates(as_of)),
                "category": draw(st.sampled_from(OFFENCE_CATEGORIES)),
                "status": status,
                "sentence_months": draw(st.sampled_from(SENTENCES))
                if convicted
                else draw(st.sampled_from([None, None, 6.0])),
                "suspended": draw(st.booleans()),
                "juvenile": draw(st.booleans()),
            }
        )
    return out


@st.composite
def incidents(draw: st.DrawFn, as_of: date, max_size: int = 5) -> list[dict[str, Any]]:
    return [
        {
            "incident_id": f"I{i}",
            "date": draw(record_dates(as_of)),
            "type": draw(st.sampled_from(INCIDENT_TYPES)),
            "severity": draw(st.integers(1, 3)),
        }
        for i in range(draw(st.integers(0, max_size)))
    ]


@st.composite
def release_dates(draw: st.DrawFn, as_of: date) -> date | None:
    """None, as_of +-1, or on a release horizon +-1."""
    kind = draw(st.sampled_from(["none", "today", "horizon", "horizon"]))
    if kind == "none":
        return None
    base = 0 if kind == "today" else draw(st.sampled_from(HORIZON_DAYS))
    return as_of + timedelta(days=base + draw(st.sampled_from([-1, 0, 1])))


@st.composite
def cases(draw: st.DrawFn, as_of: date, case_id: str = "H-1") -> Case:
    """One valid case whose dates sit on the edges of the rules at ``as_of``."""
    in_custody = draw(st.booleans())
    return Case.model_validate(
        {
            "case_id": case_id,
            "region": draw(st.sampled_from(REGIONS)),
            "received_on": as_of - timedelta(days=draw(st.sampled_from([0, 0, 1, 30, 400]))),
            "source": draw(st.sampled_from(SOURCES)),
            "birth_date": draw(birth_dates(as_of)),
            "departure_status": draw(st.sampled_from(DEPARTURE_STATUSES)),
            "asylum_pending": draw(st.booleans()),
            "deportation_ban": draw(st.booleans()),
            "toleration_reason": draw(st.sampled_from((None, *TOLERATION_REASONS))),
            "travel_document": draw(st.sampled_from(TRAVEL_DOCUMENTS)),
            "in_custody": in_custody,
            "release_date": draw(release_dates(as_of))
            if in_custody or draw(st.booleans())
            else None,
            "offences": draw(offences(as_of)),
            "incidents": draw(incidents(as_of)),
            "nationality": draw(st.sampled_from([None, "AAA", "BBB"])),
            "sex": draw(st.sampled_from([None, "f", "m", "x"])),
        }
    )


@st.composite
def caseloads(draw: st.DrawFn, as_of: date, max_size: int = 8) -> list[Case]:
    """Several cases with distinct ids; ties in the queue order are likely (same dates)."""
    n = draw(st.integers(1, max_size))
    return [draw(cases(as_of, case_id=f"H-{i:03d}")) for i in range(n)]


#: A few parameter sets besides the defaults: every window, threshold and switch moved.
PARAMETER_SETS: tuple[dict[str, Any], ...] = (
    {},
    {"count_suspended_sentences": False},
    {
        "serious_sentence_months": 18,
        "violent_sentence_months": 24,
        "conviction_lookback_months": 36,
    },
    {
        "repeat_min_convictions": 2,
        "repeat_window_months": 24,
        "intensive_min_offences": 3,
        "intensive_window_months": 6,
    },
    {
        "social_min_incidents": 1,
        "social_min_severity": 3,
        "social_window_months": 6,
        "release_horizon_days": 30,
    },
    {
        "violent_categories": ["robbery", "homicide"],
        "count_suspended_sentences": False,
        "social_min_severity": 1,
    },
)


def parameter_overrides() -> st.SearchStrategy[dict[str, Any]]:
    """One of :data:`PARAMETER_SETS` (few, so each durable ruleset is compiled once)."""
    return st.sampled_from(PARAMETER_SETS)

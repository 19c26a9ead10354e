"""Synthetic caseloads for tests, benchmarks and demos. Every value is invented.

The generator is vectorized with numpy (no loop over cases) because the batch engine and the
benchmarks need caseloads of a million cases in seconds. Same ``n``, ``seed``, ``as_of`` and
config give identical frames: the whole caseload comes from one seeded random stream.

The distributions are meant to look like an RRK caseload, not to model one: unequal regions,
most people with few offences and a minority of repeat offenders, common minor offences and rare
grave ones, recent offences more often still open, longer sentences for violent offences, some
blockers, some custody. They are plausible enough that every tier of the default rule set occurs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta

from cases.frames import (
    CASE_CATEGORIES,
    DATE_DTYPE,
    CaseFrames,
    cases_from_frames,
    normalize,
)
from cases.model import (
    INCIDENT_TYPES,
    OFFENCE_CATEGORIES,
    OFFENCE_STATUSES,
    Case,
)

# Relative frequencies. Unlisted vocabulary values have weight 0.
REGION_WEIGHTS: dict[str, float] = {
    "duesseldorf": 0.29,
    "koeln": 0.25,
    "arnsberg": 0.20,
    "muenster": 0.14,
    "detmold": 0.12,
}
CATEGORY_WEIGHTS: dict[str, float] = {
    "theft": 0.24,
    "bodily_harm": 0.15,
    "drug_possession": 0.14,
    "fraud": 0.09,
    "property_damage": 0.07,
    "drug_trafficking": 0.05,
    "threat_coercion": 0.05,
    "resistance_officers": 0.04,
    "burglary": 0.04,
    "robbery": 0.03,
    "weapons": 0.03,
    "sexual": 0.015,
    "homicide": 0.003,
    "other": 0.057,
}
# Share of convictions that are a fine only, and the median custodial sentence in months.
FINE_SHARE: dict[str, float] = {
    "homicide": 0.0,
    "bodily_harm": 0.35,
    "sexual": 0.10,
    "robbery": 0.05,
    "resistance_officers": 0.45,
    "threat_coercion": 0.45,
    "drug_trafficking": 0.10,
    "drug_possession": 0.65,
    "burglary": 0.15,
    "theft": 0.55,
    "fraud": 0.50,
    "property_damage": 0.60,
    "weapons": 0.40,
    "other": 0.50,
}
MEDIAN_MONTHS: dict[str, float] = {
    "homicide": 96,
    "bodily_harm": 10,
    "sexual": 24,
    "robbery": 26,
    "resistance_officers": 6,
    "threat_coercion": 6,
    "drug_trafficking": 20,
    "drug_possession": 3,
    "burglary": 14,
    "theft": 4,
    "fraud": 6,
    "property_damage": 3,
    "weapons": 8,
    "other": 5,
}
DEPARTURE_WEIGHTS: dict[str, float] = {"none": 0.15, "pending": 0.35, "enforceable": 0.50}
# Someone in an asylum procedure is rarely enforceably obliged to leave (a follow-up
# application can be): their departure status is drawn from this instead.
DEPARTURE_WEIGHTS_ASYLUM: dict[str, float] = {"none": 0.5, "pending": 0.3, "enforceable": 0.2}
TOLERATION_WEIGHTS: dict[str | None, float] = {
    None: 0.60,
    "travel_documents": 0.22,
    "health": 0.06,
    "family": 0.06,
    "other": 0.06,
}
TRAVEL_DOCUMENT_WEIGHTS: dict[str, float] = {
    "valid": 0.30,
    "expired": 0.20,
    "none": 0.30,
    "in_procurement": 0.20,
}
NATIONALITY_WEIGHTS: dict[str, float] = {
    "SYR": 0.16,
    "AFG": 0.12,
    "TUR": 0.09,
    "IRQ": 0.08,
    "DZA": 0.07,
    "MAR": 0.07,
    "GEO": 0.05,
    "ROU": 0.05,
    "TUN": 0.04,
    "SRB": 0.04,
    "ALB": 0.04,
    "POL": 0.04,
    "NGA": 0.04,
    "IRN": 0.04,
    "GIN": 0.03,
}
SEX_WEIGHTS: dict[str, float] = {"m": 0.85, "f": 0.13, "x": 0.02}
INCIDENT_TYPE_WEIGHTS: dict[str, float] = {
    "violence_against_persons": 0.20,
    "threat": 0.15,
    "harassment": 0.15,
    "property_damage": 0.15,
    "house_rules": 0.25,
    "other": 0.10,
}
# P(severity 1, 2, 3) per incident type: violence is mostly grave, house rules mostly minor.
SEVERITY_BY_TYPE: dict[str, tuple[float, float, float]] = {
    "violence_against_persons": (0.0, 0.45, 0.55),
    "threat": (0.2, 0.6, 0.2),
    "harassment": (0.5, 0.45, 0.05),
    "property_damage": (0.45, 0.5, 0.05),
    "house_rules": (0.85, 0.15, 0.0),
    "other": (0.6, 0.35, 0.05),
}

_DAYS_PER_YEAR = 365.25
# Day counts that are safely on one side of a birthday whatever the leap years:
# 14 * 366 days is always after the 14th birthday, 18 * 365 days always before the 18th.
_AFTER_14TH = 14 * 366
_BEFORE_18TH = 18 * 365
_AFTER_18TH = 18 * 366


@dataclass(frozen=True)
class GeneratorConfig:
    """Knobs of the generator; the defaults give a plausible statewide caseload.

    ``boundary_share`` > 0 puts that share of offence and incident dates exactly on (or one day
    either side of) ``as_of`` minus each of ``boundary_months`` calendar months, and that share
    of release dates on ``as_of`` plus each of ``release_boundary_days`` (± 1 day), so tests
    can probe the window edges of a rule set.
    """

    region_weights: Mapping[str, float] = field(default_factory=lambda: dict(REGION_WEIGHTS))
    state_facility_share: float = 0.25
    offences_mean: float = 3.0
    offences_dispersion: float = 0.8  # negative binomial shape: smaller = longer tail
    max_offences: int = 40
    offence_years: int = 8  # offences lie within this many years before as_of
    incident_years: int = 3
    received_years: int = 2  # received_on lies within this many years before as_of
    incident_share_municipal: float = 0.12
    incident_share_state_facility: float = 0.40
    incident_share_without_offences: float = 0.50  # cases reported for behaviour alone
    asylum_pending_share: float = 0.15
    deportation_ban_share: float = 0.05
    minor_share: float = 0.05
    custody_share: float = 0.08
    boundary_share: float = 0.0
    boundary_months: Sequence[int] = (12, 36, 60)
    release_boundary_days: Sequence[int] = (0, 90)


def _choice(rng: np.random.Generator, weights: Sequence[float], size: int) -> np.ndarray:
    """Indices drawn with the given (unnormalized) weights."""
    p = np.asarray(weights, dtype=float)
    cumulative = np.cumsum(p / p.sum())
    cumulative[-1] = 1.0
    return np.searchsorted(cumulative, rng.random(size), side="right").astype(np.int64)


def _codes(
    rng: np.random.Generator,
    weights: Mapping[Any, float],  # vocabulary value (or None) -> weight
    vocabulary: Sequence[str],
    size: int,
) -> np.ndarray:
    """Categorical codes into ``vocabulary`` (``None`` becomes -1, i.e. missing)."""
    keys = list(weights)
    lookup = np.array([-1 if k is None else vocabulary.index(k) for k in keys], dtype=np.int64)
    codes: np.ndarray = lookup[_choice(rng, [weights[k] for k in keys], size)]
    return codes


def _categorical(codes: np.ndarray, vocabulary: Sequence[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=list(vocabulary))


def _dates(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 as ``datetime64[s]``, the frames' date type."""
    return days.astype("datetime64[D]").astype(DATE_DTYPE)


def _boundary_days(as_of: date, months: Sequence[int]) -> np.ndarray:
    """Days (since epoch) exactly ``m`` calendar months before ``as_of``, and ±1 day."""
    epoch = date(1970, 1, 1)
    exact = [(as_of - relativedelta(months=m) - epoch).days for m in months]
    return np.array([d + shift for d in exact for shift in (-1, 0, 1)], dtype=np.int64)


def _event_days(
    rng: np.random.Generator,
    earliest: np.ndarray,
    today: int,
    boundaries: np.ndarray,
    share: float,
) -> np.ndarray:
    """Uniform days in ``[earliest, today]``; a ``share`` moved onto boundary days that fit."""
    span = today - earliest
    days = earliest + np.floor(rng.random(len(earliest)) * (span + 1)).astype(np.int64)
    if share > 0 and len(boundaries):
        pick = boundaries[rng.integers(0, len(boundaries), len(days))]
        move = (rng.random(len(days)) < share) & (pick >= earliest) & (pick <= today)
        days = np.where(move, pick, days)
    out: np.ndarray = days
    return out


def _sorted_events(case_idx: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Order of events by case, then date: records read in time order like a file does."""
    if len(days) == 0:
        return np.arange(0)
    # One sort over a combined key is much faster than lexsort; dates span far less than 2**24
    # days, so the key cannot overflow for any realistic n.
    key = (case_idx << 24) | (days - days.min())
    order: np.ndarray = np.argsort(key, kind="stable")
    return order


def _positions(case_idx: np.ndarray, n: int) -> np.ndarray:
    """0-based position of each (case-sorted) event within its case."""
    offsets = np.concatenate(([0], np.cumsum(np.bincount(case_idx, minlength=n))))
    positions: np.ndarray = np.arange(len(case_idx)) - offsets[case_idx]
    return positions


def _labels(prefix: str, positions: np.ndarray) -> np.ndarray:
    top = int(positions.max()) + 1 if len(positions) else 0
    names = np.array([f"{prefix}{i + 1}" for i in range(top)], dtype=object)
    labels: np.ndarray = names[positions]
    return labels


def _case_ids(n: int) -> np.ndarray:
    if n == 0:
        return np.array([], dtype=object)  # numpy's zfill cannot size an empty array
    width = max(7, len(str(n)))
    digits = np.strings.zfill(np.arange(1, n + 1).astype(np.str_), width)
    return np.strings.add("R-", digits).astype(object)


def _offences(
    rng: np.random.Generator,
    cfg: GeneratorConfig,
    n: int,
    birth: np.ndarray,
    today: int,
    boundaries: np.ndarray,
) -> pd.DataFrame:
    r = cfg.offences_dispersion
    counts = rng.negative_binomial(r, r / (r + cfg.offences_mean), n)
    counts = np.minimum(counts, cfg.max_offences)
    case_idx = np.repeat(np.arange(n, dtype=np.int64), counts)
    earliest = np.maximum(today - int(cfg.offence_years * _DAYS_PER_YEAR), birth + _AFTER_14TH)
    days = _event_days(rng, earliest[case_idx], today, boundaries, cfg.boundary_share)
    order = _sorted_events(case_idx, days)
    case_idx, days = case_idx[order], days[order]
    total = len(case_idx)

    category = _codes(rng, CATEGORY_WEIGHTS, OFFENCE_CATEGORIES, total)
    # Recent offences are more often still under investigation or charged.
    age = today - days
    p_open = np.where(age < 183, 0.55, np.where(age < 548, 0.25, 0.03))
    is_open = rng.random(total) < p_open
    open_status = _codes(rng, {"under_investigation": 0.6, "charged": 0.4}, OFFENCE_STATUSES, total)
    closed_status = _codes(
        rng, {"convicted": 0.80, "dismissed": 0.16, "acquitted": 0.04}, OFFENCE_STATUSES, total
    )
    status = np.where(is_open, open_status, closed_status)
    convicted = status == OFFENCE_STATUSES.index("convicted")

    names = list(OFFENCE_CATEGORIES)
    fine_share = np.array([FINE_SHARE[c] for c in names])[category]
    median = np.array([MEDIAN_MONTHS[c] for c in names], dtype=float)[category]
    months = np.rint(median * np.exp(0.6 * rng.standard_normal(total)))
    months = np.clip(months, 1, 180)
    fine = rng.random(total) < fine_share
    age_at_offence = days - birth[case_idx]
    p_juvenile = np.where(
        age_at_offence < 18 * _DAYS_PER_YEAR,
        0.85,
        np.where(age_at_offence < 21 * _DAYS_PER_YEAR, 0.35, 0.0),
    )
    juvenile = convicted & ~fine & (rng.random(total) < p_juvenile)
    # A Jugendstrafe lasts 6 months to 10 years.
    months = np.where(juvenile, np.clip(months, 6, 120), months)
    months = np.where(fine, 0.0, months)
    p_suspended = np.where(
        months == 0, 0.0, np.where(months <= 12, 0.65, np.where(months <= 24, 0.40, 0.0))
    )
    suspended = convicted & (rng.random(total) < p_suspended)

    return pd.DataFrame(
        {
            "case_idx": case_idx,
            "offence_id": _labels("O", _positions(case_idx, n)),
            "date": _dates(days),
            "category": _categorical(category, OFFENCE_CATEGORIES),
            "status": _categorical(status, OFFENCE_STATUSES),
            "sentence_months": np.where(convicted, months, np.nan),
            "suspended": suspended,
            "juvenile": juvenile,
        }
    )


def _incidents(
    rng: np.random.Generator,
    cfg: GeneratorConfig,
    n: int,
    birth: np.ndarray,
    today: int,
    state_facility: np.ndarray,
    no_offences: np.ndarray,
    boundaries: np.ndarray,
) -> pd.DataFrame:
    p_any = np.where(
        state_facility, cfg.incident_share_state_facility, cfg.incident_share_municipal
    )
    p_any = np.where(no_offences, np.maximum(p_any, cfg.incident_share_without_offences), p_any)
    counts = np.where(rng.random(n) < p_any, np.minimum(rng.geometric(0.5, n), 10), 0)
    case_idx = np.repeat(np.arange(n, dtype=np.int64), counts)
    earliest = np.maximum(today - int(cfg.incident_years * _DAYS_PER_YEAR), birth + _AFTER_14TH)
    days = _event_days(rng, earliest[case_idx], today, boundaries, cfg.boundary_share)
    order = _sorted_events(case_idx, days)
    case_idx, days = case_idx[order], days[order]
    total = len(case_idx)
    kind = _codes(rng, INCIDENT_TYPE_WEIGHTS, INCIDENT_TYPES, total)
    cumulative = np.cumsum([SEVERITY_BY_TYPE[t] for t in INCIDENT_TYPES], axis=1)[kind]
    u = rng.random(total)
    severity = 1 + (u >= cumulative[:, 0]).astype(np.int8) + (u >= cumulative[:, 1])
    return pd.DataFrame(
        {
            "case_idx": case_idx,
            "incident_id": _labels("V", _positions(case_idx, n)),
            "date": _dates(days),
            "type": _categorical(kind, INCIDENT_TYPES),
            "severity": severity.astype(np.int8),
        }
    )


def _birth_days(rng: np.random.Generator, cfg: GeneratorConfig, n: int, today: int) -> np.ndarray:
    """Birth dates: a share of minors (14-17), adults mostly young (mean age about 30)."""
    minor = rng.random(n) < cfg.minor_share
    minor_age = rng.integers(_AFTER_14TH + 1, _BEFORE_18TH + 1, n)
    adult_age = np.rint((18 + np.minimum(rng.gamma(2.0, 6.0, n), 55)) * _DAYS_PER_YEAR)
    adult_age = np.maximum(adult_age.astype(np.int64), _AFTER_18TH)
    return today - np.where(minor, minor_age, adult_age)


def _custody(
    rng: np.random.Generator,
    cfg: GeneratorConfig,
    n: int,
    offences: pd.DataFrame,
    today: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Custody is likelier after a recent unsuspended sentence of a year or more."""
    days = offences["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    heavy = (
        (offences["sentence_months"].to_numpy() >= 12)
        & ~offences["suspended"].to_numpy()
        & (today - days <= 3 * 365)
    )
    heavy_case = np.bincount(offences["case_idx"].to_numpy()[heavy], minlength=n) > 0
    in_custody = rng.random(n) < np.where(heavy_case, 0.5, cfg.custody_share)
    ahead = np.where(rng.random(n) < 0.8, rng.integers(1, 366, n), rng.integers(366, 1461, n))
    release = today + ahead
    if cfg.boundary_share > 0 and len(cfg.release_boundary_days):
        picks = np.array([today + d + s for d in cfg.release_boundary_days for s in (-1, 0, 1)])
        move = rng.random(n) < cfg.boundary_share
        release = np.where(move, picks[rng.integers(0, len(picks), n)], release)
    known = in_custody & (rng.random(n) < 0.9)
    release_dates = np.where(known, _dates(release), np.datetime64("NaT", "s"))
    return in_custody, release_dates


def generate_frames(
    n: int, *, seed: int, as_of: date | None = None, config: GeneratorConfig | None = None
) -> CaseFrames:
    """``n`` synthetic cases as normalized :class:`CaseFrames`, reproducible from ``seed``.

    Every date lies on or before ``as_of`` (default: today) except ``release_date``, which is
    in the future by nature. The result passes :func:`cases.validation.validate_records` with
    ``today=as_of``.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    cfg = config or GeneratorConfig()
    as_of = as_of or date.today()
    rng = np.random.default_rng(seed)
    today = int(np.datetime64(as_of, "D").astype(np.int64))
    boundaries = _boundary_days(as_of, cfg.boundary_months)

    region_names = list(cfg.region_weights)
    region_lookup = np.array([CASE_CATEGORIES["region"].index(r) for r in region_names])
    region = region_lookup[_choice(rng, [cfg.region_weights[r] for r in region_names], n)]
    state_facility = rng.random(n) < cfg.state_facility_share
    birth = _birth_days(rng, cfg, n, today)
    received = today - rng.integers(0, int(cfg.received_years * _DAYS_PER_YEAR) + 1, n)
    asylum = rng.random(n) < cfg.asylum_pending_share
    departure = np.where(
        asylum,
        _codes(rng, DEPARTURE_WEIGHTS_ASYLUM, CASE_CATEGORIES["departure_status"], n),
        _codes(rng, DEPARTURE_WEIGHTS, CASE_CATEGORIES["departure_status"], n),
    )
    obliged = departure != CASE_CATEGORIES["departure_status"].index("none")
    toleration = np.where(
        obliged, _codes(rng, TOLERATION_WEIGHTS, CASE_CATEGORIES["toleration_reason"], n), -1
    )
    travel = _codes(rng, TRAVEL_DOCUMENT_WEIGHTS, CASE_CATEGORIES["travel_document"], n)
    # A Duldung for missing travel documents means there is no valid passport.
    missing_documents = toleration == CASE_CATEGORIES["toleration_reason"].index("travel_documents")
    documents = CASE_CATEGORIES["travel_document"]
    travel = np.where(
        missing_documents & (travel == documents.index("valid")), documents.index("none"), travel
    )
    nationalities = np.array(list(NATIONALITY_WEIGHTS), dtype=object)
    nationality = nationalities[_choice(rng, list(NATIONALITY_WEIGHTS.values()), n)]
    sex = _codes(rng, SEX_WEIGHTS, CASE_CATEGORIES["sex"], n)

    offences = _offences(rng, cfg, n, birth, today, boundaries)
    no_offences = np.bincount(offences["case_idx"].to_numpy(), minlength=n) == 0
    incidents = _incidents(rng, cfg, n, birth, today, state_facility, no_offences, boundaries)
    in_custody, release = _custody(rng, cfg, n, offences, today)

    cases = pd.DataFrame(
        {
            "case_id": _case_ids(n),
            "region": _categorical(region, CASE_CATEGORIES["region"]),
            "received_on": _dates(received),
            "source": _categorical(state_facility.astype(np.int64), CASE_CATEGORIES["source"]),
            "birth_date": _dates(birth),
            "departure_status": _categorical(departure, CASE_CATEGORIES["departure_status"]),
            "asylum_pending": asylum,
            "deportation_ban": rng.random(n) < cfg.deportation_ban_share,
            "toleration_reason": _categorical(toleration, CASE_CATEGORIES["toleration_reason"]),
            "travel_document": _categorical(travel, CASE_CATEGORIES["travel_document"]),
            "in_custody": in_custody,
            "release_date": release,
            "nationality": nationality,
            "sex": _categorical(sex, CASE_CATEGORIES["sex"]),
        }
    )
    return normalize(CaseFrames(cases, offences, incidents))


def generate_cases(
    n: int, seed: int, as_of: date | None = None, config: GeneratorConfig | None = None
) -> list[Case]:
    """Row objects of :func:`generate_frames`; meant for small ``n`` (tests, examples)."""
    return cases_from_frames(generate_frames(n, seed=seed, as_of=as_of, config=config))

"""Columnar form of a caseload: three pandas frames joined by position.

The batch engine, the generator and the bulk writers work on :class:`CaseFrames`; the per-case
paths (explanations, events, the API) work on :class:`cases.model.Case`. Both convert losslessly.

Column types are fixed so that every producer hands the engine the same thing:

* dates are ``datetime64[s]`` (``NaT`` where absent),
* enumerations are ``pandas.Categorical`` over the vocabularies of :mod:`cases.model`,
* booleans are ``bool``, ``sentence_months`` is ``float64`` (``NaN`` where absent),
  ``severity`` is ``int8``,
* ``offences.case_idx`` / ``incidents.case_idx`` is the ``int64`` row position in ``cases``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from cases.model import (
    DEPARTURE_STATUSES,
    INCIDENT_TYPES,
    OFFENCE_CATEGORIES,
    OFFENCE_STATUSES,
    REGIONS,
    SEXES,
    SOURCES,
    TOLERATION_REASONS,
    TRAVEL_DOCUMENTS,
    Case,
    Incident,
    Offence,
)

CASE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "region": REGIONS,
    "source": SOURCES,
    "departure_status": DEPARTURE_STATUSES,
    "toleration_reason": TOLERATION_REASONS,
    "travel_document": TRAVEL_DOCUMENTS,
    "sex": SEXES,
}
OFFENCE_CATEGORIES_BY_COLUMN: dict[str, tuple[str, ...]] = {
    "category": OFFENCE_CATEGORIES,
    "status": OFFENCE_STATUSES,
}
INCIDENT_CATEGORIES_BY_COLUMN: dict[str, tuple[str, ...]] = {"type": INCIDENT_TYPES}

CASE_DATE_COLUMNS = ("received_on", "birth_date", "release_date")
CASE_BOOL_COLUMNS = ("asylum_pending", "deportation_ban", "in_custody")
CASE_COLUMNS = (
    "case_id",
    "region",
    "received_on",
    "source",
    "birth_date",
    "departure_status",
    "asylum_pending",
    "deportation_ban",
    "toleration_reason",
    "travel_document",
    "in_custody",
    "release_date",
    "nationality",
    "sex",
)
OFFENCE_COLUMNS = (
    "case_idx",
    "offence_id",
    "date",
    "category",
    "status",
    "sentence_months",
    "suspended",
    "juvenile",
)
INCIDENT_COLUMNS = ("case_idx", "incident_id", "date", "type", "severity")

DATE_DTYPE = "datetime64[s]"


@dataclass
class CaseFrames:
    """A caseload as three frames; ``offences``/``incidents`` point into ``cases`` by row."""

    cases: pd.DataFrame
    offences: pd.DataFrame
    incidents: pd.DataFrame
    _id_rank: np.ndarray | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.cases)

    def id_rank(self) -> np.ndarray:
        """Rank of every row's ``case_id`` in ascending string order (computed once, cached).

        The last key of every queue order; it depends on the caseload only, not on the rules
        or the reference date, so a caseload evaluated many times sorts its ids once.
        """
        if self._id_rank is None or len(self._id_rank) != len(self.cases):
            ids = self.cases["case_id"].to_numpy().astype(str)
            order = np.argsort(ids, kind="stable")
            rank = np.empty(len(ids), dtype=np.int64)
            rank[order] = np.arange(len(ids))
            self._id_rank = rank
        return self._id_rank

    def take(self, positions: Sequence[int] | np.ndarray) -> CaseFrames:
        """The sub-caseload of the given case rows, renumbered from 0."""
        positions = np.asarray(positions, dtype=np.int64)
        remap = np.full(len(self.cases), -1, dtype=np.int64)
        remap[positions] = np.arange(len(positions))
        parts = []
        for frame in (self.offences, self.incidents):
            new_idx = remap[frame["case_idx"].to_numpy()]
            sub = frame[new_idx >= 0].copy()
            sub["case_idx"] = new_idx[new_idx >= 0]
            parts.append(sub.sort_values("case_idx", kind="stable").reset_index(drop=True))
        cases = self.cases.iloc[positions].reset_index(drop=True)
        return CaseFrames(cases, parts[0], parts[1])


@functools.cache
def category_dtype(categories: tuple[str, ...]) -> pd.CategoricalDtype:
    """The dtype of an enumeration's column (one object per vocabulary)."""
    return pd.CategoricalDtype(list(categories))


def _categorical(values: Any, categories: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical(values, dtype=category_dtype(categories))


def _dates(values: Any) -> pd.Series:
    return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype=DATE_DTYPE)


def normalize(frames: CaseFrames) -> CaseFrames:
    """Coerce the three frames to the fixed column types (see module docstring)."""
    cases = frames.cases.reset_index(drop=True).copy()
    for column, vocabulary in CASE_CATEGORIES.items():
        cases[column] = _categorical(cases[column], vocabulary)
    for column in CASE_DATE_COLUMNS:
        cases[column] = cases[column].astype(DATE_DTYPE)
    for column in CASE_BOOL_COLUMNS:
        cases[column] = cases[column].astype(bool)
    cases["case_id"] = cases["case_id"].astype(object)
    cases["nationality"] = cases["nationality"].astype(object)
    offences = frames.offences.copy()
    for column, vocabulary in OFFENCE_CATEGORIES_BY_COLUMN.items():
        offences[column] = _categorical(offences[column], vocabulary)
    offences["date"] = offences["date"].astype(DATE_DTYPE)
    offences["sentence_months"] = offences["sentence_months"].astype("float64")
    offences["suspended"] = offences["suspended"].astype(bool)
    offences["juvenile"] = offences["juvenile"].astype(bool)
    offences["case_idx"] = offences["case_idx"].astype(np.int64)
    incidents = frames.incidents.copy()
    incidents["type"] = _categorical(incidents["type"], INCIDENT_TYPES)
    incidents["date"] = incidents["date"].astype(DATE_DTYPE)
    incidents["severity"] = incidents["severity"].astype(np.int8)
    incidents["case_idx"] = incidents["case_idx"].astype(np.int64)
    return CaseFrames(
        cases[list(CASE_COLUMNS)],
        offences[list(OFFENCE_COLUMNS)].reset_index(drop=True),
        incidents[list(INCIDENT_COLUMNS)].reset_index(drop=True),
    )


def frames_from_cases(cases: Sequence[Case]) -> CaseFrames:
    """Columnar form of validated cases (row order = input order)."""
    case_rows = [
        {column: getattr(case, column) for column in CASE_COLUMNS if column != "case_idx"}
        for case in cases
    ]
    offence_rows = [
        {"case_idx": idx, **offence.model_dump()}
        for idx, case in enumerate(cases)
        for offence in case.offences
    ]
    incident_rows = [
        {"case_idx": idx, **incident.model_dump()}
        for idx, case in enumerate(cases)
        for incident in case.incidents
    ]
    case_frame = pd.DataFrame(case_rows, columns=list(CASE_COLUMNS))
    for column in CASE_DATE_COLUMNS:
        case_frame[column] = _dates(case_frame[column])
    offence_frame = pd.DataFrame(offence_rows, columns=list(OFFENCE_COLUMNS))
    offence_frame["date"] = _dates(offence_frame["date"])
    incident_frame = pd.DataFrame(incident_rows, columns=list(INCIDENT_COLUMNS))
    incident_frame["date"] = _dates(incident_frame["date"])
    return normalize(CaseFrames(case_frame, offence_frame, incident_frame))


def _py_date(value: Any) -> date | None:
    if value is None or pd.isna(value):
        return None
    day: date = pd.Timestamp(value).date()
    return day


def _py(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def cases_from_frames(frames: CaseFrames) -> list[Case]:
    """Row objects of trusted frames (no re-validation: frames are validated at the edge)."""
    offences_by_case: dict[int, list[Offence]] = {}
    for row in frames.offences.to_dict("records"):
        offences_by_case.setdefault(int(row["case_idx"]), []).append(
            Offence.model_construct(
                offence_id=row["offence_id"],
                date=_py_date(row["date"]),
                category=row["category"],
                status=row["status"],
                sentence_months=_py(row["sentence_months"]),
                suspended=bool(row["suspended"]),
                juvenile=bool(row["juvenile"]),
            )
        )
    incidents_by_case: dict[int, list[Incident]] = {}
    for row in frames.incidents.to_dict("records"):
        incidents_by_case.setdefault(int(row["case_idx"]), []).append(
            Incident.model_construct(
                incident_id=row["incident_id"],
                date=_py_date(row["date"]),
                type=row["type"],
                severity=int(row["severity"]),
            )
        )
    out: list[Case] = []
    for idx, row in enumerate(frames.cases.to_dict("records")):
        values = {column: _py(row[column]) for column in CASE_COLUMNS}
        for column in CASE_DATE_COLUMNS:
            values[column] = _py_date(row[column])
        for column in CASE_BOOL_COLUMNS:
            values[column] = bool(row[column])
        out.append(
            Case.model_construct(
                **values,
                offences=offences_by_case.get(idx, []),
                incidents=incidents_by_case.get(idx, []),
            )
        )
    return out

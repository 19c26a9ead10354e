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

from cases.model import Case
from cases.schema import CASE_SPEC, NESTED_SPECS, Field


def _columns(spec: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in spec if f.kind != "list")


def _vocabularies(spec: tuple[Field, ...]) -> dict[str, tuple[str, ...]]:
    return {f.name: f.vocabulary for f in spec if f.kind == "enum"}


# The columns of the three frames, derived from the model's fields (cases.schema).
CASE_CATEGORIES: dict[str, tuple[str, ...]] = _vocabularies(CASE_SPEC)
OFFENCE_CATEGORIES_BY_COLUMN: dict[str, tuple[str, ...]] = _vocabularies(NESTED_SPECS["offences"])
INCIDENT_CATEGORIES_BY_COLUMN: dict[str, tuple[str, ...]] = _vocabularies(NESTED_SPECS["incidents"])
CASE_DATE_COLUMNS = tuple(f.name for f in CASE_SPEC if f.kind == "date")
CASE_BOOL_COLUMNS = tuple(f.name for f in CASE_SPEC if f.kind == "bool")
CASE_COLUMNS = _columns(CASE_SPEC)
OFFENCE_COLUMNS = ("case_idx", *_columns(NESTED_SPECS["offences"]))
INCIDENT_COLUMNS = ("case_idx", *_columns(NESTED_SPECS["incidents"]))

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


def int_dtype(f: Field) -> type[np.signedinteger[Any]]:
    """The frame type of a whole-number field: ``int8`` when its bounds fit, else ``int64``."""
    if f.minimum is not None and f.maximum is not None and -128 <= f.minimum <= f.maximum <= 127:
        return np.int8
    return np.int64


def _typed(series: pd.Series, f: Field, top: bool) -> Any:
    """One column in the frame type of its field's kind (see the module docstring)."""
    if f.kind == "enum":
        return _categorical(series, f.vocabulary)
    if f.kind == "date":
        return series.astype(DATE_DTYPE)
    if f.kind == "bool":
        return series.astype(bool)
    if f.kind == "number":
        return series.astype("float64")
    if f.kind == "int":
        return series.astype(int_dtype(f))
    return series.astype(object) if top else series  # a case's texts as Python objects


def _given(frame: pd.DataFrame, f: Field) -> pd.Series:
    """A field's column; one a producer does not make (the generator knows only the fields it
    draws) is absent in every row when the field is optional or has a default."""
    if f.name in frame.columns:
        return frame[f.name]
    if f.presence == "required":
        raise KeyError(f"{f.name}: a required field the frame does not have")
    return pd.Series([f.default] * len(frame), index=frame.index, dtype=object)


def normalize(frames: CaseFrames) -> CaseFrames:
    """Coerce the three frames to the fixed column types (see module docstring)."""
    cases = frames.cases.reset_index(drop=True).copy()
    for f in CASE_SPEC:
        if f.kind != "list":
            cases[f.name] = _typed(_given(cases, f), f, top=True)
    nested: dict[str, pd.DataFrame] = {}
    for kind, spec in NESTED_SPECS.items():
        frame = getattr(frames, kind).copy()
        for f in spec:
            frame[f.name] = _typed(_given(frame, f), f, top=False)
        frame["case_idx"] = frame["case_idx"].astype(np.int64)
        nested[kind] = frame[["case_idx", *_columns(spec)]].reset_index(drop=True)
    return CaseFrames(cases[list(CASE_COLUMNS)], nested["offences"], nested["incidents"])


def frames_from_cases(cases: Sequence[Case]) -> CaseFrames:
    """Columnar form of validated cases (row order = input order)."""
    case_rows = [{column: getattr(case, column) for column in CASE_COLUMNS} for case in cases]
    case_frame = pd.DataFrame(case_rows, columns=list(CASE_COLUMNS))
    for column in CASE_DATE_COLUMNS:
        case_frame[column] = _dates(case_frame[column])
    nested: dict[str, pd.DataFrame] = {}
    for kind, spec in NESTED_SPECS.items():
        rows = [
            {"case_idx": idx, **record.model_dump()}
            for idx, case in enumerate(cases)
            for record in getattr(case, kind)
        ]
        frame = pd.DataFrame(rows, columns=["case_idx", *_columns(spec)])
        for f in spec:
            if f.kind == "date":
                frame[f.name] = _dates(frame[f.name])
        nested[kind] = frame
    return normalize(CaseFrames(case_frame, nested["offences"], nested["incidents"]))


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


def _py_value(value: Any, f: Field) -> Any:
    """A frame cell as the model holds it."""
    if f.kind == "date":
        return _py_date(value)
    if f.kind == "bool":
        return bool(value)
    value = _py(value)
    if f.kind == "int" and value is not None:
        return int(value)
    return value


def cases_from_frames(frames: CaseFrames) -> list[Case]:
    """Row objects of trusted frames (no re-validation: frames are validated at the edge)."""
    lists = {f.name: f for f in CASE_SPEC if f.kind == "list"}
    by_case: dict[str, dict[int, list[Any]]] = {}
    for kind, spec in NESTED_SPECS.items():
        record = lists[kind].record
        assert record is not None
        grouped: dict[int, list[Any]] = {}
        for row in getattr(frames, kind).to_dict("records"):
            values = {f.name: _py_value(row[f.name], f) for f in spec}
            grouped.setdefault(int(row["case_idx"]), []).append(record.model_construct(**values))
        by_case[kind] = grouped
    scalars = [f for f in CASE_SPEC if f.kind != "list"]
    out: list[Case] = []
    for idx, row in enumerate(frames.cases.to_dict("records")):
        values = {f.name: _py_value(row[f.name], f) for f in scalars}
        for kind, grouped in by_case.items():
            values[kind] = grouped.get(idx, [])
        out.append(Case.model_construct(**values))
    return out

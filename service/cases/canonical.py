"""The stored JSON of cases, written from columns.

Exactly what ``Case.model_dump_json()`` gives for the same record (SPEC field names in model
order, ISO dates, ``null`` for absent values, numbers as the model holds them, no spaces), so
that a record imported through the columnar reader has the same content hash as the same record
imported before through the model. A test holds the two side by side.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pydantic_core import to_json

from cases.frames import CaseFrames
from cases.model import CASE_FIELDS, INCIDENT_FIELDS, OFFENCE_FIELDS


def _encode(record: dict[str, Any]) -> str:
    return to_json(record).decode("utf-8")  # the serialiser of model_dump_json


def _values(column: pd.Series) -> list[Any]:
    """Python values of a frame column: ISO strings for dates, ``None`` for absent values."""
    if column.dtype.kind == "M":
        days = column.to_numpy().astype("datetime64[D]")
        text = np.datetime_as_string(days, unit="D").astype(object)
        text[np.isnat(days)] = None
        return list(text)
    if column.dtype.kind == "f":
        values = column.to_numpy(dtype=np.float64)
        out: list[Any] = values.tolist()
        for i in np.flatnonzero(np.isnan(values)):
            out[i] = None
        return out
    if column.dtype.kind in "biu":
        return list(column.to_numpy().tolist())
    values = column.astype(object).to_numpy()
    return [None if (v is None or (isinstance(v, float) and v != v)) else v for v in values]


def _rows(frame: pd.DataFrame, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    columns = [_values(frame[name]) for name in fields]
    return [dict(zip(fields, row, strict=True)) for row in zip(*columns, strict=True)]


def _grouped(frame: pd.DataFrame, fields: tuple[str, ...], n: int) -> list[list[dict[str, Any]]]:
    groups: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for idx, row in zip(frame["case_idx"].to_numpy().tolist(), _rows(frame, fields), strict=True):
        groups[idx].append(row)
    return groups


def canonical_records(frames: CaseFrames) -> list[str]:
    """The stored JSON of every case of ``frames``, in row order."""
    n = len(frames.cases)
    offences = _grouped(frames.offences, OFFENCE_FIELDS, n)
    incidents = _grouped(frames.incidents, INCIDENT_FIELDS, n)
    flat = tuple(f for f in CASE_FIELDS if f not in ("offences", "incidents"))
    columns = {name: _values(frames.cases[name]) for name in flat}
    out = []
    for i in range(n):
        record = {
            name: (
                offences[i]
                if name == "offences"
                else incidents[i]
                if name == "incidents"
                else columns[name][i]
            )
            for name in CASE_FIELDS
        }
        out.append(_encode(record))
    return out

"""Frames of stored case records, read as columns without a model object per case.

The database holds each version as the canonical JSON of :func:`service.cases.service.
canonical_record`, validated when it was imported. Turning 100,000 of them back into
:class:`cases.model.Case` objects took most of a minute; here the records are handed to Arrow's
JSON reader as one JSON Lines buffer with a fixed schema, and the nested offences and incidents
become their frames by flattening the list columns. No validation happens: these records passed
it on the way in (an unexpected field is still an error, never silently dropped).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json

from cases.frames import (
    CASE_BOOL_COLUMNS,
    CASE_CATEGORIES,
    CASE_COLUMNS,
    CASE_DATE_COLUMNS,
    DATE_DTYPE,
    INCIDENT_CATEGORIES_BY_COLUMN,
    INCIDENT_COLUMNS,
    OFFENCE_CATEGORIES_BY_COLUMN,
    OFFENCE_COLUMNS,
    CaseFrames,
    frames_from_cases,
    normalize,
)

_OFFENCE = pa.struct(
    [
        ("offence_id", pa.string()),
        ("date", pa.string()),
        ("category", pa.string()),
        ("status", pa.string()),
        ("sentence_months", pa.float64()),
        ("suspended", pa.bool_()),
        ("juvenile", pa.bool_()),
    ]
)
_INCIDENT = pa.struct(
    [
        ("incident_id", pa.string()),
        ("date", pa.string()),
        ("type", pa.string()),
        ("severity", pa.int64()),
    ]
)
_SCHEMA = pa.schema(
    [(name, pa.bool_() if name in CASE_BOOL_COLUMNS else pa.string()) for name in CASE_COLUMNS]
    + [("offences", pa.list_(_OFFENCE)), ("incidents", pa.list_(_INCIDENT))]
)


def _dates(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """ISO date strings (null = absent) as ``datetime64[s]`` with ``NaT``."""
    days = pc.cast(column, pa.date32())
    return np.asarray(days.to_numpy(zero_copy_only=False), dtype="datetime64[D]").astype(DATE_DTYPE)


def _categorical(column: pa.ChunkedArray | pa.Array, categories: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical(column.to_numpy(zero_copy_only=False), categories=list(categories))


def _objects(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype=object)


def frames_from_stored(records: Sequence[str]) -> CaseFrames:
    """Frames of stored canonical case records (row order = ``records`` order)."""
    if not records:
        return frames_from_cases([])
    buffer = ("\n".join(records) + "\n").encode("utf-8")
    table = pa_json.read_json(
        pa.BufferReader(buffer),
        read_options=pa_json.ReadOptions(block_size=4 << 20),
        parse_options=pa_json.ParseOptions(
            explicit_schema=_SCHEMA, unexpected_field_behavior="error"
        ),
    )
    cases: dict[str, object] = {}
    for name in CASE_COLUMNS:
        column = table.column(name)
        if name in CASE_DATE_COLUMNS:
            cases[name] = _dates(column)
        elif name in CASE_CATEGORIES:
            cases[name] = _categorical(column, CASE_CATEGORIES[name])
        elif name in CASE_BOOL_COLUMNS:
            cases[name] = np.asarray(column.to_numpy(zero_copy_only=False), dtype=bool)
        else:
            cases[name] = _objects(column)
    case_frame = pd.DataFrame(cases, columns=list(CASE_COLUMNS))
    offences = _nested(table.column("offences"), OFFENCE_COLUMNS)
    for name, vocabulary in OFFENCE_CATEGORIES_BY_COLUMN.items():
        offences[name] = pd.Categorical(offences[name], categories=list(vocabulary))
    incidents = _nested(table.column("incidents"), INCIDENT_COLUMNS)
    for name, vocabulary in INCIDENT_CATEGORIES_BY_COLUMN.items():
        incidents[name] = pd.Categorical(incidents[name], categories=list(vocabulary))
    incidents["severity"] = incidents["severity"].astype(np.int8)
    return normalize(CaseFrames(case_frame, offences, incidents))


def _nested(column: pa.ChunkedArray, columns: tuple[str, ...]) -> pd.DataFrame:
    lists = column.combine_chunks()
    parents = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False).astype(np.int64)
    records = pc.list_flatten(lists)
    out: dict[str, object] = {"case_idx": parents}
    for name in columns:
        if name == "case_idx":
            continue
        field = records.field(name)
        if name == "date":
            out[name] = _dates(field)
        elif name in ("suspended", "juvenile"):
            out[name] = np.asarray(field.to_numpy(zero_copy_only=False), dtype=bool)
        elif name == "sentence_months":
            out[name] = np.asarray(
                field.to_numpy(zero_copy_only=False), dtype=np.float64
            )  # null -> NaN
        elif name == "severity":
            out[name] = np.asarray(field.to_numpy(zero_copy_only=False), dtype=np.int64)
        else:
            out[name] = _objects(field)
    return pd.DataFrame(out, columns=list(columns))


def concat_frames(first: CaseFrames, second: CaseFrames) -> CaseFrames:
    """``second``'s cases after ``first``'s, record rows pointing at their case's new row."""
    offset = len(first.cases)
    parts = []
    for a, b in ((first.offences, second.offences), (first.incidents, second.incidents)):
        shifted = b.copy()
        shifted["case_idx"] = shifted["case_idx"].to_numpy() + offset
        parts.append(_concat(a, shifted))
    cases = _concat(first.cases, second.cases)
    return normalize(CaseFrames(cases, parts[0], parts[1]))


def _concat(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Both frames' rows; an empty one contributes nothing, not even its column types."""
    if len(b) == 0:
        return a.reset_index(drop=True)
    if len(a) == 0:
        return b.reset_index(drop=True)
    return pd.concat([a, b], ignore_index=True)

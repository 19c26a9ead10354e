"""Parquet reader: one row per case, offences and incidents as list<struct> columns."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cases.io._common import (
    _CASE_FIELD_ORDER,
    _NESTED_KINDS,
    _REQUIRED,
    CASE_KINDS,
    _column_issues,
    _Parsed,
)
from cases.validation import InputIssue

_MIDNIGHT = time(0, 0)


def _from_arrow(kind: str | None, value: Any) -> Any:
    # pandas writes dates as timestamps; a timestamp at midnight is that date.
    if (
        kind == "date"
        and isinstance(value, datetime)
        and value.tzinfo is None
        and value.time() == _MIDNIGHT
    ):
        return value.date()
    return value


def _arrow_record(record: dict[str, Any], kinds: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if value is None or (key not in kinds and key not in _NESTED_KINDS):
            continue  # null = absent; unknown columns were reported once for the schema
        if key in _NESTED_KINDS and isinstance(value, list):
            nested = _NESTED_KINDS[key]
            value = [
                _arrow_record(item, nested) if isinstance(item, dict) else item for item in value
            ]
        out[key] = _from_arrow(kinds.get(key), value)
    return out


def _parse_parquet(data: bytes | Path) -> _Parsed:
    parsed = _Parsed()
    source = pa.BufferReader(data) if isinstance(data, bytes) else str(data)
    try:
        table = pq.read_table(source)
    except (pa.ArrowException, OSError) as error:
        parsed.issues.append(
            InputIssue.of(None, "<file>", "file.bad_parquet", found=str(error)[:200])
        )
        return parsed
    _column_issues(
        parsed,
        table.column_names,
        _CASE_FIELD_ORDER,
        _REQUIRED["cases"],
        prefix="",
        where="Parquet",
        line=None,
    )
    for kind, nested_kinds in _NESTED_KINDS.items():
        if kind not in table.column_names:
            continue
        item_type = getattr(table.schema.field(kind).type, "value_type", None)
        if isinstance(item_type, pa.StructType):
            names = [item_type.field(i).name for i in range(item_type.num_fields)]
            _column_issues(
                parsed,
                names,
                nested_kinds,
                _REQUIRED[kind],
                prefix=f"{kind}[*].",
                where=f"Parquet {kind}",
                line=None,
            )
    for row, record in enumerate(table.to_pylist(), start=1):
        parsed.add(_arrow_record(record, CASE_KINDS), row)
    return parsed

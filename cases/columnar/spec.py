"""The Arrow view of the case schema: the column type of each kind, and the schema JSON Lines
are read with. The fields themselves are derived from the pydantic model (:mod:`cases.schema`).
"""

from __future__ import annotations

import pyarrow as pa

from cases.schema import CASE_SPEC, INCIDENT_SPEC, NESTED_SPECS, OFFENCE_SPEC, Field

__all__ = [
    "CASE_SPEC",
    "INCIDENT_SPEC",
    "JSON_SCHEMA",
    "NESTED_SPECS",
    "OFFENCE_SPEC",
    "Field",
    "arrow_type",
]

_ARROW_TYPES: dict[str, pa.DataType] = {
    "str": pa.string(),
    "enum": pa.string(),
    "date": pa.string(),  # as JSON gives it; Parquet may hold date32 or timestamps
    "bool": pa.bool_(),
    "number": pa.float64(),
    "int": pa.int64(),
    "list": pa.bool_(),  # typed: whether the record has a list
}


def arrow_type(field: Field) -> pa.DataType:
    """The Arrow type a field's column has once typed (a list: whether the record has one)."""
    return _ARROW_TYPES[field.kind]


def _struct(spec: tuple[Field, ...]) -> pa.StructType:
    return pa.struct([(f.name, arrow_type(f)) for f in spec])


#: The schema JSON Lines are read with (strict: an unknown field or a value of another JSON
#: type makes the reader refuse, and the exact path explains why).
JSON_SCHEMA = pa.schema(
    [(f.name, pa.list_(_struct(f.items)) if f.kind == "list" else arrow_type(f)) for f in CASE_SPEC]
)

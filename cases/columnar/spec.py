"""What each field of SPEC §1 may hold, as data the columnar checks work from.

Derived by hand from :mod:`cases.model` and checked against it by the tests
(``tests/cases/test_columnar.py``): the model stays the definition.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from cases.model import (
    CASE_ID_PATTERN,
    DEPARTURE_STATUSES,
    INCIDENT_TYPES,
    OFFENCE_CATEGORIES,
    OFFENCE_STATUSES,
    REGIONS,
    SEXES,
    SOURCES,
    TOLERATION_REASONS,
    TRAVEL_DOCUMENTS,
)


@dataclass(frozen=True)
class Field:
    """One field: its kind, whether it may be absent or null, and what else it must meet.

    ``presence``: ``required`` (absent is "missing", null a wrong value), ``optional`` (absent
    or null mean "none"), ``default`` (absent means false, null is a wrong value).
    """

    name: str
    kind: str  # str, enum, date, bool, number, int, list
    presence: str = "required"
    vocabulary: tuple[str, ...] = ()
    pattern: str | None = None  # RE2, whole value; its words: validation.expect.<name>
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def arrow_type(self) -> pa.DataType:
        return _ARROW_TYPES[self.kind]


_ARROW_TYPES: dict[str, pa.DataType] = {
    "str": pa.string(),
    "enum": pa.string(),
    "date": pa.string(),  # as JSON gives it; Parquet may hold date32 or timestamps
    "bool": pa.bool_(),
    "number": pa.float64(),
    "int": pa.int64(),
    "list": pa.bool_(),  # typed: whether the record has a list
}

NATIONALITY_PATTERN = r"^[A-Z]{3}$"

CASE_SPEC: tuple[Field, ...] = (
    Field("case_id", "str", pattern=CASE_ID_PATTERN, max_length=64),
    Field("region", "enum", vocabulary=REGIONS),
    Field("received_on", "date"),
    Field("source", "enum", vocabulary=SOURCES),
    Field("birth_date", "date"),
    Field("departure_status", "enum", vocabulary=DEPARTURE_STATUSES),
    Field("asylum_pending", "bool"),
    Field("deportation_ban", "bool"),
    Field("toleration_reason", "enum", "optional", vocabulary=TOLERATION_REASONS),
    Field("travel_document", "enum", vocabulary=TRAVEL_DOCUMENTS),
    Field("in_custody", "bool"),
    Field("release_date", "date", "optional"),
    Field("offences", "list"),
    Field("incidents", "list"),
    Field("nationality", "str", "optional", pattern=NATIONALITY_PATTERN),
    Field("sex", "enum", "optional", vocabulary=SEXES),
)
OFFENCE_SPEC: tuple[Field, ...] = (
    Field("offence_id", "str", min_length=1, max_length=64),
    Field("date", "date"),
    Field("category", "enum", vocabulary=OFFENCE_CATEGORIES),
    Field("status", "enum", vocabulary=OFFENCE_STATUSES),
    Field("sentence_months", "number", "optional", minimum=0),
    Field("suspended", "bool", "default"),
    Field("juvenile", "bool", "default"),
)
INCIDENT_SPEC: tuple[Field, ...] = (
    Field("incident_id", "str", min_length=1, max_length=64),
    Field("date", "date"),
    Field("type", "enum", vocabulary=INCIDENT_TYPES),
    Field("severity", "int", minimum=1, maximum=3),
)
NESTED_SPECS: dict[str, tuple[Field, ...]] = {"offences": OFFENCE_SPEC, "incidents": INCIDENT_SPEC}
#: The words of a pattern in the message catalogue (``validation.expect.<name>``).
PATTERN_NAMES = {CASE_ID_PATTERN: "case_id", NATIONALITY_PATTERN: "nationality"}


def _struct(spec: tuple[Field, ...]) -> pa.StructType:
    return pa.struct([(f.name, f.arrow_type) for f in spec])


#: The schema JSON Lines are read with (strict: an unknown field or a value of another JSON
#: type makes the reader refuse, and the exact path explains why).
JSON_SCHEMA = pa.schema(
    [
        (f.name, pa.list_(_struct(NESTED_SPECS[f.name])) if f.kind == "list" else f.arrow_type)
        for f in CASE_SPEC
    ]
)

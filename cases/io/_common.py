"""Shared pieces of the readers: format names, parsed input, mapping issues back to lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cases.schema import CASE_SPEC, NESTED_SPECS, Field
from cases.validation import InputIssue

FORMATS = ("jsonl", "json", "parquet", "csv", "csv-zip")
#: Formats :func:`parse_payload` accepts: CSV arrives as a zip of the three files.
#: (``FORMATS`` are those of files: "csv" is a directory, "csv-zip" a ``.zip``.)
PAYLOAD_FORMATS = ("jsonl", "json", "parquet", "csv-zip")
CSV_FILES = ("cases.csv", "offences.csv", "incidents.csv")

_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".zip": "csv-zip",
}


# How each field is represented, for formats whose cells carry no JSON type (CSV) or a
# different one (Parquet timestamps): the kinds of the model's fields (cases.schema), an
# enumeration as text.
def _kinds(spec: tuple[Field, ...]) -> dict[str, str]:
    return {f.name: "str" if f.kind == "enum" else f.kind for f in spec if f.kind != "list"}


CASE_KINDS: dict[str, str] = _kinds(CASE_SPEC)
OFFENCE_KINDS: dict[str, str] = _kinds(NESTED_SPECS["offences"])
INCIDENT_KINDS: dict[str, str] = _kinds(NESTED_SPECS["incidents"])
_NESTED_KINDS = {"offences": OFFENCE_KINDS, "incidents": INCIDENT_KINDS}
_REQUIRED = {
    level: {f.name for f in spec if f.presence == "required"}
    for level, spec in {"cases": CASE_SPEC, **NESTED_SPECS}.items()
}
_CASE_FIELD_ORDER = tuple(f.name for f in CASE_SPEC)


class UnsupportedFormatError(ValueError):
    """The input's format cannot be told from its name, or is not one this module reads.

    Made with a ``validation.*`` text key (``key``, ``values``), it says so in German and in
    English (:meth:`text`); made with a plain message, it says that message.
    """

    def __init__(self, message: str, key: str | None = None, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(self.text("de") if key else message)

    def text(self, lang: str = "de") -> str:
        from texts import text

        return text(self.key, lang, **self.values) if self.key else str(self)


@dataclass
class _Parsed:
    """Raw records of one input plus what the reader already found wrong with it."""

    records: list[Any] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    issues: list[InputIssue] = field(default_factory=list)
    # Record paths (indices as [*]) already reported once for a whole column.
    reported_columns: set[str] = field(default_factory=set)
    # (record position, "offences", index) -> ("offences.csv", 7)
    origins: dict[tuple[int, str, int], tuple[str, int]] = field(default_factory=dict)

    def add(self, record: Any, line: int | None) -> None:
        self.records.append(record)
        self.lines.append(line)


def _column_issues(
    parsed: _Parsed,
    columns: Sequence[str],
    allowed: Iterable[str],
    required: Iterable[str],
    *,
    prefix: str,
    where: str,
    line: int | None,
) -> None:
    """Report unknown, duplicate and missing columns once each, not once per record."""
    allowed, seen = set(allowed), set()
    for column in columns:
        if column in seen:
            parsed.issues.append(
                InputIssue.of(None, prefix + column, "column.twice", found=where, line=line)
            )
        elif column not in allowed:
            parsed.issues.append(
                InputIssue.of(None, prefix + column, "column.unknown", found=where, line=line)
            )
        seen.add(column)
    for column in sorted(set(required) - seen):
        parsed.issues.append(
            InputIssue.of(None, prefix + column, "column.missing", found=where, line=line)
        )
        parsed.reported_columns.add(prefix + column)

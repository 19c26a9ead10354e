"""Reading and writing caseloads in every format of SPEC §1: JSON Lines, JSON, Parquet, CSV.

Every reader turns its input into plain records (dicts as JSON would give them) and hands them
to :func:`cases.validation.validate_records`, so all formats obey exactly the same rules and
report problems the same way. Readers only do what the format itself forces on them: CSV cells
are text and are converted by the schema, empty cells and Parquet nulls mean "absent". Anything
a reader cannot convert is passed on unchanged so the strict model reports it as a wrong type.

``line`` in a reported issue is where the case starts in its input: the physical line for JSON
and JSON Lines, the line in ``cases.csv`` for CSV, the row number for Parquet. Problems in
``offences.csv`` / ``incidents.csv`` also name their own file and line.

Writers work on :class:`CaseFrames` column by column (no per-record Python objects for Parquet),
because benchmarks write caseloads of a million cases.
"""

from cases.io._common import (
    CASE_KINDS,
    CSV_FILES,
    FORMATS,
    INCIDENT_KINDS,
    OFFENCE_KINDS,
    PAYLOAD_FORMATS,
    UnsupportedFormatError,
)
from cases.io.reading import (
    detect_format,
    format_from_filename,
    load_cases,
    load_frames,
    parse_payload,
)
from cases.io.writing import frames_to_arrow, write_cases, write_frames

__all__ = [
    "CASE_KINDS",
    "CSV_FILES",
    "FORMATS",
    "INCIDENT_KINDS",
    "OFFENCE_KINDS",
    "PAYLOAD_FORMATS",
    "UnsupportedFormatError",
    "detect_format",
    "format_from_filename",
    "frames_to_arrow",
    "load_cases",
    "load_frames",
    "parse_payload",
    "write_cases",
    "write_frames",
]

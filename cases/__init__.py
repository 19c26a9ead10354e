"""The case record (SPEC §1): model, validation, columnar frames, file formats, generator.

Import from here; the submodules are an implementation detail that may be split further.
"""

from cases.frames import CaseFrames, cases_from_frames, frames_from_cases, normalize
from cases.generator import GeneratorConfig, generate_cases, generate_frames
from cases.io import (
    CSV_FILES,
    FORMATS,
    PAYLOAD_FORMATS,
    UnsupportedFormatError,
    detect_format,
    format_from_filename,
    frames_to_arrow,
    load_cases,
    load_frames,
    parse_payload,
    write_cases,
    write_frames,
)
from cases.model import AUDIT_ONLY_FIELDS, Case, Incident, Offence
from cases.validation import CaseInputError, InputIssue, validate_records

__all__ = [
    "AUDIT_ONLY_FIELDS",
    "CSV_FILES",
    "FORMATS",
    "PAYLOAD_FORMATS",
    "Case",
    "CaseFrames",
    "CaseInputError",
    "GeneratorConfig",
    "Incident",
    "InputIssue",
    "Offence",
    "UnsupportedFormatError",
    "cases_from_frames",
    "detect_format",
    "format_from_filename",
    "frames_from_cases",
    "frames_to_arrow",
    "generate_cases",
    "generate_frames",
    "load_cases",
    "load_frames",
    "normalize",
    "parse_payload",
    "validate_records",
    "write_cases",
    "write_frames",
]

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

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from cases.frames import CaseFrames, frames_from_cases, normalize
from cases.model import Case, Incident, Offence
from cases.validation import CaseInputError, InputIssue, validate_records

__all__ = [
    "CSV_FILES", "FORMATS", "PAYLOAD_FORMATS", "UnsupportedFormatError", "detect_format",
    "format_from_filename", "frames_to_arrow", "load_cases", "load_frames", "parse_payload",
    "write_cases", "write_frames",
]

FORMATS = ("jsonl", "json", "parquet", "csv", "csv-zip")
#: Formats :func:`parse_payload` accepts: CSV arrives as a zip of the three files.
#: (``FORMATS`` are those of files: "csv" is a directory, "csv-zip" a ``.zip``.)
PAYLOAD_FORMATS = ("jsonl", "json", "parquet", "csv-zip")
CSV_FILES = ("cases.csv", "offences.csv", "incidents.csv")

_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".parquet": "parquet",
             ".zip": "csv-zip"}
_MAX_UNZIPPED_BYTES = 2**31  # refuse zip bombs; far above any real caseload

# How each field is represented, for formats whose cells carry no JSON type (CSV) or a
# different one (Parquet timestamps). Checked against the model by the tests.
CASE_KINDS: dict[str, str] = {
    "case_id": "str", "region": "str", "received_on": "date", "source": "str",
    "birth_date": "date", "departure_status": "str", "asylum_pending": "bool",
    "deportation_ban": "bool", "toleration_reason": "str", "travel_document": "str",
    "in_custody": "bool", "release_date": "date", "nationality": "str", "sex": "str",
}
OFFENCE_KINDS: dict[str, str] = {
    "offence_id": "str", "date": "date", "category": "str", "status": "str",
    "sentence_months": "number", "suspended": "bool", "juvenile": "bool",
}
INCIDENT_KINDS: dict[str, str] = {
    "incident_id": "str", "date": "date", "type": "str", "severity": "int",
}
_NESTED_KINDS = {"offences": OFFENCE_KINDS, "incidents": INCIDENT_KINDS}
_REQUIRED = {
    "cases": {f for f, i in Case.model_fields.items() if i.is_required()},
    "offences": {f for f, i in Offence.model_fields.items() if i.is_required()},
    "incidents": {f for f, i in Incident.model_fields.items() if i.is_required()},
}
_CASE_FIELD_ORDER = tuple(Case.model_fields)


class UnsupportedFormatError(ValueError):
    """The input's format cannot be told from its name, or is not one this module reads."""


# --------------------------------------------------------------------------- parsed input


@dataclass
class _Parsed:
    """Raw records of one input plus what the reader already found wrong with it."""

    records: list[Any] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    issues: list[InputIssue] = field(default_factory=list)
    # Record paths (indices as [*]) already reported once for a whole column.
    reported_columns: set[str] = field(default_factory=set)
    # (record position, "offences", index) -> "offences.csv line 7"
    origins: dict[tuple[int, str, int], str] = field(default_factory=dict)

    def add(self, record: Any, line: int | None) -> None:
        self.records.append(record)
        self.lines.append(line)


_FIRST_ON_LINE = re.compile(r"(first on line )(\d+)")
_NESTED_PATH = re.compile(r"^(offences|incidents)\[(\d+)\]")
_INDEX = re.compile(r"\[\d+\]")


def _relocate(issue: InputIssue, parsed: _Parsed) -> InputIssue:
    """Map validate_records' record positions onto the input's own lines and files."""
    if issue.line is None:
        return issue
    position = issue.line - 1

    def line_of(match: re.Match[str]) -> str:
        return f"{match.group(1)}{parsed.lines[int(match.group(2)) - 1]}"

    message = _FIRST_ON_LINE.sub(line_of, issue.message)
    nested = _NESTED_PATH.match(issue.path)
    if nested:
        origin = parsed.origins.get((position, nested.group(1), int(nested.group(2))))
        if origin:
            message = f"{message} ({origin})"
    return replace(issue, line=parsed.lines[position], message=message)


def _validate(parsed: _Parsed, today: date | None, source: str | None) -> list[Case]:
    """All or nothing: the reader's issues and the model's issues together, in input order."""
    issues = list(parsed.issues)
    cases: list[Case] = []
    try:
        cases = validate_records(parsed.records, today=today, source=source)
    except CaseInputError as error:
        for issue in error.issues:
            if _INDEX.sub("[*]", issue.path) not in parsed.reported_columns:
                issues.append(_relocate(issue, parsed))
    if issues:
        issues.sort(key=lambda i: i.line or 0)
        raise CaseInputError(issues, source)
    return cases


def _column_issues(
    parsed: _Parsed, columns: Sequence[str], allowed: Iterable[str], required: Iterable[str],
    *, prefix: str, where: str, line: int | None,
) -> None:
    """Report unknown, duplicate and missing columns once each, not once per record."""
    allowed, seen = set(allowed), set()
    for column in columns:
        if column in seen:
            parsed.issues.append(InputIssue(None, prefix + column,
                                            f"column appears twice in {where}", line))
        elif column not in allowed:
            parsed.issues.append(InputIssue(None, prefix + column,
                                            f"unknown column in {where} (not part of the case "
                                            f"format)", line))
        seen.add(column)
    for column in sorted(set(required) - seen):
        parsed.issues.append(InputIssue(None, prefix + column,
                                        f"required column is missing in {where}", line))
        parsed.reported_columns.add(prefix + column)


# --------------------------------------------------------------------------- JSON


class _DuplicateKeyError(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys; that would drop a value silently.
    out = dict(pairs)  # built in C; the slow search below runs only when a key repeats
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(object_pairs_hook=_object_without_duplicates,
                            parse_constant=_reject_constant)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_CASE_ID_IN_TEXT = re.compile(r'"case_id"\s*:\s*"([^"\\]{1,64})"')


def _syntax_issue(error: Exception, text: str, line: int) -> InputIssue:
    """An issue for JSON that cannot be parsed, with the case id if one is readable."""
    found = _CASE_ID_IN_TEXT.search(text)
    if isinstance(error, _DuplicateKeyError):
        message = f"invalid JSON: key {error.args[0]!r} appears twice in one object"
    elif isinstance(error, json.JSONDecodeError):
        message = f"invalid JSON: {error.msg} (column {error.colno})"
    elif isinstance(error, RecursionError):
        message = "invalid JSON: nested too deeply"
    else:
        message = f"invalid JSON: {error}"
    return InputIssue(found.group(1) if found else None, "<record>", message, line)


def _parse_jsonl(text: str) -> _Parsed:
    parsed = _Parsed()
    # split("\n"), not splitlines(): U+2028 and friends may stand inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue  # blank lines (a trailing newline, spacing) carry no record
        try:
            parsed.add(_DECODER.decode(line), number)
        except (ValueError, RecursionError) as error:
            parsed.issues.append(_syntax_issue(error, line, number))
    return parsed


_PLAIN_DECODER = json.JSONDecoder()
_JSON_TYPE_NAMES = {"dict": "one object", "list": "an array", "str": "a string",
                    "int": "a number", "float": "a number", "bool": "a boolean",
                    "NoneType": "null"}


def _parse_json_array(text: str) -> _Parsed:
    """A JSON array of case objects, remembering the line on which each case starts."""
    parsed = _Parsed()
    counted, line = 0, 1

    def line_at(position: int) -> int:
        nonlocal counted, line
        line += text.count("\n", counted, position)
        counted = position
        return line

    def problem(message: str, position: int) -> _Parsed:
        parsed.issues.append(InputIssue(None, "<file>", message, line_at(position)))
        return parsed

    position = _WHITESPACE.match(text, 0).end()
    if position == len(text):
        return problem("the file is empty (expected a JSON array of case objects)", 0)
    if not text.startswith("[", position):
        try:
            found = _JSON_TYPE_NAMES.get(type(_PLAIN_DECODER.decode(text)).__name__, "a value")
        except json.JSONDecodeError as error:
            return problem(f"invalid JSON: {error.msg} (column {error.colno})", error.pos)
        except RecursionError:
            return problem("invalid JSON: nested too deeply", position)
        hint = " (one case per line belongs in a .jsonl file)" if found == "one object" else ""
        return problem(f"expected a JSON array of case objects, found {found}{hint}", position)
    position = _WHITESPACE.match(text, position + 1).end()
    closed = text.startswith("]", position)
    while not closed:
        start = position
        try:
            record, position = _DECODER.raw_decode(text, start)
            parsed.add(record, line_at(start))
        except json.JSONDecodeError as error:
            return problem(f"invalid JSON: {error.msg} (column {error.colno})", error.pos)
        except RecursionError:
            return problem("invalid JSON: nested too deeply", start)
        except ValueError as error:
            # Valid syntax with a duplicate key or NaN: report it and read on.
            parsed.issues.append(_syntax_issue(error, text[start:start + 2000], line_at(start)))
            _, position = _PLAIN_DECODER.raw_decode(text, start)
        position = _WHITESPACE.match(text, position).end()
        if text.startswith(",", position):
            position = _WHITESPACE.match(text, position + 1).end()
        elif text.startswith("]", position):
            closed = True
        else:
            return problem("invalid JSON: expected ',' or ']' after a case", position)
    rest = _WHITESPACE.match(text, position + 1).end()
    if rest != len(text):
        return problem("invalid JSON: extra data after the array", rest)
    return parsed


# --------------------------------------------------------------------------- CSV

_INT_TEXT = re.compile(r"[+-]?\d+\Z")
_NUMBER_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")


def _from_cell(kind: str, cell: str) -> Any:
    """A CSV cell as the JSON value it stands for; unconvertible text stays text."""
    if kind == "bool":
        return {"true": True, "false": False}.get(cell.lower(), cell)
    if kind in ("int", "number") and _INT_TEXT.match(cell):
        return int(cell)
    if kind == "number" and _NUMBER_TEXT.match(cell):
        return float(cell)
    return cell


def _csv_rows(text: str, name: str, parsed: _Parsed) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    try:
        for row in reader:
            start, end = end + 1, reader.line_num
            if row:
                yield start, row
    except csv.Error as error:
        parsed.issues.append(InputIssue(None, "<file>", f"{name}: unreadable CSV: {error}",
                                        reader.line_num))


def _csv_record(
    header: list[str], row: list[str], kinds: dict[str, str], line: int, where: str,
    parsed: _Parsed,
) -> dict[str, Any]:
    if len(row) > len(header):
        parsed.issues.append(InputIssue(None, "<record>", f"{where} line {line}: {len(row)} "
                                        f"cells but {len(header)} columns in the header", line))
    return {column: _from_cell(kinds[column], cell)
            for column, cell in zip(header, row, strict=False)
            if column in kinds and cell != ""}


def _parse_csv(texts: dict[str, str | None]) -> _Parsed:
    """Join the three CSV files on ``case_id`` into case records."""
    parsed = _Parsed()
    for name in CSV_FILES:
        if texts.get(name) is None:
            parsed.issues.append(InputIssue(None, "<file>", f"{name} is missing (CSV input is "
                                            f"{', '.join(CSV_FILES)})", None))
    if parsed.issues:
        return parsed
    rows = _csv_rows(texts["cases.csv"] or "", "cases.csv", parsed)
    header = next(rows, (1, []))[1]
    _column_issues(parsed, header, CASE_KINDS, _REQUIRED["cases"] - set(_NESTED_KINDS),
                   prefix="", where="cases.csv", line=1)
    position_of: dict[str, int] = {}
    for line, row in rows:
        record = _csv_record(header, row, CASE_KINDS, line, "cases.csv", parsed)
        record["offences"], record["incidents"] = [], []
        if isinstance(record.get("case_id"), str):
            position_of.setdefault(record["case_id"], len(parsed.records))
        parsed.add(record, line)
    for kind, nested_kinds in _NESTED_KINDS.items():
        name = f"{kind}.csv"
        rows = _csv_rows(texts[name] or "", name, parsed)
        header = next(rows, (1, []))[1]
        _column_issues(parsed, header, {"case_id", *nested_kinds},
                       {"case_id", *_REQUIRED[kind]}, prefix=f"{kind}[*].", where=name, line=1)
        if "case_id" not in header:
            continue
        for line, row in rows:
            record = _csv_record(header, row, nested_kinds, line, name, parsed)
            case_id = dict(zip(header, row, strict=False)).get("case_id", "")
            position = position_of.get(case_id)
            if position is None:
                parsed.issues.append(InputIssue(
                    case_id or None, kind, f"{name} line {line}: case_id {case_id!r} does not "
                    f"appear in cases.csv", None))
                continue
            siblings = parsed.records[position][kind]
            parsed.origins[(position, kind, len(siblings))] = f"{name} line {line}"
            siblings.append(record)
    return parsed


# --------------------------------------------------------------------------- Parquet

_MIDNIGHT = time(0, 0)


def _from_arrow(kind: str | None, value: Any) -> Any:
    # pandas writes dates as timestamps; a timestamp at midnight is that date.
    if kind == "date" and isinstance(value, datetime) and value.tzinfo is None \
            and value.time() == _MIDNIGHT:
        return value.date()
    return value


def _arrow_record(record: dict[str, Any], kinds: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if value is None or (key not in kinds and key not in _NESTED_KINDS):
            continue  # null = absent; unknown columns were reported once for the schema
        if key in _NESTED_KINDS and isinstance(value, list):
            nested = _NESTED_KINDS[key]
            value = [_arrow_record(item, nested) if isinstance(item, dict) else item
                     for item in value]
        out[key] = _from_arrow(kinds.get(key), value)
    return out


def _parse_parquet(data: bytes | Path) -> _Parsed:
    parsed = _Parsed()
    source = pa.BufferReader(data) if isinstance(data, bytes) else str(data)
    try:
        table = pq.read_table(source)
    except (pa.ArrowException, OSError) as error:
        parsed.issues.append(InputIssue(None, "<file>", f"not a readable Parquet file: {error}",
                                        None))
        return parsed
    _column_issues(parsed, table.column_names, _CASE_FIELD_ORDER, _REQUIRED["cases"],
                   prefix="", where="the Parquet schema", line=None)
    for kind, nested_kinds in _NESTED_KINDS.items():
        if kind not in table.column_names:
            continue
        item_type = getattr(table.schema.field(kind).type, "value_type", None)
        if isinstance(item_type, pa.StructType):
            names = [item_type.field(i).name for i in range(item_type.num_fields)]
            _column_issues(parsed, names, nested_kinds, _REQUIRED[kind], prefix=f"{kind}[*].",
                           where=f"the Parquet struct of {kind}", line=None)
    for row, record in enumerate(table.to_pylist(), start=1):
        parsed.add(_arrow_record(record, CASE_KINDS), row)
    return parsed


# --------------------------------------------------------------------------- reading


def _decode(data: bytes | str, name: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")  # tolerate the byte order mark spreadsheets write
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CaseInputError([InputIssue(None, "<file>", f"{name} is not UTF-8 text (byte "
                                         f"{error.start})", line)], name) from None


def detect_format(path: str | Path) -> str:
    """Format of a path by its suffix; a directory (or its ``cases.csv``) is CSV, a ``.zip``
    holds the three CSV files."""
    path = Path(path)
    if path.is_dir() or path.name == "cases.csv":
        return "csv"
    if path.suffix.lower() == ".csv":
        raise UnsupportedFormatError(
            f"{path}: CSV input is a directory with {', '.join(CSV_FILES)}; name the directory "
            f"or its cases.csv")
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            f"{path}: cannot tell the format from the suffix {path.suffix!r}; use .jsonl, "
            f".ndjson, .json, .parquet, .zip (the three CSV files), or a directory with the "
            f"three CSV files")
    return fmt


def _read_csv_dir(directory: Path) -> dict[str, str | None]:
    texts: dict[str, str | None] = {}
    for name in CSV_FILES:
        file = directory / name
        texts[name] = _decode(file.read_bytes(), name) if file.is_file() else None
    return texts


def _read_csv_zip(data: bytes) -> dict[str, str | None]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise CaseInputError([InputIssue(None, "<file>", f"not a zip archive: {error}",
                                         None)]) from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()
                   and not info.filename.startswith("__MACOSX/")
                   and Path(info.filename).name in CSV_FILES]
        by_name = {Path(info.filename).name: info for info in members}
        issues = [InputIssue(None, "<file>", f"{name} appears more than once in the zip "
                             f"archive", None)
                  for name in CSV_FILES
                  if sum(Path(i.filename).name == name for i in members) > 1]
        if sum(info.file_size for info in members) > _MAX_UNZIPPED_BYTES:
            issues.append(InputIssue(None, "<file>", "zip archive unpacks to more than "
                                     f"{_MAX_UNZIPPED_BYTES} bytes", None))
        if issues:
            raise CaseInputError(issues)
        return {name: _decode(archive.read(by_name[name]), name) if name in by_name else None
                for name in CSV_FILES}


def _parse(data: bytes | str, fmt: str, name: str = "input") -> _Parsed:
    if fmt == "jsonl":
        return _parse_jsonl(_decode(data, name))
    if fmt == "json":
        return _parse_json_array(_decode(data, name))
    if fmt == "parquet":
        return _parse_parquet(data if isinstance(data, bytes) else data.encode())
    if fmt == "csv-zip":
        return _parse_csv(_read_csv_zip(data if isinstance(data, bytes) else data.encode()))
    raise UnsupportedFormatError(f"unknown format {fmt!r}; expected one of "
                                 f"{', '.join(PAYLOAD_FORMATS)}")


def load_cases(
    path: str | Path, *, today: date | None = None, fmt: str | None = None
) -> list[Case]:
    """Validated cases of a file (or CSV directory), all or nothing.

    ``today`` is the day of import (default: today); dates after it are errors. Raises
    :class:`CaseInputError` with every issue, :class:`UnsupportedFormatError` for an unknown
    format, ``FileNotFoundError`` when the input does not exist.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or directory")
    fmt = fmt or detect_format(path)
    if fmt == "csv":
        parsed = _parse_csv(_read_csv_dir(path if path.is_dir() else path.parent))
    elif fmt == "parquet":
        parsed = _parse_parquet(path)  # arrow reads the file itself, without a copy in memory
    else:
        parsed = _parse(path.read_bytes(), fmt, path.name)
    return _validate(parsed, today, str(path))


def load_frames(
    path: str | Path, *, today: date | None = None, fmt: str | None = None
) -> CaseFrames:
    """Like :func:`load_cases`, as frames for the batch engine."""
    return frames_from_cases(load_cases(path, today=today, fmt=fmt))


def parse_payload(
    data: bytes | str, *, fmt: str, today: date | None = None, source: str | None = None
) -> list[Case]:
    """Validated cases of an upload (``fmt`` in :data:`PAYLOAD_FORMATS`), all or nothing.

    CSV uploads are a zip archive holding ``cases.csv``, ``offences.csv`` and
    ``incidents.csv`` (at its root or in one folder).
    """
    fmt = "jsonl" if fmt == "ndjson" else fmt
    return _validate(_parse(data, fmt), today, source)


def format_from_filename(name: str) -> str:
    """Payload format of an uploaded file's name (``cases.jsonl`` -> ``jsonl``)."""
    fmt = _SUFFIXES.get(Path(name).suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(f"{name}: cannot tell the format from the suffix; use "
                                     f".jsonl, .ndjson, .json, .parquet or .zip (CSV files)")
    return fmt


# --------------------------------------------------------------------------- writing


def _grouped(frame: pd.DataFrame, n: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows ordered by case (stable) and the offsets of each case's rows."""
    if not frame["case_idx"].is_monotonic_increasing:
        frame = frame.sort_values("case_idx", kind="stable")
    counts = np.bincount(frame["case_idx"].to_numpy(), minlength=n)
    return frame.reset_index(drop=True), np.concatenate(([0], np.cumsum(counts)))


#: The json module's C string encoder (what json.dumps uses), without its per-call overhead.
_json_string: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _json_texts(series: pd.Series, kind: str) -> np.ndarray:
    """A column as JSON literals. Encodes each distinct value once, which makes dates,
    enumerations and sentences cheap."""
    if kind == "bool":
        return np.where(series.to_numpy(dtype=bool), "true", "false").astype(object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts: list[str]
    if kind == "date":
        days = np.asarray(uniques, dtype="datetime64[D]")
        texts = np.datetime_as_string(days, unit="D").tolist()
    elif kind == "number":
        texts = [_number_text(v) for v in uniques]
    elif kind == "int":
        texts = [str(int(v)) for v in uniques]
    else:
        texts = [str(v) for v in uniques]
    if kind in ("str", "date"):
        texts = [_json_string(t) for t in texts]
    table = np.array([*texts, "null"], dtype=object)
    return table[codes]  # code -1 (missing) picks the last entry


def _template(names: Iterable[str]) -> str:
    """``str.format`` template of a JSON object with the given keys, in that order."""
    return "{{" + ", ".join(f"{json.dumps(name)}: {{}}" for name in names) + "}}"


def _json_objects(frame: pd.DataFrame, kinds: dict[str, str]) -> list[str]:
    columns = [_json_texts(frame[name], kind) for name, kind in kinds.items()]
    template = _template(kinds)
    return [template.format(*values) for values in zip(*columns, strict=True)]


def _json_lines(frames: CaseFrames, chunk: int = 100_000) -> Iterator[list[str]]:
    """Case objects as JSON text in chunks, keys in SPEC order."""
    frames = normalize(frames)
    n = len(frames.cases)
    nested = {kind: _grouped(getattr(frames, kind), n) for kind in _NESTED_KINDS}
    template = _template(_CASE_FIELD_ORDER)
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        columns: dict[str, Sequence[str]] = {
            name: _json_texts(frames.cases[name].iloc[start:stop], kind)
            for name, kind in CASE_KINDS.items()}
        for kind, (frame, offsets) in nested.items():
            lo, hi = offsets[start], offsets[stop]
            items = _json_objects(frame.iloc[lo:hi], _NESTED_KINDS[kind])
            bounds = offsets[start:stop + 1] - lo
            columns[kind] = ["[" + ", ".join(items[a:b]) + "]"
                             for a, b in pairwise(bounds.tolist())]
        yield [template.format(*values)
               for values in zip(*(columns[name] for name in _CASE_FIELD_ORDER), strict=True)]


def _write_json(frames: CaseFrames, path: Path, *, array: bool) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        if not array:
            for lines in _json_lines(frames):
                out.write("\n".join(lines) + "\n")
            return
        out.write("[")
        separator = "\n"
        for lines in _json_lines(frames):
            out.write(separator + ",\n".join(lines))
            separator = ",\n"
        out.write("\n]\n" if separator != "\n" else "]\n")


def _arrow_column(series: pd.Series, kind: str) -> pa.Array:
    if kind == "date":
        return pa.array(series.to_numpy().astype("datetime64[D]"), type=pa.date32(),
                        from_pandas=True)
    if kind == "bool":
        return pa.array(series.to_numpy(dtype=bool), type=pa.bool_())
    if kind == "number":
        return pa.array(series.to_numpy(dtype=float), type=pa.float64(), from_pandas=True)
    if kind == "int":
        return pa.array(series.to_numpy(dtype=np.int8), type=pa.int8())
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        vocabulary = pa.array([str(c) for c in series.cat.categories], type=pa.string())
        indices = pa.array(codes, mask=codes < 0)
        return pa.DictionaryArray.from_arrays(indices, vocabulary).dictionary_decode()
    # Arrow-backed pandas strings convert without copying; object columns value by value.
    return pa.array(series, type=pa.string(), from_pandas=True)


def frames_to_arrow(frames: CaseFrames) -> pa.Table:
    """One row per case, ``offences``/``incidents`` as list<struct> built from offsets."""
    frames = normalize(frames)
    n = len(frames.cases)
    columns: dict[str, pa.Array] = {
        name: _arrow_column(frames.cases[name], kind) for name, kind in CASE_KINDS.items()}
    for kind, nested_kinds in _NESTED_KINDS.items():
        frame, offsets = _grouped(getattr(frames, kind), n)
        struct = pa.StructArray.from_arrays(
            [_arrow_column(frame[name], k) for name, k in nested_kinds.items()],
            names=list(nested_kinds))
        columns[kind] = pa.ListArray.from_arrays(pa.array(offsets, type=pa.int32()), struct)
    return pa.table({name: columns[name] for name in _CASE_FIELD_ORDER})


_NEEDS_QUOTES = r'[",\r\n]'


def _write_csv_table(table: pa.Table, path: Path) -> None:
    # Quote only when some value needs it: plain files are easier to read and to diff.
    needs_quotes = any(
        pc.any(pc.match_substring_regex(column, _NEEDS_QUOTES)).as_py()
        for column in table.columns if pa.types.is_string(column.type))
    options = pa_csv.WriteOptions(quoting_style="needed" if needs_quotes else "none")
    pa_csv.write_csv(table, path, options)


def _write_csv(frames: CaseFrames, directory: Path) -> None:
    """The three CSV files; arrow formats the cells exactly as the CSV reader parses them
    (ISO dates, ``true``/``false``, ``4`` / ``4.5``, empty = absent)."""
    frames = normalize(frames)
    directory.mkdir(parents=True, exist_ok=True)
    cases = {name: _arrow_column(frames.cases[name], kind) for name, kind in CASE_KINDS.items()}
    _write_csv_table(pa.table(cases), directory / "cases.csv")
    for kind, nested_kinds in _NESTED_KINDS.items():
        frame, _ = _grouped(getattr(frames, kind), len(frames.cases))
        columns = {"case_id": cases["case_id"].take(pa.array(frame["case_idx"].to_numpy()))}
        columns |= {name: _arrow_column(frame[name], k) for name, k in nested_kinds.items()}
        _write_csv_table(pa.table(columns), directory / f"{kind}.csv")


def _write_csv_zip(frames: CaseFrames, path: Path) -> None:
    """The three CSV files in one zip archive, the upload form of CSV."""
    with tempfile.TemporaryDirectory() as scratch:
        _write_csv(frames, Path(scratch))
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in CSV_FILES:
                archive.write(Path(scratch) / name, name)


def write_frames(frames: CaseFrames, path: str | Path, fmt: str | None = None) -> None:
    """Write a caseload; ``fmt`` in :data:`FORMATS` (default: from the suffix, a path without
    suffix is a CSV directory). CSV writes ``cases.csv``, ``offences.csv`` and
    ``incidents.csv`` into the directory ``path`` (or beside ``path`` if it names
    ``cases.csv``); ``csv-zip`` writes them into one zip archive."""
    path = Path(path)
    fmt = fmt or ("csv" if not path.suffix else detect_format(path))
    if fmt == "csv-zip":
        _write_csv_zip(frames, path)
    elif fmt == "jsonl":
        _write_json(frames, path, array=False)
    elif fmt == "json":
        _write_json(frames, path, array=True)
    elif fmt == "parquet":
        pq.write_table(frames_to_arrow(frames), path)
    elif fmt == "csv":
        _write_csv(frames, path.parent if path.name == "cases.csv" else path)
    else:
        raise UnsupportedFormatError(f"unknown format {fmt!r}; expected one of "
                                     f"{', '.join(FORMATS)}")


def write_cases(cases: Sequence[Case], path: str | Path, fmt: str | None = None) -> None:
    """Write validated cases; same output as :func:`write_frames` of their frames."""
    write_frames(frames_from_cases(cases), path, fmt)

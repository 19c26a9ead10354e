"""Reading a caseload straight into columns, every rule of SPEC §1 checked on whole columns.

    frames, error = read_caseload(path_or_bytes, "jsonl", today=day, limits=ReadLimits(...))
    if error is not None:
        raise error          # CaseInputError: .issues (the first limits.max_issues), .total

* **Parquet** is read by Arrow; the row count comes from the file's metadata before any row is
  read, and the columns are checked as they are.
* **JSON Lines** are read by ``pyarrow.json`` with the case schema (fast path: a good file never
  becomes Python objects). The Arrow reader refuses what the format forbids (an unknown field, a
  value of another JSON type, a key twice in one object) without saying where; then, and when
  a rule finds any problem, the file is read again by the exact reader (the standard library
  parser, line by line) whose issues name line, case, record path, field, found and expected.
* **JSON arrays** and **CSV** go through the exact reader (cells converted by the schema).

Both routes end in the same checks (:mod:`cases.columnar.checks`). Limits (14.1): the number of
cases is counted before records are built (lines of a JSON Lines file, Parquet metadata) and a
caseload over ``max_cases`` is refused at once; a zip archive is refused from its headers when a
member is packed otherwise than stored or deflated (bzip2, LZMA: unpacked without a bound) or the
members declare more than ``max_unzipped_bytes``, then unpacked as a stream and refused past
``max_unzipped_bytes`` (a header may lie); at most ``max_issues`` issues are kept
(``CaseInputError.total`` counts all). A damaged zip (bad CRC, unknown compression method) or
Parquet file, and dates outside the calendar, are issues like any other, never an exception.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj
import pyarrow.parquet as pq

from cases.columnar.checks import (
    ABSENT,
    Level,
    check_levels,
    finite,
    materialize,
    vocabulary_codes,
)
from cases.columnar.spec import CASE_SPEC, JSON_SCHEMA, NESTED_SPECS, Field
from cases.frames import DATE_DTYPE, CaseFrames, category_dtype, int_dtype
from cases.validation import CaseInputError, InputIssue, describe

__all__ = ["ReadLimits", "read_caseload", "read_records"]

#: Far above any real caseload; the service passes its upload limit.
DEFAULT_MAX_UNZIPPED_BYTES = 2**31


@dataclass(frozen=True)
class ReadLimits:
    """What one read may cost: cases, unpacked bytes, issues kept (``None``: no limit)."""

    max_cases: int | None = None
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES
    max_issues: int | None = None
    allow_empty: bool = False


def read_caseload(
    source: Path | str | bytes,
    fmt: str,
    *,
    today: date | None = None,
    limits: ReadLimits | None = None,
    name: str | None = None,
) -> tuple[CaseFrames | None, CaseInputError | None]:
    """The caseload of a file (``Path``/``str``) or upload (``bytes``), all or nothing.

    ``fmt`` is one of ``jsonl``, ``json``, ``parquet``, ``csv`` (a directory) and ``csv-zip``.
    Returns the frames and ``None``, or ``None`` and the error holding the issues.
    """
    from cases.io._common import PAYLOAD_FORMATS, UnsupportedFormatError

    today = today or date.today()
    limits = limits or ReadLimits()
    if isinstance(source, str):
        source = Path(source)
    label = name or (str(source) if isinstance(source, Path) else None)
    fmt = "jsonl" if fmt == "ndjson" else fmt
    if fmt not in (*PAYLOAD_FORMATS, "csv"):
        raise UnsupportedFormatError(
            f"unknown format {fmt!r}; expected one of {', '.join(PAYLOAD_FORMATS)}, csv"
        )
    try:
        if fmt == "parquet":
            return _finish(_read_parquet(source, today, limits), limits, label)
        if fmt == "jsonl":
            fast = _read_jsonl_fast(source, today, limits)
            if fast is not None:
                return _finish(fast, limits, label)
        return _finish(_read_exact(source, fmt, today, limits), limits, label)
    except CaseInputError as error:
        error.source = error.source or label
        return None, error
    finally:
        # The file's columns are gone (the frames are numpy and pandas memory): hand Arrow's
        # freed pages back to the system, or the ranking after the read would add to them.
        pa.default_memory_pool().release_unused()


def read_records(
    records: list[Any], *, today: date | None = None, lines: list[int | None] | None = None
) -> tuple[CaseFrames | None, list[InputIssue]]:
    """Raw records (dicts as JSON gives them) checked on columns: frames or every issue."""
    from cases.io._common import _Parsed

    parsed = _Parsed()
    for position, record in enumerate(records):
        parsed.add(record, lines[position] if lines else position + 1)
    result = _from_parsed(parsed, today or date.today())
    frames, items, all_lines, ids, extra, origins = result
    issues = extra + materialize(items, all_lines, ids, None, origins)
    return (frames if not issues else None), issues


# ------------------------------------------------------------------------------ results

#: frames (when valid), issue tuples, line of each case, raw case ids, issues of the reader,
#: CSV origins of nested records
_Result = tuple[
    CaseFrames | None,
    list[Any],
    list[int | None],
    Any,  # the raw case ids: a list, or an Arrow array until an issue needs them
    list[InputIssue],
    dict[tuple[int, str, int], tuple[str, int]],
]


def _finish(
    result: _Result, limits: ReadLimits, label: str | None
) -> tuple[CaseFrames | None, CaseInputError | None]:
    frames, items, lines, ids, extra, origins = result
    total = len(items) + len(extra)
    if total == 0 and frames is not None and len(frames) == 0 and not limits.allow_empty:
        extra = [InputIssue.of(None, "<file>", "file.empty")]
        total = 1
    if total == 0 and frames is not None:
        return frames, None
    if isinstance(ids, pa.Array):
        ids = ids.to_pylist()
    issues = extra + materialize(items, lines, ids, limits.max_issues, origins)
    issues.sort(key=lambda issue: issue.line or 0)
    if limits.max_issues is not None:
        issues = issues[: limits.max_issues]
    return None, CaseInputError(issues, label, total)


def _too_many(found: int, limits: ReadLimits) -> None:
    if limits.max_cases is not None and found > limits.max_cases:
        issue = InputIssue.of(
            None, "<file>", "file.too_many_cases", found=str(found), expected=str(limits.max_cases)
        )
        raise CaseInputError([issue])


# ------------------------------------------------------------------------------ Parquet


def _read_parquet(source: Path | bytes, today: date, limits: ReadLimits) -> _Result:
    from cases.io._common import _REQUIRED, _column_issues, _Parsed

    try:
        handle = pq.ParquetFile(pa.BufferReader(source) if isinstance(source, bytes) else source)
        _too_many(handle.metadata.num_rows, limits)
        handle = pq.ParquetFile(
            pa.BufferReader(source) if isinstance(source, bytes) else source,
            read_dictionary=_enum_paths(handle.metadata.schema),
        )
        table = handle.read()
    except CaseInputError:
        raise
    except (pa.ArrowException, OSError, ValueError) as error:
        issue = InputIssue.of(None, "<file>", "file.bad_parquet", found=str(error)[:200])
        raise CaseInputError([issue]) from None
    parsed = _Parsed()
    _column_issues(
        parsed,
        table.column_names,
        [f.name for f in CASE_SPEC],
        _REQUIRED["cases"],
        prefix="",
        where="Parquet",
        line=None,
    )
    for kind, spec in NESTED_SPECS.items():
        if kind not in table.column_names:
            continue
        column_type = table.schema.field(kind).type
        item = getattr(column_type, "value_type", None)
        if not isinstance(item, pa.StructType):
            return _parquet_by_records(source, today)
        _column_issues(
            parsed,
            [item.field(i).name for i in range(item.num_fields)],
            [f.name for f in spec],
            _REQUIRED[kind],
            prefix=f"{kind}[*].",
            where=f"Parquet {kind}",
            line=None,
        )
    cases, nested = _levels_from_table(table, null_is_absent=True)
    ids = _arrow_ids(table)
    checked = check_levels(cases, nested, today=today, raw_case_ids=ids)
    lines: list[int | None] = list(range(1, table.num_rows + 1))
    items = [item for item in checked.issues if _star(item[6]) not in parsed.reported_columns]
    frames = _frames(checked.typed, nested) if not items and not parsed.issues else None
    return frames, items, lines, ids, list(parsed.issues), {}


def _enum_paths(schema: pq.ParquetSchema) -> list[str]:
    """The Parquet columns of enumerations that hold text: read as dictionaries (their few
    words are checked and coded once, not once per row)."""
    enums = {(None, f.name) for f in CASE_SPEC if f.kind == "enum"} | {
        (kind, f.name) for kind, spec in NESTED_SPECS.items() for f in spec if f.kind == "enum"
    }
    paths = []
    for i in range(len(schema)):
        column = schema.column(i)
        parts = column.path.split(".")  # a case's field, or <list>.list.element.<field>
        if len(parts) not in (1, 4):
            continue
        owner = parts[0] if len(parts) > 1 else None
        if (owner, parts[-1]) in enums and column.physical_type == "BYTE_ARRAY":
            paths.append(column.path)
    return paths


def _parquet_by_records(source: Path | bytes, today: date) -> _Result:
    """A Parquet file whose lists are not lists of structs: record by record, exactly."""
    from cases.io.parquet_format import _parse_parquet

    try:
        parsed = _parse_parquet(source)
    except (pa.ArrowException, ValueError, OverflowError) as error:
        issue = _parquet_trouble(error)
        raise CaseInputError([issue]) from None
    return _from_parsed(parsed, today)


def _parquet_trouble(error: Exception) -> InputIssue:
    """What made a Parquet file unreadable: a date or time outside what Python can hold as a
    catalogue issue of its own (not Python's English), anything else as Arrow says it."""
    message = str(error)
    if isinstance(error, OverflowError) or (
        isinstance(error, ValueError) and ("out of range" in message or "magnitude" in message)
    ):
        return InputIssue.of(None, "<file>", "file.parquet_date_range")
    return InputIssue.of(None, "<file>", "file.bad_parquet", found=message[:200])


def _star(path: str) -> str:
    import re

    return re.sub(r"\[\d+\]", "[*]", path)


def _arrow_ids(table: pa.Table) -> pa.Array:
    """The case ids as given (null where there is none or it is not text)."""
    if "case_id" not in table.column_names:
        return pa.nulls(table.num_rows, pa.string())
    column = table.column("case_id").combine_chunks()
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column.cast(pa.string())
    return pa.nulls(table.num_rows, pa.string())


def _levels_from_table(table: pa.Table, *, null_is_absent: bool) -> tuple[Level, dict[str, Level]]:
    rows = table.num_rows
    columns: dict[str, Any] = {}
    for spec in CASE_SPEC:
        if spec.name in table.column_names and spec.kind != "list":
            columns[spec.name] = table.column(spec.name).combine_chunks()
    cases = Level("cases", CASE_SPEC, rows, columns, np.arange(rows), np.zeros(rows, np.int64))
    cases.null_is_absent = null_is_absent
    nested: dict[str, Level] = {}
    for kind, fields in NESTED_SPECS.items():
        if kind not in table.column_names:
            nested[kind] = Level(kind, fields, 0, {}, np.zeros(0, np.int64), np.zeros(0, np.int64))
            continue
        lists = table.column(kind).combine_chunks()
        cases.columns[kind] = lists
        items = lists.flatten()
        parents = lists.value_parent_indices().to_numpy(zero_copy_only=False).astype(np.int64)
        offsets = lists.offsets.to_numpy(zero_copy_only=False).astype(np.int64)
        index = np.arange(len(items), dtype=np.int64) - offsets[parents] + offsets[0]
        names = {items.type.field(i).name for i in range(items.type.num_fields)}
        level_columns: dict[str, Any] = {}
        for f in fields:
            if f.name in names:
                level_columns[f.name] = items.field(f.name)
        level = Level(kind, fields, len(items), level_columns, parents, index, null_is_absent)
        missing_items = items.is_null().to_numpy(zero_copy_only=False)
        if missing_items.any():
            level.skip = missing_items
        nested[kind] = level
    return cases, nested


def _frames(typed: dict[str, dict[str, pa.Array]], nested: dict[str, Level]) -> CaseFrames:
    """Typed, checked columns as the engine's frames, built straight from Arrow in the types of
    :mod:`cases.frames` (no Python object per value except the case ids and nationalities,
    which the engine and the writers read as objects)."""
    import pandas as pd

    specs = {"cases": CASE_SPEC, **NESTED_SPECS}
    out: dict[str, pd.DataFrame] = {}
    for name, spec in specs.items():
        data: dict[str, Any] = {}
        if name != "cases":
            data["case_idx"] = nested[name].case.astype(np.int64, copy=False)
        for f in spec:
            if f.kind != "list":
                data[f.name] = _frame_column(typed[name][f.name], f, name == "cases")
        out[name] = pd.DataFrame(data, copy=False)
    frames = CaseFrames(out["cases"], out["offences"], out["incidents"])
    ids = typed["cases"]["case_id"]
    if len(ids) and not ids.null_count:
        # the queue's last key, ranked here in one Arrow sort (ids are ASCII: byte order is
        # the code point order CaseFrames.id_rank sorts by)
        rank = np.empty(len(ids), dtype=np.int64)
        rank[pc.sort_indices(ids).to_numpy()] = np.arange(len(ids), dtype=np.int64)
        frames._id_rank = rank
    return frames


_NAT = np.iinfo(np.int64).min


def _frame_column(values: pa.Array, f: Field, objects: bool) -> Any:
    """One typed Arrow column in the frame type of its kind (see :mod:`cases.frames`)."""
    import pandas as pd

    if f.kind == "enum":
        codes = vocabulary_codes(values, f.vocabulary).fill_null(-1)
        return pd.Categorical.from_codes(
            codes.to_numpy(zero_copy_only=False), dtype=category_dtype(f.vocabulary)
        )
    if f.kind == "date":
        seconds = pc.multiply(values.cast(pa.int32()).cast(pa.int64()), 86400)
        raw = seconds.fill_null(_NAT).to_numpy(zero_copy_only=False)
        return raw.view(DATE_DTYPE)
    if f.kind == "bool":
        return values.fill_null(False).to_numpy(zero_copy_only=False)
    if f.kind == "number":
        return values.cast(pa.float64()).to_numpy(zero_copy_only=False)
    if f.kind == "int":
        return values.to_numpy(zero_copy_only=False).astype(int_dtype(f))
    if objects or not len(values):  # (pandas makes an empty text column an object column)
        texts = values.to_numpy(zero_copy_only=False)
        if 0 < values.null_count < len(values):  # absent as NaN, as pandas makes it of text
            texts[values.is_null().to_numpy(zero_copy_only=False)] = np.nan
        return pd.Series(texts, dtype=object, copy=False)
    return values.to_pandas()  # pandas' Arrow-backed text, as it makes of Python strings


# ------------------------------------------------------------------------------ JSON Lines


def _scan_lines(source: Path | bytes) -> tuple[int, bool]:
    """Non-blank lines, and whether each of them starts an object.

    pyarrow 25's JSON reader crashes the process (segmentation fault) on a line ``null`` and
    reads one later as an empty row: only lines that start with ``{`` go to it.
    """
    count, objects = 0, True
    stream = open(source, "rb") if isinstance(source, Path) else io.BytesIO(source)  # noqa: SIM115
    with stream:
        for line in stream:
            stripped = line.lstrip()
            if stripped and not stripped.isspace():
                count += 1
                objects = objects and stripped.startswith(b"{")
    return count, objects


def _read_jsonl_fast(source: Path | bytes, today: date, limits: ReadLimits) -> _Result | None:
    """The Arrow reader's columns, or ``None`` when the exact reader must explain the file."""
    count, objects = _scan_lines(source)
    _too_many(count, limits)
    if not objects:
        return None
    options = pj.ParseOptions(
        explicit_schema=JSON_SCHEMA, unexpected_field_behavior="error", newlines_in_values=False
    )
    try:
        reader = pa.BufferReader(source) if isinstance(source, bytes) else str(source)
        table = pj.read_json(reader, parse_options=options)
        table.validate(full=True)  # UTF-8 of every string
    except (pa.ArrowException, OSError):
        return None
    if table.num_rows != count or not _complete(table):
        return None
    cases, nested = _levels_from_table(table, null_is_absent=False)
    ids = _arrow_ids(table)
    checked = check_levels(cases, nested, today=today, raw_case_ids=ids)
    if checked.issues:
        return None
    return _frames(checked.typed, nested), [], [], ids, [], {}


def _complete(table: pa.Table) -> bool:
    """No null where JSON must have had a value (Arrow cannot tell null from absent)."""
    for spec in CASE_SPEC:
        column = table.column(spec.name)
        if spec.presence != "optional" and column.null_count:
            return False
        if spec.kind == "list":
            items = column.combine_chunks().flatten()
            if items.null_count:
                return False
            for f in NESTED_SPECS[spec.name]:
                values = items.field(f.name)
                if f.presence != "optional" and values.null_count:
                    return False
                if f.kind == "number" and not finite(values):
                    return False
    return True


# ------------------------------------------------------------------------------ exact


def _read_exact(source: Path | bytes, fmt: str, today: date, limits: ReadLimits) -> _Result:
    from cases.io._common import CSV_FILES
    from cases.io.csv_format import _parse_csv
    from cases.io.json_format import _parse_json_array, _parse_jsonl
    from cases.io.reading import _decode

    name = source.name if isinstance(source, Path) else "input"
    if fmt in ("csv", "csv-zip"):
        files: dict[str, Path | bytes | None]
        if fmt == "csv":
            assert isinstance(source, Path)
            directory = source if source.is_dir() else source.parent
            files = {n: directory / n if (directory / n).is_file() else None for n in CSV_FILES}
        else:
            files = _read_zip(source.read_bytes() if isinstance(source, Path) else source, limits)
        fast = _read_csv_fast(files, today, limits)
        if fast is not None:
            return fast
        # the exact reader: the files as text (the fast path never holds them as Python text)
        texts: dict[str, str | None] = {}
        for member, content in files.items():
            data = content.read_bytes() if isinstance(content, Path) else content
            texts[member] = None if data is None else _decode(data, member)
        del files
        parsed = _parse_csv(texts)
    else:
        data = source.read_bytes() if isinstance(source, Path) else source
        text = _decode(data, name)
        parsed = _parse_jsonl(text) if fmt == "jsonl" else _parse_json_array(text)
    _too_many(len(parsed.records), limits)
    return _from_parsed(parsed, today)


def _casings(word: str) -> list[str]:
    """Every way of writing ``word`` in upper and lower case letters."""
    import itertools

    return [
        "".join(letters) for letters in itertools.product(*((c.lower(), c.upper()) for c in word))
    ]


#: A boolean cell is ``true`` or ``false`` in any letter case (as the exact reader takes it);
#: enumerations are read as dictionaries (their words checked once each).
_CSV_TRUE, _CSV_FALSE = _casings("true"), _casings("false")
_CSV_TYPES: dict[str, pa.DataType] = {
    "bool": pa.bool_(),
    "enum": pa.dictionary(pa.int32(), pa.string()),
}
_CSV_INT = r"^[+-]?[0-9]+$"
_CSV_NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def _csv_header(content: Path | bytes) -> list[str] | None:
    """The names of a CSV file's first line (``None`` when it is not UTF-8)."""
    import csv

    if isinstance(content, Path):
        with content.open("rb") as handle:
            first = handle.readline()
    else:
        first = content[: content.find(b"\n") + 1 if b"\n" in content[:65536] else 65536]
    try:
        line = first.decode("utf-8").lstrip("\ufeff").rstrip("\r\n")
    except UnicodeDecodeError:
        return None
    return next(csv.reader([line]), [])


def _read_csv_fast(
    files: dict[str, Path | bytes | None], today: date, limits: ReadLimits
) -> _Result | None:
    """The three CSV files read by Arrow straight from the file (or the unzipped bytes) and
    converted by the schema on columns, or ``None`` when the exact reader must explain them
    (any header, cell or rule problem, or text that is not UTF-8)."""
    import pyarrow.csv as pv

    from cases.io._common import CSV_FILES

    if any(files.get(name) is None for name in CSV_FILES):
        return None
    tables: dict[str, pa.Table] = {}
    specs = {"cases.csv": CASE_SPEC, **{f"{k}.csv": v for k, v in NESTED_SPECS.items()}}
    for name in CSV_FILES:
        content = files[name]
        assert content is not None
        header = _csv_header(content)
        allowed = {f.name for f in specs[name] if f.kind != "list"}
        if name != "cases.csv":
            allowed.add("case_id")
        if header is None or len(header) != len(allowed) or set(header) != allowed:
            return None  # a column missing, unknown or twice: the exact reader names it
        kinds = {f.name: f.kind for f in specs[name]}
        try:
            tables[name] = pv.read_csv(
                str(content) if isinstance(content, Path) else pa.BufferReader(content),
                parse_options=pv.ParseOptions(newlines_in_values=True),
                convert_options=pv.ConvertOptions(
                    column_types={c: _CSV_TYPES.get(kinds.get(c, ""), pa.string()) for c in header},
                    strings_can_be_null=True,  # an empty cell is absent, quoted or not
                    null_values=[""],
                    quoted_strings_can_be_null=True,
                    true_values=_CSV_TRUE,
                    false_values=_CSV_FALSE,
                ),
            )
        except (pa.ArrowException, ValueError, OSError):
            return None
    _too_many(tables["cases.csv"].num_rows, limits)

    def convert(column: pa.Array, kind: str) -> pa.Array | None:
        if kind in ("int", "number"):
            pattern = _CSV_INT if kind == "int" else _CSV_NUMBER
            if pc.all(pc.match_substring_regex(column, pattern)).as_py() is False:
                return None
            try:
                return column.cast(pa.int64() if kind == "int" else pa.float64())
            except pa.ArrowException:
                return None
        return column

    def columns_of(table: pa.Table, spec: tuple[Any, ...]) -> dict[str, Any] | None:
        out: dict[str, Any] = {}
        for f in spec:
            if f.kind == "list" or f.name not in table.column_names:
                continue
            converted = convert(table.column(f.name).combine_chunks(), f.kind)
            if converted is None:
                return None
            out[f.name] = converted
        return out

    cases_table = tables["cases.csv"]
    rows = cases_table.num_rows
    case_columns = columns_of(cases_table, CASE_SPEC)
    if case_columns is None or "case_id" not in case_columns:
        return None
    ids = case_columns["case_id"]
    cases = Level("cases", CASE_SPEC, rows, case_columns, np.arange(rows), np.zeros(rows, np.int64))
    cases.null_is_absent = True
    nested: dict[str, Level] = {}
    for kind, fields in NESTED_SPECS.items():
        table = tables[f"{kind}.csv"]
        if "case_id" not in table.column_names:
            return None
        owner = pc.index_in(table.column("case_id").combine_chunks(), value_set=ids)
        if owner.null_count:
            return None  # a record of a case that is not in cases.csv
        parents = owner.to_numpy(zero_copy_only=False).astype(np.int64)
        if len(parents) and bool((parents[1:] < parents[:-1]).any()):  # not grouped by case
            order = np.argsort(parents, kind="stable")
            table = table.take(pa.array(order))
            parents = parents[order]
        starts = np.searchsorted(parents, parents, side="left")
        index = np.arange(len(parents), dtype=np.int64) - starts
        level_columns = columns_of(table, fields)
        if level_columns is None:
            return None
        nested[kind] = Level(kind, fields, len(parents), level_columns, parents, index, True)
        # every case of cases.csv has its (maybe empty) lists
        cases.columns[kind] = pa.ListArray.from_arrays(
            pa.array(np.searchsorted(parents, np.arange(rows + 1)).astype(np.int32)),
            pa.nulls(len(parents), pa.null()),
        )
    checked = check_levels(cases, nested, today=today, raw_case_ids=ids)
    if checked.issues:
        return None
    return _frames(checked.typed, nested), [], [], ids, [], {}


#: Compression methods of zip members that are read: unpacked in bounded steps.
_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_ZIP_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA", 9: "Deflate64"}


def _zip_method(info: zipfile.ZipInfo) -> str:
    """The name of a member's compression method (``#n`` for one without a name)."""
    return _ZIP_METHOD_NAMES.get(info.compress_type, f"#{info.compress_type}")


def _read_zip(data: bytes, limits: ReadLimits) -> dict[str, Path | bytes | None]:
    """The three CSV files of a zip archive, unpacked as a stream within the byte limit."""
    from cases.io._common import CSV_FILES

    def refuse(code: str, found: str | None = None, expected: str | None = None) -> CaseInputError:
        return CaseInputError([InputIssue.of(None, "<file>", code, found=found, expected=expected)])

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError) as error:
        raise refuse("file.bad_zip", found=str(error)[:200]) from None
    texts: dict[str, Path | bytes | None] = dict.fromkeys(CSV_FILES)
    budget = limits.max_unzipped_bytes
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and Path(info.filename).name in CSV_FILES
        ]
        issues = [
            InputIssue.of(None, "<file>", "file.zip_twice", found=name)
            for name in CSV_FILES
            if sum(Path(i.filename).name == name for i in members) > 1
        ]
        if issues:
            raise CaseInputError(issues)
        # Decided on the headers alone, before a byte is unpacked: bzip2 and LZMA members are
        # unpacked by zipfile a whole compressed block at a time with no output bound (a 1 KB
        # member can become gigabytes in one call), so only stored and deflated members are
        # read; and the sizes the headers declare must fit the limit (a lying header is still
        # caught by the count below).
        for info in members:
            if info.compress_type not in _ZIP_METHODS:
                raise refuse("file.zip_method", info.filename[:200], _zip_method(info))
        if sum(info.file_size for info in members) > limits.max_unzipped_bytes:
            raise refuse("file.too_large", expected=str(limits.max_unzipped_bytes))
        for info in members:
            chunks: list[bytes] = []
            try:
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        budget -= len(chunk)
                        if budget < 0:
                            raise refuse("file.too_large", expected=str(limits.max_unzipped_bytes))
                        chunks.append(chunk)
            except CaseInputError:
                raise
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError) as error:
                raise refuse("file.bad_zip", found=str(error)[:200]) from None
            except (OSError, EOFError, ValueError) as error:
                raise refuse("file.bad_zip", found=str(error)[:200]) from None
            texts[Path(info.filename).name] = b"".join(chunks)
    return texts


def _from_parsed(parsed: Any, today: date) -> _Result:
    """Records of the exact readers as columns, checked; reader issues kept as they are."""
    cases, nested, items, ids = _levels_from_records(parsed.records)
    checked = check_levels(cases, nested, today=today, raw_case_ids=ids, found_before=items)
    all_items = [item for item in checked.issues if _star(item[6]) not in parsed.reported_columns]
    extra = list(parsed.issues)
    frames = None
    if not all_items and not extra:
        frames = _frames(checked.typed, nested)
    return frames, all_items, list(parsed.lines), ids, extra, parsed.origins


def _levels_from_records(
    records: list[Any],
) -> tuple[Level, dict[str, Level], list[tuple[Any, ...]], list[str | None]]:
    """Records as columns of Python values (``ABSENT`` where a field is not given)."""
    case_names = [f.name for f in CASE_SPEC]
    known = set(case_names)
    columns: dict[str, list[Any]] = {name: [] for name in case_names}
    nested_columns: dict[str, dict[str, list[Any]]] = {
        kind: {f.name: [] for f in spec} for kind, spec in NESTED_SPECS.items()
    }
    nested_known = {kind: set(cols) for kind, cols in nested_columns.items()}
    parents: dict[str, list[int]] = {kind: [] for kind in NESTED_SPECS}
    positions: dict[str, list[int]] = {kind: [] for kind in NESTED_SPECS}
    skip = np.zeros(len(records), dtype=bool)
    items: list[tuple[Any, ...]] = []
    ids: list[str | None] = []
    list_position = {name: case_names.index(name) for name in NESTED_SPECS}
    for row, record in enumerate(records):
        if not isinstance(record, dict):
            skip[row] = True
            ids.append(None)
            for name in case_names:
                columns[name].append(ABSENT)
            items.append((row, 1, -1, 0, 0, "not_object", "<record>", describe(record), None, -1))
            continue
        case_id = record.get("case_id")
        ids.append(case_id if isinstance(case_id, str) else None)
        for name in case_names:
            columns[name].append(record.get(name, ABSENT))
        extra = [key for key in record if key not in known]
        for order, key in enumerate(extra):
            items.append((row, 1, 100 + order, 0, 0, "unknown_field", key, None, None, -1))
        for kind in NESTED_SPECS:
            values = record.get(kind)
            if type(values) is not list:
                continue
            target = nested_columns[kind]
            allowed = nested_known[kind]
            for index, item in enumerate(values):
                if not isinstance(item, dict):
                    items.append(
                        (
                            row,
                            1,
                            list_position[kind],
                            index,
                            -1,
                            "type",
                            f"{kind}[{index}]",
                            describe(item),
                            "object",
                            -1,
                        )
                    )
                    continue
                parents[kind].append(row)
                positions[kind].append(index)
                for name, column in target.items():
                    column.append(item.get(name, ABSENT))
                for order, key in enumerate(k for k in item if k not in allowed):
                    items.append(
                        (
                            row,
                            1,
                            list_position[kind],
                            index,
                            100 + order,
                            "unknown_field",
                            f"{kind}[{index}].{key}",
                            None,
                            None,
                            -1,
                        )
                    )
    cases = Level(
        "cases",
        CASE_SPEC,
        len(records),
        dict(columns),
        np.arange(len(records), dtype=np.int64),
        np.zeros(len(records), dtype=np.int64),
    )
    cases.skip = skip
    nested = {
        kind: Level(
            kind,
            spec,
            len(parents[kind]),
            dict(nested_columns[kind]),
            np.asarray(parents[kind], dtype=np.int64),
            np.asarray(positions[kind], dtype=np.int64),
        )
        for kind, spec in NESTED_SPECS.items()
    }
    return cases, nested, items, ids

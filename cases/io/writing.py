"""Writers from CaseFrames, column by column (a million cases in seconds for Parquet)."""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from cases.frames import CaseFrames, frames_from_cases, normalize
from cases.io._common import (
    _CASE_FIELD_ORDER,
    _NESTED_KINDS,
    CASE_KINDS,
    CSV_FILES,
    FORMATS,
    UnsupportedFormatError,
)
from cases.io.reading import detect_format
from cases.model import Case


def _grouped(frame: pd.DataFrame, n: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows ordered by case (stable) and the offsets of each case's rows."""
    if not frame["case_idx"].is_monotonic_increasing:
        frame = frame.sort_values("case_idx", kind="stable")
    counts = np.bincount(frame["case_idx"].to_numpy(), minlength=n)
    return frame.reset_index(drop=True), np.concatenate(([0], np.cumsum(counts)))


#: The json module's C string encoder (what json.dumps uses), without its per-call overhead.
_json_string: Callable[[str], str] = json.encoder.encode_basestring


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
    texts_by_row: np.ndarray = table[codes]  # code -1 (missing) picks the last entry
    return texts_by_row


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
        columns: dict[str, Sequence[str] | np.ndarray] = {
            name: _json_texts(frames.cases[name].iloc[start:stop], kind)
            for name, kind in CASE_KINDS.items()
        }
        for kind, (frame, offsets) in nested.items():
            lo, hi = offsets[start], offsets[stop]
            items = _json_objects(frame.iloc[lo:hi], _NESTED_KINDS[kind])
            bounds = offsets[start : stop + 1] - lo
            columns[kind] = [
                "[" + ", ".join(items[a:b]) + "]" for a, b in pairwise(bounds.tolist())
            ]
        yield [
            template.format(*values)
            for values in zip(*(columns[name] for name in _CASE_FIELD_ORDER), strict=True)
        ]


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
        return pa.array(
            series.to_numpy().astype("datetime64[D]"), type=pa.date32(), from_pandas=True
        )
    if kind == "bool":
        return pa.array(series.to_numpy(dtype=bool), type=pa.bool_())
    if kind == "number":
        return pa.array(series.to_numpy(dtype=float), type=pa.float64(), from_pandas=True)
    if kind == "int":  # in the frame's type: int8 where the field's bounds fit (severity)
        values = series.to_numpy()
        return pa.array(values, type=pa.from_numpy_dtype(values.dtype))
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
        name: _arrow_column(frames.cases[name], kind) for name, kind in CASE_KINDS.items()
    }
    for kind, nested_kinds in _NESTED_KINDS.items():
        frame, offsets = _grouped(getattr(frames, kind), n)
        struct = pa.StructArray.from_arrays(
            [_arrow_column(frame[name], k) for name, k in nested_kinds.items()],
            names=list(nested_kinds),
        )
        columns[kind] = pa.ListArray.from_arrays(pa.array(offsets, type=pa.int32()), struct)
    return pa.table({name: columns[name] for name in _CASE_FIELD_ORDER})


_NEEDS_QUOTES = r'[",\r\n]'


def _write_csv_table(table: pa.Table, path: Path) -> None:
    # Quote only when some value needs it: plain files are easier to read and to diff.
    needs_quotes = any(
        pc.any(pc.match_substring_regex(column, _NEEDS_QUOTES)).as_py()
        for column in table.columns
        if pa.types.is_string(column.type)
    )
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
        raise UnsupportedFormatError(
            f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}"
        )


def write_cases(cases: Sequence[Case], path: str | Path, fmt: str | None = None) -> None:
    """Write validated cases; same output as :func:`write_frames` of their frames."""
    write_frames(frames_from_cases(cases), path, fmt)

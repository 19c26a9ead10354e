"""Public readers: load_cases, load_frames, parse_payload and format detection."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from cases.frames import CaseFrames, frames_from_cases
from cases.io._common import (
    _MAX_UNZIPPED_BYTES,
    _SUFFIXES,
    CSV_FILES,
    PAYLOAD_FORMATS,
    UnsupportedFormatError,
    _Parsed,
    _validate,
)
from cases.io.csv_format import _parse_csv
from cases.io.json_format import _parse_json_array, _parse_jsonl
from cases.io.parquet_format import _parse_parquet
from cases.model import Case
from cases.validation import CaseInputError, InputIssue


def _decode(data: bytes | str, name: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")  # tolerate the byte order mark spreadsheets write
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CaseInputError(
            [InputIssue(None, "<file>", f"{name} is not UTF-8 text (byte {error.start})", line)],
            name,
        ) from None


def detect_format(path: str | Path) -> str:
    """Format of a path by its suffix; a directory (or its ``cases.csv``) is CSV, a ``.zip``
    holds the three CSV files."""
    path = Path(path)
    if path.is_dir() or path.name == "cases.csv":
        return "csv"
    if path.suffix.lower() == ".csv":
        raise UnsupportedFormatError(
            f"{path}: CSV input is a directory with {', '.join(CSV_FILES)}; name the directory "
            f"or its cases.csv"
        )
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            f"{path}: cannot tell the format from the suffix {path.suffix!r}; use .jsonl, "
            f".ndjson, .json, .parquet, .zip (the three CSV files), or a directory with the "
            f"three CSV files"
        )
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
        raise CaseInputError(
            [InputIssue(None, "<file>", f"not a zip archive: {error}", None)]
        ) from None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and Path(info.filename).name in CSV_FILES
        ]
        by_name = {Path(info.filename).name: info for info in members}
        issues = [
            InputIssue(None, "<file>", f"{name} appears more than once in the zip archive", None)
            for name in CSV_FILES
            if sum(Path(i.filename).name == name for i in members) > 1
        ]
        if sum(info.file_size for info in members) > _MAX_UNZIPPED_BYTES:
            issues.append(
                InputIssue(
                    None,
                    "<file>",
                    f"zip archive unpacks to more than {_MAX_UNZIPPED_BYTES} bytes",
                    None,
                )
            )
        if issues:
            raise CaseInputError(issues)
        return {
            name: _decode(archive.read(by_name[name]), name) if name in by_name else None
            for name in CSV_FILES
        }


def _parse(data: bytes | str, fmt: str, name: str = "input") -> _Parsed:
    if fmt == "jsonl":
        return _parse_jsonl(_decode(data, name))
    if fmt == "json":
        return _parse_json_array(_decode(data, name))
    if fmt == "parquet":
        return _parse_parquet(data if isinstance(data, bytes) else data.encode())
    if fmt == "csv-zip":
        return _parse_csv(_read_csv_zip(data if isinstance(data, bytes) else data.encode()))
    raise UnsupportedFormatError(
        f"unknown format {fmt!r}; expected one of {', '.join(PAYLOAD_FORMATS)}"
    )


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
        raise UnsupportedFormatError(
            f"{name}: cannot tell the format from the suffix; use "
            f".jsonl, .ndjson, .json, .parquet or .zip (CSV files)"
        )
    return fmt

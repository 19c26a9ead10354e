"""Public readers: load_cases, load_frames, parse_payload and format detection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cases.frames import CaseFrames, cases_from_frames
from cases.io._common import (
    _SUFFIXES,
    CSV_FILES,
    PAYLOAD_FORMATS,
    UnsupportedFormatError,
)
from cases.model import Case
from cases.validation import CaseInputError, InputIssue


def _decode(data: bytes | str, name: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")  # tolerate the byte order mark spreadsheets write
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        issue = InputIssue.of(None, "<file>", "file.not_utf8", found=str(error.start), line=line)
        raise CaseInputError([issue], name) from None


def detect_format(path: str | Path) -> str:
    """Format of a path by its suffix; a directory (or its ``cases.csv``) is CSV, a ``.zip``
    holds the three CSV files."""
    path = Path(path)
    if path.is_dir() or path.name == "cases.csv":
        return "csv"
    if path.suffix.lower() == ".csv":
        raise UnsupportedFormatError("", "validation.file.csv_suffix", path=str(path))
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            "", "validation.file.unknown_suffix", path=str(path), suffix=path.suffix or "–"
        )
    return fmt


def _read_csv_dir(directory: Path) -> dict[str, str | None]:
    texts: dict[str, str | None] = {}
    for name in CSV_FILES:
        file = directory / name
        texts[name] = _decode(file.read_bytes(), name) if file.is_file() else None
    return texts


def load_cases(
    path: str | Path, *, today: date | None = None, fmt: str | None = None
) -> list[Case]:
    """Validated cases of a file (or CSV directory), all or nothing.

    ``today`` is the day of import (default: today); dates after it are errors. Raises
    :class:`CaseInputError` with every issue (an input without any case is one),
    :class:`UnsupportedFormatError` for an unknown format, ``FileNotFoundError`` when the
    input does not exist.
    """
    return cases_from_frames(load_frames(path, today=today, fmt=fmt))


def load_frames(
    path: str | Path, *, today: date | None = None, fmt: str | None = None
) -> CaseFrames:
    """Like :func:`load_cases`, as frames for the batch engine (checked on columns)."""
    from cases.columnar import read_caseload

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or directory")
    fmt = fmt or detect_format(path)
    frames, error = read_caseload(path, fmt, today=today)
    if error is not None:
        raise error
    assert frames is not None
    return frames


def parse_payload(
    data: bytes | str, *, fmt: str, today: date | None = None, source: str | None = None
) -> list[Case]:
    """Validated cases of an upload (``fmt`` in :data:`PAYLOAD_FORMATS`), all or nothing.

    CSV uploads are a zip archive holding ``cases.csv``, ``offences.csv`` and
    ``incidents.csv`` (at its root or in one folder). An upload without cases gives ``[]``.
    """
    from cases.columnar import ReadLimits, read_caseload

    fmt = "jsonl" if fmt == "ndjson" else fmt
    if fmt not in PAYLOAD_FORMATS:
        raise UnsupportedFormatError(
            f"unknown format {fmt!r}; expected one of {', '.join(PAYLOAD_FORMATS)}"
        )
    payload = data.encode() if isinstance(data, str) else data
    frames, error = read_caseload(
        payload, fmt, today=today, limits=ReadLimits(allow_empty=True), name=source
    )
    if error is not None:
        raise error
    assert frames is not None
    return cases_from_frames(frames)


def format_from_filename(name: str) -> str:
    """Payload format of an uploaded file's name (``cases.jsonl`` -> ``jsonl``)."""
    fmt = _SUFFIXES.get(Path(name).suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            f"{name}: cannot tell the format from the suffix; use "
            f".jsonl, .ndjson, .json, .parquet or .zip (CSV files)"
        )
    return fmt

"""Reading uploaded case records in the service: every failure becomes a 422, never a 500.

The readers of :mod:`cases.io` report bad records as :class:`CaseInputError`. Input can still
break a reader in ways it does not name (a number of more than 4,300 digits, a zip member with a
bad checksum or an unknown compression method, a damaged Parquet file): those become one issue
naming the input as unreadable, so the caller gets the usual JSON error and the import its audit
entry.
"""

from __future__ import annotations

import json
import logging
import zipfile
from datetime import date
from typing import Any

from cases.columnar import ReadLimits, read_caseload
from cases.frames import CaseFrames
from cases.io import UnsupportedFormatError, parse_payload
from cases.model import Case
from cases.validation import CaseInputError, validate_records
from service.errors import Said, SaidIssue
from service.limits import check_frame_limits
from service.settings import Settings

#: Issues listed in a refused upload at most (``CaseInputError.total`` counts them all).
MAX_ISSUES = 1000

log = logging.getLogger(__name__)


def _reason(error: BaseException) -> str | Said:
    """Why an input could not be read: a catalogue text where there is one, else the reader's
    own technical words (a decoder's message, an exception's name)."""
    message = str(error)
    if "digits" in message and "limit" in message.lower():
        return Said("ingest.number_too_long")
    if isinstance(error, _NotANumber):
        return Said("ingest.not_a_number")
    if isinstance(error, RecursionError):
        return Said("api.nested_too_deeply")
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} (line {error.lineno}, column {error.colno})"
    if isinstance(error, zipfile.BadZipFile | NotImplementedError | EOFError):
        return f"zip archive: {type(error).__name__}: {message[:120]}"
    return f"{type(error).__name__}: {message[:120]}"


def unreadable(error: BaseException, source: str | None) -> CaseInputError:
    issue = SaidIssue.said(None, "<file>", "ingest.unreadable_input", reason=_reason(error))
    return CaseInputError([issue], source)


def parse_cases(data: bytes, *, fmt: str, today: date, source: str) -> list[Case]:
    """Validated cases of an upload, all or nothing; :class:`CaseInputError` for anything bad."""
    try:
        return parse_payload(data, fmt=fmt, today=today, source=source)
    except (CaseInputError, UnsupportedFormatError):
        raise
    except Exception as error:  # untrusted input must never become a 500
        log.warning("unreadable %s input (%s): %s: %s", fmt, source, type(error).__name__, error)
        raise unreadable(error, source) from None


def read_upload(
    data: bytes, *, fmt: str, today: date, source: str, limits: ReadLimits
) -> CaseFrames:
    """Validated frames of an upload, read and checked on columns (:mod:`cases.columnar`),
    all or nothing; :class:`CaseInputError` for anything bad."""
    try:
        frames, error = read_caseload(data, fmt, today=today, limits=limits, name=source)
    except (CaseInputError, UnsupportedFormatError):
        raise
    except Exception as error:  # untrusted input must never become a 500
        log.warning("unreadable %s input (%s): %s: %s", fmt, source, type(error).__name__, error)
        raise unreadable(error, source) from None
    if error is not None:
        raise error
    assert frames is not None
    return frames


def upload_limits(settings: Settings, *, allow_empty: bool = False) -> ReadLimits:
    """What reading one uploaded caseload may cost, the same for every route that takes one
    (import, simulation): cases, unpacked bytes of a zip, issues listed."""
    return ReadLimits(
        max_cases=settings.max_import_cases,
        max_unzipped_bytes=settings.max_import_bytes,
        max_issues=MAX_ISSUES,
        allow_empty=allow_empty,
    )


def read_checked_upload(
    data: bytes,
    *,
    fmt: str,
    source: str,
    settings: Settings,
    today: date | None = None,
    allow_empty: bool = False,
) -> CaseFrames:
    """An uploaded caseload read within :func:`upload_limits` and checked against the limits
    on records per case (:func:`service.limits.check_frame_limits`): the one way the import
    and the simulation read an upload, so that their limits cannot drift apart."""
    frames = read_upload(
        data,
        fmt=fmt,
        today=today or date.today(),
        source=source,
        limits=upload_limits(settings, allow_empty=allow_empty),
    )
    check_frame_limits(
        frames,
        max_offences=settings.max_offences_per_case,
        max_incidents=settings.max_incidents_per_case,
        source=source,
    )
    return frames


class _DuplicateKey(ValueError):
    pass


class _NotANumber(ValueError):
    """``NaN`` or ``Infinity`` in a JSON body (``name`` is which)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(f"key {key!r} appears twice in one object")
            seen.add(key)
    return out


def _no_constant(name: str) -> Any:
    raise _NotANumber(name)


_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constant)


def parse_json_cases(data: bytes, *, today: date, source: str) -> list[Case]:
    """Cases of a small JSON body (one object or an array), validated by the case model.

    For ``/score``: a request holds one case or a few, where the columnar reader's fixed cost
    (frames, Arrow) is many times the work; the model is the definition the columnar checks
    are tested against, so verdicts and messages are the same. JSON is strict as everywhere:
    no key twice in one object, no ``NaN``, no number of more than 4,300 digits.
    """
    try:
        value = _DECODER.decode(data.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        reason = str(error) if isinstance(error, _DuplicateKey) else _reason(error)
        issue = SaidIssue.said(None, "<file>", "ingest.invalid_json", reason=reason)
        raise CaseInputError([issue], source) from None
    records = value if isinstance(value, list) else [value]
    return validate_records(records, today=today, source=source)

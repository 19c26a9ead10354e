"""Reading uploaded case records in the service: every failure becomes a 422, never a 500.

The readers of :mod:`cases.io` report bad records as :class:`CaseInputError`. Input can still
break a reader in ways it does not name (a number of more than 4,300 digits, a zip member with a
bad checksum or an unknown compression method, a damaged Parquet file): those become one issue
naming the input as unreadable, so the caller gets the usual JSON error and the import its audit
entry.
"""

from __future__ import annotations

import logging
import zipfile
from datetime import date

from cases.columnar import ReadLimits, read_caseload
from cases.frames import CaseFrames
from cases.io import UnsupportedFormatError, parse_payload
from cases.model import Case
from cases.validation import CaseInputError, InputIssue
from texts import text

log = logging.getLogger(__name__)


def _reason(error: BaseException) -> str:
    message = str(error)
    if "digits" in message and "limit" in message.lower():
        return f"{text('ingest.number_too_long', 'de')} / {text('ingest.number_too_long', 'en')}"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, zipfile.BadZipFile | NotImplementedError | EOFError):
        return f"zip archive: {type(error).__name__}: {message[:120]}"
    return f"{type(error).__name__}: {message[:120]}"


def unreadable(error: BaseException, source: str | None) -> CaseInputError:
    reason = _reason(error)
    message = (
        f"{text('ingest.unreadable_input', 'de', reason=reason)} / "
        f"{text('ingest.unreadable_input', 'en', reason=reason)}"
    )
    return CaseInputError([InputIssue(None, "<file>", message, None)], source)


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

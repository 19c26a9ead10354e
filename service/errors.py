"""Exception handlers: database outages become 503, bad case input 422, races 409.

No handler echoes internals: messages are fixed sentences; details go to the log.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import (
    TimeoutError as PoolTimeoutError,
)

from cases.io import UnsupportedFormatError
from cases.validation import CaseInputError
from texts import text

log = logging.getLogger("service")

DB_UNAVAILABLE = "Datenbank nicht erreichbar / database unreachable"


def bilingual(key: str, **values: object) -> str:
    """An API message from the catalogue: German, then English (``de / en``)."""
    return f"{text(key, 'de', **values)} / {text(key, 'en', **values)}"


def is_unavailable(error: Exception) -> bool:
    """Is this error the database being gone (as opposed to a bug or bad data)?"""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeoutError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


async def _database_error(request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, DataError):
        # A value the database cannot store; input validation should have caught it.
        log.warning("data error on %s: %s", request.url.path, error.orig)
        return JSONResponse(
            {"detail": [{"loc": ["body"], "msg": "value cannot be stored", "type": "value_error"}]},
            status_code=422,
        )
    if isinstance(error, IntegrityError):
        log.warning("integrity error on %s: %s", request.url.path, error.orig)
        return JSONResponse(
            {"detail": "Gleichzeitige Änderung / conflicting concurrent change; please retry"},
            status_code=409,
        )
    if is_unavailable(error):
        log.error("database unavailable on %s: %s", request.url.path, getattr(error, "orig", error))
        request.app.state.metrics.db_unavailable.inc()
        return JSONResponse(
            {"detail": DB_UNAVAILABLE}, status_code=503, headers={"Retry-After": "5"}
        )
    log.exception("database error on %s", request.url.path, exc_info=error)
    return JSONResponse({"detail": INTERNAL}, status_code=500)


async def _case_input_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, CaseInputError)
    return JSONResponse(
        {
            "detail": f"{error.total} Fehler in der Eingabe, nichts gespeichert / "
            f"{error.total} problem(s) in the input; nothing was stored",
            "errors": [issue.as_dict() for issue in error.issues],
        },
        status_code=422,
    )


async def _unsupported_format(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, status_code=415)


INTERNAL = "Interner Fehler / internal error"


def _json_safe(value: Any) -> Any:
    """``value`` with every non-finite float written as text (JSON has no NaN or Infinity)."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422, also when the refused input was ``NaN`` or ``Infinity``.

    FastAPI echoes the refused value (``input``); ``{"as_of": NaN}`` made its own error answer
    fail to serialise, which ended as a plain-text 500 (issue #14, item 11).
    """
    assert isinstance(error, RequestValidationError)
    return JSONResponse({"detail": _json_safe(jsonable_encoder(error.errors()))}, status_code=422)


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    """Any other exception: the usual JSON error with the security headers, never a traceback.

    Starlette answers unhandled errors outside every middleware (plain text, no headers), so
    the headers the metrics middleware adds elsewhere are set here (issue #14, item 11).
    """
    from service.health.metrics import SECURITY_HEADERS

    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    headers = {name.decode(): value.decode() for name, value in SECURITY_HEADERS}
    return JSONResponse({"detail": INTERNAL}, status_code=500, headers=headers)


def _record_denied(request: Request, status_code: int, detail: object) -> None:
    from service.audit import service as audit_service

    user = request.state.user
    audit_service.record(
        request.app.state.db,
        actor=user.name,
        action="access.denied",
        target=f"{request.method} {request.url.path}"[:200],
        details={"status": status_code, "role": user.role, "detail": str(detail)[:200]},
    )


async def audit_denied(request: Request, error: Exception) -> None:
    """Write a refusal of a signed-in caller (403) to the audit log (issue #14, item 12).

    Only callers whose token was valid are recorded here (``request.state.user``); failed
    token checks are audited by the throttle. A failure to write is logged, never turned into
    a different answer.
    """
    from starlette.concurrency import run_in_threadpool

    status_code = getattr(error, "status_code", getattr(error, "status", None))
    if status_code != 403 or getattr(request.state, "user", None) is None:
        return
    detail = getattr(error, "detail", None) or getattr(error, "text", "")
    try:
        await run_in_threadpool(_record_denied, request, status_code, detail)
    except Exception:  # the refusal stands; the log says why it is not in the audit log
        log.exception("could not audit a denied access to %s", request.url.path)


def unparsable_body(error: Exception) -> JSONResponse | None:
    """The 422 for a JSON body Python could not read (FastAPI answers those 400).

    ``json.loads`` raises ``ValueError`` (not a JSON syntax error) for an integer of more than
    4,300 digits; FastAPI turns that into a bare 400. It is invalid input like any other.
    """
    cause = error.__cause__
    if getattr(error, "status_code", None) != 400 or not isinstance(cause, ValueError):
        return None
    message = "the JSON body cannot be read: " + str(cause).split(";")[0][:200]
    return JSONResponse(
        {"detail": [{"loc": ["body"], "msg": message, "type": "json_invalid"}]},
        status_code=422,
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _unexpected)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(PoolTimeoutError, _database_error)
    app.add_exception_handler(CaseInputError, _case_input_error)
    app.add_exception_handler(UnsupportedFormatError, _unsupported_format)

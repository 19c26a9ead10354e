"""Exception handlers: database outages become 503, bad case input 422, races 409.

No handler echoes internals: messages are fixed sentences; details go to the log.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
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

log = logging.getLogger("service")

DB_UNAVAILABLE = "Datenbank nicht erreichbar / database unreachable"


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
    return JSONResponse({"detail": "Interner Fehler / internal error"}, status_code=500)


async def _case_input_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, CaseInputError)
    return JSONResponse(
        {
            "detail": f"{len(error.issues)} Fehler in der Eingabe, nichts gespeichert / "
            f"{len(error.issues)} problem(s) in the input; nothing was stored",
            "errors": [issue.as_dict() for issue in error.issues],
        },
        status_code=422,
    )


async def _unsupported_format(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, status_code=415)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(PoolTimeoutError, _database_error)
    app.add_exception_handler(CaseInputError, _case_input_error)
    app.add_exception_handler(UnsupportedFormatError, _unsupported_format)

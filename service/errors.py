"""Exception handlers: database outages become 503, bad case input 422, races 409.

No handler echoes internals: messages are fixed sentences; details go to the log. Every
``detail`` is said in the reader's language (:func:`service.language.reader_lang`): an
:class:`ApiError` carries a catalogue key and its values, and is rendered when it is answered.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
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
from starlette.exceptions import HTTPException as StarletteHTTPException

from cases.io import UnsupportedFormatError
from cases.validation import CaseInputError, InputIssue, issue_from_pydantic
from service.language import reader_lang
from texts import DEFAULT_LANG, Lang, format_date, text

log = logging.getLogger("service")


class Said:
    """A catalogue text said later, in the reader's language: a value inside another text
    (``reason=Said("ingest.number_too_long")``)."""

    def __init__(self, key: str, /, **values: object) -> None:
        self.key, self.values = key, values

    def text(self, lang: str) -> str:
        return text(self.key, lang, **in_lang(self.values, lang))

    def __repr__(self) -> str:
        return f"Said({self.key!r}, **{self.values!r})"


class SaidList:
    """Several catalogue texts said later, joined by commas (``regions=SaidList([...])``)."""

    def __init__(self, items: Sequence[Said], /) -> None:
        self.items = tuple(items)

    def text(self, lang: str) -> str:
        return ", ".join(item.text(lang) for item in self.items)


def in_lang(values: Mapping[str, object], lang: str) -> dict[str, object]:
    """``values`` with every :class:`Said` among them said, and every date written, in
    ``lang``."""
    return {name: _in_lang(value, lang) for name, value in values.items()}


@runtime_checkable
class Sayable(Protocol):
    """Anything that says itself in a language (:class:`Said`, a workflow refusal, …)."""

    def text(self, lang: str) -> str: ...


def _in_lang(value: object, lang: str) -> object:
    if isinstance(value, Sayable):
        return value.text(lang)
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value, lang)
    return value


@dataclass(frozen=True)
class SaidIssue(InputIssue):
    """A problem the service finds in an input (beyond the case model's checks): a catalogue
    key and its values, said in the reader's language like the model's own issues."""

    key: str = ""
    values: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def said(
        cls, case_id: str | None, path: str, key: str, /, line: int | None = None, **values: object
    ) -> SaidIssue:
        german = text(key, DEFAULT_LANG, **in_lang(values, DEFAULT_LANG))
        return cls(case_id, path, german, line, key=key, values=values)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        said = text(self.key, lang, **in_lang(self.values, lang))
        if self.origin is None:
            return said
        file, line = self.origin
        return said + text("validation.where.origin", lang, file=file, line=line)


class ApiError(HTTPException):
    """An error answer in the reader's language: a catalogue key (``api.forbidden``) and its
    values, rendered by the app's handler when it is answered (German until then, so code that
    reads ``detail`` without a request still gets one language)."""

    def __init__(
        self,
        status_code: int,
        key: str,
        /,
        *,
        headers: Mapping[str, str] | None = None,
        **values: object,
    ) -> None:
        super().__init__(status_code, headers=dict(headers) if headers is not None else None)
        self.key, self.values = key, values
        self.detail = self.detail_in(DEFAULT_LANG)

    @classmethod
    def of(cls, status_code: int, key: str, values: Mapping[str, object]) -> ApiError:
        """The error for a domain error's own key and values (``UserError``, ``ErasureError``)."""
        error = cls(status_code, key)
        error.values = dict(values)
        error.detail = error.detail_in(DEFAULT_LANG)
        return error

    def text(self, lang: str) -> str:
        """The sentence in ``lang``."""
        return text(self.key, lang, **in_lang(self.values, lang))

    def detail_in(self, lang: str) -> Any:
        """The ``detail`` of the answer in ``lang``."""
        return self.text(lang)


class InvalidInput(ApiError):
    """A 422 in FastAPI's own error shape (``loc``, ``msg``, ``type``), for checks the type
    system cannot express, said in the reader's language."""

    #: FastAPI's ``type`` of the error.
    kind = "value_error"

    def __init__(self, name: str, key: str, /, where: str = "query", **values: object) -> None:
        self.loc = [where, name]
        super().__init__(422, key)
        self.values = values
        self.detail = self.detail_in(DEFAULT_LANG)

    def detail_in(self, lang: str) -> Any:
        return [{"loc": self.loc, "msg": self.text(lang), "type": self.kind}]


class MissingInput(InvalidInput):
    """A 422 for a required field that is not there (FastAPI's ``type`` ``missing``)."""

    kind = "missing"


async def _api_error(request: Request, error: Exception) -> Response:
    """:class:`ApiError` in the reader's language, then answered as every HTTP error is (the
    web UI's handler, when installed, audits refusals and renders its pages)."""
    assert isinstance(error, ApiError)
    shown = HTTPException(
        error.status_code, error.detail_in(reader_lang(request)), headers=error.headers
    )
    handler = request.app.exception_handlers.get(StarletteHTTPException, http_exception_handler)
    answer: Response = await handler(request, shown)
    return answer


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
            {
                "detail": [
                    {
                        "loc": ["body"],
                        "msg": text("api.not_storable", reader_lang(request)),
                        "type": "value_error",
                    }
                ]
            },
            status_code=422,
        )
    if isinstance(error, IntegrityError):
        log.warning("integrity error on %s: %s", request.url.path, error.orig)
        return JSONResponse(
            {"detail": text("api.conflict", reader_lang(request))},
            status_code=409,
        )
    if is_unavailable(error):
        log.error("database unavailable on %s: %s", request.url.path, getattr(error, "orig", error))
        request.app.state.metrics.db_unavailable.inc()
        return JSONResponse(
            {"detail": text("api.db_unavailable", reader_lang(request))},
            status_code=503,
            headers={"Retry-After": "5"},
        )
    log.exception("database error on %s", request.url.path, exc_info=error)
    return JSONResponse({"detail": text("api.internal", reader_lang(request))}, status_code=500)


async def _case_input_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, CaseInputError)
    lang: Lang = reader_lang(request)
    return JSONResponse(
        {
            "detail": text("api.input_rejected", lang, n=error.total),
            "errors": [issue.as_dict(lang) for issue in error.issues],
        },
        status_code=422,
    )


async def _unsupported_format(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, UnsupportedFormatError)
    return JSONResponse({"detail": error.text(reader_lang(request))}, status_code=415)


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
    lang = reader_lang(request)
    items = [_said_item(item, lang) for item in error.errors()]
    return JSONResponse({"detail": _json_safe(jsonable_encoder(items))}, status_code=422)


def _said_item(item: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """One of FastAPI's validation errors with its ``msg`` in the reader's language.

    ``type``, ``loc``, ``input`` and ``ctx`` stay as FastAPI gives them (they are for programs);
    ``msg`` is worded like a refused case field (found and expected, from the catalogue)."""
    said = dict(item)
    if isinstance(item.get("type"), str) and "loc" in item:
        said["msg"] = issue_from_pydantic(item).text(lang)
    return said


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    """Any other exception: the usual JSON error with the security headers, never a traceback.

    Starlette answers unhandled errors outside every middleware (plain text, no headers), so
    the headers the metrics middleware adds elsewhere are set here (issue #14, item 11).
    """
    from service.health.metrics import SECURITY_HEADERS

    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    headers = {name.decode(): value.decode() for name, value in SECURITY_HEADERS}
    detail = text("api.internal", reader_lang(request))
    return JSONResponse({"detail": detail}, status_code=500, headers=headers)


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


def body_reason(error: BaseException) -> Said:
    """Why Python could not read a JSON text, as a catalogue text: a number of more than
    4,300 digits (``ValueError``), nesting deeper than the interpreter's stack
    (``RecursionError``), anything else not JSON."""
    if isinstance(error, RecursionError):
        return Said("api.nested_too_deeply")
    message = str(error)
    if "digits" in message and "limit" in message.lower():
        return Said("ingest.number_too_long")
    return Said("api.body_not_json")


def unparsable_body(error: Exception, lang: str = DEFAULT_LANG) -> JSONResponse | None:
    """The 422 for a JSON body Python could not read (FastAPI answers those 400, with its own
    English words), in the usual JSON error shape, said in ``lang``.

    ``json.loads`` raises ``ValueError`` (not a JSON syntax error) for an integer of more than
    4,300 digits and ``RecursionError`` for deep nesting; FastAPI turns both into a bare 400
    "There was an error parsing the body". They are invalid input like any other (issue #14).
    """
    cause = error.__cause__
    if getattr(error, "status_code", None) != 400 or not isinstance(
        cause, ValueError | RecursionError
    ):
        return None
    message = text("api.body_unreadable", lang, reason=body_reason(cause).text(lang))
    return JSONResponse(
        {"detail": [{"loc": ["body"], "msg": message, "type": "json_invalid"}]},
        status_code=422,
    )


async def _bad_request(request: Request, error: Exception) -> Response:
    """Every HTTP error of status 400: a JSON body FastAPI could not read becomes the 422 of
    :func:`unparsable_body` in the reader's language, for every route with a JSON body; any
    other is answered by the handler of its class, as if this one were not there.

    Registered by status (Starlette looks status handlers up before class handlers), because
    FastAPI raises Starlette's own ``HTTPException`` whose class handler the web UI installs."""
    assert isinstance(error, StarletteHTTPException)
    if not isinstance(error, ApiError):
        unreadable = unparsable_body(error, reader_lang(request))
        if unreadable is not None:
            reason = type(error.__cause__).__name__
            log.info("unreadable JSON body on %s: %s", request.url.path, reason)
            return unreadable
    handlers = request.app.exception_handlers
    handler = next(
        (
            handlers[cls]
            for cls in type(error).__mro__
            if cls in handlers and issubclass(cls, StarletteHTTPException)
        ),
        http_exception_handler,
    )
    answer: Response = await handler(request, error)
    return answer


def install(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _unexpected)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(400, _bad_request)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(PoolTimeoutError, _database_error)
    app.add_exception_handler(CaseInputError, _case_input_error)
    app.add_exception_handler(UnsupportedFormatError, _unsupported_format)

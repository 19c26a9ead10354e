"""Limits on what one request may make the service do: body size, records per case.

:class:`BodyLimitMiddleware` refuses a body above ``TRIAGE_MAX_BODY_BYTES`` on every route except
the uploads (case import, simulation with an uploaded caseload), which read their own, larger
limit (``TRIAGE_MAX_IMPORT_BYTES``). It answers 413 from the declared ``Content-Length`` at once
and otherwise counts the bytes as they arrive, so a body is never parsed, nor even held, beyond
its limit. :func:`check_record_limits` bounds the offences and incidents of one case, so that a
single case cannot make an evaluation (and its explanation) arbitrarily expensive.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cases.frames import CaseFrames
from cases.model import Case
from cases.validation import CaseInputError, InputIssue
from service.errors import SaidIssue
from service.language import scope_lang
from texts import text

#: Routes that take uploads and apply ``max_import_bytes`` themselves (path suffixes).
UPLOAD_SUFFIXES = ("/cases/import", "/simulate")
#: Routes that answer a body over the limit themselves, to put the refusal on record
#: (``cases.import.rejected``): the middleware stops reading, hands them an empty body and
#: :data:`BODY_REFUSED` in the scope (the limit and its setting), and closes the connection.
AUDITED_SUFFIXES = ("/cases/import",)
BODY_REFUSED = "triage.body_refused"


def too_large_detail(limit: int, setting: str, lang: str = "de") -> str:
    return text("ingest.body_too_large", lang, limit=limit, setting=setting)


class BodyLimitMiddleware:
    """413 for request bodies above ``limit`` bytes (uploads: ``upload_limit``)."""

    def __init__(self, app: ASGIApp, *, limit: int, upload_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    def _limit_for(self, path: str) -> tuple[int, str]:
        if path.rstrip("/").endswith(UPLOAD_SUFFIXES):
            return self.upload_limit, "TRIAGE_MAX_IMPORT_BYTES"
        return self.limit, "TRIAGE_MAX_BODY_BYTES"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit, setting = self._limit_for(scope.get("path", ""))
        audited = scope.get("path", "").rstrip("/").endswith(AUDITED_SUFFIXES)
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and (not value.isdigit() or int(value) > limit):
                if audited:
                    await _hand_on(self.app, scope, send, limit, setting)
                else:
                    await _refuse(send, limit, setting, scope_lang(scope))
                return
        # Read the body (bounded) before the route sees it; replay it afterwards.
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                messages.append(message)
                break
            size += len(message.get("body", b""))
            if size > limit:
                if audited:
                    await _hand_on(self.app, scope, send, limit, setting)
                else:
                    await _refuse(send, limit, setting, scope_lang(scope))
                return
            messages.append(message)
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            if messages:
                return messages.pop(0)
            return await receive()

        await self.app(scope, replay, send)


async def _hand_on(app: ASGIApp, scope: Scope, send: Send, limit: int, setting: str) -> None:
    """The request without its body (no more of it is read), marked as over ``limit``: the
    route answers 413 itself once it knows the caller, and the connection is closed."""
    scope[BODY_REFUSED] = (limit, setting)

    async def empty() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def closing(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
            message = {**message, "headers": [*headers, (b"connection", b"close")]}
        await send(message)

    await app(scope, empty, closing)


async def _refuse(send: Send, limit: int, setting: str, lang: str) -> None:
    detail = too_large_detail(limit, setting, lang)
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def check_record_limits(
    cases: Sequence[Case],
    *,
    max_offences: int,
    max_incidents: int,
    source: str | None = None,
    lines: Sequence[int | None] | None = None,
) -> None:
    """Raise :class:`CaseInputError` naming every case with too many offences or incidents."""
    issues: list[InputIssue] = []
    for position, case in enumerate(cases):
        line = lines[position] if lines is not None else None
        for field, limit, setting in (
            ("offences", max_offences, "TRIAGE_MAX_OFFENCES_PER_CASE"),
            ("incidents", max_incidents, "TRIAGE_MAX_INCIDENTS_PER_CASE"),
        ):
            count = len(getattr(case, field))
            if count > limit:
                issues.append(
                    SaidIssue.said(
                        case.case_id,
                        field,
                        "ingest.too_many_records",
                        line,
                        count=count,
                        field=field,
                        limit=limit,
                        setting=setting,
                    )
                )
    if issues:
        raise CaseInputError(issues, source)


def check_frame_limits(
    frames: CaseFrames, *, max_offences: int, max_incidents: int, source: str | None = None
) -> None:
    """:func:`check_record_limits` on columns: counted per case with one ``bincount``."""
    n = len(frames.cases)
    issues: list[InputIssue] = []
    for field, frame, limit, setting in (
        ("offences", frames.offences, max_offences, "TRIAGE_MAX_OFFENCES_PER_CASE"),
        ("incidents", frames.incidents, max_incidents, "TRIAGE_MAX_INCIDENTS_PER_CASE"),
    ):
        counts = np.bincount(frame["case_idx"].to_numpy(dtype=np.int64), minlength=n)
        for row in np.flatnonzero(counts > limit):
            case_id = str(frames.cases["case_id"].iloc[row])
            issues.append(
                SaidIssue.said(
                    case_id,
                    field,
                    "ingest.too_many_records",
                    int(row) + 1,
                    count=int(counts[row]),
                    field=field,
                    limit=limit,
                    setting=setting,
                )
            )
    if issues:
        issues.sort(key=lambda issue: issue.line or 0)
        raise CaseInputError(issues, source)

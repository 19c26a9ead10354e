"""Reading an import request body: JSON array, JSON Lines, or a file upload in any SPEC format."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import Request, status
from starlette.datastructures import UploadFile

from cases.io import PAYLOAD_FORMATS, UnsupportedFormatError, format_from_filename
from service.errors import ApiError
from service.limits import BODY_REFUSED
from service.params import TEXT_PATTERN, invalid

#: Longest reason of an import (as for every other reason in the audit log).
MAX_REASON = 2000
_CONTROL = re.compile(TEXT_PATTERN)

#: Content types of a raw body and the format they carry.
MEDIA_FORMATS = {
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json-lines": "jsonl",
    "application/vnd.apache.parquet": "parquet",
    "application/x-parquet": "parquet",
    "application/zip": "csv-zip",
}

IMPORT_REQUEST_BODY = {
    "required": True,
    "description": "All or nothing: any bad record rejects the whole import (422, every error "
    "listed). CSV is a zip of cases.csv, offences.csv and incidents.csv.",
    "content": {
        "application/json": {
            "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}}
        },
        "application/x-ndjson": {
            "schema": {"type": "string", "description": "One case (JSON object) per line."}
        },
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": ".jsonl, .ndjson, .json, .parquet, or .zip (CSV)",
                    },
                    "format": {
                        "type": "string",
                        "enum": list(PAYLOAD_FORMATS),
                        "description": "Overrides the format told by the file name.",
                    },
                    "reason": {
                        "type": "string",
                        "maxLength": MAX_REASON,
                        "description": "Why the cases are imported (in the audit entry); "
                        "instead of the query parameter 'reason'.",
                    },
                },
                "required": ["file"],
            }
        },
    },
}


#: The name of an upload without a file name (a request body): problems with it as a whole
#: read "Upload: die Eingabe enthält keinen Fall …".
UNNAMED = "Upload"


@dataclass(frozen=True)
class Payload:
    data: bytes
    fmt: str
    source: str
    reason: str | None = None


def check_reason(value: str | None, where: str = "query") -> str | None:
    """The import's reason, stripped (``None`` when empty); 422 when too long or with control
    characters."""
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > MAX_REASON or not _CONTROL.match(value):
        raise invalid("reason", "hardening.import_reason_invalid", where, limit=MAX_REASON)
    return value


def _too_large(limit: int) -> ApiError:
    return ApiError(status.HTTP_413_CONTENT_TOO_LARGE, "api.upload_too_large", limit=limit)


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _unsupported(error: UnsupportedFormatError, name: str) -> ApiError:
    """415 for a file name whose suffix names no format, in the reader's language."""
    if error.key is not None:
        return ApiError.of(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, error.key, error.values)
    return ApiError(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "api.format_from_name", name=name)


async def read_payload(request: Request, *, limit: int, fmt: str | None) -> Payload:
    """The uploaded bytes and their format; 413 above ``limit``, 415 for unknown types."""
    refused = request.scope.get(BODY_REFUSED)
    if refused is not None:  # the body limit's middleware stopped reading it (service.limits)
        body_limit, setting = refused
        raise ApiError(
            status.HTTP_413_CONTENT_TOO_LARGE,
            "ingest.body_too_large",
            limit=body_limit,
            setting=setting,
        )
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise _too_large(limit)
        async with request.form(max_files=1, max_fields=4) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise invalid("file", "api.file_missing", "body")
            data = await upload.read(limit + 1)
            if len(data) > limit:
                raise _too_large(limit)
            name = upload.filename or UNNAMED
            chosen = fmt or (form.get("format") if isinstance(form.get("format"), str) else None)
            given = form.get("reason")
            reason = check_reason(given if isinstance(given, str) else None, "body")
            try:
                chosen = chosen or format_from_filename(name)
            except UnsupportedFormatError as error:
                raise _unsupported(error, name) from None
            return Payload(data, _check_format(str(chosen)), name, reason)
    body = await _body(request, limit)
    chosen = fmt or MEDIA_FORMATS.get(media)
    if chosen is None:
        raise ApiError(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            "api.media_unsupported",
            media=repr(media) if media else "–",
            formats=", ".join(PAYLOAD_FORMATS),
        )
    return Payload(body, _check_format(chosen), UNNAMED)


def _check_format(fmt: str) -> str:
    fmt = "jsonl" if fmt == "ndjson" else fmt
    if fmt not in PAYLOAD_FORMATS:
        raise ApiError(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            "api.format_unknown",
            format=repr(fmt),
            formats=", ".join(PAYLOAD_FORMATS),
        )
    return fmt

"""Reading a rule set draft from a request: parameters as JSON, or a whole YAML rule set.

``POST /rulesets`` (and ``POST /rulesets/check``) take

* ``application/json``: a parameter draft (:class:`RulesetVersionCreate`),
* ``application/yaml`` (also ``text/yaml``, ``application/x-yaml``): a whole rule set; the
  reason (and optionally ``base``) in the query,
* ``multipart/form-data``: the fields ``ruleset`` (a file or text), ``scenarios`` (optional, a
  file or text), ``reason`` and ``base`` (optional).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from service.cases.upload import _body
from service.errors import ApiError, InvalidInput, MissingInput
from service.rulesets.models import RulesetVersionCreate, _reason

YAML_TYPES = ("application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml")
#: Largest body of a rule set draft (bytes): a rule set and its scenarios, with room.
MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class DocumentDraft:
    """A whole rule set as submitted."""

    text: str
    scenarios: str | None
    reason: str | None
    base: str | None


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inline(item, defs) for item in schema]
    return schema


def _parameter_schema() -> dict[str, Any]:
    schema = RulesetVersionCreate.model_json_schema()
    return _inline(schema, schema.get("$defs", {}))


_DOCUMENT_FIELDS = {
    "ruleset": {"type": "string", "format": "binary", "description": "The rule set (YAML)."},
    "scenarios": {
        "type": "string",
        "format": "binary",
        "description": "Optional: its test scenarios (<rule set>.scenarios.yaml).",
    },
    "reason": {"type": "string", "description": "Why (Begründung), mandatory."},
    "base": {"type": "string", "description": "Optional: the version it is derived from."},
}

DRAFT_REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "description": "A parameter draft (JSON), or a whole rule set (YAML, or a multipart upload "
    "with its scenarios). Checked completely before anything is stored.",
    "content": {
        "application/json": {"schema": _parameter_schema()},
        "application/yaml": {
            "schema": {
                "type": "string",
                "description": "A whole rule set; `reason` (and `base`) as query parameters.",
            }
        },
        "multipart/form-data": {
            "schema": {"type": "object", "properties": _DOCUMENT_FIELDS, "required": ["ruleset"]}
        },
    },
}


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _text(data: bytes, field: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(field, "api.not_utf8", "body") from None


async def _field(form: Any, name: str) -> str | None:
    value = form.get(name)
    if isinstance(value, UploadFile):
        data = await value.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ApiError(
                status.HTTP_413_CONTENT_TOO_LARGE, "api.file_too_large", field=name, limit=MAX_BYTES
            )
        return _text(data, name)
    return value if isinstance(value, str) else None


async def read_parameter_draft(request: Request) -> RulesetVersionCreate:
    body = await _body(request, MAX_BYTES)
    try:
        return RulesetVersionCreate.model_validate_json(body or b"null")
    except ValidationError as error:
        raise RequestValidationError(
            [{**item, "loc": ("body", *item["loc"])} for item in error.errors(include_url=False)]
        ) from None


async def read_document_draft(request: Request) -> DocumentDraft:
    """A whole rule set from a YAML body or a multipart upload (415 for other types)."""
    media = media_type(request)
    if media in YAML_TYPES:
        text = _text(await _body(request, MAX_BYTES), "ruleset")
        query = request.query_params
        return DocumentDraft(text, None, query.get("reason"), query.get("base") or None)
    if media == "multipart/form-data":
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > 2 * MAX_BYTES:
            raise ApiError(
                status.HTTP_413_CONTENT_TOO_LARGE, "api.upload_too_large", limit=2 * MAX_BYTES
            )
        async with request.form(max_files=2, max_fields=6) as form:
            submitted = await _field(form, "ruleset")
            if submitted is None:
                raise MissingInput("ruleset", "api.ruleset_field_missing", "body")
            return DocumentDraft(
                submitted,
                await _field(form, "scenarios"),
                await _field(form, "reason"),
                (await _field(form, "base")) or None,
            )
    raise ApiError(
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        "api.draft_media_unsupported",
        media=repr(media) if media else "–",
    )


def checked_reason(value: str | None) -> str:
    """The mandatory reason of a document draft (422 in FastAPI's shape when missing)."""
    try:
        if len(value or "") > 4000:
            raise ValueError("too long")
        return _reason(value or "")
    except ValueError:
        raise InvalidInput("reason", "api.reason_required", "query") from None

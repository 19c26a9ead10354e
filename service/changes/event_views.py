"""``POST /cases/{case_id}/events`` and ``POST /events``: new facts through the service."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from cases.model import REGIONS
from service.auth.models import User
from service.auth.roles import CASE_ROLES
from service.cases.keys import CaseKey, case_target
from service.cases.upload import _body
from service.cases.views import CaseId, CaseRegion, model_label, visible_case
from service.changes import events as event_service
from service.db.engine import Database
from service.deps import NOT_FOUND, CurrentUser, DatabaseDep, ModelDep, SettingsDep, allow
from service.errors import ApiError
from service.language import reader_lang
from service.model_runtime import ModelRuntime
from service.params import IsoDate, check_date
from service.rulesets.active import get_active_ruleset
from service.settings import Settings
from texts import text

router = APIRouter(tags=["events"], dependencies=[Depends(allow(CASE_ROLES))])

_MEDIA = {"application/json": False, "application/x-ndjson": True, "application/jsonl": True}


class OutcomeRead(BaseModel):
    tier: str
    score: int
    criteria: list[str]
    blockers: list[str]
    actions: list[str]


class EventChange(BaseModel):
    line: int = Field(description="Line of the event in the request (1 for a single event).")
    case_id: str
    region: str = Field(description="The case's region (ids are unique within a region only).")
    event_id: str | None
    type: str
    version: int = Field(description="The case version this event made.")
    before: OutcomeRead
    after: OutcomeRead
    tier_changed: bool
    said: str = Field(description="What changed, one German sentence with the cause.")


class EventsApplied(BaseModel):
    request_id: str
    as_of: date
    ruleset: str
    engine: str = Field(description="The engine that evaluated the events: durable_rules.")
    applied: int
    changes: list[EventChange]


class EventIssueRead(BaseModel):
    line: int
    case_id: str | None
    path: str
    message: str
    text: str = Field(
        description="The issue in the reader's language (German by default): line, case, "
        "field and why."
    )


class EventsRejectedRead(BaseModel):
    detail: str
    errors: list[EventIssueRead]


#: The request's fields beside those of the event itself (docs/event-path.md).
_REQUEST_FIELDS: dict[str, Any] = {
    "region": {
        "type": "string",
        "enum": list(REGIONS),
        "description": "The case's region (Bezirksregierung). Case ids are unique within a "
        "region only: without it the id is looked up in the caller's regions, and an id held "
        "by more than one of them is refused (422, field region).",
    }
}
EVENT_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "description": "One event (docs/event-path.md), optionally with region.",
                "properties": _REQUEST_FIELDS,
            }
        },
        "application/x-ndjson": {
            "schema": {
                "type": "string",
                "description": "Events, one JSON object per line, each optionally with region.",
            }
        },
    },
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": NOT_FOUND},
    413: {"description": "Request too large."},
    415: {"description": "Content type other than application/json or application/x-ndjson."},
    422: {
        "description": "Any bad event (every one listed; nothing stored), e.g. an id held by "
        "more than one of the caller's regions without region, or bad parameters.",
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        {"$ref": "#/components/schemas/EventsRejectedRead"},
                        {"$ref": "#/components/schemas/HTTPValidationError"},
                    ]
                }
            }
        },
    },
}


_CASE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **_RESPONSES,
    409: {"description": "The id names a case in more than one of the caller's regions."},
}


def _rejected(error: event_service.EventsRejected, lang: str) -> JSONResponse:
    """422 with every bad line; ``detail`` and each ``text`` in the reader's language."""
    body = EventsRejectedRead(
        detail=text("events.error.rejected", lang, n=len(error.issues)),
        errors=[
            EventIssueRead(
                line=i.line,
                case_id=i.case_id,
                path=i.field,
                message=i.message_in(lang),
                text=i.said(lang),
            )
            for i in error.issues
        ],
    )
    return JSONResponse(body.model_dump(), status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def _read(request: Request, limit: int, *, bulk: bool) -> tuple[bytes, bool]:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _MEDIA or (bulk and not _MEDIA[media]):
        raise ApiError(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "events.error.content_type", type=media or "–"
        )
    return await _body(request, limit), _MEDIA[media]


def _apply(
    db: Database,
    user: User,
    body: bytes,
    many: bool,
    path_key: CaseKey | None,
    as_of: date,
    settings: Settings,
    model_version: str | None,
) -> EventsApplied:
    events, issues = event_service.parse_body(
        body, many=many, path_key=path_key, max_lines=settings.max_event_lines
    )
    with db.write() as session:
        ruleset = get_active_ruleset(session, name=settings.ruleset, on=as_of)
        request_id, applied = event_service.apply_events(
            session,
            events=events,
            regions=user.regions,
            actor=user.name,
            as_of=as_of,
            ruleset=ruleset,
            model_version=model_version,
            issues=issues,
            max_records=(settings.max_offences_per_case, settings.max_incidents_per_case),
        )
    return EventsApplied(
        request_id=request_id,
        as_of=as_of,
        ruleset=ruleset.label,
        engine="durable_rules",
        applied=len(applied),
        changes=[
            EventChange(
                line=a.line,
                case_id=a.case_id,
                region=a.region,
                event_id=a.event.event_id,
                type=a.event.type,
                version=a.version,
                before=OutcomeRead(**a.before.__dict__),
                after=OutcomeRead(**a.after.__dict__),
                tier_changed=a.before.tier != a.after.tier,
                said=event_service.said(a, ruleset),
            )
            for a in applied
        ],
    )


AsOfEvents = Annotated[
    IsoDate | None,
    Query(description="Reference date the events are evaluated at (default: today)."),
]


@router.post(
    "/cases/{case_id}/events",
    response_model=EventsApplied,
    status_code=status.HTTP_201_CREATED,
    summary="New facts about one case (one event, or JSON Lines of several; all or nothing)",
    responses=_CASE_RESPONSES,
    openapi_extra={"requestBody": EVENT_BODY},
)
async def post_case_events(
    case_id: CaseId,
    request: Request,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    model: ModelDep,
    as_of: AsOfEvents = None,
    region: CaseRegion = None,
) -> Any:
    """Apply the events to the case's current version, each as a new case version, evaluate
    on durable_rules at ``as_of`` and answer before and after with the German sentence.
    ``case_id`` (and ``region``) in an event may be left out; given, they must be this case's.
    The case is looked up in the caller's regions (in ``region`` if given): 404 as everywhere,
    409 when the id is held by more than one of them and ``region`` is not given."""
    day = check_date(as_of or date.today(), "as_of")
    record, _ = await run_in_threadpool(visible_case, db, user, case_id, region)
    body, many = await _read(request, settings.max_import_bytes, bulk=False)
    lang = reader_lang(request)
    key = CaseKey(record.region, case_id)
    return await _apply_or_refuse(db, user, body, many, key, day, settings, model, lang)


@router.post(
    "/events",
    response_model=EventsApplied,
    status_code=status.HTTP_201_CREATED,
    summary="New facts about many cases (JSON Lines; all or nothing)",
    responses=_RESPONSES,
    openapi_extra={"requestBody": EVENT_BODY},
)
async def post_events(
    request: Request,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    model: ModelDep,
    as_of: AsOfEvents = None,
) -> Any:
    """For the systems that feed the product: events of many cases in one request, applied in
    order. Each event may name its case's ``region``; without it the id is looked up in the
    caller's regions, and an id held by more than one of them is an error of its line (field
    ``region``). A case not in the caller's regions is an error of its line, worded as for a
    case that does not exist."""
    day = check_date(as_of or date.today(), "as_of")
    body, many = await _read(request, settings.max_import_bytes, bulk=True)
    lang = reader_lang(request)
    return await _apply_or_refuse(db, user, body, many, None, day, settings, model, lang)


async def _apply_or_refuse(
    db: Database,
    user: User,
    body: bytes,
    many: bool,
    key: CaseKey | None,
    day: date,
    settings: Settings,
    model: ModelRuntime,
    lang: str,
) -> Any:
    """Apply the events off the event loop; a refusal is audited (also off the loop) and
    answered with its per-line errors in the reader's language."""
    try:
        return await run_in_threadpool(
            _apply, db, user, body, many, key, day, settings, model_label(model)
        )
    except event_service.EventsRejected as error:
        await run_in_threadpool(_audit_rejected, db, user, len(error.issues), key)
        return _rejected(error, lang)


def _audit_rejected(db: Database, user: User, errors: int, key: CaseKey | None) -> None:
    from service.audit import service as audit_service

    audit_service.record(
        db,
        actor=user.name,
        action="cases.events.rejected",
        target=case_target(key.region, key.case_id) if key else "events",
        details={"errors": errors},
    )

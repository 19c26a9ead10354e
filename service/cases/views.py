"""``/cases``: import, read a case, its versions."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from cases.model import CASE_ID_PATTERN, Region
from cases.validation import CaseInputError
from rules.interpreter import evaluate_case
from service.audit import service as audit_service
from service.auth.models import User
from service.auth.roles import CASE_ROLES
from service.cases import service as case_service
from service.cases.keys import CaseKey, case_target, region_names
from service.cases.models import (
    INPUT_REJECTED_RESPONSE,
    CaseRead,
    CaseRecord,
    CaseVersion,
    CaseVersionRead,
    CaseVersionsRead,
    ImportResult,
)
from service.cases.parsing import read_checked_upload
from service.cases.upload import (
    IMPORT_REQUEST_BODY,
    MAX_REASON,
    UNNAMED,
    check_reason,
    read_payload,
)
from service.db.engine import Database
from service.deps import (
    NOT_FOUND,
    ActiveRuleset,
    CaseloadsDep,
    CurrentUser,
    DatabaseDep,
    ModelDep,
    SettingsDep,
    allow,
)
from service.errors import ApiError, SaidIssue
from service.model_runtime import ModelRuntime
from service.params import AsOf, IsoDate, check_date, invalid
from service.queue.caseload import CaseloadCache
from service.queue.service import reason
from service.rulesets.active import get_active_ruleset, ruleset_key
from service.settings import Settings

router = APIRouter(prefix="/cases", tags=["cases"], dependencies=[Depends(allow(CASE_ROLES))])

CaseId = Annotated[
    str,
    Path(
        pattern=CASE_ID_PATTERN,
        max_length=64,
        description="Pseudonymous case reference (not '.' or '..').",
    ),
]
CaseRegion = Annotated[
    Region | None,
    Query(
        description="The case's region (Bezirksregierung). Case ids are unique within a region "
        "only; without it the id is looked up in the caller's regions, and an id held by more "
        "than one of them is answered with 409 and those regions."
    ),
]
_404: dict[int | str, dict[str, Any]] = {
    404: {"description": NOT_FOUND},
    409: {"description": "The id names a case in more than one of the caller's regions."},
}


class CaseEvaluation(BaseModel):
    as_of: date
    ruleset: str
    tier: str
    score: int
    criteria: list[str]
    blockers: list[str]
    actions: list[str]
    reason: str


class CaseDetail(CaseRead):
    evaluation: CaseEvaluation


def model_label(model: ModelRuntime) -> str | None:
    """The points model in use as ``name vN`` (``None`` while rules alone decide)."""
    if not model.available or model.name is None:
        return None
    return f"{model.name} v{model.version}" if model.version else model.name


def not_found() -> HTTPException:
    return ApiError(status.HTTP_404_NOT_FOUND, "api.case_not_found")


def visible_case(
    db: Database, user: User, case_id: str, region: str | None = None
) -> tuple[CaseRecord, CaseVersion]:
    """The case and its current version, or the same 404 for missing and out-of-region cases.

    Case ids are unique within a region only: the case is looked up among the caller's regions
    (in ``region`` if given), so an id used elsewhere is answered as an id used nowhere. An id
    held by more than one of the caller's regions, asked for without ``region``, is a 409 that
    names those regions (all of them the caller's own).

    A case that exists in another region is a denied access: the caller gets the same 404, the
    audit log gets ``access.denied`` with the case id (issue #14, item 12). A missing case is
    recorded the same way (reason ``not_found``), so that both answers take the same time and
    probing for ids shows in the audit log.
    """
    try:
        with db.read() as session:
            record = case_service.get_visible(
                db_session=session, case_id=case_id, regions=user.regions, region=region
            )
            elsewhere = record is None and case_service.exists(db_session=session, case_id=case_id)
    except case_service.AmbiguousCase as error:
        raise ApiError(
            status.HTTP_409_CONFLICT,
            "api.case_ambiguous",
            case_id=case_id,
            regions=region_names(error.regions),
        ) from None
    if record is None:
        audit_service.record(
            db,
            actor=user.name,
            action="access.denied",
            target=case_target(region, case_id) if region else f"case:{case_id}",
            details={
                "status": 404,
                "role": user.role,
                "reason": "other_region" if elsewhere else "not_found",
            },
        )
        raise not_found()
    with db.read() as session:
        version = case_service.get_version(
            db_session=session,
            region=record.region,
            case_id=case_id,
            version=record.current_version,
        )
        if version is None:  # pragma: no cover - the pointer always has its row
            raise not_found()
        return record, version


#: Refused records of other regions named in the audit entry of a refused import at most.
MAX_PROBED = 1000


def _importer(request: Request, user: CurrentUser, db: DatabaseDep) -> None:
    """Remember who is importing, for the audit entry of a refusal before the route's own code
    runs (a bad query, a body over the limit). Resolved only once the caller is authenticated
    and allowed: an anonymous request leaves no entry (nothing to flood the log with)."""
    request.state.importer = (user, db)


class _AuditedImport(APIRoute):
    """The import route: every refusal is on record as ``cases.import.rejected``, also those
    FastAPI or the route answers before the upload is read (413, 415, 422 of the request)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def audited(request: Request) -> Response:
            try:
                return await handler(request)
            except (StarletteHTTPException, RequestValidationError) as error:
                await run_in_threadpool(_refused_early, request, error)
                raise

        return audited


def _refused_early(request: Request, error: Exception) -> None:
    """One ``cases.import.rejected`` entry for a refusal before :func:`_import` (which audits
    its own); none without an authenticated importer."""
    importer = getattr(request.state, "importer", None)
    if importer is None or getattr(request.state, "import_audited", False):
        return
    user, db = importer
    if isinstance(error, RequestValidationError):
        status_code = 422
        kind = "request_invalid"
        fields = sorted({".".join(str(p) for p in e.get("loc", ()))[:64] for e in error.errors()})
        extra: dict[str, Any] = {"fields": fields[:10]}
    else:
        assert isinstance(error, StarletteHTTPException)
        status_code = error.status_code
        kind = error.key if isinstance(error, ApiError) else "http_error"
        extra = {}
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        given = check_reason(request.query_params.get("reason"))
    except StarletteHTTPException:
        given = None
    _rejected(
        db,
        user,
        UNNAMED,
        (request.query_params.get("format") or media or "–")[:64],
        given,
        status_code=status_code,
        refusal=kind,
        **extra,
    )


async def import_cases(
    request: Request,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    caseloads: CaseloadsDep,
    model: ModelDep,
    as_of: Annotated[
        IsoDate | None,
        Query(
            description="Reference date at which the new versions are evaluated for the "
            "record of what changed (default: today)."
        ),
    ] = None,
    format: Annotated[
        str | None,
        Query(
            description="Format of a raw body (jsonl, json, parquet, csv-zip) when the "
            "Content-Type does not tell it.",
            max_length=16,
        ),
    ] = None,
    reason: Annotated[
        str | None,
        Query(
            description="Why the cases are imported (stored in the audit entry "
            "``cases.import``; required when TRIAGE_IMPORT_REASON_REQUIRED is set). A multipart "
            "upload may send it as the form field ``reason`` instead.",
            max_length=MAX_REASON,
        ),
    ] = None,
) -> Response:
    """Validate every record, then store all cases as new versions in one transaction.

    A re-imported case becomes a new version (history is kept); a closed case whose record
    changed is reopened. Importers may only write cases of their own regions.
    """
    day = check_date(as_of or date.today(), "as_of")
    payload = await read_payload(request, limit=settings.max_import_bytes, fmt=format)
    given = payload.reason or check_reason(reason)
    request.state.import_audited = True  # from here on, _import audits every refusal
    result = await run_in_threadpool(
        _import,
        db,
        caseloads,
        user,
        payload.data,
        payload.fmt,
        payload.source,
        settings,
        day,
        model_label(model),
        given,
    )
    # Serialised once (100,000 case entries), not re-validated against the response model.
    return Response(
        result.model_dump_json(), status_code=status.HTTP_201_CREATED, media_type="application/json"
    )


router.add_api_route(
    "/import",
    import_cases,
    methods=["POST"],
    response_model=ImportResult,
    status_code=status.HTTP_201_CREATED,
    summary="Import cases (all or nothing)",
    responses={
        422: INPUT_REJECTED_RESPONSE,
        413: {"description": "Upload too large."},
        415: {"description": "Unsupported content type or format."},
    },
    openapi_extra={"requestBody": IMPORT_REQUEST_BODY},
    dependencies=[Depends(_importer)],
    route_class_override=_AuditedImport,
)


def _import(
    db: Database,
    caseloads: CaseloadCache,
    user: User,
    data: bytes,
    fmt: str,
    source: str,
    settings: Settings,
    as_of: date | None = None,
    model_version: str | None = None,
    reason: str | None = None,
) -> ImportResult:
    """Validate, then store; every refusal is on record (``cases.import.rejected``), with the
    reason given for the import."""
    try:
        if reason is None and settings.import_reason_required:
            raise invalid("reason", "hardening.import_reason_required")
        frames = read_checked_upload(data, fmt=fmt, source=source, settings=settings)
        with db.write() as session:
            result, load = case_service.store_import(
                db_session=session,
                frames=frames,
                actor=user.name,
                regions=user.regions,
                source=source,
                as_of=as_of,
                ruleset=get_active_ruleset(session, name=settings.ruleset, on=as_of),
                model_version=model_version,
                reason=reason,
            )
        # Committed: the queue's cache takes the new caseload from the import itself.
        caseloads.apply_import(load)
        return result
    except CaseInputError as error:
        _rejected(db, user, source, fmt, reason, errors=error.total, **_probed(error))
        raise
    except HTTPException as error:
        _rejected(db, user, source, fmt, reason, status_code=error.status_code)
        raise


def _probed(error: CaseInputError) -> dict[str, Any]:
    """The records refused because their region is not the importer's, for the audit entry
    only (named by :class:`CaseKey`, ``region/case_id``; the first :data:`MAX_PROBED` of the
    listed issues and how many they are): who tried ids of other regions is on record, while
    the answer to the caller says nothing more."""
    probed = [
        str(CaseKey(str(issue.values.get("region")), str(issue.case_id)))
        for issue in error.issues
        if isinstance(issue, SaidIssue) and issue.key == "ingest.region_not_yours"
    ]
    if not probed:
        return {}
    return {"refused_records": probed[:MAX_PROBED], "refused_records_total": len(probed)}


def _rejected(
    db: Database, user: User, source: str, fmt: str, reason: str | None, **details: Any
) -> None:
    audit_service.record(
        db,
        actor=user.name,
        action="cases.import.rejected",
        target="import",
        details={"source": source, "format": fmt, **details},
        reason=reason,
    )


@router.get(
    "/{case_id}", response_model=CaseDetail, summary="One case (current version)", responses=_404
)
def read_case(
    case_id: CaseId,
    user: CurrentUser,
    db: DatabaseDep,
    ruleset: ActiveRuleset,
    as_of: AsOf,
    region: CaseRegion = None,
) -> CaseDetail:
    """The current record (without audit-only fields) and its evaluation at ``as_of``."""
    record, version = visible_case(db, user, case_id, region)
    case = case_service.load_case(version)
    result = evaluate_case(case, ruleset, as_of)
    audit_service.record(
        db,
        actor=user.name,
        action="case.read",
        target=case_target(record.region, case_id),
        details={"version": version.version, "as_of": as_of.isoformat()},
    )
    return CaseDetail(
        case_id=record.case_id,
        region=record.region,
        status=record.status,  # type: ignore[arg-type]
        version=record.current_version,
        versions=record.current_version,
        first_imported_at=record.first_imported_at,
        updated_at=record.updated_at,
        closed_at=record.closed_at,
        record=case_service.shown_record(version),
        evaluation=CaseEvaluation(
            as_of=as_of,
            ruleset=ruleset.label,
            tier=result.tier,
            score=result.score,
            criteria=result.criteria,
            blockers=result.blockers,
            actions=result.actions,
            reason=reason(
                ruleset, ruleset_key(ruleset), result.tier, result.criteria, result.blockers
            ),
        ),
    )


@router.get(
    "/{case_id}/versions",
    response_model=CaseVersionsRead,
    summary="Import history of a case",
    responses=_404,
)
def read_versions(
    case_id: CaseId, user: CurrentUser, db: DatabaseDep, region: CaseRegion = None
) -> CaseVersionsRead:
    """Every imported version: when, by whom, in which import (records via the next route)."""
    record, _ = visible_case(db, user, case_id, region)
    with db.read() as session:
        versions = case_service.get_versions(
            db_session=session, region=record.region, case_id=case_id
        )
    audit_service.record(
        db,
        actor=user.name,
        action="case.versions.read",
        target=case_target(record.region, case_id),
        details={"versions": len(versions)},
    )
    return CaseVersionsRead(
        case_id=case_id,
        region=record.region,
        items=[CaseVersionRead.model_validate(v) for v in versions],
    )


class CaseVersionRecord(CaseVersionRead):
    case_id: str
    region: str
    record: dict[str, Any]


@router.get(
    "/{case_id}/versions/{version}",
    response_model=CaseVersionRecord,
    summary="One past version of a case",
    responses=_404,
)
def read_version(
    case_id: CaseId,
    version: Annotated[int, Path(ge=1, le=1_000_000)],
    user: CurrentUser,
    db: DatabaseDep,
    region: CaseRegion = None,
) -> CaseVersionRecord:
    """The record as it was imported in ``version`` (without audit-only fields)."""
    record, _ = visible_case(db, user, case_id, region)
    with db.read() as session:
        row = case_service.get_version(
            db_session=session, region=record.region, case_id=case_id, version=version
        )
    if row is None:
        raise not_found()
    audit_service.record(
        db,
        actor=user.name,
        action="case.read",
        target=case_target(record.region, case_id),
        details={"version": version},
    )
    return CaseVersionRecord(
        case_id=case_id,
        region=record.region,
        version=row.version,
        imported_at=row.imported_at,
        imported_by=row.imported_by,
        import_id=row.import_id,
        content_hash=row.content_hash,
        record=case_service.shown_record(row),
    )

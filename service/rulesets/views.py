"""``/rulesets``: the rule set in force (every role) and its stored versions (issue #5).

Policy staff draft a version, simulate it, a second policy user approves it, and a policy user
activates it; auditors read every version; case roles replay their queue with any version.
Routes are thin: the rules of four eyes live in :mod:`service.rulesets.service`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from cases.model import Region
from policy.workflow import Action
from rules import RuleSet
from rules.diff import diff
from rules.dmn import export_dmn
from rules.errors import RuleSetError
from rules.parameters import describe_values
from rules.scenarios import run as run_scenarios
from service.audit import service as audit_service
from service.auth.models import User
from service.auth.roles import CASE_ROLES
from service.cases.models import INPUT_REJECTED_RESPONSE
from service.cases.parsing import read_checked_upload
from service.cases.upload import IMPORT_REQUEST_BODY, read_payload
from service.db.engine import Database
from service.deps import (
    ActiveRuleset,
    CaseloadsDep,
    CurrentUser,
    DatabaseDep,
    SettingsDep,
    allow,
    region_forbidden,
)
from service.errors import ApiError
from service.params import AsOf, invalid
from service.queue.models import QueueItem
from service.rulesets import authoring, replay
from service.rulesets import service as ruleset_service
from service.rulesets.active import configured_ruleset, ruleset_key
from service.rulesets.document_upload import (
    DRAFT_REQUEST_BODY,
    DocumentDraft,
    checked_reason,
    media_type,
    read_document_draft,
    read_parameter_draft,
)
from service.rulesets.models import (
    DRAFT_REJECTED_RESPONSE,
    InvalidRequestError,
    RulesetActivate,
    RulesetApprove,
    RulesetEnd,
    RulesetServiceError,
    RulesetVersionCreate,
    RulesetVersionDetail,
    RulesetVersionList,
    issue_dict,
)
from service.rulesets.service import POLICY_ROLES, READ_ROLES, SIMULATE_ROLES
from service.settings import Settings
from texts import text

router = APIRouter(prefix="/rulesets", tags=["rulesets"])


class RuleRead(BaseModel):
    id: str
    kind: str
    title_de: str
    title_en: str
    basis_de: str
    points: int


class ParameterRead(BaseModel):
    name: str
    value: Any
    default: Any
    minimum: int | None
    maximum: int | None
    unit: str | None
    description_de: str


class TierRead(BaseModel):
    id: str
    label_de: str
    label_en: str
    reason_de: str


class RulesetRead(BaseModel):
    name: str
    version: int
    key: str
    description_de: str
    parameters: list[ParameterRead]
    criteria: list[RuleRead]
    blockers: list[RuleRead]
    actions: list[RuleRead]
    tiers: list[TierRead]


def describe(ruleset: RuleSet) -> RulesetRead:
    values = describe_values(ruleset)
    rules = {
        kind: [
            RuleRead(
                id=r.id,
                kind=r.kind,
                title_de=r.title.get("de"),
                title_en=r.title.get("en"),
                basis_de=r.basis.get("de"),
                points=r.points,
            )
            for r in getattr(ruleset, kind)
        ]
        for kind in ("criteria", "blockers", "actions")
    }
    return RulesetRead(
        name=ruleset.name,
        version=ruleset.version,
        key=ruleset_key(ruleset),
        description_de=ruleset.description.get("de"),
        parameters=[
            ParameterRead(
                name=p.name,
                value=values.get(p.name),
                default=list(p.default) if isinstance(p.default, tuple) else p.default,
                minimum=p.minimum,
                maximum=p.maximum,
                unit=p.unit,
                description_de=p.description.get("de"),
            )
            for p in ruleset.parameters.values()
        ],
        tiers=[
            TierRead(
                id=t.id,
                label_de=t.label.get("de"),
                label_en=t.label.get("en"),
                reason_de=t.reason.get("de"),
            )
            for t in ruleset.tiers
        ],
        **rules,
    )


@router.get("/active", response_model=RulesetRead, summary="The rule set in force")
def get_active(user: CurrentUser, ruleset: ActiveRuleset) -> RulesetRead:
    """Name, version, parameters, criteria, blockers, actions and tiers of the active rule set."""
    del user  # any authenticated role
    return describe(ruleset)


# --------------------------------------------------------------------------- stored versions

VersionRef = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z0-9._@-]{1,100}$",
        description="Version: its id, 'name@version' (e.g. amit-nrw-default@2), or a rule set name "
        "(its version in force).",
    ),
]
_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Role not allowed, or four eyes (own draft)."},
    404: {"description": "No such version."},
    409: {"description": "The version is not in the state the action needs."},
}


@contextmanager
def _service_errors() -> Iterator[None]:
    """The service's errors as HTTP answers (status and sentence of the error): in the reader's
    language when the error has a catalogue key, else in German as the service said it."""
    try:
        yield
    except InvalidRequestError as error:
        if error.key is not None:
            raise invalid(error.field, error.key, "body", **error.values) from None
        raise HTTPException(
            error.status_code,
            [{"loc": ["body", error.field], "msg": str(error), "type": "value_error"}],
        ) from None
    except RulesetServiceError as error:
        if error.key is not None:
            raise ApiError.of(error.status_code, error.key, error.values) from None
        raise HTTPException(error.status_code, str(error)) from None


def _seed(db: Database, settings: Settings) -> None:
    ruleset_service.seed_configured(db=db, name=settings.ruleset)


def _detail(db: Database, version_id: int) -> RulesetVersionDetail:
    with db.read() as session:
        version = ruleset_service.get(db_session=session, version_id=version_id)
        assert version is not None
        current = ruleset_service.in_force(db_session=session, name=version.name)
        read = ruleset_service.to_read(
            version=version, detail=True, in_force_id=current.id if current else None
        )
    assert isinstance(read, RulesetVersionDetail)
    return read


@router.get(
    "",
    response_model=RulesetVersionList,
    summary="Stored rule set versions",
    dependencies=[Depends(allow(READ_ROLES))],
)
def list_versions(
    db: DatabaseDep,
    settings: SettingsDep,
    name: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z0-9._-]{1,80}$", description="Only versions of this rule set."),
    ] = None,
) -> RulesetVersionList:
    """Every stored version, newest first, with its status today and who did what, when, why."""
    _seed(db, settings)
    family = name or configured_ruleset(settings.ruleset).name
    with db.read() as session:
        versions = ruleset_service.get_all(db_session=session, name=name)
        in_force = {
            n: ruleset_service.in_force(db_session=session, name=n)
            for n in {v.name for v in versions} | {family}
        }
        items = [
            ruleset_service.to_read(version=v, in_force_id=getattr(in_force[v.name], "id", None))
            for v in versions
        ]
    current = in_force[family]
    return RulesetVersionList(items=items, in_force=current.id if current else None)


def _rejected(error: RuleSetError, lang: str) -> JSONResponse:
    return JSONResponse(
        status_code=422,
        content={
            "detail": text("rulecheck.show.api_rejected", lang, n=len(error.issues)),
            "errors": [issue_dict(issue, lang) for issue in error.issues],
        },
    )


def _base_ref(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Za-z0-9._@#-]{1,100}", value):
        raise invalid("base", "api.version_ref", "query")
    return value


@router.post(
    "",
    response_model=RulesetVersionDetail,
    status_code=status.HTTP_201_CREATED,
    summary="Draft a new version (parameters, or a whole rule set)",
    dependencies=[Depends(allow(POLICY_ROLES))],
    responses={
        **_ERRORS,
        422: DRAFT_REJECTED_RESPONSE,
        413: {"description": "Upload too large."},
        415: {"description": "Unsupported content type."},
    },
    openapi_extra={"requestBody": DRAFT_REQUEST_BODY},
)
async def create_version(
    request: Request,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    lang: Annotated[
        Literal["de", "en"], Query(description="Language of the problems of a rejected draft.")
    ] = "de",
) -> Any:
    """A draft: changed parameters (and criteria points) of ``base`` as JSON, or a whole YAML
    rule set (``application/yaml`` with ``?reason=``, or multipart with ``ruleset``,
    ``scenarios``, ``reason``). Checked completely before anything is stored: every problem is
    listed (a parameter's allowed range, the line of a YAML key); a draft that changes nothing
    against the version in force is refused."""
    if media_type(request) in ("application/json", ""):
        body = await read_parameter_draft(request)
        return await run_in_threadpool(_create_parameters, body, user, db, settings, lang)
    upload = await read_document_draft(request)
    reason = checked_reason(upload.reason)
    base = _base_ref(upload.base)
    return await run_in_threadpool(_create_document, upload, reason, base, user, db, settings, lang)


def _create_parameters(
    body: RulesetVersionCreate, user: User, db: Database, settings: Settings, lang: str
) -> Any:
    _seed(db, settings)
    try:
        with _service_errors(), db.write() as session:
            draft = ruleset_service.create(
                db_session=session,
                base=body.base,
                parameters=body.parameters,
                criteria={rule: change.points for rule, change in body.criteria.items()},
                reason=body.reason,
                user=user,
            )
            draft_id = draft.id
    except RuleSetError as error:
        return _rejected(error, lang)
    return _detail(db, draft_id)


def _create_document(
    upload: DocumentDraft,
    reason: str,
    base: str | None,
    user: User,
    db: Database,
    settings: Settings,
    lang: str,
) -> Any:
    _seed(db, settings)
    try:
        with _service_errors(), db.write() as session:
            draft_id = authoring.create_document(
                db_session=session,
                text=upload.text,
                scenarios=upload.scenarios,
                reason=reason,
                base=base,
                user=user,
            ).id
    except RuleSetError as error:
        return _rejected(error, lang)
    return _detail(db, draft_id)


@router.post(
    "/check",
    summary="Check a whole rule set without storing it",
    dependencies=[Depends(allow(POLICY_ROLES))],
    responses={413: {"description": "Upload too large."}, 415: {"description": "Unsupported."}},
    openapi_extra={
        "requestBody": {
            **DRAFT_REQUEST_BODY,
            "content": {
                k: v for k, v in DRAFT_REQUEST_BODY["content"].items() if k != "application/json"
            },
        }
    },
)
async def check_document(
    request: Request,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    lang: Annotated[Literal["de", "en"], Query(description="Language of the texts.")] = "de",
) -> dict[str, Any]:
    """The checker's issues (with lines), the semantic diff against the version in force and
    the scenario results of a rule set, as ``POST /rulesets`` would see it; nothing stored."""
    del user
    upload = await read_document_draft(request)
    return await run_in_threadpool(_check, upload, db, settings, lang)


def _check(upload: DocumentDraft, db: Database, settings: Settings, lang: str) -> dict[str, Any]:
    _seed(db, settings)
    try:
        ruleset, _, suite = authoring.check_document(upload.text, scenarios=upload.scenarios)
    except RuleSetError as error:
        return {"ok": False, "errors": [issue_dict(issue, lang) for issue in error.issues]}
    answer: dict[str, Any] = {"ok": True, "errors": [], "ruleset": ruleset.label}
    with db.read() as session:
        current = ruleset_service.in_force(db_session=session, name=ruleset.name)
        if current is not None:
            answer["diff"] = diff(ruleset_service.load(version=current), ruleset, lang).to_dict()
    if suite is not None:
        answer["scenarios"] = run_scenarios(suite, ruleset).to_dict(lang)
    return answer


@router.get(
    "/{ref}",
    response_model=RulesetVersionDetail,
    summary="One stored version",
    dependencies=[Depends(allow(READ_ROLES))],
    responses=_ERRORS,
)
def get_version(ref: VersionRef, db: DatabaseDep, settings: SettingsDep) -> RulesetVersionDetail:
    """The version with its parameters, its difference to its base and the whole document."""
    _seed(db, settings)
    with _service_errors(), db.read() as session:
        version_id = ruleset_service.get_or_raise(db_session=session, ref=ref).id
    return _detail(db, version_id)


@router.post(
    "/{ref}/approve",
    response_model=RulesetVersionDetail,
    summary="Approve a draft (second person)",
    responses=_ERRORS,
    dependencies=[Depends(allow(POLICY_ROLES))],
)
def approve_version(
    ref: VersionRef, body: RulesetApprove, user: CurrentUser, db: DatabaseDep, settings: SettingsDep
) -> RulesetVersionDetail:
    """Four eyes: the draft's author may not approve it (403); only drafts are approved (409)."""
    _seed(db, settings)
    with _service_errors(), db.write() as session:
        version_id = ruleset_service.approve(
            db_session=session,
            version_ref=ref,
            reason=body.reason,
            user=user,
            scenarios_reason=body.scenarios_reason,
        ).id
    return _detail(db, version_id)


def _end(
    action: Action, ref: str, body: RulesetEnd, user: User, db: Database, settings: Settings
) -> RulesetVersionDetail:
    _seed(db, settings)
    with _service_errors(), db.write() as session:
        version_id = ruleset_service.end_draft(
            db_session=session, version_ref=ref, reason=body.reason, user=user, action=action
        ).id
    return _detail(db, version_id)


@router.post(
    "/{ref}/withdraw",
    response_model=RulesetVersionDetail,
    summary="Withdraw a draft (its author)",
    responses=_ERRORS,
    dependencies=[Depends(allow(POLICY_ROLES))],
)
def withdraw_version(
    ref: VersionRef, body: RulesetEnd, user: CurrentUser, db: DatabaseDep, settings: SettingsDep
) -> RulesetVersionDetail:
    """Only the author withdraws (403 for others, who reject instead); only a draft (409)."""
    return _end(Action.withdraw, ref, body, user, db, settings)


@router.post(
    "/{ref}/reject",
    response_model=RulesetVersionDetail,
    summary="Reject a draft (second person)",
    responses=_ERRORS,
    dependencies=[Depends(allow(POLICY_ROLES))],
)
def reject_version(
    ref: VersionRef, body: RulesetEnd, user: CurrentUser, db: DatabaseDep, settings: SettingsDep
) -> RulesetVersionDetail:
    """A second policy user refuses a draft (the author may not: 403); only a draft (409)."""
    return _end(Action.reject, ref, body, user, db, settings)


LangQuery = Annotated[Literal["de", "en"], Query(description="Language of the texts.")]


@router.get(
    "/{before}/diff/{after}",
    summary="The semantic difference between two versions, in words",
    dependencies=[Depends(allow(READ_ROLES))],
    responses=_ERRORS,
)
def diff_versions(
    before: VersionRef,
    after: VersionRef,
    db: DatabaseDep,
    settings: SettingsDep,
    lang: LangQuery = "de",
) -> dict[str, Any]:
    """Parameters (label, before → after, unit), criteria, blockers, actions, flags and tiers
    added, removed or changed with their conditions in words, points, the order of the tiers
    and of the queue, derived facts: what a policy user reads, not a text diff of the YAML."""
    _seed(db, settings)
    with _service_errors(), db.read() as session:
        old = ruleset_service.get_or_raise(db_session=session, ref=before)
        new = ruleset_service.get_or_raise(db_session=session, ref=after)
        result = authoring.diff_versions(before=old, after=new, lang=lang)
    return {**result.to_dict(), "before_ref": old.ref, "after_ref": new.ref}


@router.get(
    "/{ref}/scenarios",
    summary="Test scenarios run on a version",
    dependencies=[Depends(allow(READ_ROLES))],
    responses=_ERRORS,
)
def version_scenarios(
    ref: VersionRef, db: DatabaseDep, settings: SettingsDep, lang: LangQuery = "de"
) -> dict[str, Any]:
    """The scenarios of the version in force and the version's own, run on the version: per
    scenario passed or failed with what differed, coverage, and the expectations the draft
    changed; ``failing`` names what an approval needs a reason for."""
    _seed(db, settings)
    with _service_errors(), db.read() as session:
        version = ruleset_service.get_or_raise(db_session=session, ref=ref)
        report = authoring.scenario_report(db_session=session, version=version)
    return report.to_dict(lang)


@router.get(
    "/{ref}/export",
    summary="A version as DMN 1.3 (decision tables and FEEL)",
    dependencies=[Depends(allow(READ_ROLES))],
    responses={**_ERRORS, 200: {"content": {"application/xml": {}}}},
    response_class=Response,
)
def export_version(
    ref: VersionRef,
    db: DatabaseDep,
    settings: SettingsDep,
    format: Annotated[Literal["dmn"], Query(description="Export format (dmn).")] = "dmn",
    lang: LangQuery = "de",
) -> Response:
    """The tiers as a DMN decision table (FIRST hit policy), criteria and the rest as FEEL
    decisions; what DMN cannot express is listed in the model's description."""
    del format
    _seed(db, settings)
    with _service_errors(), db.read() as session:
        version = ruleset_service.get_or_raise(db_session=session, ref=ref)
        ruleset = ruleset_service.load(version=version)
    exported = export_dmn(ruleset, lang)
    filename = f"{version.name}-v{version.version}.dmn"
    return Response(
        exported.xml,
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post(
    "/{ref}/activate",
    response_model=RulesetVersionDetail,
    summary="Activate an approved version",
    responses=_ERRORS,
    dependencies=[Depends(allow(POLICY_ROLES))],
)
def activate_version(
    ref: VersionRef,
    body: RulesetActivate,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
) -> RulesetVersionDetail:
    """Put an approved version into force (409 when not approved), today or on
    ``effective_from``; the queue ranks with it from the next request on."""
    _seed(db, settings)
    with _service_errors(), db.write() as session:
        version_id = ruleset_service.activate(
            db_session=session,
            version_ref=ref,
            reason=body.reason,
            user=user,
            effective_from=body.effective_from,
        ).id
    return _detail(db, version_id)


SIMULATE_BODY = {
    **IMPORT_REQUEST_BODY,
    "required": False,
    "description": "Optional: a caseload to simulate on (any import format) instead of the "
    "stored open caseload. Nothing is stored.",
}


@router.post(
    "/{ref}/simulate",
    response_model=dict[str, Any],
    summary="What-if: a version against the version in force",
    dependencies=[Depends(allow(SIMULATE_ROLES))],
    responses={
        **_ERRORS,
        422: INPUT_REJECTED_RESPONSE,
        413: {"description": "Upload too large."},
        415: {"description": "Unsupported content type or format."},
    },
    openapi_extra={"requestBody": SIMULATE_BODY},
)
async def simulate_version(
    request: Request,
    ref: VersionRef,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    caseloads: CaseloadsDep,
    as_of: AsOf,
    format: Annotated[
        str | None,
        Query(
            description="Format of an uploaded raw body (jsonl, json, parquet, csv-zip).",
            max_length=16,
        ),
    ] = None,
) -> dict[str, Any]:
    """Tier counts, transitions, workload per region against capacity and the fairness delta
    (docs/policy-simulation.md) on the open caseload received by ``as_of`` (for every role but
    auditors: as it stood at the end of that day), or on an uploaded one. **Aggregates only**:
    ``changed_cases`` is always empty, ``n_changed`` counts them. Counts of fewer than
    ``TRIAGE_MIN_CELL_SIZE`` people (default 10) are ``null``, with the cells that would reveal
    them through a total; the fairness breakdown by audit-only fields is shown to auditors only
    (``fairness_hidden``). Every run is audited with its parameters.
    Callers other than auditors simulate the open caseload on the date grid only: Mondays that
    have ended, on which no published count can be subtracted from another to single out fewer
    than ``TRIAGE_MIN_CELL_SIZE`` cases (422 naming the last possible date otherwise; without
    ``as_of`` the latest possible date is used)."""
    await run_in_threadpool(_seed, db, settings)
    upload = None
    if request.headers.get("content-type"):
        payload = await read_payload(request, limit=settings.max_import_bytes, fmt=format)
        if payload.data.strip():
            upload = payload
    return await run_in_threadpool(
        _simulate,
        db,
        caseloads,
        user,
        ref,
        as_of,
        upload,
        settings,
        settings.min_cell_size,
        "as_of" in request.query_params,
    )


def _simulate(
    db: Database,
    caseloads: Any,
    user: User,
    ref: str,
    as_of: date,
    upload: Any,
    settings: Settings,
    min_cell_size: int,
    explicit: bool = True,
) -> dict[str, Any]:
    with _service_errors():
        frames = None
        if upload is None:
            if not explicit and ruleset_service.gridded(user.role):
                # No date asked for: the latest the date grid allows (issue #14, item 4).
                as_of = ruleset_service.latest_simulation_date(
                    db=db, caseloads=caseloads, day=as_of, min_cell_size=min_cell_size
                )
            source = "open caseload"
        else:
            # Read and checked on columns, like an import (no model object per case).
            # The same limits as an import (cases, unpacked bytes, records per case).
            frames = read_checked_upload(
                upload.data,
                fmt=upload.fmt,
                source=upload.source,
                settings=settings,
                allow_empty=True,
            )
            source = f"upload ({upload.fmt}, {len(frames)})"
        result = ruleset_service.simulate(
            db=db,
            version_ref=ref,
            frames=frames,
            as_of=as_of,
            actor=user.name,
            source=source,
            role=user.role,
            min_cell_size=min_cell_size,
            caseloads=caseloads,
        )
    return ruleset_service.shown_to(result, role=user.role, min_cell_size=min_cell_size)


class ReplayQueuePage(BaseModel):
    items: list[QueueItem]
    total: int
    limit: int
    offset: int
    as_of: date
    ruleset: str = Field(description="Label of the replayed version, e.g. amit-nrw-default v2.")
    version_id: int
    ref: str
    note: str


REPLAY_NOTE = (
    "Replay: stored rule set version at as_of on the cases as they stood at the end "
    "of that day (latest version imported by then, not closed by then; days in "
    "UTC); facts dated after as_of are not counted. Not the live queue."
)
REPLAY_NOTE_CURRENT = (
    "Replay: stored rule set version at as_of on today's open cases and "
    "current records; facts dated after as_of are not counted."
)


@router.get(
    "/{ref}/queue",
    response_model=ReplayQueuePage,
    summary="Replay: the queue ranked by a stored version at a date",
    dependencies=[Depends(allow(CASE_ROLES))],
    responses=_ERRORS,
)
def replay_queue(
    ref: VersionRef,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    caseloads: CaseloadsDep,
    as_of: AsOf,
    region: Annotated[Region | None, Query(description="Only this region (one of yours).")] = None,
    tier: Annotated[
        list[str] | None, Query(description="Only these tiers (repeatable).", max_length=10)
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    caseload: Annotated[
        Literal["as_of", "current"],
        Query(
            description="as_of: the cases as they stood at the end of as_of (default); current: "
            "today's open cases and records."
        ),
    ] = "as_of",
) -> ReplayQueuePage:
    """The caller's queue (their regions) at ``as_of`` as the version would have ranked it,
    to re-read a past decision in its context (docs/policy-simulation.md, "Replay")."""
    if region is not None and region not in user.regions:
        raise region_forbidden(region)
    _seed(db, settings)
    with _service_errors(), db.read() as session:
        version = ruleset_service.get_or_raise(db_session=session, ref=ref)
        ruleset = ruleset_service.load(version=version)
        version_id, version_ref = version.id, version.ref
    if tier:
        unknown = [t for t in tier if t not in ruleset.tier_ids]
        if unknown:
            raise invalid(
                "tier", "api.unknown_tier", tier=repr(unknown[0]), tiers=", ".join(ruleset.tier_ids)
            )
    cases = caseloads.at(db, as_of) if caseload == "as_of" else caseloads.get(db)
    page = replay.replay_page(
        caseload=cases,
        ruleset=ruleset,
        as_of=as_of,
        regions=user.regions if region is None else (region,),
        tiers=tier,
        limit=limit,
        offset=offset,
    )
    audit_service.record(
        db,
        actor=user.name,
        action="queue.replay.read",
        target="queue",
        details={
            "ruleset": version_ref,
            "version_id": version_id,
            "as_of": as_of.isoformat(),
            "region": region,
            "tier": tier,
            "limit": limit,
            "offset": offset,
            "total": page.total,
            "caseload": caseload,
            "cases": page.case_ids,
            "regions": sorted({item.region for item in page.items}),
        },
    )
    return ReplayQueuePage(
        items=page.items,
        total=page.total,
        limit=limit,
        offset=offset,
        as_of=as_of,
        ruleset=ruleset.label,
        version_id=version_id,
        ref=version_ref,
        note=REPLAY_NOTE if caseload == "as_of" else REPLAY_NOTE_CURRENT,
    )

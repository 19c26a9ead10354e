"""``GET /audit`` and ``GET /audit/verify`` (auditor, admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from service.audit import chain
from service.audit import service as audit_service
from service.audit.models import AuditPage, AuditVerification
from service.auth.roles import AUDIT_ROLES
from service.deps import CurrentUser, DatabaseDep, allow
from service.language import ReaderLang
from service.params import TEXT_PATTERN

router = APIRouter(prefix="/audit", tags=["audit"], dependencies=[Depends(allow(AUDIT_ROLES))])


@router.get("", response_model=AuditPage, summary="Read the audit log (newest first)")
def list_entries(
    user: CurrentUser,
    db: DatabaseDep,
    actor: Annotated[str | None, Query(max_length=80, pattern=TEXT_PATTERN)] = None,
    action: Annotated[
        str | None,
        Query(
            max_length=64,
            pattern=TEXT_PATTERN,
            description="Action prefix, e.g. 'case.' or 'decision.create'.",
        ),
    ] = None,
    target: Annotated[
        str | None, Query(max_length=120, pattern=TEXT_PATTERN, description="e.g. case:EX-1")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> AuditPage:
    """Who did what, when and why. Reading the log is itself recorded."""
    with db.read() as session:
        items, total = audit_service.get_all(
            db_session=session,
            actor=actor,
            action=action,
            target=target,
            limit=limit,
            offset=offset,
        )
    audit_service.record(
        db,
        actor=user.name,
        action="audit.read",
        target="audit",
        details={
            "actor": actor,
            "action": action,
            "target": target,
            "limit": limit,
            "offset": offset,
            "returned": len(items),
        },
    )
    return AuditPage(items=items, total=total)


@router.get("/verify", response_model=AuditVerification, summary="Verify the hash chain")
def verify(user: CurrentUser, db: DatabaseDep, lang: ReaderLang) -> AuditVerification:
    """Walk the chain; names the first entry that was changed, removed or reordered, and fails
    when the newest entry is unsigned although the audit key is configured."""
    with db.read() as session:
        result = chain.verify(session, key=db.audit_key, lang=lang)
    audit_service.record(
        db,
        actor=user.name,
        action="audit.verify",
        target="audit",
        details={
            "ok": result.ok,
            "entries": result.entries,
            "first_bad": result.first_bad,
            "tombstones": result.tombstones,
            "macs_checked": result.macs_checked,
            "signed": result.signed,
            "unsigned": result.unsigned,
        },
    )
    return AuditVerification(
        ok=result.ok,
        entries=result.entries,
        first_bad=result.first_bad,
        message=result.message,
        head_hash=result.head_hash,
        tombstones=result.tombstones,
        redacted=result.redacted,
        unsigned=result.unsigned,
        macs_checked=result.macs_checked,
        signed=result.signed,
        keys=result.keys,
    )

"""Reading the audit log, and recording reads (each in its own short write transaction)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from service.audit import chain
from service.audit.models import AuditEntry, AuditEntryRead
from service.db.engine import Database


def record(
    db: Database,
    *,
    actor: str,
    action: str,
    target: str,
    details: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> int:
    """Append one entry in a transaction of its own; returns its sequence number.

    Used for reads: the data is only handed out after its read is on record, so a failed
    append (database gone) fails the request instead of leaving an unlogged read.
    """
    with db.write() as session:
        return chain.append(
            session, actor=actor, action=action, target=target, details=details, reason=reason
        ).seq


def _escaped(value: str) -> str:
    """``value`` for a LIKE pattern: its ``%``, ``_`` and ``\\`` taken literally."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def get_all(
    *,
    db_session: Session,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[AuditEntryRead], int]:
    """Entries newest first, filtered by exact actor/target and by action prefix.

    A case's target is ``case:<region>/<case_id>`` (ids are unique within a region only);
    ``target=case:<case_id>`` asks for the id in every region: it also finds the entries of
    ``case:<region>/<case_id>`` for any region (and those from before the region was named).
    """
    query = select(AuditEntry)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action.startswith(action, autoescape=True))
    if target:
        kind, _, ident = target.partition(":")
        if kind == "case" and ident and "/" not in ident:
            query = query.where(
                or_(
                    AuditEntry.target == target,
                    AuditEntry.target.like(f"case:%/{_escaped(ident)}", escape="\\"),
                )
            )
        else:
            query = query.where(AuditEntry.target == target)
    total = db_session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db_session.scalars(query.order_by(AuditEntry.seq.desc()).limit(limit).offset(offset))
    items = [
        AuditEntryRead(
            seq=e.seq,
            at=e.at,
            actor=e.actor,
            action=e.action,
            target=e.target,
            details=json.loads(e.details),
            reason=e.reason,
            prev_hash=e.prev_hash,
            hash=e.hash,
            content_hash=e.content_hash,
            mac=e.mac,
            erased=json.loads(e.erased) if e.erased else None,
        )
        for e in rows
    ]
    return items, int(total)

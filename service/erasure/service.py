"""Erase cases: every row that names them, and their mentions in the audit log.

Rows: every table with a ``case_id`` column (found by reflecting the database, so tables added
later - recorded evaluations, events - are included without a change here) loses the rows of
the erased cases, children before parents. The audit log keeps every entry, its hashes and its
HMAC (:mod:`service.audit.chain`): an entry *about* an erased case (its target, its reason, or a
case id that cannot be cut out) becomes a tombstone; an entry that lists it among other cases
(an import, a queue page) loses just that case id (redacted). One signed entry records the
erasure, without naming the case.

Four eyes for an erasure on request: an administrator asks (with a reason), a second
administrator confirms; only then is anything erased.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import MetaData, Table, delete, or_, select
from sqlalchemy.orm import Session

from service.audit import chain
from service.audit.models import AuditEntry
from service.auth.models import User
from service.cases import service as case_service
from service.cases.models import CaseRecord
from service.db.base import utcnow
from service.erasure.models import ErasureReport, ErasureRequest
from texts import text

_TOKEN = re.compile(r"[A-Za-z0-9._-]+")
_CHUNK = 500
_LIKE_LIMIT = 50  # up to this many cases: find audit mentions with LIKE, else one full pass
ERASED_VALUE = "[gelöscht]"


class ErasureError(Exception):
    """An erasure that cannot be done as asked: a catalogue key (``api.erasure.*``) and its
    values, said in the reader's language (:meth:`text`); ``str()`` is German."""

    status_code = 400

    def __init__(self, key: str, /, **values: str) -> None:
        self.key, self.values = key, values
        super().__init__(self.text("de"))

    def text(self, lang: str = "de") -> str:
        return text(self.key, lang, **self.values)


class ErasureNotFoundError(ErasureError, LookupError):
    status_code = 404


class ErasureConflictError(ErasureError):
    status_code = 409


class FourEyesError(ErasureError, PermissionError):
    status_code = 403


# --------------------------------------------------------------------------- mentions


def tokens(value: str) -> set[str]:
    found = set(_TOKEN.findall(value))
    return found | {t.rstrip(".") for t in found}


def mentions(value: Any, ids: Collection[str]) -> bool:
    text = value if isinstance(value, str) else chain.canonical(value)
    return not tokens(text).isdisjoint(ids)


def redact(value: Any, ids: Collection[str]) -> Any:
    """``value`` without the case ids: list items that are (or directly hold) one are dropped,
    dictionary keys naming one are dropped, values equal to one are replaced."""
    if isinstance(value, list):
        kept = []
        for item in value:
            if isinstance(item, str) and item in ids:
                continue
            if isinstance(item, list) and any(isinstance(x, str) and x in ids for x in item):
                continue
            kept.append(redact(item, ids))
        return kept
    if isinstance(value, dict):
        return {
            key: (ERASED_VALUE if isinstance(item, str) and item in ids else redact(item, ids))
            for key, item in value.items()
            if not (isinstance(key, str) and not tokens(key).isdisjoint(ids))
        }
    return value


def audit_candidates(db_session: Session, ids: Sequence[str]) -> Iterator[Any]:
    columns = (
        AuditEntry.seq,
        AuditEntry.target,
        AuditEntry.details,
        AuditEntry.reason,
    )
    query = select(*columns).order_by(AuditEntry.seq)
    if len(ids) <= _LIKE_LIMIT:
        conditions = []
        for case_id in ids:
            pattern = f"%{case_id}%"
            conditions += [
                AuditEntry.target.like(pattern, escape="\\"),
                AuditEntry.details.like(pattern, escape="\\"),
                AuditEntry.reason.like(pattern, escape="\\"),
            ]
        # '_' in an id matches any character here: over-selects, the exact check follows
        query = query.where(or_(*conditions))
    yield from db_session.execute(query.execution_options(yield_per=2000))


def audit_erasures(db_session: Session, ids: Collection[str]) -> list[chain.Erasure]:
    """The erasures the audit log needs so that none of ``ids`` remains in it."""
    wanted = set(ids)
    plan: list[chain.Erasure] = []
    for row in audit_candidates(db_session, sorted(wanted)):
        details = json.loads(row.details)
        about = mentions(row.target, wanted) or mentions(row.reason or "", wanted)
        if not about and not mentions(details, wanted):
            continue
        remaining = None if about else redact(details, wanted)
        if remaining is None or mentions(remaining, wanted):
            plan.append(chain.Erasure(row.seq, chain.TOMBSTONE, "", {}, None))
        else:
            plan.append(chain.Erasure(row.seq, chain.REDACTED, row.target, remaining, row.reason))
    return plan


# --------------------------------------------------------------------------- rows


def case_tables(db_session: Session) -> list[Table]:
    """Every table with a ``case_id`` column except the audit log, children first."""
    metadata = MetaData()
    metadata.reflect(bind=db_session.connection())
    return [
        table
        for table in reversed(metadata.sorted_tables)
        if "case_id" in table.columns and table.name != AuditEntry.__tablename__
    ]


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def delete_rows(db_session: Session, ids: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in case_tables(db_session):
        removed = 0
        for chunk in _chunks(ids):
            result = db_session.execute(delete(table).where(table.c.case_id.in_(chunk)))
            removed += int(getattr(result, "rowcount", 0) or 0)
        if removed:
            counts[table.name] = removed
    return counts


def erase_cases(
    db_session: Session,
    ids: Sequence[str],
    *,
    actor: str,
    action: str,
    target: str,
    details: Mapping[str, Any],
    reason: str | None,
    extra_audit: Sequence[chain.Erasure] = (),
) -> ErasureReport:
    """Erase the cases ``ids`` and their audit mentions in the current transaction."""
    chain.lock(db_session)
    ids = sorted(set(ids))
    audit = {e.seq: e for e in extra_audit}
    audit.update({e.seq: e for e in audit_erasures(db_session, ids)})  # tombstone wins
    rows = delete_rows(db_session, ids)
    if ids:
        case_service.bump_revision(db_session)
    plan = sorted(audit.values(), key=lambda e: e.seq)
    entry = chain.erase(
        db_session,
        erasures=plan,
        actor=actor,
        action=action,
        target=target,
        details={**details, "cases": len(ids), "rows": rows},
        reason=reason,
    )
    return ErasureReport(
        rows=rows,
        audit_tombstoned=[e.seq for e in plan if e.kind == chain.TOMBSTONE],
        audit_redacted=[e.seq for e in plan if e.kind == chain.REDACTED],
        audit_seq=entry.seq,
    )


# --------------------------------------------------------------------------- on request


def _check_reason(reason: str, case_id: str) -> None:
    if case_id in tokens(reason):
        raise ErasureError("api.erasure.reason_names_case")


def request(db_session: Session, *, case_id: str, user: User, reason: str) -> ErasureRequest:
    """An administrator asks to erase a case; nothing is erased until a second one confirms."""
    chain.lock(db_session)
    case = db_session.scalars(
        select(CaseRecord).where(CaseRecord.case_id == case_id).order_by(CaseRecord.region)
    ).first()
    if case is None:
        raise ErasureNotFoundError("api.erasure.case_not_found", case_id=case_id)
    _check_reason(reason, case_id)
    pending = db_session.scalars(
        select(ErasureRequest).where(ErasureRequest.case_id == case_id)
    ).first()
    if pending is not None:
        raise ErasureConflictError("api.erasure.pending", case_id=case_id, request_id=pending.id)
    row = ErasureRequest(
        id=str(uuid.uuid4()),
        region=case.region,
        case_id=case_id,
        requested_by=user.name,
        requested_at=utcnow(),
        reason=reason,
    )
    db_session.add(row)
    chain.append(
        db_session,
        actor=user.name,
        action="case.erasure.request",
        target=f"case:{case_id}",
        details={"request": row.id},
        reason=reason,
    )
    db_session.flush()
    return row


def get_pending(db_session: Session) -> list[ErasureRequest]:
    return list(db_session.scalars(select(ErasureRequest).order_by(ErasureRequest.requested_at)))


def confirm(db_session: Session, *, request_id: str, user: User) -> ErasureReport:
    """A second administrator confirms: the case and every trace of it are erased now."""
    chain.lock(db_session)
    row = db_session.get(ErasureRequest, request_id)
    if row is None:
        raise ErasureNotFoundError("api.erasure.request_not_found", request_id=request_id)
    if row.requested_by == user.name:
        raise FourEyesError("api.erasure.four_eyes")
    details = {
        "request": row.id,
        "requested_by": row.requested_by,
        "requested_at": row.requested_at.isoformat(timespec="seconds"),
        "confirmed_by": user.name,
    }
    return erase_cases(
        db_session,
        [row.case_id],
        actor=user.name,
        action="case.erase",
        target=f"erasure:{row.id}",
        details=details,
        reason=row.reason,
    )


def withdraw(db_session: Session, *, request_id: str, user: User, reason: str) -> None:
    """The request is dropped (by any administrator); the case stays."""
    chain.lock(db_session)
    row = db_session.get(ErasureRequest, request_id)
    if row is None:
        raise ErasureNotFoundError("api.erasure.request_not_found", request_id=request_id)
    chain.append(
        db_session,
        actor=user.name,
        action="case.erasure.withdraw",
        target=f"case:{row.case_id}",
        details={"request": row.id},
        reason=reason,
    )
    db_session.delete(row)
    db_session.flush()

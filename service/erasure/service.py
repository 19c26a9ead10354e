"""Erase cases: every row that names them, and their mentions in the audit log.

A case is named by its region and its id (:class:`~service.cases.keys.CaseKey`): another
region's case with the same id is a different case and stays, with its rows and its audit
entries. Rows: every table with a ``case_id`` column (found by reflecting the database, so
tables added later - recorded evaluations, events - are included without a change here) loses
the rows of the erased cases (matched on region and id), children before parents. The audit
log keeps every entry, its hashes and its HMAC (:mod:`service.audit.chain`): an entry *about*
an erased case (its target, its reason, or a case id that cannot be cut out) becomes a
tombstone; an entry that lists it among other cases (an import, a queue page) loses just that
case id (redacted). One signed entry records the erasure, without naming the case. Which audit
entries name a case, and what an entry from before the region change (an id without a region)
means, is said in :mod:`service.erasure.naming`.

Four eyes for an erasure on request: an administrator asks (with a reason), a second
administrator confirms; only then is anything erased.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, MetaData, Table, delete, or_, select, tuple_
from sqlalchemy.orm import Session

from service.audit import chain
from service.audit.models import AuditEntry
from service.auth.models import User
from service.cases import service as case_service
from service.cases.keys import CaseKey, case_target, region_names
from service.cases.models import CaseRecord
from service.db.base import utcnow
from service.erasure import naming, scrub
from service.erasure.models import ErasureReport, ErasureRequest
from service.errors import in_lang
from texts import text

_CHUNK = 500
_LIKE_LIMIT = 50  # up to this many cases: find audit mentions with LIKE, else one full pass
ERASED_VALUE = "[gelöscht]"


class ErasureError(Exception):
    """An erasure that cannot be done as asked: a catalogue key (``api.erasure.*``) and its
    values, said in the reader's language (:meth:`text`); ``str()`` is German."""

    status_code = 400

    def __init__(self, key: str, /, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(self.text("de"))

    def text(self, lang: str = "de") -> str:
        return text(self.key, lang, **in_lang(self.values, lang))


class ErasureNotFoundError(ErasureError, LookupError):
    status_code = 404


class ErasureConflictError(ErasureError):
    status_code = 409


class FourEyesError(ErasureError, PermissionError):
    status_code = 403


class ErasureAmbiguousError(ErasureError):
    """The id is held by more than one of the caller's regions and no region was named."""

    status_code = 409

    def __init__(self, case_id: str, regions: Sequence[str]) -> None:
        self.case_id, self.regions = case_id, tuple(regions)
        super().__init__("api.case_ambiguous", case_id=case_id, regions=region_names(regions))


# --------------------------------------------------------------------------- mentions


def tokens(value: str) -> set[str]:
    return naming.tokens(value)


def audit_candidates(db_session: Session, ids: Sequence[str]) -> Iterator[Any]:
    """Audit entries that may name one of the case ids ``ids`` (a coarse search: every entry is
    checked with :class:`~service.erasure.naming.CaseNames` afterwards)."""
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


def recorded_regions(db_session: Session, ids: Sequence[str]) -> dict[int, str]:
    """The region of audit entries as rows naming a case record it: ``audit_seq`` -> region of
    the rows (decisions, explanations shown) of the case ids ``ids``. An entry recorded for
    cases of two regions is left out (it cannot be said)."""
    found: dict[int, str] = {}
    clash: set[int] = set()
    unique = sorted(set(ids))
    for table in case_tables(db_session):
        if not {"audit_seq", "region"} <= set(table.columns.keys()):
            continue
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            rows = db_session.execute(
                select(table.c.audit_seq, table.c.region).where(table.c.case_id.in_(chunk))
            )
            for seq, region in rows:
                if seq is None:
                    continue
                if found.setdefault(int(seq), str(region)) != region:
                    clash.add(int(seq))
    return {seq: region for seq, region in found.items() if seq not in clash}


def audit_erasures(db_session: Session, keys: Collection[CaseKey]) -> list[chain.Erasure]:
    """The erasures the audit log needs so that none of the cases ``keys`` remains in it.

    An entry about one of them (target or reason) becomes a tombstone; an entry that lists one
    among other cases is redacted. Matching follows :mod:`service.erasure.naming`: the other
    region's case with the same id and its entries stay untouched; an entry from before the
    region change that names the id without a region cannot say which case it is about and is
    erased with the case of that id in any region.
    """
    names = naming.CaseNames(keys)
    recorded = recorded_regions(db_session, names.ids)
    plan: list[chain.Erasure] = []
    for row in audit_candidates(db_session, names.ids):
        details = json.loads(row.details)
        region = recorded.get(row.seq)
        about, named = names.entry(row.target, row.reason, details, region)
        if not named:
            continue
        wanted = names.of(row.target, details, region)
        remaining = None if about else naming.redact(details, wanted, ERASED_VALUE)
        if remaining is None or naming.mentions(remaining, wanted):
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


def _chunks(items: Sequence[CaseKey]) -> Iterable[Sequence[CaseKey]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def rows_of(table: Table, keys: Sequence[CaseKey]) -> ColumnElement[bool]:
    """The rows of ``table`` naming one of the cases ``keys``: by region and id. A table
    without a ``region`` column cannot say which region's case a row names; its rows are
    matched by id (every table that names a case has the column since migration 0010)."""
    if "region" in table.columns:
        return tuple_(table.c.region, table.c.case_id).in_([tuple(k) for k in keys])
    return table.c.case_id.in_(sorted({k.case_id for k in keys}))


def delete_rows(db_session: Session, keys: Sequence[CaseKey]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in case_tables(db_session):
        removed = 0
        for chunk in _chunks(keys):
            result = db_session.execute(delete(table).where(rows_of(table, chunk)))
            removed += int(getattr(result, "rowcount", 0) or 0)
        if removed:
            counts[table.name] = removed
    return counts


def scrub_note(db_session: Session) -> dict[str, str]:
    """``{"scrub": "pending_owner"}`` when this role cannot rewrite the tables after the
    erasure (PostgreSQL runtime role, not the owner): the entry does not pretend the bytes are
    gone; ``triage db scrub`` as the owner removes them (issue #14, item 10f)."""
    return {"scrub": "pending_owner"} if scrub.not_owned(db_session) else {}


def erase_cases(
    db_session: Session,
    keys: Sequence[CaseKey],
    *,
    actor: str,
    action: str,
    target: str,
    details: Mapping[str, Any],
    reason: str | None,
    extra_audit: Sequence[chain.Erasure] = (),
) -> ErasureReport:
    """Erase the cases ``keys`` (region and id) and their audit mentions in the current
    transaction; the other region's case with the same id stays."""
    chain.lock(db_session)
    keys = sorted({CaseKey(k.region, k.case_id) for k in keys})
    audit = {e.seq: e for e in extra_audit}
    audit.update({e.seq: e for e in audit_erasures(db_session, keys)})  # tombstone wins
    rows = delete_rows(db_session, keys)
    if keys:
        case_service.bump_revision(db_session)
    plan = sorted(audit.values(), key=lambda e: e.seq)
    entry = chain.erase(
        db_session,
        erasures=plan,
        actor=actor,
        action=action,
        target=target,
        details={**details, "cases": len(keys), "rows": rows, **scrub_note(db_session)},
        reason=reason,
    )
    return ErasureReport(
        rows=rows,
        audit_tombstoned=[e.seq for e in plan if e.kind == chain.TOMBSTONE],
        audit_redacted=[e.seq for e in plan if e.kind == chain.REDACTED],
        audit_seq=entry.seq,
    )


# --------------------------------------------------------------------------- on request


def _check_reason(reason: str, key: CaseKey) -> None:
    if not tokens(reason).isdisjoint({key.case_id, str(key)}):
        raise ErasureError("api.erasure.reason_names_case")


def find_case(
    db_session: Session, *, case_id: str, regions: Collection[str], region: str | None = None
) -> CaseRecord:
    """The case ``case_id`` among ``regions`` (in ``region`` if given). Raises
    :class:`ErasureNotFoundError`, or :class:`ErasureAmbiguousError` when ``region`` is not
    given and more than one of ``regions`` holds the id."""
    try:
        record = case_service.get_visible(
            db_session=db_session, case_id=case_id, regions=regions, region=region
        )
    except case_service.AmbiguousCase as error:
        raise ErasureAmbiguousError(case_id, list(error.regions)) from None
    if record is None:
        raise ErasureNotFoundError("api.erasure.case_not_found", case_id=case_id)
    return record


def request(
    db_session: Session, *, case_id: str, user: User, reason: str, region: str | None = None
) -> ErasureRequest:
    """An administrator asks to erase a case (``case_id`` in ``region``; the region may be left
    out where only one region holds the id); nothing is erased until a second one confirms."""
    chain.lock(db_session)
    case = find_case(db_session, case_id=case_id, regions=user.regions, region=region)
    key = CaseKey(case.region, case.case_id)
    _check_reason(reason, key)
    pending = db_session.scalars(
        select(ErasureRequest).where(
            ErasureRequest.region == key.region, ErasureRequest.case_id == key.case_id
        )
    ).first()
    if pending is not None:
        raise ErasureConflictError("api.erasure.pending", case_id=case_id, request_id=pending.id)
    row = ErasureRequest(
        id=str(uuid.uuid4()),
        region=key.region,
        case_id=key.case_id,
        requested_by=user.name,
        requested_at=utcnow(),
        reason=reason,
    )
    db_session.add(row)
    chain.append(
        db_session,
        actor=user.name,
        action="case.erasure.request",
        target=case_target(key.region, key.case_id),
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
        [CaseKey(row.region, row.case_id)],
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
        target=case_target(row.region, row.case_id),
        details={"request": row.id},
        reason=reason,
    )
    db_session.delete(row)
    db_session.flush()

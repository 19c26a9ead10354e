"""Append to and verify the hash chain.

``hash = sha256(canonical JSON of {prev_hash, seq, actor, at, action, target, details, reason})``
where canonical JSON has sorted keys, no spaces and UTF-8. Each entry stores the hash of the one
before it, so changing, removing or reordering any entry breaks every link after it; the head row
also catches a removed tail.

The chain has one head, whatever the number of workers and processes (``triage serve --workers
N``, the CLI, imports): every append first takes a transaction-scoped PostgreSQL advisory lock
(``pg_advisory_xact_lock``, the same key in every process) and then the head row ``FOR UPDATE``,
re-read from the database; on SQLite write transactions are ``BEGIN IMMEDIATE``, which holds the
file's write lock. Appends are therefore serialised across processes and the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from service.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from service.db.base import utcnow

HEAD_ID = 1
#: Key of the advisory lock that serialises appends ("rrkaudit" as a 64-bit integer).
ADVISORY_LOCK_KEY = int.from_bytes(b"rrkaudit", "big") & 0x7FFF_FFFF_FFFF_FFFF


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(
    *,
    prev_hash: str,
    seq: int,
    actor: str,
    at: str,
    action: str,
    target: str,
    details: Mapping[str, Any],
    reason: str | None,
) -> str:
    body = {
        "prev_hash": prev_hash,
        "seq": seq,
        "actor": actor,
        "at": at,
        "action": action,
        "target": target,
        "details": details,
        "reason": reason,
    }
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def lock(db_session: Session) -> AuditHead:
    """Take the chain's lock for this transaction (take it first in every write transaction).

    Held until the transaction ends; the head is read after the lock is granted, so it is the
    head every other process left behind.
    """
    if db_session.get_bind().dialect.name == "postgresql":
        db_session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    head = db_session.scalars(
        select(AuditHead)
        .where(AuditHead.id == HEAD_ID)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if head is None:
        head = AuditHead(id=HEAD_ID, seq=0, hash=GENESIS_HASH)
        db_session.add(head)
        db_session.flush()
    return head


def append(
    db_session: Session,
    *,
    actor: str,
    action: str,
    target: str,
    details: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> AuditEntry:
    """Add one entry in the current transaction; it commits (or not) with the change it records."""
    head = lock(db_session)
    details_obj = json.loads(canonical(dict(details or {})))
    seq = head.seq + 1
    at = utcnow().isoformat(timespec="microseconds")
    digest = entry_hash(
        prev_hash=head.hash,
        seq=seq,
        actor=actor,
        at=at,
        action=action,
        target=target,
        details=details_obj,
        reason=reason,
    )
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        target=target,
        details=canonical(details_obj),
        reason=reason,
        prev_hash=head.hash,
        hash=digest,
    )
    db_session.add(entry)
    head.seq, head.hash = seq, digest
    db_session.flush()
    return entry


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_bad: int | None
    message: str
    head_hash: str


def _recompute(entry: Any) -> str | None:
    try:
        details = json.loads(entry.details)
    except (TypeError, ValueError):
        return None
    return entry_hash(
        prev_hash=entry.prev_hash,
        seq=entry.seq,
        actor=entry.actor,
        at=entry.at,
        action=entry.action,
        target=entry.target,
        details=details,
        reason=entry.reason,
    )


def verify(db_session: Session) -> Verification:
    """Walk the whole chain; report the first entry whose link or content does not hold."""
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    columns = (
        AuditEntry.seq,
        AuditEntry.at,
        AuditEntry.actor,
        AuditEntry.action,
        AuditEntry.target,
        AuditEntry.details,
        AuditEntry.reason,
        AuditEntry.prev_hash,
        AuditEntry.hash,
    )
    rows = db_session.execute(
        select(*columns).order_by(AuditEntry.seq).execution_options(yield_per=2000)
    )
    for entry in rows:
        if entry.seq != expected_seq:
            return Verification(
                False,
                checked,
                entry.seq,
                f"entry #{entry.seq}: expected #{expected_seq} here; "
                f"entries are missing or renumbered",
                prev_hash,
            )
        if entry.prev_hash != prev_hash:
            return Verification(
                False,
                checked,
                entry.seq,
                f"entry #{entry.seq}: its link to entry #{entry.seq - 1} is "
                f"broken (an entry was changed, removed or reordered)",
                prev_hash,
            )
        if _recompute(entry) != entry.hash:
            return Verification(
                False,
                checked,
                entry.seq,
                f"entry #{entry.seq}: content does not match its hash (the entry was changed)",
                prev_hash,
            )
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = db_session.get(AuditHead, HEAD_ID)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != checked or head_hash != prev_hash:
        first_bad = checked + 1 if head_seq > checked else min(head_seq + 1, checked)
        return Verification(
            False,
            checked,
            max(first_bad, 1),
            f"the chain ends at entry #{checked} but its head records entry "
            f"#{head_seq}: entries at the end were removed or the head was "
            f"changed",
            prev_hash,
        )
    return Verification(True, checked, None, f"{checked} entries, chain intact", prev_hash)


def count(db_session: Session) -> int:
    return int(db_session.scalar(select(func.count()).select_from(AuditEntry)) or 0)

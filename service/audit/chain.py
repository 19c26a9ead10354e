"""Append to and verify the hash chain, signed with a key the database does not hold.

Chain format 2 (every entry written since migration 0005)::

    content_hash = sha256(canonical JSON of {seq, at, actor, action, target, details, reason})
    hash         = sha256(canonical JSON of {format: 2, prev_hash, seq, content_hash})
    mac          = HMAC-SHA256(audit key, "rrk-triage audit entry|<seq>|<hash>")

where canonical JSON has sorted keys, no spaces and UTF-8. Each entry stores the hash of the one
before it, so changing, removing or reordering any entry breaks every link after it; the head row
also catches a removed tail. The link covers the *hash* of the content, not the content, so the
content of an entry can be erased (GDPR Art. 17) while the chain still verifies: the erased entry
keeps both hashes and says which later entry erased it (``erased``), and that entry - itself
chained and signed - lists the hash of what remains. The HMAC is made with ``TRIAGE_AUDIT_KEY``
(:mod:`service.audit.keys`; ``key_id`` names the key, and after a rotation the retired keys
verify the entries they signed, in the order of rotation): whoever can drop the triggers and
re-hash the chain still cannot sign it, and a signed checkpoint file (``triage audit
checkpoint``) on write-once storage pins the head, so a chain rewritten or cut back to before
the checkpoint fails ``triage audit verify``.

Entries written before migration 0005 (format 1) hash their content directly
(``sha256({prev_hash, seq, actor, at, action, target, details, reason})``) and carry no HMAC; the
first checkpoint after the upgrade anchors them. A format-1 entry after a signed one is refused,
and so is, when the audit key is configured, a chain whose newest entry is unsigned: the service
signs every entry it writes, so an unsigned head is a chain rewritten in the old format (issue
#14, item 10b) or a legacy chain not yet anchored (``triage audit checkpoint`` appends a signed
entry). The result counts the signed and the old-format entries; it never claims the HMAC of
every entry when some carry none.

The chain has one head, whatever the number of workers and processes (``triage serve --workers
N``, the CLI, imports): every append first takes a transaction-scoped PostgreSQL advisory lock
(``pg_advisory_xact_lock``, the same key in every process) and then the head row ``FOR UPDATE``,
re-read from the database; on SQLite write transactions are ``BEGIN IMMEDIATE``, which holds the
file's write lock. Appends are therefore serialised across processes and the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from service.audit.keys import AuditKey
from service.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from service.db.base import utcnow
from texts import text as message

HEAD_ID = 1
FORMAT = 2
#: Key of the advisory lock that serialises appends ("rrkaudit" as a 64-bit integer).
ADVISORY_LOCK_KEY = int.from_bytes(b"rrkaudit", "big") & 0x7FFF_FFFF_FFFF_FFFF
#: Actions whose entries may erase the content of earlier ones.
ERASING_ACTIONS = frozenset({"case.erase", "retention.apply"})
TOMBSTONE, REDACTED = "tombstone", "redacted"


class AuditKeyMissingError(RuntimeError):
    """An append without the audit key (the database session was opened without one)."""


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _sha256(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def content_of(
    *,
    seq: int,
    at: str,
    actor: str,
    action: str,
    target: str,
    details: Mapping[str, Any],
    reason: str | None,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "target": target,
        "details": details,
        "reason": reason,
    }


def content_hash(content: Mapping[str, Any]) -> str:
    return _sha256(content)


def link_hash(*, prev_hash: str, seq: int, content_digest: str) -> str:
    return _sha256(
        {"format": FORMAT, "prev_hash": prev_hash, "seq": seq, "content_hash": content_digest}
    )


def mac_message(seq: int, digest: str) -> str:
    return f"rrk-triage audit entry|{seq}|{digest}"


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
    """The hash of a format-1 entry (written before migration 0005)."""
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
    return _sha256(body)


def session_key(db_session: Session) -> AuditKey | None:
    key = db_session.info.get("audit_key")
    return key if isinstance(key, AuditKey) else None


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
    """Add one signed entry in the current transaction; it commits (or not) with the change."""
    key = session_key(db_session)
    if key is None:
        raise AuditKeyMissingError(message("retention.audit.key_missing"))
    head = lock(db_session)
    details_obj = json.loads(canonical(dict(details or {})))
    seq = head.seq + 1
    at = utcnow().isoformat(timespec="microseconds")
    content_digest = content_hash(
        content_of(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            target=target,
            details=details_obj,
            reason=reason,
        )
    )
    digest = link_hash(prev_hash=head.hash, seq=seq, content_digest=content_digest)
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
        chain_format=FORMAT,
        content_hash=content_digest,
        mac=key.sign(mac_message(seq, digest)),
        key_id=key.key_id,
    )
    db_session.add(entry)
    head.seq, head.hash = seq, digest
    db_session.flush()
    return entry


# --------------------------------------------------------------------------- erasure


@dataclass(frozen=True)
class Erasure:
    """The new content of one erased entry: a tombstone (nothing of it left) or redacted."""

    seq: int
    kind: str
    target: str
    details: dict[str, Any]
    reason: str | None


def remainder_hash(entry: Any, erasure: Erasure) -> str:
    """Hash of what an erased entry keeps (seq, at, actor, action and the new content)."""
    return content_hash(
        content_of(
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            target=erasure.target,
            details=erasure.details,
            reason=erasure.reason,
        )
    )


def erase(
    db_session: Session,
    *,
    erasures: Iterable[Erasure],
    actor: str,
    action: str,
    target: str,
    details: Mapping[str, Any],
    reason: str | None,
) -> AuditEntry:
    """Erase the content of entries and record it in one new signed entry (same transaction).

    The new entry lists, per erased entry, the hash of what remains (``erased_entries``), so
    verification checks the remains too; hashes, links and HMACs of the erased entries stay.
    The database's trigger allows exactly this change (content columns and a new ``erased``
    mark; an entry redacted before may be erased again when a further case in it goes).
    """
    if action not in ERASING_ACTIONS:
        raise ValueError(f"{action!r} may not erase audit entries")
    lock(db_session)
    plan = sorted(erasures, key=lambda e: e.seq)
    rows = {
        row.seq: row
        for row in db_session.execute(
            select(AuditEntry.seq, AuditEntry.at, AuditEntry.actor, AuditEntry.action).where(
                AuditEntry.seq.in_([e.seq for e in plan])
            )
        )
    }
    listed = {str(e.seq): remainder_hash(rows[e.seq], e) for e in plan}
    entry = append(
        db_session,
        actor=actor,
        action=action,
        target=target,
        details={**details, "erased_entries": listed},
        reason=reason,
    )
    for item in plan:
        db_session.execute(
            update(AuditEntry)
            .where(AuditEntry.seq == item.seq)
            .values(
                target=item.target,
                details=canonical(item.details),
                reason=item.reason,
                erased=canonical({"by": entry.seq, "kind": item.kind}),
            )
        )
    db_session.flush()
    return entry


# --------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class Checkpoint:
    """A signed head written to a file (``triage audit checkpoint``)."""

    seq: int
    hash: str
    written_at: str
    key_id: str
    mac: str
    source: str = ""

    KIND = "rrk-triage audit checkpoint"

    @staticmethod
    def message(seq: int, digest: str, written_at: str) -> str:
        return f"rrk-triage audit checkpoint|{seq}|{digest}|{written_at}"

    def to_json(self) -> str:
        body = {
            "kind": self.KIND,
            "seq": self.seq,
            "hash": self.hash,
            "written_at": self.written_at,
            "key_id": self.key_id,
            "mac": self.mac,
        }
        return json.dumps(body, indent=2) + "\n"

    @classmethod
    def parse(cls, raw: str, source: str) -> Checkpoint:
        try:
            body = json.loads(raw)
            if body.get("kind") != cls.KIND:
                raise ValueError("not a checkpoint of the audit chain")
            return cls(
                seq=int(body["seq"]),
                hash=str(body["hash"]),
                written_at=str(body["written_at"]),
                key_id=str(body["key_id"]),
                mac=str(body["mac"]),
                source=source,
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"{source}: not a readable checkpoint ({error})") from None


def make_checkpoint(db_session: Session, key: AuditKey) -> Checkpoint:
    """A signed checkpoint of the head as it is now."""
    head = db_session.get(AuditHead, HEAD_ID)
    seq, digest = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    written_at = utcnow().isoformat(timespec="seconds")
    return Checkpoint(
        seq=seq,
        hash=digest,
        written_at=written_at,
        key_id=key.key_id,
        mac=key.sign(Checkpoint.message(seq, digest, written_at)),
    )


def checkpoint_problem(checkpoint: Checkpoint, key: AuditKey | None) -> str | None:
    """Why a checkpoint cannot be believed (``None``: its HMAC holds)."""
    if key is None:
        return f"checkpoint {checkpoint.source}: cannot be checked without the audit key"
    message = Checkpoint.message(checkpoint.seq, checkpoint.hash, checkpoint.written_at)
    signer = key.for_id(checkpoint.key_id)  # the key in force or a retired one
    if signer is None or not signer.check(message, checkpoint.mac):
        return (
            f"checkpoint {checkpoint.source}: its HMAC does not match (a forged checkpoint, "
            f"or one signed with another key)"
        )
    return None


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_bad: int | None
    message: str
    head_hash: str
    tombstones: int = 0
    redacted: int = 0
    unsigned: int = 0
    macs_checked: bool = False
    checkpoints: int = 0
    signed: int = 0
    erased: list[int] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)


def _content(entry: Any, details: Any) -> dict[str, Any]:
    return content_of(
        seq=entry.seq,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        target=entry.target,
        details=details,
        reason=entry.reason,
    )


class _Broken(Exception):
    def __init__(self, seq: int, message: str) -> None:
        super().__init__(message)
        self.seq, self.message = seq, message


#: ``verify(key=SESSION_KEY)``: check the HMACs with the session's audit key (the default).
SESSION_KEY: Any = object()


def verify(
    db_session: Session,
    *,
    key: AuditKey | None = SESSION_KEY,
    checkpoints: Iterable[Checkpoint] = (),
    lang: str = "en",
) -> Verification:
    """Walk the whole chain; report the first entry whose link, HMAC or content does not hold.

    ``key`` defaults to the session's audit key; without one (``None``) the HMACs are not
    checked, which the result says. Each checkpoint must carry a valid HMAC and name a hash the
    chain still has. With a key the newest entry must be signed. ``lang``: the language of the
    messages taken from the catalogue.
    """
    if key is SESSION_KEY:
        key = session_key(db_session)
    wanted = {cp.seq: cp for cp in checkpoints}
    state = _Walk(key=key, wanted=wanted, lang=lang)
    for checkpoint in wanted.values():
        problem = checkpoint_problem(checkpoint, key)
        if problem:
            return state.result(False, None, problem)
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
        AuditEntry.chain_format,
        AuditEntry.content_hash,
        AuditEntry.mac,
        AuditEntry.key_id,
        AuditEntry.erased,
    )
    rows = db_session.execute(
        select(*columns).order_by(AuditEntry.seq).execution_options(yield_per=2000)
    )
    try:
        for entry in rows:
            state.step(entry)
        state.finish(db_session)
    except _Broken as broken:
        return state.result(False, broken.seq, broken.message)
    return state.result(True, None, state.summary())


@dataclass
class _Walk:
    key: AuditKey | None
    wanted: dict[int, Checkpoint]
    lang: str = "en"
    prev_hash: str = GENESIS_HASH
    expected_seq: int = 1
    checked: int = 0
    signed_seen: bool = False
    tombstones: int = 0
    redacted: int = 0
    unsigned: int = 0
    last_format: int | None = None
    erased: list[int] = field(default_factory=list)
    pending: dict[int, dict[int, str]] = field(default_factory=dict)
    seen_hashes: dict[int, str] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)  # entries signed per key id
    newest_rank: int = 0

    def step(self, entry: Any) -> None:
        seq = entry.seq
        if seq != self.expected_seq:
            raise _Broken(
                seq,
                f"entry #{seq}: expected #{self.expected_seq} here; "
                f"entries are missing or renumbered",
            )
        if entry.prev_hash != self.prev_hash:
            raise _Broken(
                seq,
                f"entry #{seq}: its link to entry #{seq - 1} is "
                f"broken (an entry was changed, removed or reordered)",
            )
        try:
            details = json.loads(entry.details)
            marker = json.loads(entry.erased) if entry.erased else None
        except (TypeError, ValueError):
            raise _Broken(seq, f"entry #{seq}: content is not valid JSON") from None
        if entry.chain_format == 1:
            self._legacy(entry, details, marker)
        else:
            self._signed(entry, details, marker)
        self.last_format = entry.chain_format
        if marker is not None:
            self._erased(entry, details, marker)
        if seq in self.pending:
            self._erasing(entry, details)
        if seq in self.wanted and self.wanted[seq].hash != entry.hash:
            raise _Broken(
                seq,
                f"entry #{seq}: its hash differs from checkpoint {self.wanted[seq].source} "
                f"(the chain was rewritten after the checkpoint was written)",
            )
        self.prev_hash, self.expected_seq = entry.hash, seq + 1
        self.checked += 1

    def _legacy(self, entry: Any, details: Any, marker: Any) -> None:
        if self.signed_seen:
            raise _Broken(
                entry.seq,
                f"entry #{entry.seq}: unsigned old-format entry after signed entries "
                f"(written around the audit key)",
            )
        self.unsigned += 1
        if marker is None:
            recomputed = entry_hash(
                prev_hash=entry.prev_hash,
                seq=entry.seq,
                actor=entry.actor,
                at=entry.at,
                action=entry.action,
                target=entry.target,
                details=details,
                reason=entry.reason,
            )
            if recomputed != entry.hash:
                raise _Broken(
                    entry.seq,
                    f"entry #{entry.seq}: content does not match its hash (the entry was changed)",
                )

    def _signed(self, entry: Any, details: Any, marker: Any) -> None:
        seq = entry.seq
        self.signed_seen = True
        digest = link_hash(prev_hash=entry.prev_hash, seq=seq, content_digest=entry.content_hash)
        if digest != entry.hash:
            raise _Broken(seq, f"entry #{seq}: its hash does not hold (the entry was changed)")
        if self.key is not None:
            signer = self.key.for_id(entry.key_id)
            if signer is None:
                known = ", ".join(k.key_id for k in self.key.ring())
                raise _Broken(
                    seq,
                    f"entry #{seq}: signed with another audit key, unknown here (id "
                    f"{entry.key_id}; known ids, oldest first: {known}) or not at all",
                )
            rank = self.key.rank(signer.key_id)
            if rank < self.newest_rank:
                newer = self.key.ring()[self.newest_rank].key_id
                raise _Broken(
                    seq,
                    f"entry #{seq}: signed with the retired audit key {signer.key_id} after "
                    f"key {newer} had taken over (a retired key never signs again)",
                )
            self.newest_rank = rank
            self.keys[signer.key_id] = self.keys.get(signer.key_id, 0) + 1
            if not signer.check(mac_message(seq, entry.hash), entry.mac):
                raise _Broken(
                    seq,
                    f"entry #{seq}: its HMAC does not match (the chain was re-hashed without "
                    f"the audit key)",
                )
        if marker is None and content_hash(_content(entry, details)) != entry.content_hash:
            raise _Broken(
                seq, f"entry #{seq}: content does not match its hash (the entry was changed)"
            )

    def _erased(self, entry: Any, details: Any, marker: Any) -> None:
        by, kind = marker.get("by"), marker.get("kind")
        if not isinstance(by, int) or by <= entry.seq or kind not in (TOMBSTONE, REDACTED):
            raise _Broken(entry.seq, f"entry #{entry.seq}: its erasure mark is not valid")
        self.pending.setdefault(by, {})[entry.seq] = content_hash(_content(entry, details))
        self.erased.append(entry.seq)
        if kind == TOMBSTONE:
            self.tombstones += 1
        else:
            self.redacted += 1

    def _erasing(self, entry: Any, details: Any) -> None:
        listed = details.get("erased_entries") if isinstance(details, dict) else None
        if entry.action not in ERASING_ACTIONS or entry.erased or not isinstance(listed, dict):
            first = min(self.pending[entry.seq])
            raise _Broken(
                first, f"entry #{first}: marked erased by #{entry.seq}, which erased none"
            )
        for seq, remainder in sorted(self.pending.pop(entry.seq).items()):
            if listed.get(str(seq)) != remainder:
                raise _Broken(
                    seq,
                    f"entry #{seq}: erased, but its remains differ from what entry "
                    f"#{entry.seq} recorded (changed after the erasure)",
                )

    def finish(self, db_session: Session) -> None:
        if self.pending:
            by = min(self.pending)
            first = min(self.pending[by])
            raise _Broken(first, f"entry #{first}: marked erased by #{by}, which does not exist")
        head = db_session.get(AuditHead, HEAD_ID)
        head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
        if head_seq != self.checked or head_hash != self.prev_hash:
            first_bad = (
                self.checked + 1 if head_seq > self.checked else min(head_seq + 1, self.checked)
            )
            raise _Broken(
                max(first_bad, 1),
                f"the chain ends at entry #{self.checked} but its head records entry "
                f"#{head_seq}: entries at the end were removed or the head was "
                f"changed",
            )
        for seq, checkpoint in sorted(self.wanted.items()):
            if seq == 0 and checkpoint.hash != GENESIS_HASH:
                raise _Broken(1, f"checkpoint {checkpoint.source}: not the empty chain's head")
            if seq > self.checked:
                raise _Broken(
                    self.checked,
                    f"checkpoint {checkpoint.source} names entry #{seq}, but the chain ends "
                    f"at #{self.checked}: entries were removed after the checkpoint",
                )
        if self.key is not None and self.last_format == 1:
            # The service signs every entry it writes while a key is configured: an unsigned
            # head was written around the key (every entry rewritten as format 1), or it is a
            # legacy chain that no signed entry anchors yet.
            raise _Broken(
                self.checked,
                message(
                    "retention.audit.unsigned_head", self.lang, seq=self.checked, n=self.unsigned
                ),
            )

    def summary(self) -> str:
        parts = [f"{self.checked} entries, chain intact"]
        if self.tombstones:
            parts.append(f"{self.tombstones} erased (tombstones)")
        if self.redacted:
            parts.append(f"{self.redacted} redacted")
        if self.unsigned:
            parts.append(f"{self.unsigned} from before signing (no HMAC)")
        if self.key is None:
            parts.append("HMACs NOT checked (no key)")
        elif self.unsigned:
            parts.append(
                message(
                    "retention.audit.macs_partly",
                    self.lang,
                    signed=self.checked - self.unsigned,
                    n=self.unsigned,
                )
            )
        else:
            parts.append("HMACs checked")
        if len(self.keys) > 1:
            parts.append(
                "signed with " + ", ".join(f"key {key_id} ({n})" for key_id, n in self.keys.items())
            )
        if self.wanted:
            parts.append(f"{len(self.wanted)} checkpoint(s) hold")
        return "; ".join(parts)

    def result(self, ok: bool, first_bad: int | None, message: str) -> Verification:
        return Verification(
            ok=ok,
            entries=self.checked,
            first_bad=first_bad,
            message=message,
            head_hash=self.prev_hash,
            tombstones=self.tombstones,
            redacted=self.redacted,
            unsigned=self.unsigned,
            macs_checked=self.key is not None,
            signed=self.checked - self.unsigned,  # every entry is signed or old-format
            checkpoints=len(self.wanted) if ok else 0,
            erased=self.erased,
            keys=dict(self.keys),
        )


def count(db_session: Session) -> int:
    return int(db_session.scalar(select(func.count()).select_from(AuditEntry)) or 0)

"""Web sessions in the database (table ``web_sessions``): one row per signed-in browser session.

Every request of a signed-in page reads its row together with the user (one primary-key read):
a session that was logged out, has expired, whose user was revoked, or whose local token was
rotated since sign-in is refused — by every worker, and after a restart. The cookie holds the
session id (signed); the row is keyed by the id's SHA-256.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from service.auth.models import SessionRecord, User
from service.db.base import utcnow

TOKEN = "token"
OIDC = "oidc"


def digest(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


def token_fingerprint(user: User) -> str:
    """Changes whenever the user's token is rotated; reveals nothing about the token."""
    return hashlib.sha256(f"{user.token_id}:{user.token_hash}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class ActiveSession:
    record: SessionRecord
    user: User


def start(
    db_session: Session,
    *,
    sid: str,
    user: User,
    method: str,
    expires_at: datetime,
    client: str,
    id_token: str | None = None,
) -> SessionRecord:
    """Store a new session of ``user`` (and forget sessions that ended more than a day ago)."""
    now = utcnow()
    db_session.execute(delete(SessionRecord).where(SessionRecord.expires_at < now - timedelta(1)))
    record = SessionRecord(
        id=digest(sid),
        user_id=user.id,
        method=method,
        created_at=now,
        expires_at=expires_at,
        client=client[:64],
        token_fp=token_fingerprint(user) if method == TOKEN else "",
        id_token=id_token,
    )
    db_session.add(record)
    db_session.flush()
    return record


def lookup(db_session: Session, sid: str) -> ActiveSession | None:
    """The session with this id and its user, if both are still valid now."""
    row = db_session.execute(
        select(SessionRecord, User)
        .join(User, User.id == SessionRecord.user_id)
        .where(SessionRecord.id == digest(sid))
    ).first()
    if row is None:
        return None
    record, user = row
    if record.ended_at is not None or record.expires_at <= utcnow() or not user.is_active:
        return None
    if record.method == TOKEN and not hmac.compare_digest(record.token_fp, token_fingerprint(user)):
        return None  # the token was rotated since sign-in
    return ActiveSession(record, user)


def end(db_session: Session, sid: str, *, reason: str) -> SessionRecord | None:
    """End one session (logout); returns its row (for the identity provider's logout hint)."""
    record = db_session.get(SessionRecord, digest(sid))
    if record is not None and record.ended_at is None:
        record.ended_at, record.end_reason = utcnow(), reason
    return record


def end_all(db_session: Session, *, user_id: int, reason: str) -> int:
    """End every open session of a user (revocation)."""
    result = db_session.execute(
        update(SessionRecord)
        .where(SessionRecord.user_id == user_id, SessionRecord.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
    return int(getattr(result, "rowcount", 0) or 0)

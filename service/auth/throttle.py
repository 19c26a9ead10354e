"""Throttling of failed sign-ins and bearer checks, shared by every worker (table
``auth_failures``).

Failures are counted per key within a window: the client address (``addr:<ip>``, taken from
trusted proxy headers only) and, when the presented token is well-formed, its public token id
(``token:<id>``). When a key reaches the limit it is blocked for one window: further *failed*
attempts under that key are answered 429 without being checked or logged one by one. Each
counted failure is logged and written to the audit log (``auth.failed``: kind, client address,
token id; never the token), and so is the block itself (``auth.throttled``). A valid
token is never refused — it is checked before the throttle is consulted — so ten wrong tokens
from one address behind a reverse proxy lock out no one who holds a working token.

Tokens carry 256 bits of entropy, so the throttle is not what keeps them secret: it keeps a
misbehaving or probing client from going unnoticed (each block is an audit entry and a log line)
and from filling the audit log.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.audit import chain
from service.auth import tokens
from service.auth.models import AuthFailure
from service.db.base import utcnow
from service.db.engine import Database

log = logging.getLogger("service.auth")


@dataclass(frozen=True)
class Policy:
    limit: int = 10
    window_seconds: int = 300


@dataclass(frozen=True)
class Verdict:
    """What a failure led to: ``blocked`` now (429), and whether it was this one that blocked."""

    blocked: bool
    newly_blocked: bool = False
    retry_after: int = 0


def keys_for(client: str, token: str | None) -> list[str]:
    """The throttle keys of an attempt from ``client`` with ``token``."""
    keys = [f"addr:{client[:120]}"]
    parts = tokens.split(token) if token else None
    if parts is not None:
        keys.append(f"token:{parts[0]}")
    return keys


def _insert(db_session: Session):
    return (postgresql if db_session.get_bind().dialect.name == "postgresql" else sqlite).insert


def blocked(db: Database, keys: Sequence[str]) -> Verdict:
    """Is any of ``keys`` blocked now? (One read; only asked after a failed check.)"""
    now = utcnow()
    with db.read() as session:
        until = [
            moment
            for moment in session.scalars(
                select(AuthFailure.blocked_until).where(
                    AuthFailure.key.in_(keys), AuthFailure.blocked_until > now
                )
            )
            if moment is not None
        ]
    if not until:
        return Verdict(False)
    return Verdict(True, retry_after=_seconds(max(until) - now))


def _seconds(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds() + 0.999))


def failed(
    db: Database, keys: Sequence[str], *, policy: Policy, kind: str, details: dict[str, str]
) -> Verdict:
    """Count one failure under every key; block the keys that reach the limit.

    A key that becomes blocked is written to the audit log (``auth.throttled``) in the same
    transaction, with ``details`` (client address, token id; never a token).
    """
    now = utcnow()
    window = timedelta(seconds=policy.window_seconds)
    newly: list[str] = []
    with db.write() as session:
        chain.lock(session)  # the audit chain's lock first, as in every write transaction
        # Forget keys whose window and block ended a day ago (keeps the table small).
        stale = now - timedelta(days=1)
        session.execute(
            delete(AuthFailure).where(
                AuthFailure.window_start < stale,
                AuthFailure.blocked_until.is_(None) | (AuthFailure.blocked_until < stale),
                AuthFailure.key.not_in(keys),
            )
        )
        insert = _insert(session)
        for key in keys:
            session.execute(
                insert(AuthFailure)
                .values(key=key, window_start=now, failures=0, blocked_until=None)
                .on_conflict_do_nothing(index_elements=["key"])
            )
        rows = session.scalars(
            select(AuthFailure)
            .where(AuthFailure.key.in_(keys))
            .order_by(AuthFailure.key)
            .with_for_update()
        ).all()
        until: datetime | None = None
        counted = False
        for row in rows:
            if row.blocked_until is not None and row.blocked_until > now:
                until = max(until or row.blocked_until, row.blocked_until)
                continue
            if now - row.window_start > window or row.blocked_until is not None:
                row.window_start, row.failures, row.blocked_until = now, 0, None
            row.failures += 1
            counted = True
            if row.failures >= policy.limit:
                row.blocked_until = now + window
                until = max(until or row.blocked_until, row.blocked_until)
                newly.append(row.key)
        if counted:
            # Every failed check that was counted is an audit entry (issue #14, items 7 and 12);
            # while a key is blocked, further attempts are refused unchecked (429) and only
            # counted in the metrics, so that a flood cannot fill the audit log.
            chain.append(
                session, actor="anonymous", action="auth.failed", target=kind, details=details
            )
        if newly:
            chain.append(
                session,
                actor="anonymous",
                action="auth.throttled",
                target=kind,
                details={
                    **details,
                    "keys": [k.split(":", 1)[0] for k in newly],
                    "failures": policy.limit,
                    "window_seconds": policy.window_seconds,
                },
            )
    if newly:
        log.warning(
            "%s: %d failed attempts within %d s, blocked for %d s: %s",
            kind,
            policy.limit,
            policy.window_seconds,
            policy.window_seconds,
            ", ".join(newly),
        )
    if until is None:
        return Verdict(False)
    return Verdict(True, newly_blocked=bool(newly), retry_after=_seconds(until - now))


def record_failure(
    db: Database,
    *,
    policy: Policy,
    kind: str,
    client: str,
    token: str | None,
    why: str | None = None,
) -> Verdict:
    """A failed check from ``client``: already blocked (429, not counted again), or counted.

    Every failure is logged (client address and token id, never the token)."""
    keys = keys_for(client, token)
    verdict = blocked(db, keys)
    token_id = next((k.split(":", 1)[1] for k in keys if k.startswith("token:")), None)
    details = {"client": client[:120]} | ({"token_id": token_id} if token_id else {})
    if why:  # a fixed code of the caller (e.g. the single sign-on step that failed)
        details["reason"] = why[:80]
    if verdict.blocked:
        return verdict
    log.warning("%s: failed token check from %s (token id %s)", kind, client, token_id or "-")
    return failed(db, keys, policy=policy, kind=kind, details=details)

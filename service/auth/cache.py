"""Short-lived per-process caches that follow committed changes (``/score``, issue #13).

``/score`` must not pay a database session and a thread hop for the bearer token and another
for the rule set in force on every request. It keeps both in memory, under two rules:

* **This process sees its own changes at once.** :func:`watch` counts, per ORM class, the
  transactions of this process that inserted, changed or deleted such rows (a mapper event of
  that class marks the session; the count moves when its transaction ends, rolled back ones
  included, which only costs a re-read). An entry remembers the count from *before* its
  database read; once the count moved, it is not used again. A revocation, a token rotation or
  a rule set activation made through this process (API, or a CLI command in the same process)
  is therefore seen by its next request.
* **Other processes are followed within the TTL** (``TRIAGE_SYNC_SECONDS``, 2 s, the interval
  at which every worker also follows a reloaded model): after it an entry is read again.
  A revocation made by another worker or by ``triage users revoke`` counts there at once and
  here at the latest after the TTL.

Only successful lookups are cached; an unknown, malformed or revoked token always goes to the
database and to the failure throttle. Entries are keyed by the SHA-256 of the whole token, so
the cache holds no token and an entry answers only the exact token that was checked.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, object_session

from service.auth.models import User

_CHANGED = "rrk_cache_changed"
_counts: dict[type, int] = {}
_watched: list[type] = []
_lock = threading.Lock()


def _changed(_mapper: Any, _connection: Any, target: Any) -> None:
    """A row of a watched class was inserted, updated or deleted by a flush."""
    session = object_session(target)
    if session is not None:
        session.info.setdefault(_CHANGED, set()).add(type(target))


def _settle(session: Session) -> None:
    touched = session.info.pop(_CHANGED, None)
    if touched:
        with _lock:
            for kind in touched:
                for watched in _watched:
                    if issubclass(kind, watched):
                        _counts[watched] = _counts.get(watched, 0) + 1


def watch(kind: type) -> Callable[[], int]:
    """A function returning how many transactions of this process changed ``kind`` rows.

    Mapper events of ``kind`` only (other classes cost nothing); the count moves when the
    transaction that flushed the change ends (committed or rolled back).
    """
    with _lock:
        if not _watched:
            event.listen(Session, "after_commit", _settle)
            event.listen(Session, "after_rollback", _settle)
        if kind not in _watched:
            _watched.append(kind)
            _counts.setdefault(kind, 0)
            for change in ("after_insert", "after_update", "after_delete"):
                event.listen(kind, change, _changed, propagate=True)
    return lambda: _counts[kind]


users_changed = watch(User)


@dataclass(frozen=True)
class _Entry:
    value: Any
    count: int
    at: float


class FollowingCache:
    """Values read from the database, used for ``ttl`` seconds while ``changes()`` stands.

    ``clock`` is injectable for tests; the size is bounded (full: start afresh).
    """

    def __init__(
        self,
        changes: Callable[[], int],
        ttl: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        size: int = 4096,
    ) -> None:
        self.changes, self.ttl, self.clock, self.size = changes, ttl, clock, size
        self._entries: dict[Any, _Entry] = {}

    def stamp(self) -> int:
        """Take this before the database read whose result goes to :meth:`put`."""
        return self.changes()

    def get(self, key: Any) -> Any | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.count != self.changes() or self.clock() - entry.at >= self.ttl:
            self._entries.pop(key, None)
            return None
        return entry.value

    def put(self, key: Any, value: Any, stamp: int) -> None:
        if len(self._entries) >= self.size:
            self._entries.clear()
        self._entries[key] = _Entry(value, stamp, self.clock())

    def clear(self) -> None:
        self._entries.clear()


def token_key(token: str) -> bytes:
    """Cache key of a bearer token: its SHA-256 (the token itself is never kept)."""
    return hashlib.sha256(token.encode("utf-8")).digest()


class TokenCache(FollowingCache):
    """Bearer token (by its SHA-256) -> the active :class:`User` it belonged to when read."""

    def __init__(self, ttl: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(users_changed, ttl, clock=clock)

    def user(self, token: str) -> User | None:
        value = self.get(token_key(token))
        return value if isinstance(value, User) else None

    def remember(self, token: str, user: User, stamp: int) -> None:
        self.put(token_key(token), user, stamp)

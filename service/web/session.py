"""Signed-cookie sessions of the web UI.

The cookie holds a session id, the CSRF token, the user id, the login time and a fingerprint of
the user's current token (a hash of the stored token hash; never the token). It is signed with
itsdangerous and re-signed on every page, so the signature's age is the idle time. On each
request the user row is read again: a revoked or rotated token ends the session at once.
Logout also puts the session id on a per-process deny list until the session would have expired
(with several worker processes, rotating or revoking the token is what ends a session
everywhere).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from service.auth.models import User
from service.web.config import WebConfig

COOKIE = "rrk_session"
SECURE_COOKIE = "__Host-rrk_session"  # the __Host- prefix forbids Domain and needs Secure
LANG_COOKIE = "rrk_lang"
_SALT = "rrk-triage.web-session.v1"


def token_fingerprint(user: User) -> str:
    """Changes whenever the user's token is rotated; reveals nothing about the token."""
    return hashlib.sha256(f"{user.token_id}:{user.token_hash}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class WebSession:
    """One browser session: anonymous (login form only) or signed in."""

    sid: str
    csrf: str
    uid: int | None = None
    fp: str | None = None
    started: float = field(default_factory=time.time)

    @property
    def signed_in(self) -> bool:
        return self.uid is not None

    @classmethod
    def anonymous(cls) -> WebSession:
        return cls(sid=secrets.token_urlsafe(16), csrf=secrets.token_urlsafe(32))

    def signed_in_as(self, user: User) -> WebSession:
        """A new session (new id and CSRF token: no fixation) for ``user``."""
        return replace(
            WebSession.anonymous(), uid=user.id, fp=token_fingerprint(user), started=time.time()
        )


class SessionManager:
    """Reads and writes the session cookie for one app."""

    def __init__(self, config: WebConfig) -> None:
        assert config.secret is not None
        self.config = config
        self._serializer = URLSafeTimedSerializer(config.secret, salt=_SALT)
        self._ended: dict[str, float] = {}
        self._lock = threading.Lock()

    def is_secure(self, request: Request) -> bool:
        mode = self.config.cookie_secure
        return mode == "always" or (mode == "auto" and request.url.scheme == "https")

    def cookie_name(self, request: Request) -> str:
        return SECURE_COOKIE if self.is_secure(request) else COOKIE

    def load(self, request: Request) -> tuple[WebSession, bool]:
        """The request's session, and whether a cookie was there but refused (forged, expired,
        logged out): then the session is a fresh anonymous one."""
        raw = request.cookies.get(self.cookie_name(request))
        if not raw:
            return WebSession.anonymous(), False
        try:
            data: dict[str, Any] = self._serializer.loads(raw, max_age=self.config.idle_seconds)
            session = WebSession(
                sid=str(data["sid"]),
                csrf=str(data["csrf"]),
                uid=data.get("uid"),
                fp=data.get("fp"),
                started=float(data["started"]),
            )
        except (BadSignature, SignatureExpired, KeyError, TypeError, ValueError):
            return WebSession.anonymous(), True
        if session.signed_in and (
            time.time() - session.started > self.config.max_seconds or self.has_ended(session.sid)
        ):
            return WebSession.anonymous(), True
        return session, False

    def save(self, request: Request, response: Response, session: WebSession) -> None:
        """Sign and set the cookie (every page: the idle timer restarts)."""
        value = self._serializer.dumps(
            {
                "sid": session.sid,
                "csrf": session.csrf,
                "uid": session.uid,
                "fp": session.fp,
                "started": session.started,
            }
        )
        response.set_cookie(
            self.cookie_name(request),
            value,
            max_age=self.config.max_seconds,
            path="/",
            secure=self.is_secure(request),
            httponly=True,
            samesite="strict",
        )

    def end(self, session: WebSession) -> None:
        """Log out: this session id is refused from now on (until it would have expired)."""
        now = time.time()
        with self._lock:
            self._ended = {sid: until for sid, until in self._ended.items() if until > now}
            self._ended[session.sid] = session.started + self.config.max_seconds

    def has_ended(self, sid: str) -> bool:
        with self._lock:
            return sid in self._ended


class LoginThrottle:
    """At most ``limit`` failed logins per client address within ``window`` seconds.

    Tokens carry 256 bits of entropy, so this is not what keeps them secret; it keeps a
    misbehaving client from filling the audit log with failures.
    """

    def __init__(self, limit: int = 10, window: float = 300.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures.setdefault(client, deque())
        while times and times[0] < now - self.window:
            times.popleft()
        return times

    def blocked(self, client: str) -> bool:
        with self._lock:
            return len(self._recent(client, time.time())) >= self.limit

    def failed(self, client: str) -> None:
        with self._lock:
            if len(self._failures) > 10_000:
                self._failures.clear()
            self._recent(client, time.time()).append(time.time())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

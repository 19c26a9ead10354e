"""Signed-cookie sessions of the web UI, backed by the ``web_sessions`` table.

The cookie holds a session id, the CSRF token, the user id, the login time and how the user
signed in (never a token). It is signed with itsdangerous and re-signed on every page, so the
signature's age is the idle time. A signed-in
session is valid only while its row in the database is (:mod:`service.auth.sessions`): logout,
expiry, a revoked user or a rotated token end it in every worker and across restarts.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from service.auth import sessions
from service.auth.models import SessionRecord, User
from service.db.engine import Database
from service.web.config import WebConfig

COOKIE = "rrk_session"
SECURE_COOKIE = "__Host-rrk_session"  # the __Host- prefix forbids Domain and needs Secure
LANG_COOKIE = "rrk_lang"
_SALT = "rrk-triage.web-session.v1"


@dataclass(frozen=True)
class WebSession:
    """One browser session: anonymous (login form only) or signed in."""

    sid: str
    csrf: str
    uid: int | None = None
    started: float = field(default_factory=time.time)
    method: str | None = None  # how the user signed in: "token" or "oidc"

    @property
    def signed_in(self) -> bool:
        return self.uid is not None

    @classmethod
    def anonymous(cls) -> WebSession:
        return cls(sid=secrets.token_urlsafe(16), csrf=secrets.token_urlsafe(32))

    def signed_in_as(self, user: User, method: str) -> WebSession:
        """A new session (new id and CSRF token: no fixation) for ``user``."""
        return replace(
            WebSession.anonymous(),
            uid=user.id,
            started=time.time(),
            method=method,
        )


class SessionManager:
    """Reads and writes the session cookie for one app."""

    def __init__(self, config: WebConfig) -> None:
        assert config.secret is not None
        self.config = config
        self._serializer = URLSafeTimedSerializer(config.secret, salt=_SALT)

    def is_secure(self, request: Request) -> bool:
        mode = self.config.cookie_secure
        return mode == "always" or (mode == "auto" and request.url.scheme == "https")

    def cookie_name(self, request: Request) -> str:
        return SECURE_COOKIE if self.is_secure(request) else COOKIE

    def load(self, request: Request) -> tuple[WebSession, bool]:
        """The request's session, and whether a cookie was there but refused (forged, idle too
        long): then the session is a fresh anonymous one. Whether a signed-in session is still
        valid is the database's answer (:func:`service.auth.sessions.lookup`)."""
        raw = request.cookies.get(self.cookie_name(request))
        if not raw:
            return WebSession.anonymous(), False
        try:
            data: dict[str, Any] = self._serializer.loads(raw, max_age=self.config.idle_seconds)
            session = WebSession(
                sid=str(data["sid"]),
                csrf=str(data["csrf"]),
                uid=data.get("uid"),
                started=float(data["started"]),
                method=data.get("m"),
            )
        except (BadSignature, SignatureExpired, KeyError, TypeError, ValueError):
            return WebSession.anonymous(), True
        if session.signed_in and time.time() - session.started > self.config.max_seconds:
            return WebSession.anonymous(), True
        return session, False

    def save(self, request: Request, response: Response, session: WebSession) -> None:
        """Sign and set the cookie (every page: the idle timer restarts)."""
        value = self._serializer.dumps(
            {
                "sid": session.sid,
                "csrf": session.csrf,
                "uid": session.uid,
                "started": session.started,
                "m": session.method,
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

    def start(
        self,
        db: Database,
        user: User,
        *,
        method: str,
        client: str,
        expires_at: datetime | None = None,
        id_token: str | None = None,
    ) -> WebSession:
        """A new signed-in session (new id and CSRF token: no fixation), stored for every
        worker; it ends at ``expires_at`` (the identity provider's token lifetime) or after
        ``TRIAGE_SESSION_MAX_HOURS``, whichever comes first."""
        session = WebSession.anonymous().signed_in_as(user, method)
        limit = datetime.fromtimestamp(session.started + self.config.max_seconds, UTC)
        with db.write() as db_session:
            sessions.start(
                db_session,
                sid=session.sid,
                user=user,
                method=method,
                expires_at=min(limit, expires_at) if expires_at else limit,
                client=client,
                id_token=id_token,
            )
        return session

    def end(self, db: Database, session: WebSession, *, reason: str) -> SessionRecord | None:
        """Log out: the session is refused from now on, by every worker."""
        with db.write() as db_session:
            return sessions.end(db_session, session.sid, reason=reason)

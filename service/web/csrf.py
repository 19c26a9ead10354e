"""CSRF protection: a per-session token in every form, compared on every POST.

The session cookie is also ``SameSite=Strict``; the token is the second, independent line.
The login form has a token too (from the anonymous session), against login CSRF.

Every refusal is on record (issue #14, item 12): a signed-in user's as ``access.denied``
(target ``POST <path>``, details ``reason: csrf`` and whether a token was sent at all, never
its value), like every other 403 of a signed-in caller; an anonymous one (the login form)
through the sign-in throttle as ``auth.failed`` of kind ``csrf``, so that a flood of forged
posts from one address is counted, blocked from the audit log after the limit
(``auth.throttled``) and cannot fill it.
"""

from __future__ import annotations

import hmac
import logging

from fastapi import Request

from service.auth.models import User
from service.db.engine import Database
from service.web.session import WebSession

FIELD = "csrf_token"

log = logging.getLogger("service.web")


def valid(session: WebSession, submitted: str | None) -> bool:
    """Does the submitted form token match the session's (constant-time)?"""
    if not submitted:
        return False
    return hmac.compare_digest(session.csrf.encode(), submitted.encode())


def record_refusal(request: Request, db: Database, user: User | None, submitted: str) -> None:
    """Put a refused form post on record; a failure to write is logged, the 403 stands."""
    from service.audit import service as audit_service
    from service.auth import throttle
    from service.deps import client_address, throttle_policy

    client = client_address(request)
    try:
        if user is None:
            throttle.record_failure(
                db,
                policy=throttle_policy(request.app.state.settings),
                kind="csrf",
                client=client,
                token=None,
            )
            return
        audit_service.record(
            db,
            actor=user.name,
            action="access.denied",
            target=f"{request.method} {request.url.path}"[:120],
            details={
                "status": 403,
                "role": user.role,
                "reason": "csrf",
                "token": "wrong" if submitted else "missing",
                "client": client[:120],
            },
        )
    except Exception:  # the refusal stands; the log says why it is not in the audit log
        log.exception("could not audit a refused form post to %s", request.url.path)

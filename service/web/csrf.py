"""CSRF protection: a per-session token in every form, compared on every POST.

The session cookie is also ``SameSite=Strict``; the token is the second, independent line.
The login form has a token too (from the anonymous session), against login CSRF.
"""

from __future__ import annotations

import hmac

from service.web.session import WebSession

FIELD = "csrf_token"


def valid(session: WebSession, submitted: str | None) -> bool:
    """Does the submitted form token match the session's (constant-time)?"""
    if not submitted:
        return False
    return hmac.compare_digest(session.csrf.encode(), submitted.encode())

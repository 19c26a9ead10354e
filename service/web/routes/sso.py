"""Sign-in with the identity provider: ``/auth/login``, ``/auth/callback``, ``/auth/logged-out``.

The browser goes to the provider with state, nonce and a PKCE challenge; what it must bring
back is kept in a short-lived signed cookie (``SameSite=Lax``: it has to survive the top-level
navigation back from the provider's site, which a ``Strict`` cookie would not). The callback
checks the state, lets :mod:`service.auth.oidc` redeem the code and validate the ID token,
takes role and regions from its claims (refusing unknown ones with a page that says why),
updates the account, and starts a session that ends when the provider's ID token expires.
Logout of such a session also ends the provider's session (RP-initiated logout).
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from service.audit import service as audit_service
from service.auth import oidc, sessions, throttle
from service.auth import service as auth_service
from service.deps import client_address, throttle_policy
from service.web.pages import Ctx, PageContext, PageError, home_path, redirect, render, safe_next

log = logging.getLogger("service.web.sso")
router = APIRouter()

PENDING_COOKIE = "rrk_oidc"
PENDING_SECONDS = 600
_PENDING_SALT = "rrk-triage.oidc-pending.v1"


def _provider(ctx: PageContext) -> oidc.IdentityProvider:
    provider: oidc.IdentityProvider | None = ctx.request.app.state.identity_provider
    if provider is None:
        raise PageError(404, "error_404_title", "error_404_text")
    return provider


def base_url(ctx: PageContext) -> str:
    """The site's external base URL: ``TRIAGE_PUBLIC_URL``, else from the request (scheme and
    host as a trusted proxy forwarded them)."""
    configured = ctx.request.app.state.settings.public_url
    return (configured or str(ctx.request.base_url)).rstrip("/")


def _serializer(ctx: PageContext) -> URLSafeTimedSerializer:
    assert ctx.config.secret is not None
    return URLSafeTimedSerializer(ctx.config.secret, salt=_PENDING_SALT)


@router.get("/auth/login")
def sso_login(ctx: Ctx, next: str | None = None) -> Response:
    """Off to the identity provider (authorization code flow with PKCE)."""
    provider = _provider(ctx)
    redirect_uri = base_url(ctx) + "/auth/callback"
    try:
        pending = provider.begin(redirect_uri)
    except oidc.ProviderUnavailable as error:
        log.error("identity provider unavailable: %s", error)
        raise PageError(503, "error_503_title", "sso_unavailable_text") from None
    response = RedirectResponse(pending.url, status_code=303)
    value = _serializer(ctx).dumps(
        {
            "state": pending.state,
            "nonce": pending.nonce,
            "verifier": pending.code_verifier,
            "next": safe_next(next) or "",
        }
    )
    response.set_cookie(
        PENDING_COOKIE,
        value,
        max_age=PENDING_SECONDS,
        path="/auth",
        secure=ctx.manager.is_secure(ctx.request) if ctx.manager else True,
        httponly=True,
        samesite="lax",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _pending(ctx: PageContext, state: str | None) -> dict[str, Any] | None:
    raw = ctx.request.cookies.get(PENDING_COOKIE)
    if not raw or not state:
        return None
    try:
        data: dict[str, Any] = _serializer(ctx).loads(raw, max_age=PENDING_SECONDS)
    except BadSignature:
        return None
    if not hmac.compare_digest(str(data.get("state", "")), state):
        return None
    return data


def _failed(ctx: PageContext, reason: str, code: str) -> Response:
    """The sign-in did not complete: counted by the throttle, audited (``auth.failed`` of kind
    ``sso`` with ``code``, a fixed word: never the code, state or token the browser brought),
    logged, and a page saying so."""
    client = client_address(ctx.request)
    throttle.record_failure(
        ctx.db,
        policy=throttle_policy(ctx.request.app.state.settings),
        kind="sso",
        client=client,
        token=None,
        why=code,
    )
    log.warning("sign-in at the identity provider failed from %s: %s", client, reason)
    response = render(
        ctx,
        "error.html",
        status=400,
        title_key="sso_failed_title",
        text_key="sso_failed_text",
        message=None,
    )
    response.delete_cookie(PENDING_COOKIE, path="/auth")
    return response


@router.get("/auth/callback")
def sso_callback(
    ctx: Ctx, code: str | None = None, state: str | None = None, error: str | None = None
) -> Response:
    """The provider sends the browser back: check, sign in, and continue on this site."""
    provider = _provider(ctx)
    pending = _pending(ctx, state)
    if error:  # the provider's own refusal: its error code if it looks like one
        word = error if error.isascii() and error.replace("_", "").isalpha() else "other"
        return _failed(ctx, f"the provider answered error={error!r}", f"provider:{word[:40]}")
    if pending is None:
        return _failed(ctx, "state missing, wrong or expired", "state")
    if not code:
        return _failed(ctx, "no authorization code", "no_code")
    try:
        identity = provider.complete(
            code=code,
            redirect_uri=base_url(ctx) + "/auth/callback",
            pending=oidc.PendingSignIn(
                url="", state=state or "", nonce=pending["nonce"], code_verifier=pending["verifier"]
            ),
        )
    except oidc.SignInFailed as failure:
        return _failed(ctx, str(failure), failure.code)
    except oidc.ProviderUnavailable as failure:
        log.error("identity provider unavailable: %s", failure)
        raise PageError(503, "error_503_title", "sso_unavailable_text") from None
    client = client_address(ctx.request)
    access = identity.access
    if isinstance(access, oidc.Refusal):
        audit_service.record(
            ctx.db,
            actor=f"oidc:{identity.username}"[:80],
            action="web.login.refused",
            target="web",
            details={"client": client, "reason": access.reason, "values": list(access.values)},
        )
        values = ctx.t("sso_values", values=", ".join(access.values)) if access.values else None
        raise PageError(403, "sso_refused_title", f"sso_{access.reason}", message=values)
    try:
        user = auth_service.sync_identity(ctx.db, identity, access)
    except auth_service.UserError as refused:
        audit_service.record(
            ctx.db,
            actor=f"oidc:{identity.username}"[:80],
            action="web.login.refused",
            target="web",
            details={"client": client, "reason": refused.key},
        )
        raise PageError(403, "sso_refused_title", "sso_account") from None
    audit_service.record(
        ctx.db,
        actor=user.name,
        action="web.login",
        target=f"user:{user.name}",
        details={"client": client, "role": user.role, "method": "oidc"},
    )
    assert ctx.manager is not None
    ctx.session = ctx.manager.start(
        ctx.db,
        user,
        method=sessions.OIDC,
        client=client,
        expires_at=identity.expires_at,
        id_token=identity.id_token,
    )
    ctx.user = user
    target = safe_next(pending.get("next")) or home_path(user)
    response = render(
        ctx,
        "continue.html",
        title_key="login_title",
        message=ctx.t("sso_signed_in", name=user.name),
        target=target,
    )
    response.delete_cookie(PENDING_COOKIE, path="/auth")
    return response


def logout_at_provider(ctx: PageContext, id_token: str | None) -> str | None:
    """Where to send the browser to end the provider's session too (RP-initiated logout)."""
    provider: oidc.IdentityProvider | None = ctx.request.app.state.identity_provider
    if provider is None:
        return None
    return provider.logout_url(
        id_token=id_token, post_logout_redirect_uri=base_url(ctx) + "/auth/logged-out"
    )


@router.get("/auth/logged-out")
def sso_logged_out(ctx: Ctx) -> Response:
    """Back from the provider's logout."""
    return redirect(ctx, "/?logged_out=1")

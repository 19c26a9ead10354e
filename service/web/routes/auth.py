"""``/`` (sign-in form or the user's start page), ``POST /login``, ``POST /logout``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from service.audit import service as audit_service
from service.auth import service as auth_service
from service.auth import sessions, throttle
from service.deps import client_address, throttle_policy
from service.web import csrf
from service.web.pages import Ctx, PageContext, PageError, SignedIn, home_path, redirect, render
from service.web.pages import safe_next as _safe_next
from service.web.routes.sso import logout_at_provider

router = APIRouter()

FormText = Annotated[str, Form()]
#: Longer input is no token (tokens are ~70 characters); refused like any wrong token.
MAX_TOKEN = 512


def _client(ctx: PageContext) -> str:
    return client_address(ctx.request)


def check_csrf(ctx: PageContext, submitted: str) -> None:
    """The 403 page unless the form carried this session's CSRF token (refusals audited)."""
    if not csrf.valid(ctx.session, submitted):
        csrf.record_refusal(ctx.request, ctx.db, ctx.user, submitted)
        raise PageError(403, "error_csrf_title", "error_csrf_text")


@router.get("/")
def start(
    ctx: Ctx, next: str | None = None, expired: str | None = None, logged_out: str | None = None
) -> Response:
    """The sign-in form, or straight on to the signed-in user's start page."""
    if ctx.user is not None:
        return redirect(ctx, _safe_next(next) or home_path(ctx.user))
    notice = (
        "logged_out" if logged_out else "session_ended" if expired or ctx.session_lost else None
    )
    return login_page(ctx, next=_safe_next(next) or "", notice=notice, error=None)


def login_page(ctx: PageContext, status: int = 200, **values: object) -> Response:
    """The sign-in page: the identity provider's button and/or the token form."""
    settings = ctx.request.app.state.settings
    return render(
        ctx,
        "login.html",
        status=status,
        sso=settings.oidc_enabled,
        local_login=settings.local_login,
        **values,
    )


@router.post("/login")
def login(
    ctx: Ctx, token: FormText = "", csrf_token: FormText = "", next: FormText = ""
) -> Response:
    """Check the token; start a new session (new id, new CSRF token) and log the sign-in.

    A valid token always signs in. A wrong one counts towards the shared throttle (per client
    address and per token id); once that blocks, wrong tokens get 429 without further checks.
    """
    settings = ctx.request.app.state.settings
    if not settings.local_login:
        raise PageError(404, "error_404_title", "error_404_text")
    check_csrf(ctx, csrf_token)
    client = _client(ctx)
    token = token.strip()[: MAX_TOKEN + 1]
    user = None
    error = None
    if not token:
        error = "token_required"
    else:
        with ctx.db.read() as session:
            found = (
                auth_service.authenticate(db_session=session, token=token)
                if len(token) <= MAX_TOKEN
                else None
            )
            user = auth_service.get(db_session=session, user_id=found.id) if found else None
        if user is None:
            verdict = throttle.record_failure(
                ctx.db,
                policy=throttle_policy(settings),
                kind="login",
                client=client,
                token=token if len(token) <= MAX_TOKEN else None,
            )
            ctx.request.app.state.metrics.auth_failures.labels(
                "login", "throttled" if verdict.blocked else "refused"
            ).inc()
            if verdict.blocked and not verdict.newly_blocked:
                error = "too_many"
            else:
                audit_service.record(
                    ctx.db,
                    actor="anonymous",
                    action="web.login.failed",
                    target="web",
                    details={"client": client},
                )
                error = "too_many" if verdict.blocked else "login_failed"
    if error is not None:
        status = 429 if error == "too_many" else 400 if error == "token_required" else 401
        return login_page(ctx, status, next=_safe_next(next) or "", notice=None, error=error)
    assert user is not None
    audit_service.record(
        ctx.db,
        actor=user.name,
        action="web.login",
        target=f"user:{user.name}",
        details={"client": client, "role": user.role},
    )
    assert ctx.manager is not None
    ctx.session = ctx.manager.start(ctx.db, user, method=sessions.TOKEN, client=client)
    ctx.user = user
    return redirect(ctx, _safe_next(next) or home_path(user))


@router.post("/logout")
def logout(ctx: SignedIn, csrf_token: FormText = "") -> Response:
    """End the session (refused from now on, by every worker) and log the sign-out; a session
    of the identity provider is ended there too (RP-initiated logout)."""
    check_csrf(ctx, csrf_token)
    assert ctx.user is not None and ctx.manager is not None
    audit_service.record(
        ctx.db, actor=ctx.user.name, action="web.logout", target=f"user:{ctx.user.name}", details={}
    )
    record = ctx.manager.end(ctx.db, ctx.session, reason="logout")
    ctx.session, ctx.user = ctx.session.anonymous(), None
    if record is not None and record.method == sessions.OIDC:
        at_provider = logout_at_provider(ctx, record.id_token)
        if at_provider:
            return render(
                ctx,
                "continue.html",
                title_key="logout",
                message=ctx.t("sso_logging_out"),
                target=at_provider,
            )
    return redirect(ctx, "/?logged_out=1")

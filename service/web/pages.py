"""The request context of a page, rendering, redirects and the page errors.

Every page handler gets a :class:`PageContext` (session, user, language) through
:data:`Ctx` or :data:`SignedIn`, and answers with :func:`render` or :func:`redirect`; both
re-sign the session cookie (the idle timer restarts) and set the security headers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from rules import RuleSet
from rules.labels import format_date, format_number, label
from service.auth import sessions
from service.auth.models import User
from service.auth.roles import AUDIT_ROLES, CASE_ROLES, Role
from service.db.engine import Database
from service.demo import SIMULATED_CASEWORKER
from service.rulesets import service as ruleset_service
from service.rulesets.active import get_active_ruleset
from service.web import i18n
from service.web.config import WebConfig
from service.web.session import LANG_COOKIE, SessionManager, WebSession
from texts import format_percent, shown, text

log = logging.getLogger("service.web")

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HTML_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}

try:
    _LOCAL_TZ: ZoneInfo | None = ZoneInfo("Europe/Berlin")
except ZoneInfoNotFoundError:  # pragma: no cover - a system without tz data shows UTC
    _LOCAL_TZ = None

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
#: Decisions of the demo's simulated caseworker are marked wherever a page shows one.
_env.globals["simulated_actor"] = SIMULATED_CASEWORKER


class PageError(Exception):
    """Answer with the error page (``status``; texts by i18n key or given text)."""

    def __init__(
        self, status: int, title: str, text: str | None = None, message: str | None = None
    ) -> None:
        super().__init__(title)
        self.status, self.title, self.text, self.message = status, title, text, message


class LoginRequired(Exception):
    """No (valid) session: go to the login form, then back to ``next``."""

    def __init__(self, next_url: str, ended: bool, sso: bool = False) -> None:
        super().__init__(next_url)
        self.next_url, self.ended, self.sso = next_url, ended, sso


@dataclass
class PageContext:
    request: Request
    config: WebConfig
    manager: SessionManager | None
    session: WebSession
    lang: i18n.Lang
    lang_from_query: bool = False
    user: User | None = None
    session_lost: bool = False  # a signed-in session ended (revoked token, expired, logout)
    lost_method: str | None = None  # how the lost session had signed in
    extra_cookies: list[tuple[str, str]] = field(default_factory=list)

    @property
    def db(self) -> Database:
        return self.request.app.state.db

    def t(self, key: str, **values: object) -> str:
        return i18n.t(self.lang, key, **values)

    def has_role(self, *roles: Role) -> bool:
        return self.user is not None and Role(self.user.role) in roles

    def require(self, *roles: Role) -> User:
        """The user, if their role is one of ``roles``; the 403 page otherwise."""
        if self.user is None:
            raise LoginRequired(self.request.url.path, ended=False)
        if Role(self.user.role) not in roles:
            self.request.state.user = self.user  # the refusal is audited (issue #14, item 12)
            raise PageError(403, "error_403_title", "error_403_text")
        return self.user


def _load_user(db: Database, session: WebSession) -> User | None:
    """The session's user, while the session's row says it is valid (every worker asks the
    database: logout, expiry, revocation and token rotation count everywhere at once)."""
    if session.uid is None:
        return None
    with db.read() as db_session:
        active = sessions.lookup(db_session, session.sid)
    if active is None or active.user.id != session.uid:
        return None
    return active.user


def page_context(request: Request) -> PageContext:
    """The session, user and language of this request (a thread-pool dependency: one read)."""
    config: WebConfig = request.app.state.web_config
    query_lang = i18n.parse_lang(request.query_params.get("lang"))
    lang = query_lang or i18n.parse_lang(request.cookies.get(LANG_COOKIE)) or i18n.DEFAULT_LANG
    if not config.enabled:
        request.state.web_ctx = PageContext(request, config, None, WebSession.anonymous(), lang)
        log.error("web UI unavailable: %s", config.problem)
        raise PageError(503, "error_503_title", "error_503_text")
    manager: SessionManager = request.app.state.web_sessions
    session, refused = manager.load(request)
    ctx = PageContext(
        request,
        config,
        manager,
        session,
        lang,
        lang_from_query=bool(query_lang),
        session_lost=refused,
    )
    if session.signed_in:
        ctx.user = _load_user(ctx.db, session)
        if ctx.user is None:
            ctx.lost_method = session.method
            ctx.session, ctx.session_lost = WebSession.anonymous(), True
    request.state.web_ctx = ctx
    return ctx


def signed_in(ctx: Annotated[PageContext, Depends(page_context)]) -> PageContext:
    """The context of a signed-in user; otherwise off to the login form."""
    if ctx.user is None:
        target = ctx.request.url.path
        if ctx.request.url.query:
            target += "?" + ctx.request.url.query
        # A session of the identity provider that ran out (its token expired) signs in there
        # again by itself: with the provider's session alive the browser is back at once, with
        # the role and regions the provider holds now.
        sso = (
            ctx.lost_method == "oidc"
            and ctx.request.method == "GET"
            and ctx.request.app.state.settings.oidc_enabled
        )
        raise LoginRequired(target, ended=ctx.session_lost, sso=sso)
    return ctx


Ctx = Annotated[PageContext, Depends(page_context)]
SignedIn = Annotated[PageContext, Depends(signed_in)]


# ------------------------------------------------------------------------ rendering


def format_datetime(value: datetime | str | None, lang: str) -> str:
    """A point in time as people read it: local time if configured, else UTC, named."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if _LOCAL_TZ is not None and value.tzinfo is not None:
        value = value.astimezone(_LOCAL_TZ)
        zone = ""
    else:
        zone = " UTC"
    return value.strftime("%d.%m.%Y, %H:%M" if lang != "en" else "%Y-%m-%d %H:%M") + zone


def _date(value: date | str | None, lang: str) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_date(value, lang)


def nav_items(ctx: PageContext) -> list[tuple[str, str]]:
    """(path, text key) of the pages the user's role may open."""
    if ctx.user is None:
        return []
    role = Role(ctx.user.role)
    items: list[tuple[str, str]] = []
    if role in CASE_ROLES:
        items.append(("/queue", "nav_queue"))
        items.append(("/changes", "nav_changes"))
    elif role == Role.policy:
        items.append(("/queue", "nav_summary"))
    if role in ruleset_service.READ_ROLES:
        items.append(("/policy", "nav_policy"))
    if role in AUDIT_ROLES:
        items.append(("/audit", "nav_audit"))
    if role in (Role.policy, Role.auditor, Role.admin):
        items.append(("/monitoring", "nav_monitoring"))
        items.append(("/model", "nav_model"))
    if role in AUDIT_ROLES:
        items.append(("/export", "nav_export"))
    if role == Role.admin:
        items.append(("/erasure", "nav_erasure"))
    return items


def home_path(user: User) -> str:
    """Where a user lands after signing in."""
    role = Role(user.role)
    if role in CASE_ROLES:
        return "/queue"
    if role == Role.policy:
        return "/policy"
    return "/audit"


def url_for_query(path: str, **params: Any) -> str:
    """``path?k=v&…`` without empty values (lists repeat the key)."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None or value == "" or value is False:
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, str(item)))
    return path + ("?" + urlencode(pairs) if pairs else "")


def _lang_switch_url(request: Request, lang: str) -> str:
    other = "en" if lang == "de" else "de"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", other))
    return request.url.path + "?" + urlencode(params)


def _finish(ctx: PageContext, response: Response) -> Response:
    for name, value in HTML_HEADERS.items():
        response.headers[name] = value
    if ctx.manager is not None:
        ctx.manager.save(ctx.request, response, ctx.session)
    if ctx.lang_from_query:
        response.set_cookie(
            LANG_COOKIE,
            ctx.lang,
            max_age=365 * 24 * 3600,
            path="/",
            httponly=True,
            samesite="strict",
            secure=ctx.manager.is_secure(ctx.request) if ctx.manager else False,
        )
    return response


def format_ratio(value: float | None, lang: str) -> str:
    """A ratio with two decimals (``0,85`` / ``0.85``), ``–`` for none."""
    if value is None:
        return "–"
    return f"{value:.2f}".replace(".", ",") if lang != "en" else f"{value:.2f}"


def shown_in(value: str | None, lang: str) -> str:
    """A stored value (a person's words, or a :func:`texts.coded` text) in ``lang``."""
    return shown(value, lang)


def render(ctx: PageContext, template: str, status: int = 200, **values: Any) -> Response:
    """The page ``template`` with the layout's context (user, navigation, texts, CSRF token)."""
    lang = ctx.lang
    user = ctx.user
    html = _env.get_template(template).render(
        t=ctx.t,
        lang=lang,
        user=user,
        ctx=ctx,
        nav=nav_items(ctx),
        role_label=(ctx.t(f"roles.{user.role}") if user else ""),
        csrf_token=ctx.session.csrf,
        path=ctx.request.url.path,
        lang_switch_url=_lang_switch_url(ctx.request, lang),
        fdate=partial(_date, lang=lang),
        fdatetime=partial(format_datetime, lang=lang),
        fnum=partial(format_number, lang=lang),
        fpercent=partial(format_percent, lang=lang),
        fratio=partial(format_ratio, lang=lang),
        label=partial(label, lang=lang),
        tx=lambda key, **v: text(key, lang, **v),
        shown=partial(shown_in, lang=lang),
        url=url_for_query,
        **values,
    )
    return _finish(ctx, HTMLResponse(html, status_code=status))


def redirect(ctx: PageContext, location: str) -> Response:
    """303 See Other to a path of this site (after a POST, or to the login form), or to the
    identity provider."""
    return _finish(ctx, RedirectResponse(location, status_code=303))


def safe_next(value: str | None) -> str | None:
    """A local path to return to after sign-in, or ``None`` (no open redirects)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    if any(ord(c) < 32 for c in value):
        return None
    return value


def active_ruleset(ctx: PageContext) -> RuleSet:
    """The rule set in force, exactly as the API's dependency finds it."""
    settings = ctx.request.app.state.settings
    with ctx.db.read() as db_session:
        return get_active_ruleset(db_session, name=settings.ruleset)

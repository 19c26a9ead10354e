"""The web UI: server-rendered German pages (English on request) in the API's app.

:func:`install` mounts the pages, the static files and the page error handlers on an app made by
:func:`service.main.create_app`. Pages call the same service functions as the API, under the
same role and region rules.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import errors
from service.settings import Settings
from service.web import pages
from service.web.config import WebConfig, WebSettings, resolve
from service.web.session import SessionManager

STATIC = Path(__file__).resolve().parents[1] / "static"


def configure(app: FastAPI, config: WebConfig) -> None:
    """Use ``config`` from now on (tests switch cookie and timeout settings with it)."""
    app.state.web_config = config
    app.state.web_sessions = SessionManager(config) if config.enabled else None


def install(app: FastAPI, settings: Settings, web: WebSettings | None = None) -> None:
    """Mount the pages and ``/static`` on ``app``."""
    from service.web.routes import router

    configure(app, resolve(settings, web))
    app.include_router(router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(pages.PageError, _page_error)
    app.add_exception_handler(pages.LoginRequired, _login_required)
    app.add_exception_handler(StarletteHTTPException, _http_error)


def _context(request: Request) -> pages.PageContext:
    ctx = getattr(request.state, "web_ctx", None)
    if ctx is None:  # an error before any page ran (unknown path): build it now
        try:
            ctx = pages.page_context(request)
        except pages.PageError:
            ctx = request.state.web_ctx
    return ctx


#: Paths whose errors stay JSON (the API and the probes), whatever the client accepts.
_JSON_PREFIXES = ("/api/", "/healthz", "/readyz", "/metrics", "/static/")


async def _http_error(request: Request, error: Exception) -> Response:
    """Errors of the pages as HTML pages; the API keeps FastAPI's JSON errors."""
    assert isinstance(error, StarletteHTTPException)
    unreadable = errors.unparsable_body(error)  # issue #14, item 11: 422, not a bare 400
    if unreadable is not None:
        return unreadable
    await errors.audit_denied(request, error)  # issue #14, item 12: refusals are on record
    wants_html = "text/html" in request.headers.get("accept", "")
    if (
        request.url.path.startswith(_JSON_PREFIXES)
        or not wants_html
        or error.status_code not in (403, 404, 405)
    ):
        return await http_exception_handler(request, error)
    ctx = _context(request)
    title = "error_403_title" if error.status_code == 403 else "error_404_title"
    text = "error_403_text" if error.status_code == 403 else "error_404_text"
    return pages.render(
        ctx, "error.html", status=error.status_code, title_key=title, text_key=text, message=None
    )


async def _page_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, pages.PageError)
    await errors.audit_denied(request, error)  # a page refused to a signed-in role (403)
    ctx = _context(request)
    return pages.render(
        ctx,
        "error.html",
        status=error.status,
        title_key=error.title,
        text_key=error.text,
        message=error.message,
    )


async def _login_required(request: Request, error: Exception) -> Response:
    assert isinstance(error, pages.LoginRequired)
    ctx = _context(request)
    if error.sso:
        return pages.redirect(ctx, pages.url_for_query("/auth/login", next=error.next_url))
    return pages.redirect(
        ctx, pages.url_for_query("/", next=error.next_url, expired=1 if error.ended else None)
    )

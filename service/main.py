"""The FastAPI application: ``create_app(settings)``; ``triage serve`` runs it under uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from cases.model import Case
from service import errors
from service.access.views import router as access_router
from service.audit.views import router as audit_router
from service.auth import oidc
from service.auth.views import admin as users_router
from service.auth.views import router as me_router
from service.cases.models import ImportRejected
from service.cases.views import router as cases_router
from service.changes.event_views import EventsRejectedRead
from service.changes.event_views import router as events_router
from service.changes.feed_views import router as feed_router
from service.changes.schedule import Schedule
from service.changes.schedule import follow as schedule_follow
from service.changes.views import router as changes_router
from service.compliance.views import router as compliance_router
from service.db import migrate
from service.db.engine import Database
from service.decisions.views import router as decisions_router
from service.erasure.views import router as erasure_router
from service.explanations.views import router as explanations_router
from service.health.metrics import Metrics, MetricsMiddleware
from service.health.views import router as health_router
from service.limits import BodyLimitMiddleware
from service.model import sync as model_sync
from service.model.views import router as model_router
from service.model_runtime import load_model_runtime
from service.monitoring.views import router as monitoring_router
from service.queue.caseload import CaseloadCache
from service.queue.views import router as queue_router
from service.rulesets.active import get_active_ruleset
from service.rulesets.views import router as rulesets_router
from service.scoring.audit_batch import ScoreAuditor
from service.scoring.views import router as score_router
from service.settings import Settings, get_settings
from service.web import install as install_web_ui

API_PREFIX = "/api/v1"

DESCRIPTION = """
Regelbasierte, erklärbare Priorisierung der Fallliste der Regionalen Rückkehrkoordinationsstellen
(RRK) in NRW. **Menschen entscheiden**: die Liste ordnet Fälle zur Prüfung und begründet jede
Einstufung; sie ist keine Entscheidung und keine Empfehlung über aufenthaltsbeendende Maßnahmen.

Rules-based, explainable prioritisation of RRK case queues. Humans decide. Authenticate with
`Authorization: Bearer <token>` (`triage users add`). All data in this project is synthetic.
"""


class Message(BaseModel):
    detail: str


PROTECTED_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": Message, "description": "No token, or an unknown or revoked one."},
    403: {"model": Message, "description": "The caller's role may not use this route."},
    503: {"model": Message, "description": "Database unreachable; retry (Retry-After)."},
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus the SPEC case record, which raw-body routes refer to."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    _, defs = models_json_schema(
        [
            (Case, "validation"),
            (ImportRejected, "serialization"),
            (EventsRejectedRead, "serialization"),
        ],
        ref_template="#/components/schemas/{model}",
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in defs.get("$defs", {}).items():
        components.setdefault(name, definition)
    app.openapi_schema = schema
    return schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    db = Database(
        settings.sqlalchemy_url,
        connect_timeout=settings.db_connect_timeout,
        pool_size=settings.db_pool_size,
        audit_key=settings.audit_key_in_force(),
        # A SQLite file is created only where the schema is applied at start (the demo);
        # otherwise it must exist: `triage db upgrade` makes it (issue #14, item 8).
        create=settings.migrate_on_start,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            migrate.upgrade(db.engine)
        # Follow model reloads made by other workers (and a model published before we started).
        follower = asyncio.create_task(model_sync.follow(app, settings.sync_seconds))
        tasks = [follower]
        schedule = Schedule.of(settings.sweep_at, settings.sweep_timezone)
        if schedule is not None:  # the daily calendar sweep, one worker of many runs it
            sweeper = schedule_follow(db, schedule, ruleset_name=settings.ruleset)
            tasks.append(asyncio.create_task(sweeper))
        # What exists now (modules, app, rule sets) lives as long as the process: keep it out
        # of the cyclic collector, whose full passes over it stalled every request for hundreds
        # of milliseconds (the p99 of /score, issue #13; docs/performance.md).
        gc.freeze()
        yield
        gc.unfreeze()
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        db.dispose()

    app = FastAPI(
        title="rrk-triage",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )  # Swagger UI loads from a CDN
    app.state.settings = settings
    app.state.db = db
    app.state.caseloads = CaseloadCache()
    app.state.score_auditor = ScoreAuditor(db)
    app.state.model_runtime = load_model_runtime(
        settings, ruleset=get_active_ruleset(None, name=settings.ruleset)
    )
    app.state.model_generation = 0
    app.state.identity_provider = oidc.provider_for(settings)
    app.state.metrics = Metrics()
    app.state.metrics.model_ready.set(1 if app.state.model_runtime.available else 0)
    errors.install(app)

    api = APIRouter(prefix=API_PREFIX)
    for router in (
        cases_router,
        changes_router,
        events_router,
        feed_router,
        explanations_router,
        decisions_router,
        queue_router,
        score_router,
        rulesets_router,
        audit_router,
        users_router,
        me_router,
        model_router,
        monitoring_router,
        erasure_router,
        access_router,
        compliance_router,
    ):
        api.include_router(router, responses=PROTECTED_RESPONSES)
    api.include_router(health_router)
    app.include_router(api)
    # Probes also at the root, where orchestrators look for them by default.
    app.include_router(health_router, include_in_schema=False)
    install_web_ui(app, settings)  # the pages (issue #7): "/", /queue, /cases, /policy, /audit
    # Inside the metrics middleware, so that a refused body is counted and gets its headers.
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_body_bytes,
        upload_limit=settings.max_import_bytes,
    )
    app.add_middleware(
        MetricsMiddleware, metrics=app.state.metrics, hsts_seconds=settings.hsts_seconds
    )
    proxies = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    if proxies:  # client address and scheme from X-Forwarded-* of these proxies only
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=proxies)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def app_factory() -> FastAPI:
    """Entry point for ``uvicorn --factory service.main:app_factory``.

    A refused configuration is one sentence per problem on stderr, in the words of the command
    line (:mod:`service.config_errors`), and the worker ends with exit code 1 (no traceback)."""
    from pydantic import ValidationError

    from service.config_errors import ConfigProblem, messages, server_lang
    from texts import text as catalogue_text

    try:
        return create_app(get_settings())
    except (ValidationError, ConfigProblem) as error:
        lang = server_lang()
        for message in messages(error, lang):
            print(catalogue_text("cli.error", lang, message=message), file=sys.stderr)
        raise SystemExit(1) from None

"""``/healthz`` (process alive), ``/readyz`` (database reachable, schema current), ``/metrics``."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.db import migrate
from service.deps import DatabaseDep, ModelDep
from service.language import ReaderLang
from texts import text as said

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    database: str
    schema_revision: str | None = None
    model: str
    detail: str | None = None


@router.get("/healthz", response_model=Health, summary="Liveness")
def healthz() -> Health:
    """The process answers (no database access)."""
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Readiness",
    responses={503: {"model": Readiness, "description": "Not ready."}},
)
def readyz(db: DatabaseDep, model: ModelDep, lang: ReaderLang) -> Response:
    """Ready when the database answers, its schema is at the newest migration and, on SQLite,
    the file is still the one opened at start and writable (issue #14, item 8)."""
    problem = db.file.problem() if db.file is not None else None
    if problem is not None:
        assert db.file is not None
        key = {"gone": "db_file_gone", "replaced": "db_file_replaced"}.get(
            problem, "db_file_read_only"
        )
        body = Readiness(
            status="unavailable",
            database=problem,
            model=model.status,
            detail=said(f"security.{key}", lang, path=db.file.path.name),
        )
        return JSONResponse(body.model_dump(), status_code=503)
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        revision = migrate.current_revision(db.engine)
    except SQLAlchemyError:
        body = Readiness(
            status="unavailable",
            database="unreachable",
            model=model.status,
            detail=said("api.db_unavailable", lang),
        )
        return JSONResponse(body.model_dump(), status_code=503)
    head = migrate.head_revision()
    if revision != head:
        body = Readiness(
            status="unavailable",
            database="reachable",
            schema_revision=revision,
            model=model.status,
            detail=said("api.schema_behind", lang, revision=revision, head=head),
        )
        return JSONResponse(body.model_dump(), status_code=503)
    return JSONResponse(
        Readiness(
            status="ready", database="reachable", schema_revision=revision, model=model.status
        ).model_dump()
    )


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST.split(";")[0]: {"schema": {"type": "string"}}}}
    },
)
def metrics(request: Request) -> Response:
    """Counters and latency histograms per route (no personal data)."""
    registry = request.app.state.metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

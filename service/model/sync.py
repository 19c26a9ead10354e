"""One model for every worker: a reload on one worker is followed by all within seconds.

``POST /model/reload`` loads the champion in the worker that got the request and, when that
succeeded, publishes the exact version it loaded (``models:/<name>/<version>``) as a new
generation in the ``model_state`` row. Every worker runs :func:`follow` in the background: every
``TRIAGE_SYNC_SECONDS`` (2 s) it reads that row (one primary-key read) and, when the generation
moved, loads the published version in a thread — the requests in flight keep the model they
started with. A worker that starts later picks the published version up at its first look.
A load that fails keeps the model in use and is retried at the next generation only.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from service.db.base import utcnow
from service.db.engine import Database
from service.model.models import ModelState
from service.model_runtime import load_model_runtime
from service.rulesets.active import get_active_ruleset

log = logging.getLogger(__name__)

STATE_ID = 1


@dataclass(frozen=True)
class Published:
    generation: int
    uri: str | None


def published(db: Database) -> Published:
    """The newest generation and the model version it pins (generation 0: none published)."""
    with db.read() as session:
        row = session.execute(
            select(ModelState.generation, ModelState.uri).where(ModelState.id == STATE_ID)
        ).first()
    return Published(row.generation, row.uri) if row else Published(0, None)


def publish(db_session: Session, *, uri: str, actor: str) -> int:
    """Make ``uri`` the model of every worker; returns the new generation."""
    row = db_session.scalars(
        select(ModelState).where(ModelState.id == STATE_ID).with_for_update()
    ).first()
    if row is None:
        row = ModelState(id=STATE_ID, generation=0)
        db_session.add(row)
    row.generation += 1
    row.uri, row.reloaded_at, row.reloaded_by = uri, utcnow(), actor[:80]
    db_session.flush()
    return row.generation


def adopt(app: FastAPI, state: Published) -> None:
    """Load the published model in this worker (keeps the current one when that fails)."""
    settings = app.state.settings
    current = app.state.model_runtime
    if state.uri and state.uri != current.uri:
        with app.state.db.read() as session:
            ruleset = get_active_ruleset(session, name=settings.ruleset)
        runtime = load_model_runtime(settings, ruleset=ruleset, previous=current, uri=state.uri)
        app.state.model_runtime = runtime
        app.state.metrics.model_ready.set(1 if runtime.available else 0)
        log.info("model of generation %d in use: %s", state.generation, runtime.uri)
    app.state.model_generation = state.generation


async def follow(app: FastAPI, interval: float) -> None:
    """Background task of each worker: adopt every newly published model."""
    while True:
        try:
            state = await asyncio.to_thread(published, app.state.db)
            if state.generation != getattr(app.state, "model_generation", 0):
                await asyncio.to_thread(adopt, app, state)
        except SQLAlchemyError as error:  # database away: try again next time
            log.warning("model state not readable: %s", str(error).splitlines()[0])
        await asyncio.sleep(interval)

"""``/model``: which points model is in use, and reloading the champion (admin)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel, Field

from service.audit import chain
from service.auth.roles import Role
from service.deps import ActiveRuleset, CurrentUser, DatabaseDep, ModelDep, SettingsDep, allow
from service.language import ReaderLang
from service.model import sync
from service.model_runtime import load_model_runtime
from service.params import TEXT_PATTERN

router = APIRouter(prefix="/model", tags=["model"])


class ModelStatus(BaseModel):
    """The model in use, or why there is none (the queue then follows the rules alone)."""

    status: str = Field(description="ready or unavailable")
    name: str | None = None
    version: str | None = None
    uri: str | None = None
    message: str
    last_error: str | None = None
    metrics: dict[str, Any] | None = None
    features: list[str] | None = None
    points_table: list[dict[str, Any]] | None = None
    intercept_points: int | None = None
    ruleset: dict[str, Any] | None = None
    trained_at: str | None = None
    gates_passed: bool | None = None
    label_source: str | None = Field(
        default=None,
        description="decisions (recorded human decisions) or simulated (a simulated history: "
        "demo only)",
    )
    data_description: str | None = None
    fairness_justification: str | None = Field(
        default=None,
        description="Why the fairness gate passed although a selection-rate ratio is below "
        "0.8: a written justification, or the significance test's figures.",
    )


@router.get("", response_model=ModelStatus, summary="The points model in use")
def model_status(user: CurrentUser, model: ModelDep, lang: ReaderLang) -> ModelStatus:
    """Status, version, metrics and the points table (no personal data); ``message`` in the
    reader's language (``?lang=``, ``Accept-Language``, else German)."""
    del user
    return ModelStatus(**model.describe(lang))


@router.post(
    "/reload",
    response_model=ModelStatus,
    summary="Reload the champion model",
    dependencies=[Depends(allow([Role.admin]))],
)
def reload_model(
    request: Request,
    user: CurrentUser,
    db: DatabaseDep,
    settings: SettingsDep,
    model: ModelDep,
    ruleset: ActiveRuleset,
    lang: ReaderLang,
    reason: Annotated[
        str | None,
        Body(
            embed=True,
            max_length=2000,
            pattern=TEXT_PATTERN,
            description="Why the model is reloaded (in the audit entry; issue #14).",
        ),
    ] = None,
) -> ModelStatus:
    """Load ``models:/amit-priority@champion`` again. An unavailable, incompatible or
    corrupted model is refused and the previous one stays in use. A loaded model is published
    to every worker (each loads the same version within ``TRIAGE_SYNC_SECONDS``)."""
    runtime = load_model_runtime(settings, ruleset=ruleset, previous=model)
    request.app.state.model_runtime = runtime
    request.app.state.metrics.model_ready.set(1 if runtime.available else 0)
    described = runtime.describe(lang)
    loaded = runtime.available and runtime is not model
    details: dict[str, object] = {
        "status": runtime.status,
        "version": runtime.version,
        "kept_previous": runtime is model and model.available,
        "error": runtime.last_error,
    }
    with db.write() as session:
        chain.lock(session)
        if loaded and runtime.uri:
            generation = sync.publish(session, uri=runtime.uri, actor=user.name)
            details["generation"] = request.app.state.model_generation = generation
        chain.append(
            session,
            actor=user.name,
            action="model.reload",
            target="model",
            details=details,
            reason=reason,
        )
    return ModelStatus(**described)

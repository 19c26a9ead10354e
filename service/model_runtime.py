"""The optional points model inside the service: loaded at start and on reload, never required.

The service loads ``models:/amit-priority@champion`` (``TRIAGE_MODEL_URI``) from the MLflow
store (``MLFLOW_TRACKING_URI``, default ``sqlite:///mlflow.db``). Whatever goes wrong — store
unreachable, no champion, an incompatible or corrupted model, a scoring error — the service
keeps running on the rules alone and says ``model: unavailable`` with the reason. A reload that
fails keeps the model that was loaded before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import date
from typing import Any

from cases.model import Case
from rules import RuleSet
from rules.interpreter import CaseResult
from service.settings import Settings
from texts import has, text

log = logging.getLogger(__name__)


class ModelRuntime:
    """A loaded points model (a :class:`models.runtime.ModelHandle`), or its absence."""

    def __init__(
        self,
        *,
        handle: Any = None,
        status: str = "unavailable",
        message: tuple[str, dict[str, str]] | None = None,
        uri: str | None = None,
    ) -> None:
        self.handle = handle
        self.status = status if handle is None else "ready"
        self.uri = uri
        #: What to say about the model: a catalogue key (``api.model.*``) and its values, said
        #: in the reader's language by :meth:`describe`.
        self.said = message or (
            ("api.model.rules_only", {})
            if handle is None
            else ("api.model.loaded", {"uri": uri or "–"})
        )
        self.last_error: str | None = None
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self.handle is not None

    @property
    def name(self) -> str | None:
        return getattr(self.handle, "name", None)

    @property
    def version(self) -> str | None:
        return getattr(self.handle, "version", None)

    def points(
        self,
        cases: Sequence[Case],
        as_of: date,
        *,
        results: Sequence[CaseResult] | None = None,
        ruleset: RuleSet | None = None,
    ) -> dict[str, dict[str, Any]] | None:
        """Per case id: total points, probability, points per factor and reasons.

        From the model's points table; ``results`` (the caller's evaluation of ``cases`` at
        ``as_of`` by ``ruleset``) spare a second evaluation when the rule set derives the
        model's features. ``None`` without a model, or when scoring fails (logged; the rules
        still stand).
        """
        if self.handle is None or not cases:
            return None
        from models.errors import ModelError

        try:
            scores = self.handle.score(list(cases), as_of, results=results, ruleset=ruleset)
        except ModelError as error:
            self.last_error = str(error)
            log.warning("model scoring failed, rules only: %s", error)
            return None
        return {s.case_id: s.as_dict() for s in scores}

    def message(self, lang: str = "de") -> str:
        """What the status means, in ``lang``."""
        key, values = self.said
        return text(key, lang, **values)

    def describe(self, lang: str = "de") -> dict[str, Any]:
        """Status, version and what it means (``message``, in ``lang``); metrics and the
        points table when a model is loaded."""
        out: dict[str, Any] = {
            "status": self.status,
            "name": self.name,
            "version": self.version,
            "uri": self.uri,
            "message": self.message(lang),
            "last_error": self.last_error,
        }
        if self.handle is not None:
            info = self.handle.info()
            out.update(
                {
                    "metrics": info.get("metrics"),
                    "features": info.get("features"),
                    "points_table": info.get("points_table"),
                    "intercept_points": info.get("intercept_points"),
                    "ruleset": info.get("ruleset"),
                    "trained_at": info.get("trained_at"),
                    "gates_passed": info.get("gates_passed"),
                    "label_source": info.get("label_source"),
                    "data_description": info.get("data_description"),
                    "fairness_justification": info.get("fairness_justification"),
                }
            )
        return out


def load_model_runtime(
    settings: Settings,
    *,
    ruleset: RuleSet | None = None,
    previous: ModelRuntime | None = None,
    uri: str | None = None,
) -> ModelRuntime:
    """Load the configured model (or ``uri``, the exact version another worker loaded); on any
    failure keep ``previous`` (if it had a model).

    Never raises: the service must not fail because of the model.
    """
    model_uri = uri or settings.model_uri
    if not model_uri:
        return ModelRuntime(
            status="unavailable",
            message=("api.model.not_configured", {}),
        )
    try:
        from models.errors import ModelError
        from models.runtime import load_model

        handle = load_model(model_uri, tracking_uri=settings.mlflow_tracking_uri, ruleset=ruleset)
    except Exception as error:  # ModelError or anything the store throws
        known = "ModelError" in {c.__name__ for c in type(error).__mro__}
        reason = str(error) if known else f"{type(error).__name__}: {error}"
        # the console line (a warning: `triage demo --no-train` shows it) in the reader's
        # language, the technical reason for developers in English one level below
        from service.cli.language import current

        kind = getattr(error, "reason", "error") if known else "error"
        why = text(
            f"api.model.why.{kind}" if has(f"api.model.why.{kind}") else "api.model.why.error",
            current(),
        )
        log.warning(text("api.model.not_loaded", current(), uri=model_uri, why=why))
        log.info("points model not loaded (%s): %s", model_uri, reason)
        if previous is not None and previous.available:
            previous.last_error = f"reload refused, previous model kept: {reason}"
            return previous
        return ModelRuntime(
            status="unavailable",
            uri=model_uri,
            message=("api.model.unavailable", {"reason": reason}),
        )
    del ModelError
    log.info("points model loaded: %s", handle.uri)
    return ModelRuntime(
        handle=handle, uri=handle.uri, message=("api.model.loaded", {"uri": str(handle.uri)})
    )
